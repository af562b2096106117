/* destination-health.h: whether a destination can receive audiences now, and what the user can do if not */
#pragma once

#include "core/store-activations.h"
#include "core/store-destinations.h"

G_BEGIN_DECLS

typedef enum
{
  COHORT_DESTINATION_HEALTH_CONNECTED,     /* nothing stops sending */
  COHORT_DESTINATION_HEALTH_NOT_CONNECTED, /* no grant for the destination's app: connect */
  COHORT_DESTINATION_HEALTH_TOKEN_REVOKED, /* TikTok refused the token since the last grant: reconnect */
  COHORT_DESTINATION_HEALTH_NO_PERMISSION, /* the ad account is not granted, or TikTok refused it */
} CohortDestinationHealth;

CohortDestinationHealth  cohort_destination_get_health       (const CohortDestination  *destination,
                                                              const char               *app_id,
                                                              gint64                    connected_at,
                                                              GPtrArray                *activations,
                                                              const CohortActivation  **out_cause);
const char              *cohort_destination_health_to_string (CohortDestinationHealth   health);
const char              *cohort_destination_health_describe  (CohortDestinationHealth   health);
const char              *cohort_destination_health_advice    (CohortDestinationHealth   health);

G_END_DECLS
