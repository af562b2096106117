/* hash-set.h: CohortHashSet, a compact set of SHA-256 hashes for deduplicating millions of them */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define COHORT_HASH_LENGTH 32

typedef struct _CohortHashSet CohortHashSet;

CohortHashSet *cohort_hash_set_new        (void);
void           cohort_hash_set_free       (CohortHashSet *set);
gboolean       cohort_hash_set_add        (CohortHashSet *set,
                                           const guint8  *hash);
gboolean       cohort_hash_set_contains   (CohortHashSet *set,
                                           const guint8  *hash);
gsize          cohort_hash_set_size       (CohortHashSet *set);
const guint8  *cohort_hash_set_steal_sorted (CohortHashSet *set,
                                             gsize         *out_n_hashes);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CohortHashSet, cohort_hash_set_free)

G_END_DECLS
