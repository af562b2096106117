/* oauth-flow.c: CohortOAuthFlow, the loopback listener that receives TikTok's OAuth redirect */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <gnutls/gnutls.h>
#include <gnutls/crypto.h>
#include <libsoup/soup.h>

#include "core/error.h"
#include "core/oauth-flow.h"
#include "core/oauth-flow-private.h"

/* 256 bits: well above the 128 that make a state impossible to guess. */
#define STATE_BYTES 32

#define PAGE                                                                                       \
  "<!DOCTYPE html>\n"                                                                              \
  "<html lang=\"%s\">\n"                                                                           \
  "<head>\n"                                                                                       \
  "<meta charset=\"utf-8\">\n"                                                                     \
  "<meta name=\"viewport\" content=\"width=device-width\">\n"                                      \
  "<title>%s</title>\n"                                                                            \
  "<style>body{font-family:system-ui,sans-serif;max-width:36em;margin:4em auto;padding:0 1em;"     \
  "line-height:1.5}h1{font-size:1.5em}</style>\n"                                                  \
  "</head>\n"                                                                                      \
  "<body>\n<h1>%s</h1>\n<p>%s</p>\n</body>\n"                                                      \
  "</html>\n"

struct _CohortOAuthFlow
{
  GObject       parent_instance;

  char         *base_url;
  char         *app_id;
  guint         port; /* asked for, then the bound one */
  gboolean      started;
  char         *state;
  char         *redirect_uri;
  char         *authorize_url;
  SoupServer   *server;
  GMainContext *context;

  GTask        *task; /* the wait in progress */
  GSource      *timeout_source;
  GSource      *cancel_source;

  /* The browser may come back before anyone waits: its answer is kept
   * until the page is written, the listener closed and a wait takes it. */
  gboolean      answered;
  gboolean      finished;
  char         *code;
  GError       *denial;
  gboolean      saw_other_state;
};

G_DEFINE_FINAL_TYPE (CohortOAuthFlow, cohort_oauth_flow, G_TYPE_OBJECT)

static void
free_secret (char *secret)
{
  if (secret != NULL)
    memset (secret, 0, strlen (secret));
  g_free (secret);
}

/**
 * cohort_oauth_build_authorize_url:
 * @base_url: the host root, such as https://business-api.tiktok.com
 *
 * Returns: (transfer full): the page where the user grants Cohort access to
 *   advertisers (no PKCE, no scope: both are set on the developer app)
 */
char *
cohort_oauth_build_authorize_url (const char *base_url,
                                  const char *app_id,
                                  const char *state,
                                  const char *redirect_uri)
{
  g_autofree char *app = g_uri_escape_string (app_id, NULL, FALSE);
  g_autofree char *escaped_state = g_uri_escape_string (state, NULL, FALSE);
  g_autofree char *redirect = g_uri_escape_string (redirect_uri, NULL, FALSE);
  gsize length = strlen (base_url);

  while (length > 0 && base_url[length - 1] == '/')
    length--;
  return g_strdup_printf ("%.*s/portal/auth?app_id=%s&state=%s&redirect_uri=%s", (int) length,
                          base_url, app, escaped_state, redirect);
}

static void
close_listener (CohortOAuthFlow *self)
{
  if (self->server == NULL)
    return;
  soup_server_disconnect (self->server);
  g_clear_object (&self->server);
}

static void
clear_wait_sources (CohortOAuthFlow *self)
{
  if (self->timeout_source != NULL)
    g_source_destroy (self->timeout_source);
  g_clear_pointer (&self->timeout_source, g_source_unref);
  if (self->cancel_source != NULL)
    g_source_destroy (self->cancel_source);
  g_clear_pointer (&self->cancel_source, g_source_unref);
}

/* The task leaves self->task first: its callback may run inside
 * g_task_return_*() and wait again or close the flow. */
static void
return_answer (CohortOAuthFlow *self)
{
  g_autoptr (GTask) task = g_steal_pointer (&self->task);

  clear_wait_sources (self);
  if (self->code != NULL)
    g_task_return_pointer (task, g_steal_pointer (&self->code), (GDestroyNotify) free_secret);
  else if (self->denial != NULL)
    g_task_return_error (task, g_steal_pointer (&self->denial));
  else
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CLOSED, "%s",
                             _("Cohort no longer waits for TikTok’s answer. Connect again."));
}

static void
fail_wait (CohortOAuthFlow *self,
           GError          *error)
{
  g_autoptr (GTask) task = g_steal_pointer (&self->task);

  close_listener (self);
  clear_wait_sources (self);
  g_task_return_error (task, error);
}

/* Compares in constant time, so the answer's timing tells nothing of
 * how much of a forged state was right. */
static gboolean
state_matches (const char *expected,
               const char *given)
{
  gsize length = strlen (expected);
  guchar difference = 0;

  if (given == NULL || strlen (given) != length)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    difference |= (guchar) expected[i] ^ (guchar) given[i];
  return difference == 0;
}

/* TikTok's `error` value goes into the message only when it looks like an
 * OAuth error code, not free text from the address bar. */
static gboolean
is_error_code (const char *value)
{
  gsize length = strlen (value);

  if (length == 0 || length > 64)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isalnum (value[i]) && value[i] != '_' && value[i] != '-' && value[i] != '.')
      return FALSE;
  return TRUE;
}

static GError *
denial_error (GHashTable *query)
{
  const char *reason = g_hash_table_lookup (query, "error");

  if (reason != NULL && is_error_code (reason))
    return g_error_new (COHORT_OAUTH_ERROR, COHORT_OAUTH_ERROR_DENIED,
                        _("TikTok did not grant Cohort access (%s). Connect again and allow "
                          "access on TikTok’s page."),
                        reason);
  return g_error_new_literal (COHORT_OAUTH_ERROR, COHORT_OAUTH_ERROR_DENIED,
                              _("TikTok did not grant Cohort access. Connect again and allow "
                                "access on TikTok’s page."));
}

static void
respond_page (SoupServerMessage *msg,
              guint              status,
              const char        *title,
              const char        *sentence)
{
  /* Translators: your language's code for the lang attribute of an HTML page, such as fr or sv */
  g_autofree char *lang = g_markup_escape_text (C_ ("HTML lang attribute", "en"), -1);
  g_autofree char *escaped_title = g_markup_escape_text (title, -1);
  g_autofree char *escaped_sentence = g_markup_escape_text (sentence, -1);
  char *page = g_strdup_printf (PAGE, lang, escaped_title, escaped_title, escaped_sentence);
  gsize length = strlen (page);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  /* The address holds the auth code: no cache or referrer may keep it. */
  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  soup_message_headers_replace (headers, "Referrer-Policy", "no-referrer");
  soup_message_headers_replace (headers, "Content-Security-Policy",
                                "default-src 'none'; style-src 'unsafe-inline'");
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "text/html; charset=utf-8", SOUP_MEMORY_TAKE, page,
                                    length);
}

static gboolean
answer_written_cb (gpointer user_data)
{
  CohortOAuthFlow *self = user_data;

  close_listener (self);
  self->finished = TRUE;
  if (self->task != NULL)
    return_answer (self);
  return G_SOURCE_REMOVE;
}

/* Closing the server inside the message's own "finished" emission would
 * pull the connection from under libsoup: close from the main loop. */
static void
answer_finished_cb (SoupServerMessage *msg,
                    CohortOAuthFlow   *self)
{
  GSource *source = g_idle_source_new ();

  g_source_set_callback (source, answer_written_cb, g_object_ref (self), g_object_unref);
  g_source_attach (source, self->context);
  g_source_unref (source);
}

/* The answer comes in the query: a body is refused before it is read, so
 * that no local program can make Cohort hold megabytes. */
#define MAX_BODY 1024

static void
refuse_body (SoupServer        *server,
             SoupServerMessage *msg,
             const char        *path,
             GHashTable        *query,
             gpointer           user_data)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);

  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CHUNKED ||
      soup_message_headers_get_content_length (headers) > MAX_BODY)
    soup_server_message_set_status (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, NULL);
}

/**
 * cohort_oauth_callback_read:
 * @method: the request's method
 * @path: the path of its target, decoded
 * @query: (nullable): the fields of its query, decoded, as libsoup gives them
 * @state: the flow's state
 * @out_code: (out): the auth code, for %COHORT_OAUTH_CALLBACK_CODE
 * @out_denial: (out): why there is no code, for %COHORT_OAUTH_CALLBACK_DENIED
 *
 * What one request to the listener is. Nothing but the right state makes
 * it an answer: a stray or forged request brings no code.
 */
CohortOAuthCallback
cohort_oauth_callback_read (const char  *method,
                            const char  *path,
                            GHashTable  *query,
                            const char  *state,
                            char       **out_code,
                            GError     **out_denial)
{
  const char *code;

  *out_code = NULL;
  if (g_strcmp0 (path, "/callback") != 0)
    return COHORT_OAUTH_CALLBACK_NOT_FOUND;
  if (g_strcmp0 (method, SOUP_METHOD_GET) != 0)
    return COHORT_OAUTH_CALLBACK_BAD_METHOD;
  if (query == NULL || !state_matches (state, g_hash_table_lookup (query, "state")))
    return COHORT_OAUTH_CALLBACK_OTHER_STATE;

  code = g_hash_table_lookup (query, "auth_code");
  if (code == NULL || *code == '\0')
    code = g_hash_table_lookup (query, "code");
  if (code != NULL && *code != '\0')
    {
      *out_code = g_strdup (code);
      return COHORT_OAUTH_CALLBACK_CODE;
    }
  g_propagate_error (out_denial, denial_error (query));
  return COHORT_OAUTH_CALLBACK_DENIED;
}

static void
handle_request (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  CohortOAuthFlow *self = user_data;
  char *code = NULL;
  GError *denial = NULL;
  CohortOAuthCallback callback = cohort_oauth_callback_read (
      soup_server_message_get_method (msg), path, query, self->state, &code, &denial);

  switch (callback)
    {
    case COHORT_OAUTH_CALLBACK_NOT_FOUND:
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    case COHORT_OAUTH_CALLBACK_BAD_METHOD:
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", "GET");
      soup_server_message_set_status (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, NULL);
      return;
    case COHORT_OAUTH_CALLBACK_OTHER_STATE:
    case COHORT_OAUTH_CALLBACK_CODE:
    case COHORT_OAUTH_CALLBACK_DENIED:
    default:
      break;
    }

  /* A stray or forged request must neither end the wait nor bring its own
   * code: the right answer may still come. Once it came, nothing else is taken. */
  if (self->answered || callback == COHORT_OAUTH_CALLBACK_OTHER_STATE)
    {
      if (!self->answered)
        self->saw_other_state = TRUE;
      free_secret (code);
      g_clear_error (&denial);
      g_debug ("OAuth listener: rejected a callback that is not this flow's answer");
      respond_page (msg, SOUP_STATUS_BAD_REQUEST, _("Cohort cannot use this answer"),
                    _("It belongs to another connection attempt. Close this tab and use the "
                      "newest TikTok page that Cohort opened."));
      return;
    }

  self->answered = TRUE;
  if (callback == COHORT_OAUTH_CALLBACK_CODE)
    {
      self->code = code;
      respond_page (msg, SOUP_STATUS_OK, _("Cohort is connected"),
                    _("You can close this tab and go back to Cohort."));
    }
  else
    {
      self->denial = denial;
      respond_page (msg, SOUP_STATUS_OK, _("Cohort is not connected"),
                    _("TikTok did not grant access. Close this tab and connect again from "
                      "Cohort."));
    }
  g_signal_connect_object (msg, "finished", G_CALLBACK (answer_finished_cb), self, 0);
}

static void
cohort_oauth_flow_finalize (GObject *object)
{
  CohortOAuthFlow *self = COHORT_OAUTH_FLOW (object);

  close_listener (self);
  g_free (self->base_url);
  g_free (self->app_id);
  free_secret (self->state);
  g_free (self->redirect_uri);
  free_secret (self->authorize_url);
  free_secret (self->code);
  g_clear_error (&self->denial);
  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (cohort_oauth_flow_parent_class)->finalize (object);
}

static void
cohort_oauth_flow_class_init (CohortOAuthFlowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cohort_oauth_flow_finalize;
}

static void
cohort_oauth_flow_init (CohortOAuthFlow *self)
{
}

/**
 * cohort_oauth_flow_new:
 * @base_url: the host of the consent page, such as https://business-api.tiktok.com
 * @port: the port of the redirect URI registered in the TikTok developer
 *   app, or 0 for any free port (tests)
 */
CohortOAuthFlow *
cohort_oauth_flow_new (const char *base_url,
                       const char *app_id,
                       guint       port)
{
  CohortOAuthFlow *self;

  g_return_val_if_fail (base_url != NULL && app_id != NULL, NULL);
  g_return_val_if_fail (port <= G_MAXUINT16, NULL);

  self = g_object_new (COHORT_TYPE_OAUTH_FLOW, NULL);
  self->base_url = g_strdup (base_url);
  self->app_id = g_strdup (app_id);
  self->port = port;
  return self;
}

static char *
make_state (GError **error)
{
  guchar random[STATE_BYTES];
  char *state;
  int status = gnutls_rnd (GNUTLS_RND_RANDOM, random, sizeof random);

  if (status < 0)
    {
      g_set_error (error, COHORT_OAUTH_ERROR, COHORT_OAUTH_ERROR_FAILED,
                   _("Cohort cannot get a secure random value for the connection (%s). Check "
                     "that the system’s random number source works, then connect again."),
                   gnutls_strerror (status));
      return NULL;
    }
  state = g_malloc (2 * STATE_BYTES + 1);
  for (gsize i = 0; i < STATE_BYTES; i++)
    {
      state[2 * i] = "0123456789abcdef"[random[i] >> 4];
      state[2 * i + 1] = "0123456789abcdef"[random[i] & 0xf];
    }
  state[2 * STATE_BYTES] = '\0';
  gnutls_memset (random, 0, sizeof random);
  return state;
}

static gboolean
listen_loopback (CohortOAuthFlow *self,
                 GError         **error)
{
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) address = g_inet_socket_address_new (loopback, self->port);
  g_autoptr (SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr (GError) local_error = NULL;
  g_autoptr (GSocketAddress) bound = NULL;

  soup_server_add_handler (server, NULL, handle_request, self, NULL);
  soup_server_add_early_handler (server, NULL, refuse_body, NULL, NULL);
  /* 127.0.0.1 and nothing else: another machine must not be able to bring
   * an answer, nor even see that Cohort waits for one. */
  if (soup_server_listen (server, address, 0, &local_error))
    {
      GSList *listeners = soup_server_get_listeners (server);

      bound = g_socket_get_local_address (listeners->data, &local_error);
      g_slist_free (listeners);
    }
  if (bound == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE))
        g_set_error (error, COHORT_OAUTH_ERROR, COHORT_OAUTH_ERROR_PORT_IN_USE,
                     /* Translators: both %u are the same port number */
                     _("Port %u on 127.0.0.1 is already in use by another program, so Cohort "
                       "cannot wait there for TikTok’s answer. Close that program, or choose "
                       "another port with --port. The redirect URI registered in your TikTok "
                       "developer app must use the same port: http://127.0.0.1:%u/callback "
                       "for this one."),
                     self->port, self->port);
      else
        g_set_error (error, COHORT_OAUTH_ERROR, COHORT_OAUTH_ERROR_LISTEN_FAILED,
                     _("Cohort cannot wait for TikTok’s answer on port %u of 127.0.0.1 (%s). "
                       "Choose another port above 1024 with --port, and use the same port in "
                       "the redirect URI registered in your TikTok developer app."),
                     self->port, local_error->message);
      soup_server_disconnect (server);
      return FALSE;
    }
  self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  self->server = g_steal_pointer (&server);
  return TRUE;
}

/**
 * cohort_oauth_flow_start:
 *
 * Makes a new random state and starts listening on 127.0.0.1, in the
 * thread-default main context. Call once, before opening the authorize URL.
 */
gboolean
cohort_oauth_flow_start (CohortOAuthFlow *self,
                         GError         **error)
{
  g_autofree char *state = NULL;

  g_return_val_if_fail (COHORT_IS_OAUTH_FLOW (self), FALSE);
  g_return_val_if_fail (!self->started, FALSE);

  state = make_state (error);
  if (state == NULL)
    return FALSE;
  /* The request handler compares with it as soon as the port is bound. */
  free_secret (self->state);
  self->state = g_steal_pointer (&state);
  if (!listen_loopback (self, error))
    return FALSE;

  self->context = g_main_context_ref_thread_default ();
  self->redirect_uri = g_strdup_printf ("http://127.0.0.1:%u/callback", self->port);
  self->authorize_url = cohort_oauth_build_authorize_url (self->base_url, self->app_id, self->state,
                                                          self->redirect_uri);
  self->started = TRUE;
  g_debug ("OAuth listener: waiting on 127.0.0.1:%u", self->port);
  return TRUE;
}

/* Returns: the page to open in the browser; it holds the state, so it is not for logs */
const char *
cohort_oauth_flow_get_authorize_url (CohortOAuthFlow *self)
{
  g_return_val_if_fail (COHORT_IS_OAUTH_FLOW (self), NULL);

  return self->authorize_url;
}

const char *
cohort_oauth_flow_get_redirect_uri (CohortOAuthFlow *self)
{
  g_return_val_if_fail (COHORT_IS_OAUTH_FLOW (self), NULL);

  return self->redirect_uri;
}

guint
cohort_oauth_flow_get_port (CohortOAuthFlow *self)
{
  g_return_val_if_fail (COHORT_IS_OAUTH_FLOW (self), 0);

  return self->port;
}

static gboolean
timed_out_cb (gpointer user_data)
{
  CohortOAuthFlow *self = user_data;
  GError *error;

  /* Wrong states alone most often mean an older tab: say so rather than
   * only that time ran out. */
  if (self->saw_other_state)
    error = g_error_new_literal (COHORT_OAUTH_ERROR, COHORT_OAUTH_ERROR_STATE_MISMATCH,
                                 _("The answer from TikTok belonged to another connection attempt, "
                                   "perhaps in an older browser tab, so Cohort ignored it. Connect "
                                   "again and use only the newest TikTok page."));
  else
    error = g_error_new_literal (COHORT_OAUTH_ERROR, COHORT_OAUTH_ERROR_TIMED_OUT,
                                 _("TikTok’s answer did not come in time. Connect again, and "
                                   "confirm access on the TikTok page that opens in your browser."));
  fail_wait (self, error);
  return G_SOURCE_REMOVE;
}

static gboolean
cancelled_cb (GCancellable *cancellable,
              gpointer      user_data)
{
  CohortOAuthFlow *self = user_data;
  GError *error = NULL;

  g_cancellable_set_error_if_cancelled (cancellable, &error);
  fail_wait (self, error);
  return G_SOURCE_REMOVE;
}

/**
 * cohort_oauth_flow_wait_async:
 * @timeout_seconds: how long the user has on TikTok's page (callers use
 *   300); 0 waits until cancelled
 *
 * Waits for the browser to come back with the auth code. The listener is
 * closed when the wait ends, whatever its end. One wait at a time.
 */
void
cohort_oauth_flow_wait_async (CohortOAuthFlow     *self,
                              guint                timeout_seconds,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (COHORT_IS_OAUTH_FLOW (self));
  g_return_if_fail (self->started);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_name (task, "cohort_oauth_flow_wait_async");
  if (self->task != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING, "%s",
                               _("Cohort is already waiting for TikTok’s answer."));
      return;
    }

  self->task = g_object_ref (task);
  if (self->finished || (!self->answered && self->server == NULL))
    {
      return_answer (self);
      return;
    }
  /* Answered but the page not yet written: answer_written_cb returns it. */
  if (self->answered)
    return;

  if (timeout_seconds > 0)
    {
      self->timeout_source = g_timeout_source_new (MIN (timeout_seconds, G_MAXUINT / 1000) * 1000);
      g_source_set_callback (self->timeout_source, timed_out_cb, self, NULL);
      g_source_attach (self->timeout_source, g_task_get_context (task));
    }
  if (cancellable != NULL)
    {
      self->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (self->cancel_source, G_SOURCE_FUNC (cancelled_cb), self, NULL);
      g_source_attach (self->cancel_source, g_task_get_context (task));
    }
}

/**
 * cohort_oauth_flow_wait_finish:
 *
 * Returns: (transfer full): the auth code, single-use and valid for an
 *   hour: for the token exchange only, never for logs
 */
char *
cohort_oauth_flow_wait_finish (CohortOAuthFlow *self,
                               GAsyncResult    *result,
                               GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * cohort_oauth_flow_close:
 *
 * Stops listening, so the port refuses connections. A wait in progress
 * ends with the code when it already came, else as cancelled. Calling it
 * again does nothing.
 */
void
cohort_oauth_flow_close (CohortOAuthFlow *self)
{
  g_return_if_fail (COHORT_IS_OAUTH_FLOW (self));

  close_listener (self);
  if (self->answered)
    self->finished = TRUE;
  if (self->task == NULL)
    return;
  if (self->answered)
    return_answer (self);
  else
    fail_wait (self, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                          _("Waiting for TikTok’s answer was cancelled.")));
}
