/* tiktok-account.h: connecting Cohort's TikTok app: credentials, the grant, its advertisers, revocation */
#pragma once

#include "core/store.h"
#include "core/tiktok-client.h"

G_BEGIN_DECLS

/* Where a user creates the developer app Cohort connects through. */
#define COHORT_TIKTOK_DEVELOPER_PORTAL_URL "https://business-api.tiktok.com/portal"
/* Where a user gives people access to ad accounts. */
#define COHORT_TIKTOK_BUSINESS_CENTER_URL "https://business.tiktok.com/"

gboolean   cohort_tiktok_account_set_credentials  (CohortStore          *store,
                                                   const char           *app_id,
                                                   const char           *secret,
                                                   GError              **error);

void       cohort_tiktok_account_connect_async    (CohortStore          *store,
                                                   CohortTiktokClient   *client,
                                                   const char           *auth_code,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
GPtrArray *cohort_tiktok_account_connect_finish   (GAsyncResult         *result,
                                                   GError              **error);

void       cohort_tiktok_account_refresh_async    (CohortStore          *store,
                                                   CohortTiktokClient   *client,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
GPtrArray *cohort_tiktok_account_refresh_finish   (GAsyncResult         *result,
                                                   GError              **error);

void       cohort_tiktok_account_disconnect_async (CohortStore          *store,
                                                   CohortTiktokClient   *client,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean   cohort_tiktok_account_disconnect_finish (GAsyncResult        *result,
                                                    char               **out_warning,
                                                    GError             **error);

G_END_DECLS
