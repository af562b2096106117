/* csv-reader.c: CohortCsvReader, a streaming reader of customer CSV files in any common encoding */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "core/csv-reader.h"
#include "core/text-fold.h"
#include "core/text-sniff.h"

#define CHUNK_SIZE (256 * 1024)
/* A read from an offset is a block of rows for a list, on the main thread:
 * decoding a whole chunk for it would cost more than the rows themselves. */
#define START_CHUNK_SIZE (32 * 1024)
/* Enough lines to judge the delimiter by, few enough to stay in the first chunk. */
#define SAMPLE_RECORDS 50

typedef enum
{
  STATE_FIELD_START,
  STATE_UNQUOTED,
  STATE_QUOTED,
  STATE_QUOTE_IN_QUOTED, /* a quote inside a quoted field: a doubled quote or the end */
} ParserState;

typedef struct
{
  gsize start;
  gsize length;
} Cell;

struct _CohortCsvReader
{
  GObject            parent_instance;

  GFile             *file;
  char              *display_name;
  char               requested_delimiter;
  CohortCsvEncoding  requested_encoding;
  gboolean           has_header;
  gboolean           has_start;
  guint64            start_offset;
  guint64            start_line;

  GInputStream      *stream;
  GFileInfo         *opened;        /* size, time and inode when opened */
  gsize              chunk_size;
  CohortCsvEncoding  encoding;
  char               delimiter;
  gboolean           eof;
  guint64            bytes_read;
  guint8            *raw;           /* undecoded bytes, for the encodings that need decoding */
  CohortTextDecoder  decoder;

  GByteArray        *text;          /* decoded UTF-8, parsed from `pos` */
  gsize              pos;
  guint8             special[256];  /* the bytes that stop an unquoted field */

  ParserState        state;
  gboolean           last_was_cr;
  guint64            line;          /* 1-based line of the next byte */
  guint64            row_line;
  guint64            quote_line;
  guint              quote_column;
  GString           *row;           /* the current row's cells, each NUL-terminated */
  GArray            *cells;
  gboolean           row_pending;   /* read by open() in --no-header mode, not yet returned */

  GPtrArray         *names;
  GPtrArray         *folded_names;
};

G_DEFINE_FINAL_TYPE (CohortCsvReader, cohort_csv_reader, G_TYPE_OBJECT)

G_DEFINE_QUARK (cohort-csv-error-quark, cohort_csv_error)

static void
cohort_csv_reader_finalize (GObject *object)
{
  CohortCsvReader *self = COHORT_CSV_READER (object);

  g_clear_object (&self->file);
  g_clear_object (&self->stream);
  g_clear_object (&self->opened);
  g_free (self->display_name);
  g_free (self->raw);
  g_clear_pointer (&self->text, g_byte_array_unref);
  g_string_free (self->row, TRUE);
  g_array_unref (self->cells);
  g_ptr_array_unref (self->names);
  g_ptr_array_unref (self->folded_names);

  G_OBJECT_CLASS (cohort_csv_reader_parent_class)->finalize (object);
}

static void
cohort_csv_reader_class_init (CohortCsvReaderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cohort_csv_reader_finalize;
}

static void
cohort_csv_reader_init (CohortCsvReader *self)
{
  self->has_header = TRUE;
  self->chunk_size = CHUNK_SIZE;
  self->row = g_string_sized_new (1024);
  self->cells = g_array_sized_new (FALSE, FALSE, sizeof (Cell), 32);
  self->names = g_ptr_array_new_with_free_func (g_free);
  self->folded_names = g_ptr_array_new_with_free_func (g_free);
  self->line = 1;
}

CohortCsvReader *
cohort_csv_reader_new (GFile *file)
{
  CohortCsvReader *self;
  g_autofree char *path = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  self = g_object_new (COHORT_TYPE_CSV_READER, NULL);
  self->file = g_object_ref (file);
  path = g_file_get_path (file);
  self->display_name = path != NULL ? g_filename_display_basename (path)
                                     : g_file_get_parse_name (file);
  return self;
}

/**
 * cohort_csv_reader_set_delimiter:
 * @delimiter: `,` `;` `\t` `|` or another ASCII character; 0 to detect it
 */
void
cohort_csv_reader_set_delimiter (CohortCsvReader *self,
                                 char             delimiter)
{
  g_return_if_fail (COHORT_IS_CSV_READER (self));
  g_return_if_fail (self->stream == NULL);

  self->requested_delimiter = delimiter;
}

void
cohort_csv_reader_set_encoding (CohortCsvReader   *self,
                                CohortCsvEncoding  encoding)
{
  g_return_if_fail (COHORT_IS_CSV_READER (self));
  g_return_if_fail (self->stream == NULL);

  self->requested_encoding = encoding;
}

/**
 * cohort_csv_reader_set_has_header:
 *
 * Without a header (%FALSE), the columns are named by their number, from 1.
 */
void
cohort_csv_reader_set_has_header (CohortCsvReader *self,
                                  gboolean         has_header)
{
  g_return_if_fail (COHORT_IS_CSV_READER (self));
  g_return_if_fail (self->stream == NULL);

  self->has_header = has_header;
}

/* What tells whether a file is still the one that was opened, as it was. */
#define IDENTITY_ATTRIBUTES                                                                                  \
  G_FILE_ATTRIBUTE_STANDARD_SIZE "," G_FILE_ATTRIBUTE_TIME_MODIFIED "," G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC \
  "," G_FILE_ATTRIBUTE_UNIX_DEVICE "," G_FILE_ATTRIBUTE_UNIX_INODE

static gboolean set_io_error (CohortCsvReader *self,
                              GError          *io_error,
                              GError         **error);

static gboolean
same_file (GFileInfo *a,
           GFileInfo *b)
{
  return g_file_info_get_attribute_uint32 (a, G_FILE_ATTRIBUTE_UNIX_DEVICE) ==
             g_file_info_get_attribute_uint32 (b, G_FILE_ATTRIBUTE_UNIX_DEVICE) &&
         g_file_info_get_attribute_uint64 (a, G_FILE_ATTRIBUTE_UNIX_INODE) ==
             g_file_info_get_attribute_uint64 (b, G_FILE_ATTRIBUTE_UNIX_INODE);
}

/* At the end of the file: what was read is the file as it was opened, and
 * the file is still there. A file written, cut or replaced meanwhile (an
 * export still running, a watched file saved again) would give a version
 * that never existed: refused, so that nothing of it is stored. */
static gboolean
check_unchanged (CohortCsvReader *self,
                 GCancellable    *cancellable,
                 GError         **error)
{
  GError *local_error = NULL;
  g_autoptr (GFileInfo) now = NULL;
  g_autoptr (GFileInfo) at_path = NULL;

  if (self->opened == NULL)
    return TRUE;
  now = g_file_input_stream_query_info (G_FILE_INPUT_STREAM (self->stream), IDENTITY_ATTRIBUTES, cancellable,
                                        &local_error);
  if (now == NULL)
    return set_io_error (self, local_error, error);
  at_path = g_file_query_info (self->file, IDENTITY_ATTRIBUTES, G_FILE_QUERY_INFO_NONE, cancellable, &local_error);
  if (at_path == NULL && !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    return set_io_error (self, local_error, error);
  g_clear_error (&local_error);

  if (at_path == NULL || !same_file (at_path, self->opened))
    {
      g_set_error (error, COHORT_CSV_ERROR, COHORT_CSV_ERROR_CHANGED,
                   _("“%s” was deleted, moved or replaced while it was read: nothing of it was imported. "
                     "Import the file again once it is saved."),
                   self->display_name);
      return FALSE;
    }
  if ((guint64) g_file_info_get_size (self->opened) != self->bytes_read ||
      g_file_info_get_size (now) != g_file_info_get_size (self->opened) ||
      g_file_info_get_attribute_uint64 (now, G_FILE_ATTRIBUTE_TIME_MODIFIED) !=
          g_file_info_get_attribute_uint64 (self->opened, G_FILE_ATTRIBUTE_TIME_MODIFIED) ||
      g_file_info_get_attribute_uint32 (now, G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC) !=
          g_file_info_get_attribute_uint32 (self->opened, G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC))
    {
      g_set_error (error, COHORT_CSV_ERROR, COHORT_CSV_ERROR_CHANGED,
                   _("“%s” changed while it was read: nothing of it was imported. Import the file again "
                     "once it is saved."),
                   self->display_name);
      return FALSE;
    }
  return TRUE;
}

/**
 * cohort_csv_reader_set_start:
 * @offset: the byte where a row starts, as an earlier pass over the file found it
 * @line: the line of the file that row starts on, from 1
 *
 * Reads from @offset instead of the start: open() then detects nothing and
 * reads no header, so the delimiter and the encoding must be set, and the
 * reader has no columns. Rows keep their lines in the whole file, and
 * get_bytes_read() counts from the start of the file.
 */
void
cohort_csv_reader_set_start (CohortCsvReader *self,
                             guint64          offset,
                             guint64          line)
{
  g_return_if_fail (COHORT_IS_CSV_READER (self));
  g_return_if_fail (self->stream == NULL);
  g_return_if_fail (line >= 1);

  self->has_start = TRUE;
  self->start_offset = offset;
  self->start_line = line;
}

static gboolean
set_io_error (CohortCsvReader *self,
              GError          *io_error,
              GError         **error)
{
  if (g_error_matches (io_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_propagate_error (error, io_error);
  else
    {
      g_set_error (error, COHORT_CSV_ERROR, COHORT_CSV_ERROR_IO, _("Cannot read “%s”: %s"),
                   self->display_name, io_error->message);
      g_error_free (io_error);
    }
  return FALSE;
}

/* Drops the parsed text and appends the next chunk, decoded. Sets eof at the end. */
static gboolean
fill (CohortCsvReader *self,
      GCancellable    *cancellable,
      GError         **error)
{
  GError *local_error = NULL;
  gssize n;

  if (self->pos > 0)
    {
      g_byte_array_remove_range (self->text, 0, self->pos);
      self->pos = 0;
    }

  if (self->encoding == COHORT_CSV_ENCODING_UTF8)
    {
      gsize old_length = self->text->len;

      /* Read straight into the text: UTF-8 needs no decoding. */
      g_byte_array_set_size (self->text, old_length + self->chunk_size);
      n = g_input_stream_read (self->stream, self->text->data + old_length, self->chunk_size,
                               cancellable, &local_error);
      g_byte_array_set_size (self->text, old_length + MAX (n, 0));
    }
  else
    {
      n = g_input_stream_read (self->stream, self->raw, self->chunk_size, cancellable, &local_error);
      if (n > 0)
        cohort_text_decoder_decode (&self->decoder, self->raw, n, self->text);
      else if (n == 0)
        cohort_text_decoder_finish (&self->decoder, self->text);
    }

  if (n < 0)
    return set_io_error (self, local_error, error);
  self->bytes_read += n;
  if (n == 0)
    {
      self->eof = TRUE;
      return check_unchanged (self, cancellable, error);
    }
  return TRUE;
}

static void
end_cell (CohortCsvReader *self,
          gsize            start)
{
  Cell cell = { start, self->row->len - start };

  g_string_append_c (self->row, '\0');
  g_array_append_val (self->cells, cell);
}

static gboolean
row_is_blank (CohortCsvReader *self)
{
  for (guint i = 0; i < self->cells->len; i++)
    {
      const Cell *cell = &g_array_index (self->cells, Cell, i);

      for (gsize j = 0; j < cell->length; j++)
        if (self->row->str[cell->start + j] != ' ' && self->row->str[cell->start + j] != '\t')
          return FALSE;
    }
  return TRUE;
}

static gboolean
set_position_error (CohortCsvReader *self,
                    GError         **error,
                    int              code,
                    guint64          line,
                    guint            column,
                    const char      *problem)
{
  g_set_error (error, COHORT_CSV_ERROR, code,
               /* Translators: file name, line number, column number, then the problem */
               _("“%s”, line %llu, column %u: %s"),
               self->display_name, (unsigned long long) line, column, problem);
  return FALSE;
}

static gboolean
set_row_too_long (CohortCsvReader *self,
                  GError         **error)
{
  return set_position_error (self, error, COHORT_CSV_ERROR_TOO_LONG, self->row_line,
                             self->cells->len + 1,
                             _("this row is larger than 16 MB: the file is not a customer list, "
                               "or its quotes are broken."));
}

/* Parses one record into row/cells. Returns FALSE at the end of the file (with
 * no error) or on an error. Blank records are returned too: the caller skips them. */
static gboolean
parse_record (CohortCsvReader *self,
              GCancellable    *cancellable,
              GError         **error)
{
  const char delimiter = self->delimiter;
  gsize cell_start = 0;
  gboolean started = FALSE;

  g_string_truncate (self->row, 0);
  g_array_set_size (self->cells, 0);
  self->state = STATE_FIELD_START;

  for (;;)
    {
      const guint8 *data;
      gsize length;

      if (self->pos >= self->text->len)
        {
          if (self->eof)
            break;
          if (!fill (self, cancellable, error))
            return FALSE;
          continue;
        }

      data = self->text->data;
      length = self->text->len;
      while (self->pos < length)
        {
          guint8 c = data[self->pos];

          if (self->last_was_cr)
            {
              self->last_was_cr = FALSE;
              /* The \n of a \r\n: the line was counted at the \r. */
              if (c == '\n')
                {
                  self->pos++;
                  if (self->state == STATE_QUOTED)
                    g_string_append_c (self->row, '\n');
                  continue;
                }
            }

          if (c == '\0')
            return set_position_error (self, error, COHORT_CSV_ERROR_BINARY, self->line,
                                       self->cells->len + 1,
                                       _("this is a binary file, not a text table."));

          if (!started)
            {
              started = TRUE;
              self->row_line = self->line;
            }

          switch (self->state)
            {
            case STATE_FIELD_START:
              cell_start = self->row->len;
              if (c == '"')
                {
                  self->state = STATE_QUOTED;
                  self->quote_line = self->line;
                  self->quote_column = self->cells->len + 1;
                  self->pos++;
                  break;
                }
              self->state = STATE_UNQUOTED;
              G_GNUC_FALLTHROUGH;

            case STATE_UNQUOTED:
              {
                gsize run = self->pos;

                /* A quote here is an ordinary character (O"Brien), as in Excel. */
                while (run < length && !self->special[data[run]])
                  run++;
                g_string_append_len (self->row, (const char *) data + self->pos, run - self->pos);
                self->pos = run;
                if (self->row->len > COHORT_CSV_MAX_ROW_BYTES)
                  return set_row_too_long (self, error);
                if (run == length)
                  break;
                c = data[run];
                if (c == '\0')
                  continue;
                self->pos++;
                if (c == (guint8) delimiter)
                  {
                    end_cell (self, cell_start);
                    self->state = STATE_FIELD_START;
                    break;
                  }
                /* \r or \n: the record ends. */
                self->line++;
                self->last_was_cr = c == '\r';
                end_cell (self, cell_start);
                return TRUE;
              }

            case STATE_QUOTED:
              {
                gsize run = self->pos;

                while (run < length && data[run] != '"' && data[run] != '\r' && data[run] != '\n' &&
                       data[run] != '\0')
                  run++;
                g_string_append_len (self->row, (const char *) data + self->pos, run - self->pos);
                self->pos = run;
                if (self->row->len > COHORT_CSV_MAX_ROW_BYTES)
                  return set_row_too_long (self, error);
                if (run == length || data[run] == '\0')
                  break;
                c = data[run];
                self->pos++;
                if (c == '"')
                  self->state = STATE_QUOTE_IN_QUOTED;
                else
                  {
                    /* A line break inside quotes belongs to the cell. */
                    g_string_append_c (self->row, c);
                    self->line++;
                    self->last_was_cr = c == '\r';
                  }
                break;
              }

            case STATE_QUOTE_IN_QUOTED:
              if (c == '"')
                {
                  g_string_append_c (self->row, '"');
                  self->state = STATE_QUOTED;
                  self->pos++;
                }
              else if (c == (guint8) delimiter)
                {
                  end_cell (self, cell_start);
                  self->state = STATE_FIELD_START;
                  self->pos++;
                }
              else if (c == '\r' || c == '\n')
                {
                  self->pos++;
                  self->line++;
                  self->last_was_cr = c == '\r';
                  end_cell (self, cell_start);
                  return TRUE;
                }
              else
                /* "abc"def: the quoted part ends, the rest is kept as written. */
                self->state = STATE_UNQUOTED;
              break;

            default:
              g_assert_not_reached ();
            }
        }
    }

  /* End of file. */
  if (self->state == STATE_QUOTED)
    return set_position_error (self, error, COHORT_CSV_ERROR_BAD_QUOTE, self->quote_line,
                               self->quote_column,
                               _("this quoted field is never closed. Check the quotes around "
                                 "this place, or export the file again."));
  if (!started)
    return FALSE;
  /* After a delimiter at the very end: one more cell, empty. */
  if (self->state == STATE_FIELD_START)
    cell_start = self->row->len;
  end_cell (self, cell_start);
  return TRUE;
}

/* Parses records until one that is not blank. */
static gboolean
next_record (CohortCsvReader *self,
             GCancellable    *cancellable,
             GError         **error)
{
  while (parse_record (self, cancellable, error))
    if (!row_is_blank (self))
      return TRUE;
  return FALSE;
}

static void
set_special (CohortCsvReader *self)
{
  memset (self->special, 0, sizeof self->special);
  self->special[(guint8) self->delimiter] = 1;
  self->special['\r'] = 1;
  self->special['\n'] = 1;
  self->special['\0'] = 1;
}

/* Counts each candidate outside quotes in the first records; the delimiter is
 * the one found as often in the other records as in the first (the header),
 * preferring the most frequent: French Excel writes `;` and puts commas in
 * decimals and addresses. */
static char
detect_delimiter (CohortCsvReader *self)
{
  static const char candidates[] = { ',', ';', '\t', '|' };
  guint counts[G_N_ELEMENTS (candidates)][SAMPLE_RECORDS] = { { 0 } };
  guint n_records = 0;
  gboolean in_quotes = FALSE;
  gboolean record_has_text = FALSE;
  const guint8 *data = self->text->data + self->pos;
  const guint8 *end = self->text->data + self->text->len;
  int best = -1;
  guint best_score = 0;

  for (const guint8 *p = data; p < end && n_records < SAMPLE_RECORDS; p++)
    {
      if (*p == '"')
        in_quotes = !in_quotes;
      else if (!in_quotes && (*p == '\n' || *p == '\r'))
        {
          if (record_has_text)
            n_records++;
          record_has_text = FALSE;
          continue;
        }
      else if (!in_quotes)
        for (guint c = 0; c < G_N_ELEMENTS (candidates); c++)
          if (*p == (guint8) candidates[c])
            counts[c][n_records]++;
      if (*p != ' ' && *p != '\t')
        record_has_text = TRUE;
    }
  /* The last record counts only when the file ends there, not the sample. */
  if (record_has_text && self->eof && n_records < SAMPLE_RECORDS)
    n_records++;

  for (guint c = 0; c < G_N_ELEMENTS (candidates); c++)
    {
      guint header = counts[c][0];
      guint score = 0;

      if (header == 0)
        continue;
      for (guint r = 0; r < MAX (n_records, 1); r++)
        if (counts[c][r] == header)
          score++;
      if (best < 0 || score > best_score || (score == best_score && header > counts[best][0]))
        {
          best = c;
          best_score = score;
        }
    }
  return best < 0 ? ',' : candidates[best];
}

/* Decides the encoding from the first bytes (@length of them, in raw) and
 * decodes them. */
static gboolean
detect_encoding (CohortCsvReader *self,
                 gsize            length,
                 GCancellable    *cancellable,
                 GError         **error)
{
  GError *local_error = NULL;
  gsize bom = 0;

  self->encoding = cohort_csv_encoding_from_bom (self->raw, length, &bom);
  /* An explicit choice wins over a byte order mark, which is then dropped. */
  if (self->requested_encoding != COHORT_CSV_ENCODING_AUTO)
    self->encoding = self->requested_encoding;
  else if (self->encoding == COHORT_CSV_ENCODING_AUTO)
    {
      gboolean is_utf8 = TRUE;

      if (!cohort_file_is_utf8 (self->file, cancellable, &is_utf8, &local_error))
        return set_io_error (self, local_error, error);
      self->encoding = is_utf8 ? COHORT_CSV_ENCODING_UTF8 : COHORT_CSV_ENCODING_WINDOWS_1252;
    }

  cohort_text_decoder_init (&self->decoder, self->encoding);
  cohort_text_decoder_decode (&self->decoder, self->raw + bom, length - bom, self->text);
  return TRUE;
}

/* Opens at the offset set_start() gave: what the whole-file open detects is
 * known already. */
static gboolean
open_at_start (CohortCsvReader *self,
               GCancellable    *cancellable,
               GError         **error)
{
  GError *local_error = NULL;

  if (self->start_offset > 0 &&
      !g_seekable_seek (G_SEEKABLE (self->stream), (goffset) self->start_offset, G_SEEK_SET,
                        cancellable, &local_error))
    return set_io_error (self, local_error, error);
  self->chunk_size = START_CHUNK_SIZE;
  self->text = g_byte_array_sized_new (START_CHUNK_SIZE * 2);
  self->raw = g_malloc (START_CHUNK_SIZE);
  self->bytes_read = self->start_offset;
  self->encoding = self->requested_encoding;
  cohort_text_decoder_init (&self->decoder, self->encoding);
  self->delimiter = self->requested_delimiter;
  set_special (self);
  self->line = self->start_line;
  return TRUE;
}

/**
 * cohort_csv_reader_open:
 *
 * Opens the file, detects its encoding (reading the whole file when there is
 * no byte order mark) and delimiter, and reads the header. Blocks on I/O:
 * call it from a worker thread.
 */
gboolean
cohort_csv_reader_open (CohortCsvReader *self,
                        GCancellable    *cancellable,
                        GError         **error)
{
  GError *local_error = NULL;
  gssize n;

  g_return_val_if_fail (COHORT_IS_CSV_READER (self), FALSE);
  g_return_val_if_fail (self->stream == NULL, FALSE);
  g_return_val_if_fail (!self->has_start || (self->requested_encoding != COHORT_CSV_ENCODING_AUTO &&
                                             self->requested_delimiter != 0),
                        FALSE);

  /* A pipe or a device would block, or could not be read twice as the
   * encoding check needs: saved files only. */
  {
    g_autoptr (GFileInfo) info = g_file_query_info (self->file, G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                                    G_FILE_QUERY_INFO_NONE, cancellable, &local_error);

    if (info == NULL)
      return set_io_error (self, local_error, error);
    if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
      {
        g_set_error (error, COHORT_CSV_ERROR, COHORT_CSV_ERROR_IO,
                     _("“%s” is not a file but a folder, a pipe or a device: choose a saved CSV file."),
                     self->display_name);
        return FALSE;
      }
  }

  self->stream = G_INPUT_STREAM (g_file_read (self->file, cancellable, &local_error));
  if (self->stream == NULL)
    return set_io_error (self, local_error, error);
  if (self->has_start)
    return open_at_start (self, cancellable, error);

  /* A file of a remote folder may not say: it is then read as it comes. */
  self->opened = g_file_input_stream_query_info (G_FILE_INPUT_STREAM (self->stream), IDENTITY_ATTRIBUTES,
                                                 cancellable, &local_error);
  if (self->opened == NULL && !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED))
    return set_io_error (self, local_error, error);
  g_clear_error (&local_error);

  self->text = g_byte_array_sized_new (CHUNK_SIZE * 2);
  self->raw = g_malloc (CHUNK_SIZE);
  n = g_input_stream_read (self->stream, self->raw, CHUNK_SIZE, cancellable, &local_error);
  if (n < 0)
    return set_io_error (self, local_error, error);
  self->bytes_read = n;
  if (n == 0)
    self->eof = TRUE;

  if (n > 0 && !cohort_text_sniff (self->raw, MIN ((gsize) n, COHORT_TEXT_SNIFF_LENGTH)))
    {
      g_set_error (error, COHORT_CSV_ERROR, COHORT_CSV_ERROR_BINARY,
                   _("“%s” is a binary file (an image, an archive or a program?), not a text "
                     "table. Export the list as CSV and try again."),
                   self->display_name);
      return FALSE;
    }

  if (!detect_encoding (self, n, cancellable, error))
    return FALSE;

  /* Enough text to judge the delimiter by. */
  while (!self->eof && self->text->len < CHUNK_SIZE / 2)
    if (!fill (self, cancellable, error))
      return FALSE;
  self->delimiter = self->requested_delimiter != 0 ? self->requested_delimiter
                                                   : detect_delimiter (self);
  set_special (self);

  if (!next_record (self, cancellable, &local_error))
    {
      if (local_error != NULL)
        g_propagate_error (error, local_error);
      else
        g_set_error (error, COHORT_CSV_ERROR, COHORT_CSV_ERROR_EMPTY,
                     _("“%s” is empty: it has no line with any text."), self->display_name);
      return FALSE;
    }

  for (guint i = 0; i < self->cells->len; i++)
    {
      const Cell *cell = &g_array_index (self->cells, Cell, i);
      char *name;

      if (self->has_header)
        name = g_utf8_make_valid (self->row->str + cell->start, cell->length);
      else
        name = g_strdup_printf ("%u", i + 1);
      g_ptr_array_add (self->names, name);
      g_ptr_array_add (self->folded_names, cohort_text_fold (name, -1));
    }
  self->row_pending = !self->has_header;
  return TRUE;
}

/**
 * cohort_csv_reader_next_row:
 *
 * Moves to the next row that is not blank.
 *
 * Returns: %TRUE on a row; %FALSE at the end of the file (no error) or on
 *   an error
 */
gboolean
cohort_csv_reader_next_row (CohortCsvReader *self,
                            GCancellable    *cancellable,
                            GError         **error)
{
  g_return_val_if_fail (COHORT_IS_CSV_READER (self), FALSE);
  g_return_val_if_fail (self->stream != NULL, FALSE);

  if (self->row_pending)
    {
      self->row_pending = FALSE;
      return TRUE;
    }
  return next_record (self, cancellable, error);
}

char
cohort_csv_reader_get_delimiter (CohortCsvReader *self)
{
  g_return_val_if_fail (COHORT_IS_CSV_READER (self), 0);

  return self->delimiter;
}

CohortCsvEncoding
cohort_csv_reader_get_encoding (CohortCsvReader *self)
{
  g_return_val_if_fail (COHORT_IS_CSV_READER (self), COHORT_CSV_ENCODING_AUTO);

  return self->encoding;
}

const char *
cohort_csv_reader_get_display_name (CohortCsvReader *self)
{
  g_return_val_if_fail (COHORT_IS_CSV_READER (self), NULL);

  return self->display_name;
}

guint
cohort_csv_reader_get_n_columns (CohortCsvReader *self)
{
  g_return_val_if_fail (COHORT_IS_CSV_READER (self), 0);

  return self->names->len;
}

/**
 * cohort_csv_reader_get_column_name:
 * @column: 0-based
 *
 * Returns: the header's name for @column (its number without a header)
 */
const char *
cohort_csv_reader_get_column_name (CohortCsvReader *self,
                                   guint            column)
{
  g_return_val_if_fail (COHORT_IS_CSV_READER (self), NULL);
  g_return_val_if_fail (column < self->names->len, NULL);

  return g_ptr_array_index (self->names, column);
}

static gboolean
parse_number (const char *text,
              guint      *out)
{
  guint64 value = 0;

  if (text == NULL || *text == '\0' ||
      !g_ascii_string_to_unsigned (text, 10, 1, G_MAXUINT, &value, NULL))
    return FALSE;
  *out = (guint) value;
  return TRUE;
}

/**
 * cohort_csv_reader_find_column:
 * @spec: a header name (case, accents and the spaces around it do not
 *   matter), `NAME#2` for the second column of that name, or a 1-based number
 * @out_column: (out): the 0-based column
 */
gboolean
cohort_csv_reader_find_column (CohortCsvReader *self,
                               const char      *spec,
                               guint           *out_column,
                               GError         **error)
{
  g_autofree char *name = NULL;
  g_autofree char *folded = NULL;
  const char *hash;
  guint occurrence = 1;
  guint number;

  g_return_val_if_fail (COHORT_IS_CSV_READER (self), FALSE);

  if (parse_number (spec, &number))
    {
      if (number <= self->names->len)
        {
          *out_column = number - 1;
          return TRUE;
        }
      g_set_error (error, COHORT_CSV_ERROR, COHORT_CSV_ERROR_NO_COLUMN,
                   _("“%s” has no column %u: it has %u columns."), self->display_name, number,
                   self->names->len);
      return FALSE;
    }

  hash = strrchr (spec, '#');
  if (hash != NULL && parse_number (hash + 1, &occurrence))
    name = g_strndup (spec, hash - spec);
  else
    {
      name = g_strdup (spec);
      occurrence = 1;
    }
  folded = cohort_text_fold (name, -1);

  if (*folded != '\0')
    for (guint i = 0; i < self->folded_names->len; i++)
      if (g_str_equal (folded, g_ptr_array_index (self->folded_names, i)) && --occurrence == 0)
        {
          *out_column = i;
          return TRUE;
        }

  {
    g_autoptr (GString) names = g_string_new (NULL);

    for (guint i = 0; i < self->names->len; i++)
      {
        const char *column = g_ptr_array_index (self->names, i);

        if (i > 0)
          g_string_append (names, ", ");
        if (*column != '\0')
          g_string_append (names, column);
        else
          g_string_append_printf (names, "%u", i + 1);
      }
    g_set_error (error, COHORT_CSV_ERROR, COHORT_CSV_ERROR_NO_COLUMN,
                 _("“%s” has no column “%s”. Its columns are: %s."), self->display_name, spec,
                 names->str);
  }
  return FALSE;
}

/**
 * cohort_csv_reader_get_line:
 *
 * Returns: the line of the file where the current row starts, from 1
 */
guint64
cohort_csv_reader_get_line (CohortCsvReader *self)
{
  g_return_val_if_fail (COHORT_IS_CSV_READER (self), 0);

  return self->row_line;
}

guint
cohort_csv_reader_get_n_cells (CohortCsvReader *self)
{
  g_return_val_if_fail (COHORT_IS_CSV_READER (self), 0);

  return self->cells->len;
}

/**
 * cohort_csv_reader_get_cell:
 * @column: 0-based
 * @out_length: (out) (optional): the cell's length in bytes
 *
 * A row shorter than the header has empty cells at its end.
 *
 * Returns: (transfer none): the cell, NUL-terminated, valid until the next row
 */
const char *
cohort_csv_reader_get_cell (CohortCsvReader *self,
                            guint            column,
                            gsize           *out_length)
{
  const Cell *cell;

  g_return_val_if_fail (COHORT_IS_CSV_READER (self), NULL);

  if (column >= self->cells->len)
    {
      if (out_length != NULL)
        *out_length = 0;
      return "";
    }
  cell = &g_array_index (self->cells, Cell, column);
  if (out_length != NULL)
    *out_length = cell->length;
  return self->row->str + cell->start;
}

/**
 * cohort_csv_reader_get_bytes_read:
 *
 * Returns: how many bytes of the file were read, for progress
 */
guint64
cohort_csv_reader_get_bytes_read (CohortCsvReader *self)
{
  g_return_val_if_fail (COHORT_IS_CSV_READER (self), 0);

  return self->bytes_read;
}
