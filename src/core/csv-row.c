/* csv-row.c: CohortCsvRow, one row of a customer file, the item of CohortCsvRows */
#include "config.h"

#include <string.h>

#include "core/csv-row-private.h"

struct _CohortCsvRow
{
  GObject  parent_instance;

  guint64  line;
  guint    n_cells;
  char   **cells; /* the pointers, then the cells they point to, in one allocation */
};

G_DEFINE_FINAL_TYPE (CohortCsvRow, cohort_csv_row, G_TYPE_OBJECT)

static void
cohort_csv_row_finalize (GObject *object)
{
  CohortCsvRow *self = COHORT_CSV_ROW (object);

  g_free (self->cells);

  G_OBJECT_CLASS (cohort_csv_row_parent_class)->finalize (object);
}

static void
cohort_csv_row_class_init (CohortCsvRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cohort_csv_row_finalize;
}

static void
cohort_csv_row_init (CohortCsvRow *self)
{
}

static gboolean
is_ascii (const char *text,
          gsize       length)
{
  guint8 bits = 0;

  for (gsize i = 0; i < length; i++)
    bits |= (guint8) text[i];
  return bits < 0x80;
}

/* The reader's current row. A label refuses text that is not UTF-8, and the
 * reader passes a UTF-8 file's bytes as they are: such a cell is repaired
 * (U+FFFD). */
CohortCsvRow *
cohort_csv_row_new_from_reader (CohortCsvReader *reader)
{
  CohortCsvRow *self = g_object_new (COHORT_TYPE_CSV_ROW, NULL);
  guint n_cells = cohort_csv_reader_get_n_cells (reader);
  g_autoptr (GPtrArray) repaired = NULL; /* for each cell, NULL when it is valid */
  gsize size = n_cells * sizeof (char *);
  char *text;

  for (guint i = 0; i < n_cells; i++)
    {
      gsize length;
      const char *cell = cohort_csv_reader_get_cell (reader, i, &length);

      if (!is_ascii (cell, length) && !g_utf8_validate_len (cell, length, NULL))
        {
          if (repaired == NULL)
            {
              repaired = g_ptr_array_new_full (n_cells, g_free);
              g_ptr_array_set_size (repaired, n_cells);
            }
          g_ptr_array_index (repaired, i) = g_utf8_make_valid (cell, length);
          length = strlen (g_ptr_array_index (repaired, i));
        }
      size += length + 1;
    }

  self->line = cohort_csv_reader_get_line (reader);
  self->n_cells = n_cells;
  self->cells = g_malloc (MAX (size, 1));
  text = (char *) (self->cells + n_cells);
  for (guint i = 0; i < n_cells; i++)
    {
      gsize length;
      const char *cell = cohort_csv_reader_get_cell (reader, i, &length);

      if (repaired != NULL && g_ptr_array_index (repaired, i) != NULL)
        {
          cell = g_ptr_array_index (repaired, i);
          length = strlen (cell);
        }
      memcpy (text, cell, length + 1);
      self->cells[i] = text;
      text += length + 1;
    }
  return self;
}

/* What a row that cannot be read shows: no cells, no line. */
CohortCsvRow *
cohort_csv_row_new_empty (void)
{
  return g_object_new (COHORT_TYPE_CSV_ROW, NULL);
}

guint
cohort_csv_row_get_n_cells (CohortCsvRow *self)
{
  g_return_val_if_fail (COHORT_IS_CSV_ROW (self), 0);

  return self->n_cells;
}

/**
 * cohort_csv_row_get_cell:
 * @column: 0-based
 *
 * Returns: (transfer none): the cell, UTF-8, or "" past the row's last cell
 */
const char *
cohort_csv_row_get_cell (CohortCsvRow *self,
                         guint         column)
{
  g_return_val_if_fail (COHORT_IS_CSV_ROW (self), NULL);

  return column < self->n_cells ? self->cells[column] : "";
}

/**
 * cohort_csv_row_get_line:
 *
 * Returns: the line of the file where the row starts, from 1; 0 for a row
 *   that could not be read
 */
guint64
cohort_csv_row_get_line (CohortCsvRow *self)
{
  g_return_val_if_fail (COHORT_IS_CSV_ROW (self), 0);

  return self->line;
}
