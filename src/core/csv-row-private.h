/* csv-row-private.h: how CohortCsvRows makes its rows */
#pragma once

#include "core/csv-reader.h"
#include "core/csv-row.h"

G_BEGIN_DECLS

CohortCsvRow *cohort_csv_row_new_from_reader (CohortCsvReader *reader);
CohortCsvRow *cohort_csv_row_new_empty       (void);

G_END_DECLS
