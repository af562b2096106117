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

G_END_DECLS
