/* import-suppress.c: CohortImport into the suppression list: a file of people never to send */
#include "config.h"

#include "core/import-private.h"
#include "core/store-suppression.h"

static gboolean
suppress_all (CohortImport     *self,
              const char       *source_name,
              CohortHashStream  stream,
              gpointer const    stream_data[COHORT_N_IDENTITIES],
              CohortHashStream  variant_stream,
              gpointer const    variant_data[COHORT_N_IDENTITIES],
              GArray           *rejects,
              gpointer          user_data,
              GError          **error)
{
  return cohort_store_suppress_streams (user_data, &self->report, source_name, stream, stream_data, variant_stream,
                                        variant_data, error);
}

/**
 * cohort_import_suppress:
 * @rejects: (nullable): as for cohort_import_run()
 *
 * Reads the whole file as an audience's would be read (mapping, consent,
 * normalisation, rejects), and adds its people to the suppression list:
 * each value under the import's profile options, and under the other ones
 * too, so that the person is suppressed in every audience. The report's
 * added counts the people suppressed now; its unique, all of them. Blocks:
 * call it from a worker thread.
 */
gboolean
cohort_import_suppress (CohortImport             *self,
                        CohortStore              *store,
                        GFile                    *rejects,
                        CohortImportProgressFunc  progress,
                        gpointer                  progress_data,
                        GCancellable             *cancellable,
                        GError                  **error)
{
  g_return_val_if_fail (COHORT_IS_IMPORT (self), FALSE);
  g_return_val_if_fail (COHORT_IS_STORE (store), FALSE);

  self->variants = TRUE;
  return cohort_import_run_into (self, NULL, rejects, progress, progress_data, suppress_all, store, cancellable,
                                 error);
}
