/* store-labels.h: CohortStore's usage labels: how each audience's data may be used, and why */
#pragma once

#include "core/store.h"
#include "core/usage-label.h"

G_BEGIN_DECLS

typedef struct
{
  CohortUsageLabel  label;
  char             *reason;   /* empty when none was given */
  gint64            added_at; /* Unix time */
} CohortAudienceLabel;

void       cohort_audience_label_free  (CohortAudienceLabel  *label);

GPtrArray *cohort_store_list_labels    (CohortStore          *self,
                                        const char           *audience,
                                        GError              **error);
gboolean   cohort_store_add_labels     (CohortStore          *self,
                                        const char           *audience,
                                        guint                 labels,
                                        const char           *reason,
                                        GPtrArray           **out_changes,
                                        GError              **error);
gboolean   cohort_store_remove_labels  (CohortStore          *self,
                                        const char           *audience,
                                        guint                 labels,
                                        GPtrArray           **out_changes,
                                        GError              **error);

G_END_DECLS
