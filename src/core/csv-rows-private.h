/* csv-rows-private.h: what tests and benchmarks see of CohortCsvRows' inside */
#pragma once

#include "core/csv-rows.h"

G_BEGIN_DECLS

guint cohort_csv_rows_get_n_cached_blocks (CohortCsvRows *self);
void  cohort_csv_rows_set_lockstep        (CohortCsvRows *self);

G_END_DECLS
