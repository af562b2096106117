/* test-destination-health.c: a destination's health from the connection, its grant and its paused activations */
#include "config.h"

#include "core/destination-health.h"
#include "core/i18n.h"
#include "core/tiktok-error.h"

#define APP "7100000000000000001"
#define CONNECTED_AT 1700000000

static const CohortDestination paris = {
  .id = 1,
  .name = (char *) "Paris",
  .description = (char *) "",
  .app_id = (char *) APP,
  .advertiser_id = (char *) "7000000000000000001",
  .advertiser_name = (char *) "Boutique Paris",
  .granted = TRUE,
  .alerts = COHORT_ALERT_ALL,
};

/* An activation of @destination paused by TikTok's @code, @ended seconds
 * after the connection (negative: before it). */
static void
add_activation (GPtrArray  *activations,
                const char *destination,
                const char *state,
                int         code,
                const char *hold,
                gint64      ended)
{
  CohortActivation *activation = g_new0 (CohortActivation, 1);
  g_autoptr (GError) error = code != 0 ? cohort_tiktok_error_new (code, "refused", "20260101") : NULL;

  activation->audience = g_strdup ("Clients");
  activation->destination = g_strdup (destination);
  activation->app_id = g_strdup (APP);
  activation->advertiser_id = g_strdup ("7000000000000000001");
  activation->remote_name = g_strdup ("Clients");
  activation->state = g_strdup (state);
  activation->reason = g_strdup (error != NULL ? error->message : "");
  activation->last_outcome = g_strdup (state);
  activation->hold = g_strdup (hold);
  activation->last_run_end = CONNECTED_AT + ended;
  g_ptr_array_add (activations, activation);
}

static CohortDestinationHealth
health (const CohortDestination *destination,
        GPtrArray               *activations)
{
  return cohort_destination_get_health (destination, APP, CONNECTED_AT, activations, NULL);
}

static void
test_connection (void)
{
  CohortDestination other_app = paris;
  CohortDestination not_granted = paris;

  other_app.app_id = (char *) "7100000000000000009";
  not_granted.granted = FALSE;
  g_assert_cmpint (health (&paris, NULL), ==, COHORT_DESTINATION_HEALTH_CONNECTED);
  g_assert_cmpint (cohort_destination_get_health (&paris, NULL, 0, NULL, NULL), ==,
                   COHORT_DESTINATION_HEALTH_NOT_CONNECTED);
  g_assert_cmpint (cohort_destination_get_health (&paris, APP, 0, NULL, NULL), ==,
                   COHORT_DESTINATION_HEALTH_NOT_CONNECTED);
  g_assert_cmpint (health (&other_app, NULL), ==, COHORT_DESTINATION_HEALTH_NOT_CONNECTED);
  g_assert_cmpint (health (&not_granted, NULL), ==, COHORT_DESTINATION_HEALTH_NO_PERMISSION);
}

static void
test_paused (void)
{
  g_autoptr (GPtrArray) activations = g_ptr_array_new_with_free_func ((GDestroyNotify) cohort_activation_free);
  const CohortActivation *cause = NULL;

  /* Synced, failed on a server error, held by the policy, or another
   * destination's: nothing to fix here. */
  add_activation (activations, "Paris", "synced", 0, "", 10);
  add_activation (activations, "Paris", "failed", 50000, "", 10);
  add_activation (activations, "Paris", "paused", 0, "sensitive", 10);
  add_activation (activations, "Stockholm", "paused", 40105, "", 10);
  g_assert_cmpint (health (&paris, activations), ==, COHORT_DESTINATION_HEALTH_CONNECTED);

  /* TikTok refused the ad account after the grant. */
  add_activation (activations, "Paris", "paused", 40001, "", 20);
  g_assert_cmpint (cohort_destination_get_health (&paris, APP, CONNECTED_AT, activations, &cause), ==,
                   COHORT_DESTINATION_HEALTH_NO_PERMISSION);
  g_assert_true (cause == g_ptr_array_index (activations, 4));

  /* A refused token says more. */
  add_activation (activations, "Paris", "paused", 40105, "", 30);
  g_assert_cmpint (cohort_destination_get_health (&paris, APP, CONNECTED_AT, activations, &cause), ==,
                   COHORT_DESTINATION_HEALTH_TOKEN_REVOKED);
  g_assert_true (cause == g_ptr_array_index (activations, 5));

  /* Connecting again makes both pauses old news until the next sync. */
  g_assert_cmpint (cohort_destination_get_health (&paris, APP, CONNECTED_AT + 60, activations, &cause), ==,
                   COHORT_DESTINATION_HEALTH_CONNECTED);
  g_assert_null (cause);
}

static void
test_words (void)
{
  for (CohortDestinationHealth h = COHORT_DESTINATION_HEALTH_CONNECTED; h <= COHORT_DESTINATION_HEALTH_NO_PERMISSION;
       h++)
    {
      g_assert_cmpstr (cohort_destination_health_to_string (h), !=, "");
      g_assert_cmpstr (cohort_destination_health_describe (h), !=, "");
      g_assert_true ((cohort_destination_health_advice (h) == NULL) == (h == COHORT_DESTINATION_HEALTH_CONNECTED));
    }
  g_assert_cmpstr (cohort_destination_health_to_string (COHORT_DESTINATION_HEALTH_TOKEN_REVOKED), ==,
                   "token-revoked");
}

int
main (int   argc,
      char *argv[])
{
  cohort_i18n_init ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/destination-health/connection", test_connection);
  g_test_add_func ("/destination-health/paused", test_paused);
  g_test_add_func ("/destination-health/words", test_words);

  return g_test_run ();
}
