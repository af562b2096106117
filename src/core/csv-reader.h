/* csv-reader.h: CohortCsvReader, a streaming reader of customer CSV files in any common encoding */
#pragma once

#include <gio/gio.h>

#include "core/csv-encoding.h"

G_BEGIN_DECLS

#define COHORT_CSV_ERROR (cohort_csv_error_quark ())

typedef enum
{
  COHORT_CSV_ERROR_IO,        /* the file cannot be read */
  COHORT_CSV_ERROR_EMPTY,     /* no line holds anything */
  COHORT_CSV_ERROR_BINARY,    /* not text: an image, an archive, NUL bytes… */
  COHORT_CSV_ERROR_BAD_QUOTE, /* a quoted field is never closed */
  COHORT_CSV_ERROR_TOO_LONG,  /* one row is larger than COHORT_CSV_MAX_ROW_BYTES */
  COHORT_CSV_ERROR_NO_COLUMN, /* a column asked for by name or number does not exist */
  COHORT_CSV_ERROR_CHANGED,   /* the file changed, or went, while it was read */
} CohortCsvError;

/* A row this large is a broken file, not a customer: refuse it rather than
 * hold it in memory. */
#define COHORT_CSV_MAX_ROW_BYTES (16 * 1024 * 1024)

#define COHORT_TYPE_CSV_READER (cohort_csv_reader_get_type ())
G_DECLARE_FINAL_TYPE (CohortCsvReader, cohort_csv_reader, COHORT, CSV_READER, GObject)

GQuark             cohort_csv_error_quark             (void);

CohortCsvReader   *cohort_csv_reader_new              (GFile             *file);
void               cohort_csv_reader_set_delimiter    (CohortCsvReader   *self,
                                                       char               delimiter);
void               cohort_csv_reader_set_encoding     (CohortCsvReader   *self,
                                                       CohortCsvEncoding  encoding);
void               cohort_csv_reader_set_has_header   (CohortCsvReader   *self,
                                                       gboolean           has_header);
void               cohort_csv_reader_set_start        (CohortCsvReader   *self,
                                                       guint64            offset,
                                                       guint64            line);

gboolean           cohort_csv_reader_open             (CohortCsvReader   *self,
                                                       GCancellable      *cancellable,
                                                       GError           **error);

char               cohort_csv_reader_get_delimiter    (CohortCsvReader   *self);
CohortCsvEncoding  cohort_csv_reader_get_encoding     (CohortCsvReader   *self);
const char        *cohort_csv_reader_get_display_name (CohortCsvReader   *self);
guint              cohort_csv_reader_get_n_columns    (CohortCsvReader   *self);
const char        *cohort_csv_reader_get_column_name  (CohortCsvReader   *self,
                                                       guint              column);
gboolean           cohort_csv_reader_find_column      (CohortCsvReader   *self,
                                                       const char        *spec,
                                                       guint             *out_column,
                                                       GError           **error);

gboolean           cohort_csv_reader_next_row         (CohortCsvReader   *self,
                                                       GCancellable      *cancellable,
                                                       GError           **error);
guint64            cohort_csv_reader_get_line         (CohortCsvReader   *self);
guint              cohort_csv_reader_get_n_cells      (CohortCsvReader   *self);
const char        *cohort_csv_reader_get_cell         (CohortCsvReader   *self,
                                                       guint              column,
                                                       gsize             *out_length);
guint64            cohort_csv_reader_get_bytes_read   (CohortCsvReader   *self);

G_END_DECLS
