/* audience-list.h: CohortAudienceList, the audiences with their counts and where they are sent */
#pragma once

#include <adwaita.h>

#include "core/store.h"

G_BEGIN_DECLS

#define COHORT_TYPE_AUDIENCE_LIST (cohort_audience_list_get_type ())
G_DECLARE_FINAL_TYPE (CohortAudienceList, cohort_audience_list, COHORT, AUDIENCE_LIST, AdwBin)

GtkWidget *cohort_audience_list_new            (void);
void       cohort_audience_list_set_store      (CohortAudienceList *self,
                                                CohortStore        *store);
guint      cohort_audience_list_get_n_audiences (CohortAudienceList *self);
gboolean   cohort_audience_list_reload         (CohortAudienceList *self,
                                                GError            **error);

G_END_DECLS
