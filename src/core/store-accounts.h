/* store-accounts.h: CohortStore's TikTok app and the advertisers its user granted (no secret) */
#pragma once

#include "core/store.h"
#include "core/tiktok-client.h"

G_BEGIN_DECLS

char      *cohort_store_dup_app_id            (CohortStore  *self,
                                               gboolean     *out_connected,
                                               GError      **error);
gint64     cohort_store_get_connected_at      (CohortStore  *self,
                                               GError      **error);
gboolean   cohort_store_set_app_id            (CohortStore  *self,
                                               const char   *app_id,
                                               GError      **error);
gboolean   cohort_store_set_connected         (CohortStore  *self,
                                               gboolean      connected,
                                               GError      **error);
gboolean   cohort_store_update_advertisers    (CohortStore  *self,
                                               GPtrArray    *advertisers,
                                               GError      **error);
GPtrArray *cohort_store_list_advertisers      (CohortStore  *self,
                                               GError      **error);

G_END_DECLS
