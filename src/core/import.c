/* import.c: CohortImport, a customer file read, mapped, normalised, hashed, deduplicated and stored */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "core/identity-detect.h"
#include "core/import-private.h"
#include "core/phone.h"
#include "core/store-audiences.h"

G_DEFINE_FINAL_TYPE (CohortImport, cohort_import, G_TYPE_OBJECT)

G_DEFINE_QUARK (cohort-import-error-quark, cohort_import_error)

static void
mapping_clear (CohortImportMapping *mapping)
{
  g_free (mapping->spec);
}

static void
consent_clear (CohortImportConsent *consent)
{
  g_free (consent->spec);
}

static void
cohort_import_finalize (GObject *object)
{
  CohortImport *self = COHORT_IMPORT (object);

  g_clear_object (&self->file);
  g_array_unref (self->mappings);
  g_array_unref (self->consents);
  g_free (self->country);
  g_free (self->country_column_spec);
  g_free (self->label_reason);
  g_clear_pointer (&self->column_names, g_ptr_array_unref);
  g_free (self->types);
  cohort_import_report_clear (&self->report);
  g_clear_pointer (&self->rejected_cells, g_array_unref);

  G_OBJECT_CLASS (cohort_import_parent_class)->finalize (object);
}

static void
cohort_import_class_init (CohortImportClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cohort_import_finalize;
}

static void
cohort_import_init (CohortImport *self)
{
  self->has_header = TRUE;
  self->detect = TRUE;
  self->mappings = g_array_new (FALSE, TRUE, sizeof (CohortImportMapping));
  g_array_set_clear_func (self->mappings, (GDestroyNotify) mapping_clear);
  self->consents = g_array_new (FALSE, TRUE, sizeof (CohortImportConsent));
  g_array_set_clear_func (self->consents, (GDestroyNotify) consent_clear);
  self->platform_column = -1;
  self->country_column = -1;
}

CohortImport *
cohort_import_new (GFile *file)
{
  CohortImport *self;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  self = g_object_new (COHORT_TYPE_IMPORT, NULL);
  self->file = g_object_ref (file);
  return self;
}

void
cohort_import_set_delimiter (CohortImport *self,
                             char          delimiter)
{
  self->requested_delimiter = delimiter;
}

void
cohort_import_set_encoding (CohortImport      *self,
                            CohortCsvEncoding  encoding)
{
  self->requested_encoding = encoding;
}

void
cohort_import_set_has_header (CohortImport *self,
                              gboolean      has_header)
{
  self->has_header = has_header;
}

/* Without detection, only the columns mapped with cohort_import_add_mapping() are read. */
void
cohort_import_set_detect (CohortImport *self,
                          gboolean      detect)
{
  self->detect = detect;
}

/**
 * cohort_import_add_mapping:
 * @column: a column as cohort_csv_reader_find_column() takes it
 *
 * Maps @column to @type (%COHORT_COLUMN_IGNORE to leave it out), in place
 * of what detection would say.
 */
void
cohort_import_add_mapping (CohortImport     *self,
                           const char       *column,
                           CohortColumnType  type)
{
  CohortImportMapping mapping = { g_strdup (column), type };

  g_array_append_val (self->mappings, mapping);
}

/**
 * cohort_import_add_consent:
 * @identities: a bit (1 << #CohortIdentity) per identity this column gates;
 *   0 for all of them
 */
void
cohort_import_add_consent (CohortImport *self,
                           const char   *column,
                           guint         identities)
{
  CohortImportConsent consent = { g_strdup (column), identities, 0 };

  g_array_append_val (self->consents, consent);
}

/**
 * cohort_import_set_country:
 * @country: (nullable): ISO 3166 alpha-2 code for phone numbers written
 *   without a country code; %NULL for the locale's territory
 */
void
cohort_import_set_country (CohortImport *self,
                           const char   *country)
{
  g_free (self->country);
  self->country = country != NULL ? g_ascii_strup (country, -1) : NULL;
}

/* A column holding each row's country; empty or unknown values fall back to the file's. */
void
cohort_import_set_country_column (CohortImport *self,
                                  const char   *column)
{
  g_free (self->country_column_spec);
  self->country_column_spec = g_strdup (column);
}

void
cohort_import_set_options (CohortImport                 *self,
                           const CohortNormalizeOptions *options)
{
  self->options = *options;
}

/**
 * cohort_import_set_labels:
 * @labels: a bit per CohortUsageLabel
 * @reason: (nullable): why, kept with each label
 *
 * Labels the audience in the transaction that stores the version, so
 * that a version is never there without them.
 */
void
cohort_import_set_labels (CohortImport *self,
                          guint         labels,
                          const char   *reason)
{
  self->labels = labels;
  g_free (self->label_reason);
  self->label_reason = g_strdup (reason);
}

CohortCsvReader *
cohort_import_new_reader (CohortImport *self)
{
  CohortCsvReader *reader = cohort_csv_reader_new (self->file);

  cohort_csv_reader_set_has_header (reader, self->has_header);
  /* Once known, the encoding and delimiter are given: the second pass
   * does not read the whole file to decide them again. */
  cohort_csv_reader_set_delimiter (reader, self->prepared ? self->delimiter : self->requested_delimiter);
  cohort_csv_reader_set_encoding (reader, self->prepared ? self->encoding : self->requested_encoding);
  return reader;
}

static char *
list_columns (CohortImport *self)
{
  GString *names = g_string_new (NULL);

  /* A message, not a dump: a file of thousands of columns names the first. */
  for (guint i = 0; i < self->column_names->len; i++)
    {
      const char *name = g_ptr_array_index (self->column_names, i);

      if (i == 20)
        {
          g_string_append_printf (names, g_dngettext (GETTEXT_PACKAGE, " and %u more", " and %u more",
                                                      self->column_names->len - i),
                                  self->column_names->len - i);
          break;
        }
      if (i > 0)
        g_string_append (names, ", ");
      if (*name != '\0')
        g_string_append (names, name);
      else
        g_string_append_printf (names, "%u", i + 1);
    }
  return g_string_free (names, FALSE);
}

/**
 * cohort_import_prepare:
 *
 * Opens the file and decides what each column holds: detection (when on)
 * from the names and the first rows, then the explicit mappings; resolves
 * the consent and country columns. Fails when no column can hold an
 * identifier. Reads the file: call it from a worker thread.
 */
gboolean
cohort_import_prepare (CohortImport *self,
                       GCancellable *cancellable,
                       GError      **error)
{
  g_autoptr (CohortCsvReader) reader = cohort_import_new_reader (self);
  guint n_columns;
  gboolean any = FALSE;

  g_return_val_if_fail (COHORT_IS_IMPORT (self), FALSE);

  if (self->country != NULL && !cohort_phone_region_is_known (self->country))
    {
      g_set_error (error, COHORT_IMPORT_ERROR, COHORT_IMPORT_ERROR_BAD_OPTION,
                   _("“%s” is not a country code: use the two letters of ISO 3166, such as FR "
                     "or SE."), self->country);
      return FALSE;
    }

  if (!cohort_csv_reader_open (reader, cancellable, error))
    return FALSE;
  self->delimiter = cohort_csv_reader_get_delimiter (reader);
  self->encoding = cohort_csv_reader_get_encoding (reader);
  n_columns = cohort_csv_reader_get_n_columns (reader);
  self->column_names = g_ptr_array_new_with_free_func (g_free);
  for (guint c = 0; c < n_columns; c++)
    g_ptr_array_add (self->column_names, g_strdup (cohort_csv_reader_get_column_name (reader, c)));

  g_free (self->types);
  if (self->detect)
    {
      self->types = cohort_detect_columns (reader, COHORT_DETECT_SAMPLE_ROWS, &self->platform_column,
                                           cancellable, error);
      if (self->types == NULL)
        return FALSE;
    }
  else
    self->types = g_new0 (CohortColumnType, n_columns);

  for (guint i = 0; i < self->mappings->len; i++)
    {
      CohortImportMapping *mapping = &g_array_index (self->mappings, CohortImportMapping, i);
      guint column;

      if (!cohort_csv_reader_find_column (reader, mapping->spec, &column, error))
        return FALSE;
      self->types[column] = mapping->type;
    }

  for (guint i = 0; i < self->consents->len; i++)
    {
      CohortImportConsent *consent = &g_array_index (self->consents, CohortImportConsent, i);

      if (!cohort_csv_reader_find_column (reader, consent->spec, &consent->column, error))
        return FALSE;
      /* A consent column is no identity, whatever its name suggested. */
      self->types[consent->column] = COHORT_COLUMN_IGNORE;
    }

  if (self->country_column_spec != NULL)
    {
      guint column;

      if (!cohort_csv_reader_find_column (reader, self->country_column_spec, &column, error))
        return FALSE;
      self->country_column = column;
    }

  if (self->country == NULL)
    self->country = cohort_phone_region_from_locale ();

  for (guint c = 0; c < n_columns; c++)
    {
      if (self->types[c] == COHORT_COLUMN_MAID && self->platform_column < 0)
        {
          g_set_error (error, COHORT_IMPORT_ERROR, COHORT_IMPORT_ERROR_BAD_OPTION,
                       _("Column “%s” holds advertising IDs of both platforms, but the file has "
                         "no platform column to tell them apart: map it as gaid or idfa."),
                       (const char *) g_ptr_array_index (self->column_names, c));
          return FALSE;
        }
      any = any || self->types[c] != COHORT_COLUMN_IGNORE;
    }

  if (!any)
    {
      g_autofree char *names = list_columns (self);

      g_set_error (error, COHORT_IMPORT_ERROR, COHORT_IMPORT_ERROR_NO_IDENTITY_COLUMN,
                   _("“%s” has no column that can hold an identifier (its columns are: %s). "
                     "Map one with --map COLUMN=TYPE, such as --map 2=email."),
                   cohort_csv_reader_get_display_name (reader), names);
      return FALSE;
    }

  self->prepared = TRUE;
  return TRUE;
}

guint
cohort_import_get_n_columns (CohortImport *self)
{
  g_return_val_if_fail (self->prepared, 0);

  return self->column_names->len;
}

const char *
cohort_import_get_column_name (CohortImport *self,
                               guint         column)
{
  g_return_val_if_fail (self->prepared && column < self->column_names->len, NULL);

  return g_ptr_array_index (self->column_names, column);
}

CohortColumnType
cohort_import_get_column_type (CohortImport *self,
                               guint         column)
{
  g_return_val_if_fail (self->prepared && column < self->column_names->len, COHORT_COLUMN_IGNORE);

  return self->types[column];
}

/* The region phone numbers without a country code are read in, or NULL. */
const char *
cohort_import_get_country (CohortImport *self)
{
  return self->country;
}

const CohortImportReport *
cohort_import_get_report (CohortImport *self)
{
  return &self->report;
}

/* Once prepared: what detection decided, or what was asked. */
char
cohort_import_get_delimiter (CohortImport *self)
{
  g_return_val_if_fail (COHORT_IS_IMPORT (self), '\0');

  return self->prepared ? self->delimiter : self->requested_delimiter;
}

CohortCsvEncoding
cohort_import_get_encoding (CohortImport *self)
{
  g_return_val_if_fail (COHORT_IS_IMPORT (self), COHORT_CSV_ENCODING_AUTO);

  return self->prepared ? self->encoding : self->requested_encoding;
}

/**
 * cohort_import_get_rejected_cells:
 *
 * Where the last run rejected cells: the first
 * %COHORT_STORE_REJECTS_PER_REASON of each reason, in file order. Line
 * and column only, never a value.
 *
 * Returns: (transfer none) (element-type CohortRejectedCell) (nullable):
 *   the cells, or %NULL before a run
 */
const GArray *
cohort_import_get_rejected_cells (CohortImport *self)
{
  g_return_val_if_fail (COHORT_IS_IMPORT (self), NULL);

  return self->rejected_cells;
}

/**
 * cohort_import_inspect_row:
 * @row: the data row, from 1
 * @out_line: (out): the line of the file it starts on
 * @out_excluded: (out): set when the row has no consent
 * @func: called for each examined identity cell
 *
 * What the import does with one row: per cell, original → normalised →
 * hash, or why it was rejected. A row without consent calls @func for no
 * cell: its cells are not examined.
 */
gboolean
cohort_import_inspect_row (CohortImport        *self,
                           guint64              row,
                           guint64             *out_line,
                           gboolean            *out_excluded,
                           CohortCellTraceFunc  func,
                           gpointer             user_data,
                           GCancellable        *cancellable,
                           GError             **error)
{
  g_autoptr (CohortCsvReader) reader = NULL;
  GError *local_error = NULL;

  if (!self->prepared && !cohort_import_prepare (self, cancellable, error))
    return FALSE;

  reader = cohort_import_new_reader (self);
  if (!cohort_csv_reader_open (reader, cancellable, error))
    return FALSE;
  for (guint64 r = 1; r <= row; r++)
    if (!cohort_csv_reader_next_row (reader, cancellable, &local_error))
      {
        if (local_error != NULL)
          g_propagate_error (error, local_error);
        else
          g_set_error (error, COHORT_IMPORT_ERROR, COHORT_IMPORT_ERROR_NO_ROW,
                       _("“%s” has only %llu rows."),
                       cohort_csv_reader_get_display_name (reader), (unsigned long long) r - 1);
        return FALSE;
      }

  *out_line = cohort_csv_reader_get_line (reader);
  {
    guint n = cohort_csv_reader_get_n_cells (reader);
    g_autofree const char **values = g_new (const char *, MAX (n, 1));
    g_autofree gsize *lengths = g_new (gsize, MAX (n, 1));
    CohortRowView view = { values, lengths, n };
    CohortRowScratch scratch;

    for (guint c = 0; c < n; c++)
      values[c] = cohort_csv_reader_get_cell (reader, c, &lengths[c]);
    cohort_row_scratch_init (&scratch, self->column_names->len);
    cohort_import_process_row (self, &scratch, &view, func, user_data);
    *out_excluded = scratch.excluded;
    cohort_row_scratch_clear (&scratch);
  }
  return TRUE;
}
