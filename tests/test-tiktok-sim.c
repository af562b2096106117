/* test-tiktok-sim.c: the TikTok simulator answers and refuses as TikTok does, over real HTTP */
#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "tiktok-sim.h"

typedef struct
{
  GSubprocess *process;
  char        *base;
  SoupSession *session;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GDataInputStream) out = NULL;
  const char *sim = g_getenv ("COHORT_TIKTOK_SIM");

  g_assert_nonnull (sim);
  fixture->process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, sim, "--port", "0",
                                       "--qps", "0", NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (fixture->process));
  fixture->base = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (fixture->base, "http://127.0.0.1:"));
  fixture->session = soup_session_new ();
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_subprocess_force_exit (fixture->process);
  g_subprocess_wait (fixture->process, NULL, NULL);
  g_object_unref (fixture->process);
  g_object_unref (fixture->session);
  g_free (fixture->base);
}

/* Sends a request; returns the HTTP status and, for 200, the envelope. */
static guint
send_raw (Fixture     *fixture,
          const char  *method,
          const char  *path,
          const char  *token,
          const char  *body,
          JsonObject **out_envelope,
          GError     **error)
{
  g_autofree char *url = g_strconcat (fixture->base, path, NULL);
  g_autoptr (SoupMessage) msg = soup_message_new (method, url);
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  gsize length;
  const char *data;

  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  if (token != NULL)
    soup_message_headers_append (soup_message_get_request_headers (msg), "Access-Token", token);
  if (body != NULL)
    {
      g_autoptr (GBytes) request = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", request);
    }
  bytes = soup_session_send_and_read (fixture->session, msg, NULL, error);
  if (bytes == NULL)
    return 0;
  data = g_bytes_get_data (bytes, &length);
  if (out_envelope != NULL && soup_message_get_status (msg) == SOUP_STATUS_OK)
    {
      g_assert_true (json_parser_load_from_data (parser, data, length, NULL));
      *out_envelope = json_object_ref (json_node_get_object (json_parser_get_root (parser)));
    }
  if (soup_message_get_status (msg) == SOUP_STATUS_FOUND && out_envelope != NULL)
    {
      *out_envelope = json_object_new ();
      json_object_set_string_member (*out_envelope, "location",
                                     soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                                   "Location"));
    }
  return soup_message_get_status (msg);
}

/* A TikTok call: asserts HTTP 200 and an envelope, returns its code. */
static int
call (Fixture     *fixture,
      const char  *method,
      const char  *endpoint,
      const char  *token,
      const char  *body,
      JsonObject **out_data)
{
  g_autofree char *path = g_strconcat ("/open_api/v1.3/", endpoint, NULL);
  g_autoptr (JsonObject) envelope = NULL;
  g_autoptr (GError) error = NULL;
  guint status = send_raw (fixture, method, path, token, body, &envelope, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (status, ==, 200);
  g_assert_true (json_object_has_member (envelope, "request_id"));
  if (out_data != NULL)
    *out_data = json_object_ref (json_object_get_object_member (envelope, "data"));
  return json_object_get_int_member (envelope, "code");
}

/* Through the consent page to a token, as the app does. */
static char *
connect_app (Fixture *fixture)
{
  g_autoptr (JsonObject) redirect = NULL;
  g_autoptr (JsonObject) data = NULL;
  g_autoptr (GUri) location = NULL;
  g_autoptr (GHashTable) params = NULL;
  g_autofree char *body = NULL;
  guint status;

  status = send_raw (fixture, "GET", "/portal/auth?app_id=" COHORT_TIKTOK_SIM_APP_ID
                     "&state=s%20t&redirect_uri=http%3A%2F%2F127.0.0.1%3A8477%2Fcallback",
                     NULL, NULL, &redirect, NULL);
  g_assert_cmpuint (status, ==, SOUP_STATUS_FOUND);
  location = g_uri_parse (json_object_get_string_member (redirect, "location"), G_URI_FLAGS_NONE, NULL);
  g_assert_cmpstr (g_uri_get_path (location), ==, "/callback");
  params = g_uri_parse_params (g_uri_get_query (location), -1, "&", G_URI_PARAMS_NONE, NULL);
  g_assert_cmpstr (g_hash_table_lookup (params, "state"), ==, "s t");
  g_assert_cmpstr (g_hash_table_lookup (params, "auth_code"), ==, g_hash_table_lookup (params, "code"));

  body = g_strdup_printf ("{\"app_id\": \"%s\", \"secret\": \"%s\", \"auth_code\": \"%s\"}",
                          COHORT_TIKTOK_SIM_APP_ID, COHORT_TIKTOK_SIM_APP_SECRET,
                          (char *) g_hash_table_lookup (params, "auth_code"));
  g_assert_cmpint (call (fixture, "POST", "oauth2/access_token/", NULL, body, &data), ==, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (data, "advertiser_ids")), ==, 2);
  /* An auth code is good once. */
  g_assert_cmpint (call (fixture, "POST", "oauth2/access_token/", NULL, body, NULL), ==, 40110);
  return g_strdup (json_object_get_string_member (data, "access_token"));
}

static void
test_oauth_and_advertisers (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *token = connect_app (fixture);
  g_autoptr (JsonObject) advertisers = NULL;
  g_autofree char *revoke = g_strdup_printf ("{\"app_id\": \"%s\", \"secret\": \"%s\", \"access_token\": \"%s\"}",
                                             COHORT_TIKTOK_SIM_APP_ID, COHORT_TIKTOK_SIM_APP_SECRET, token);
  const char *path = "oauth2/advertiser/get/?app_id=" COHORT_TIKTOK_SIM_APP_ID "&secret=" COHORT_TIKTOK_SIM_APP_SECRET;

  g_assert_cmpint (call (fixture, "POST", "oauth2/access_token/", NULL,
                         "{\"app_id\": \"" COHORT_TIKTOK_SIM_APP_ID "\", \"secret\": \"wrong\", \"auth_code\": \"x\"}",
                         NULL), ==, 40002);
  g_assert_cmpint (call (fixture, "GET", path, token, NULL, &advertisers), ==, 0);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (
                       json_object_get_array_member (advertisers, "list"), 0), "advertiser_name"), ==,
                   "Boutique Paris");
  g_assert_cmpint (call (fixture, "GET", path, NULL, NULL, NULL), ==, 40104);
  g_assert_cmpint (call (fixture, "GET", path, "not-a-token", NULL, NULL), ==, 40105);

  g_assert_cmpint (call (fixture, "POST", "oauth2/revoke_token/", NULL, revoke, NULL), ==, 0);
  g_assert_cmpint (call (fixture, "GET", path, token, NULL, NULL), ==, 40105);
}

static void
test_audiences_and_members (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *token = connect_app (fixture);
  g_autoptr (JsonObject) created = NULL;
  g_autoptr (JsonObject) listed = NULL;
  g_autoptr (JsonObject) state = NULL;
  g_autoptr (GString) too_many = g_string_new (NULL);
  g_autofree char *add = NULL;
  g_autofree char *remove = NULL;
  g_autofree char *bad_hex = NULL;
  g_autofree char *ragged = NULL;
  g_autofree char *empty_row = NULL;
  g_autofree char *get = NULL;
  g_autofree char *long_name = g_strnfill (71, 'x');
  g_autofree char *create_long = g_strdup_printf ("{\"advertiser_id\": \"7000000000000000001\", \"action\": \"create\", "
                                                  "\"custom_audience_name\": \"%s\"}", long_name);
  const char *h1 = "6ae70714ca3d84e03e584e4cc0b1743d32fe8cb833e6419e4e6651d9e0be56a6";
  const char *h2 = "42d573cfc315801d4cd8eddd5416b416a0bf298b9b9e12d6b07442c91db42bd8";
  const char *audience;

  g_assert_cmpint (call (fixture, "POST", "segment/audience/", token,
                         "{\"advertiser_id\": \"7000000000000000001\", \"action\": \"create\", "
                         "\"custom_audience_name\": \"Clients FR\"}", &created), ==, 0);
  audience = json_object_get_string_member (created, "audience_id");
  g_assert_cmpint (call (fixture, "POST", "segment/audience/", token, create_long, NULL), ==, 40002);
  /* Not an advertiser of this token's. */
  g_assert_cmpint (call (fixture, "POST", "segment/audience/", token,
                         "{\"advertiser_id\": \"123\", \"action\": \"create\", "
                         "\"custom_audience_name\": \"X\"}", NULL), ==, 40001);

  add = g_strdup_printf ("{\"advertiser_ids\": [\"7000000000000000001\"], \"action\": \"add\", "
                         "\"id_schema\": [\"EMAIL_SHA256\", \"PHONE_SHA256\"], \"batch_data\": "
                         "[[{\"id\": \"%s\", \"audience_ids\": [\"%s\"]}, {\"id\": \"%s\", \"audience_ids\": [\"%s\"]}], "
                         "[{}, {\"id\": \"%s\", \"audience_ids\": [\"%s\"]}]]}",
                         h1, audience, h2, audience, h1, audience);
  g_assert_cmpint (call (fixture, "POST", "segment/mapping/", token, add, NULL), ==, 0);

  /* Refused as a whole: an upper-case id, a row not following id_schema, too many rows. */
  bad_hex = g_strdup_printf ("{\"advertiser_ids\": [\"7000000000000000001\"], \"action\": \"delete\", "
                             "\"id_schema\": [\"EMAIL_SHA256\"], \"batch_data\": "
                             "[[{\"id\": \"%s\", \"audience_ids\": [\"%s\"]}], [{\"id\": \"ABC\", \"audience_ids\": [\"%s\"]}]]}",
                             h1, audience, audience);
  g_assert_cmpint (call (fixture, "POST", "segment/mapping/", token, bad_hex, NULL), ==, 40002);
  ragged = g_strdup_printf ("{\"advertiser_ids\": [\"7000000000000000001\"], \"action\": \"add\", "
                            "\"id_schema\": [\"EMAIL_SHA256\", \"PHONE_SHA256\"], \"batch_data\": "
                            "[[{\"id\": \"%s\", \"audience_ids\": [\"%s\"]}]]}", h1, audience);
  g_assert_cmpint (call (fixture, "POST", "segment/mapping/", token, ragged, NULL), ==, 40002);
  empty_row = g_strdup_printf ("{\"advertiser_ids\": [\"7000000000000000001\"], \"action\": \"add\", "
                               "\"id_schema\": [\"EMAIL_SHA256\", \"PHONE_SHA256\"], \"batch_data\": "
                               "[[{\"id\": \"%s\", \"audience_ids\": [\"%s\"]}, {}], [{}, {}]]}", h2, audience);
  g_assert_cmpint (call (fixture, "POST", "segment/mapping/", token, empty_row, NULL), ==, 40002);
  g_string_append (too_many, "{\"advertiser_ids\": [\"7000000000000000001\"], \"action\": \"add\", "
                             "\"id_schema\": [\"EMAIL_SHA256\"], \"batch_data\": [");
  for (guint i = 0; i < 1001; i++)
    g_string_append_printf (too_many, "%s[{\"id\": \"%s\", \"audience_ids\": [\"%s\"]}]", i > 0 ? "," : "", h1, audience);
  g_string_append (too_many, "]}");
  g_assert_cmpint (call (fixture, "POST", "segment/mapping/", token, too_many->str, NULL), ==, 40002);

  remove = g_strdup_printf ("{\"advertiser_ids\": [\"7000000000000000001\"], \"action\": \"delete\", "
                            "\"id_schema\": [\"PHONE_SHA256\"], \"batch_data\": "
                            "[[{\"id\": \"%s\", \"audience_ids\": [\"%s\"]}]]}", h2, audience);
  g_assert_cmpint (call (fixture, "POST", "segment/mapping/", token, remove, NULL), ==, 0);

  get = g_strdup_printf ("dmp/custom_audience/get/?advertiser_id=7000000000000000001"
                         "&custom_audience_ids=%%5B%%22%s%%22%%5D", audience);
  g_assert_cmpint (call (fixture, "GET", get, token, NULL, &listed), ==, 0);
  {
    JsonObject *first = json_array_get_object_element (json_object_get_array_member (listed, "list"), 0);

    g_assert_cmpstr (json_object_get_string_member (first, "name"), ==, "Clients FR");
    g_assert_cmpstr (json_object_get_string_member (first, "audience_type"), ==, "Partner");
    /* EMAIL h1 and PHONE h1 remain; under TikTok's 1,000: not valid yet. */
    g_assert_cmpint (json_object_get_int_member (first, "cover_num"), ==, 2);
    g_assert_false (json_object_get_boolean_member (first, "is_valid"));
  }

  g_assert_cmpuint (send_raw (fixture, "GET", "/sim/state", NULL, NULL, &state, NULL), ==, 200);
  g_assert_cmpuint (json_array_get_length (json_array_get_object_element (
                        json_object_get_array_member (state, "audiences"), 0) != NULL
                        ? json_object_get_array_member (json_array_get_object_element (
                              json_object_get_array_member (state, "audiences"), 0), "members")
                        : NULL), ==, 2);
  /* Three rows and four IDs applied; the last request's rows as sent. */
  g_assert_cmpint (json_object_get_int_member (state, "mapped_rows"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (state, "mapped_ids"), ==, 4);
  {
    JsonObject *last = json_object_get_object_member (state, "last_mapping");
    JsonArray *rows = json_object_get_array_member (last, "rows");

    g_assert_cmpstr (json_object_get_string_member (last, "action"), ==, "delete");
    g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (last, "id_schema"), 0), ==,
                     "PHONE_SHA256");
    g_assert_cmpuint (json_array_get_length (rows), ==, 1);
    g_assert_cmpstr (json_array_get_string_element (json_array_get_array_element (rows, 0), 0), ==, h2);
  }
}

static void
test_faults (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *token = connect_app (fixture);
  g_autoptr (GError) error = NULL;
  const char *path = "advertiser/info/?advertiser_ids=%5B%227000000000000000001%22%5D";
  guint limited = 0;

  g_assert_cmpuint (send_raw (fixture, "POST", "/sim/faults", NULL,
                              "{\"error_rate\": 1, \"error_codes\": [50002]}", NULL, NULL), ==, 204);
  g_assert_cmpint (call (fixture, "GET", path, token, NULL, NULL), ==, 50002);
  g_assert_cmpuint (send_raw (fixture, "POST", "/sim/faults", NULL,
                              "{\"error_codes\": [503]}", NULL, NULL), ==, 204);
  g_assert_cmpuint (send_raw (fixture, "GET", "/open_api/v1.3/advertiser/info/", token, NULL, NULL, NULL), ==, 503);

  /* A dropped connection: no answer at all. */
  g_assert_cmpuint (send_raw (fixture, "POST", "/sim/faults", NULL,
                              "{\"error_rate\": 0, \"drop_before_rate\": 1}", NULL, NULL), ==, 204);
  g_assert_cmpuint (send_raw (fixture, "GET", "/open_api/v1.3/advertiser/info/", token, NULL, NULL, &error), ==, 0);
  g_assert_nonnull (error);
  g_clear_error (&error);

  /* Two requests a second: a burst of ten meets 40100. */
  g_assert_cmpuint (send_raw (fixture, "POST", "/sim/faults", NULL,
                              "{\"drop_before_rate\": 0, \"qps\": 2}", NULL, NULL), ==, 204);
  for (guint i = 0; i < 10; i++)
    limited += call (fixture, "GET", path, token, NULL, NULL) == 40100;
  g_assert_cmpuint (limited, >=, 6);

  /* Every token revoked at once. */
  g_assert_cmpuint (send_raw (fixture, "POST", "/sim/faults", NULL, "{\"qps\": 0}", NULL, NULL), ==, 204);
  g_assert_cmpuint (send_raw (fixture, "POST", "/sim/revoke-all", NULL, "{}", NULL, NULL), ==, 204);
  g_assert_cmpint (call (fixture, "GET", path, token, NULL, NULL), ==, 40105);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/tiktok-sim/oauth-and-advertisers", Fixture, NULL, fixture_set_up,
              test_oauth_and_advertisers, fixture_tear_down);
  g_test_add ("/tiktok-sim/audiences-and-members", Fixture, NULL, fixture_set_up,
              test_audiences_and_members, fixture_tear_down);
  g_test_add ("/tiktok-sim/faults", Fixture, NULL, fixture_set_up, test_faults, fixture_tear_down);

  return g_test_run ();
}
