/* destination-assistant.h: CohortDestinationAssistant, the steps to a new destination: connect, details, alerts, review */
#pragma once

#include <adwaita.h>

#include "core/store.h"

G_BEGIN_DECLS

#define COHORT_TYPE_DESTINATION_ASSISTANT (cohort_destination_assistant_get_type ())
G_DECLARE_FINAL_TYPE (CohortDestinationAssistant, cohort_destination_assistant, COHORT, DESTINATION_ASSISTANT,
                      AdwWindow)

CohortDestinationAssistant *cohort_destination_assistant_new               (GtkWindow                  *parent,
                                                                            CohortStore                *store,
                                                                            GSettings                  *settings);
const char                 *cohort_destination_assistant_get_step          (CohortDestinationAssistant *self);
const char                 *cohort_destination_assistant_get_authorize_url (CohortDestinationAssistant *self);

G_END_DECLS
