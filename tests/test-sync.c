/* test-sync.c: activations kept in sync with the simulator: exact state after diffs, faults,
 * revocation, crashes */
#include "config.h"

#include <signal.h>
#include <sqlite3.h>
#include <glib/gstdio.h>

#include "core/i18n.h"
#include "sim-session.h"
#include "tiktok-sim.h"

#define ADVERTISER_FR "7000000000000000001"

typedef SimSession Fixture;

#define fixture_set_up sim_session_fixture_set_up
#define fixture_tear_down sim_session_fixture_tear_down

/* A customer file of people @first to @last - 1: an email each, and an
 * advertising ID for every third. */
static char *
write_customers_to (Fixture    *fixture,
                    const char *name,
                    guint       first,
                    guint       last)
{
  g_autoptr (GString) text = g_string_new ("email,gaid\n");
  g_autoptr (GError) error = NULL;
  char *path = g_build_filename (fixture->data_dir, name, NULL);

  for (guint i = first; i < last; i++)
    {
      g_string_append_printf (text, "client.%u@exemple.fr,", i);
      if (i % 3 == 0)
        g_string_append_printf (text, "6d92078a-8246-4ba4-ae5b-%012x", i);
      g_string_append_c (text, '\n');
    }
  g_file_set_contents (path, text->str, text->len, &error);
  g_assert_no_error (error);
  return path;
}

static char *
write_customers (Fixture *fixture,
                 guint    first,
                 guint    last)
{
  return write_customers_to (fixture, "customers.csv", first, last);
}

static void
import_audience (Fixture    *fixture,
                 const char *audience,
                 guint       first,
                 guint       last)
{
  g_autofree char *name = g_strconcat (audience, ".csv", NULL);
  g_autofree char *path = write_customers_to (fixture, name, first, last);
  g_auto (CliRun) run = { 0 };

  run_cohort (fixture, &run, "import", path, "--audience", audience);
  g_assert_cmpint (run.status, ==, 0);
}

static void
import (Fixture *fixture,
        guint    first,
        guint    last)
{
  g_autofree char *path = write_customers (fixture, first, last);
  g_auto (CliRun) run = { 0 };

  /* Lists of customers who agreed to marketing: the default policy lets
   * them through without a warning. */
  run_cohort (fixture, &run, "import", path, "--audience", "Clients FR", "--label", "consent-marketing");
  g_assert_cmpint (run.status, ==, 0);
}

static GHashTable *
expected_members (Fixture *fixture)
{
  return sim_session_expected_members (fixture, "Clients FR");
}

static void
assert_in_sync (Fixture *fixture)
{
  sim_session_assert_in_sync (fixture, "Clients FR");
}

static void
set_up_activation (Fixture *fixture)
{
  g_auto (CliRun) destination = { 0 };
  g_auto (CliRun) activate = { 0 };

  sim_session_connect (fixture);
  run_cohort (fixture, &destination, "destination", "add", "--name", "Paris", "--advertiser-id", ADVERTISER_FR);
  g_assert_cmpint (destination.status, ==, 0);
  run_cohort (fixture, &activate, "activate", "Clients FR", "--destination", "Paris");
  g_assert_cmpint (activate.status, ==, 0);
  {
    g_auto (CliRun) delete = { 0 };

    /* Sent somewhere: deleting it would orphan TikTok's copy. */
    run_cohort (fixture, &delete, "delete", "Clients FR");
    g_assert_cmpint (delete.status, !=, 0);
    g_assert_nonnull (strstr (delete.err, "deactivate it first"));
  }
}

static JsonObject *
status_of (Fixture *fixture)
{
  g_auto (CliRun) run = { 0 };
  g_autoptr (JsonNode) root = NULL;

  run_cohort (fixture, &run, "status", "--json");
  g_assert_cmpint (run.status, ==, 0);
  root = sim_session_parse_json (run.out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (root)), ==, 1);
  return json_object_ref (json_array_get_object_element (json_node_get_array (root), 0));
}

static JsonArray *
alerts_of (Fixture    *fixture,
           JsonNode  **out_root)
{
  g_auto (CliRun) run = { 0 };

  run_cohort (fixture, &run, "alerts", "--json");
  g_assert_cmpint (run.status, ==, 0);
  *out_root = sim_session_parse_json (run.out);
  return json_node_get_array (*out_root);
}

static void
test_first_and_diff (Fixture       *fixture,
                     gconstpointer  data)
{
  g_auto (CliRun) first = { 0 };
  g_auto (CliRun) second = { 0 };
  g_auto (CliRun) runs = { 0 };
  g_auto (CliRun) deactivate = { 0 };
  g_autoptr (JsonObject) status = NULL;
  g_autoptr (JsonObject) state = NULL;
  g_autoptr (JsonNode) run_list = NULL;
  g_autoptr (JsonNode) alerts_root = NULL;
  JsonArray *alerts;
  JsonObject *last;

  if (!sim_session_have_keyring ())
    return;
  import (fixture, 0, 40);
  set_up_activation (fixture);

  run_cohort (fixture, &first, "sync", "--once");
  g_assert_cmpint (first.status, ==, 0);
  assert_in_sync (fixture);
  status = status_of (fixture);
  g_assert_cmpstr (json_object_get_string_member (status, "state"), ==, "synced");
  g_assert_cmpint (json_object_get_int_member (status, "pending"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (status, "tiktok_size"), ==, 54);
  g_assert_false (json_object_get_boolean_member (status, "tiktok_valid"));

  /* Ten people leave, fifteen come: exactly that is sent. */
  import (fixture, 10, 55);
  run_cohort (fixture, &second, "sync", "--once");
  g_assert_cmpint (second.status, ==, 0);
  assert_in_sync (fixture);
  run_cohort (fixture, &runs, "runs", "--json");
  run_list = sim_session_parse_json (runs.out);
  last = json_array_get_object_element (json_node_get_array (run_list), 0);
  g_assert_cmpstr (json_object_get_string_member (last, "outcome"), ==, "succeeded");
  g_assert_cmpint (json_object_get_int_member (last, "added"), ==, 15 + 5);
  g_assert_cmpint (json_object_get_int_member (last, "removed"), ==, 10 + 4);
  g_assert_cmpint (json_object_get_int_member (last, "received"), ==, 15 + 5 + 10 + 4);
  g_assert_cmpint (json_object_get_int_member (last, "excluded"), ==, 0);

  /* Under TikTok's minimum after both runs: said once, not once a run. */
  alerts = alerts_of (fixture, &alerts_root);
  g_assert_cmpuint (json_array_get_length (alerts), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (alerts, 0), "kind"), ==,
                   "below-minimum");

  run_cohort (fixture, &deactivate, "deactivate", "Clients FR", "--destination", "Paris", "--delete-remote");
  g_assert_cmpint (deactivate.status, ==, 0);
  state = sim_session_state (fixture);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (state, "audiences")), ==, 0);
}

static JsonObject *
last_run (Fixture    *fixture,
          JsonNode  **out_root)
{
  g_auto (CliRun) run = { 0 };

  run_cohort (fixture, &run, "runs", "--json");
  g_assert_cmpint (run.status, ==, 0);
  *out_root = sim_session_parse_json (run.out);
  return json_array_get_object_element (json_node_get_array (*out_root), 0);
}

/* An activation that sends emails only: the advertising IDs are received
 * and counted as left out, by the run that comes after them. */
static void
test_not_mapped (Fixture       *fixture,
                 gconstpointer  data)
{
  g_auto (CliRun) destination = { 0 };
  g_auto (CliRun) activate = { 0 };
  g_auto (CliRun) first = { 0 };
  g_auto (CliRun) second = { 0 };
  g_auto (CliRun) text = { 0 };
  g_autoptr (JsonNode) first_root = NULL;
  g_autoptr (JsonNode) second_root = NULL;
  g_autoptr (JsonObject) status = NULL;
  g_autoptr (GHashTable) remote = NULL;
  JsonObject *run;

  if (!sim_session_have_keyring ())
    return;
  import (fixture, 0, 40);
  sim_session_connect (fixture);
  run_cohort (fixture, &destination, "destination", "add", "--name", "Paris", "--advertiser-id", ADVERTISER_FR);
  run_cohort (fixture, &activate, "activate", "Clients FR", "--destination", "Paris", "--map", "email=EMAIL_SHA256");
  g_assert_cmpint (activate.status, ==, 0);

  /* 40 emails and 14 advertising IDs (every third person). */
  run_cohort (fixture, &first, "sync", "--once");
  g_assert_cmpint (first.status, ==, 0);
  run = last_run (fixture, &first_root);
  g_assert_cmpint (json_object_get_int_member (run, "received"), ==, 40 + 14);
  g_assert_cmpint (json_object_get_int_member (run, "added"), ==, 40);
  g_assert_cmpint (json_object_get_int_member (run, "not_mapped"), ==, 14);
  g_assert_cmpint (json_object_get_int_member (run, "suppressed"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (run, "excluded"), ==, 14);
  remote = sim_session_remote_members (fixture, "Clients FR");
  g_assert_cmpuint (g_hash_table_size (remote), ==, 40);
  status = status_of (fixture);
  g_assert_cmpint (json_object_get_int_member (status, "not_mapped"), ==, 14);

  /* 10 leave and 15 come: 25 email changes sent, 4 + 5 advertising IDs not. */
  import (fixture, 10, 55);
  run_cohort (fixture, &second, "sync", "--once");
  g_assert_cmpint (second.status, ==, 0);
  run = last_run (fixture, &second_root);
  g_assert_cmpint (json_object_get_int_member (run, "received"), ==, 25 + 9);
  g_assert_cmpint (json_object_get_int_member (run, "added"), ==, 15);
  g_assert_cmpint (json_object_get_int_member (run, "removed"), ==, 10);
  g_assert_cmpint (json_object_get_int_member (run, "not_mapped"), ==, 9);
  g_clear_pointer (&status, json_object_unref);
  status = status_of (fixture);
  g_assert_cmpint (json_object_get_int_member (status, "not_mapped"), ==, 15);
  run_cohort (fixture, &text, "runs");
  g_assert_nonnull (strstr (text.out, "34 received"));
  g_assert_nonnull (strstr (text.out, "9 not mapped"));
}

static void
test_faults (Fixture       *fixture,
             gconstpointer  data)
{
  g_auto (CliRun) batch = { 0 };
  g_auto (CliRun) first = { 0 };
  g_auto (CliRun) second = { 0 };

  if (!sim_session_have_keyring ())
    return;
  import (fixture, 0, 60);
  set_up_activation (fixture);
  /* Small batches, so that many calls meet the faults. */
  run_cohort (fixture, &batch, "config", "set", "batch-rows", "6");
  g_assert_cmpint (batch.status, ==, 0);
  sim_session_control (fixture, "/sim/faults",
                       "{\"error_rate\": 0.3, \"error_codes\": [50002, 40133, 503], "
                       "\"drop_after_rate\": 0.15, \"latency_ms\": 2}");

  run_cohort (fixture, &first, "sync", "--once", "--wait");
  g_assert_cmpint (first.status, ==, 0);
  assert_in_sync (fixture);

  import (fixture, 30, 90);
  run_cohort (fixture, &second, "sync", "--once", "--wait");
  g_assert_cmpint (second.status, ==, 0);
  assert_in_sync (fixture);

  /* Every fault met on the way is in the runs, those retried too. */
  {
    g_auto (CliRun) runs = { 0 };
    g_autoptr (JsonNode) root = NULL;
    g_autoptr (JsonObject) state = sim_session_state (fixture);
    JsonArray *list;
    gint64 errors = 0;

    run_cohort (fixture, &runs, "runs", "--json");
    root = sim_session_parse_json (runs.out);
    list = json_node_get_array (root);
    for (guint i = 0; i < json_array_get_length (list); i++)
      errors += json_object_get_int_member (json_array_get_object_element (list, i), "errors");
    g_assert_cmpint (errors, >, 0);
    g_assert_cmpint (errors, ==, json_object_get_int_member (state, "injected") +
                                     json_object_get_int_member (state, "dropped") +
                                     json_object_get_int_member (state, "rate_limited"));
    g_assert_nonnull (strstr (runs.out, "Failed attempts:"));
  }
}

/* A request never weighs more than the setting allows: the batches are
 * cut by weight as well as by rows. */
static void
test_batch_bytes (Fixture       *fixture,
                  gconstpointer  data)
{
  g_auto (CliRun) bytes = { 0 };
  g_auto (CliRun) synced = { 0 };
  g_autoptr (JsonObject) state = NULL;
  g_autoptr (JsonNode) run_root = NULL;
  JsonObject *run;

  if (!sim_session_have_keyring ())
    return;
  import (fixture, 0, 300);
  set_up_activation (fixture);
  run_cohort (fixture, &bytes, "config", "set", "batch-bytes", "4096");
  g_assert_cmpint (bytes.status, ==, 0);
  run_cohort (fixture, &synced, "sync", "--once");
  g_assert_cmpint (synced.status, ==, 0);
  assert_in_sync (fixture);
  state = sim_session_state (fixture);
  g_assert_cmpint (json_object_get_int_member (state, "largest_mapping"), <=, 4096);
  g_assert_cmpint (json_object_get_int_member (state, "largest_mapping"), >, 3500);
  /* A person a row, with their advertising ID every third: about 120
   * bytes an ID, so that 400 IDs need more than ten requests. */
  g_assert_cmpint (json_object_get_int_member (state, "mapped_rows"), ==, 300);
  g_assert_cmpint (json_object_get_int_member (state, "mapped_ids"), ==, 300 + 100);
  g_assert_cmpint (json_object_get_int_member (state, "mappings"), >=, 400 * 120 / 4096);
  run = last_run (fixture, &run_root);
  g_assert_cmpint (json_object_get_int_member (run, "added"), ==, 400);
  g_assert_cmpint (json_object_get_int_member (run, "received"), ==, 400);
}

static guint
count_alerts (Fixture    *fixture,
              const char *kind)
{
  g_autoptr (JsonNode) root = NULL;
  JsonArray *alerts = alerts_of (fixture, &root);
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (alerts); i++)
    n += g_str_equal (json_object_get_string_member (json_array_get_object_element (alerts, i), "kind"), kind);
  return n;
}

static gint64
total_errors (Fixture *fixture)
{
  g_auto (CliRun) runs = { 0 };
  g_autoptr (JsonNode) root = NULL;
  JsonArray *list;
  gint64 errors = 0;

  run_cohort (fixture, &runs, "runs", "--json");
  root = sim_session_parse_json (runs.out);
  list = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (list); i++)
    errors += json_object_get_int_member (json_array_get_object_element (list, i), "errors");
  return errors;
}

/* TikTok answers 40100 to every request: once that has lasted longer than
 * the setting (600 s by default, 2 s here), one alert says so, however long
 * it goes on; an answer ends it. */
static void
test_rate_limited (Fixture       *fixture,
                   gconstpointer  data)
{
  g_auto (CliRun) alert_after = { 0 };
  g_auto (CliRun) pause = { 0 };
  g_auto (CliRun) synced = { 0 };
  g_autoptr (GSubprocess) daemon = NULL;
  g_autoptr (JsonObject) limited = NULL;
  g_autoptr (JsonObject) after = NULL;
  g_autoptr (JsonNode) alerts_root = NULL;
  JsonObject *alert = NULL;
  JsonArray *alerts;
  gint64 deadline, errors_at_alert;

  if (!sim_session_have_keyring ())
    return;
  import (fixture, 0, 30);
  set_up_activation (fixture);
  run_cohort (fixture, &alert_after, "config", "set", "rate-limit-alert-seconds", "2");
  g_assert_cmpint (alert_after.status, ==, 0);
  run_cohort (fixture, &pause, "config", "set", "rate-limit-pause-seconds", "1");
  g_assert_cmpint (pause.status, ==, 0);
  sim_session_control (fixture, "/sim/faults", "{\"error_rate\": 1, \"error_codes\": [40100]}");

  daemon = cli_spawn (NULL, G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                      "--data-dir", fixture->data_dir, fixture->api_base_option, "sync", NULL);
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (count_alerts (fixture, "rate-limited") == 0 && g_get_monotonic_time () < deadline)
    g_usleep (200 * 1000);
  g_assert_cmpuint (count_alerts (fixture, "rate-limited"), ==, 1);
  /* It goes on: still one alert. */
  errors_at_alert = total_errors (fixture);
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (total_errors (fixture) < errors_at_alert + 4 && g_get_monotonic_time () < deadline)
    g_usleep (200 * 1000);
  g_assert_cmpint (total_errors (fixture), >=, errors_at_alert + 4);
  g_subprocess_send_signal (daemon, SIGTERM);
  g_subprocess_wait (daemon, NULL, NULL);
  g_assert_cmpuint (count_alerts (fixture, "rate-limited"), ==, 1);

  alerts = alerts_of (fixture, &alerts_root);
  for (guint i = 0; i < json_array_get_length (alerts); i++)
    if (g_str_equal (json_object_get_string_member (json_array_get_object_element (alerts, i), "kind"),
                     "rate-limited"))
      alert = json_array_get_object_element (alerts, i);
  g_assert_cmpstr (json_object_get_string_member (alert, "subject"), ==, "Clients FR → Paris");
  g_assert_nonnull (strstr (json_object_get_string_member (alert, "message"), "too many"));
  g_assert_nonnull (strstr (json_object_get_string_member (alert, "message"), "40100"));
  g_assert_cmpstr (json_object_get_string_member (alert, "request_id"), !=, "");
  limited = status_of (fixture);
  g_assert_false (json_object_get_null_member (limited, "rate_limited_since"));
  g_assert_cmpint (json_object_get_int_member (limited, "pending"), ==, 40);

  /* TikTok answers again: everything goes, and the limit is over. */
  sim_session_control (fixture, "/sim/faults", "{\"error_rate\": 0}");
  run_cohort (fixture, &synced, "sync", "--once");
  g_assert_cmpint (synced.status, ==, 0);
  assert_in_sync (fixture);
  after = status_of (fixture);
  g_assert_true (json_object_get_null_member (after, "rate_limited_since"));
}

static void
test_revoked (Fixture       *fixture,
              gconstpointer  data)
{
  g_auto (CliRun) paused = { 0 };
  g_auto (CliRun) resumed = { 0 };
  g_auto (CliRun) ack = { 0 };
  g_auto (CliRun) ack_again = { 0 };
  g_autoptr (JsonObject) status = NULL;
  g_autoptr (JsonObject) after = NULL;
  g_autoptr (JsonNode) alerts_root = NULL;
  g_autofree char *id = NULL;
  JsonArray *alerts;
  JsonObject *paused_alert;

  if (!sim_session_have_keyring ())
    return;
  import (fixture, 0, 30);
  set_up_activation (fixture);
  sim_session_control (fixture, "/sim/revoke-all", "{}");

  run_cohort (fixture, &paused, "sync", "--once");
  g_assert_cmpint (paused.status, ==, 1);
  status = status_of (fixture);
  g_assert_cmpstr (json_object_get_string_member (status, "state"), ==, "paused");
  g_assert_nonnull (strstr (json_object_get_string_member (status, "reason"), "Connect to TikTok again"));
  g_assert_cmpint (json_object_get_int_member (status, "pending"), ==, 40);
  alerts = alerts_of (fixture, &alerts_root);
  g_assert_cmpuint (json_array_get_length (alerts), ==, 1);
  paused_alert = json_array_get_object_element (alerts, 0);
  g_assert_cmpstr (json_object_get_string_member (paused_alert, "kind"), ==, "paused");
  g_assert_cmpstr (json_object_get_string_member (paused_alert, "subject"), ==, "Clients FR → Paris");
  g_assert_cmpstr (json_object_get_string_member (paused_alert, "request_id"), !=, "");
  id = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (paused_alert, "id"));
  run_cohort (fixture, &ack, "alerts", "ack", id);
  g_assert_cmpint (ack.status, ==, 0);
  run_cohort (fixture, &ack_again, "alerts", "ack", id);
  g_assert_cmpint (ack_again.status, ==, 1);

  /* Reconnecting is all it takes. */
  sim_session_connect (fixture);
  run_cohort (fixture, &resumed, "sync", "--once");
  g_assert_cmpint (resumed.status, ==, 0);
  assert_in_sync (fixture);
  after = status_of (fixture);
  g_assert_cmpstr (json_object_get_string_member (after, "state"), ==, "synced");
}

#define ADVERTISER_SE "7000000000000000002"

/* Members of a customer file of people @first to @last - 1: an email each,
 * an advertising ID for every third. */
static guint
members_between (guint first,
                 guint last)
{
  return (last - first) + (last + 2) / 3 - (first + 2) / 3;
}

/* The rows that take an audience of those people from @old_first to
 * @old_last - 1 to @first to @last - 1: a row for each person added, whose
 * email and advertising ID go together, and one for each ID removed. */
static guint
change_rows (guint old_first,
             guint old_last,
             guint first,
             guint last)
{
  return (last - old_last) + members_between (old_first, first);
}

/* What is still to send of that change: the IDs of the people added that
 * TikTok does not have yet, and of the people removed that it still has. */
static gint64
unsent (Fixture    *fixture,
        const char *audience,
        guint       old_first,
        guint       old_last,
        guint       first,
        guint       last)
{
  g_autoptr (GHashTable) remote = sim_session_remote_members (fixture, audience);
  gint64 n = 0;

  for (guint i = old_first; i < last; i++)
    {
      g_autofree char *email = g_strdup_printf ("client.%u@exemple.fr", i);
      g_autofree char *gaid = g_strdup_printf ("6d92078a-8246-4ba4-ae5b-%012x", i);
      g_autofree char *email_hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, email, -1);
      g_autofree char *gaid_hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, gaid, -1);
      g_autofree char *email_key = g_strconcat ("EMAIL_SHA256:", email_hash, NULL);
      g_autofree char *gaid_key = g_strconcat ("AAID_SHA256:", gaid_hash, NULL);
      gboolean removed = i < first;

      if (!removed && i < old_last)
        continue;
      n += g_hash_table_contains (remote, email_key) == removed;
      if (i % 3 == 0)
        n += g_hash_table_contains (remote, gaid_key) == removed;
    }
  return n;
}

static JsonObject *
status_of_activation (Fixture    *fixture,
                      const char *audience,
                      JsonNode  **out_root)
{
  g_auto (CliRun) run = { 0 };
  JsonArray *list;

  run_cohort (fixture, &run, "status", "--json");
  g_assert_cmpint (run.status, ==, 0);
  *out_root = sim_session_parse_json (run.out);
  list = json_node_get_array (*out_root);
  for (guint i = 0; i < json_array_get_length (list); i++)
    if (g_str_equal (json_object_get_string_member (json_array_get_object_element (list, i), "audience"), audience))
      return json_array_get_object_element (list, i);
  g_assert_not_reached ();
}

static void
assert_state (Fixture    *fixture,
              const char *audience,
              const char *state,
              gint64      pending)
{
  g_autoptr (JsonNode) root = NULL;
  JsonObject *status = status_of_activation (fixture, audience, &root);

  g_test_message ("%s: %s, %" G_GINT64_FORMAT " pending", audience, json_object_get_string_member (status, "state"),
                  json_object_get_int_member (status, "pending"));
  g_assert_cmpstr (json_object_get_string_member (status, "state"), ==, state);
  g_assert_cmpint (json_object_get_int_member (status, "pending"), ==, pending);
}

/* What a paused activation waits for, as `status --json` names it. */
static void
assert_paused_for (Fixture    *fixture,
                   const char *audience,
                   const char *cause)
{
  g_autoptr (JsonNode) root = NULL;
  JsonObject *status = status_of_activation (fixture, audience, &root);

  g_assert_cmpstr (json_object_get_string_member (status, "paused_for"), ==, cause);
}

static gint64
mapped_rows (Fixture *fixture)
{
  g_autoptr (JsonObject) state = sim_session_state (fixture);

  return json_object_get_int_member (state, "mapped_rows");
}

static gint64
mapped_ids (Fixture *fixture)
{
  g_autoptr (JsonObject) state = sim_session_state (fixture);

  return json_object_get_int_member (state, "mapped_ids");
}

/* Three activations on two ad accounts. The token is revoked in the middle
 * of the first one's changes: it and the next, which has changes too,
 * pause; the third, with nothing to send, does not. After reconnecting,
 * what TikTok had acknowledged is not sent again: TikTok receives each
 * change exactly once. Then the user takes one ad account back from the
 * app: only its activation pauses, until a new grant. */
static void
test_revoked_mid_run (Fixture       *fixture,
                      gconstpointer  data)
{
  g_auto (CliRun) paris = { 0 };
  g_auto (CliRun) stockholm = { 0 };
  g_auto (CliRun) batch = { 0 };
  g_auto (CliRun) first = { 0 };
  g_auto (CliRun) revoked = { 0 };
  g_auto (CliRun) resumed = { 0 };
  g_auto (CliRun) withdrawn = { 0 };
  g_auto (CliRun) regranted = { 0 };
  const char *activations[][2] = { { "A", "Paris" }, { "B", "Paris" }, { "C", "Stockholm" } };
  gint64 rows, ids, changes_a, changes_b, changes_c, pending_a;

  if (!sim_session_have_keyring ())
    return;
  import_audience (fixture, "A", 0, 300);
  import_audience (fixture, "B", 1000, 1300);
  import_audience (fixture, "C", 2000, 2200);
  sim_session_connect (fixture);
  run_cohort (fixture, &paris, "destination", "add", "--name", "Paris", "--advertiser-id", ADVERTISER_FR);
  g_assert_cmpint (paris.status, ==, 0);
  run_cohort (fixture, &stockholm, "destination", "add", "--name", "Stockholm", "--advertiser-id", ADVERTISER_SE);
  g_assert_cmpint (stockholm.status, ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (activations); i++)
    {
      g_auto (CliRun) activate = { 0 };

      run_cohort (fixture, &activate, "activate", activations[i][0], "--destination", activations[i][1],
                  "--accept-warnings");
      g_assert_cmpint (activate.status, ==, 0);
    }
  run_cohort (fixture, &batch, "config", "set", "batch-rows", "50");
  run_cohort (fixture, &first, "sync", "--once");
  g_assert_cmpint (first.status, ==, 0);
  /* A person a row, and each ID once. */
  rows = 300 + 300 + 200;
  ids = members_between (0, 300) + members_between (1000, 1300) + members_between (2000, 2200);
  g_assert_cmpint (mapped_rows (fixture), ==, rows);
  g_assert_cmpint (mapped_ids (fixture), ==, ids);

  /* A and B change; TikTok revokes the token after three of A's requests. */
  import_audience (fixture, "A", 100, 400);
  import_audience (fixture, "B", 1100, 1400);
  changes_a = members_between (0, 100) + members_between (300, 400);
  changes_b = members_between (1000, 1100) + members_between (1300, 1400);
  sim_session_control (fixture, "/sim/faults", "{\"revoke_after_mappings\": 3}");
  run_cohort (fixture, &revoked, "sync", "--once");
  g_assert_cmpint (revoked.status, ==, 1);
  /* A version's removals go first: three requests of 50, 50 and 34 rows
   * carry A's. What TikTok acknowledged left the outbox. */
  g_assert_cmpint (mapped_rows (fixture), ==, rows + members_between (0, 100));
  pending_a = unsent (fixture, "A", 0, 300, 100, 400);
  g_assert_cmpint (pending_a, <, changes_a);
  g_assert_cmpint (mapped_ids (fixture), ==, ids + changes_a - pending_a);
  assert_state (fixture, "A", "paused", pending_a);
  assert_state (fixture, "B", "paused", changes_b);
  assert_state (fixture, "C", "synced", 0);
  assert_paused_for (fixture, "A", "connection");
  assert_paused_for (fixture, "B", "connection");
  assert_paused_for (fixture, "C", "");
  g_assert_cmpuint (count_alerts (fixture, "paused"), ==, 2);

  /* Reconnecting resumes both, from where each stopped. */
  sim_session_connect (fixture);
  run_cohort (fixture, &resumed, "sync", "--once");
  g_assert_cmpint (resumed.status, ==, 0);
  rows += change_rows (0, 300, 100, 400) + change_rows (1000, 1300, 1100, 1400);
  ids += changes_a + changes_b;
  g_assert_cmpint (mapped_rows (fixture), ==, rows);
  g_assert_cmpint (mapped_ids (fixture), ==, ids);
  for (guint i = 0; i < G_N_ELEMENTS (activations); i++)
    {
      sim_session_assert_in_sync (fixture, activations[i][0]);
      assert_state (fixture, activations[i][0], "synced", 0);
    }

  /* Stockholm is taken back from the app: C pauses, A and B go on. */
  import_audience (fixture, "A", 150, 450);
  import_audience (fixture, "C", 2100, 2300);
  changes_a = members_between (100, 150) + members_between (400, 450);
  changes_c = members_between (2000, 2100) + members_between (2200, 2300);
  sim_session_control (fixture, "/sim/withdraw-advertiser", "{\"advertiser_id\": \"" ADVERTISER_SE "\"}");
  run_cohort (fixture, &withdrawn, "sync", "--once");
  g_assert_cmpint (withdrawn.status, ==, 1);
  rows += change_rows (100, 400, 150, 450);
  ids += changes_a;
  g_assert_cmpint (mapped_rows (fixture), ==, rows);
  g_assert_cmpint (mapped_ids (fixture), ==, ids);
  assert_state (fixture, "A", "synced", 0);
  assert_state (fixture, "B", "synced", 0);
  assert_state (fixture, "C", "paused", changes_c);
  assert_paused_for (fixture, "C", "permission");
  sim_session_assert_in_sync (fixture, "A");

  sim_session_connect (fixture);
  run_cohort (fixture, &regranted, "sync", "--once");
  g_assert_cmpint (regranted.status, ==, 0);
  rows += change_rows (2000, 2200, 2100, 2300);
  ids += changes_c;
  g_assert_cmpint (mapped_rows (fixture), ==, rows);
  g_assert_cmpint (mapped_ids (fixture), ==, ids);
  for (guint i = 0; i < G_N_ELEMENTS (activations); i++)
    {
      sim_session_assert_in_sync (fixture, activations[i][0]);
      assert_state (fixture, activations[i][0], "synced", 0);
      assert_paused_for (fixture, activations[i][0], "");
    }
}

/* An import that rejects too much says so; a destination that wants no
 * alert gets none. */
static void
test_alerts (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->data_dir, "bad.csv", NULL);
  g_auto (CliRun) imported = { 0 };
  g_auto (CliRun) quiet = { 0 };
  g_auto (CliRun) activate = { 0 };
  g_auto (CliRun) synced = { 0 };
  g_autoptr (JsonNode) alerts_root = NULL;
  g_autoptr (JsonNode) after_root = NULL;
  JsonArray *alerts;

  if (!sim_session_have_keyring ())
    return;
  g_assert_true (g_file_set_contents (path, "email\nann@exemple.fr\nnot-an-email\nbob@exemple.fr\n@\n", -1, NULL));
  run_cohort (fixture, &imported, "import", path, "--audience", "Clients FR");
  g_assert_cmpint (imported.status, ==, 0);
  alerts = alerts_of (fixture, &alerts_root);
  g_assert_cmpuint (json_array_get_length (alerts), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (alerts, 0), "kind"), ==,
                   "high-rejection");
  g_assert_nonnull (strstr (json_object_get_string_member (json_array_get_object_element (alerts, 0), "message"),
                            "50.0"));

  sim_session_connect (fixture);
  run_cohort (fixture, &quiet, "destination", "add", "--name", "Quiet", "--advertiser-id", ADVERTISER_FR,
              "--alerts", "none");
  run_cohort (fixture, &activate, "activate", "Clients FR", "--destination", "Quiet", "--accept-warnings");
  run_cohort (fixture, &synced, "sync", "--once");
  g_assert_cmpint (synced.status, ==, 0);
  /* Two members: below TikTok's minimum, but this destination wants no alert. */
  alerts = alerts_of (fixture, &after_root);
  g_assert_cmpuint (json_array_get_length (alerts), ==, 1);
}

static gint64
versions_of (Fixture *fixture)
{
  g_auto (CliRun) run = { 0 };
  g_autoptr (JsonNode) root = NULL;

  run_cohort (fixture, &run, "audiences", "--json");
  g_assert_cmpint (run.status, ==, 0);
  root = sim_session_parse_json (run.out);
  return json_object_get_int_member (json_array_get_object_element (json_node_get_array (root), 0), "versions");
}

static gboolean
remote_matches (Fixture *fixture)
{
  g_autoptr (GHashTable) expected = expected_members (fixture);
  g_autoptr (JsonObject) state = sim_session_state (fixture);
  JsonArray *audiences = json_object_get_array_member (state, "audiences");
  JsonArray *members;

  if (json_array_get_length (audiences) != 1)
    return FALSE;
  members = json_object_get_array_member (json_array_get_object_element (audiences, 0), "members");
  if (json_array_get_length (members) != g_hash_table_size (expected))
    return FALSE;
  for (guint i = 0; i < json_array_get_length (members); i++)
    if (!g_hash_table_contains (expected, json_array_get_string_element (members, i)))
      return FALSE;
  return TRUE;
}

/* A watched file: imported with its options, again when its content
 * changes (not when only its time does), by `sync --once` at start and by
 * the running `sync` as soon as it is saved. */
static void
test_watched (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *path = write_customers (fixture, 0, 20);
  g_auto (CliRun) watch = { 0 };
  g_auto (CliRun) destination = { 0 };
  g_auto (CliRun) activate = { 0 };
  g_auto (CliRun) first = { 0 };
  g_auto (CliRun) second = { 0 };
  g_auto (CliRun) touched = { 0 };
  g_auto (CliRun) unwatch = { 0 };
  g_auto (CliRun) unwatch_again = { 0 };
  g_autoptr (GSubprocess) daemon = NULL;
  g_autoptr (GHashTable) expected = NULL;
  gint64 deadline;

  if (!sim_session_have_keyring ())
    return;
  run_cohort (fixture, &watch, "watch", "Clients FR", path, "--map", "gaid=ignore");
  g_assert_cmpint (watch.status, ==, 0);
  sim_session_connect (fixture);
  run_cohort (fixture, &destination, "destination", "add", "--name", "Paris", "--advertiser-id", ADVERTISER_FR);
  run_cohort (fixture, &activate, "activate", "Clients FR", "--destination", "Paris", "--accept-warning",
              "consent-marketing");
  g_assert_cmpint (activate.status, ==, 0);
  run_cohort (fixture, &first, "sync", "--once");
  g_assert_cmpint (first.status, ==, 0);
  expected = expected_members (fixture);
  /* --map gaid=ignore was kept: emails only. */
  g_assert_cmpuint (g_hash_table_size (expected), ==, 20);
  assert_in_sync (fixture);

  g_free (write_customers (fixture, 10, 35));
  run_cohort (fixture, &second, "sync", "--once");
  g_assert_cmpint (second.status, ==, 0);
  g_assert_cmpint (versions_of (fixture), ==, 2);
  assert_in_sync (fixture);

  /* The same content, a new time: no new version. */
  {
    g_autoptr (GFile) file = g_file_new_for_path (path);

    g_assert_true (g_file_set_attribute_uint64 (file, G_FILE_ATTRIBUTE_TIME_MODIFIED,
                                                g_get_real_time () / G_USEC_PER_SEC + 60, G_FILE_QUERY_INFO_NONE,
                                                NULL, NULL));
  }
  run_cohort (fixture, &touched, "sync", "--once");
  g_assert_cmpint (versions_of (fixture), ==, 2);

  daemon = cli_spawn (NULL, G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                      "--data-dir", fixture->data_dir, fixture->api_base_option, "sync", NULL);
  g_usleep (500 * 1000);
  g_free (write_customers (fixture, 0, 50));
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (!(versions_of (fixture) == 3 && remote_matches (fixture)) && g_get_monotonic_time () < deadline)
    g_usleep (200 * 1000);
  g_subprocess_send_signal (daemon, SIGTERM);
  g_subprocess_wait (daemon, NULL, NULL);
  g_assert_cmpint (versions_of (fixture), ==, 3);
  assert_in_sync (fixture);

  run_cohort (fixture, &unwatch, "unwatch", "Clients FR");
  g_assert_cmpint (unwatch.status, ==, 0);
  run_cohort (fixture, &unwatch_again, "unwatch", "Clients FR");
  g_assert_cmpint (unwatch_again.status, ==, 1);
}

/* The whole flow with every debug message on: neither the token, nor the
 * app secret, nor a customer's email, phone or advertising ID is in any
 * file Cohort wrote or in anything it printed. */
static void
test_no_leaks (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *dir = g_dir_make_tmp ("cohort-source-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "clients.csv", NULL);
  g_autofree char *token = NULL;
  g_autoptr (GString) printed = g_string_new (NULL);
  const char *env[] = { "G_MESSAGES_DEBUG=all", NULL };
  const char *commands[][6] = {
    { "import", NULL, "--audience", "Clients FR", "--country", "FR" },
    { "destination", "add", "--name", "Paris", "--advertiser-id", ADVERTISER_FR },
    { "activate", "Clients FR", "--destination", "Paris", "--accept-warning", "consent-marketing" },
    { "sync", "--once", NULL, NULL, NULL, NULL },
    { "status", NULL, NULL, NULL, NULL, NULL },
    { "runs", "--json", NULL, NULL, NULL, NULL },
    { "alerts", NULL, NULL, NULL, NULL, NULL },
    { "accounts", "--json", NULL, NULL, NULL, NULL },
    { "audit", "--json", NULL, NULL, NULL, NULL },
    { "audit", "--csv", NULL, NULL, NULL, NULL },
  };
  const char *needles[8] = { COHORT_TIKTOK_SIM_APP_SECRET, "ann.martin@exemple.fr", "ANN.MARTIN",
                             "0612345678", "612345678", "6d92078a-8246-4ba4-ae5b-76104861e7dc", NULL, NULL };

  if (!sim_session_have_keyring ())
    return;
  g_assert_true (g_file_set_contents (path,
                                      "email,phone,gaid\n"
                                      "ANN.MARTIN@exemple.fr,06 12 34 56 78,6d92078a-8246-4ba4-ae5b-76104861e7dc\n"
                                      "bob@exemple.fr,,\n",
                                      -1, NULL));
  commands[0][1] = path;
  sim_session_connect (fixture);
  token = sim_session_keyring_lookup ("io.github.cohortapp.Cohort.Token");
  g_assert_nonnull (token);
  needles[6] = token;

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_auto (CliRun) run = { 0 };

      cli_run (&run, env, "--data-dir", fixture->data_dir, fixture->api_base_option, commands[i][0],
               commands[i][1], commands[i][2], commands[i][3], commands[i][4], commands[i][5], NULL);
      g_assert_cmpint (run.status, ==, 0);
      g_string_append_printf (printed, "%s\n%s\n", run.out, run.err);
    }
  /* Each step is in the audit log, in order, and the log stays as written. */
  {
    g_auto (CliRun) audit = { 0 };
    const char *steps[] = { "\"credentials\"", "\"connect\"", "\"import\"", "\"destination-add\"",
                            "\"activate\"", "\"sync\"" };
    const char *from = NULL;
    g_autofree char *db = g_build_filename (fixture->data_dir, "cohort.db", NULL);
    sqlite3 *handle = NULL;
    char *message = NULL;

    run_cohort (fixture, &audit, "audit", "--json");
    for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
      {
        const char *found = strstr (from != NULL ? from : audit.out, steps[i]);

        g_assert_nonnull (found);
        from = found;
      }
    g_assert_cmpint (sqlite3_open (db, &handle), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (handle, "DELETE FROM audit;", NULL, NULL, &message), !=, SQLITE_OK);
    g_assert_nonnull (strstr (message, "append-only"));
    sqlite3_free (message);
    g_assert_cmpint (sqlite3_exec (handle, "UPDATE audit SET action = 'x';", NULL, NULL, NULL), !=, SQLITE_OK);
    sqlite3_close (handle);
  }
  /* The debug messages are really on: libsoup's and GIO's are there. */
  g_assert_nonnull (strstr (printed->str, "DEBUG"));
  sim_session_assert_absent ("the output", printed->str, printed->len, needles);
  sim_session_assert_absent_from_files (fixture->data_dir, needles);
  sim_session_assert_absent_from_files (g_get_user_config_dir (), needles);
  sim_session_assert_absent_from_files (g_get_user_cache_dir (), needles);
  sim_session_assert_absent_from_files (g_get_user_data_dir (), needles);

  g_unlink (path);
  g_rmdir (dir);
}

/* TikTok holds exactly the audience without the suppressed people. */
static void
assert_in_sync_without (Fixture            *fixture,
                        const char * const *suppressed)
{
  g_autoptr (GHashTable) expected = expected_members (fixture);
  g_autoptr (GHashTable) remote = sim_session_remote_members (fixture, "Clients FR");
  GHashTableIter iter;
  gpointer key;

  for (guint i = 0; suppressed[i] != NULL; i++)
    {
      g_assert_true (g_hash_table_remove (expected, suppressed[i]));
      g_assert_false (g_hash_table_contains (remote, suppressed[i]));
    }
  g_hash_table_iter_init (&iter, expected);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_assert_true (g_hash_table_contains (remote, key));
  g_assert_cmpuint (g_hash_table_size (remote), ==, g_hash_table_size (expected));
}

/* A suppressed person already at TikTok leaves it at the next sync, and is
 * never sent again, even by a new activation of the same list. */
static void
test_suppressed (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *email_hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, "client.3@exemple.fr", -1);
  g_autofree char *gaid_hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256,
                                                              "6d92078a-8246-4ba4-ae5b-000000000003", -1);
  g_autofree char *email = g_strconcat ("EMAIL_SHA256:", email_hash, NULL);
  g_autofree char *gaid = g_strconcat ("AAID_SHA256:", gaid_hash, NULL);
  const char *suppressed[] = { email, gaid, NULL };
  g_auto (CliRun) first = { 0 };
  g_auto (CliRun) add_email = { 0 };
  g_auto (CliRun) add_gaid = { 0 };
  g_auto (CliRun) again = { 0 };
  g_auto (CliRun) bad = { 0 };
  g_auto (CliRun) count = { 0 };
  g_auto (CliRun) second = { 0 };
  g_auto (CliRun) deactivate = { 0 };
  g_auto (CliRun) activate = { 0 };
  g_auto (CliRun) third = { 0 };
  g_auto (CliRun) runs = { 0 };
  g_autoptr (JsonNode) counts = NULL;
  g_autoptr (JsonNode) run_list = NULL;
  g_autoptr (GHashTable) before = NULL;

  if (!sim_session_have_keyring ())
    return;
  import (fixture, 0, 20);
  set_up_activation (fixture);
  run_cohort (fixture, &first, "sync", "--once");
  g_assert_cmpint (first.status, ==, 0);
  before = sim_session_remote_members (fixture, "Clients FR");
  g_assert_true (g_hash_table_contains (before, email));
  g_assert_true (g_hash_table_contains (before, gaid));

  /* Typed as a user would: normalised and hashed like the imports. */
  run_cohort (fixture, &add_email, "suppress", "add", "--email", " Client.3@EXEMPLE.fr ");
  g_assert_cmpint (add_email.status, ==, 0);
  run_cohort (fixture, &add_gaid, "suppress", "add", "--gaid", "6D92078A-8246-4BA4-AE5B-000000000003");
  g_assert_cmpint (add_gaid.status, ==, 0);
  run_cohort (fixture, &again, "suppress", "add", "--email", "client.3@exemple.fr");
  g_assert_nonnull (strstr (again.out, "already"));
  run_cohort (fixture, &bad, "suppress", "add", "--email", "not an address");
  g_assert_cmpint (bad.status, ==, 1);
  run_cohort (fixture, &count, "suppress", "count", "--json");
  counts = sim_session_parse_json (count.out);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (counts), "email"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (counts), "gaid"), ==, 1);

  run_cohort (fixture, &second, "sync", "--once");
  g_assert_cmpint (second.status, ==, 0);
  assert_in_sync_without (fixture, suppressed);

  run_cohort (fixture, &deactivate, "deactivate", "Clients FR", "--destination", "Paris", "--delete-remote");
  run_cohort (fixture, &activate, "activate", "Clients FR", "--destination", "Paris");
  run_cohort (fixture, &third, "sync", "--once");
  g_assert_cmpint (third.status, ==, 0);
  assert_in_sync_without (fixture, suppressed);
  run_cohort (fixture, &runs, "runs", "--json");
  run_list = sim_session_parse_json (runs.out);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (json_node_get_array (run_list), 0),
                                               "excluded"), ==, 2);
  /* Nothing of the typed values in the store's files (the source list aside). */
  {
    g_autofree char *source = g_build_filename (fixture->data_dir, "customers.csv", NULL);

    g_unlink (source);
  }
  sim_session_assert_absent_from_files (fixture->data_dir, (const char *[]) { "client.3@", "Client.3", "000000000003", NULL });
}

/* People @first to @last - 1, a row each: an email and a phone each, an
 * advertising ID every fourth, a second email every fifth (in a column of
 * its own, mapped to email too). People @moved_first to @moved_last - 1
 * have another phone. */
static void
import_people (Fixture *fixture,
               guint    first,
               guint    last,
               guint    moved_first,
               guint    moved_last)
{
  g_autoptr (GString) text = g_string_new ("email,second,phone,gaid\n");
  g_autofree char *path = g_build_filename (fixture->data_dir, "people.csv", NULL);
  g_auto (CliRun) run = { 0 };

  for (guint i = first; i < last; i++)
    {
      g_string_append_printf (text, "client.%u@exemple.fr,", i);
      if (i % 5 == 0)
        g_string_append_printf (text, "autre.%u@exemple.fr", i);
      g_string_append_printf (text, ",+3361%07u,", i >= moved_first && i < moved_last ? 5000000 + i : i);
      if (i % 4 == 0)
        g_string_append_printf (text, "6d92078a-8246-4ba4-ae5b-%012x", i);
      g_string_append_c (text, '\n');
    }
  g_assert_true (g_file_set_contents (path, text->str, text->len, NULL));
  run_cohort (fixture, &run, "import", path, "--audience", "Clients FR", "--label", "consent-marketing", "--map",
              "email=email", "--map", "second=email", "--map", "phone=phone", "--map", "gaid=gaid", "--no-detect");
  g_assert_cmpint (run.status, ==, 0);
}

static char *
key_of (const char *schema,
        const char *value)
{
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, value, -1);

  return g_strconcat (schema, ":", hash, NULL);
}

static gint
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* A row as "SCHEMA:hex" of its IDs, sorted, joined by spaces. */
static char *
row_text (GPtrArray *keys)
{
  g_ptr_array_sort (keys, compare_strings);
  g_ptr_array_add (keys, NULL);
  return g_strjoinv (" ", (char **) keys->pdata);
}

/* The rows of the simulator's last request, in row_text() form. */
static GPtrArray *
last_rows (Fixture    *fixture,
           const char *action)
{
  g_autoptr (JsonObject) state = sim_session_state (fixture);
  JsonObject *last = json_object_get_object_member (state, "last_mapping");
  JsonArray *schema = json_object_get_array_member (last, "id_schema");
  JsonArray *rows = json_object_get_array_member (last, "rows");
  GPtrArray *texts = g_ptr_array_new_with_free_func (g_free);

  g_assert_cmpstr (json_object_get_string_member (last, "action"), ==, action);
  for (guint r = 0; r < json_array_get_length (rows); r++)
    {
      JsonArray *row = json_array_get_array_element (rows, r);
      g_autoptr (GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);

      for (guint c = 0; c < json_array_get_length (row); c++)
        if (!JSON_NODE_HOLDS_NULL (json_array_get_element (row, c)))
          g_ptr_array_add (keys, g_strconcat (json_array_get_string_element (schema, c), ":",
                                              json_array_get_string_element (row, c), NULL));
      g_ptr_array_add (texts, row_text (keys));
    }
  return texts;
}

static char *
person_row (const char *email,
            guint       i)
{
  g_autoptr (GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *phone = g_strdup_printf ("+3361%07u", i);

  g_ptr_array_add (keys, key_of ("EMAIL_SHA256", email));
  g_ptr_array_add (keys, key_of ("PHONE_SHA256", phone));
  if (i % 4 == 0)
    {
      g_autofree char *gaid = g_strdup_printf ("6d92078a-8246-4ba4-ae5b-%012x", i);

      g_ptr_array_add (keys, key_of ("AAID_SHA256", gaid));
    }
  return row_text (keys);
}

static char *
email_row (const char *email)
{
  g_autoptr (GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (keys, key_of ("EMAIL_SHA256", email));
  return row_text (keys);
}

/* Asserts that @rows add people @first to @last - 1 of import_people():
 * each row holds a person's email, phone and advertising ID, and a second
 * email has a row of its own (either email may go with the phone). That
 * no ID goes twice, the remote state says. */
static void
assert_people_rows (GPtrArray *rows,
                    guint      first,
                    guint      last)
{
  g_autoptr (GHashTable) allowed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  guint n = 0;

  for (guint i = first; i < last; i++)
    {
      g_autofree char *email = g_strdup_printf ("client.%u@exemple.fr", i);
      g_autofree char *other = g_strdup_printf ("autre.%u@exemple.fr", i);

      g_hash_table_add (allowed, person_row (email, i));
      n++;
      if (i % 5 == 0)
        {
          g_hash_table_add (allowed, person_row (other, i));
          g_hash_table_add (allowed, email_row (email));
          g_hash_table_add (allowed, email_row (other));
          n++;
        }
    }
  g_assert_cmpuint (rows->len, ==, n);
  for (guint r = 0; r < rows->len; r++)
    {
      g_assert_true (g_hash_table_contains (allowed, g_ptr_array_index (rows, r)));
      g_assert_true (g_hash_table_add (seen, g_ptr_array_index (rows, r)));
    }
}

/* A person's identifiers of one row go to TikTok in one row of batch_data,
 * a second email of the row in another; removals go one identifier a row.
 * The runs count identifiers. */
static void
test_people (Fixture       *fixture,
             gconstpointer  data)
{
  g_auto (CliRun) first = { 0 };
  g_auto (CliRun) second = { 0 };
  g_autoptr (GPtrArray) rows = NULL;
  g_autoptr (JsonNode) first_root = NULL;
  g_autoptr (JsonNode) second_root = NULL;
  JsonObject *run;
  gint64 rows_before, ids_before;

  if (!sim_session_have_keyring ())
    return;
  /* 40 people: 40 emails, 8 second emails, 40 phones, 10 advertising IDs. */
  import_people (fixture, 0, 40, 0, 0);
  set_up_activation (fixture);
  run_cohort (fixture, &first, "sync", "--once");
  g_assert_cmpint (first.status, ==, 0);
  assert_in_sync (fixture);
  g_assert_cmpint (mapped_rows (fixture), ==, 40 + 8);
  g_assert_cmpint (mapped_ids (fixture), ==, 40 + 8 + 40 + 10);
  rows = last_rows (fixture, "add");
  assert_people_rows (rows, 0, 40);
  run = last_run (fixture, &first_root);
  g_assert_cmpint (json_object_get_int_member (run, "added"), ==, 98);
  g_assert_cmpint (json_object_get_int_member (run, "received"), ==, 98);

  /* People 0 to 9 leave (25 IDs), 40 to 49 come (12 rows, 25 IDs), 20 to
   * 24 change phones: the new ones go alone, as the emails beside them
   * are at TikTok already, and the old ones leave. */
  rows_before = mapped_rows (fixture);
  ids_before = mapped_ids (fixture);
  import_people (fixture, 10, 50, 20, 25);
  run_cohort (fixture, &second, "sync", "--once");
  g_assert_cmpint (second.status, ==, 0);
  assert_in_sync (fixture);
  g_assert_cmpint (mapped_rows (fixture) - rows_before, ==, (12 + 5) + (25 + 5));
  g_assert_cmpint (mapped_ids (fixture) - ids_before, ==, (25 + 5) + (25 + 5));
  run = last_run (fixture, &second_root);
  g_assert_cmpint (json_object_get_int_member (run, "added"), ==, 30);
  g_assert_cmpint (json_object_get_int_member (run, "removed"), ==, 30);
  g_assert_cmpint (json_object_get_int_member (run, "received"), ==, 60);
}

/* Small requests cut between the two rows of a person with two emails:
 * the row left over goes with the next request, and each ID goes once. */
static void
test_people_cut (Fixture       *fixture,
                 gconstpointer  data)
{
  g_auto (CliRun) batch = { 0 };
  g_auto (CliRun) synced = { 0 };
  g_autoptr (JsonObject) state = NULL;

  if (!sim_session_have_keyring ())
    return;
  import_people (fixture, 0, 40, 0, 0);
  set_up_activation (fixture);
  run_cohort (fixture, &batch, "config", "set", "batch-rows", "3");
  g_assert_cmpint (batch.status, ==, 0);
  run_cohort (fixture, &synced, "sync", "--once");
  g_assert_cmpint (synced.status, ==, 0);
  assert_in_sync (fixture);
  state = sim_session_state (fixture);
  g_assert_cmpint (json_object_get_int_member (state, "mapped_rows"), ==, 40 + 8);
  g_assert_cmpint (json_object_get_int_member (state, "mapped_ids"), ==, 98);
  g_assert_cmpint (json_object_get_int_member (state, "mappings"), ==, (48 + 2) / 3);
  assert_state (fixture, "Clients FR", "synced", 0);
}

/* A person on the suppression list by one identifier sends none: TikTok
 * could match them by another. Their people's other rows go. */
static void
test_person_suppressed (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *email7 = key_of ("EMAIL_SHA256", "client.7@exemple.fr");
  g_autofree char *phone7 = key_of ("PHONE_SHA256", "+33610000007");
  g_autofree char *email8 = key_of ("EMAIL_SHA256", "client.8@exemple.fr");
  g_autofree char *phone8 = key_of ("PHONE_SHA256", "+33610000008");
  g_autofree char *gaid8 = key_of ("AAID_SHA256", "6d92078a-8246-4ba4-ae5b-000000000008");
  const char *left_out[] = { email7, phone7, email8, phone8, gaid8, NULL };
  g_auto (CliRun) email = { 0 };
  g_auto (CliRun) gaid = { 0 };
  g_auto (CliRun) synced = { 0 };
  g_autoptr (JsonNode) root = NULL;
  JsonObject *run;

  if (!sim_session_have_keyring ())
    return;
  import_people (fixture, 0, 20, 0, 0);
  /* Person 7 by their email only, person 8 by their advertising ID only. */
  run_cohort (fixture, &email, "suppress", "add", "--email", "client.7@exemple.fr");
  g_assert_cmpint (email.status, ==, 0);
  run_cohort (fixture, &gaid, "suppress", "add", "--gaid", "6d92078a-8246-4ba4-ae5b-000000000008");
  g_assert_cmpint (gaid.status, ==, 0);
  set_up_activation (fixture);
  run_cohort (fixture, &synced, "sync", "--once");
  g_assert_cmpint (synced.status, ==, 0);
  assert_in_sync_without (fixture, left_out);
  /* 20 emails, 4 second emails, 20 phones, 5 advertising IDs. */
  run = last_run (fixture, &root);
  g_assert_cmpint (json_object_get_int_member (run, "received"), ==, 49);
  g_assert_cmpint (json_object_get_int_member (run, "suppressed"), ==, 5);
  g_assert_cmpint (json_object_get_int_member (run, "added"), ==, 49 - 5);
  g_assert_cmpint (mapped_rows (fixture), ==, 20 + 4 - 2);
}

/* Imports @text, a CSV file of email, phone and advertising ID columns,
 * as the next version of "Clients FR". */
static void
import_text (Fixture    *fixture,
             const char *text)
{
  g_autofree char *path = g_build_filename (fixture->data_dir, "people.csv", NULL);
  g_auto (CliRun) run = { 0 };

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  run_cohort (fixture, &run, "import", path, "--audience", "Clients FR", "--label", "consent-marketing", "--map",
              "email=email", "--map", "phone=phone", "--map", "gaid=gaid", "--no-detect");
  g_assert_cmpint (run.status, ==, 0);
}

/* Suppressing a person by their email takes the phone number and
 * advertising ID of their row off TikTok too (linked suppression), and
 * `suppress count` tells them apart; the others stay. */
static void
test_person_linked (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *email8 = key_of ("EMAIL_SHA256", "client.8@exemple.fr");
  g_autofree char *phone8 = key_of ("PHONE_SHA256", "+33610000008");
  g_autofree char *gaid8 = key_of ("AAID_SHA256", "6d92078a-8246-4ba4-ae5b-000000000008");
  g_autofree char *email9 = key_of ("EMAIL_SHA256", "client.9@exemple.fr");
  g_autofree char *phone9 = key_of ("PHONE_SHA256", "+33610000009");
  const char *left_out[] = { email8, phone8, gaid8, NULL };
  g_auto (CliRun) first = { 0 };
  g_auto (CliRun) add = { 0 };
  g_auto (CliRun) count = { 0 };
  g_auto (CliRun) count_json = { 0 };
  g_auto (CliRun) second = { 0 };
  g_autoptr (GHashTable) before = NULL;
  g_autoptr (GHashTable) after = NULL;
  g_autoptr (JsonNode) counts = NULL;
  JsonObject *linked;

  if (!sim_session_have_keyring ())
    return;
  import_people (fixture, 0, 20, 0, 0);
  set_up_activation (fixture);
  run_cohort (fixture, &first, "sync", "--once");
  g_assert_cmpint (first.status, ==, 0);
  before = sim_session_remote_members (fixture, "Clients FR");
  for (guint i = 0; left_out[i] != NULL; i++)
    g_assert_true (g_hash_table_contains (before, left_out[i]));

  run_cohort (fixture, &add, "suppress", "add", "--email", "client.8@exemple.fr");
  g_assert_cmpint (add.status, ==, 0);
  run_cohort (fixture, &count, "suppress", "count");
  g_assert_cmpint (count.status, ==, 0);
  g_assert_nonnull (strstr (count.out, "3 suppressed (2 linked to them through your files)"));
  run_cohort (fixture, &count_json, "suppress", "count", "--json");
  g_assert_cmpint (count_json.status, ==, 0);
  counts = sim_session_parse_json (count_json.out);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (counts), "email"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (counts), "phone"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (counts), "gaid"), ==, 1);
  linked = json_object_get_object_member (json_node_get_object (counts), "linked");
  g_assert_cmpint (json_object_get_int_member (linked, "email"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (linked, "phone"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (linked, "gaid"), ==, 1);

  run_cohort (fixture, &second, "sync", "--once");
  g_assert_cmpint (second.status, ==, 0);
  /* All three leave; everyone else, person 9 included, stays. */
  assert_in_sync_without (fixture, left_out);
  after = sim_session_remote_members (fixture, "Clients FR");
  g_assert_true (g_hash_table_contains (after, email9));
  g_assert_true (g_hash_table_contains (after, phone9));
}

/* A person suppressed by their email, whose row gains a phone number in a
 * later version: the number is never sent, though the email, unchanged,
 * is not in that version's changes. Another person's new number goes. */
static void
test_person_linked_later (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *email7 = key_of ("EMAIL_SHA256", "client.7@exemple.fr");
  g_autofree char *phone7 = key_of ("PHONE_SHA256", "+33610000007");
  g_autofree char *phone6 = key_of ("PHONE_SHA256", "+33610000006");
  const char *left_out[] = { email7, phone7, NULL };
  g_auto (CliRun) add = { 0 };
  g_auto (CliRun) first = { 0 };
  g_auto (CliRun) second = { 0 };
  g_auto (CliRun) count = { 0 };
  g_autoptr (GHashTable) remote = NULL;
  g_autoptr (JsonNode) counts = NULL;

  if (!sim_session_have_keyring ())
    return;
  import_text (fixture, "email,phone,gaid\n"
                        "client.5@exemple.fr,+33610000005,\n"
                        "client.6@exemple.fr,,\n"
                        "client.7@exemple.fr,,\n");
  run_cohort (fixture, &add, "suppress", "add", "--email", "client.7@exemple.fr");
  g_assert_cmpint (add.status, ==, 0);
  set_up_activation (fixture);
  run_cohort (fixture, &first, "sync", "--once");
  g_assert_cmpint (first.status, ==, 0);
  assert_in_sync_without (fixture, (const char *[]){ email7, NULL });

  /* A new row first: rows are the file's, version by version. */
  import_text (fixture, "email,phone,gaid\n"
                        "client.4@exemple.fr,,\n"
                        "client.5@exemple.fr,+33610000005,\n"
                        "client.6@exemple.fr,+33610000006,\n"
                        "client.7@exemple.fr,+33610000007,\n");
  run_cohort (fixture, &second, "sync", "--once");
  g_assert_cmpint (second.status, ==, 0);
  assert_in_sync_without (fixture, left_out);
  remote = sim_session_remote_members (fixture, "Clients FR");
  g_assert_true (g_hash_table_contains (remote, phone6));
  run_cohort (fixture, &count, "suppress", "count", "--json");
  counts = sim_session_parse_json (count.out);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (json_node_get_object (counts),
                                                                              "linked"),
                                               "phone"),
                   ==, 1);
}

/* People suppressed before linked suppression (database version 12) are
 * linked by the upgrade: the rest of their row leaves TikTok. */
static void
test_linked_on_upgrade (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->data_dir, "cohort.db", NULL);
  g_autofree char *email_hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, "client.8@exemple.fr", -1);
  g_autofree char *email8 = key_of ("EMAIL_SHA256", "client.8@exemple.fr");
  g_autofree char *phone8 = key_of ("PHONE_SHA256", "+33610000008");
  g_autofree char *gaid8 = key_of ("AAID_SHA256", "6d92078a-8246-4ba4-ae5b-000000000008");
  g_autofree char *sql = NULL;
  const char *left_out[] = { email8, phone8, gaid8, NULL };
  g_auto (CliRun) first = { 0 };
  g_auto (CliRun) count = { 0 };
  g_auto (CliRun) second = { 0 };
  g_autoptr (JsonNode) counts = NULL;
  JsonObject *linked;
  sqlite3 *db = NULL;

  if (!sim_session_have_keyring ())
    return;
  import_people (fixture, 0, 20, 0, 0);
  set_up_activation (fixture);
  run_cohort (fixture, &first, "sync", "--once");
  g_assert_cmpint (first.status, ==, 0);
  /* As version 12 suppressed an email: that identifier alone. */
  sql = g_strdup_printf ("ALTER TABLE suppression DROP COLUMN linked;"
                         "DELETE FROM schema_version WHERE version >= 13;"
                         "INSERT INTO suppression (identity, hash, added_at) VALUES (0, X'%s', 0);"
                         "INSERT INTO outbox (activation_id, seq, identity, hash, adding) "
                         "  SELECT id, 1000, 0, X'%s', 0 FROM activation;",
                         email_hash, email_hash);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  run_cohort (fixture, &count, "suppress", "count", "--json");
  g_assert_cmpint (count.status, ==, 0);
  counts = sim_session_parse_json (count.out);
  linked = json_object_get_object_member (json_node_get_object (counts), "linked");
  g_assert_cmpint (json_object_get_int_member (linked, "email"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (linked, "phone"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (linked, "gaid"), ==, 1);
  run_cohort (fixture, &second, "sync", "--once");
  g_assert_cmpint (second.status, ==, 0);
  assert_in_sync_without (fixture, left_out);
}

/* Changes queued by a Cohort before people went in rows (database version
 * 10) are sent after the upgrade, an identifier a row; the next version's
 * go person by person. */
static void
test_queued_before_people (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->data_dir, "cohort.db", NULL);
  g_auto (CliRun) first = { 0 };
  g_auto (CliRun) second = { 0 };
  sqlite3 *db = NULL;
  gint64 rows_before, ids_before;

  if (!sim_session_have_keyring ())
    return;
  import_people (fixture, 0, 30, 0, 0);
  set_up_activation (fixture);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "DROP INDEX outbox_by_group; ALTER TABLE outbox DROP COLUMN person;"
                                     "CREATE INDEX outbox_by_group ON outbox (activation_id, seq, adding, id);"
                                     "ALTER TABLE audience_member DROP COLUMN first_rows; DROP TABLE outbox_staging;"
                                     "ALTER TABLE suppression DROP COLUMN linked;"
                                     "DELETE FROM schema_version WHERE version >= 12;",
                                 NULL, NULL, NULL),
                   ==, SQLITE_OK);
  sqlite3_close (db);

  /* 30 emails, 6 second emails, 30 phones, 8 advertising IDs. */
  run_cohort (fixture, &first, "sync", "--once");
  g_assert_cmpint (first.status, ==, 0);
  assert_in_sync (fixture);
  g_assert_cmpint (mapped_rows (fixture), ==, 74);
  g_assert_cmpint (mapped_ids (fixture), ==, 74);

  rows_before = mapped_rows (fixture);
  ids_before = mapped_ids (fixture);
  import_people (fixture, 0, 40, 0, 0);
  run_cohort (fixture, &second, "sync", "--once");
  g_assert_cmpint (second.status, ==, 0);
  assert_in_sync (fixture);
  g_assert_cmpint (mapped_rows (fixture) - rows_before, ==, 10 + 2);
  g_assert_cmpint (mapped_ids (fixture) - ids_before, ==, 10 + 2 + 10 + 2);
  {
    g_autoptr (GPtrArray) rows = last_rows (fixture, "add");

    assert_people_rows (rows, 30, 40);
  }
}

/* kill -9 at any moment of a sync loses nothing and doubles nothing. */
static void
test_killed (Fixture       *fixture,
             gconstpointer  data)
{
  g_auto (CliRun) batch = { 0 };
  g_auto (CliRun) final = { 0 };
  g_auto (CliRun) runs = { 0 };
  g_autoptr (GRand) rand = g_rand_new ();

  if (!sim_session_have_keyring ())
    return;
  import (fixture, 0, 300);
  set_up_activation (fixture);
  run_cohort (fixture, &batch, "config", "set", "batch-rows", "25");
  sim_session_control (fixture, "/sim/faults", "{\"latency_ms\": 3}");

  for (guint round = 0; round < 20; round++)
    {
      g_autoptr (GSubprocess) sync = NULL;

      /* Every fourth round the audience changes under the sender. */
      if (round % 4 == 3)
        import (fixture, 10 * round, 300 + 7 * round);
      sync = cli_spawn (NULL, G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                        "--data-dir", fixture->data_dir, fixture->api_base_option, "sync", NULL);
      g_usleep (g_rand_int_range (rand, 20, 400) * 1000);
      g_subprocess_send_signal (sync, SIGKILL);
      g_subprocess_wait (sync, NULL, NULL);
    }
  run_cohort (fixture, &final, "sync", "--once", "--wait");
  g_assert_cmpint (final.status, ==, 0);
  assert_in_sync (fixture);
  run_cohort (fixture, &runs, "runs");
  g_assert_null (strstr (runs.out, "running"));
  g_assert_nonnull (strstr (runs.out, "interrupted"));
}

int
main (int   argc,
      char *argv[])
{
  cohort_i18n_init ();
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/sync/first-and-diff", Fixture, NULL, fixture_set_up, test_first_and_diff, fixture_tear_down);
  g_test_add ("/sync/not-mapped", Fixture, NULL, fixture_set_up, test_not_mapped, fixture_tear_down);
  g_test_add ("/sync/batch-bytes", Fixture, NULL, fixture_set_up, test_batch_bytes, fixture_tear_down);
  g_test_add ("/sync/rate-limited", Fixture, NULL, fixture_set_up, test_rate_limited, fixture_tear_down);
  g_test_add ("/sync/faults", Fixture, NULL, fixture_set_up, test_faults, fixture_tear_down);
  g_test_add ("/sync/revoked", Fixture, NULL, fixture_set_up, test_revoked, fixture_tear_down);
  g_test_add ("/sync/revoked-mid-run", Fixture, NULL, fixture_set_up, test_revoked_mid_run, fixture_tear_down);
  g_test_add ("/sync/alerts", Fixture, NULL, fixture_set_up, test_alerts, fixture_tear_down);
  g_test_add ("/sync/watched", Fixture, NULL, fixture_set_up, test_watched, fixture_tear_down);
  g_test_add ("/sync/no-leaks", Fixture, NULL, fixture_set_up, test_no_leaks, fixture_tear_down);
  g_test_add ("/sync/suppressed", Fixture, NULL, fixture_set_up, test_suppressed, fixture_tear_down);
  g_test_add ("/sync/people", Fixture, NULL, fixture_set_up, test_people, fixture_tear_down);
  g_test_add ("/sync/people-cut", Fixture, NULL, fixture_set_up, test_people_cut, fixture_tear_down);
  g_test_add ("/sync/person-suppressed", Fixture, NULL, fixture_set_up, test_person_suppressed, fixture_tear_down);
  g_test_add ("/sync/person-linked", Fixture, NULL, fixture_set_up, test_person_linked, fixture_tear_down);
  g_test_add ("/sync/person-linked-later", Fixture, NULL, fixture_set_up, test_person_linked_later,
              fixture_tear_down);
  g_test_add ("/sync/linked-on-upgrade", Fixture, NULL, fixture_set_up, test_linked_on_upgrade, fixture_tear_down);
  g_test_add ("/sync/queued-before-people", Fixture, NULL, fixture_set_up, test_queued_before_people,
              fixture_tear_down);
  g_test_add ("/sync/killed", Fixture, NULL, fixture_set_up, test_killed, fixture_tear_down);

  return g_test_run ();
}
