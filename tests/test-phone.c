/* test-phone.c: phone numbers to E.164 with libphonenumber, French and Swedish cases first */
#include "config.h"

#include "core/phone.h"

static void
test_phone_table (void)
{
  const struct
  {
    const char        *input;
    const char        *region;
    CohortPhoneResult  result;
    const char        *e164;
  } cases[] = {
    { "06 12 34 56 78", "FR", COHORT_PHONE_OK, "+33612345678" },
    { "06.12.34.56.78", "fr", COHORT_PHONE_OK, "+33612345678" },
    { "+33 (0)6 12 34 56 78", "FR", COHORT_PHONE_OK, "+33612345678" },
    { "+33 6 12 34 56 78", NULL, COHORT_PHONE_OK, "+33612345678" },
    { "0033 6 12 34 56 78", "FR", COHORT_PHONE_OK, "+33612345678" },
    { "tél : 06 12 34 56 78", "FR", COHORT_PHONE_OK, "+33612345678" },
    { "01 23 45 67 89 ext. 204", "FR", COHORT_PHONE_OK, "+33123456789" },
    { "070-123 45 67", "SE", COHORT_PHONE_OK, "+46701234567" },
    { "0046 70 123 45 67", "FR", COHORT_PHONE_OK, "+46701234567" },
    { "0046 70 123 45 67", "SE", COHORT_PHONE_OK, "+46701234567" },
    { "08-123 456 78", "SE", COHORT_PHONE_OK, "+46812345678" },
    { "1-800-FLOWERS", "US", COHORT_PHONE_OK, "+18003569377" },
    { "(650) 253-0000", "US", COHORT_PHONE_OK, "+16502530000" },
    { "06 12 34 56 78", NULL, COHORT_PHONE_NO_COUNTRY, "" },
    { "06 12 34 56 78", "XX", COHORT_PHONE_NO_COUNTRY, "" },
    { "12", "FR", COHORT_PHONE_INVALID, "" },
    { "not a number", "FR", COHORT_PHONE_INVALID, "" },
    { "+33 1", NULL, COHORT_PHONE_INVALID, "" },
    { "+33 6 12 34 56 78 90 12", "FR", COHORT_PHONE_INVALID, "" },
    { "", "FR", COHORT_PHONE_INVALID, "" },
    /* No calling code starts with 0: not +1 415… (the fast path said so
     * until fuzz-normalize found it). */
    { "+01 (415) 555-0123", NULL, COHORT_PHONE_NO_COUNTRY, "" },
    { "+014155550123", "US", COHORT_PHONE_INVALID, "" },
    { "+001 415 555 0123", NULL, COHORT_PHONE_NO_COUNTRY, "" },
    { "+0 415 555 0123", "FR", COHORT_PHONE_INVALID, "" },
  };
  g_autoptr (GString) out = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      CohortPhoneResult result = cohort_phone_normalize (cases[i].input, strlen (cases[i].input),
                                                         cases[i].region, FALSE, out);

      g_test_message ("%s (%s)", cases[i].input, cases[i].region);
      g_assert_cmpint (result, ==, cases[i].result);
      g_assert_cmpstr (out->str, ==, cases[i].e164);
    }

  g_assert_cmpint (cohort_phone_normalize ("06 12 34 56 78", 14, "FR", TRUE, out), ==,
                   COHORT_PHONE_OK);
  g_assert_cmpstr (out->str, ==, "33612345678");
  /* The length is honoured: what follows is not read. */
  g_assert_cmpint (cohort_phone_normalize ("0612345678999", 10, "FR", FALSE, out), ==,
                   COHORT_PHONE_OK);
  g_assert_cmpstr (out->str, ==, "+33612345678");
}

static void
test_phone_regions (void)
{
  g_assert_true (cohort_phone_region_is_known ("FR"));
  g_assert_true (cohort_phone_region_is_known ("se"));
  g_assert_false (cohort_phone_region_is_known ("XX"));
  g_assert_false (cohort_phone_region_is_known ("FRA"));
  g_assert_false (cohort_phone_region_is_known (""));
  g_assert_false (cohort_phone_region_is_known (NULL));
}

static void
test_phone_locale (void)
{
  g_autofree char *region = NULL;

  g_setenv ("LANGUAGE", "", TRUE);
  g_setenv ("LC_ALL", "sv_SE.UTF-8", TRUE);
  region = cohort_phone_region_from_locale ();
  g_assert_cmpstr (region, ==, "SE");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/phone/table", test_phone_table);
  g_test_add_func ("/phone/regions", test_phone_regions);
  g_test_add_func ("/phone/locale", test_phone_locale);

  return g_test_run ();
}
