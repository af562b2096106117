/* test-usage-label.c: usage labels, the policy check, and the store's labels and policies on a database
 * upgraded from version 8 */
#include "config.h"

#include <sqlite3.h>

#include "core/i18n.h"
#include "core/store-activations.h"
#include "core/store-alerts.h"
#include "core/store-labels.h"
#include "core/store-policies.h"
#include "core/usage-label.h"

#define BIT(label) (1u << COHORT_LABEL_##label)

static void
test_names (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *all = cohort_usage_labels_to_string (COHORT_LABELS_ALL);
  CohortUsageLabel label;
  guint labels;

  g_assert_cmpstr (all, ==, "consent-marketing,no-ad-targeting,sensitive,minors-possible");
  for (CohortUsageLabel l = 0; l < COHORT_N_LABELS; l++)
    {
      g_assert_true (cohort_usage_label_from_string (cohort_usage_label_to_string (l), &label));
      g_assert_cmpint (label, ==, l);
      g_assert_cmpstr (cohort_usage_label_describe (l), !=, "");
    }
  g_assert_true (cohort_usage_labels_parse (" sensitive , minors-possible,", &labels, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (labels, ==, BIT (SENSITIVE) | BIT (MINORS_POSSIBLE));
  g_assert_true (cohort_usage_labels_parse ("none", &labels, NULL));
  g_assert_cmpuint (labels, ==, 0);
  g_assert_true (cohort_usage_labels_parse ("", &labels, NULL));
  g_assert_cmpuint (labels, ==, 0);

  g_assert_false (cohort_usage_labels_parse ("sensitive,Sensitive", &labels, &error));
  g_assert_error (error, COHORT_STORE_ERROR, COHORT_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "“Sensitive”"));
  g_assert_nonnull (strstr (error->message, "consent-marketing"));
}

static void
test_reason (void)
{
  g_autofree char *long_reason = g_strnfill (COHORT_LABEL_REASON_MAX + 1, 'x');
  g_autoptr (GError) error = NULL;

  g_assert_true (cohort_usage_label_check_reason (NULL, NULL));
  g_assert_true (cohort_usage_label_check_reason ("Données de santé", NULL));
  g_assert_false (cohort_usage_label_check_reason ("two\nlines", &error));
  g_assert_error (error, COHORT_STORE_ERROR, COHORT_STORE_ERROR_INVALID);
  g_assert_false (cohort_usage_label_check_reason (long_reason, NULL));
  long_reason[COHORT_LABEL_REASON_MAX] = '\0';
  g_assert_true (cohort_usage_label_check_reason (long_reason, NULL));
}

/* The default: block no-ad-targeting and sensitive, warn on
 * minors-possible and on a missing consent-marketing. */
static void
test_default_policy (void)
{
  CohortPolicy policy;
  CohortPolicyVerdict verdict;

  cohort_policy_init_default (&policy);
  g_assert_true (cohort_policy_is_default (&policy));
  g_assert_cmpuint (cohort_policy_get_labels (&policy, COHORT_POLICY_BLOCK), ==,
                    BIT (NO_AD_TARGETING) | BIT (SENSITIVE));
  g_assert_cmpuint (cohort_policy_get_labels (&policy, COHORT_POLICY_WARN), ==,
                    BIT (CONSENT_MARKETING) | BIT (MINORS_POSSIBLE));

  /* No label at all: the consent is missing. */
  cohort_policy_check (&policy, 0, 0, &verdict);
  g_assert_cmpuint (verdict.blocked, ==, 0);
  g_assert_cmpuint (verdict.warned, ==, BIT (CONSENT_MARKETING));
  g_assert_cmpuint (verdict.accepted, ==, 0);

  cohort_policy_check (&policy, BIT (CONSENT_MARKETING), 0, &verdict);
  g_assert_cmpuint (verdict.blocked | verdict.warned | verdict.accepted, ==, 0);

  cohort_policy_check (&policy, BIT (CONSENT_MARKETING) | BIT (SENSITIVE) | BIT (MINORS_POSSIBLE), COHORT_LABELS_ALL,
                       &verdict);
  /* Accepting every warning does not lift a block. */
  g_assert_cmpuint (verdict.blocked, ==, BIT (SENSITIVE));
  g_assert_cmpuint (verdict.warned, ==, 0);
  g_assert_cmpuint (verdict.accepted, ==, BIT (MINORS_POSSIBLE));

  cohort_policy_check (&policy, BIT (NO_AD_TARGETING) | BIT (MINORS_POSSIBLE), BIT (MINORS_POSSIBLE), &verdict);
  g_assert_cmpuint (verdict.blocked, ==, BIT (NO_AD_TARGETING));
  g_assert_cmpuint (verdict.warned, ==, BIT (CONSENT_MARKETING));
  g_assert_cmpuint (verdict.accepted, ==, BIT (MINORS_POSSIBLE));
}

static void
test_edited_policy (void)
{
  CohortPolicy policy;
  CohortPolicyVerdict verdict;
  g_autofree char *explained = NULL;

  cohort_policy_init_default (&policy);
  policy.actions[COHORT_LABEL_CONSENT_MARKETING] = COHORT_POLICY_BLOCK;
  policy.actions[COHORT_LABEL_SENSITIVE] = COHORT_POLICY_ALLOW;
  g_assert_false (cohort_policy_is_default (&policy));

  cohort_policy_check (&policy, BIT (SENSITIVE), 0, &verdict);
  g_assert_cmpuint (verdict.blocked, ==, BIT (CONSENT_MARKETING));
  g_assert_cmpuint (verdict.warned, ==, 0);

  cohort_policy_check (&policy, BIT (SENSITIVE) | BIT (MINORS_POSSIBLE), 0, &verdict);
  explained = cohort_policy_explain (&verdict, "Clients FR", "Paris");
  g_assert_nonnull (strstr (explained, "“Clients FR” is not labelled “consent-marketing”"));
  g_assert_nonnull (strstr (explained, "which the policy of “Paris” blocks."));
  g_assert_nonnull (strstr (explained, "labelled “minors-possible” (may include people under 18), which the policy "
                                       "of “Paris” warns about."));
  g_assert_null (strstr (explained, "sensitive"));

  cohort_policy_check (&policy, BIT (CONSENT_MARKETING), 0, &verdict);
  g_free (explained);
  explained = cohort_policy_explain (&verdict, "Clients FR", "Paris");
  g_assert_cmpstr (explained, ==, "");
}

static void
exec (sqlite3    *db,
      const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

/* A database of version 8 with an audience activated on a destination:
 * made by the current code, then taken back. */
static char *
make_version_8 (void)
{
  char *dir = g_build_filename (g_get_user_cache_dir (), "labels-XXXXXX", NULL);
  g_autofree char *path = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (g_mkdir_with_parents (g_get_user_cache_dir (), 0700), ==, 0);
  g_assert_nonnull (g_mkdtemp (dir));
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (CohortStore) store = cohort_store_open (dir, &error);

    g_assert_no_error (error);
    path = g_strdup (cohort_store_get_path (store));
  }
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  exec (db, "INSERT INTO audience (id, name, created_at) VALUES (1, 'Clients FR', 0);"
            "INSERT INTO destination (id, name, description, app_id, advertiser_id, alerts, created_at) "
            "  VALUES (1, 'Paris', '', 'app', '7000000000000000001', 'all', 0);"
            "INSERT INTO activation (id, audience_id, destination_id, identities, remote_name, state, reason, "
            "  created_at) VALUES (1, 1, 1, 15, 'Clients FR', 'synced', '', 0);"
            "DROP TABLE audience_label; DROP TABLE destination_policy; DROP TABLE activation_warning;"
            "ALTER TABLE activation DROP COLUMN hold;"
            /* and version 10, which came after */
            "ALTER TABLE sync_run DROP COLUMN received; ALTER TABLE sync_run DROP COLUMN unmapped;"
            "ALTER TABLE sync_run DROP COLUMN errors; ALTER TABLE activation DROP COLUMN unmapped_pending;"
            "ALTER TABLE activation DROP COLUMN rate_limited_since;"
            "ALTER TABLE activation DROP COLUMN rate_limit_alerted;"
            /* and versions 11 to 13 */
            "ALTER TABLE activation DROP COLUMN paused_for;"
            "DROP INDEX outbox_by_group; ALTER TABLE outbox DROP COLUMN person;"
            "CREATE INDEX outbox_by_group ON outbox (activation_id, seq, adding, id);"
            "ALTER TABLE audience_member DROP COLUMN first_rows; DROP TABLE outbox_staging;"
            "ALTER TABLE suppression DROP COLUMN linked;"
            "DELETE FROM schema_version WHERE version >= 9;");
  sqlite3_close (db);
  return dir;
}

static CohortActivation *
only_activation (CohortStore *store)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) activations = cohort_store_list_activations (store, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (activations->len, ==, 1);
  return g_ptr_array_steal_index (activations, 0);
}

/* Version 8 upgraded with its rows; then a label the default policy blocks
 * holds the activation, with an alert, and its removal lets it go. */
static void
test_upgraded_store (void)
{
  g_autofree char *dir = make_version_8 ();
  g_autoptr (GError) error = NULL;
  g_autoptr (CohortStore) store = cohort_store_open (dir, &error);
  g_autoptr (CohortActivation) before = NULL;
  g_autoptr (CohortActivation) held = NULL;
  g_autoptr (CohortActivation) released = NULL;
  g_autoptr (GPtrArray) changes = NULL;
  g_autoptr (GPtrArray) released_changes = NULL;
  g_autoptr (GPtrArray) labels = NULL;
  g_autoptr (GPtrArray) alerts = NULL;
  CohortPolicy policy;
  CohortPolicyVerdict verdict;
  CohortPolicyChange *change;

  g_assert_no_error (error);
  g_assert_cmpint (cohort_store_get_schema_version (store), ==, cohort_store_get_latest_schema_version ());
  before = only_activation (store);
  g_assert_cmpstr (before->state, ==, "synced");
  g_assert_cmpstr (before->hold, ==, "");
  g_assert_true (cohort_store_get_policy (store, "Paris", &policy, &error));
  g_assert_true (cohort_policy_is_default (&policy));

  g_assert_true (cohort_store_add_labels (store, "Clients FR", BIT (SENSITIVE), "Health survey", &changes, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changes->len, ==, 1);
  change = g_ptr_array_index (changes, 0);
  /* The missing consent is held too: no one accepted it for this one. */
  g_assert_cmpstr (change->hold, ==, "consent-marketing,sensitive");
  g_assert_nonnull (strstr (change->reason, "policy of “Paris” blocks"));
  held = only_activation (store);
  g_assert_cmpstr (held->state, ==, "paused");
  g_assert_cmpstr (held->reason, ==, change->reason);
  alerts = cohort_store_list_alerts (store, FALSE, &error);
  g_assert_cmpuint (alerts->len, ==, 1);
  g_assert_cmpint (((CohortAlert *) g_ptr_array_index (alerts, 0))->kind, ==, COHORT_ALERT_POLICY);
  labels = cohort_store_list_labels (store, "Clients FR", &error);
  g_assert_cmpuint (labels->len, ==, 1);
  g_assert_cmpstr (((CohortAudienceLabel *) g_ptr_array_index (labels, 0))->reason, ==, "Health survey");

  g_assert_true (cohort_store_check_activation (store, "Clients FR", "Paris", COHORT_LABELS_ALL, &verdict, &error));
  g_assert_cmpuint (verdict.blocked, ==, BIT (SENSITIVE));
  g_assert_false (cohort_store_activate (store, "Clients FR", "Paris", 15, NULL, COHORT_LABELS_ALL, NULL, &error));
  g_assert_error (error, COHORT_STORE_ERROR, COHORT_STORE_ERROR_POLICY_BLOCKED);
  g_clear_error (&error);

  g_assert_true (cohort_store_add_labels (store, "Clients FR", BIT (CONSENT_MARKETING), NULL, NULL, &error));
  g_assert_true (cohort_store_remove_labels (store, "Clients FR", BIT (SENSITIVE), &released_changes, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (released_changes->len, ==, 1);
  released = only_activation (store);
  g_assert_cmpstr (released->state, ==, "pending");
  g_assert_cmpstr (released->hold, ==, "");

  g_assert_false (cohort_store_add_labels (store, "Nobody", BIT (SENSITIVE), NULL, NULL, &error));
  g_assert_error (error, COHORT_STORE_ERROR, COHORT_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (cohort_store_set_policy (store, "Nowhere", NULL, NULL, &error));
  g_assert_error (error, COHORT_STORE_ERROR, COHORT_STORE_ERROR_NOT_FOUND);
}

int
main (int   argc,
      char *argv[])
{
  cohort_i18n_init ();
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/usage-label/names", test_names);
  g_test_add_func ("/usage-label/reason", test_reason);
  g_test_add_func ("/usage-label/default-policy", test_default_policy);
  g_test_add_func ("/usage-label/edited-policy", test_edited_policy);
  g_test_add_func ("/usage-label/upgraded-store", test_upgraded_store);

  return g_test_run ();
}
