/* test-connect.c: credentials, connect (OAuth through the loopback listener), accounts,
 * destinations and disconnect, as a user runs them against the simulator */
#include "config.h"

#include "sim-session.h"
#include "core/i18n.h"
#include "tiktok-sim.h"

#define ADVERTISER_FR "7000000000000000001"

typedef SimSession Fixture;

#define fixture_set_up sim_session_fixture_set_up
#define fixture_tear_down sim_session_fixture_tear_down

static gboolean
port_accepts (guint port)
{
  g_autoptr (GSocketClient) client = g_socket_client_new ();
  g_autoptr (GSocketConnection) connection = NULL;

  connection = g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, NULL);
  return connection != NULL;
}

static void
test_not_set_up (Fixture       *fixture,
                 gconstpointer  data)
{
  g_auto (CliRun) connect = { 0 };
  g_auto (CliRun) accounts = { 0 };
  g_auto (CliRun) add = { 0 };
  g_auto (CliRun) bad_id = { 0 };
  g_auto (CliRun) empty_secret = { 0 };
  g_auto (CliRun) no_id = { 0 };
  g_auto (CliRun) list = { 0 };

  run_cohort (fixture, &connect, "connect", "--no-browser");
  g_assert_cmpint (connect.status, ==, 1);
  g_assert_nonnull (strstr (connect.err, "credentials set"));

  run_cohort (fixture, &accounts, "accounts");
  g_assert_cmpint (accounts.status, ==, 1);
  g_assert_nonnull (strstr (accounts.err, "No TikTok app"));

  run_cohort (fixture, &add, "destination", "add", "--name", "Paris", "--advertiser-id", ADVERTISER_FR);
  g_assert_cmpint (add.status, ==, 1);
  g_assert_nonnull (strstr (add.err, "not connected"));

  cli_run_input (&bad_id, NULL, "secret\n", "--data-dir", fixture->data_dir, "credentials", "set",
                 "--app-id", "my app", NULL);
  g_assert_cmpint (bad_id.status, ==, 1);
  g_assert_nonnull (strstr (bad_id.err, "“my app” is not a TikTok app ID"));

  cli_run_input (&empty_secret, NULL, "\n", "--data-dir", fixture->data_dir, "credentials", "set",
                 "--app-id", COHORT_TIKTOK_SIM_APP_ID, NULL);
  g_assert_cmpint (empty_secret.status, ==, 1);

  run_cohort (fixture, &no_id, "credentials", "set");
  g_assert_cmpint (no_id.status, ==, 2);

  /* Nothing was stored by the refusals. */
  run_cohort (fixture, &list, "destination", "list", "--json");
  g_assert_cmpint (list.status, ==, 0);
  g_assert_cmpstr (g_strstrip (list.out), ==, "[]");
}

static void
test_connect_to_disconnect (Fixture       *fixture,
                            gconstpointer  data)
{
  guint port = sim_session_free_port ();
  g_autoptr (GSubprocess) connect = NULL;
  g_auto (CliRun) connected = { 0 };
  g_auto (CliRun) accounts = { 0 };
  g_auto (CliRun) revoked = { 0 };
  g_auto (CliRun) disconnect = { 0 };
  g_auto (CliRun) after = { 0 };
  g_autofree char *url = NULL;
  g_autofree char *page = NULL;
  g_autofree char *token = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *gone = NULL;
  g_autoptr (JsonNode) list = NULL;

  if (!sim_session_have_keyring ())
    return;
  sim_session_set_credentials (fixture);
  secret = sim_session_keyring_lookup ("io.github.cohortapp.Cohort.AppSecret");
  g_assert_cmpstr (secret, ==, COHORT_TIKTOK_SIM_APP_SECRET);

  connect = sim_session_start_connect (fixture, port, &url);
  g_assert_nonnull (strstr (url, "/portal/auth?app_id=" COHORT_TIKTOK_SIM_APP_ID));
  g_assert_true (port_accepts (port));
  g_assert_cmpuint (sim_session_follow (fixture, url, &page), ==, SOUP_STATUS_OK);
  g_assert_nonnull (strstr (page, "Cohort"));
  cli_finish (&connected, connect, NULL);
  g_assert_cmpint (connected.status, ==, 0);
  g_assert_nonnull (strstr (connected.out, "Butik Stockholm"));
  g_assert_nonnull (strstr (connected.out, ADVERTISER_FR));

  /* The listener is gone, and the token is in the keyring and nowhere else. */
  g_assert_false (port_accepts (port));
  token = sim_session_keyring_lookup ("io.github.cohortapp.Cohort.Token");
  g_assert_nonnull (token);
  g_assert_cmpuint (strlen (token), >, 8);
  sim_session_assert_absent_from_files (fixture->data_dir, (const char *[]) { token, COHORT_TIKTOK_SIM_APP_SECRET,
                                                                             NULL });
  sim_session_assert_absent_from_files (g_get_user_config_dir (), (const char *[]) { token, NULL });
  g_assert_null (strstr (connected.out, token));
  g_assert_null (strstr (connected.err, token));

  run_cohort (fixture, &accounts, "accounts", "--json");
  g_assert_cmpint (accounts.status, ==, 0);
  list = sim_session_parse_json (accounts.out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (list)), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_node_get_array (list), 0),
                                                  "status"), ==, "STATUS_ENABLE");

  /* TikTok forgets the token: the next call says to reconnect. */
  sim_session_control (fixture, "/sim/revoke-all", "{}");
  run_cohort (fixture, &revoked, "accounts");
  g_assert_cmpint (revoked.status, ==, 1);
  g_assert_nonnull (strstr (revoked.err, "Connect to TikTok again"));

  run_cohort (fixture, &disconnect, "disconnect");
  g_assert_cmpint (disconnect.status, ==, 0);
  gone = sim_session_keyring_lookup ("io.github.cohortapp.Cohort.Token");
  g_assert_null (gone);
  run_cohort (fixture, &after, "accounts");
  g_assert_cmpint (after.status, ==, 1);
  g_assert_nonnull (strstr (after.err, "not connected"));
}

static void
test_destinations (Fixture       *fixture,
                   gconstpointer  data)
{
  g_auto (CliRun) add = { 0 };
  g_auto (CliRun) duplicate = { 0 };
  g_auto (CliRun) empty = { 0 };
  g_auto (CliRun) unknown = { 0 };
  g_auto (CliRun) bad_alerts = { 0 };
  g_auto (CliRun) list = { 0 };
  g_auto (CliRun) import = { 0 };
  g_auto (CliRun) activate = { 0 };
  g_auto (CliRun) in_use = { 0 };
  g_auto (CliRun) deactivate = { 0 };
  g_auto (CliRun) remove = { 0 };
  g_auto (CliRun) remove_again = { 0 };
  g_auto (CliRun) after = { 0 };
  g_autoptr (JsonNode) destinations = NULL;
  g_autofree char *csv = g_build_filename (fixture->data_dir, "clients.csv", NULL);
  JsonObject *paris;

  if (!sim_session_have_keyring ())
    return;
  sim_session_connect (fixture);

  run_cohort (fixture, &add, "destination", "add", "--name", "Paris", "--advertiser-id", ADVERTISER_FR,
              "--description", "Clients fidèles", "--alerts", "run-failed,paused");
  g_assert_cmpint (add.status, ==, 0);

  run_cohort (fixture, &duplicate, "destination", "add", "--name", " paris ", "--advertiser-id", ADVERTISER_FR);
  g_assert_cmpint (duplicate.status, ==, 1);
  g_assert_nonnull (strstr (duplicate.err, "already a destination named “paris”"));

  run_cohort (fixture, &empty, "destination", "add", "--name", "  ", "--advertiser-id", ADVERTISER_FR);
  g_assert_cmpint (empty.status, ==, 1);
  g_assert_nonnull (strstr (empty.err, "needs a name"));

  run_cohort (fixture, &unknown, "destination", "add", "--name", "Oslo", "--advertiser-id", "123");
  g_assert_cmpint (unknown.status, ==, 1);
  g_assert_nonnull (strstr (unknown.err, "did not grant the ad account “123”"));

  run_cohort (fixture, &bad_alerts, "destination", "add", "--name", "Oslo", "--advertiser-id", ADVERTISER_FR,
              "--alerts", "run-failed,sometimes");
  g_assert_cmpint (bad_alerts.status, ==, 2);
  g_assert_nonnull (strstr (bad_alerts.err, "Unknown alert “sometimes”"));

  run_cohort (fixture, &list, "destination", "list", "--json");
  g_assert_cmpint (list.status, ==, 0);
  destinations = sim_session_parse_json (list.out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (destinations)), ==, 1);
  paris = json_array_get_object_element (json_node_get_array (destinations), 0);
  g_assert_cmpstr (json_object_get_string_member (paris, "name"), ==, "Paris");
  g_assert_cmpstr (json_object_get_string_member (paris, "description"), ==, "Clients fidèles");
  g_assert_cmpstr (json_object_get_string_member (paris, "advertiser_name"), ==, "Boutique Paris");
  g_assert_cmpstr (json_object_get_string_member (paris, "alerts"), ==, "run-failed,paused");
  g_assert_true (json_object_get_boolean_member (paris, "granted"));
  g_assert_cmpstr (json_object_get_string_member (paris, "health"), ==, "connected");

  /* An audience sent there keeps it: its unsent changes would go with it. */
  g_assert_true (g_file_set_contents (csv, "email\nann@exemple.fr\n", -1, NULL));
  run_cohort (fixture, &import, "import", csv, "--audience", "Clients", "--label", "consent-marketing");
  g_assert_cmpint (import.status, ==, 0);
  run_cohort (fixture, &activate, "activate", "Clients", "--destination", "Paris");
  g_assert_cmpint (activate.status, ==, 0);
  run_cohort (fixture, &in_use, "destination", "remove", "paris");
  g_assert_cmpint (in_use.status, ==, 1);
  g_assert_nonnull (strstr (in_use.err, "The audience “Clients” is still sent to “Paris”"));
  run_cohort (fixture, &deactivate, "deactivate", "Clients", "--destination", "Paris");
  g_assert_cmpint (deactivate.status, ==, 0);

  run_cohort (fixture, &remove, "destination", "remove", "PARIS");
  g_assert_cmpint (remove.status, ==, 0);
  run_cohort (fixture, &remove_again, "destination", "remove", "Paris");
  g_assert_cmpint (remove_again.status, ==, 1);
  g_assert_nonnull (strstr (remove_again.err, "no destination named “Paris”"));
  run_cohort (fixture, &after, "destination", "list", "--json");
  g_assert_cmpstr (g_strstrip (after.out), ==, "[]");
}

static void
test_wrong_state (Fixture       *fixture,
                  gconstpointer  data)
{
  guint port = sim_session_free_port ();
  g_autoptr (GSubprocess) connect = NULL;
  g_auto (CliRun) connected = { 0 };
  g_autofree char *url = NULL;
  g_autofree char *forged = g_strdup_printf ("http://127.0.0.1:%u/callback?auth_code=x&code=x&state=guess", port);
  g_autofree char *other_path = g_strdup_printf ("http://127.0.0.1:%u/", port);

  if (!sim_session_have_keyring ())
    return;
  sim_session_set_credentials (fixture);
  connect = sim_session_start_connect (fixture, port, &url);
  /* A forged answer is refused and does not end the wait. */
  g_assert_cmpuint (sim_session_follow (fixture, forged, NULL), ==, SOUP_STATUS_BAD_REQUEST);
  g_assert_cmpuint (sim_session_follow (fixture, other_path, NULL), ==, SOUP_STATUS_NOT_FOUND);
  g_assert_cmpuint (sim_session_follow (fixture, url, NULL), ==, SOUP_STATUS_OK);
  cli_finish (&connected, connect, NULL);
  g_assert_cmpint (connected.status, ==, 0);
}

static void
test_port_in_use (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr (GSocketService) squatter = g_socket_service_new ();
  g_autoptr (GError) error = NULL;
  g_auto (CliRun) run = { 0 };
  guint16 port = g_socket_listener_add_any_inet_port (G_SOCKET_LISTENER (squatter), NULL, &error);
  g_autofree char *port_text = g_strdup_printf ("%u", port);

  g_assert_no_error (error);
  if (!sim_session_have_keyring ())
    return;
  sim_session_set_credentials (fixture);
  run_cohort (fixture, &run, "connect", "--no-browser", "--port", port_text);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, port_text));
}

static void
test_no_grant (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr (GSubprocess) connect = NULL;
  g_auto (CliRun) connected = { 0 };
  g_autofree char *url = NULL;
  g_autofree char *token = NULL;

  if (!sim_session_have_keyring ())
    return;
  sim_session_set_credentials (fixture);
  connect = sim_session_start_connect (fixture, sim_session_free_port (), &url);
  g_assert_cmpuint (sim_session_follow (fixture, url, NULL), ==, SOUP_STATUS_OK);
  cli_finish (&connected, connect, NULL);
  g_assert_cmpint (connected.status, ==, 1);
  g_assert_nonnull (strstr (connected.err, "granted Cohort no ad account"));
  token = sim_session_keyring_lookup ("io.github.cohortapp.Cohort.Token");
  g_assert_null (token);
}

int
main (int   argc,
      char *argv[])
{
  cohort_i18n_init ();
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/connect/not-set-up", Fixture, NULL, fixture_set_up, test_not_set_up, fixture_tear_down);
  g_test_add ("/connect/connect-to-disconnect", Fixture, NULL, fixture_set_up, test_connect_to_disconnect,
              fixture_tear_down);
  g_test_add ("/connect/destinations", Fixture, NULL, fixture_set_up, test_destinations, fixture_tear_down);
  g_test_add ("/connect/wrong-state", Fixture, NULL, fixture_set_up, test_wrong_state, fixture_tear_down);
  g_test_add ("/connect/port-in-use", Fixture, NULL, fixture_set_up, test_port_in_use, fixture_tear_down);
  g_test_add ("/connect/no-grant", Fixture, "--no-grant", fixture_set_up, test_no_grant, fixture_tear_down);

  return g_test_run ();
}
