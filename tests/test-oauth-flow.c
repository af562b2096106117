/* test-oauth-flow.c: CohortOAuthFlow driven by a real HTTP client, as a browser would */
#include "config.h"

#include <ifaddrs.h>
#include <netinet/in.h>
#include <string.h>
#include <libsoup/soup.h>

#include "core/error.h"
#include "core/i18n.h"
#include "core/oauth-flow.h"

#define BASE "https://business-api.example"

typedef struct
{
  CohortOAuthFlow *flow;
  char            *state;
  SoupSession     *session;
  GAsyncResult    *result;
} Fixture;

/* The state as the consent page would echo it back. */
static char *
state_of (CohortOAuthFlow *flow)
{
  g_autoptr (GUri) uri = g_uri_parse (cohort_oauth_flow_get_authorize_url (flow),
                                      G_URI_FLAGS_ENCODED_QUERY, NULL);
  g_autoptr (GHashTable) params = g_uri_parse_params (g_uri_get_query (uri), -1, "&",
                                                      G_URI_PARAMS_NONE, NULL);

  return g_strdup (g_hash_table_lookup (params, "state"));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr (GError) error = NULL;

  fixture->flow = cohort_oauth_flow_new (BASE, "7100000000000000001", 0);
  g_assert_true (cohort_oauth_flow_start (fixture->flow, &error));
  g_assert_no_error (error);
  fixture->state = state_of (fixture->flow);
  fixture->session = soup_session_new ();
  /* A browser sends 127.0.0.1 straight, whatever proxy the environment names. */
  soup_session_set_proxy_resolver (fixture->session, NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->result);
  g_object_unref (fixture->session);
  g_free (fixture->state);
  g_assert_finalize_object (fixture->flow);
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

/* One request from the same main context as the listener, as a browser
 * tab would send it; returns the HTTP status. */
static guint
request (Fixture    *fixture,
         const char *method,
         const char *path_and_query,
         char      **out_body)
{
  guint port = cohort_oauth_flow_get_port (fixture->flow);
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u%s", port, path_and_query);
  g_autoptr (SoupMessage) msg = soup_message_new (method, url);
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GBytes) body = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_nonnull (msg);
  soup_session_send_and_read_async (fixture->session, msg, G_PRIORITY_DEFAULT, NULL, store_result,
                                    &result);
  body = soup_session_send_and_read_finish (fixture->session, wait_result (&result), &error);
  g_assert_no_error (error);
  if (out_body != NULL)
    *out_body = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  return soup_message_get_status (msg);
}

static guint
get_callback (Fixture    *fixture,
              const char *query,
              char      **out_body)
{
  g_autofree char *path = g_strconcat ("/callback?", query, NULL);

  return request (fixture, "GET", path, out_body);
}

/* Gives the flow every chance to end early: the answers it had are read. */
static void
assert_still_waiting (Fixture *fixture)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_null (fixture->result);
}

static GError *
connect_error (const char *host,
               guint       port)
{
  g_autoptr (GSocketClient) client = g_socket_client_new ();
  g_autoptr (GSocketAddress) address = g_inet_socket_address_new_from_string (host, port);
  g_autoptr (GSocketConnection) connection = NULL;
  GError *error = NULL;

  g_socket_client_set_enable_proxy (client, FALSE);
  g_socket_client_set_timeout (client, 5);
  connection = g_socket_client_connect (client, G_SOCKET_CONNECTABLE (address), NULL, &error);
  return error;
}

static void
assert_refused (guint port)
{
  g_autoptr (GError) error = connect_error ("127.0.0.1", port);

  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
}

static void
test_authorize_url (void)
{
  g_autofree char *built = cohort_oauth_build_authorize_url ("http://h.example//", "1 2", "a&b",
                                                             "http://x/?y=1");
  g_autoptr (CohortOAuthFlow) flow = cohort_oauth_flow_new (BASE "/", "7100000000000000001", 0);
  g_autoptr (CohortOAuthFlow) other = cohort_oauth_flow_new (BASE, "7100000000000000001", 0);
  g_autoptr (GError) error = NULL;
  g_autoptr (GUri) uri = NULL;
  g_autoptr (GHashTable) params = NULL;
  g_autofree char *other_state = NULL;
  g_autofree char *redirect = NULL;
  const char *url;
  const char *state;

  g_assert_cmpstr (built, ==, "http://h.example/portal/auth?app_id=1%202&state=a%26b"
                              "&redirect_uri=http%3A%2F%2Fx%2F%3Fy%3D1");

  g_assert_true (cohort_oauth_flow_start (flow, &error));
  g_assert_no_error (error);
  g_assert_true (cohort_oauth_flow_start (other, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (cohort_oauth_flow_get_port (flow), >, 0);
  g_assert_cmpuint (cohort_oauth_flow_get_port (flow), !=, cohort_oauth_flow_get_port (other));
  redirect = g_strdup_printf ("http://127.0.0.1:%u/callback", cohort_oauth_flow_get_port (flow));
  g_assert_cmpstr (cohort_oauth_flow_get_redirect_uri (flow), ==, redirect);

  url = cohort_oauth_flow_get_authorize_url (flow);
  g_assert_true (g_str_has_prefix (url, BASE "/portal/auth?"));
  /* The redirect URI is escaped whole, or its own ':' and '/' would split the query. */
  g_assert_nonnull (strstr (url, "redirect_uri=http%3A%2F%2F127.0.0.1%3A"));
  uri = g_uri_parse (url, G_URI_FLAGS_ENCODED_QUERY, &error);
  g_assert_no_error (error);
  params = g_uri_parse_params (g_uri_get_query (uri), -1, "&", G_URI_PARAMS_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (params), ==, 3);
  g_assert_cmpstr (g_hash_table_lookup (params, "app_id"), ==, "7100000000000000001");
  g_assert_cmpstr (g_hash_table_lookup (params, "redirect_uri"), ==, redirect);
  state = g_hash_table_lookup (params, "state");
  g_assert_true (g_regex_match_simple ("^[0-9a-f]{32,}$", state, 0, 0));

  other_state = state_of (other);
  g_assert_cmpuint (strlen (other_state), ==, strlen (state));
  g_assert_cmpstr (other_state, !=, state);
}

static void
test_success (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *query = g_strdup_printf ("auth_code=X&code=X&state=%s", fixture->state);
  g_autofree char *body = NULL;
  g_autofree char *code = NULL;
  g_autoptr (GError) error = NULL;

  cohort_oauth_flow_wait_async (fixture->flow, 10, NULL, store_result, &fixture->result);
  g_assert_cmpuint (get_callback (fixture, query, &body), ==, SOUP_STATUS_OK);
  g_assert_nonnull (strstr (body, "<meta charset=\"utf-8\">"));
  g_assert_nonnull (strstr (body, "<html lang=\"en\">"));
  g_assert_nonnull (strstr (body, "<title>Cohort is connected</title>"));
  g_assert_nonnull (strstr (body, "You can close this tab and go back to Cohort."));
  /* The page says nothing of the code or the state. */
  g_assert_null (strstr (body, fixture->state));

  code = cohort_oauth_flow_wait_finish (fixture->flow, wait_result (&fixture->result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (code, ==, "X");
  assert_refused (cohort_oauth_flow_get_port (fixture->flow));
}

/* TikTok sends both `auth_code` and `code`: either is taken, `auth_code` first. */
static void
assert_code_from (Fixture    *fixture,
                  const char *parameters,
                  const char *expected)
{
  g_autofree char *query = g_strdup_printf ("%s&state=%s", parameters, fixture->state);
  g_autofree char *code = NULL;
  g_autoptr (GError) error = NULL;

  cohort_oauth_flow_wait_async (fixture->flow, 10, NULL, store_result, &fixture->result);
  g_assert_cmpuint (get_callback (fixture, query, NULL), ==, SOUP_STATUS_OK);
  code = cohort_oauth_flow_wait_finish (fixture->flow, wait_result (&fixture->result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (code, ==, expected);
}

static void
test_code_only (Fixture       *fixture,
                gconstpointer  data)
{
  assert_code_from (fixture, "code=Y", "Y");
}

static void
test_auth_code_first (Fixture       *fixture,
                      gconstpointer  data)
{
  assert_code_from (fixture, "code=B&auth_code=A", "A");
}

static void
test_empty_auth_code (Fixture       *fixture,
                      gconstpointer  data)
{
  assert_code_from (fixture, "auth_code=&code=C", "C");
}

static void
test_wrong_state (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *state = g_strdup (fixture->state);
  g_autofree char *same_length = g_strdup (state);
  g_autofree char *forged = NULL;
  g_autofree char *query = g_strdup_printf ("auth_code=X&state=%s", state);
  g_autofree char *body = NULL;
  g_autofree char *code = NULL;
  g_autoptr (GError) error = NULL;

  same_length[strlen (same_length) - 1] = same_length[strlen (same_length) - 1] == '0' ? '1' : '0';
  forged = g_strdup_printf ("auth_code=FORGED&code=FORGED&state=%s", same_length);

  cohort_oauth_flow_wait_async (fixture->flow, 10, NULL, store_result, &fixture->result);
  g_assert_cmpuint (get_callback (fixture, forged, &body), ==, SOUP_STATUS_BAD_REQUEST);
  g_assert_nonnull (strstr (body, "<meta charset=\"utf-8\">"));
  g_assert_nonnull (strstr (body, "It belongs to another connection attempt."));
  assert_still_waiting (fixture);
  g_assert_cmpuint (get_callback (fixture, "auth_code=FORGED", NULL), ==, SOUP_STATUS_BAD_REQUEST);
  g_assert_cmpuint (get_callback (fixture, "auth_code=FORGED&state=", NULL), ==, 400);
  g_assert_cmpuint (get_callback (fixture, "auth_code=FORGED&state=abc", NULL), ==, 400);
  g_assert_cmpuint (request (fixture, "GET", "/callback", NULL), ==, SOUP_STATUS_BAD_REQUEST);
  assert_still_waiting (fixture);

  g_assert_cmpuint (get_callback (fixture, query, NULL), ==, SOUP_STATUS_OK);
  code = cohort_oauth_flow_wait_finish (fixture->flow, wait_result (&fixture->result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (code, ==, "X");
}

static void
test_other_paths (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *query = g_strdup_printf ("auth_code=X&state=%s", fixture->state);
  g_autofree char *wrong_path = g_strdup_printf ("/favicon.ico?%s", query);
  g_autofree char *sub_path = g_strdup_printf ("/callback/x?%s", query);
  g_autofree char *post_path = g_strdup_printf ("/callback?%s", query);
  g_autofree char *code = NULL;
  g_autoptr (GError) error = NULL;

  cohort_oauth_flow_wait_async (fixture->flow, 10, NULL, store_result, &fixture->result);
  g_assert_cmpuint (request (fixture, "GET", "/favicon.ico", NULL), ==, SOUP_STATUS_NOT_FOUND);
  g_assert_cmpuint (request (fixture, "GET", "/", NULL), ==, SOUP_STATUS_NOT_FOUND);
  /* The right state on the wrong path or method completes nothing either. */
  g_assert_cmpuint (request (fixture, "GET", wrong_path, NULL), ==, SOUP_STATUS_NOT_FOUND);
  g_assert_cmpuint (request (fixture, "GET", sub_path, NULL), ==, SOUP_STATUS_NOT_FOUND);
  g_assert_cmpuint (request (fixture, "POST", post_path, NULL), ==, SOUP_STATUS_METHOD_NOT_ALLOWED);
  assert_still_waiting (fixture);

  g_assert_cmpuint (get_callback (fixture, query, NULL), ==, SOUP_STATUS_OK);
  code = cohort_oauth_flow_wait_finish (fixture->flow, wait_result (&fixture->result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (code, ==, "X");
}

/* A request with a large body is refused before the body is read. */
static void
test_body_refused (Fixture       *fixture,
                   gconstpointer  data)
{
  guint port = cohort_oauth_flow_get_port (fixture->flow);
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u/callback?auth_code=X&state=%s", port,
                                          fixture->state);
  g_autoptr (SoupMessage) msg = soup_message_new ("POST", url);
  g_autofree char *big = g_malloc0 (4 * 1024 * 1024);
  g_autoptr (GBytes) body = g_bytes_new_take (g_steal_pointer (&big), 4 * 1024 * 1024);
  g_autoptr (GAsyncResult) sent = NULL;
  g_autoptr (GBytes) reply = NULL;
  g_autofree char *query = g_strdup_printf ("auth_code=X&state=%s", fixture->state);
  g_autofree char *code = NULL;
  g_autoptr (GError) error = NULL;

  cohort_oauth_flow_wait_async (fixture->flow, 10, NULL, store_result, &fixture->result);
  soup_message_set_request_body_from_bytes (msg, "application/octet-stream", body);
  soup_session_send_and_read_async (fixture->session, msg, G_PRIORITY_DEFAULT, NULL, store_result, &sent);
  reply = soup_session_send_and_read_finish (fixture->session, wait_result (&sent), NULL);
  g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE);
  assert_still_waiting (fixture);

  g_assert_cmpuint (get_callback (fixture, query, NULL), ==, SOUP_STATUS_OK);
  code = cohort_oauth_flow_wait_finish (fixture->flow, wait_result (&fixture->result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (code, ==, "X");
}

static void
test_denied (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *query = g_strdup_printf ("error=access_denied&error_description=%%3Cb%%3E"
                                            "&state=%s", fixture->state);
  g_autofree char *body = NULL;
  g_autofree char *code = NULL;
  g_autoptr (GError) error = NULL;

  cohort_oauth_flow_wait_async (fixture->flow, 10, NULL, store_result, &fixture->result);
  g_assert_cmpuint (get_callback (fixture, query, &body), ==, SOUP_STATUS_OK);
  g_assert_nonnull (strstr (body, "TikTok did not grant access."));
  code = cohort_oauth_flow_wait_finish (fixture->flow, wait_result (&fixture->result), &error);
  g_assert_error (error, COHORT_OAUTH_ERROR, COHORT_OAUTH_ERROR_DENIED);
  g_assert_nonnull (strstr (error->message, "(access_denied)"));
  g_assert_null (code);
  assert_refused (cohort_oauth_flow_get_port (fixture->flow));
}

/* A cancelled consent comes back with the state and nothing else. */
static void
test_denied_bare (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *query = g_strdup_printf ("error=%%3Cscript%%3E&state=%s", fixture->state);
  g_autofree char *code = NULL;
  g_autoptr (GError) error = NULL;

  cohort_oauth_flow_wait_async (fixture->flow, 10, NULL, store_result, &fixture->result);
  g_assert_cmpuint (get_callback (fixture, query, NULL), ==, SOUP_STATUS_OK);
  code = cohort_oauth_flow_wait_finish (fixture->flow, wait_result (&fixture->result), &error);
  g_assert_error (error, COHORT_OAUTH_ERROR, COHORT_OAUTH_ERROR_DENIED);
  /* Free text from the address bar stays out of the message. */
  g_assert_null (strstr (error->message, "script"));
  g_assert_null (code);
}

static void
test_timeout (Fixture       *fixture,
              gconstpointer  data)
{
  gint64 start = g_get_monotonic_time ();
  g_autofree char *code = NULL;
  g_autoptr (GError) error = NULL;

  cohort_oauth_flow_wait_async (fixture->flow, 1, NULL, store_result, &fixture->result);
  code = cohort_oauth_flow_wait_finish (fixture->flow, wait_result (&fixture->result), &error);
  g_assert_error (error, COHORT_OAUTH_ERROR, COHORT_OAUTH_ERROR_TIMED_OUT);
  g_assert_null (code);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, G_USEC_PER_SEC);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 3 * G_USEC_PER_SEC);
  assert_refused (cohort_oauth_flow_get_port (fixture->flow));
}

static void
test_timeout_after_wrong_state (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autofree char *code = NULL;
  g_autoptr (GError) error = NULL;

  cohort_oauth_flow_wait_async (fixture->flow, 1, NULL, store_result, &fixture->result);
  g_assert_cmpuint (get_callback (fixture, "auth_code=OLD&state=0123456789abcdef", NULL), ==,
                    SOUP_STATUS_BAD_REQUEST);
  code = cohort_oauth_flow_wait_finish (fixture->flow, wait_result (&fixture->result), &error);
  g_assert_error (error, COHORT_OAUTH_ERROR, COHORT_OAUTH_ERROR_STATE_MISMATCH);
  g_assert_null (code);
  assert_refused (cohort_oauth_flow_get_port (fixture->flow));
}

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *code = NULL;
  g_autoptr (GError) error = NULL;

  cohort_oauth_flow_wait_async (fixture->flow, 10, cancellable, store_result, &fixture->result);
  g_timeout_add (20, cancel_cb, cancellable);
  code = cohort_oauth_flow_wait_finish (fixture->flow, wait_result (&fixture->result), &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (code);
  assert_refused (cohort_oauth_flow_get_port (fixture->flow));
}

static void
test_close (Fixture       *fixture,
            gconstpointer  data)
{
  guint port = cohort_oauth_flow_get_port (fixture->flow);
  g_autoptr (GError) error = NULL;
  g_autoptr (GAsyncResult) again = NULL;
  g_autofree char *code = NULL;
  g_autoptr (CohortOAuthFlow) dropped = cohort_oauth_flow_new (BASE, "7100000000000000001", 0);
  guint dropped_port;

  cohort_oauth_flow_wait_async (fixture->flow, 10, NULL, store_result, &fixture->result);
  cohort_oauth_flow_close (fixture->flow);
  cohort_oauth_flow_close (fixture->flow);
  assert_refused (port);
  code = cohort_oauth_flow_wait_finish (fixture->flow, wait_result (&fixture->result), &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (code);
  g_clear_error (&error);

  cohort_oauth_flow_wait_async (fixture->flow, 10, NULL, store_result, &again);
  code = cohort_oauth_flow_wait_finish (fixture->flow, wait_result (&again), &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CLOSED);
  g_assert_null (code);
  g_clear_error (&error);

  /* Finalising closes as well. */
  g_assert_true (cohort_oauth_flow_start (dropped, &error));
  g_assert_no_error (error);
  dropped_port = cohort_oauth_flow_get_port (dropped);
  g_assert_finalize_object (g_steal_pointer (&dropped));
  assert_refused (dropped_port);
}

/* The browser may be quicker than the caller's wait. */
static void
test_answer_before_wait (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *query = g_strdup_printf ("auth_code=EARLY&state=%s", fixture->state);
  g_autofree char *code = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_cmpuint (get_callback (fixture, query, NULL), ==, SOUP_STATUS_OK);
  cohort_oauth_flow_wait_async (fixture->flow, 10, NULL, store_result, &fixture->result);
  code = cohort_oauth_flow_wait_finish (fixture->flow, wait_result (&fixture->result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (code, ==, "EARLY");
  assert_refused (cohort_oauth_flow_get_port (fixture->flow));
}

static void
test_one_wait (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *query = g_strdup_printf ("auth_code=X&state=%s", fixture->state);
  g_autoptr (GAsyncResult) second = NULL;
  g_autofree char *code = NULL;
  g_autofree char *second_code = NULL;
  g_autoptr (GError) error = NULL;

  cohort_oauth_flow_wait_async (fixture->flow, 10, NULL, store_result, &fixture->result);
  cohort_oauth_flow_wait_async (fixture->flow, 10, NULL, store_result, &second);
  second_code = cohort_oauth_flow_wait_finish (fixture->flow, wait_result (&second), &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PENDING);
  g_assert_null (second_code);
  g_clear_error (&error);

  g_assert_cmpuint (get_callback (fixture, query, NULL), ==, SOUP_STATUS_OK);
  code = cohort_oauth_flow_wait_finish (fixture->flow, wait_result (&fixture->result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (code, ==, "X");
}

static void
assert_port_in_use (guint port)
{
  g_autoptr (CohortOAuthFlow) flow = cohort_oauth_flow_new (BASE, "7100000000000000001", port);
  g_autoptr (GError) error = NULL;
  g_autofree char *number = g_strdup_printf (" %u ", port);
  g_autofree char *redirect = g_strdup_printf ("http://127.0.0.1:%u/callback", port);

  g_assert_false (cohort_oauth_flow_start (flow, &error));
  g_assert_error (error, COHORT_OAUTH_ERROR, COHORT_OAUTH_ERROR_PORT_IN_USE);
  g_assert_nonnull (strstr (error->message, number));
  g_assert_nonnull (strstr (error->message, "--port"));
  g_assert_nonnull (strstr (error->message, redirect));
}

static void
test_port_in_use (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr (GSocketService) service = g_socket_service_new ();
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr (GSocketAddress) bound = NULL;
  g_autoptr (GError) error = NULL;

  /* Another flow of Cohort's own… */
  assert_port_in_use (cohort_oauth_flow_get_port (fixture->flow));

  /* …and any other program. */
  g_socket_listener_add_address (G_SOCKET_LISTENER (service), address, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &bound, &error);
  g_assert_no_error (error);
  assert_port_in_use (g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  g_socket_service_stop (service);
  g_socket_listener_close (G_SOCKET_LISTENER (service));
}

/* Whether connecting to @host reaches a socket that listens on every
 * address: if not, a refusal there says nothing of the flow. */
static gboolean
reaches_any_address (const char *host)
{
  g_autoptr (GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                             G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr (GInetAddress) any = g_inet_address_new_any (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) address = g_inet_socket_address_new (any, 0);
  g_autoptr (GSocketAddress) bound = NULL;
  g_autoptr (GError) error = NULL;

  if (socket == NULL || !g_socket_bind (socket, address, TRUE, NULL) ||
      !g_socket_listen (socket, NULL))
    return FALSE;
  bound = g_socket_get_local_address (socket, NULL);
  error = connect_error (host, g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  g_socket_close (socket, NULL);
  return error == NULL;
}

static void
test_loopback_only (Fixture       *fixture,
                    gconstpointer  data)
{
  guint port = cohort_oauth_flow_get_port (fixture->flow);
  g_autoptr (GError) error = connect_error ("127.0.0.1", port);
  struct ifaddrs *addresses = NULL;
  guint others = 0;

  g_assert_no_error (error);

  /* Linux routes all of 127.0.0.0/8 to the loopback interface: a socket
   * bound to every address answers on 127.0.0.2, one bound to 127.0.0.1
   * does not. */
  if (reaches_any_address ("127.0.0.2"))
    {
      g_autoptr (GError) other_loopback = connect_error ("127.0.0.2", port);

      g_assert_nonnull (other_loopback);
    }
  else
    g_test_message ("127.0.0.2 does not reach this machine: not checked");
  {
    g_autoptr (GError) ipv6 = connect_error ("::1", port);

    g_assert_nonnull (ipv6);
  }

  g_assert_cmpint (getifaddrs (&addresses), ==, 0);
  for (struct ifaddrs *entry = addresses; entry != NULL; entry = entry->ifa_next)
    {
      g_autoptr (GSocketAddress) address = NULL;
      g_autoptr (GInetAddress) inet = NULL;
      g_autofree char *host = NULL;
      g_autoptr (GError) connected = NULL;

      if (entry->ifa_addr == NULL ||
          (entry->ifa_addr->sa_family != AF_INET && entry->ifa_addr->sa_family != AF_INET6))
        continue;
      address = g_socket_address_new_from_native (entry->ifa_addr,
                                                  entry->ifa_addr->sa_family == AF_INET
                                                    ? sizeof (struct sockaddr_in)
                                                    : sizeof (struct sockaddr_in6));
      inet = g_object_ref (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (address)));
      /* Link-local IPv6 needs a scope that an address string does not carry. */
      if (g_inet_address_get_is_loopback (inet) || g_inet_address_get_is_link_local (inet))
        continue;
      host = g_inet_address_to_string (inet);
      connected = connect_error (host, port);
      g_assert_nonnull (connected);
      others++;
    }
  freeifaddrs (addresses);
  g_test_message ("%u non-loopback addresses refused the connection", others);
}

int
main (int   argc,
      char *argv[])
{
  cohort_i18n_init ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/oauth-flow/authorize-url", test_authorize_url);
#define ADD(path, func) \
  g_test_add ("/oauth-flow/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("success", test_success);
  ADD ("code-only", test_code_only);
  ADD ("auth-code-first", test_auth_code_first);
  ADD ("empty-auth-code", test_empty_auth_code);
  ADD ("wrong-state", test_wrong_state);
  ADD ("other-paths", test_other_paths);
  ADD ("body-refused", test_body_refused);
  ADD ("denied", test_denied);
  ADD ("denied-bare", test_denied_bare);
  ADD ("timeout", test_timeout);
  ADD ("timeout-after-wrong-state", test_timeout_after_wrong_state);
  ADD ("cancel", test_cancel);
  ADD ("close", test_close);
  ADD ("answer-before-wait", test_answer_before_wait);
  ADD ("one-wait", test_one_wait);
  ADD ("port-in-use", test_port_in_use);
  ADD ("loopback-only", test_loopback_only);
#undef ADD

  return g_test_run ();
}
