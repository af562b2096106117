/* audience-page.h: CohortAudiencePage, one audience: members, source file, destinations, versions, export, delete */
#pragma once

#include <adwaita.h>

#include "core/store.h"

G_BEGIN_DECLS

#define COHORT_TYPE_AUDIENCE_PAGE (cohort_audience_page_get_type ())
G_DECLARE_FINAL_TYPE (CohortAudiencePage, cohort_audience_page, COHORT, AUDIENCE_PAGE, AdwBin)

void        cohort_audience_page_show         (CohortAudiencePage *self,
                                               CohortStore        *store,
                                               const char         *audience);
const char *cohort_audience_page_get_audience (CohortAudiencePage *self);
gboolean    cohort_audience_page_delete       (CohortAudiencePage *self,
                                               GError            **error);

G_END_DECLS
