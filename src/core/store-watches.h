/* store-watches.h: CohortStore's watched sources: an audience bound to its file and import options */
#pragma once

#include "core/hash-runs.h"
#include "core/store.h"

G_BEGIN_DECLS

typedef struct
{
  char    *audience;
  char    *path;
  char   **options;  /* the import's options, as the command line wrote them */
  gint64   size;     /* -1 until imported */
  gint64   mtime;    /* microseconds */
  guint8   hash[COHORT_HASH_LENGTH];
} CohortWatch;

void       cohort_watch_free                (CohortWatch        *watch);

gboolean   cohort_file_stat                 (const char         *path,
                                             gint64             *out_size,
                                             gint64             *out_mtime,
                                             GCancellable       *cancellable,
                                             GError            **error);
gboolean   cohort_file_fingerprint          (const char         *path,
                                             gint64             *out_size,
                                             gint64             *out_mtime,
                                             guint8              out_hash[COHORT_HASH_LENGTH],
                                             GCancellable       *cancellable,
                                             GError            **error);

gboolean   cohort_store_watch               (CohortStore        *self,
                                             const char         *audience,
                                             const char         *path,
                                             const char * const *options,
                                             GError            **error);
gboolean   cohort_store_unwatch             (CohortStore        *self,
                                             const char         *audience,
                                             GError            **error);
GPtrArray *cohort_store_list_watches        (CohortStore        *self,
                                             GError            **error);
gboolean   cohort_store_set_watch_imported  (CohortStore        *self,
                                             const char         *audience,
                                             gint64              size,
                                             gint64              mtime,
                                             const guint8        hash[COHORT_HASH_LENGTH],
                                             GError            **error);

G_END_DECLS
