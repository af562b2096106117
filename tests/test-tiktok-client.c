/* test-tiktok-client.c: CohortTiktokClient against the simulator: envelope, errors, retries, limits */
#include "config.h"

#include "core/i18n.h"
#include "core/tiktok-audiences.h"
#include "core/tiktok-client.h"
#include "cli-runner.h"
#include "tiktok-sim.h"

typedef struct
{
  GSubprocess        *process;
  char               *base;
  CohortTiktokClient *client;
  SoupSession        *session;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->process = sim_start (&fixture->base, "--qps", "0", NULL);
  fixture->client = cohort_tiktok_client_new (fixture->base, 1000);
  /* Short delays: the test waits milliseconds where TikTok would need
   * seconds. Enough attempts that half the calls failing at random cannot
   * exhaust them by chance (0.5^30). */
  cohort_tiktok_client_set_retry (fixture->client, 30, 1000, 20000, 50000);
  fixture->session = soup_session_new ();
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  sim_stop (fixture->process);
  g_object_unref (fixture->client);
  g_object_unref (fixture->session);
  g_free (fixture->base);
}

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

/* Posts to the simulator's control endpoints. */
static void
control (Fixture    *fixture,
         const char *path,
         const char *body)
{
  g_autofree char *url = g_strconcat (fixture->base, path, NULL);
  g_autoptr (SoupMessage) msg = soup_message_new ("POST", url);
  g_autoptr (GBytes) request = g_bytes_new (body, strlen (body));
  g_autoptr (GBytes) reply = NULL;

  soup_message_set_request_body_from_bytes (msg, "application/json", request);
  reply = soup_session_send_and_read (fixture->session, msg, NULL, NULL);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 204);
}

static JsonObject *
sim_state (Fixture *fixture)
{
  g_autofree char *url = g_strconcat (fixture->base, "/sim/state", NULL);
  g_autoptr (SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr (GBytes) reply = soup_session_send_and_read (fixture->session, msg, NULL, NULL);
  g_autoptr (JsonParser) parser = json_parser_new ();

  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (reply, NULL), g_bytes_get_size (reply), NULL));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

/* The consent page as a browser sees it: the auth code from its redirect. */
static char *
consent (Fixture *fixture)
{
  g_autofree char *url = cohort_tiktok_client_build_auth_url (fixture->client, COHORT_TIKTOK_SIM_APP_ID,
                                                              "state-1", "http://127.0.0.1:8477/callback");
  g_autoptr (SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr (GBytes) reply = NULL;
  g_autoptr (GUri) location = NULL;
  g_autoptr (GHashTable) params = NULL;

  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  reply = soup_session_send_and_read (fixture->session, msg, NULL, NULL);
  g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_FOUND);
  location = g_uri_parse (soup_message_headers_get_one (soup_message_get_response_headers (msg), "Location"),
                          G_URI_FLAGS_NONE, NULL);
  params = g_uri_parse_params (g_uri_get_query (location), -1, "&", G_URI_PARAMS_NONE, NULL);
  g_assert_cmpstr (g_hash_table_lookup (params, "state"), ==, "state-1");
  return g_strdup (g_hash_table_lookup (params, "auth_code"));
}

static char *
connect_client (Fixture *fixture)
{
  g_autofree char *code = consent (fixture);
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GAsyncResult) again = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) advertisers = NULL;
  char *token;

  cohort_tiktok_client_exchange_token_async (fixture->client, COHORT_TIKTOK_SIM_APP_ID,
                                             COHORT_TIKTOK_SIM_APP_SECRET, code, NULL, store_result, &result);
  token = cohort_tiktok_client_exchange_token_finish (fixture->client, wait_result (&result), &advertisers, &error);
  g_assert_no_error (error);
  g_assert_nonnull (token);
  g_assert_cmpuint (g_strv_length (advertisers), ==, 2);

  /* The same code again: refused, and not retried (it cannot succeed). */
  cohort_tiktok_client_exchange_token_async (fixture->client, COHORT_TIKTOK_SIM_APP_ID,
                                             COHORT_TIKTOK_SIM_APP_SECRET, code, NULL, store_result, &again);
  g_assert_null (cohort_tiktok_client_exchange_token_finish (fixture->client, wait_result (&again), NULL, &error));
  g_assert_error (error, COHORT_TIKTOK_ERROR, COHORT_TIKTOK_ERROR_AUTH_CODE_INVALID);
  g_assert_nonnull (cohort_tiktok_error_get_request_id (error));

  cohort_tiktok_client_set_access_token (fixture->client, token);
  return token;
}

static GPtrArray *
get_advertisers (Fixture *fixture,
                 GError **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  cohort_tiktok_client_get_advertisers_async (fixture->client, COHORT_TIKTOK_SIM_APP_ID,
                                              COHORT_TIKTOK_SIM_APP_SECRET, NULL, store_result, &result);
  return cohort_tiktok_client_get_advertisers_finish (fixture->client, wait_result (&result), error);
}

static void
test_connect_and_calls (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *token = connect_client (fixture);
  g_autoptr (GPtrArray) advertisers = NULL;
  g_autoptr (GAsyncResult) created = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) state = NULL;
  g_autofree char *audience = NULL;
  g_autofree char *url = cohort_tiktok_client_build_auth_url (fixture->client, "1 2", "a&b", "http://x/?y=1");
  g_autofree char *expected = g_strconcat (fixture->base, "/portal/auth?app_id=1%202&state=a%26b"
                                           "&redirect_uri=http%3A%2F%2Fx%2F%3Fy%3D1", NULL);

  g_assert_cmpstr (url, ==, expected);

  advertisers = get_advertisers (fixture, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (advertisers->len, ==, 2);
  g_assert_cmpstr (((CohortTiktokAdvertiser *) g_ptr_array_index (advertisers, 1))->name, ==, "Butik Stockholm");

  cohort_tiktok_client_create_audience_async (fixture->client, "7000000000000000001", "Clients FR",
                                              NULL, store_result, &created);
  audience = cohort_tiktok_client_create_audience_finish (fixture->client, wait_result (&created), &error);
  g_assert_no_error (error);
  state = sim_state (fixture);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (
                       json_object_get_array_member (state, "audiences"), 0), "audience_id"), ==, audience);
}

static void
test_retries (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *token = connect_client (fixture);
  g_autoptr (GAsyncResult) created = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) before = sim_state (fixture);
  g_autoptr (JsonObject) after = NULL;

  /* Half the calls fail with a server error or a dropped connection: the
   * idempotent ones all succeed in the end, through retries. */
  control (fixture, "/sim/faults", "{\"error_rate\": 0.5, \"error_codes\": [50002, 503, 40133]}");
  for (guint i = 0; i < 10; i++)
    {
      g_autoptr (GPtrArray) advertisers = get_advertisers (fixture, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (advertisers->len, ==, 2);
    }
  after = sim_state (fixture);
  g_assert_cmpint (json_object_get_int_member (after, "requests") - json_object_get_int_member (before, "requests"), >, 10);

  control (fixture, "/sim/faults", "{\"error_rate\": 0, \"drop_before_rate\": 0.5}");
  for (guint i = 0; i < 5; i++)
    {
      g_autoptr (GPtrArray) advertisers = get_advertisers (fixture, &error);

      g_assert_no_error (error);
    }

  /* A creation whose answer was lost may have happened: not retried. */
  control (fixture, "/sim/faults", "{\"drop_before_rate\": 0, \"drop_after_rate\": 1}");
  cohort_tiktok_client_create_audience_async (fixture->client, "7000000000000000001", "Lost",
                                              NULL, store_result, &created);
  g_assert_null (cohort_tiktok_client_create_audience_finish (fixture->client, wait_result (&created), &error));
  g_assert_error (error, COHORT_TIKTOK_ERROR, COHORT_TIKTOK_ERROR_NETWORK);
  g_clear_pointer (&after, json_object_unref);
  after = sim_state (fixture);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (after, "audiences")), ==, 1);
}

static void
test_errors (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *token = connect_client (fixture);
  g_autofree char *wrong_base = g_strconcat (fixture->base, "/sim", NULL);
  g_autoptr (CohortTiktokClient) wrong = cohort_tiktok_client_new (wrong_base, 1000);
  g_autoptr (CohortTiktokClient) offline = cohort_tiktok_client_new ("http://127.0.0.1:1", 1000);
  g_autoptr (GAsyncResult) wrong_result = NULL;
  g_autoptr (GAsyncResult) offline_result = NULL;
  g_autoptr (GAsyncResult) cancelled_result = NULL;
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) advertisers = NULL;

  /* Revoked: pause and ask the user, with TikTok's request ID. */
  control (fixture, "/sim/revoke-all", "{}");
  advertisers = get_advertisers (fixture, &error);
  g_assert_null (advertisers);
  g_assert_error (error, COHORT_TIKTOK_ERROR, COHORT_TIKTOK_ERROR_TOKEN_INVALID);
  g_assert_cmpint (cohort_tiktok_error_get_actions (error), ==,
                   COHORT_TIKTOK_ACTION_PAUSE | COHORT_TIKTOK_ACTION_NEEDS_USER);
  g_assert_nonnull (cohort_tiktok_error_get_request_id (error));
  g_clear_error (&error);

  /* A gateway's 429: rate limited, retried, then given up on. */
  control (fixture, "/sim/faults", "{\"error_rate\": 1, \"error_codes\": [429]}");
  cohort_tiktok_client_set_retry (fixture->client, 2, 1000, 1000, 1000);
  g_assert_null (get_advertisers (fixture, &error));
  g_assert_error (error, COHORT_TIKTOK_ERROR, COHORT_TIKTOK_ERROR_RATE_LIMITED);
  g_assert_true (cohort_tiktok_error_get_actions (error) & COHORT_TIKTOK_ACTION_RETRY);
  g_assert_nonnull (strstr (error->message, "429"));
  g_clear_error (&error);
  control (fixture, "/sim/faults", "{\"error_rate\": 0}");

  /* Not TikTok at that address. */
  cohort_tiktok_client_set_retry (wrong, 1, 1000, 1000, 1000);
  cohort_tiktok_client_call_async (wrong, "GET", "advertiser/info/", NULL, TRUE, NULL, store_result, &wrong_result);
  g_assert_null (cohort_tiktok_client_call_finish (wrong, wait_result (&wrong_result), &error));
  g_assert_error (error, COHORT_TIKTOK_ERROR, COHORT_TIKTOK_ERROR_PROTOCOL);
  g_clear_error (&error);

  /* Nobody listening: a network error, after the retries, not a crash. */
  cohort_tiktok_client_set_retry (offline, 3, 1000, 2000, 2000);
  cohort_tiktok_client_call_async (offline, "GET", "advertiser/info/", NULL, TRUE, NULL, store_result, &offline_result);
  g_assert_null (cohort_tiktok_client_call_finish (offline, wait_result (&offline_result), &error));
  g_assert_error (error, COHORT_TIKTOK_ERROR, COHORT_TIKTOK_ERROR_NETWORK);
  g_clear_error (&error);

  /* Cancelled while waiting to retry. */
  cohort_tiktok_client_set_retry (offline, 5, G_USEC_PER_SEC, G_USEC_PER_SEC, G_USEC_PER_SEC);
  cohort_tiktok_client_call_async (offline, "GET", "advertiser/info/", NULL, TRUE, cancellable, store_result,
                                   &cancelled_result);
  g_cancellable_cancel (cancellable);
  g_assert_null (cohort_tiktok_client_call_finish (offline, wait_result (&cancelled_result), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_rate_limit (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *token = connect_client (fixture);
  g_autoptr (CohortTiktokClient) paced = cohort_tiktok_client_new (fixture->base, 4);
  g_autoptr (JsonObject) state = NULL;
  GAsyncResult *results[12] = { NULL };
  g_autoptr (GError) error = NULL;

  /* The simulator allows 5 a second; a client paced at 4 never meets 40100. */
  control (fixture, "/sim/faults", "{\"qps\": 5}");
  cohort_tiktok_client_set_access_token (paced, token);
  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    cohort_tiktok_client_call_async (paced, "GET", "advertiser/info/?advertiser_ids=%5B%227000000000000000001%22%5D",
                                     NULL, TRUE, NULL, store_result, &results[i]);
  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    {
      g_autoptr (JsonObject) answer = cohort_tiktok_client_call_finish (paced, wait_result (&results[i]), &error);

      g_assert_no_error (error);
      g_object_unref (results[i]);
    }
  state = sim_state (fixture);
  g_assert_cmpint (json_object_get_int_member (state, "rate_limited"), ==, 0);
}

static guint
members_of (Fixture    *fixture,
            const char *audience_id)
{
  g_autoptr (JsonObject) state = sim_state (fixture);
  JsonArray *audiences = json_object_get_array_member (state, "audiences");

  for (guint i = 0; i < json_array_get_length (audiences); i++)
    {
      JsonObject *audience = json_array_get_object_element (audiences, i);

      if (g_strcmp0 (json_object_get_string_member (audience, "audience_id"), audience_id) == 0)
        return json_array_get_length (json_object_get_array_member (audience, "members"));
    }
  return G_MAXUINT;
}

static gboolean
map_members (Fixture            *fixture,
             const char         *audience,
             gboolean            add,
             const char * const *ids,
             guint               n_rows,
             GError            **error)
{
  const char *schema[] = { "EMAIL_SHA256", "PHONE_SHA256", NULL };
  g_autoptr (GAsyncResult) result = NULL;

  cohort_tiktok_client_map_members_async (fixture->client, "7000000000000000001", audience, add, schema, ids,
                                          n_rows, NULL, store_result, &result);
  return cohort_tiktok_client_map_members_finish (fixture->client, wait_result (&result), error);
}

static void
test_audiences (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *token = connect_client (fixture);
  g_autoptr (GAsyncResult) created = NULL;
  g_autoptr (GAsyncResult) listed = NULL;
  g_autoptr (GAsyncResult) got = NULL;
  g_autoptr (GAsyncResult) deleted = NULL;
  g_autoptr (GAsyncResult) listed_after = NULL;
  g_autoptr (GPtrArray) all = NULL;
  g_autoptr (GPtrArray) one = NULL;
  g_autoptr (GPtrArray) none = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *audience = NULL;
  const char *a = "a665a45920422f9d417e4867efdc4fb8a04a1f3fff1fa07e998e86f7f7a27ae3";
  const char *b = "b3a8e0e1f9ab1bfe3a36f231f676f78bb30a519d2b21e6c530c0eee8ebb4a5d0";
  const char *c = "c0535e4be2b79ffd93291305436bf889314e4a3faec05ecffcbb7df31ad9e51a";
  /* Two people: one with an email and a phone, one with a phone only. */
  const char *rows[] = { a, b, NULL, c };
  const char *removal[] = { NULL, b };
  const char *upper[] = { "A665A45920422F9D417E4867EFDC4FB8A04A1F3FFF1FA07E998E86F7F7A27AE3", NULL };
  const char *ids[2] = { NULL, NULL };

  cohort_tiktok_client_create_audience_async (fixture->client, "7000000000000000001", "Clients FR", NULL,
                                              store_result, &created);
  audience = cohort_tiktok_client_create_audience_finish (fixture->client, wait_result (&created), &error);
  g_assert_no_error (error);

  g_assert_true (map_members (fixture, audience, TRUE, rows, 2, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (members_of (fixture, audience), ==, 3);
  /* Adding again changes nothing; removing takes out only what is named. */
  g_assert_true (map_members (fixture, audience, TRUE, rows, 2, &error));
  g_assert_true (map_members (fixture, audience, FALSE, removal, 1, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (members_of (fixture, audience), ==, 2);

  /* TikTok refuses the batch as a whole, and it is not retried. */
  g_assert_false (map_members (fixture, audience, TRUE, upper, 1, &error));
  g_assert_error (error, COHORT_TIKTOK_ERROR, COHORT_TIKTOK_ERROR_BAD_PARAMETER);
  g_clear_error (&error);
  g_assert_cmpuint (members_of (fixture, audience), ==, 2);

  cohort_tiktok_client_list_audiences_async (fixture->client, "7000000000000000001", NULL, NULL, store_result,
                                             &listed);
  all = cohort_tiktok_client_list_audiences_finish (fixture->client, wait_result (&listed), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 1);
  g_assert_cmpstr (((CohortTiktokAudience *) g_ptr_array_index (all, 0))->name, ==, "Clients FR");
  g_assert_cmpint (((CohortTiktokAudience *) g_ptr_array_index (all, 0))->cover_num, ==, 2);
  g_assert_false (((CohortTiktokAudience *) g_ptr_array_index (all, 0))->is_valid);

  ids[0] = audience;
  cohort_tiktok_client_list_audiences_async (fixture->client, "7000000000000000001", ids, NULL, store_result, &got);
  one = cohort_tiktok_client_list_audiences_finish (fixture->client, wait_result (&got), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (one->len, ==, 1);
  g_assert_cmpstr (((CohortTiktokAudience *) g_ptr_array_index (one, 0))->type, ==, "Partner");

  cohort_tiktok_client_delete_audience_async (fixture->client, "7000000000000000001", audience, NULL,
                                              store_result, &deleted);
  g_assert_true (cohort_tiktok_client_delete_audience_finish (fixture->client, wait_result (&deleted), &error));
  g_assert_no_error (error);
  cohort_tiktok_client_list_audiences_async (fixture->client, "7000000000000000001", NULL, NULL, store_result,
                                             &listed_after);
  none = cohort_tiktok_client_list_audiences_finish (fixture->client, wait_result (&listed_after), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (none->len, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  cohort_i18n_init ();
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/tiktok-client/connect-and-calls", Fixture, NULL, fixture_set_up, test_connect_and_calls, fixture_tear_down);
  g_test_add ("/tiktok-client/retries", Fixture, NULL, fixture_set_up, test_retries, fixture_tear_down);
  g_test_add ("/tiktok-client/errors", Fixture, NULL, fixture_set_up, test_errors, fixture_tear_down);
  g_test_add ("/tiktok-client/audiences", Fixture, NULL, fixture_set_up, test_audiences, fixture_tear_down);
  g_test_add ("/tiktok-client/rate-limit", Fixture, NULL, fixture_set_up, test_rate_limit, fixture_tear_down);

  return g_test_run ();
}
