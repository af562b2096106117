/* export.h: an audience's hashes as TikTok customer files */
#pragma once

#include "core/identity.h"
#include "core/store.h"

G_BEGIN_DECLS

gboolean cohort_export_audience (CohortStore *store,
                                 const char  *audience,
                                 const char  *dir,
                                 guint64      out_counts[COHORT_N_IDENTITIES],
                                 GError     **error);
char    *cohort_export_file_name (CohortIdentity identity);

G_END_DECLS
