/* sync.h: one sync pass: every activation's pending changes sent to TikTok, in order */
#pragma once

#include "core/store.h"
#include "core/tiktok-client.h"

G_BEGIN_DECLS

const char *cohort_identity_to_tiktok_schema (guint identity);

void     cohort_sync_once_async  (CohortStore          *store,
                                  CohortTiktokClient   *client,
                                  guint                 batch_rows,
                                  GCancellable         *cancellable,
                                  GAsyncReadyCallback   callback,
                                  gpointer              user_data);
gboolean cohort_sync_once_finish (GAsyncResult         *result,
                                  guint                *out_not_synced,
                                  GError              **error);

int      cohort_sync_lock        (CohortStore          *store,
                                  GError              **error);

G_END_DECLS
