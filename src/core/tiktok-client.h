/* tiktok-client.h: CohortTiktokClient, TikTok's Business API over libsoup: envelope, limits, retries */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "core/tiktok-error.h"

G_BEGIN_DECLS

typedef struct
{
  char     *id;
  char     *name;
  char     *status;  /* TikTok's (STATUS_ENABLE…), empty when unknown */
  gboolean  granted; /* whether the last grant still includes it */
} CohortTiktokAdvertiser;

void cohort_tiktok_advertiser_free (CohortTiktokAdvertiser *advertiser);

#define COHORT_TYPE_TIKTOK_CLIENT (cohort_tiktok_client_get_type ())
G_DECLARE_FINAL_TYPE (CohortTiktokClient, cohort_tiktok_client, COHORT, TIKTOK_CLIENT, GObject)

CohortTiktokClient *cohort_tiktok_client_new                 (const char          *base_url,
                                                              double               requests_per_second);
CohortTiktokClient *cohort_tiktok_client_new_from_settings   (GSettings           *settings,
                                                              const char          *api_base,
                                                              GError             **error);
const char         *cohort_tiktok_client_get_base_url        (CohortTiktokClient  *self);
void                cohort_tiktok_client_set_access_token    (CohortTiktokClient  *self,
                                                              const char          *token);
void                cohort_tiktok_client_set_retry           (CohortTiktokClient  *self,
                                                              guint                max_attempts,
                                                              gint64               base_delay_us,
                                                              gint64               max_delay_us,
                                                              gint64               long_pause_us);
char               *cohort_tiktok_client_build_auth_url      (CohortTiktokClient  *self,
                                                              const char          *app_id,
                                                              const char          *state,
                                                              const char          *redirect_uri);

void                cohort_tiktok_client_call_async          (CohortTiktokClient  *self,
                                                              const char          *method,
                                                              const char          *endpoint,
                                                              JsonNode            *body,
                                                              gboolean             idempotent,
                                                              GCancellable        *cancellable,
                                                              GAsyncReadyCallback  callback,
                                                              gpointer             user_data);
JsonObject         *cohort_tiktok_client_call_finish         (CohortTiktokClient  *self,
                                                              GAsyncResult        *result,
                                                              GError             **error);

void                cohort_tiktok_client_exchange_token_async  (CohortTiktokClient  *self,
                                                                const char          *app_id,
                                                                const char          *secret,
                                                                const char          *auth_code,
                                                                GCancellable        *cancellable,
                                                                GAsyncReadyCallback  callback,
                                                                gpointer             user_data);
char               *cohort_tiktok_client_exchange_token_finish (CohortTiktokClient  *self,
                                                                GAsyncResult        *result,
                                                                GStrv               *out_advertiser_ids,
                                                                GError             **error);
void                cohort_tiktok_client_get_advertisers_async  (CohortTiktokClient  *self,
                                                                 const char          *app_id,
                                                                 const char          *secret,
                                                                 GCancellable        *cancellable,
                                                                 GAsyncReadyCallback  callback,
                                                                 gpointer             user_data);
GPtrArray          *cohort_tiktok_client_get_advertisers_finish (CohortTiktokClient  *self,
                                                                 GAsyncResult        *result,
                                                                 GError             **error);
void                cohort_tiktok_client_revoke_token_async  (CohortTiktokClient  *self,
                                                              const char          *app_id,
                                                              const char          *secret,
                                                              const char          *token,
                                                              GCancellable        *cancellable,
                                                              GAsyncReadyCallback  callback,
                                                              gpointer             user_data);
gboolean            cohort_tiktok_client_revoke_token_finish (CohortTiktokClient  *self,
                                                              GAsyncResult        *result,
                                                              GError             **error);
void                cohort_tiktok_client_get_advertiser_info_async  (CohortTiktokClient  *self,
                                                                     const char * const  *advertiser_ids,
                                                                     GCancellable        *cancellable,
                                                                     GAsyncReadyCallback  callback,
                                                                     gpointer             user_data);
GPtrArray          *cohort_tiktok_client_get_advertiser_info_finish (CohortTiktokClient  *self,
                                                                     GAsyncResult        *result,
                                                                     GError             **error);

G_END_DECLS
