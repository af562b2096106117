/* import.c: CohortImport, a customer file read, mapped, normalised, hashed, deduplicated and stored */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "core/hash-set.h"
#include "core/identity-detect.h"
#include "core/import.h"
#include "core/phone.h"
#include "core/store-audiences.h"

/* Consent, in the languages of Cohort's users and as spreadsheets and psql
 * write booleans. Anything else, empty included, is no consent. */
static const char *const consent_yes[] = {
  "yes", "y", "true", "t", "1", "x", "oui", "o", "vrai", "ja", "j", "sant",
};

typedef struct
{
  char             *spec;
  CohortColumnType  type;
} Mapping;

typedef struct
{
  char  *spec;
  guint  identities; /* bit per CohortIdentity; every identity when 0 */
  guint  column;
} Consent;

/* What one row gave. */
typedef struct
{
  gboolean excluded;
  guint    n_hashes;
  guint8  *hashes; /* n_hashes × COHORT_HASH_LENGTH */
  CohortIdentity *identities;
} RowOutcome;

struct _CohortImport
{
  GObject                 parent_instance;

  GFile                  *file;
  char                    requested_delimiter;
  CohortCsvEncoding       requested_encoding;
  gboolean                has_header;
  gboolean                detect;
  GArray                 *mappings;  /* Mapping */
  GArray                 *consents;  /* Consent */
  char                   *country;
  char                   *country_column_spec;
  CohortNormalizeOptions  options;

  /* Resolved by prepare(). */
  gboolean                prepared;
  char                    delimiter;
  CohortCsvEncoding       encoding;
  GPtrArray              *column_names;
  CohortColumnType       *types;
  int                     platform_column;
  int                     country_column;

  GString                *normalised;
  char                    row_region[3];
  RowOutcome              outcome;
  CohortImportReport      report;
};

G_DEFINE_FINAL_TYPE (CohortImport, cohort_import, G_TYPE_OBJECT)

G_DEFINE_QUARK (cohort-import-error-quark, cohort_import_error)

static void
mapping_clear (Mapping *mapping)
{
  g_free (mapping->spec);
}

static void
consent_clear (Consent *consent)
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
  g_clear_pointer (&self->column_names, g_ptr_array_unref);
  g_free (self->types);
  g_string_free (self->normalised, TRUE);
  g_free (self->outcome.hashes);
  g_free (self->outcome.identities);
  cohort_import_report_clear (&self->report);

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
  self->mappings = g_array_new (FALSE, TRUE, sizeof (Mapping));
  g_array_set_clear_func (self->mappings, (GDestroyNotify) mapping_clear);
  self->consents = g_array_new (FALSE, TRUE, sizeof (Consent));
  g_array_set_clear_func (self->consents, (GDestroyNotify) consent_clear);
  self->normalised = g_string_sized_new (256);
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
  Mapping mapping = { g_strdup (column), type };

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
  Consent consent = { g_strdup (column), identities, 0 };

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

static CohortCsvReader *
new_reader (CohortImport *self)
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

  for (guint i = 0; i < self->column_names->len; i++)
    {
      const char *name = g_ptr_array_index (self->column_names, i);

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
  g_autoptr (CohortCsvReader) reader = new_reader (self);
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
      Mapping *mapping = &g_array_index (self->mappings, Mapping, i);
      guint column;

      if (!cohort_csv_reader_find_column (reader, mapping->spec, &column, error))
        return FALSE;
      self->types[column] = mapping->type;
    }

  for (guint i = 0; i < self->consents->len; i++)
    {
      Consent *consent = &g_array_index (self->consents, Consent, i);

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

  self->outcome.hashes = g_malloc (n_columns * COHORT_HASH_LENGTH);
  self->outcome.identities = g_new (CohortIdentity, n_columns);
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

static gboolean
grants_consent (const char *value,
                gsize       length)
{
  if (!cohort_normalize_trim (value, length, &value, &length))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (consent_yes); i++)
    if (strlen (consent_yes[i]) == length && g_ascii_strncasecmp (value, consent_yes[i], length) == 0)
      return TRUE;
  return FALSE;
}

static guint
identity_bits (CohortColumnType type)
{
  if (type == COHORT_COLUMN_IGNORE)
    return 0;
  if (type == COHORT_COLUMN_MAID)
    return (1 << COHORT_IDENTITY_GAID) | (1 << COHORT_IDENTITY_IDFA);
  return 1 << cohort_column_type_get_identity (type);
}

static const char *
row_region (CohortImport    *self,
            CohortCsvReader *reader)
{
  if (self->country_column >= 0)
    {
      const char *value;
      gsize length;

      value = cohort_csv_reader_get_cell (reader, self->country_column, &length);
      if (cohort_normalize_trim (value, length, &value, &length) && length == 2)
        {
          self->row_region[0] = g_ascii_toupper (value[0]);
          self->row_region[1] = g_ascii_toupper (value[1]);
          self->row_region[2] = '\0';
          if (cohort_phone_region_is_known (self->row_region))
            return self->row_region;
        }
    }
  return self->country;
}

/* Normalises one trimmed cell into self->normalised and hashes it. */
static CohortReason
normalise_cell (CohortImport     *self,
                CohortCsvReader  *reader,
                CohortColumnType  type,
                const char       *value,
                gsize             length,
                CohortIdentity   *identity,
                gboolean         *prehashed,
                guint8            hash[COHORT_HASH_LENGTH])
{
  CohortReason reason;

  *prehashed = FALSE;
  if (type == COHORT_COLUMN_MAID)
    {
      const char *platform;
      gsize platform_length;
      g_autofree char *folded = NULL;

      platform = cohort_csv_reader_get_cell (reader, self->platform_column, &platform_length);
      cohort_normalize_trim (platform, platform_length, &platform, &platform_length);
      folded = g_ascii_strdown (platform, platform_length);
      if (g_str_equal (folded, "android") || g_str_equal (folded, "google"))
        type = COHORT_COLUMN_GAID;
      else if (g_str_equal (folded, "ios") || g_str_equal (folded, "iphone") ||
               g_str_equal (folded, "ipad") || g_str_equal (folded, "apple"))
        type = COHORT_COLUMN_IDFA;
      else
        {
          *identity = COHORT_IDENTITY_GAID;
          return COHORT_REASON_MAID_INVALID;
        }
    }
  *identity = cohort_column_type_get_identity (type);

  /* An existing SHA-256 in any identity column is taken as it is. */
  if (cohort_is_sha256_hex (value, length))
    {
      *prehashed = TRUE;
      return cohort_normalize_prehashed (value, length, hash);
    }
  if (cohort_column_type_is_hashed (type))
    return COHORT_REASON_HASH_INVALID;

  switch (*identity)
    {
    case COHORT_IDENTITY_EMAIL:
      reason = cohort_normalize_email (value, length, &self->options, self->normalised);
      break;
    case COHORT_IDENTITY_PHONE:
      switch (cohort_phone_normalize (value, length, row_region (self, reader),
                                      self->options.phone_digits_only, self->normalised))
        {
        case COHORT_PHONE_OK:
          reason = COHORT_REASON_OK;
          break;
        case COHORT_PHONE_NO_COUNTRY:
          reason = COHORT_REASON_PHONE_NO_COUNTRY;
          break;
        case COHORT_PHONE_INVALID:
        default:
          reason = COHORT_REASON_PHONE_INVALID;
          break;
        }
      break;
    case COHORT_IDENTITY_GAID:
    case COHORT_IDENTITY_IDFA:
      reason = cohort_normalize_maid (*identity, value, length, &self->options, self->normalised);
      break;
    case COHORT_N_IDENTITIES:
    default:
      g_assert_not_reached ();
    }

  if (reason == COHORT_REASON_OK)
    cohort_sha256 (self->normalised->str, self->normalised->len, hash);
  return reason;
}

/* Consent first, then each consented identity cell: fills self->outcome and
 * calls @func for each cell examined (rejected ones included). */
static void
process_row (CohortImport        *self,
             CohortCsvReader     *reader,
             CohortCellTraceFunc  func,
             gpointer             user_data)
{
  RowOutcome *outcome = &self->outcome;
  guint allowed = (1 << COHORT_N_IDENTITIES) - 1;
  guint mapped = 0;

  outcome->n_hashes = 0;
  outcome->excluded = FALSE;

  for (guint i = 0; i < self->consents->len; i++)
    {
      const Consent *consent = &g_array_index (self->consents, Consent, i);
      gsize length;
      const char *value = cohort_csv_reader_get_cell (reader, consent->column, &length);

      if (!grants_consent (value, length))
        allowed &= consent->identities != 0 ? ~consent->identities : 0;
    }
  for (guint c = 0; c < self->column_names->len; c++)
    mapped |= identity_bits (self->types[c]);
  if ((allowed & mapped) == 0)
    {
      outcome->excluded = TRUE;
      return;
    }

  for (guint c = 0; c < self->column_names->len; c++)
    {
      CohortColumnType type = self->types[c];
      CohortCellTrace trace = { c, type, COHORT_IDENTITY_EMAIL, NULL, NULL, NULL, FALSE, COHORT_REASON_OK };
      const char *value;
      gsize length;

      if ((identity_bits (type) & allowed) == 0)
        continue;
      value = cohort_csv_reader_get_cell (reader, c, &length);
      if (!cohort_normalize_trim (value, length, &value, &length))
        continue;

      g_string_truncate (self->normalised, 0);
      trace.reason = normalise_cell (self, reader, type, value, length, &trace.identity,
                                     &trace.prehashed,
                                     outcome->hashes + outcome->n_hashes * COHORT_HASH_LENGTH);
      /* A MAID column's cell may turn out to be of an identity without consent. */
      if (trace.reason == COHORT_REASON_OK && !(allowed & (1 << trace.identity)))
        continue;
      if (trace.reason == COHORT_REASON_OK)
        outcome->identities[outcome->n_hashes++] = trace.identity;

      if (func != NULL)
        {
          g_autofree char *original = g_strndup (value, length);

          trace.original = original;
          trace.normalised = trace.reason == COHORT_REASON_OK && !trace.prehashed ? self->normalised->str : NULL;
          trace.hash = trace.reason == COHORT_REASON_OK
                           ? outcome->hashes + (outcome->n_hashes - 1) * COHORT_HASH_LENGTH
                           : NULL;
          func (&trace, user_data);
        }
    }
}

typedef struct
{
  CohortImport     *self;
  CohortCsvReader  *reader;
  GArray           *stored_rejects;
  guint             per_reason[COHORT_N_REASONS];
  GOutputStream    *rejects;
  GError           *rejects_error;
} RunState;

static void
append_quoted (GString    *text,
               const char *value)
{
  g_string_append_c (text, '"');
  for (const char *p = value; *p != '\0'; p++)
    {
      /* Doubling a quote is all RFC 4180 asks inside quotes. */
      g_string_append_c (text, *p);
      if (*p == '"')
        g_string_append_c (text, '"');
    }
  g_string_append_c (text, '"');
}

static void
write_reject (RunState     *state,
              guint64       line,
              guint         column,
              CohortReason  reason,
              const char   *value)
{
  CohortRejectedCell cell = { line, column, reason };
  g_autoptr (GString) text = NULL;

  if (state->per_reason[reason]++ < COHORT_STORE_REJECTS_PER_REASON)
    g_array_append_val (state->stored_rejects, cell);

  if (state->rejects == NULL || state->rejects_error != NULL)
    return;
  text = g_string_new (NULL);
  g_string_append_printf (text, "%" G_GUINT64_FORMAT ",", line);
  if (column > 0)
    append_quoted (text, g_ptr_array_index (state->self->column_names, column - 1));
  g_string_append_printf (text, ",%s,", cohort_reason_to_code (reason));
  append_quoted (text, value);
  g_string_append_c (text, '\n');
  g_output_stream_write_all (state->rejects, text->str, text->len, NULL, NULL, &state->rejects_error);
}

static void
trace_rejects (const CohortCellTrace *trace,
               gpointer               user_data)
{
  RunState *state = user_data;

  if (trace->reason == COHORT_REASON_OK && trace->prehashed)
    state->self->report.prehashed++;
  if (trace->reason != COHORT_REASON_OK)
    {
      state->self->report.reasons[trace->reason]++;
      write_reject (state, cohort_csv_reader_get_line (state->reader), trace->column + 1,
                    trace->reason, trace->original);
    }
}

/**
 * cohort_import_run:
 * @store: (nullable): where the version goes; %NULL only with @dry_run
 * @rejects: (nullable): a CSV file to write the rejected cells to, with
 *   their original values (the one place plaintext is written, by request)
 * @dry_run: count and diff, store nothing
 *
 * Reads the whole file, counts every row as accepted, rejected or excluded,
 * deduplicates the hashes and stores them as a new version of @audience.
 * Blocks: call it from a worker thread.
 */
gboolean
cohort_import_run (CohortImport             *self,
                   CohortStore              *store,
                   const char               *audience,
                   GFile                    *rejects,
                   gboolean                  dry_run,
                   CohortImportProgressFunc  progress,
                   gpointer                  progress_data,
                   GCancellable             *cancellable,
                   GError                  **error)
{
  g_autoptr (CohortCsvReader) reader = NULL;
  g_autoptr (GArray) stored_rejects = g_array_new (FALSE, FALSE, sizeof (CohortRejectedCell));
  g_autoptr (GOutputStream) rejects_stream = NULL;
  CohortHashSet *sets[COHORT_N_IDENTITIES] = { NULL };
  const guint8 *sorted[COHORT_N_IDENTITIES] = { NULL };
  gsize n_sorted[COHORT_N_IDENTITIES] = { 0 };
  CohortImportReport *report = &self->report;
  RunState state = { self, NULL, stored_rejects, { 0 }, NULL, NULL };
  GError *local_error = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (COHORT_IS_IMPORT (self), FALSE);
  g_return_val_if_fail (store != NULL || dry_run, FALSE);

  if (!self->prepared && !cohort_import_prepare (self, cancellable, error))
    return FALSE;

  cohort_import_report_clear (report);
  report->audience = g_strdup (audience);

  if (rejects != NULL)
    {
      static const char header[] = "line,column,reason,value\n";

      rejects_stream = G_OUTPUT_STREAM (g_file_replace (rejects, NULL, FALSE,
                                                        G_FILE_CREATE_PRIVATE, cancellable, error));
      if (rejects_stream == NULL ||
          !g_output_stream_write_all (rejects_stream, header, strlen (header), NULL, cancellable, error))
        return FALSE;
      state.rejects = rejects_stream;
    }

  reader = new_reader (self);
  state.reader = reader;
  if (!cohort_csv_reader_open (reader, cancellable, error))
    return FALSE;

  for (CohortIdentity i = 0; i < COHORT_N_IDENTITIES; i++)
    sets[i] = cohort_hash_set_new ();

  while (cohort_csv_reader_next_row (reader, cancellable, &local_error))
    {
      gboolean adds = FALSE;

      report->rows++;
      process_row (self, reader, trace_rejects, &state);
      if (self->outcome.excluded)
        {
          report->excluded++;
          report->reasons[COHORT_REASON_NO_CONSENT]++;
          continue;
        }
      if (self->outcome.n_hashes == 0)
        {
          report->rejected++;
          report->reasons[COHORT_REASON_NO_IDENTIFIER]++;
          write_reject (&state, cohort_csv_reader_get_line (reader), 0, COHORT_REASON_NO_IDENTIFIER, "");
          continue;
        }

      report->accepted++;
      for (guint h = 0; h < self->outcome.n_hashes; h++)
        if (cohort_hash_set_add (sets[self->outcome.identities[h]],
                                 self->outcome.hashes + h * COHORT_HASH_LENGTH))
          adds = TRUE;
      if (!adds)
        report->duplicates++;

      if (progress != NULL && report->rows % 65536 == 0)
        progress (cohort_csv_reader_get_bytes_read (reader), report->rows, progress_data);
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      goto out;
    }
  if (progress != NULL)
    progress (cohort_csv_reader_get_bytes_read (reader), report->rows, progress_data);

  for (CohortIdentity i = 0; i < COHORT_N_IDENTITIES; i++)
    {
      report->unique[i] = cohort_hash_set_size (sets[i]);
      sorted[i] = cohort_hash_set_steal_sorted (sets[i], &n_sorted[i]);
    }

  if (state.rejects_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&state.rejects_error));
      goto out;
    }
  if (rejects_stream != NULL && !g_output_stream_close (rejects_stream, cancellable, error))
    goto out;

  if (store != NULL &&
      !cohort_store_save_version (store, report, cohort_csv_reader_get_display_name (reader),
                                  COHORT_PROFILE_TIKTOK_V1, sorted, n_sorted, stored_rejects,
                                  dry_run, error))
    goto out;
  ok = TRUE;

out:
  g_clear_error (&state.rejects_error);
  for (CohortIdentity i = 0; i < COHORT_N_IDENTITIES; i++)
    cohort_hash_set_free (sets[i]);
  return ok;
}

const CohortImportReport *
cohort_import_get_report (CohortImport *self)
{
  return &self->report;
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

  reader = new_reader (self);
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
  process_row (self, reader, func, user_data);
  *out_excluded = self->outcome.excluded;
  return TRUE;
}
