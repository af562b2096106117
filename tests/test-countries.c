/* test-countries.c: the countries offered for phone numbers */
#include "config.h"

#include "core/countries.h"
#include "core/phone.h"

static void
test_countries_list (void)
{
  g_autoptr (GPtrArray) countries = cohort_countries_list ();
  guint france;

  /* iso-codes names about 250 countries; libphonenumber reads numbers of nearly all. */
  g_assert_cmpuint (countries->len, >, 200);
  france = cohort_countries_find (countries, "fr");
  g_assert_cmpuint (france, !=, G_MAXUINT);
  g_assert_cmpstr (((CohortCountry *) g_ptr_array_index (countries, france))->name, ==, "France");
  g_assert_cmpuint (cohort_countries_find (countries, "XX"), ==, G_MAXUINT);
  g_assert_cmpuint (cohort_countries_find (countries, NULL), ==, G_MAXUINT);
  for (guint i = 0; i < countries->len; i++)
    {
      const CohortCountry *country = g_ptr_array_index (countries, i);

      g_assert_true (cohort_phone_region_is_known (country->code));
      if (i > 0)
        g_assert_cmpint (g_utf8_collate (((CohortCountry *) g_ptr_array_index (countries, i - 1))->name,
                                         country->name), <=, 0);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/countries/list", test_countries_list);
  return g_test_run ();
}
