/* tiktok-client.c: CohortTiktokClient, TikTok's Business API over libsoup: envelope, limits, retries */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "core/oauth-flow.h"
#include "core/rate-limiter.h"
#include "core/settings.h"
#include "core/tiktok-client.h"
#include "core/tiktok-client-private.h"

#define API_PATH "/open_api/v1.3/"

struct _CohortTiktokClient
{
  GObject            parent_instance;

  char              *base_url;
  char              *access_token; /* in memory only: the keyring keeps it */
  SoupSession       *session;
  CohortRateLimiter *limiter;
  GRand             *rand;
  GMutex             rand_mutex;

  guint              max_attempts;
  gint64             base_delay_us;
  gint64             max_delay_us;
  gint64             long_pause_us;
};

G_DEFINE_FINAL_TYPE (CohortTiktokClient, cohort_tiktok_client, G_TYPE_OBJECT)

enum
{
  ATTEMPT_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  char     *method;
  char     *url;
  char     *body;
  gboolean  authorised;
  gboolean  idempotent;
  guint     attempt;
  guint     rate_limited_in_a_row;
} Call;

static void
call_free (Call *call)
{
  g_free (call->method);
  g_free (call->url);
  g_free (call->body);
  g_free (call);
}

void
cohort_tiktok_advertiser_free (CohortTiktokAdvertiser *advertiser)
{
  g_free (advertiser->id);
  g_free (advertiser->name);
  g_free (advertiser->status);
  g_free (advertiser);
}

static void
cohort_tiktok_client_finalize (GObject *object)
{
  CohortTiktokClient *self = COHORT_TIKTOK_CLIENT (object);

  g_free (self->base_url);
  if (self->access_token != NULL)
    memset (self->access_token, 0, strlen (self->access_token));
  g_free (self->access_token);
  g_clear_object (&self->session);
  cohort_rate_limiter_free (self->limiter);
  g_rand_free (self->rand);
  g_mutex_clear (&self->rand_mutex);

  G_OBJECT_CLASS (cohort_tiktok_client_parent_class)->finalize (object);
}

static void
cohort_tiktok_client_class_init (CohortTiktokClientClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cohort_tiktok_client_finalize;

  /**
   * CohortTiktokClient::attempt-failed:
   * @error: what went wrong, a %COHORT_TIKTOK_ERROR
   * @retrying: whether the call tries again, or ends with @error
   *
   * Every failed attempt of every call, including those that a retry then
   * makes good: a sync run records them all, and sees rate limiting that
   * lasts.
   */
  signals[ATTEMPT_FAILED] = g_signal_new ("attempt-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                          NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_ERROR | G_SIGNAL_TYPE_STATIC_SCOPE,
                                          G_TYPE_BOOLEAN);
}

static void
cohort_tiktok_client_init (CohortTiktokClient *self)
{
  /* TLS is verified by glib-networking's default database: nothing here
   * turns that off. */
  self->session = soup_session_new_with_options ("user-agent", "Cohort/" PACKAGE_VERSION,
                                                 "timeout", 60, NULL);
  self->rand = g_rand_new ();
  g_mutex_init (&self->rand_mutex);
  self->max_attempts = 6;
  self->base_delay_us = 500 * 1000;
  self->max_delay_us = (gint64) 60 * G_USEC_PER_SEC;
  /* TikTok's per-minute limit: after repeated 40100, wait it out. */
  self->long_pause_us = (gint64) 5 * 60 * G_USEC_PER_SEC;
}

/**
 * cohort_tiktok_client_new:
 * @base_url: the host root, such as https://business-api.tiktok.com
 * @requests_per_second: the app's budget, shared by every call of this client
 */
CohortTiktokClient *
cohort_tiktok_client_new (const char *base_url,
                          double      requests_per_second)
{
  CohortTiktokClient *self = g_object_new (COHORT_TYPE_TIKTOK_CLIENT, NULL);
  gsize length = strlen (base_url);

  while (length > 0 && base_url[length - 1] == '/')
    length--;
  self->base_url = g_strndup (base_url, length);
  /* Evenly paced, no burst: TikTok counts the app's calls from every
   * process together, and a burst after another's calls meets 40100. */
  self->limiter = cohort_rate_limiter_new (requests_per_second, 1);
  return self;
}

/**
 * cohort_tiktok_client_new_from_settings:
 * @api_base: (nullable): a server to use instead of the settings' (the
 *   command line's `--api-base`)
 *
 * The client the settings describe: server, requests a second, and the
 * pause after repeated rate limits.
 */
CohortTiktokClient *
cohort_tiktok_client_new_from_settings (GSettings  *settings,
                                        const char *api_base,
                                        GError    **error)
{
  g_autofree char *url = NULL;
  CohortTiktokClient *self;

  if (api_base != NULL && !cohort_settings_check_api_base (api_base, error))
    return NULL;
  url = api_base != NULL ? g_strdup (api_base) : cohort_settings_dup_api_base (settings);
  self = cohort_tiktok_client_new (url, g_settings_get_int (settings, "requests-per-second"));
  self->long_pause_us = (gint64) g_settings_get_int (settings, "rate-limit-pause-seconds") * G_USEC_PER_SEC;
  return self;
}

const char *
cohort_tiktok_client_get_base_url (CohortTiktokClient *self)
{
  return self->base_url;
}

void
cohort_tiktok_client_set_access_token (CohortTiktokClient *self,
                                       const char         *token)
{
  if (self->access_token != NULL)
    memset (self->access_token, 0, strlen (self->access_token));
  g_free (self->access_token);
  self->access_token = g_strdup (token);
}

/* Tests shorten the delays; the defaults suit TikTok. */
void
cohort_tiktok_client_set_retry (CohortTiktokClient *self,
                                guint               max_attempts,
                                gint64              base_delay_us,
                                gint64              max_delay_us,
                                gint64              long_pause_us)
{
  self->max_attempts = MAX (max_attempts, 1);
  self->base_delay_us = base_delay_us;
  self->max_delay_us = max_delay_us;
  self->long_pause_us = long_pause_us;
}

/**
 * cohort_tiktok_client_build_auth_url:
 *
 * Returns: (transfer full): the page where the user grants Cohort access to
 *   advertisers (no PKCE, no scope: both are set on the developer app)
 */
char *
cohort_tiktok_client_build_auth_url (CohortTiktokClient *self,
                                     const char         *app_id,
                                     const char         *state,
                                     const char         *redirect_uri)
{
  return cohort_oauth_build_authorize_url (self->base_url, app_id, state, redirect_uri);
}

static void send_attempt (GTask *task);
static void send_now (GTask *task);

static gboolean
attempt_later_cb (gpointer user_data)
{
  GTask *task = user_data;

  if (!g_task_return_error_if_cancelled (task))
    send_attempt (task);
  g_object_unref (task);
  return G_SOURCE_REMOVE;
}

static gboolean
send_later_cb (gpointer user_data)
{
  GTask *task = user_data;

  if (!g_task_return_error_if_cancelled (task))
    send_now (task);
  g_object_unref (task);
  return G_SOURCE_REMOVE;
}

static void
run_later (GTask       *task,
           gint64       delay_us,
           GSourceFunc  func)
{
  GSource *source = g_timeout_source_new (MAX (delay_us / 1000, 0));

  g_source_set_callback (source, func, g_object_ref (task), NULL);
  g_source_attach (source, g_task_get_context (task));
  g_source_unref (source);
}

/* TikTok's data is read without trusting its shape: a member of another
 * type than the one expected counts as missing. (json-glib's getters
 * complain with a critical, or give NULL for a string, instead.) */

/* json-glib 1.6 turns a lone surrogate escape ("\ud800x") into bytes that
 * are not UTF-8: names and messages go to the window and the database. */
static char *
dup_valid (const char *text)
{
  return g_utf8_make_valid (text, -1);
}

/* Returns: (transfer full) (nullable): the member's string, as valid
 *   UTF-8, or @fallback */
char *
cohort_tiktok_dup_string (JsonObject *object,
                          const char *member,
                          const char *fallback)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return g_strdup (fallback);
  return dup_valid (json_node_get_string (node));
}

/* Returns: the member when it is an integer, else @fallback */
gint64
cohort_tiktok_get_int (JsonObject *object,
                       const char *member,
                       gint64      fallback)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return fallback;
  return json_node_get_int (node);
}

/* Returns: the member when it is true or false, else @fallback */
gboolean
cohort_tiktok_get_boolean (JsonObject *object,
                           const char *member,
                           gboolean    fallback)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return fallback;
  return json_node_get_boolean (node);
}

/* Returns: (transfer none) (nullable): element @index of @array when it is an object */
JsonObject *
cohort_tiktok_get_object_element (JsonArray *array,
                                  guint      index)
{
  JsonNode *node = json_array_get_element (array, index);

  return JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/**
 * cohort_tiktok_read_answer:
 * @status: the HTTP status
 * @body: (array length=length): the body, as it came
 *
 * The answer to one attempt: data, or an error to give up on or retry.
 *
 * Returns: (transfer full) (nullable): the envelope's `data` object, empty
 *   when it has none
 */
JsonObject *
cohort_tiktok_read_answer (guint        status,
                           const char  *body,
                           gsize        length,
                           GError     **error)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *envelope;
  JsonNode *root;
  JsonNode *code;

  /* TikTok says 40100 in an HTTP 200; a proxy or a gateway before it may
   * say 429 Too Many Requests: the same limit, to wait out. */
  if (status == 429)
    {
      g_propagate_error (error, cohort_tiktok_error_new_transport (COHORT_TIKTOK_ERROR_RATE_LIMITED,
                                                                   _("TikTok is limiting Cohort’s requests "
                                                                     "(HTTP 429).")));
      return NULL;
    }
  if (status >= 500)
    {
      g_autofree char *reason = g_strdup_printf (_("TikTok’s server failed (HTTP %u)."), status);

      g_propagate_error (error, cohort_tiktok_error_new_transport (COHORT_TIKTOK_ERROR_SERVER, reason));
      return NULL;
    }
  /* An empty body parses, with no root at all. */
  if (status != SOUP_STATUS_OK || !json_parser_load_from_data (parser, body, length, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      (code = json_object_get_member (json_node_get_object (root), "code")) == NULL ||
      json_node_get_value_type (code) != G_TYPE_INT64 ||
      /* TikTok's codes have five digits: one beyond an int is not one of them. */
      json_node_get_int (code) < G_MININT || json_node_get_int (code) > G_MAXINT)
    {
      g_autofree char *reason = g_strdup_printf (_("The server’s answer is not TikTok’s (HTTP %u): "
                                                   "check the API server address."), status);

      g_propagate_error (error, cohort_tiktok_error_new_transport (COHORT_TIKTOK_ERROR_PROTOCOL, reason));
      return NULL;
    }

  envelope = json_node_get_object (root);
  if (json_node_get_int (code) != 0)
    {
      g_autofree char *message = cohort_tiktok_dup_string (envelope, "message", NULL);
      g_autofree char *request_id = cohort_tiktok_dup_string (envelope, "request_id", NULL);

      g_propagate_error (error, cohort_tiktok_error_new (json_node_get_int (code), message, request_id));
      return NULL;
    }
  if (json_object_has_member (envelope, "data") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (envelope, "data")))
    return json_object_ref (json_object_get_object_member (envelope, "data"));
  return json_object_new ();
}

static void
response_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  CohortTiktokClient *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  JsonObject *data = NULL;
  CohortTiktokActions actions;
  gboolean tls = FALSE;

  if (bytes == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      tls = error->domain == G_TLS_ERROR;
      {
        g_autofree char *reason = g_strdup_printf (_("Cannot reach TikTok (%s)."), error->message);

        g_clear_error (&error);
        error = cohort_tiktok_error_new_transport (COHORT_TIKTOK_ERROR_NETWORK, reason);
      }
    }
  else
    {
      gsize length;
      const char *body = g_bytes_get_data (bytes, &length);

      data = cohort_tiktok_read_answer (soup_message_get_status (msg), body, length, &error);
    }

  if (data != NULL)
    {
      g_task_return_pointer (task, data, (GDestroyNotify) json_object_unref);
      return;
    }

  actions = cohort_tiktok_error_get_actions (error);
  if (cohort_tiktok_error_get_body_code (error) == 40100)
    call->rate_limited_in_a_row++;
  else
    call->rate_limited_in_a_row = 0;

  /* A certificate that fails will fail again; a request that may already
   * have been applied is the caller's to retry, knowing what it sent. */
  if (!tls && (actions & COHORT_TIKTOK_ACTION_RETRY) && call->attempt < self->max_attempts &&
      (call->idempotent || !g_error_matches (error, COHORT_TIKTOK_ERROR, COHORT_TIKTOK_ERROR_NETWORK)))
    {
      gint64 delay;

      g_mutex_lock (&self->rand_mutex);
      delay = cohort_backoff_delay_us (call->attempt, self->base_delay_us, self->max_delay_us, self->rand);
      g_mutex_unlock (&self->rand_mutex);
      if ((actions & COHORT_TIKTOK_ACTION_LONG_PAUSE) && call->rate_limited_in_a_row >= 3)
        delay = self->long_pause_us;
      g_debug ("TikTok call failed (%s), attempt %u, retrying in %" G_GINT64_FORMAT " ms",
               error->message, call->attempt, delay / 1000);
      g_signal_emit (self, signals[ATTEMPT_FAILED], 0, error, TRUE);
      run_later (task, delay, attempt_later_cb);
      return;
    }
  g_signal_emit (self, signals[ATTEMPT_FAILED], 0, error, FALSE);
  g_task_return_error (task, g_steal_pointer (&error));
}

static void
send_now (GTask *task)
{
  CohortTiktokClient *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  g_autoptr (SoupMessage) msg = soup_message_new (call->method, call->url);

  call->attempt++;
  /* One connection a call. libsoup 3.2.3 (Debian 12) dereferences NULL when
   * a server closes a kept-alive connection before answering, as load
   * balancers do: test-tiktok-client's dropped connections crashed 9 runs
   * in 25 with keep-alive, none in 25 without. A handshake a call costs
   * little next to a thousand-record batch. */
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Connection", "close");
  if (call->authorised && self->access_token != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Access-Token",
                                  self->access_token);
  if (call->body != NULL)
    {
      g_autoptr (GBytes) body = g_bytes_new (call->body, strlen (call->body));

      soup_message_set_request_body_from_bytes (msg, "application/json", body);
    }
  soup_session_send_and_read_async (self->session, msg, G_PRIORITY_DEFAULT,
                                    g_task_get_cancellable (task), response_cb, g_object_ref (task));
}

/* The app's budget first: waiting here costs less than a 40100. The slot
 * is reserved now, so the attempt goes out when its wait ends. */
static void
send_attempt (GTask *task)
{
  CohortTiktokClient *self = g_task_get_source_object (task);
  gint64 wait = cohort_rate_limiter_reserve (self->limiter, g_get_monotonic_time ());

  if (wait > 0)
    run_later (task, wait, send_later_cb);
  else
    send_now (task);
}

/**
 * cohort_tiktok_client_call_async:
 * @endpoint: the path after `/open_api/v1.3/`, with its query when it has one
 * @body: (nullable): the JSON body of a POST
 * @idempotent: whether sending it twice does no harm; a call that is not is
 *   not retried after a lost connection, when it may already be applied
 *
 * One API call: waits for the app's rate budget, sends, reads TikTok's
 * envelope (success is `code == 0`, whatever the HTTP status says) and
 * retries with back-off what the error table says to retry.
 */
void
cohort_tiktok_client_call_async (CohortTiktokClient  *self,
                                 const char          *method,
                                 const char          *endpoint,
                                 JsonNode            *body,
                                 gboolean             idempotent,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr (GTask) task = g_task_new (self, cancellable, callback, user_data);
  Call *call = g_new0 (Call, 1);

  call->method = g_strdup (method);
  call->url = g_strconcat (self->base_url, API_PATH, endpoint, NULL);
  call->authorised = !g_str_has_prefix (endpoint, "oauth2/access_token/") &&
                     !g_str_has_prefix (endpoint, "oauth2/revoke_token/");
  call->idempotent = idempotent;
  if (body != NULL)
    call->body = json_to_string (body, FALSE);
  g_task_set_name (task, "cohort_tiktok_client_call_async");
  g_task_set_task_data (task, call, (GDestroyNotify) call_free);
  send_attempt (task);
}

/**
 * cohort_tiktok_client_call_finish:
 *
 * Returns: (transfer full): the answer's `data` object
 */
JsonObject *
cohort_tiktok_client_call_finish (CohortTiktokClient *self,
                                  GAsyncResult       *result,
                                  GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* TikTok takes lists in a query as a JSON array: escaped, ready to append. */
char *
cohort_tiktok_query_array (const char * const *items)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) array = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; items[i] != NULL; i++)
    json_builder_add_string_value (builder, items[i]);
  json_builder_end_array (builder);
  array = json_builder_get_root (builder);
  text = json_to_string (array, FALSE);
  return g_uri_escape_string (text, NULL, FALSE);
}

/* A JSON object of string members: name, value, …, NULL. */
JsonNode *
cohort_tiktok_object_node (const char *first_name,
                           ...)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  va_list args;

  json_builder_begin_object (builder);
  va_start (args, first_name);
  for (const char *name = first_name; name != NULL; name = va_arg (args, const char *))
    {
      json_builder_set_member_name (builder, name);
      json_builder_add_string_value (builder, va_arg (args, const char *));
    }
  va_end (args);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* The data of a call, for the endpoint wrappers' finish functions. */
static void
forward_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  GError *error = NULL;
  JsonObject *data = cohort_tiktok_client_call_finish (COHORT_TIKTOK_CLIENT (source), result, &error);

  if (data == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, data, (GDestroyNotify) json_object_unref);
}

/* A call whose finish function is the endpoint wrapper's own: the task
 * returns the answer's `data` object. */
void
cohort_tiktok_client_call_for (CohortTiktokClient  *self,
                               const char          *name,
                               const char          *method,
                               const char          *endpoint,
                               JsonNode            *body,
                               gboolean             idempotent,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_name (task, name);
  cohort_tiktok_client_call_async (self, method, endpoint, body, idempotent, cancellable,
                                   forward_cb, task);
}

/* Exchanges the auth code of the OAuth redirect for an access token. */
void
cohort_tiktok_client_exchange_token_async (CohortTiktokClient  *self,
                                           const char          *app_id,
                                           const char          *secret,
                                           const char          *auth_code,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  g_autoptr (JsonNode) body = cohort_tiktok_object_node ("app_id", app_id, "secret", secret,
                                                         "auth_code", auth_code, NULL);

  /* An auth code is single-use: not idempotent. */
  cohort_tiktok_client_call_for (self, "cohort_tiktok_client_exchange_token_async",
                                 "POST", "oauth2/access_token/", body, FALSE, cancellable, callback,
                                 user_data);
}

/**
 * cohort_tiktok_read_token:
 * @data: the `data` of oauth2/access_token/
 * @out_advertiser_ids: (out) (optional): the advertisers the user granted
 *
 * Returns: (transfer full): the access token: for the keyring only
 */
char *
cohort_tiktok_read_token (JsonObject  *data,
                          GStrv       *out_advertiser_ids,
                          GError     **error)
{
  JsonNode *ids;
  g_autofree char *token = cohort_tiktok_dup_string (data, "access_token", NULL);

  if (token == NULL || *token == '\0')
    {
      g_propagate_error (error, cohort_tiktok_error_new_transport (
                                    COHORT_TIKTOK_ERROR_PROTOCOL, _("TikTok gave no access token.")));
      return NULL;
    }
  if (out_advertiser_ids != NULL)
    {
      g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();

      ids = json_object_get_member (data, "advertiser_ids");
      for (guint i = 0; ids != NULL && JSON_NODE_HOLDS_ARRAY (ids) &&
                        i < json_array_get_length (json_node_get_array (ids));
           i++)
        {
          JsonNode *id = json_array_get_element (json_node_get_array (ids), i);

          if (JSON_NODE_HOLDS_VALUE (id) && json_node_get_value_type (id) == G_TYPE_STRING)
            {
              g_autofree char *valid = dup_valid (json_node_get_string (id));

              g_strv_builder_add (builder, valid);
            }
        }
      *out_advertiser_ids = g_strv_builder_end (builder);
    }
  return g_steal_pointer (&token);
}

/**
 * cohort_tiktok_client_exchange_token_finish:
 * @out_advertiser_ids: (out) (optional): the advertisers the user granted
 *
 * Returns: (transfer full): the access token: for the keyring only
 */
char *
cohort_tiktok_client_exchange_token_finish (CohortTiktokClient *self,
                                            GAsyncResult       *result,
                                            GStrv              *out_advertiser_ids,
                                            GError            **error)
{
  g_autoptr (JsonObject) data = g_task_propagate_pointer (G_TASK (result), error);

  if (data == NULL)
    return NULL;
  return cohort_tiktok_read_token (data, out_advertiser_ids, error);
}

/**
 * cohort_tiktok_read_advertisers:
 * @name_member: `advertiser_name` for oauth2/advertiser/get, `name` for
 *   advertiser/info (which has statuses too)
 *
 * Returns: (transfer full) (element-type CohortTiktokAdvertiser): the
 *   advertisers of `data.list[]`
 */
GPtrArray *
cohort_tiktok_read_advertisers (JsonObject *data,
                                const char *name_member)
{
  GPtrArray *advertisers = g_ptr_array_new_with_free_func ((GDestroyNotify) cohort_tiktok_advertiser_free);
  JsonNode *list = json_object_get_member (data, "list");

  for (guint i = 0; list != NULL && JSON_NODE_HOLDS_ARRAY (list) &&
                    i < json_array_get_length (json_node_get_array (list));
       i++)
    {
      JsonObject *item = cohort_tiktok_get_object_element (json_node_get_array (list), i);
      g_autofree char *id = item != NULL ? cohort_tiktok_dup_string (item, "advertiser_id", NULL) : NULL;
      CohortTiktokAdvertiser *advertiser;

      if (id == NULL)
        continue;
      advertiser = g_new0 (CohortTiktokAdvertiser, 1);
      advertiser->id = g_steal_pointer (&id);
      advertiser->name = cohort_tiktok_dup_string (item, name_member, "");
      advertiser->status = cohort_tiktok_dup_string (item, "status", "");
      advertiser->granted = TRUE;
      g_ptr_array_add (advertisers, advertiser);
    }
  return advertisers;
}

void
cohort_tiktok_client_get_advertisers_async (CohortTiktokClient  *self,
                                            const char          *app_id,
                                            const char          *secret,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  g_autofree char *app = g_uri_escape_string (app_id, NULL, FALSE);
  g_autofree char *escaped_secret = g_uri_escape_string (secret, NULL, FALSE);
  g_autofree char *endpoint = g_strdup_printf ("oauth2/advertiser/get/?app_id=%s&secret=%s", app,
                                               escaped_secret);

  cohort_tiktok_client_call_for (self, "cohort_tiktok_client_get_advertisers_async",
                                 "GET", endpoint, NULL, TRUE, cancellable, callback, user_data);
}

/**
 * cohort_tiktok_client_get_advertisers_finish:
 *
 * Returns: (transfer full) (element-type CohortTiktokAdvertiser): the
 *   advertisers the token may act for, perhaps none
 */
GPtrArray *
cohort_tiktok_client_get_advertisers_finish (CohortTiktokClient *self,
                                             GAsyncResult       *result,
                                             GError            **error)
{
  g_autoptr (JsonObject) data = g_task_propagate_pointer (G_TASK (result), error);

  return data != NULL ? cohort_tiktok_read_advertisers (data, "advertiser_name") : NULL;
}

/* Revokes @token at TikTok. Sending it twice does no harm. */
void
cohort_tiktok_client_revoke_token_async (CohortTiktokClient  *self,
                                         const char          *app_id,
                                         const char          *secret,
                                         const char          *token,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autoptr (JsonNode) body = cohort_tiktok_object_node ("app_id", app_id, "secret", secret,
                                                         "access_token", token, NULL);

  cohort_tiktok_client_call_for (self, "cohort_tiktok_client_revoke_token_async",
                                 "POST", "oauth2/revoke_token/", body, TRUE, cancellable, callback,
                                 user_data);
}

gboolean
cohort_tiktok_client_revoke_token_finish (CohortTiktokClient *self,
                                          GAsyncResult       *result,
                                          GError            **error)
{
  g_autoptr (JsonObject) data = g_task_propagate_pointer (G_TASK (result), error);

  return data != NULL;
}

/* Asks for the names and statuses of @advertiser_ids (`advertiser/info/`). */
void
cohort_tiktok_client_get_advertiser_info_async (CohortTiktokClient  *self,
                                                const char * const  *advertiser_ids,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data)
{
  g_autofree char *escaped = cohort_tiktok_query_array (advertiser_ids);
  g_autofree char *endpoint = NULL;

  endpoint = g_strdup_printf ("advertiser/info/?advertiser_ids=%s", escaped);
  cohort_tiktok_client_call_for (self, "cohort_tiktok_client_get_advertiser_info_async",
                                 "GET", endpoint, NULL, TRUE, cancellable, callback, user_data);
}

/* Returns: (transfer full) (element-type CohortTiktokAdvertiser): with
 *   names and statuses */
GPtrArray *
cohort_tiktok_client_get_advertiser_info_finish (CohortTiktokClient *self,
                                                 GAsyncResult       *result,
                                                 GError            **error)
{
  g_autoptr (JsonObject) data = g_task_propagate_pointer (G_TASK (result), error);

  return data != NULL ? cohort_tiktok_read_advertisers (data, "name") : NULL;
}
