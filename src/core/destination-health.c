/* destination-health.c: whether a destination can receive audiences now, and what the user can do if not */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "core/destination-health.h"
#include "core/tiktok-error.h"

/* What TikTok's refusal that paused @activation says of the destination,
 * or CONNECTED when it was no such refusal. */
static CohortDestinationHealth
health_of_pause (const CohortActivation *activation)
{
  if (g_strcmp0 (activation->state, "paused") != 0 || *activation->hold != '\0')
    return COHORT_DESTINATION_HEALTH_CONNECTED;
  switch (cohort_tiktok_error_from_code (cohort_tiktok_error_parse_body_code (activation->reason)))
    {
    case COHORT_TIKTOK_ERROR_TOKEN_EXPIRED:
    case COHORT_TIKTOK_ERROR_TOKEN_INVALID:
    case COHORT_TIKTOK_ERROR_TOKEN_MISMATCH:
      return COHORT_DESTINATION_HEALTH_TOKEN_REVOKED;
    case COHORT_TIKTOK_ERROR_NO_PERMISSION:
    case COHORT_TIKTOK_ERROR_NOT_ALLOWLISTED:
      return COHORT_DESTINATION_HEALTH_NO_PERMISSION;
    case COHORT_TIKTOK_ERROR_PARTIAL:
    case COHORT_TIKTOK_ERROR_RATE_LIMITED:
    case COHORT_TIKTOK_ERROR_BAD_PARAMETER:
    case COHORT_TIKTOK_ERROR_TOKEN_EMPTY:
    case COHORT_TIKTOK_ERROR_AUTH_CODE_INVALID:
    case COHORT_TIKTOK_ERROR_SERVER:
    case COHORT_TIKTOK_ERROR_MAINTENANCE:
    case COHORT_TIKTOK_ERROR_NETWORK:
    case COHORT_TIKTOK_ERROR_PROTOCOL:
    case COHORT_TIKTOK_ERROR_UNKNOWN:
    default:
      return COHORT_DESTINATION_HEALTH_CONNECTED;
    }
}

/**
 * cohort_destination_get_health:
 * @app_id: (nullable): the store's TikTok app (cohort_store_dup_app_id())
 * @connected_at: cohort_store_get_connected_at(): 0 when not connected
 * @activations: (element-type CohortActivation): all of them (the
 *   destination's are picked by name)
 * @out_cause: (out) (optional) (nullable): the activation whose pause tells
 *   the health, when one does; its reason has TikTok's words
 *
 * A pause from before the last grant does not count: a new token may
 * already have fixed it, and the next sync will tell.
 */
CohortDestinationHealth
cohort_destination_get_health (const CohortDestination  *destination,
                               const char               *app_id,
                               gint64                    connected_at,
                               GPtrArray                *activations,
                               const CohortActivation  **out_cause)
{
  CohortDestinationHealth health = COHORT_DESTINATION_HEALTH_CONNECTED;

  if (out_cause != NULL)
    *out_cause = NULL;
  if (app_id == NULL || connected_at == 0 || g_strcmp0 (app_id, destination->app_id) != 0)
    return COHORT_DESTINATION_HEALTH_NOT_CONNECTED;
  if (!destination->granted)
    health = COHORT_DESTINATION_HEALTH_NO_PERMISSION;

  for (guint i = 0; activations != NULL && i < activations->len; i++)
    {
      const CohortActivation *activation = g_ptr_array_index (activations, i);
      CohortDestinationHealth paused;

      if (g_strcmp0 (activation->destination, destination->name) != 0 || activation->last_run_end < connected_at)
        continue;
      paused = health_of_pause (activation);
      /* A refused token stops every ad account: it says more than a permission. */
      if (paused == COHORT_DESTINATION_HEALTH_TOKEN_REVOKED ||
          (paused == COHORT_DESTINATION_HEALTH_NO_PERMISSION && health == COHORT_DESTINATION_HEALTH_CONNECTED))
        {
          health = paused;
          if (out_cause != NULL)
            *out_cause = activation;
        }
      if (health == COHORT_DESTINATION_HEALTH_TOKEN_REVOKED)
        break;
    }
  return health;
}

/* Returns: a name that never changes, for JSON and tests */
const char *
cohort_destination_health_to_string (CohortDestinationHealth health)
{
  switch (health)
    {
    case COHORT_DESTINATION_HEALTH_CONNECTED:
      return "connected";
    case COHORT_DESTINATION_HEALTH_NOT_CONNECTED:
      return "not-connected";
    case COHORT_DESTINATION_HEALTH_TOKEN_REVOKED:
      return "token-revoked";
    case COHORT_DESTINATION_HEALTH_NO_PERMISSION:
      return "no-permission";
    default:
      g_return_val_if_reached ("");
    }
}

/* Returns: a few words for a badge */
const char *
cohort_destination_health_describe (CohortDestinationHealth health)
{
  switch (health)
    {
    case COHORT_DESTINATION_HEALTH_CONNECTED:
      return _("Connected");
    case COHORT_DESTINATION_HEALTH_NOT_CONNECTED:
      return _("Not connected");
    case COHORT_DESTINATION_HEALTH_TOKEN_REVOKED:
      return _("Token revoked");
    case COHORT_DESTINATION_HEALTH_NO_PERMISSION:
      return _("No permission");
    default:
      g_return_val_if_reached ("");
    }
}

/* Returns: (nullable): what to do about it, %NULL when connected */
const char *
cohort_destination_health_advice (CohortDestinationHealth health)
{
  switch (health)
    {
    case COHORT_DESTINATION_HEALTH_CONNECTED:
      return NULL;
    case COHORT_DESTINATION_HEALTH_NOT_CONNECTED:
      return _("Cohort is not connected to TikTok. Connect, and grant this ad account.");
    case COHORT_DESTINATION_HEALTH_TOKEN_REVOKED:
      return _("TikTok no longer accepts Cohort’s access: it was revoked or has expired. Connect again; "
               "sending resumes where it stopped.");
    case COHORT_DESTINATION_HEALTH_NO_PERMISSION:
      return _("Cohort may not manage this ad account. In TikTok Business Center, the user who connects "
               "Cohort needs Admin or Operator access to it; then connect again and grant it.");
    default:
      g_return_val_if_reached (NULL);
    }
}
