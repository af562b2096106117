/* destinations-page.h: CohortDestinationsPage, the TikTok ad accounts audiences go to: health, policy, alerts, remove */
#pragma once

#include <adwaita.h>

#include "core/store.h"

G_BEGIN_DECLS

#define COHORT_TYPE_DESTINATIONS_PAGE (cohort_destinations_page_get_type ())
G_DECLARE_FINAL_TYPE (CohortDestinationsPage, cohort_destinations_page, COHORT, DESTINATIONS_PAGE, AdwBin)

CohortDestinationsPage *cohort_destinations_page_new                 (void);
void                    cohort_destinations_page_set_store           (CohortDestinationsPage *self,
                                                                      CohortStore            *store);
CohortStore            *cohort_destinations_page_get_store           (CohortDestinationsPage *self);
void                    cohort_destinations_page_reload              (CohortDestinationsPage *self);
guint                   cohort_destinations_page_get_n_destinations  (CohortDestinationsPage *self);

G_END_DECLS
