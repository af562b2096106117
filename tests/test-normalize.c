/* test-normalize.c: profile tiktok-v1 on tricky cells: spaces, placeholders, Unicode, MAIDs, hashes */
#include "config.h"

#include <string.h>

#include "core/i18n.h"
#include "core/identity.h"
#include "core/normalize.h"

/* Some cases pass only the first bytes of their input, as the CSV reader
 * passes a cell inside its line. */
#define WHOLE ((gssize) -1)

#define NBSP   "\xc2\xa0"     /* U+00A0 NO-BREAK SPACE */
#define FIGSP  "\xe2\x80\x87" /* U+2007 FIGURE SPACE */
#define NNBSP  "\xe2\x80\xaf" /* U+202F NARROW NO-BREAK SPACE */
#define ZWSP   "\xe2\x80\x8b" /* U+200B ZERO WIDTH SPACE */
#define BOM    "\xef\xbb\xbf" /* U+FEFF ZERO WIDTH NO-BREAK SPACE */
#define EMSP   "\xe2\x80\x83" /* U+2003 EM SPACE: not trimmed */

#define ELODIE_SHA256 "f34116fa1fa2ab3840367c97ac2fc11e9e811bc3c424a1361abfc3d719c18e8c"
#define EMPTY_SHA256  "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

/* A copy of the cell in a buffer of exactly its length, without a NUL, so
 * that AddressSanitizer catches a read past the cell. */
static guint8 *
cell_copy (const char *input,
           gssize      length,
           gsize      *out_length)
{
  *out_length = length < 0 ? strlen (input) : (gsize) length;
  return g_memdup2 (input, MAX (*out_length, 1));
}

static void
announce (guint       i,
          const char *input)
{
  g_autofree char *escaped = g_strescape (input, NULL);

  g_test_message ("case %u: \"%s\"", i, escaped);
}

static void
test_trim (void)
{
  const struct
  {
    const char *input;
    gssize      length;
    gboolean    present;
    const char *trimmed;
  } cases[] = {
    { "a@b.fr", WHOLE, TRUE, "a@b.fr" },
    { "  a@b.fr\t", WHOLE, TRUE, "a@b.fr" },
    { "\r\n\v\fa@b.fr\r\n", WHOLE, TRUE, "a@b.fr" },
    { NBSP "a@b.fr" NNBSP, WHOLE, TRUE, "a@b.fr" },
    { BOM "a@b.fr" ZWSP, WHOLE, TRUE, "a@b.fr" },
    { FIGSP "x" FIGSP, WHOLE, TRUE, "x" },
    { " " NBSP " " ZWSP BOM "\t" "x" ZWSP " " NBSP NNBSP, WHOLE, TRUE, "x" },
    /* Spaces inside stay: the rules of each identity judge them. */
    { "a b", WHOLE, TRUE, "a b" },
    { " a" NBSP "b ", WHOLE, TRUE, "a" NBSP "b" },
    /* Only the spaces the profile names are trimmed. */
    { EMSP "x", WHOLE, TRUE, EMSP "x" },
    /* The length is honoured: the bytes after it are not the cell's. */
    { "  a@b.fr   XYZ", 11, TRUE, "a@b.fr" },
    { "x" NBSP, 2, TRUE, "x\xc2" },
    { "", WHOLE, FALSE, "" },
    { "   ", WHOLE, FALSE, "" },
    { "\t\r\n", WHOLE, FALSE, "" },
    { NBSP NBSP, WHOLE, FALSE, "" },
    { ZWSP BOM FIGSP NNBSP, WHOLE, FALSE, "" },
    { "abc", 0, FALSE, "" },
    /* Placeholders, in any case and between spaces. */
    { "-", WHOLE, FALSE, "-" },
    { " - ", WHOLE, FALSE, "-" },
    { "n/a", WHOLE, FALSE, "n/a" },
    { "N/A", WHOLE, FALSE, "N/A" },
    { " n/A ", WHOLE, FALSE, "n/A" },
    { "na", WHOLE, FALSE, "na" },
    { "NA", WHOLE, FALSE, "NA" },
    { "nA", WHOLE, FALSE, "nA" },
    { "null", WHOLE, FALSE, "null" },
    { "NULL", WHOLE, FALSE, "NULL" },
    { "Null", WHOLE, FALSE, "Null" },
    { "none", WHOLE, FALSE, "none" },
    { "NONE", WHOLE, FALSE, "NONE" },
    { "None", WHOLE, FALSE, "None" },
    { "#n/a", WHOLE, FALSE, "#n/a" },
    { "#N/A", WHOLE, FALSE, "#N/A" },
    { NBSP "#N/a" ZWSP, WHOLE, FALSE, "#N/a" },
    { "nullx", 4, FALSE, "null" },
    /* Near placeholders are values. */
    { "--", WHOLE, TRUE, "--" },
    { "nan", WHOLE, TRUE, "nan" },
    { "n", WHOLE, TRUE, "n" },
    { "nul", WHOLE, TRUE, "nul" },
    { "nones", WHOLE, TRUE, "nones" },
    { "#na", WHOLE, TRUE, "#na" },
    { "n / a", WHOLE, TRUE, "n / a" },
    { "0", WHOLE, TRUE, "0" },
    /* Invalid UTF-8 is made of ordinary bytes, even where it looks like
     * the start or the end of a space. */
    { "\xff\xfe", WHOLE, TRUE, "\xff\xfe" },
    { "\xc2", WHOLE, TRUE, "\xc2" },
    { "\xa0", WHOLE, TRUE, "\xa0" },
    { "\xe2\x80", WHOLE, TRUE, "\xe2\x80" },
    { "\x80\x8b", WHOLE, TRUE, "\x80\x8b" },
    { "x\xe2\x80", WHOLE, TRUE, "x\xe2\x80" },
    { "\xbb\xbfx", WHOLE, TRUE, "\xbb\xbfx" },
    { " \xff ", WHOLE, TRUE, "\xff" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gsize length;
      g_autofree guint8 *cell = cell_copy (cases[i].input, cases[i].length, &length);
      const char *start = NULL;
      gsize trimmed_length = G_MAXSIZE;
      gboolean present;
      g_autofree char *trimmed = NULL;

      announce (i, cases[i].input);
      present = cohort_normalize_trim ((const char *) cell, length, &start, &trimmed_length);
      g_assert_cmpint (present, ==, cases[i].present);
      g_assert_cmpuint (trimmed_length, <=, length);
      g_assert_true (start >= (const char *) cell);
      g_assert_true (start + trimmed_length <= (const char *) cell + length);
      trimmed = g_strndup (start, trimmed_length);
      g_assert_cmpstr (trimmed, ==, cases[i].trimmed);
    }
}

static void
test_email (void)
{
  const struct
  {
    const char   *input;
    gssize        length;
    gboolean      gmail_dots;
    CohortReason  reason;
    const char   *output;
  } cases[] = {
    { "jean.dupont@exemple.fr", WHOLE, FALSE, COHORT_REASON_OK, "jean.dupont@exemple.fr" },
    { "Jean.Dupont@Exemple.FR", WHOLE, FALSE, COHORT_REASON_OK, "jean.dupont@exemple.fr" },
    { "  jean.0@outlook.fr ", WHOLE, FALSE, COHORT_REASON_OK, "jean.0@outlook.fr" },
    { NBSP "Jean@Exemple.fr" ZWSP, WHOLE, FALSE, COHORT_REASON_OK, "jean@exemple.fr" },
    { BOM "jean@exemple.fr" NNBSP FIGSP, WHOLE, FALSE, COHORT_REASON_OK, "jean@exemple.fr" },
    { "jean@exemple.fr, paul@exemple.fr", 15, FALSE, COHORT_REASON_OK, "jean@exemple.fr" },
    { "user+tag@example.com", WHOLE, FALSE, COHORT_REASON_OK, "user+tag@example.com" },
    { "first.last@sub.example.co.uk", WHOLE, FALSE, COHORT_REASON_OK, "first.last@sub.example.co.uk" },
    { "a@b.c", WHOLE, FALSE, COHORT_REASON_OK, "a@b.c" },
    { "\"o'neil\"@x.io", WHOLE, FALSE, COHORT_REASON_OK, "\"o'neil\"@x.io" },

    /* The address inside the last <…>. */
    { "\"Jean Dupont\" <Jean@Exemple.fr>", WHOLE, FALSE, COHORT_REASON_OK, "jean@exemple.fr" },
    { "Jean Dupont <  Jean@Exemple.fr" NBSP ">", WHOLE, FALSE, COHORT_REASON_OK, "jean@exemple.fr" },
    { "<JEAN@EXEMPLE.FR>", WHOLE, FALSE, COHORT_REASON_OK, "jean@exemple.fr" },
    { "a <b@c.d> <E@F.GH>", WHOLE, FALSE, COHORT_REASON_OK, "e@f.gh" },
    { "\"Dupont, Jean\" <old@a.fr>, <New@B.fr>", WHOLE, FALSE, COHORT_REASON_OK, "new@b.fr" },
    { "\"É\" <Élodie@Exemple.fr> ", WHOLE, FALSE, COHORT_REASON_OK, "élodie@exemple.fr" },
    { "\"x\" <>", WHOLE, FALSE, COHORT_REASON_EMAIL_INVALID, "" },
    { "<>", WHOLE, FALSE, COHORT_REASON_EMAIL_INVALID, "" },
    { "< " NBSP ">", WHOLE, FALSE, COHORT_REASON_EMAIL_INVALID, "" },
    { "\"x\" <n/a>", WHOLE, FALSE, COHORT_REASON_EMAIL_INVALID, "" },
    { "Jean <jean@exemple.fr", WHOLE, FALSE, COHORT_REASON_EMAIL_INVALID, "" },

    /* Unicode: composed (NFC), then lowercased in full. */
    { "ÉLODIE@Exemple.fr", WHOLE, FALSE, COHORT_REASON_OK, "élodie@exemple.fr" },
    { "élodie@exemple.fr", WHOLE, FALSE, COHORT_REASON_OK, "élodie@exemple.fr" },
    { "E\xcc\x81lodie@exemple.fr", WHOLE, FALSE, COHORT_REASON_OK, "\xc3\xa9lodie@exemple.fr" },
    { "e\xcc\x81lodie@exemple.fr", WHOLE, FALSE, COHORT_REASON_OK, "\xc3\xa9lodie@exemple.fr" },
    { "A\xcc\x8aSA@EXEMPEL.SE", WHOLE, FALSE, COHORT_REASON_OK, "\xc3\xa5sa@exempel.se" },
    { "ÅSA@EXEMPEL.SE", WHOLE, FALSE, COHORT_REASON_OK, "åsa@exempel.se" },
    { "GRÜ\xe1\xba\x9e" "E@BEISPIEL.DE", WHOLE, FALSE, COHORT_REASON_OK, "grü\xc3\x9f" "e@beispiel.de" },
    { "\xc4\xb0" "PEK@ORNEK.COM.TR", WHOLE, FALSE, COHORT_REASON_OK, "i\xcc\x87" "pek@ornek.com.tr" },
    /* Composed again after lower case: U+0307 of U+0130 goes after a mark below. */
    { "\xc4\xb0\xcc\x96x@b.c", WHOLE, FALSE, COHORT_REASON_OK, "i\xcc\x96\xcc\x87x@b.c" },
    { "i\xcc\x96\xcc\x87x@b.c", WHOLE, FALSE, COHORT_REASON_OK, "i\xcc\x96\xcc\x87x@b.c" },
    { "ΑΝΝΑ@ΠΑΡΑΔΕΙΓΜΑ.ΕΛ", WHOLE, FALSE, COHORT_REASON_OK, "αννα@παραδειγμα.ελ" },
    /* The domain stays as written: no punycode. */
    { "Hans@Bücher.DE", WHOLE, FALSE, COHORT_REASON_OK, "hans@bücher.de" },
    { "hans@xn--bcher-kva.de", WHOLE, FALSE, COHORT_REASON_OK, "hans@xn--bcher-kva.de" },

    /* No dot or +tag removal, except dots in Gmail addresses with the option. */
    { "J.Doe+News@GMail.com", WHOLE, FALSE, COHORT_REASON_OK, "j.doe+news@gmail.com" },
    { "J.Doe+News@GMail.com", WHOLE, TRUE, COHORT_REASON_OK, "jdoe+news@gmail.com" },
    { "j.doe@gmail.com", WHOLE, FALSE, COHORT_REASON_OK, "j.doe@gmail.com" },
    { "j.d.o.e.@gmail.com", WHOLE, TRUE, COHORT_REASON_OK, "jdoe@gmail.com" },
    { "j.doe@googlemail.com", WHOLE, TRUE, COHORT_REASON_OK, "jdoe@googlemail.com" },
    { "j.doe@GOOGLEMAIL.COM", WHOLE, TRUE, COHORT_REASON_OK, "jdoe@googlemail.com" },
    { "j.doe@example.com", WHOLE, TRUE, COHORT_REASON_OK, "j.doe@example.com" },
    { "j.doe@mail.gmail.com", WHOLE, TRUE, COHORT_REASON_OK, "j.doe@mail.gmail.com" },
    { "j.doe@gmail.com.fr", WHOLE, TRUE, COHORT_REASON_OK, "j.doe@gmail.com.fr" },
    { "j.doe@gmail.co", WHOLE, TRUE, COHORT_REASON_OK, "j.doe@gmail.co" },
    { "\"J.D\" <J.Doe@Gmail.Com>", WHOLE, TRUE, COHORT_REASON_OK, "jdoe@gmail.com" },
    { "é.lodie@gmail.com", WHOLE, TRUE, COHORT_REASON_OK, "élodie@gmail.com" },
    { "...@gmail.com", WHOLE, FALSE, COHORT_REASON_OK, "...@gmail.com" },
    { "...@gmail.com", WHOLE, TRUE, COHORT_REASON_EMAIL_INVALID, "" },
    /* A mark after a dot that goes: composed with the letter before (found by fuzz-normalize). */
    { "g.\xcc\x81h@gmail.com", WHOLE, TRUE, COHORT_REASON_OK, "\xc7\xb5h@gmail.com" },
    { "\xc7\xb5h@gmail.com", WHOLE, TRUE, COHORT_REASON_OK, "\xc7\xb5h@gmail.com" },
    { "g.\xcc\x81h@example.com", WHOLE, TRUE, COHORT_REASON_OK, "g.\xcc\x81h@example.com" },

    /* Empty and placeholder cells are not errors. */
    { "", WHOLE, FALSE, COHORT_REASON_EMPTY, "" },
    { " \t" NBSP ZWSP, WHOLE, FALSE, COHORT_REASON_EMPTY, "" },
    { "N/A", WHOLE, FALSE, COHORT_REASON_EMPTY, "" },
    { " null ", WHOLE, FALSE, COHORT_REASON_EMPTY, "" },
    { "#N/A", WHOLE, FALSE, COHORT_REASON_EMPTY, "" },
    { "-", WHOLE, FALSE, COHORT_REASON_EMPTY, "" },

    /* Not one @. */
    { "abc", WHOLE, FALSE, COHORT_REASON_EMAIL_INVALID, "" },
    { "exemple.fr", WHOLE, FALSE, COHORT_REASON_EMAIL_INVALID, "" },
    { "a@@b.c", WHOLE, FALSE, COHORT_REASON_EMAIL_INVALID, "" },
    { "a@b@c.d", WHOLE, FALSE, COHORT_REASON_EMAIL_INVALID, "" },
    { "a\xef\xbc\xa0" "b.c", WHOLE, FALSE, COHORT_REASON_EMAIL_INVALID, "" },
    { "jean@exemple.fr", 4, FALSE, COHORT_REASON_EMAIL_INVALID, "" },
    /* An empty local part. */
    { "@b.c", WHOLE, FALSE, COHORT_REASON_EMAIL_INVALID, "" },
    { " @b.c", WHOLE, FALSE, COHORT_REASON_EMAIL_INVALID, "" },
    /* A domain of fewer than two labels, or with an empty one. */
    { "a@b", WHOLE, FALSE, COHORT_REASON_EMAIL_INVALID, "" },
    { "a@", WHOLE, FALSE, COHORT_REASON_EMAIL_INVALID, "" },
    { "a@.", WHOLE, FALSE, COHORT_REASON_EMAIL_INVALID, "" },
    { "a@.b.c", WHOLE, FALSE, COHORT_REASON_EMAIL_INVALID, "" },
    { "a@b..c", WHOLE, FALSE, COHORT_REASON_EMAIL_INVALID, "" },
    { "a@b.c.", WHOLE, FALSE, COHORT_REASON_EMAIL_INVALID, "" },
    { "a@b.c..", WHOLE, FALSE, COHORT_REASON_EMAIL_INVALID, "" },
    { "jean@exemple.fr", 12, FALSE, COHORT_REASON_EMAIL_INVALID, "" },
    { "élodie@exemple", WHOLE, FALSE, COHORT_REASON_EMAIL_INVALID, "" },
    { "élodie@exemple..fr", WHOLE, FALSE, COHORT_REASON_EMAIL_INVALID, "" },
    /* Spaces inside, ASCII or Unicode. */
    { "a b@c.d", WHOLE, FALSE, COHORT_REASON_EMAIL_INVALID, "" },
    { "a@c .d", WHOLE, FALSE, COHORT_REASON_EMAIL_INVALID, "" },
    { "a\tb@c.d", WHOLE, FALSE, COHORT_REASON_EMAIL_INVALID, "" },
    { "a" NBSP "b@c.d", WHOLE, FALSE, COHORT_REASON_EMAIL_INVALID, "" },
    { "a" NBSP "b@c.dé", WHOLE, FALSE, COHORT_REASON_EMAIL_INVALID, "" },
    { "a" EMSP "b@c.d", WHOLE, FALSE, COHORT_REASON_EMAIL_INVALID, "" },
    { "a@b" ZWSP ".c", WHOLE, FALSE, COHORT_REASON_EMAIL_INVALID, "" },
    { "\"Jean Dupont\" Jean@Exemple.fr", WHOLE, FALSE, COHORT_REASON_EMAIL_INVALID, "" },
    /* Control characters, NUL included (found by fuzz-normalize). */
    { "jean\0@exemple.fr", 16, FALSE, COHORT_REASON_EMAIL_INVALID, "" },
    { "Jean.t\0pont@Example.FR", 22, FALSE, COHORT_REASON_EMAIL_INVALID, "" },
    { "a\x01" "b@c.d", WHOLE, FALSE, COHORT_REASON_EMAIL_INVALID, "" },
    { "a@c.d\x7f" "e", WHOLE, FALSE, COHORT_REASON_EMAIL_INVALID, "" },
    { "\x1b[31ma@c.d", WHOLE, FALSE, COHORT_REASON_EMAIL_INVALID, "" },
    { "a\xc2\x9f" "b@c.d", WHOLE, FALSE, COHORT_REASON_EMAIL_INVALID, "" },
    { "\xc3\xa9\x01@c.d", WHOLE, FALSE, COHORT_REASON_EMAIL_INVALID, "" },
    /* Invalid UTF-8. */
    { "a\xffz@b.c", WHOLE, FALSE, COHORT_REASON_EMAIL_INVALID, "" },
    { "a@b.c\xc3", WHOLE, FALSE, COHORT_REASON_EMAIL_INVALID, "" },
    { "\xc3\xa9lodie@exemple.fr", 1, FALSE, COHORT_REASON_EMAIL_INVALID, "" },
    { "\xe9lodie@exemple.fr", WHOLE, FALSE, COHORT_REASON_EMAIL_INVALID, "" },
    { "\xed\xa0\x80@b.c", WHOLE, FALSE, COHORT_REASON_EMAIL_INVALID, "" },
    { "\"\xff\" <a@b.c>", WHOLE, FALSE, COHORT_REASON_OK, "a@b.c" },
  };
  /* Reused across cells, as the import does: each call starts it afresh. */
  g_autoptr (GString) out = g_string_new ("left over from another cell");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      CohortNormalizeOptions options = { .email_gmail_dots = cases[i].gmail_dots };
      gsize length;
      g_autofree guint8 *cell = cell_copy (cases[i].input, cases[i].length, &length);
      CohortReason reason;

      announce (i, cases[i].input);
      reason = cohort_normalize_email ((const char *) cell, length, &options, out);
      g_assert_cmpstr (cohort_reason_to_code (reason), ==, cohort_reason_to_code (cases[i].reason));
      g_assert_cmpstr (out->str, ==, cases[i].output);
      g_assert_cmpuint (out->len, ==, strlen (cases[i].output));
      if (reason == COHORT_REASON_OK)
        g_assert_true (g_utf8_validate (out->str, out->len, NULL));
    }
}

static void
test_email_no_options (void)
{
  g_autoptr (GString) out = g_string_new (NULL);

  g_assert_cmpint (cohort_normalize_email ("J.Doe@Gmail.com", 15, NULL, out), ==, COHORT_REASON_OK);
  g_assert_cmpstr (out->str, ==, "j.doe@gmail.com");
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
    { COHORT_IDENTITY_GAID, "fe175330-a11d-459a-af97-8d8719999e3f", FALSE, COHORT_REASON_OK,
      "fe175330-a11d-459a-af97-8d8719999e3f" },
    { COHORT_IDENTITY_GAID, "FE175330-A11D-459A-AF97-8D8719999E3F", FALSE, COHORT_REASON_OK,
      "fe175330-a11d-459a-af97-8d8719999e3f" },
    { COHORT_IDENTITY_GAID, "Fe175330-A11d-459A-aF97-8d8719999E3f", FALSE, COHORT_REASON_OK,
      "fe175330-a11d-459a-af97-8d8719999e3f" },
    { COHORT_IDENTITY_GAID, " fe175330a11d459aaf978d8719999e3f ", FALSE, COHORT_REASON_OK,
      "fe175330-a11d-459a-af97-8d8719999e3f" },
    { COHORT_IDENTITY_GAID, "FE175330A11D459AAF978D8719999E3F", FALSE, COHORT_REASON_OK,
      "fe175330-a11d-459a-af97-8d8719999e3f" },
    { COHORT_IDENTITY_GAID, NBSP "fe175330-a11d-459a-af97-8d8719999e3f" ZWSP BOM, FALSE,
      COHORT_REASON_OK, "fe175330-a11d-459a-af97-8d8719999e3f" },
    { COHORT_IDENTITY_IDFA, "1EF2A4F0-4BE0-4DB0-9C25-74BDB94067ED", FALSE, COHORT_REASON_OK,
      "1ef2a4f0-4be0-4db0-9c25-74bdb94067ed" },
    /* The option upper-cases IDFAs only. */
    { COHORT_IDENTITY_IDFA, "1ef2a4f0-4be0-4db0-9c25-74bdb94067ed", TRUE, COHORT_REASON_OK,
      "1EF2A4F0-4BE0-4DB0-9C25-74BDB94067ED" },
    { COHORT_IDENTITY_IDFA, "1ef2a4f04be04db09c2574bdb94067ed", TRUE, COHORT_REASON_OK,
      "1EF2A4F0-4BE0-4DB0-9C25-74BDB94067ED" },
    { COHORT_IDENTITY_GAID, "1ef2a4f0-4be0-4db0-9c25-74bdb94067ed", TRUE, COHORT_REASON_OK,
      "1ef2a4f0-4be0-4db0-9c25-74bdb94067ed" },
    { COHORT_IDENTITY_GAID, "1EF2A4F0-4BE0-4DB0-9C25-74BDB94067ED", TRUE, COHORT_REASON_OK,
      "1ef2a4f0-4be0-4db0-9c25-74bdb94067ed" },
    /* The all-zero ID: the person limited ad tracking. */
    { COHORT_IDENTITY_IDFA, "00000000-0000-0000-0000-000000000000", FALSE,
      COHORT_REASON_MAID_OPTED_OUT, "" },
    { COHORT_IDENTITY_IDFA, "00000000-0000-0000-0000-000000000000", TRUE,
      COHORT_REASON_MAID_OPTED_OUT, "" },
    { COHORT_IDENTITY_GAID, "00000000000000000000000000000000", FALSE,
      COHORT_REASON_MAID_OPTED_OUT, "" },
    { COHORT_IDENTITY_GAID, " 00000000-0000-0000-0000-000000000000" NBSP, FALSE,
      COHORT_REASON_MAID_OPTED_OUT, "" },
    { COHORT_IDENTITY_GAID, "00000000-0000-0000-0000-000000000001", FALSE, COHORT_REASON_OK,
      "00000000-0000-0000-0000-000000000001" },
    /* Empty and placeholder cells are not errors. */
    { COHORT_IDENTITY_GAID, "", FALSE, COHORT_REASON_EMPTY, "" },
    { COHORT_IDENTITY_IDFA, " " NBSP, FALSE, COHORT_REASON_EMPTY, "" },
    { COHORT_IDENTITY_IDFA, "NULL", FALSE, COHORT_REASON_EMPTY, "" },
    { COHORT_IDENTITY_GAID, "n/a", FALSE, COHORT_REASON_EMPTY, "" },
    /* Wrong lengths. */
    { COHORT_IDENTITY_GAID, "fe175330-a11d-459a-af97-8d8719999e3", FALSE,
      COHORT_REASON_MAID_INVALID, "" },
    { COHORT_IDENTITY_GAID, "fe175330-a11d-459a-af97-8d8719999e3ff", FALSE,
      COHORT_REASON_MAID_INVALID, "" },
    { COHORT_IDENTITY_GAID, "fe175330a11d459aaf978d8719999e3", FALSE, COHORT_REASON_MAID_INVALID,
      "" },
    { COHORT_IDENTITY_GAID, "fe175330a11d459aaf978d8719999e3ff", FALSE,
      COHORT_REASON_MAID_INVALID, "" },
    { COHORT_IDENTITY_GAID, "0", FALSE, COHORT_REASON_MAID_INVALID, "" },
    { COHORT_IDENTITY_GAID, "fe175330a11d459aaf978d8719999e3ffe175330", FALSE,
      COHORT_REASON_MAID_INVALID, "" },
    /* Hyphens in the wrong places, some missing, other separators. */
    { COHORT_IDENTITY_GAID, "fe175330-a11d459a-af97-8d8719999e3f0", FALSE,
      COHORT_REASON_MAID_INVALID, "" },
    { COHORT_IDENTITY_GAID, "fe17533-0a11d-459a-af97-8d8719999e3f", FALSE,
      COHORT_REASON_MAID_INVALID, "" },
    { COHORT_IDENTITY_GAID, "fe175330a11d-459a-af97-8d8719999e3f", FALSE,
      COHORT_REASON_MAID_INVALID, "" },
    { COHORT_IDENTITY_GAID, "fe175330-a11d-459a-af978d8719999e3f", FALSE,
      COHORT_REASON_MAID_INVALID, "" },
    { COHORT_IDENTITY_GAID, "fe175330_a11d_459a_af97_8d8719999e3f", FALSE,
      COHORT_REASON_MAID_INVALID, "" },
    { COHORT_IDENTITY_GAID, "fe175330 a11d 459a af97 8d8719999e3f", FALSE,
      COHORT_REASON_MAID_INVALID, "" },
    { COHORT_IDENTITY_GAID, "{fe175330-a11d-459a-af97-8d8719999e3f}", FALSE,
      COHORT_REASON_MAID_INVALID, "" },
    { COHORT_IDENTITY_GAID, "fe175330\xe2\x80\x93" "a11d-459a-af97-8d8719999e3f", FALSE,
      COHORT_REASON_MAID_INVALID, "" },
    { COHORT_IDENTITY_GAID, "-fe175330a11d459aaf978d8719999e3f---", FALSE,
      COHORT_REASON_MAID_INVALID, "" },
    /* Not hexadecimal. */
    { COHORT_IDENTITY_GAID, "ge175330-a11d-459a-af97-8d8719999e3f", FALSE,
      COHORT_REASON_MAID_INVALID, "" },
    { COHORT_IDENTITY_GAID, "fe175330-a11d-459a-af97-8d8719999e3g", FALSE,
      COHORT_REASON_MAID_INVALID, "" },
    { COHORT_IDENTITY_IDFA, "FE175330A11D459AAF978D8719999E3Z", FALSE, COHORT_REASON_MAID_INVALID,
      "" },
    { COHORT_IDENTITY_IDFA, "0x175330-a11d-459a-af97-8d8719999e3f", FALSE,
      COHORT_REASON_MAID_INVALID, "" },
    { COHORT_IDENTITY_IDFA, "not an id", FALSE, COHORT_REASON_MAID_INVALID, "" },
    { COHORT_IDENTITY_GAID, "\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff"
                            "\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff",
      FALSE, COHORT_REASON_MAID_INVALID, "" },
    { COHORT_IDENTITY_GAID, "fe175330-a11d-459a-af97-8d8719999e3\xc3\xa9", FALSE,
      COHORT_REASON_MAID_INVALID, "" },
  };
  g_autoptr (GString) out = g_string_new ("left over from another cell");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      CohortNormalizeOptions options = { .idfa_uppercase = cases[i].upper };
      gsize length;
      g_autofree guint8 *cell = cell_copy (cases[i].input, WHOLE, &length);
      CohortReason reason;

      announce (i, cases[i].input);
      reason = cohort_normalize_maid (cases[i].identity, (const char *) cell, length, &options, out);
      g_assert_cmpstr (cohort_reason_to_code (reason), ==, cohort_reason_to_code (cases[i].reason));
      g_assert_cmpstr (out->str, ==, cases[i].output);
      g_assert_cmpuint (out->len, ==, strlen (cases[i].output));
    }
}

static void
test_prehashed (void)
{
  const struct
  {
    const char   *input;
    gboolean      is_hex;
    CohortReason  reason;
    const char   *hash;
  } cases[] = {
    { "6ae70714ca3d84e03e584e4cc0b1743d32fe8cb833e6419e4e6651d9e0be56a6", TRUE, COHORT_REASON_OK,
      "6ae70714ca3d84e03e584e4cc0b1743d32fe8cb833e6419e4e6651d9e0be56a6" },
    /* Upper or mixed case is decoded as is, never hashed again. */
    { "6AE70714CA3D84E03E584E4CC0B1743D32FE8CB833E6419E4E6651D9E0BE56A6", TRUE, COHORT_REASON_OK,
      "6ae70714ca3d84e03e584e4cc0b1743d32fe8cb833e6419e4e6651d9e0be56a6" },
    { "6Ae70714cA3d84E03e584e4Cc0b1743D32fe8CB833e6419E4E6651d9e0bE56a6", TRUE, COHORT_REASON_OK,
      "6ae70714ca3d84e03e584e4cc0b1743d32fe8cb833e6419e4e6651d9e0be56a6" },
    { " " NBSP ELODIE_SHA256 ZWSP "\t", TRUE, COHORT_REASON_OK, ELODIE_SHA256 },
    { "0000000000000000000000000000000000000000000000000000000000000000", TRUE, COHORT_REASON_OK,
      "0000000000000000000000000000000000000000000000000000000000000000" },
    /* The hash of an empty cell made upstream, in any case. */
    { EMPTY_SHA256, TRUE, COHORT_REASON_HASH_INVALID, NULL },
    { "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855", TRUE,
      COHORT_REASON_HASH_INVALID, NULL },
    { " e3B0c44298fC1c149afBF4c8996fb92427ae41e4649b934ca495991b7852B855 ", TRUE,
      COHORT_REASON_HASH_INVALID, NULL },
    /* Not 64 hexadecimal digits. */
    { "6ae70714ca3d84e03e584e4cc0b1743d32fe8cb833e6419e4e6651d9e0be56a", FALSE,
      COHORT_REASON_HASH_INVALID, NULL },
    { "6ae70714ca3d84e03e584e4cc0b1743d32fe8cb833e6419e4e6651d9e0be56a6a", FALSE,
      COHORT_REASON_HASH_INVALID, NULL },
    { "zae70714ca3d84e03e584e4cc0b1743d32fe8cb833e6419e4e6651d9e0be56a6", FALSE,
      COHORT_REASON_HASH_INVALID, NULL },
    { "6ae70714ca3d84e03e584e4cc0b1743d32fe8cb833e6419e4e6651d9e0be56a-", FALSE,
      COHORT_REASON_HASH_INVALID, NULL },
    { "6ae70714ca3d84e03e584e4cc0b1743d 2fe8cb833e6419e4e6651d9e0be56a6", FALSE,
      COHORT_REASON_HASH_INVALID, NULL },
    { "0x6ae70714ca3d84e03e584e4cc0b1743d32fe8cb833e6419e4e6651d9e0be56", FALSE,
      COHORT_REASON_HASH_INVALID, NULL },
    { "6ae70714ca3d84e03e584e4cc0b1743d32fe8cb833e6419e4e6651d9e0be56\xc3\xa9", FALSE,
      COHORT_REASON_HASH_INVALID, NULL },
    { "\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff"
      "\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff"
      "\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff"
      "\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff", FALSE,
      COHORT_REASON_HASH_INVALID, NULL },
    { "fe175330-a11d-459a-af97-8d8719999e3f", FALSE, COHORT_REASON_HASH_INVALID, NULL },
    { "jean@exemple.fr", FALSE, COHORT_REASON_HASH_INVALID, NULL },
    /* Empty and placeholder cells are not errors. */
    { "", FALSE, COHORT_REASON_EMPTY, NULL },
    { NBSP ZWSP, FALSE, COHORT_REASON_EMPTY, NULL },
    { "#N/A", FALSE, COHORT_REASON_EMPTY, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gsize length;
      g_autofree guint8 *cell = cell_copy (cases[i].input, WHOLE, &length);
      guint8 hash[32];
      char hex[65];
      CohortReason reason;

      announce (i, cases[i].input);
      g_assert_cmpint (cohort_is_sha256_hex ((const char *) cell, length), ==, cases[i].is_hex);
      reason = cohort_normalize_prehashed ((const char *) cell, length, hash);
      g_assert_cmpstr (cohort_reason_to_code (reason), ==, cohort_reason_to_code (cases[i].reason));
      if (cases[i].hash != NULL)
        {
          cohort_hex_encode (hash, sizeof hash, hex);
          g_assert_cmpstr (hex, ==, cases[i].hash);
        }
    }
}

static void
test_sha256 (void)
{
  const struct
  {
    const char *input;
    const char *hex;
  } cases[] = {
    /* FIPS 180-2 test vectors. */
    { "", EMPTY_SHA256 },
    { "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
    { "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" },
    /* From `printf '%s' … | sha256sum`. */
    { "élodie@exemple.fr", ELODIE_SHA256 },
    { "jean.dupont@exemple.fr", "6ae70714ca3d84e03e584e4cc0b1743d32fe8cb833e6419e4e6651d9e0be56a6" },
    { "fe175330-a11d-459a-af97-8d8719999e3f",
      "07182ca9839276763ed423b18097aa42cb8b733373df34628c2d780a267787a6" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      guint8 hash[32];
      char hex[65];

      announce (i, cases[i].input);
      cohort_sha256 (cases[i].input, strlen (cases[i].input), hash);
      cohort_hex_encode (hash, sizeof hash, hex);
      g_assert_cmpstr (hex, ==, cases[i].hex);
    }
}

static void
test_sha256_million (void)
{
  g_autofree char *data = g_malloc (1000000);
  guint8 hash[32];
  char hex[65];

  memset (data, 'a', 1000000);
  cohort_sha256 (data, 1000000, hash);
  cohort_hex_encode (hash, sizeof hash, hex);
  g_assert_cmpstr (hex, ==, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

static void
test_hex_encode (void)
{
  const struct
  {
    const guint8 bytes[4];
    gsize        n;
    const char  *hex;
  } cases[] = {
    { { 0 }, 0, "" },
    { { 0x00 }, 1, "00" },
    { { 0xff, 0x0f, 0xf0, 0xa5 }, 4, "ff0ff0a5" },
    { { 0x01, 0x23, 0xab, 0xcd }, 4, "0123abcd" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      char hex[9];

      memset (hex, 'X', sizeof hex);
      cohort_hex_encode (cases[i].bytes, cases[i].n, hex);
      g_assert_cmpstr (hex, ==, cases[i].hex);
    }
}

/* Whole cells to the hash TikTok receives. */
static void
test_cell_to_hash (void)
{
  const struct
  {
    CohortIdentity  identity;
    const char     *input;
    const char     *hex;
  } cases[] = {
    { COHORT_IDENTITY_EMAIL, "  ÉLODIE@Exemple.fr" NBSP, ELODIE_SHA256 },
    { COHORT_IDENTITY_EMAIL, "\"Élodie\" <E\xcc\x81LODIE@EXEMPLE.FR>", ELODIE_SHA256 },
    { COHORT_IDENTITY_EMAIL, "Jean.Dupont@Exemple.FR",
      "6ae70714ca3d84e03e584e4cc0b1743d32fe8cb833e6419e4e6651d9e0be56a6" },
    { COHORT_IDENTITY_GAID, "FE175330A11D459AAF978D8719999E3F",
      "07182ca9839276763ed423b18097aa42cb8b733373df34628c2d780a267787a6" },
  };
  g_autoptr (GString) out = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gsize length = strlen (cases[i].input);
      guint8 hash[32];
      char hex[65];
      CohortReason reason;

      announce (i, cases[i].input);
      if (cases[i].identity == COHORT_IDENTITY_EMAIL)
        reason = cohort_normalize_email (cases[i].input, length, NULL, out);
      else
        reason = cohort_normalize_maid (cases[i].identity, cases[i].input, length, NULL, out);
      g_assert_cmpint (reason, ==, COHORT_REASON_OK);
      cohort_sha256 (out->str, out->len, hash);
      cohort_hex_encode (hash, sizeof hash, hex);
      g_assert_cmpstr (hex, ==, cases[i].hex);
    }
}

static void
test_reasons (void)
{
  /* JSON reports and scripts rely on these codes: they never change. */
  const char *const codes[COHORT_N_REASONS] = {
    [COHORT_REASON_OK] = "ok",
    [COHORT_REASON_EMPTY] = "empty",
    [COHORT_REASON_EMAIL_INVALID] = "email_invalid",
    [COHORT_REASON_PHONE_INVALID] = "phone_invalid",
    [COHORT_REASON_PHONE_NO_COUNTRY] = "phone_no_country",
    [COHORT_REASON_MAID_INVALID] = "maid_invalid",
    [COHORT_REASON_MAID_OPTED_OUT] = "maid_opted_out",
    [COHORT_REASON_HASH_INVALID] = "hash_invalid",
    [COHORT_REASON_NO_IDENTIFIER] = "no_identifier",
    [COHORT_REASON_NO_CONSENT] = "no_consent",
  };
  g_autoptr (GHashTable) descriptions = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_cmpint (COHORT_REASON_OK, ==, 0);
  for (CohortReason r = COHORT_REASON_OK; r < COHORT_N_REASONS; r++)
    {
      const char *description = cohort_reason_describe (r);

      g_assert_cmpstr (cohort_reason_to_code (r), ==, codes[r]);
      g_assert_nonnull (description);
      g_assert_cmpuint (strlen (description), >, 0);
      g_assert_true (g_str_has_suffix (description, "."));
      g_assert_false (g_hash_table_contains (descriptions, description));
      g_hash_table_add (descriptions, (gpointer) description);
    }
}

static void
test_identities (void)
{
  const struct
  {
    const char     *name;
    gboolean        known;
    CohortIdentity  identity;
  } cases[] = {
    { "email", TRUE, COHORT_IDENTITY_EMAIL },
    { "phone", TRUE, COHORT_IDENTITY_PHONE },
    { "gaid", TRUE, COHORT_IDENTITY_GAID },
    { "idfa", TRUE, COHORT_IDENTITY_IDFA },
    { "IDFA", TRUE, COHORT_IDENTITY_IDFA },
    { "maid", FALSE, COHORT_N_IDENTITIES },
    { "e-mail", FALSE, COHORT_N_IDENTITIES },
    { "", FALSE, COHORT_N_IDENTITIES },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      CohortIdentity identity = COHORT_N_IDENTITIES;

      announce (i, cases[i].name);
      g_assert_cmpint (cohort_identity_from_string (cases[i].name, &identity), ==, cases[i].known);
      if (cases[i].known)
        g_assert_cmpint (identity, ==, cases[i].identity);
    }
  for (CohortIdentity id = COHORT_IDENTITY_EMAIL; id < COHORT_N_IDENTITIES; id++)
    {
      CohortIdentity back = COHORT_N_IDENTITIES;

      g_assert_true (cohort_identity_from_string (cohort_identity_to_string (id), &back));
      g_assert_cmpint (back, ==, id);
    }
}

int
main (int   argc,
      char *argv[])
{
  cohort_i18n_init ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/normalize/trim", test_trim);
  g_test_add_func ("/normalize/email", test_email);
  g_test_add_func ("/normalize/email-no-options", test_email_no_options);
  g_test_add_func ("/normalize/maid", test_maid);
  g_test_add_func ("/normalize/prehashed", test_prehashed);
  g_test_add_func ("/normalize/sha256", test_sha256);
  g_test_add_func ("/normalize/sha256-million", test_sha256_million);
  g_test_add_func ("/normalize/hex-encode", test_hex_encode);
  g_test_add_func ("/normalize/cell-to-hash", test_cell_to_hash);
  g_test_add_func ("/normalize/reasons", test_reasons);
  g_test_add_func ("/normalize/identities", test_identities);

  return g_test_run ();
}
