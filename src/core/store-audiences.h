/* store-audiences.h: CohortStore's audiences: versions, members (hashes only) and diffs */
#pragma once

#include "core/hash-runs.h"
#include "core/import-report.h"
#include "core/store.h"

G_BEGIN_DECLS

/* Hashes in one stored chunk of members: 64 KiB. */
#define COHORT_STORE_HASHES_PER_CHUNK 2048

/* The first rejected cells of each reason kept with a version. */
#define COHORT_STORE_REJECTS_PER_REASON 100

typedef struct
{
  guint64      line;
  guint        column; /* 1-based; 0 for a row-level reason */
  CohortReason reason;
} CohortRejectedCell;

typedef struct
{
  gint64   id;
  char    *name;
  gint64   versions;
  gint64   last_import; /* Unix time */
  char    *source_name;
  guint64  members[COHORT_N_IDENTITIES];
} CohortAudienceInfo;

typedef void (*CohortHashFunc) (const guint8 *hash,
                                gpointer      user_data);

/* Gives the next hash of a sorted, duplicate-free stream, and the first
 * data row of the file it was seen on (0-based): %FALSE at its end (no
 * error) or on an error. The hash is valid until the next call. */
typedef gboolean (*CohortHashStream) (gpointer       user_data,
                                      const guint8 **out_hash,
                                      guint64       *out_row,
                                      GError       **error);

gboolean   cohort_store_save_version      (CohortStore          *self,
                                           CohortImportReport   *report,
                                           const char           *source_name,
                                           const char           *profile,
                                           CohortHashStream      stream,
                                           gpointer const        stream_data[COHORT_N_IDENTITIES],
                                           GArray               *rejects,
                                           guint                 labels,
                                           const char           *label_reason,
                                           gboolean              dry_run,
                                           GError              **error);
GPtrArray *cohort_store_list_audiences    (CohortStore          *self,
                                           GError              **error);
gboolean   cohort_store_foreach_member    (CohortStore          *self,
                                           const char           *audience,
                                           CohortIdentity        identity,
                                           CohortHashFunc        func,
                                           gpointer              user_data,
                                           GError              **error);
void       cohort_audience_info_free      (CohortAudienceInfo   *info);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CohortAudienceInfo, cohort_audience_info_free)

G_END_DECLS
