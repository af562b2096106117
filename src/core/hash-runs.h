/* hash-runs.h: CohortHashRuns, hashes deduplicated by sorting, in memory or in sorted runs on disk */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define COHORT_HASH_LENGTH 32

typedef struct _CohortHashRuns CohortHashRuns;

CohortHashRuns *cohort_hash_runs_new      (gsize            max_in_memory);
void            cohort_hash_runs_free     (CohortHashRuns  *runs);
gboolean        cohort_hash_runs_add      (CohortHashRuns  *runs,
                                           const guint8    *hash,
                                           guint64          row,
                                           GError         **error);
gboolean        cohort_hash_runs_finish   (CohortHashRuns  *runs,
                                           GError         **error);
gboolean        cohort_hash_runs_next     (CohortHashRuns  *runs,
                                           const guint8   **out_hash,
                                           guint64         *out_first_row,
                                           GError         **error);
guint           cohort_hash_runs_get_n_spilled (CohortHashRuns *runs);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CohortHashRuns, cohort_hash_runs_free)

G_END_DECLS
