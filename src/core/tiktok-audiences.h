/* tiktok-audiences.h: TikTok's audience endpoints: create, delete, members, list, get */
#pragma once

#include "core/tiktok-client.h"

G_BEGIN_DECLS

/* Rows and bytes in one segment/mapping call: what established
 * connectors send, as TikTok documents no limit. */
#define COHORT_TIKTOK_MAX_BATCH_ROWS 1000
#define COHORT_TIKTOK_MAX_BATCH_BYTES (1024 * 1024)

typedef struct
{
  char     *id;
  char     *name;
  char     *type;        /* "Partner" for the ones Cohort creates */
  gint64    cover_num;   /* the matched size, as TikTok counts it */
  gboolean  is_valid;    /* large enough to be used */
  gboolean  is_expiring;
  gint64    create_time; /* Unix time */
} CohortTiktokAudience;

void       cohort_tiktok_audience_free                 (CohortTiktokAudience *audience);

void       cohort_tiktok_client_create_audience_async  (CohortTiktokClient   *self,
                                                        const char           *advertiser_id,
                                                        const char           *name,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
char      *cohort_tiktok_client_create_audience_finish (CohortTiktokClient   *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);
void       cohort_tiktok_client_delete_audience_async  (CohortTiktokClient   *self,
                                                        const char           *advertiser_id,
                                                        const char           *audience_id,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
gboolean   cohort_tiktok_client_delete_audience_finish (CohortTiktokClient   *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);
JsonNode  *cohort_tiktok_mapping_body_new              (const char           *advertiser_id,
                                                        const char           *audience_id,
                                                        gboolean              add,
                                                        const char * const   *id_schema,
                                                        const char * const   *ids,
                                                        guint                 n_rows);
void       cohort_tiktok_mapping_weigh                 (const char           *advertiser_id,
                                                        const char           *audience_id,
                                                        gboolean              add,
                                                        const char * const   *id_schema,
                                                        gsize                *out_first,
                                                        gsize                *out_row,
                                                        gsize                *out_id);
guint      cohort_tiktok_mapping_max_rows              (const char           *advertiser_id,
                                                        const char           *audience_id,
                                                        gboolean              add,
                                                        const char * const   *id_schema,
                                                        gsize                 max_bytes);
void       cohort_tiktok_client_map_members_async      (CohortTiktokClient   *self,
                                                        const char           *advertiser_id,
                                                        const char           *audience_id,
                                                        gboolean              add,
                                                        const char * const   *id_schema,
                                                        const char * const   *ids,
                                                        guint                 n_rows,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
gboolean   cohort_tiktok_client_map_members_finish     (CohortTiktokClient   *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);
void       cohort_tiktok_client_list_audiences_async   (CohortTiktokClient   *self,
                                                        const char           *advertiser_id,
                                                        const char * const   *audience_ids,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
GPtrArray *cohort_tiktok_client_list_audiences_finish  (CohortTiktokClient   *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);

G_END_DECLS
