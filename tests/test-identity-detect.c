/* test-identity-detect.c: columns are mapped from their names, confirmed by their values */
#include "config.h"

#include "core/identity-detect.h"

static void
test_names (void)
{
  const struct
  {
    const char       *name;
    CohortColumnType  type;
    gboolean          platform;
  } cases[] = {
    { "email", COHORT_COLUMN_EMAIL, FALSE },
    { "E-mail", COHORT_COLUMN_EMAIL, FALSE },
    { "Email Address", COHORT_COLUMN_EMAIL, FALSE },
    { "mail", COHORT_COLUMN_EMAIL, FALSE },
    { "Courriel", COHORT_COLUMN_EMAIL, FALSE },
    { "Adresse e-mail", COHORT_COLUMN_EMAIL, FALSE },
    { "E-post", COHORT_COLUMN_EMAIL, FALSE },
    { "E-postadress", COHORT_COLUMN_EMAIL, FALSE },
    { "phone", COHORT_COLUMN_PHONE, FALSE },
    { "Phone Number", COHORT_COLUMN_PHONE, FALSE },
    { "Mobile Phone Number", COHORT_COLUMN_PHONE, FALSE },
    { "Téléphone", COHORT_COLUMN_PHONE, FALSE },
    { "Téléphone portable", COHORT_COLUMN_PHONE, FALSE },
    { "Portable", COHORT_COLUMN_PHONE, FALSE },
    { "Tél.", COHORT_COLUMN_PHONE, FALSE },
    { "Telefon", COHORT_COLUMN_PHONE, FALSE },
    { "Mobilnummer", COHORT_COLUMN_PHONE, FALSE },
    { "Mobil", COHORT_COLUMN_PHONE, FALSE },
    { "gaid", COHORT_COLUMN_GAID, FALSE },
    { "AAID", COHORT_COLUMN_GAID, FALSE },
    { "Google Advertising ID", COHORT_COLUMN_GAID, FALSE },
    { "Android Advertising ID", COHORT_COLUMN_GAID, FALSE },
    { "idfa", COHORT_COLUMN_IDFA, FALSE },
    { "IDFA", COHORT_COLUMN_IDFA, FALSE },
    { "Advertising ID", COHORT_COLUMN_MAID, FALSE },
    { "advertising_id", COHORT_COLUMN_MAID, FALSE },
    { "maid", COHORT_COLUMN_MAID, FALSE },
    { "adid", COHORT_COLUMN_IGNORE, FALSE },
    { "Email_LC_SHA256", COHORT_COLUMN_EMAIL_SHA256, FALSE },
    { "phone_sha256", COHORT_COLUMN_PHONE_SHA256, FALSE },
    { "hashed_email", COHORT_COLUMN_EMAIL_SHA256, FALSE },
    { "Platform", COHORT_COLUMN_IGNORE, TRUE },
    { "device_type", COHORT_COLUMN_IGNORE, TRUE },
    { "os", COHORT_COLUMN_IGNORE, TRUE },
    { "Accepts Email Marketing", COHORT_COLUMN_IGNORE, FALSE },
    { "email_consent", COHORT_COLUMN_IGNORE, FALSE },
    { "Phone country code", COHORT_COLUMN_IGNORE, FALSE },
    { "hotel", COHORT_COLUMN_IGNORE, FALSE },
    { "first_name", COHORT_COLUMN_IGNORE, FALSE },
    { "customer_id", COHORT_COLUMN_IGNORE, FALSE },
    { "", COHORT_COLUMN_IGNORE, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gboolean platform = TRUE;
      CohortColumnType type = cohort_detect_column_name (cases[i].name, &platform);

      g_test_message ("%s", cases[i].name);
      g_assert_cmpstr (cohort_column_type_to_string (type), ==,
                       cohort_column_type_to_string (cases[i].type));
      g_assert_cmpint (platform, ==, cases[i].platform);
    }
}

static CohortColumnType *
detect (const char *contents,
        int        *platform)
{
  g_autofree char *path = g_build_filename (g_get_user_cache_dir (), "detect.csv", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (CohortCsvReader) reader = cohort_csv_reader_new (file);
  g_autoptr (GError) error = NULL;
  CohortColumnType *types;

  g_assert_cmpint (g_mkdir_with_parents (g_get_user_cache_dir (), 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  g_assert_true (cohort_csv_reader_open (reader, NULL, &error));
  types = cohort_detect_columns (reader, COHORT_DETECT_SAMPLE_ROWS, platform, NULL, &error);
  g_assert_no_error (error);
  return types;
}

static void
test_columns (void)
{
  int platform = 0;
  g_autofree CohortColumnType *crm = detect (
      "customer_id,email,phone,Mobile Phone Number,mail_optin,gaid,idfa,first_name\n"
      "1,a@b.fr,0612345678,+33698765432,yes,fe175330-a11d-459a-af97-8d8719999e3f,,Li\n"
      "2,C@D.fr,,,no,,1EF2A4F0-4BE0-4DB0-9C25-74BDB94067ED,Jo\n", &platform);
  g_autofree CohortColumnType *hashed = detect (
      "email,phone\n"
      "6ae70714ca3d84e03e584e4cc0b1743d32fe8cb833e6419e4e6651d9e0be56a6,"
      "42d573cfc315801d4cd8eddd5416b416a0bf298b9b9e12d6b07442c91db42bd8\n", &platform);
  g_autofree CohortColumnType *lying = detect ("email,phone\nyes,no\nno,yes\n", &platform);
  g_autofree CohortColumnType *maid = detect (
      "advertising_id,Platform\nfe175330-a11d-459a-af97-8d8719999e3f,android\n", &platform);
  int no_platform = 0;
  g_autofree CohortColumnType *maid_alone = detect (
      "advertising_id\nfe175330-a11d-459a-af97-8d8719999e3f\n", &no_platform);

  g_assert_cmpint (crm[0], ==, COHORT_COLUMN_IGNORE);
  g_assert_cmpint (crm[1], ==, COHORT_COLUMN_EMAIL);
  g_assert_cmpint (crm[2], ==, COHORT_COLUMN_PHONE);
  g_assert_cmpint (crm[3], ==, COHORT_COLUMN_PHONE);
  g_assert_cmpint (crm[4], ==, COHORT_COLUMN_IGNORE);
  g_assert_cmpint (crm[5], ==, COHORT_COLUMN_GAID);
  g_assert_cmpint (crm[6], ==, COHORT_COLUMN_IDFA);
  g_assert_cmpint (crm[7], ==, COHORT_COLUMN_IGNORE);

  g_assert_cmpint (hashed[0], ==, COHORT_COLUMN_EMAIL_SHA256);
  g_assert_cmpint (hashed[1], ==, COHORT_COLUMN_PHONE_SHA256);

  /* Names say email and phone, values say yes and no. */
  g_assert_cmpint (lying[0], ==, COHORT_COLUMN_IGNORE);
  g_assert_cmpint (lying[1], ==, COHORT_COLUMN_IGNORE);

  g_assert_cmpint (maid[0], ==, COHORT_COLUMN_MAID);
  g_assert_cmpint (platform, ==, 1);
  g_assert_cmpint (maid_alone[0], ==, COHORT_COLUMN_IGNORE);
  g_assert_cmpint (no_platform, ==, -1);
}

static void
test_type_names (void)
{
  CohortColumnType type;
  CohortIdentity identity;

  for (type = COHORT_COLUMN_IGNORE; type < COHORT_N_COLUMN_TYPES; type++)
    {
      CohortColumnType back;

      g_assert_true (cohort_column_type_from_string (cohort_column_type_to_string (type), &back));
      g_assert_cmpint (back, ==, type);
    }
  g_assert_true (cohort_column_type_from_string ("Email-SHA256", &type));
  g_assert_cmpint (type, ==, COHORT_COLUMN_EMAIL_SHA256);
  g_assert_true (cohort_column_type_is_hashed (type));
  g_assert_cmpint (cohort_column_type_get_identity (type), ==, COHORT_IDENTITY_EMAIL);
  g_assert_cmpint (cohort_column_type_for_identity (COHORT_IDENTITY_IDFA, FALSE), ==, COHORT_COLUMN_IDFA);
  g_assert_false (cohort_column_type_from_string ("fax", &type));
  g_assert_true (cohort_identity_from_string ("GAID", &identity));
  g_assert_cmpint (identity, ==, COHORT_IDENTITY_GAID);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/identity/names", test_names);
  g_test_add_func ("/identity/columns", test_columns);
  g_test_add_func ("/identity/type-names", test_type_names);

  return g_test_run ();
}
