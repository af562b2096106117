/* test-normalize.c: profile tiktok-v1 on tricky cells: spaces, placeholders, Unicode, MAIDs, hashes */
#include "config.h"

#include "core/i18n.h"
#include "core/normalize.h"

static void
test_trim (void)
{
  const struct
  {
    const char *input;
    gboolean    present;
    const char *trimmed;
  } cases[] = {
    { "  a@b.fr\t", TRUE, "a@b.fr" },
    { "\xc2\xa0" "a@b.fr" "\xe2\x80\xaf", TRUE, "a@b.fr" },
    { "\xef\xbb\xbf" "a@b.fr" "\xe2\x80\x8b", TRUE, "a@b.fr" },
    { "\xe2\x80\x87x\xe2\x80\x87", TRUE, "x" },
    { "a b", TRUE, "a b" },
    { "", FALSE, "" },
    { "   ", FALSE, "" },
    { "\xc2\xa0\xc2\xa0", FALSE, "" },
    { "-", FALSE, "-" },
    { " N/A ", FALSE, "N/A" },
    { "na", FALSE, "na" },
    { "NULL", FALSE, "NULL" },
    { "None", FALSE, "None" },
    { "#N/A", FALSE, "#N/A" },
    { "--", TRUE, "--" },
    { "nan", TRUE, "nan" },
    { "\xff\xfe", TRUE, "\xff\xfe" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *start;
      gsize length;
      gboolean present = cohort_normalize_trim (cases[i].input, strlen (cases[i].input), &start, &length);
      g_autofree char *trimmed = g_strndup (start, length);

      g_test_message ("«%s»", cases[i].input);
      g_assert_cmpint (present, ==, cases[i].present);
      g_assert_cmpstr (trimmed, ==, cases[i].trimmed);
    }
}

static void
test_email (void)
{
  const struct
  {
    const char   *input;
    gboolean      gmail_dots;
    CohortReason  reason;
    const char   *output;
  } cases[] = {
    { "Jean.Dupont@Exemple.FR", FALSE, COHORT_REASON_OK, "jean.dupont@exemple.fr" },
    { "  jean.0@outlook.fr ", FALSE, COHORT_REASON_OK, "jean.0@outlook.fr" },
    { "\"Jean Dupont\" <Jean@Exemple.fr>", FALSE, COHORT_REASON_OK, "jean@exemple.fr" },
    { "a <b@c.d> <E@F.GH>", FALSE, COHORT_REASON_OK, "e@f.gh" },
    { "ÉLODIE@Exemple.fr", FALSE, COHORT_REASON_OK, "élodie@exemple.fr" },
    /* NFD (e + combining acute) composes to NFC. */
    { "E\xcc\x81lodie@exemple.fr", FALSE, COHORT_REASON_OK, "élodie@exemple.fr" },
    { "ÅSA@EXEMPEL.SE", FALSE, COHORT_REASON_OK, "åsa@exempel.se" },
    { "user+tag@example.com", FALSE, COHORT_REASON_OK, "user+tag@example.com" },
    { "J.Doe@GMail.com", TRUE, COHORT_REASON_OK, "jdoe@gmail.com" },
    { "j.doe@googlemail.com", TRUE, COHORT_REASON_OK, "jdoe@googlemail.com" },
    { "j.doe@gmail.com", FALSE, COHORT_REASON_OK, "j.doe@gmail.com" },
    { "j.doe@example.com", TRUE, COHORT_REASON_OK, "j.doe@example.com" },
    { "a@b.c", FALSE, COHORT_REASON_OK, "a@b.c" },
    { "a@b", FALSE, COHORT_REASON_EMAIL_INVALID, "" },
    { "a@@b.c", FALSE, COHORT_REASON_EMAIL_INVALID, "" },
    { "a@b@c.d", FALSE, COHORT_REASON_EMAIL_INVALID, "" },
    { "@b.c", FALSE, COHORT_REASON_EMAIL_INVALID, "" },
    { "abc", FALSE, COHORT_REASON_EMAIL_INVALID, "" },
    { "a@.b.c", FALSE, COHORT_REASON_EMAIL_INVALID, "" },
    { "a@b..c", FALSE, COHORT_REASON_EMAIL_INVALID, "" },
    { "a@b.c.", FALSE, COHORT_REASON_EMAIL_INVALID, "" },
    { "a b@c.d", FALSE, COHORT_REASON_EMAIL_INVALID, "" },
    { "a\xc2\xa0" "b@c.dé", FALSE, COHORT_REASON_EMAIL_INVALID, "" },
    { "a\xffz@b.c", FALSE, COHORT_REASON_EMAIL_INVALID, "" },
    { "<>", FALSE, COHORT_REASON_EMAIL_INVALID, "" },
  };
  g_autoptr (GString) out = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      CohortNormalizeOptions options = { .email_gmail_dots = cases[i].gmail_dots };
      CohortReason reason = cohort_normalize_email (cases[i].input, strlen (cases[i].input), &options, out);

      g_test_message ("«%s»", cases[i].input);
      g_assert_cmpint (reason, ==, cases[i].reason);
      g_assert_cmpstr (out->str, ==, cases[i].output);
    }
}

static void
test_maid (void)
{
  const struct
  {
    CohortIdentity  identity;
    const char     *input;
    gboolean        upper;
    CohortReason    reason;
    const char     *output;
  } cases[] = {
    { COHORT_IDENTITY_GAID, "FE175330-A11D-459A-AF97-8D8719999E3F", FALSE, COHORT_REASON_OK,
      "fe175330-a11d-459a-af97-8d8719999e3f" },
    { COHORT_IDENTITY_GAID, " fe175330a11d459aaf978d8719999e3f ", FALSE, COHORT_REASON_OK,
      "fe175330-a11d-459a-af97-8d8719999e3f" },
    { COHORT_IDENTITY_IDFA, "1ef2a4f0-4be0-4db0-9c25-74bdb94067ed", TRUE, COHORT_REASON_OK,
      "1EF2A4F0-4BE0-4DB0-9C25-74BDB94067ED" },
    { COHORT_IDENTITY_GAID, "1ef2a4f0-4be0-4db0-9c25-74bdb94067ed", TRUE, COHORT_REASON_OK,
      "1ef2a4f0-4be0-4db0-9c25-74bdb94067ed" },
    { COHORT_IDENTITY_IDFA, "00000000-0000-0000-0000-000000000000", FALSE, COHORT_REASON_MAID_OPTED_OUT, "" },
    { COHORT_IDENTITY_GAID, "00000000000000000000000000000000", FALSE, COHORT_REASON_MAID_OPTED_OUT, "" },
    { COHORT_IDENTITY_GAID, "fe175330-a11d-459a-af97-8d8719999e3", FALSE, COHORT_REASON_MAID_INVALID, "" },
    { COHORT_IDENTITY_GAID, "fe175330-a11d-459a-af97-8d8719999e3ff", FALSE, COHORT_REASON_MAID_INVALID, "" },
    { COHORT_IDENTITY_GAID, "ge175330-a11d-459a-af97-8d8719999e3f", FALSE, COHORT_REASON_MAID_INVALID, "" },
    { COHORT_IDENTITY_GAID, "fe175330_a11d_459a_af97_8d8719999e3f", FALSE, COHORT_REASON_MAID_INVALID, "" },
    { COHORT_IDENTITY_GAID, "fe175330-a11d459a-af97-8d8719999e3f0", FALSE, COHORT_REASON_MAID_INVALID, "" },
    { COHORT_IDENTITY_IDFA, "not an id", FALSE, COHORT_REASON_MAID_INVALID, "" },
  };
  g_autoptr (GString) out = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      CohortNormalizeOptions options = { .idfa_uppercase = cases[i].upper };
      CohortReason reason = cohort_normalize_maid (cases[i].identity, cases[i].input,
                                                   strlen (cases[i].input), &options, out);

      g_test_message ("«%s»", cases[i].input);
      g_assert_cmpint (reason, ==, cases[i].reason);
      g_assert_cmpstr (out->str, ==, cases[i].output);
    }
}

static void
test_hashes (void)
{
  guint8 hash[32];
  char hex[65];

  cohort_sha256 ("abc", 3, hash);
  cohort_hex_encode (hash, 32, hex);
  g_assert_cmpstr (hex, ==, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");

  cohort_sha256 ("élodie@exemple.fr", strlen ("élodie@exemple.fr"), hash);
  cohort_hex_encode (hash, 32, hex);
  g_assert_cmpstr (hex, ==, "f34116fa1fa2ab3840367c97ac2fc11e9e811bc3c424a1361abfc3d719c18e8c");

  /* Pre-hashed, upper case: decoded as is, never hashed again. */
  g_assert_true (cohort_is_sha256_hex ("6AE70714CA3D84E03E584E4CC0B1743D32FE8CB833E6419E4E6651D9E0BE56A6", 64));
  g_assert_cmpint (cohort_normalize_prehashed (" 6AE70714CA3D84E03E584E4CC0B1743D32FE8CB833E6419E4E6651D9E0BE56A6 ",
                                               66, hash), ==, COHORT_REASON_OK);
  cohort_hex_encode (hash, 32, hex);
  g_assert_cmpstr (hex, ==, "6ae70714ca3d84e03e584e4cc0b1743d32fe8cb833e6419e4e6651d9e0be56a6");

  g_assert_cmpint (cohort_normalize_prehashed ("E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855",
                                               64, hash), ==, COHORT_REASON_HASH_INVALID);
  g_assert_false (cohort_is_sha256_hex ("6ae70714ca3d84e03e584e4cc0b1743d32fe8cb833e6419e4e6651d9e0be56a", 63));
  g_assert_cmpint (cohort_normalize_prehashed ("6ae70714ca3d84e03e584e4cc0b1743d32fe8cb833e6419e4e6651d9e0be56a", 63, hash),
                   ==, COHORT_REASON_HASH_INVALID);
  g_assert_cmpint (cohort_normalize_prehashed ("6ae70714ca3d84e03e584e4cc0b1743d32fe8cb833e6419e4e6651d9e0be56a6a", 65, hash),
                   ==, COHORT_REASON_HASH_INVALID);
  g_assert_cmpint (cohort_normalize_prehashed ("zae70714ca3d84e03e584e4cc0b1743d32fe8cb833e6419e4e6651d9e0be56a6", 64, hash),
                   ==, COHORT_REASON_HASH_INVALID);
}

static void
test_reasons (void)
{
  for (CohortReason r = COHORT_REASON_OK; r < COHORT_N_REASONS; r++)
    {
      g_assert_nonnull (cohort_reason_to_code (r));
      g_assert_nonnull (cohort_reason_describe (r));
    }
  g_assert_cmpstr (cohort_reason_to_code (COHORT_REASON_PHONE_NO_COUNTRY), ==, "phone_no_country");
  g_assert_cmpstr (cohort_reason_to_code (COHORT_REASON_MAID_OPTED_OUT), ==, "maid_opted_out");
}

int
main (int   argc,
      char *argv[])
{
  cohort_i18n_init ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/normalize/trim", test_trim);
  g_test_add_func ("/normalize/email", test_email);
  g_test_add_func ("/normalize/maid", test_maid);
  g_test_add_func ("/normalize/hashes", test_hashes);
  g_test_add_func ("/normalize/reasons", test_reasons);

  return g_test_run ();
}
