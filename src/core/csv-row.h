/* csv-row.h: CohortCsvRow, one row of a customer file, the item of CohortCsvRows */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define COHORT_TYPE_CSV_ROW (cohort_csv_row_get_type ())
G_DECLARE_FINAL_TYPE (CohortCsvRow, cohort_csv_row, COHORT, CSV_ROW, GObject)

guint       cohort_csv_row_get_n_cells (CohortCsvRow *self);
const char *cohort_csv_row_get_cell    (CohortCsvRow *self,
                                        guint         column);
guint64     cohort_csv_row_get_line    (CohortCsvRow *self);

G_END_DECLS
