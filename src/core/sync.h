/* sync.h: one sync pass: every activation's pending changes sent to TikTok, in order */
#pragma once

#include "core/store.h"
#include "core/tiktok-client.h"

G_BEGIN_DECLS

/* Rate limiting that lasts longer than ten minutes is worth an alert. */
#define COHORT_SYNC_RATE_LIMIT_ALERT_SECONDS 600

typedef struct
{
  guint  batch_rows;               /* rows a `segment/mapping/` request, 1 to COHORT_TIKTOK_MAX_BATCH_ROWS */
  gsize  batch_bytes;              /* its body at most, up to COHORT_TIKTOK_MAX_BATCH_BYTES */
  guint  rate_limit_alert_seconds; /* rate limiting that lasts longer raises an alert */
} CohortSyncOptions;

const char *cohort_identity_to_tiktok_schema (guint identity);

void     cohort_sync_options_init (CohortSyncOptions   *options,
                                   GSettings           *settings);
void     cohort_sync_once_async  (CohortStore          *store,
                                  CohortTiktokClient   *client,
                                  const CohortSyncOptions *options,
                                  GCancellable         *cancellable,
                                  GAsyncReadyCallback   callback,
                                  gpointer              user_data);
gboolean cohort_sync_once_finish (GAsyncResult         *result,
                                  guint                *out_not_synced,
                                  GError              **error);

int      cohort_sync_lock        (CohortStore          *store,
                                  GError              **error);

G_END_DECLS
