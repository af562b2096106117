/* store-suppression.h: CohortStore's suppression list: people never to send, as hashes only */
#pragma once

#include "core/hash-runs.h"
#include "core/identity.h"
#include "core/import-report.h"
#include "core/store.h"
#include "core/store-audiences.h"

G_BEGIN_DECLS

gboolean cohort_store_suppress           (CohortStore    *self,
                                          CohortIdentity  identity,
                                          const guint8   *hashes,
                                          gsize           n_hashes,
                                          guint64        *out_new,
                                          GError        **error);
gboolean cohort_store_suppress_streams   (CohortStore        *self,
                                          CohortImportReport *report,
                                          const char         *source_name,
                                          CohortHashStream    stream,
                                          gpointer const      stream_data[COHORT_N_IDENTITIES],
                                          CohortHashStream    variant_stream,
                                          gpointer const      variant_data[COHORT_N_IDENTITIES],
                                          GError            **error);
gboolean cohort_store_count_suppressed   (CohortStore    *self,
                                          guint64         counts[COHORT_N_IDENTITIES],
                                          guint64         linked[COHORT_N_IDENTITIES],
                                          GError        **error);

G_END_DECLS
