/* csv-rows.h: CohortCsvRows, every row of a customer file as a list model that holds few of them */
#pragma once

#include <gio/gio.h>

#include "core/csv-encoding.h"
#include "core/csv-row.h"

G_BEGIN_DECLS

/* Rows are read a block at a time, and so many blocks are kept: the model
 * holds at most BLOCK_SIZE × CACHED_BLOCKS rows, whatever the file's size. */
#define COHORT_CSV_ROWS_BLOCK_SIZE    128
#define COHORT_CSV_ROWS_CACHED_BLOCKS 8

#define COHORT_TYPE_CSV_ROWS (cohort_csv_rows_get_type ())
G_DECLARE_FINAL_TYPE (CohortCsvRows, cohort_csv_rows, COHORT, CSV_ROWS, GObject)

CohortCsvRows *cohort_csv_rows_new                  (GFile               *file,
                                                     char                 delimiter,
                                                     CohortCsvEncoding    encoding,
                                                     gboolean             has_header);

void           cohort_csv_rows_index_async          (CohortCsvRows       *self,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
gboolean       cohort_csv_rows_index_finish         (CohortCsvRows       *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);

const GError  *cohort_csv_rows_get_error            (CohortCsvRows       *self);

G_END_DECLS
