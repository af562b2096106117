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
