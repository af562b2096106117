/* store-versions.h: CohortStore's audience versions, and deleting a whole audience */
#pragma once

#include "core/import-report.h"
#include "core/store.h"

G_BEGIN_DECLS

typedef struct
{
  gint64              version;
  gint64              created_at; /* Unix time */
  char               *source_name;
  char               *profile;
  CohortImportReport  report;     /* counts only, as stored */
} CohortVersionInfo;

void       cohort_version_info_free      (CohortVersionInfo *info);
GPtrArray *cohort_store_list_versions    (CohortStore       *self,
                                          const char        *audience,
                                          GError           **error);
gboolean   cohort_store_delete_audience  (CohortStore       *self,
                                          const char        *audience,
                                          GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CohortVersionInfo, cohort_version_info_free)

G_END_DECLS
