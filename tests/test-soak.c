/* test-soak.c: 200,000 members on three activations kept in sync through 30 % faults, lost answers and
 * latency, while their files change: TikTok ends with exactly the audiences, and every failure is in the
 * runs */
#include "config.h"

#include <signal.h>
#include <glib/gstdio.h>

#include "core/i18n.h"
#include "sim-session.h"
#include "tiktok-sim.h"

#define ADVERTISER_FR "7000000000000000001"
#define ADVERTISER_SE "7000000000000000002"

typedef struct
{
  const char *audience;
  const char *destination;
  guint       first; /* its people: first to first + count - 1 */
  guint       count;
} Activation;

/* An email each, an advertising ID every third: 80,000 + 80,000 + 40,000
 * members. */
static const Activation activations[] = {
  { "Soak A", "Paris", 0, 60000 },
  { "Soak B", "Paris", 1000000, 60000 },
  { "Soak C", "Stockholm", 2000000, 30000 },
};

static void
import_people (SimSession *session,
               const char *audience,
               guint       first,
               guint       last)
{
  g_autoptr (GString) text = g_string_new ("email,gaid\n");
  g_autofree char *name = g_strdup_printf ("%s.csv", audience);
  g_autofree char *path = g_build_filename (session->data_dir, name, NULL);
  g_auto (CliRun) run = { 0 };

  for (guint i = first; i < last; i++)
    {
      g_string_append_printf (text, "client.%u@exemple.fr,", i);
      if (i % 3 == 0)
        g_string_append_printf (text, "6d92078a-8246-4ba4-ae5b-%012x", i);
      g_string_append_c (text, '\n');
    }
  g_assert_true (g_file_set_contents (path, text->str, text->len, NULL));
  run_cohort (session, &run, "import", path, "--audience", audience);
  g_assert_cmpint (run.status, ==, 0);
  g_unlink (path);
}

static GHashTable *
expected_members (SimSession *session,
                  const char *audience)
{
  g_autofree char *dir = g_build_filename (session->data_dir, "export", NULL);
  g_auto (CliRun) run = { 0 };
  GHashTable *members = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const char *files[][2] = { { "email_sha256.txt", "EMAIL_SHA256" }, { "gaid_sha256.txt", "AAID_SHA256" } };

  run_cohort (session, &run, "export", audience, "--dir", dir);
  g_assert_cmpint (run.status, ==, 0);
  for (guint f = 0; f < G_N_ELEMENTS (files); f++)
    {
      g_autofree char *path = g_build_filename (dir, files[f][0], NULL);
      g_autofree char *contents = NULL;
      g_auto (GStrv) lines = NULL;

      g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
      lines = g_strsplit (contents, "\n", -1);
      for (guint i = 0; lines[i] != NULL; i++)
        if (*lines[i] != '\0')
          g_hash_table_add (members, g_strdup_printf ("%s:%s", files[f][1], lines[i]));
      g_unlink (path);
    }
  g_rmdir (dir);
  return members;
}

/* Whether TikTok holds exactly each audience, with one audience a name. */
static gboolean
remote_matches (SimSession  *session,
                GHashTable **expected)
{
  g_autoptr (JsonObject) state = sim_session_state (session);
  JsonArray *audiences = json_object_get_array_member (state, "audiences");

  if (json_array_get_length (audiences) != G_N_ELEMENTS (activations))
    return FALSE;
  for (guint i = 0; i < json_array_get_length (audiences); i++)
    {
      JsonObject *audience = json_array_get_object_element (audiences, i);
      JsonArray *members = json_object_get_array_member (audience, "members");
      GHashTable *wanted = NULL;

      for (guint a = 0; a < G_N_ELEMENTS (activations); a++)
        if (g_str_equal (json_object_get_string_member (audience, "name"), activations[a].audience))
          wanted = expected[a];
      if (wanted == NULL || json_array_get_length (members) != g_hash_table_size (wanted))
        return FALSE;
      for (guint m = 0; m < json_array_get_length (members); m++)
        if (!g_hash_table_contains (wanted, json_array_get_string_element (members, m)))
          return FALSE;
    }
  return TRUE;
}

/* Identifiers, not rows: a row may hold a person's email and advertising ID. */
static gint64
mapped_ids (SimSession *session)
{
  g_autoptr (JsonObject) state = sim_session_state (session);

  return json_object_get_int_member (state, "mapped_ids");
}

static void
wait_for_ids (SimSession *session,
              gint64      ids,
              gint64      deadline)
{
  while (mapped_ids (session) < ids && g_get_monotonic_time () < deadline)
    g_usleep (500 * 1000);
}

static void
test_soak (SimSession    *session,
           gconstpointer  data)
{
  g_auto (CliRun) paris = { 0 };
  g_auto (CliRun) stockholm = { 0 };
  g_auto (CliRun) pause = { 0 };
  g_auto (CliRun) runs = { 0 };
  g_autoptr (GSubprocess) daemon = NULL;
  g_autoptr (JsonObject) state = NULL;
  g_autoptr (JsonNode) run_list = NULL;
  GHashTable *expected[G_N_ELEMENTS (activations)] = { NULL };
  gint64 start = g_get_monotonic_time ();
  gint64 deadline = start + 330 * G_USEC_PER_SEC;
  gint64 errors = 0, failed_runs = 0, members = 0;
  gint64 net[G_N_ELEMENTS (activations)] = { 0 };
  gboolean matched = FALSE;
  JsonArray *list;

  if (!sim_session_have_keyring ())
    return;
  for (guint a = 0; a < G_N_ELEMENTS (activations); a++)
    import_people (session, activations[a].audience, activations[a].first,
                   activations[a].first + activations[a].count);
  sim_session_connect (session);
  run_cohort (session, &paris, "destination", "add", "--name", "Paris", "--advertiser-id", ADVERTISER_FR);
  g_assert_cmpint (paris.status, ==, 0);
  run_cohort (session, &stockholm, "destination", "add", "--name", "Stockholm", "--advertiser-id", ADVERTISER_SE);
  g_assert_cmpint (stockholm.status, ==, 0);
  for (guint a = 0; a < G_N_ELEMENTS (activations); a++)
    {
      g_auto (CliRun) activate = { 0 };

      run_cohort (session, &activate, "activate", activations[a].audience, "--destination",
                  activations[a].destination, "--accept-warnings");
      g_assert_cmpint (activate.status, ==, 0);
    }
  /* Three 40100 in a row make the client wait out TikTok's minute: a
   * second here, or the soak would last an hour. */
  run_cohort (session, &pause, "config", "set", "rate-limit-pause-seconds", "1");
  g_assert_cmpint (pause.status, ==, 0);
  sim_session_control (session, "/sim/faults",
                       "{\"error_rate\": 0.3, \"error_codes\": [500, 503, 50002, 40100, 40100, 40100], "
                       "\"drop_after_rate\": 0.1, \"latency_ms\": 200}");

  daemon = cli_spawn (NULL, G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                      "--data-dir", session->data_dir, session->api_base_option, "sync", NULL);

  /* While it sends: A loses 6,000 people and gains 9,000; later B and C
   * change too, with their first versions perhaps not all sent yet. */
  wait_for_ids (session, 40000, deadline);
  import_people (session, "Soak A", 6000, 69000);
  wait_for_ids (session, 120000, deadline);
  import_people (session, "Soak B", 1003000, 1058000);
  import_people (session, "Soak C", 2000000, 2033000);

  for (guint a = 0; a < G_N_ELEMENTS (activations); a++)
    {
      expected[a] = expected_members (session, activations[a].audience);
      members += g_hash_table_size (expected[a]);
    }
  while (!(matched = remote_matches (session, expected)) && g_get_monotonic_time () < deadline)
    g_usleep (2 * G_USEC_PER_SEC);
  g_subprocess_send_signal (daemon, SIGTERM);
  g_subprocess_wait (daemon, NULL, NULL);
  g_assert_true (matched);

  /* Every failure on the way is in the runs, and they add up. */
  state = sim_session_state (session);
  run_cohort (session, &runs, "runs", "--json");
  g_assert_cmpint (runs.status, ==, 0);
  run_list = sim_session_parse_json (runs.out);
  list = json_node_get_array (run_list);
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *run = json_array_get_object_element (list, i);

      errors += json_object_get_int_member (run, "errors");
      failed_runs += !g_str_equal (json_object_get_string_member (run, "outcome"), "succeeded");
      /* A run that ended on its only failure tells it once, as its message. */
      if (json_object_get_int_member (run, "errors") > 0)
        {
          const char *message = json_object_get_string_member (run, "message");

          g_assert_true (strstr (message, "Failed attempts:") != NULL ||
                         (json_object_get_int_member (run, "errors") == 1 &&
                          !g_str_equal (json_object_get_string_member (run, "outcome"), "succeeded") &&
                          *message != '\0'));
        }
      for (guint a = 0; a < G_N_ELEMENTS (activations); a++)
        if (g_str_equal (json_object_get_string_member (run, "audience"), activations[a].audience))
          net[a] += json_object_get_int_member (run, "added") - json_object_get_int_member (run, "removed");
    }
  g_assert_cmpint (errors, ==, json_object_get_int_member (state, "injected") +
                                   json_object_get_int_member (state, "dropped") +
                                   json_object_get_int_member (state, "rate_limited"));
  for (guint a = 0; a < G_N_ELEMENTS (activations); a++)
    g_assert_cmpint (net[a], ==, g_hash_table_size (expected[a]));

  g_test_message ("soak: %" G_GINT64_FORMAT " members at the end, %" G_GINT64_FORMAT " requests, %" G_GINT64_FORMAT
                  " rows (%" G_GINT64_FORMAT " IDs) applied, %" G_GINT64_FORMAT " injected faults, %" G_GINT64_FORMAT " lost answers, %"
                  G_GINT64_FORMAT " rate limits, %" G_GINT64_FORMAT " failed attempts in %u runs (%" G_GINT64_FORMAT
                  " not succeeded), %.0f s",
                  members, json_object_get_int_member (state, "requests"),
                  json_object_get_int_member (state, "mapped_rows"), json_object_get_int_member (state, "mapped_ids"),
                  json_object_get_int_member (state, "injected"),
                  json_object_get_int_member (state, "dropped"), json_object_get_int_member (state, "rate_limited"),
                  errors, json_array_get_length (list), failed_runs,
                  (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);
  for (guint a = 0; a < G_N_ELEMENTS (activations); a++)
    g_hash_table_unref (expected[a]);
}

int
main (int   argc,
      char *argv[])
{
  cohort_i18n_init ();
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/soak/faults-and-changes", SimSession, NULL, sim_session_fixture_set_up, test_soak,
              sim_session_fixture_tear_down);

  return g_test_run ();
}
