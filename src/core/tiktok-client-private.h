/* tiktok-client-private.h: what the endpoint wrappers share of CohortTiktokClient */
#pragma once

#include "core/tiktok-client.h"

G_BEGIN_DECLS

void      cohort_tiktok_client_call_for (CohortTiktokClient  *self,
                                         const char          *name,
                                         const char          *method,
                                         const char          *endpoint,
                                         JsonNode            *body,
                                         gboolean             idempotent,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
JsonNode *cohort_tiktok_object_node     (const char          *first_name,
                                         ...) G_GNUC_NULL_TERMINATED;
char     *cohort_tiktok_query_array     (const char * const  *items);

/* Members of TikTok's data, of the expected type or else the fallback. */
char       *cohort_tiktok_dup_string         (JsonObject          *object,
                                              const char          *member,
                                              const char          *fallback);
gint64      cohort_tiktok_get_int            (JsonObject          *object,
                                              const char          *member,
                                              gint64               fallback);
gboolean    cohort_tiktok_get_boolean        (JsonObject          *object,
                                              const char          *member,
                                              gboolean             fallback);
JsonObject *cohort_tiktok_get_object_element (JsonArray           *array,
                                              guint                index);

/* Readers of TikTok's answers: apart so that tests and fuzzers reach them
 * without a server. */
JsonObject *cohort_tiktok_read_answer      (guint                status,
                                            const char          *body,
                                            gsize                length,
                                            GError             **error);
char       *cohort_tiktok_read_token       (JsonObject          *data,
                                            GStrv               *out_advertiser_ids,
                                            GError             **error);
GPtrArray  *cohort_tiktok_read_advertisers (JsonObject          *data,
                                            const char          *name_member);

G_END_DECLS
