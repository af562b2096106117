/* test-settings.c: the settings accessor resolves, checks and explains values */
#include "config.h"

#include "core/i18n.h"
#include "core/settings.h"

static GSettings *
new_settings (void)
{
  g_autoptr (GError) error = NULL;
  GSettings *settings = cohort_settings_new (&error);

  g_assert_no_error (error);
  g_assert_nonnull (settings);
  return settings;
}

static void
test_api_base (void)
{
  g_autoptr (GSettings) settings = new_settings ();
  g_autofree char *production = NULL;
  g_autofree char *sandbox = NULL;
  g_autofree char *custom = NULL;
  g_autofree char *broken = NULL;
  g_autofree char *from_env = NULL;

  g_unsetenv ("COHORT_API_BASE");
  g_settings_reset (settings, "api-server");
  production = cohort_settings_dup_api_base (settings);
  g_assert_cmpstr (production, ==, "https://business-api.tiktok.com");

  g_settings_set_string (settings, "api-server", "sandbox");
  sandbox = cohort_settings_dup_api_base (settings);
  g_assert_cmpstr (sandbox, ==, "https://sandbox-ads.tiktok.com");

  g_settings_set_string (settings, "api-server", "custom");
  g_settings_set_string (settings, "api-custom-url", "http://127.0.0.1:8765/");
  custom = cohort_settings_dup_api_base (settings);
  g_assert_cmpstr (custom, ==, "http://127.0.0.1:8765");

  /* A custom address that is not one never sends requests somewhere odd. */
  g_settings_set_string (settings, "api-custom-url", "not a url");
  broken = cohort_settings_dup_api_base (settings);
  g_assert_cmpstr (broken, ==, "https://business-api.tiktok.com");

  g_setenv ("COHORT_API_BASE", "http://127.0.0.1:9999", TRUE);
  from_env = cohort_settings_dup_api_base (settings);
  g_assert_cmpstr (from_env, ==, "http://127.0.0.1:9999");
  g_unsetenv ("COHORT_API_BASE");
}

static void
test_check_api_base (void)
{
  const struct
  {
    const char *url;
    gboolean    valid;
  } cases[] = {
    { "https://business-api.tiktok.com", TRUE },
    { "http://127.0.0.1:8765", TRUE },
    { "http://[::1]:8765/", TRUE },
    { "ftp://example.com", FALSE },
    { "business-api.tiktok.com", FALSE },
    { "https://", FALSE },
    { "https://host/?q=1", FALSE },
    { "https://user:pw@host", FALSE },
    { "", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      gboolean valid = cohort_settings_check_api_base (cases[i].url, &error);

      g_test_message ("%s", cases[i].url);
      g_assert_cmpint (valid, ==, cases[i].valid);
      if (!valid)
        g_assert_error (error, COHORT_SETTINGS_ERROR, COHORT_SETTINGS_ERROR_INVALID_VALUE);
    }
}

static void
test_set_from_text (void)
{
  g_autoptr (GSettings) settings = new_settings ();
  g_autoptr (GError) error = NULL;
  g_autofree char *rate = NULL;
  g_autofree char *server = NULL;

  g_assert_true (cohort_settings_set_from_text (settings, "requests-per-second", "20", &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_settings_get_int (settings, "requests-per-second"), ==, 20);
  rate = cohort_settings_dup_value_text (settings, "requests-per-second", &error);
  g_assert_cmpstr (rate, ==, "20");

  g_assert_false (cohort_settings_set_from_text (settings, "requests-per-second", "0", &error));
  g_assert_error (error, COHORT_SETTINGS_ERROR, COHORT_SETTINGS_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (error->message, "1 to 50"));
  g_clear_error (&error);
  g_assert_cmpint (g_settings_get_int (settings, "requests-per-second"), ==, 20);

  g_assert_false (cohort_settings_set_from_text (settings, "requests-per-second", "ten", &error));
  g_assert_error (error, COHORT_SETTINGS_ERROR, COHORT_SETTINGS_ERROR_INVALID_VALUE);
  g_clear_error (&error);

  g_assert_true (cohort_settings_set_from_text (settings, "api-server", "sandbox", &error));
  server = cohort_settings_dup_value_text (settings, "api-server", &error);
  g_assert_cmpstr (server, ==, "sandbox");

  g_assert_false (cohort_settings_set_from_text (settings, "api-server", "staging", &error));
  g_assert_error (error, COHORT_SETTINGS_ERROR, COHORT_SETTINGS_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (error->message, "production, sandbox, custom"));
  g_clear_error (&error);

  g_assert_false (cohort_settings_set_from_text (settings, "api-custom-url", "ftp://x", &error));
  g_assert_error (error, COHORT_SETTINGS_ERROR, COHORT_SETTINGS_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  g_assert_true (cohort_settings_set_from_text (settings, "api-custom-url",
                                                "http://127.0.0.1:8765", &error));
  g_assert_no_error (error);

  g_assert_false (cohort_settings_set_from_text (settings, "no-such-key", "1", &error));
  g_assert_error (error, COHORT_SETTINGS_ERROR, COHORT_SETTINGS_ERROR_UNKNOWN_KEY);
  g_clear_error (&error);

  g_assert_true (cohort_settings_reset_key (settings, "requests-per-second", &error));
  g_assert_cmpint (g_settings_get_int (settings, "requests-per-second"), ==, 10);
}

static void
test_list_keys (void)
{
  g_autoptr (GSettings) settings = new_settings ();
  g_auto (GStrv) keys = cohort_settings_list_keys (settings);

  g_assert_true (g_strv_contains ((const char *const *) keys, "api-server"));
  g_assert_true (g_strv_contains ((const char *const *) keys, "window-width"));
  for (guint i = 1; keys[i] != NULL; i++)
    g_assert_cmpint (g_strcmp0 (keys[i - 1], keys[i]), <, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  cohort_i18n_init ();
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/settings/api-base", test_api_base);
  g_test_add_func ("/settings/check-api-base", test_check_api_base);
  g_test_add_func ("/settings/set-from-text", test_set_from_text);
  g_test_add_func ("/settings/list-keys", test_list_keys);

  return g_test_run ();
}
