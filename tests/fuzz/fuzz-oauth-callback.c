/* fuzz-oauth-callback.c: libFuzzer target for the OAuth listener's reading of a request
 *
 * Input: the head of an HTTP request, as a browser (or anything else on the
 * machine) sends it to 127.0.0.1. It goes through the steps of libsoup 3.2's
 * server (soup_headers_parse_request(), the URI built from the target and
 * Host, the path decoded, soup_form_decode() of the query), then through
 * cohort_oauth_callback_read(), which the listener calls with the same.
 *
 * Beyond "no crash", it checks: a code or a denial comes only from GET
 * /callback with this flow's exact state; a code is not empty and is the
 * query's auth_code or code; a denial is COHORT_OAUTH_ERROR_DENIED with a
 * valid UTF-8 message; nothing else gives a code or an error.
 */
#include "config.h"

#include <string.h>
#include <libsoup/soup.h>

#include "core/error.h"
#include "core/oauth-flow-private.h"

#include "fuzz-common.h"

#define STATE "5f1c9e2a7b3d4c8e9f0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6a"

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  fuzz_init ();
  g_type_ensure (SOUP_TYPE_MESSAGE_HEADERS);
  return 0;
}

/* What libsoup's server makes of the request line and the Host header
 * (parse_headers() and got_headers() in libsoup 3.2), for plain HTTP. */
static GUri *
request_uri (const char *method, const char *target, SoupHTTPVersion version, const char *host)
{
  g_autoptr (GUri) uri = NULL;

  if (host != NULL && strchr (host, '/') != NULL)
    return NULL;
  if (strcmp (target, "*") == 0 && host != NULL)
    {
      g_autofree char *url = g_strdup_printf ("http://%s/", host);

      uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, NULL);
    }
  else if (strcmp (method, "CONNECT") == 0)
    return NULL; /* an authority, never a path: the listener answers 404 */
  else if (*target != '/')
    uri = g_uri_parse (target, SOUP_HTTP_URI_FLAGS, NULL);
  else if (host != NULL)
    {
      g_autofree char *url = g_strdup_printf ("http://%s%s", host, target);

      uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, NULL);
    }
  else if (version == SOUP_HTTP_1_0)
    uri = g_uri_build (SOUP_HTTP_URI_FLAGS, "http", NULL, "127.0.0.1", 8080, target, NULL, NULL);

  if (uri == NULL || g_uri_get_host (uri) == NULL || g_strcmp0 (g_uri_get_scheme (uri), "http") != 0)
    return NULL;
  if (g_uri_get_flags (uri) & G_URI_FLAGS_ENCODED_PATH)
    {
      g_autofree char *decoded = g_uri_unescape_string (g_uri_get_path (uri), NULL);

      if (decoded == NULL || strstr (decoded, "/../") != NULL || g_str_has_suffix (decoded, "/.."))
        return NULL;
      return soup_uri_copy (uri, SOUP_URI_PATH, decoded, SOUP_URI_NONE);
    }
  return g_steal_pointer (&uri);
}

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  g_autofree char *head = g_strndup ((const char *) data, size);
  g_autoptr (SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  g_autofree char *method = NULL;
  g_autofree char *target = NULL;
  g_autoptr (GUri) uri = NULL;
  g_autoptr (GHashTable) query = NULL;
  g_autoptr (GError) denial = NULL;
  char *code = NULL;
  SoupHTTPVersion version;
  guint status;
  const char *path;
  CohortOAuthCallback callback;

  if (size > G_MAXINT)
    return 0;
  /* Not inside SOUP_STATUS_IS_SUCCESSFUL(), which reads its argument twice. */
  status = soup_headers_parse_request (head, size, headers, &method, &target, &version);
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    return 0;
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_UNRECOGNIZED)
    return 0;
  uri = request_uri (method, target, version, soup_message_headers_get_one (headers, "Host"));
  if (uri == NULL)
    return 0;
  path = strcmp (target, "*") == 0 ? "*" : g_uri_get_path (uri);
  if (*path == '\0')
    path = "/";
  if (g_uri_get_query (uri) != NULL)
    query = soup_form_decode (g_uri_get_query (uri));

  callback = cohort_oauth_callback_read (method, path, query, STATE, &code, &denial);

  if (callback == COHORT_OAUTH_CALLBACK_CODE || callback == COHORT_OAUTH_CALLBACK_DENIED)
    {
      g_assert_cmpstr (path, ==, "/callback");
      g_assert_cmpstr (method, ==, "GET");
      g_assert_nonnull (query);
      g_assert_cmpstr (g_hash_table_lookup (query, "state"), ==, STATE);
    }
  if (callback == COHORT_OAUTH_CALLBACK_CODE)
    {
      const char *auth_code = g_hash_table_lookup (query, "auth_code");

      g_assert_nonnull (code);
      g_assert_cmpstr (code, !=, "");
      g_assert_cmpstr (code, ==, auth_code != NULL && *auth_code != '\0'
                                     ? auth_code
                                     : (const char *) g_hash_table_lookup (query, "code"));
      g_assert_null (denial);
    }
  else if (callback == COHORT_OAUTH_CALLBACK_DENIED)
    {
      g_assert_null (code);
      g_assert_error (denial, COHORT_OAUTH_ERROR, COHORT_OAUTH_ERROR_DENIED);
      g_assert_true (g_utf8_validate (denial->message, -1, NULL));
    }
  else
    {
      g_assert_null (code);
      g_assert_null (denial);
    }
  g_free (code);
  return 0;
}
