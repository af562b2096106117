/* tiktok-error.c: what TikTok's answer codes mean to Cohort: one table, in one place */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "core/tiktok-error.h"

typedef struct
{
  char *request_id;
  int   body_code;
} CohortTiktokErrorPrivate;

static void
cohort_tiktok_error_private_init (CohortTiktokErrorPrivate *priv)
{
}

static void
cohort_tiktok_error_private_copy (const CohortTiktokErrorPrivate *src,
                                  CohortTiktokErrorPrivate       *dest)
{
  if (src == NULL || dest == NULL)
    return;
  dest->request_id = g_strdup (src->request_id);
  dest->body_code = src->body_code;
}

static void
cohort_tiktok_error_private_clear (CohortTiktokErrorPrivate *priv)
{
  /* GLib's generated code cannot promise it is never NULL. */
  if (priv == NULL)
    return;
  g_free (priv->request_id);
  priv->request_id = NULL;
}

/* The request ID and TikTok's own code travel with the GError: TikTok's
 * support asks for the former. */
G_DEFINE_EXTENDED_ERROR (CohortTiktokError, cohort_tiktok_error)

static const struct
{
  CohortTiktokError   error;
  CohortTiktokActions actions;
} behaviour[] = {
  { COHORT_TIKTOK_ERROR_PARTIAL, COHORT_TIKTOK_ACTION_RETRY },
  { COHORT_TIKTOK_ERROR_RATE_LIMITED, COHORT_TIKTOK_ACTION_RETRY },
  { COHORT_TIKTOK_ERROR_NO_PERMISSION, COHORT_TIKTOK_ACTION_PAUSE | COHORT_TIKTOK_ACTION_NEEDS_USER },
  { COHORT_TIKTOK_ERROR_BAD_PARAMETER, 0 },
  { COHORT_TIKTOK_ERROR_TOKEN_EXPIRED, COHORT_TIKTOK_ACTION_PAUSE | COHORT_TIKTOK_ACTION_NEEDS_USER },
  { COHORT_TIKTOK_ERROR_TOKEN_EMPTY, 0 },
  { COHORT_TIKTOK_ERROR_TOKEN_INVALID, COHORT_TIKTOK_ACTION_PAUSE | COHORT_TIKTOK_ACTION_NEEDS_USER },
  { COHORT_TIKTOK_ERROR_TOKEN_MISMATCH, COHORT_TIKTOK_ACTION_PAUSE | COHORT_TIKTOK_ACTION_NEEDS_USER },
  { COHORT_TIKTOK_ERROR_AUTH_CODE_INVALID, COHORT_TIKTOK_ACTION_NEEDS_USER },
  { COHORT_TIKTOK_ERROR_NOT_ALLOWLISTED, COHORT_TIKTOK_ACTION_PAUSE | COHORT_TIKTOK_ACTION_NEEDS_USER },
  { COHORT_TIKTOK_ERROR_SERVER, COHORT_TIKTOK_ACTION_RETRY },
  { COHORT_TIKTOK_ERROR_MAINTENANCE, COHORT_TIKTOK_ACTION_RETRY | COHORT_TIKTOK_ACTION_LONG_PAUSE },
  { COHORT_TIKTOK_ERROR_NETWORK, COHORT_TIKTOK_ACTION_RETRY },
  { COHORT_TIKTOK_ERROR_PROTOCOL, COHORT_TIKTOK_ACTION_RETRY },
  { COHORT_TIKTOK_ERROR_UNKNOWN, 0 },
};

/**
 * cohort_tiktok_error_from_code:
 * @body_code: the `code` of TikTok's answer, not 0
 *
 * TikTok answers HTTP 200 for most errors: this is the only place its codes
 * are read.
 */
CohortTiktokError
cohort_tiktok_error_from_code (int body_code)
{
  switch (body_code)
    {
    case 20001:
      return COHORT_TIKTOK_ERROR_PARTIAL;
    case 40100:
    case 40133:
    case 40016:
    case 61000:
      return COHORT_TIKTOK_ERROR_RATE_LIMITED;
    case 40001:
      return COHORT_TIKTOK_ERROR_NO_PERMISSION;
    case 40002:
      return COHORT_TIKTOK_ERROR_BAD_PARAMETER;
    case 40102:
      return COHORT_TIKTOK_ERROR_TOKEN_EXPIRED;
    case 40104:
      return COHORT_TIKTOK_ERROR_TOKEN_EMPTY;
    case 40105:
      return COHORT_TIKTOK_ERROR_TOKEN_INVALID;
    case 40106:
      return COHORT_TIKTOK_ERROR_TOKEN_MISMATCH;
    case 40110:
      return COHORT_TIKTOK_ERROR_AUTH_CODE_INVALID;
    case 40118:
      return COHORT_TIKTOK_ERROR_NOT_ALLOWLISTED;
    case 50000:
    case 50002:
      return COHORT_TIKTOK_ERROR_SERVER;
    case 60001:
      return COHORT_TIKTOK_ERROR_MAINTENANCE;
    default:
      if (body_code >= 51000 && body_code < 53000)
        return COHORT_TIKTOK_ERROR_SERVER;
      return COHORT_TIKTOK_ERROR_UNKNOWN;
    }
}

/* What the user can do, when there is something to do. */
static const char *
advice (CohortTiktokError error)
{
  switch (error)
    {
    case COHORT_TIKTOK_ERROR_NO_PERMISSION:
      return _("The TikTok user who connected Cohort needs Admin or Operator access to this ad "
               "account in TikTok Business Center, and the app needs the Audience Management "
               "permission.");
    case COHORT_TIKTOK_ERROR_TOKEN_EXPIRED:
    case COHORT_TIKTOK_ERROR_TOKEN_INVALID:
    case COHORT_TIKTOK_ERROR_TOKEN_MISMATCH:
      return _("Connect to TikTok again.");
    case COHORT_TIKTOK_ERROR_AUTH_CODE_INVALID:
      return _("The authorisation was already used or is too old: connect again.");
    case COHORT_TIKTOK_ERROR_NOT_ALLOWLISTED:
      return _("Your TikTok developer app is not allowed to use this API: ask TikTok to "
               "enable it.");
    case COHORT_TIKTOK_ERROR_RATE_LIMITED:
    case COHORT_TIKTOK_ERROR_SERVER:
    case COHORT_TIKTOK_ERROR_MAINTENANCE:
    case COHORT_TIKTOK_ERROR_NETWORK:
      return _("Cohort will try again later.");
    case COHORT_TIKTOK_ERROR_PARTIAL:
    case COHORT_TIKTOK_ERROR_BAD_PARAMETER:
    case COHORT_TIKTOK_ERROR_TOKEN_EMPTY:
    case COHORT_TIKTOK_ERROR_PROTOCOL:
    case COHORT_TIKTOK_ERROR_UNKNOWN:
    default:
      return NULL;
    }
}

/**
 * cohort_tiktok_error_new:
 * @body_code: TikTok's `code`
 * @tiktok_message: (nullable): TikTok's `message`, shown as it is
 * @request_id: (nullable): TikTok's `request_id`
 *
 * Returns: (transfer full): a %COHORT_TIKTOK_ERROR with a message that says
 *   what TikTok said, what to do, and the request ID
 */
GError *
cohort_tiktok_error_new (int         body_code,
                         const char *tiktok_message,
                         const char *request_id)
{
  CohortTiktokError code = cohort_tiktok_error_from_code (body_code);
  const char *hint = advice (code);
  g_autoptr (GString) message = g_string_new (NULL);
  CohortTiktokErrorPrivate *priv;
  GError *error;

  g_autofree char *said = g_strstrip (g_strdup (tiktok_message != NULL ? tiktok_message : ""));
  gsize length = strlen (said);

  /* The sentence ends with our own full stop, not a second one. */
  while (length > 0 && said[length - 1] == '.')
    said[--length] = '\0';
  g_string_printf (message, _("TikTok refused the request (code %d): %s."), body_code,
                   *said != '\0' ? said : _("no explanation given"));
  if (hint != NULL)
    g_string_append_printf (message, " %s", hint);
  if (request_id != NULL && *request_id != '\0')
    {
      g_string_append_c (message, ' ');
      g_string_append_printf (message, _("(TikTok request ID %s)"), request_id);
    }

  error = g_error_new_literal (COHORT_TIKTOK_ERROR, code, message->str);
  priv = cohort_tiktok_error_get_private (error);
  g_assert (priv != NULL);
  priv->request_id = g_strdup (request_id);
  priv->body_code = body_code;
  return error;
}

/**
 * cohort_tiktok_error_new_transport:
 * @code: %COHORT_TIKTOK_ERROR_NETWORK, %COHORT_TIKTOK_ERROR_SERVER or
 *   %COHORT_TIKTOK_ERROR_PROTOCOL
 * @reason: what went wrong, already readable
 */
GError *
cohort_tiktok_error_new_transport (CohortTiktokError  code,
                                   const char        *reason)
{
  const char *hint = advice (code);

  if (hint != NULL)
    return g_error_new (COHORT_TIKTOK_ERROR, code, "%s %s", reason, hint);
  return g_error_new_literal (COHORT_TIKTOK_ERROR, code, reason);
}

CohortTiktokActions
cohort_tiktok_error_get_actions (const GError *error)
{
  if (error == NULL || error->domain != COHORT_TIKTOK_ERROR)
    return 0;
  for (guint i = 0; i < G_N_ELEMENTS (behaviour); i++)
    if ((int) behaviour[i].error == error->code)
      {
        CohortTiktokActions actions = behaviour[i].actions;
        int body_code = cohort_tiktok_error_get_body_code (error);

        /* TikTok's per-minute app limit: wait minutes, not seconds. */
        if (body_code == 40100)
          actions |= COHORT_TIKTOK_ACTION_LONG_PAUSE;
        return actions;
      }
  return 0;
}

/* Returns: (nullable): TikTok's request ID, for support */
const char *
cohort_tiktok_error_get_request_id (const GError *error)
{
  CohortTiktokErrorPrivate *priv;

  if (error == NULL || error->domain != COHORT_TIKTOK_ERROR)
    return NULL;
  priv = cohort_tiktok_error_get_private (error);
  return priv != NULL ? priv->request_id : NULL;
}

/* Returns: TikTok's own code, 0 when the error came before any answer */
int
cohort_tiktok_error_get_body_code (const GError *error)
{
  CohortTiktokErrorPrivate *priv;

  if (error == NULL || error->domain != COHORT_TIKTOK_ERROR)
    return 0;
  priv = cohort_tiktok_error_get_private (error);
  return priv != NULL ? priv->body_code : 0;
}

/**
 * cohort_tiktok_error_parse_body_code:
 * @message: (nullable): the message of an error cohort_tiktok_error_new()
 *   made, kept as text (an activation's reason, a run's message)
 *
 * The code is the message's first number: every translation keeps it
 * before TikTok's own words and the request ID (msgfmt checks the order of
 * the format's arguments). TikTok's codes have five digits.
 *
 * Returns: TikTok's code, or 0 when @message names none
 */
int
cohort_tiktok_error_parse_body_code (const char *message)
{
  const char *digits = message != NULL ? strpbrk (message, "0123456789") : NULL;
  size_t length = digits != NULL ? strspn (digits, "0123456789") : 0;

  if (length != 5)
    return 0;
  return (int) strtol (digits, NULL, 10);
}
