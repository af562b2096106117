/* status-page.h: CohortStatusPage, every activation's state, TikTok's view of it and its runs */
#pragma once

#include <adwaita.h>

#include "core/store.h"

G_BEGIN_DECLS

#define COHORT_TYPE_STATUS_PAGE (cohort_status_page_get_type ())
G_DECLARE_FINAL_TYPE (CohortStatusPage, cohort_status_page, COHORT, STATUS_PAGE, AdwBin)

GtkWidget *cohort_status_page_new       (void);
void       cohort_status_page_set_store (CohortStatusPage *self,
                                         CohortStore      *store);
void       cohort_status_page_reload    (CohortStatusPage *self);
gboolean   cohort_status_page_reveal    (CohortStatusPage *self,
                                         gint64            activation_id);

G_END_DECLS
