/* alerts-page.h: CohortAlertsPage, the alerts of runs and imports, to read and acknowledge */
#pragma once

#include <adwaita.h>

#include "core/store.h"

G_BEGIN_DECLS

#define COHORT_TYPE_ALERTS_PAGE (cohort_alerts_page_get_type ())
G_DECLARE_FINAL_TYPE (CohortAlertsPage, cohort_alerts_page, COHORT, ALERTS_PAGE, AdwBin)

GtkWidget *cohort_alerts_page_new             (void);
void       cohort_alerts_page_set_store       (CohortAlertsPage *self,
                                               CohortStore      *store);
void       cohort_alerts_page_reload          (CohortAlertsPage *self);
guint      cohort_alerts_page_get_n_unread    (CohortAlertsPage *self);
gboolean   cohort_alerts_page_acknowledge_all (CohortAlertsPage *self,
                                               GError          **error);

G_END_DECLS
