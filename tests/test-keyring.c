/* test-keyring.c: secrets go to and come back from a real Secret Service (gnome-keyring) */
#include "config.h"

#include "core/i18n.h"
#include "core/keyring.h"

static gboolean
have_session_bus (void)
{
  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    {
      g_test_skip ("no session bus: run under build-aux/test-env.sh");
      return FALSE;
    }
  return TRUE;
}

static void
test_keyring_round_trip (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CohortSecretText) secret = NULL;
  g_autoptr (CohortSecretText) other = NULL;
  g_autoptr (CohortSecretText) replaced = NULL;
  g_autoptr (CohortSecretText) cleared = NULL;
  g_autofree char *id = g_strdup_printf ("test-app-%u", g_random_int ());

  if (!have_session_bus ())
    return;

  g_assert_true (cohort_keyring_store_sync (COHORT_SECRET_ACCESS_TOKEN, id, "Cohort test token",
                                            "token-1", NULL, &error));
  g_assert_no_error (error);
  g_assert_true (cohort_keyring_store_sync (COHORT_SECRET_APP_SECRET, id, "Cohort test secret",
                                            "app-secret", NULL, &error));
  g_assert_no_error (error);

  secret = cohort_keyring_lookup_sync (COHORT_SECRET_ACCESS_TOKEN, id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (secret, ==, "token-1");

  /* The kind is part of the key: same id, other kind, other secret. */
  other = cohort_keyring_lookup_sync (COHORT_SECRET_APP_SECRET, id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (other, ==, "app-secret");

  /* Storing again replaces rather than adding a second item. */
  g_assert_true (cohort_keyring_store_sync (COHORT_SECRET_ACCESS_TOKEN, id, "Cohort test token",
                                            "token-2", NULL, &error));
  replaced = cohort_keyring_lookup_sync (COHORT_SECRET_ACCESS_TOKEN, id, NULL, &error);
  g_assert_cmpstr (replaced, ==, "token-2");

  g_assert_true (cohort_keyring_clear_sync (COHORT_SECRET_ACCESS_TOKEN, id, NULL, &error));
  g_assert_no_error (error);
  cleared = cohort_keyring_lookup_sync (COHORT_SECRET_ACCESS_TOKEN, id, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (cleared);

  /* Clearing what is not there is not an error. */
  g_assert_true (cohort_keyring_clear_sync (COHORT_SECRET_ACCESS_TOKEN, id, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (cohort_keyring_clear_sync (COHORT_SECRET_APP_SECRET, id, NULL, &error));
}

static void
lookup_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  char **out = user_data;
  g_autoptr (GError) error = NULL;

  *out = cohort_keyring_lookup_finish (result, &error);
  g_assert_no_error (error);
}

static void
test_keyring_async (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *id = g_strdup_printf ("test-async-%u", g_random_int ());
  g_autoptr (CohortSecretText) secret = NULL;

  if (!have_session_bus ())
    return;

  g_assert_true (cohort_keyring_store_sync (COHORT_SECRET_ACCESS_TOKEN, id, "Cohort test token",
                                            "async-token", NULL, &error));
  cohort_keyring_lookup_async (COHORT_SECRET_ACCESS_TOKEN, id, NULL, lookup_cb, &secret);
  while (secret == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (secret, ==, "async-token");
  g_assert_true (cohort_keyring_clear_sync (COHORT_SECRET_ACCESS_TOKEN, id, NULL, &error));
}

int
main (int   argc,
      char *argv[])
{
  cohort_i18n_init ();
  /* Not ISOLATE_DIRS: the keyring daemon of the test environment is the one to talk to. */
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/keyring/round-trip", test_keyring_round_trip);
  g_test_add_func ("/keyring/async", test_keyring_async);

  return g_test_run ();
}
