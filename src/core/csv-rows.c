/* csv-rows.c: CohortCsvRows, every row of a customer file as a list model that holds few of them */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "core/csv-reader.h"
#include "core/csv-row-private.h"
#include "core/csv-rows-private.h"

/* Raw bytes the index reads at a time. */
#define SCAN_CHUNK_SIZE (256 * 1024)
/* The model grows by so many rows, or at this interval, whichever comes
 * first: a list view relayouts on each change. */
#define BATCH_ROWS 65536
#define BATCH_USEC (50 * G_TIME_SPAN_MILLISECOND)
/* A record this long in the file could pass COHORT_CSV_MAX_ROW_BYTES once
 * decoded (a Windows-1252 byte can become three bytes of UTF-8): the reader
 * judges it, since its verdict decides where the rows end. */
#define LONG_RECORD_BYTES (COHORT_CSV_MAX_ROW_BYTES / 3)

/* The parser states of CohortCsvReader, which the index follows. */
typedef enum
{
  STATE_FIELD_START,
  STATE_UNQUOTED,
  STATE_QUOTED,
  STATE_QUOTE_IN_QUOTED,
} ScanState;

/* Where a block's first row starts. Only blocks are indexed: a block is read
 * from its start anyway, and 16 bytes a block instead of 8 a row keeps the
 * index of a million rows at 125 KB. */
typedef struct
{
  guint64 offset;
  guint64 line;
} BlockStart;

/* What tells that the file is still the one indexed. */
typedef struct
{
  guint64 size;
  guint64 mtime_usec;
} FileIdentity;

typedef struct
{
  guint      index;
  GPtrArray *rows; /* CohortCsvRow; NULL when the slot is free */
  guint64    used; /* for the least recently used to go first */
} CachedBlock;

struct _CohortCsvRows
{
  GObject            parent_instance;

  GFile             *file;
  char              *display_name;
  char               delimiter;
  CohortCsvEncoding  encoding;
  gboolean           has_header;

  /* Main thread. */
  GArray            *starts;   /* BlockStart */
  guint              n_items;
  FileIdentity       identity;
  CachedBlock        cache[COHORT_CSV_ROWS_CACHED_BLOCKS];
  guint64            clock;
  GError            *error;    /* the first row that could not be read */
  gboolean           index_started;
  GTask             *index_task;
  GMainContext      *context;

  /* From the index thread to the main thread, under the mutex. */
  GMutex             mutex;
  GArray            *pending_starts;
  guint              pending_n_rows;
  FileIdentity       pending_identity;
  gboolean           pending_queued;
  gboolean           pending_done;
  GError            *pending_error;
  gboolean           lockstep;
  GCond              applied;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CohortCsvRows, cohort_csv_rows, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static void
cohort_csv_rows_finalize (GObject *object)
{
  CohortCsvRows *self = COHORT_CSV_ROWS (object);

  for (guint i = 0; i < G_N_ELEMENTS (self->cache); i++)
    g_clear_pointer (&self->cache[i].rows, g_ptr_array_unref);
  g_clear_object (&self->file);
  g_free (self->display_name);
  g_array_unref (self->starts);
  g_clear_error (&self->error);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_mutex_clear (&self->mutex);
  g_cond_clear (&self->applied);
  g_array_unref (self->pending_starts);
  g_clear_error (&self->pending_error);

  G_OBJECT_CLASS (cohort_csv_rows_parent_class)->finalize (object);
}

static void
cohort_csv_rows_class_init (CohortCsvRowsClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cohort_csv_rows_finalize;
}

static void
cohort_csv_rows_init (CohortCsvRows *self)
{
  self->starts = g_array_new (FALSE, FALSE, sizeof (BlockStart));
  self->pending_starts = g_array_new (FALSE, FALSE, sizeof (BlockStart));
  g_mutex_init (&self->mutex);
  g_cond_init (&self->applied);
}

/**
 * cohort_csv_rows_new:
 * @delimiter: the file's delimiter, known already (an ASCII character)
 * @encoding: the file's encoding, known already (not auto)
 *
 * The model is empty until cohort_csv_rows_index_async() finds its rows.
 * Its rows are those a #CohortCsvReader with the same settings gives.
 */
CohortCsvRows *
cohort_csv_rows_new (GFile             *file,
                     char               delimiter,
                     CohortCsvEncoding  encoding,
                     gboolean           has_header)
{
  CohortCsvRows *self;
  g_autofree char *path = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  /* Not a byte of another character, in any of the encodings. */
  g_return_val_if_fail ((guchar) delimiter >= 1 && (guchar) delimiter < 0x80 && delimiter != '"' &&
                          delimiter != '\r' && delimiter != '\n',
                        NULL);
  g_return_val_if_fail (encoding != COHORT_CSV_ENCODING_AUTO, NULL);

  self = g_object_new (COHORT_TYPE_CSV_ROWS, NULL);
  self->file = g_object_ref (file);
  self->delimiter = delimiter;
  self->encoding = encoding;
  self->has_header = has_header;
  path = g_file_get_path (file);
  self->display_name = path != NULL ? g_filename_display_basename (path)
                                     : g_file_get_parse_name (file);
  return self;
}

static CohortCsvReader *
reader_at (CohortCsvRows *self,
           guint64        offset,
           guint64        line)
{
  CohortCsvReader *reader = cohort_csv_reader_new (self->file);

  cohort_csv_reader_set_delimiter (reader, self->delimiter);
  cohort_csv_reader_set_encoding (reader, self->encoding);
  cohort_csv_reader_set_start (reader, offset, line);
  return reader;
}

static void
set_changed_error (CohortCsvRows *self,
                   GError       **error)
{
  g_set_error (error, COHORT_CSV_ERROR, COHORT_CSV_ERROR_IO,
               _("“%s” changed while it was shown. Choose it again to see its rows."),
               self->display_name);
}

static gboolean
set_io_error (CohortCsvRows *self,
              GError        *io_error,
              GError       **error)
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

static void
identity_from_info (GFileInfo    *info,
                    FileIdentity *out)
{
  out->size = g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_STANDARD_SIZE);
  out->mtime_usec = g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED) *
                      G_USEC_PER_SEC +
                    g_file_info_get_attribute_uint32 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC);
}

#define IDENTITY_ATTRIBUTES                                                                        \
  G_FILE_ATTRIBUTE_STANDARD_SIZE "," G_FILE_ATTRIBUTE_TIME_MODIFIED                                \
                                 "," G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC

/* The index thread's reading of the file: the state of CohortCsvReader's
 * parser, on raw bytes. For UTF-8 and Windows-1252 the bytes that make the
 * structure (quote, delimiter, CR, LF, NUL) are ASCII and never part of
 * another character; UTF-16 units are first mapped to one byte each, ASCII
 * as it is and anything else to 0x80. */
typedef struct
{
  CohortCsvRows *self;
  GCancellable  *cancellable;
  guint8         unquoted_stops[256];
  guint8         quoted_stops[256];
  guint8         delimiter;

  ScanState      state;
  gboolean       last_was_cr;
  gboolean       started;      /* the current record has a first character */
  gboolean       has_text;     /* …and one that is not a space or a tab */
  gboolean       long_checked; /* the reader found the current long record fine */
  gboolean       header_pending;
  guint64        line;         /* of the next character, from 1 */
  guint64        record_offset;
  guint64        record_line;

  guint          n_rows;
  GArray        *starts;       /* BlockStart, not published yet */
  guint          published_rows;
  gint64         published_time;
} Scanner;

/* Has the reader read the record at @offset. With @expect_error (the index
 * met a NUL or an unclosed quote), the reader's error is the one to give:
 * the same message, line and column as the reader's own. Without, a record
 * too long to judge from its raw size: fine unless the reader says not. */
static gboolean
check_record (Scanner  *s,
              guint64   offset,
              guint64   line,
              gboolean  expect_error,
              GError  **error)
{
  g_autoptr (CohortCsvReader) reader = reader_at (s->self, offset, line);
  GError *local_error = NULL;

  if (!cohort_csv_reader_open (reader, s->cancellable, error))
    return FALSE;
  cohort_csv_reader_next_row (reader, s->cancellable, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  if (expect_error)
    {
      /* The reader read what the index could not: the file changed. */
      set_changed_error (s->self, error);
      return FALSE;
    }
  return TRUE;
}

static gboolean
scan_fail (Scanner  *s,
           guint64   offset,
           GError  **error)
{
  if (s->started)
    return check_record (s, s->record_offset, s->record_line, TRUE, error);
  return check_record (s, offset, s->line, TRUE, error);
}

/* A record ends just before @end. */
static gboolean
end_record (Scanner  *s,
            guint64   end,
            GError  **error)
{
  if (end - s->record_offset > LONG_RECORD_BYTES && !s->long_checked &&
      !check_record (s, s->record_offset, s->record_line, FALSE, error))
    return FALSE;

  /* Blank records are skipped, as the reader does. */
  if (s->has_text)
    {
      if (s->header_pending)
        s->header_pending = FALSE;
      else if (s->n_rows < G_MAXUINT)
        {
          if (s->n_rows % COHORT_CSV_ROWS_BLOCK_SIZE == 0)
            {
              BlockStart start = { s->record_offset, s->record_line };

              g_array_append_val (s->starts, start);
            }
          s->n_rows++;
        }
    }
  s->state = STATE_FIELD_START;
  s->started = FALSE;
  s->has_text = FALSE;
  s->long_checked = FALSE;
  return TRUE;
}

/* Follows @length characters, the first at byte @base of the file, each
 * @unit bytes long. */
static gboolean
scan_text (Scanner       *s,
           const guint8  *data,
           gsize          length,
           guint64        base,
           guint          unit,
           GError       **error)
{
  const guint8 delimiter = s->delimiter;
  gsize i = 0;

  while (i < length)
    {
      guint8 c = data[i];

      if (s->last_was_cr)
        {
          s->last_was_cr = FALSE;
          /* The \n of a \r\n: the line was counted at the \r. */
          if (c == '\n')
            {
              i++;
              continue;
            }
        }

      if (c == '\0')
        return scan_fail (s, base + i * unit, error);

      if (!s->started)
        {
          s->started = TRUE;
          s->record_offset = base + i * unit;
          s->record_line = s->line;
        }

      switch (s->state)
        {
        case STATE_FIELD_START:
          if (c == '"')
            {
              s->state = STATE_QUOTED;
              i++;
              break;
            }
          s->state = STATE_UNQUOTED;
          G_GNUC_FALLTHROUGH;

        case STATE_UNQUOTED:
          if (!s->has_text)
            for (; i < length && !s->unquoted_stops[data[i]]; i++)
              if (data[i] != ' ' && data[i] != '\t')
                {
                  s->has_text = TRUE;
                  break;
                }
          while (i < length && !s->unquoted_stops[data[i]])
            i++;
          if (i == length || data[i] == '\0')
            break;
          c = data[i++];
          if (c == delimiter)
            {
              s->state = STATE_FIELD_START;
              break;
            }
          s->line++;
          s->last_was_cr = c == '\r';
          if (!end_record (s, base + i * unit, error))
            return FALSE;
          break;

        case STATE_QUOTED:
          if (!s->has_text)
            for (; i < length && !s->quoted_stops[data[i]]; i++)
              if (data[i] != ' ' && data[i] != '\t')
                {
                  s->has_text = TRUE;
                  break;
                }
          while (i < length && !s->quoted_stops[data[i]])
            i++;
          if (i == length || data[i] == '\0')
            break;
          c = data[i++];
          if (c == '"')
            s->state = STATE_QUOTE_IN_QUOTED;
          else
            {
              /* A line break inside quotes belongs to the cell. */
              s->has_text = TRUE;
              s->line++;
              s->last_was_cr = c == '\r';
            }
          break;

        case STATE_QUOTE_IN_QUOTED:
          if (c == '"')
            {
              s->has_text = TRUE;
              s->state = STATE_QUOTED;
              i++;
            }
          else if (c == delimiter)
            {
              s->state = STATE_FIELD_START;
              i++;
            }
          else if (c == '\r' || c == '\n')
            {
              i++;
              s->line++;
              s->last_was_cr = c == '\r';
              if (!end_record (s, base + i * unit, error))
                return FALSE;
            }
          else
            /* "abc"def: the rest is read as unquoted, this character included. */
            s->state = STATE_UNQUOTED;
          break;

        default:
          g_assert_not_reached ();
        }
    }
  return TRUE;
}

static gboolean
scan_end (Scanner  *s,
          guint64   end,
          GError  **error)
{
  if (s->state == STATE_QUOTED)
    return scan_fail (s, end, error);
  if (s->started)
    return end_record (s, end, error);
  return TRUE;
}

static gboolean apply_pending (gpointer user_data);

/* Hands the rows found since the last time to the main thread. */
static void
publish (Scanner  *s,
         gboolean  done,
         GError   *error)
{
  CohortCsvRows *self = s->self;
  gboolean attach;

  g_mutex_lock (&self->mutex);
  g_array_append_vals (self->pending_starts, s->starts->data, s->starts->len);
  self->pending_n_rows = s->n_rows;
  if (done)
    {
      self->pending_done = TRUE;
      self->pending_error = error;
    }
  attach = !self->pending_queued;
  self->pending_queued = TRUE;
  g_mutex_unlock (&self->mutex);

  g_array_set_size (s->starts, 0);
  s->published_rows = s->n_rows;
  s->published_time = g_get_monotonic_time ();

  /* One source at a time: a busy main thread takes several batches at once. */
  if (attach)
    {
      GSource *source = g_idle_source_new ();

      g_source_set_priority (source, G_PRIORITY_DEFAULT);
      g_source_set_callback (source, apply_pending, g_object_ref (self), g_object_unref);
      g_source_set_static_name (source, "[cohort] csv rows");
      g_source_attach (source, self->context);
      g_source_unref (source);
    }

  if (self->lockstep && !done)
    {
      g_mutex_lock (&self->mutex);
      while (self->pending_queued)
        g_cond_wait (&self->applied, &self->mutex);
      g_mutex_unlock (&self->mutex);
    }
}

static void
maybe_publish (Scanner *s)
{
  guint new_rows = s->n_rows - s->published_rows;

  /* The first rows at once, for the first screen. */
  if (new_rows > 0 &&
      (s->published_rows == 0 || new_rows >= BATCH_ROWS || s->self->lockstep ||
       g_get_monotonic_time () - s->published_time >= BATCH_USEC))
    publish (s, FALSE, NULL);
}

static gboolean
query_identity (CohortCsvRows     *self,
                GFileInputStream  *stream,
                FileIdentity      *out,
                GCancellable      *cancellable,
                GError           **error)
{
  GError *local_error = NULL;
  g_autoptr (GFileInfo) info =
      g_file_input_stream_query_info (stream, IDENTITY_ATTRIBUTES, cancellable, &local_error);

  if (info == NULL)
    return set_io_error (self, local_error, error);
  identity_from_info (info, out);
  return TRUE;
}

static gboolean
scan (Scanner  *s,
      GError  **error)
{
  CohortCsvRows *self = s->self;
  g_autoptr (CohortCsvReader) header_reader = cohort_csv_reader_new (self->file);
  g_autoptr (GFileInputStream) stream = NULL;
  g_autofree guint8 *buffer = NULL;
  g_autofree guint8 *units = NULL;
  gboolean utf16 = self->encoding == COHORT_CSV_ENCODING_UTF16LE ||
                   self->encoding == COHORT_CSV_ENCODING_UTF16BE;
  gboolean big_endian = self->encoding == COHORT_CSV_ENCODING_UTF16BE;
  FileIdentity identity, identity_after;
  GError *local_error = NULL;
  guint64 base = 0; /* the byte of the file at buffer[0] */
  gsize carry = 0;  /* a UTF-16 unit's first byte, left from the previous read */
  gboolean first = TRUE;

  /* The reader's own opening refuses what it refuses (a folder, a binary
   * file, an empty one, a broken header) with its own words. */
  cohort_csv_reader_set_delimiter (header_reader, self->delimiter);
  cohort_csv_reader_set_encoding (header_reader, self->encoding);
  cohort_csv_reader_set_has_header (header_reader, self->has_header);
  if (!cohort_csv_reader_open (header_reader, s->cancellable, error))
    return FALSE;
  g_clear_object (&header_reader);

  stream = g_file_read (self->file, s->cancellable, &local_error);
  if (stream == NULL)
    return set_io_error (self, local_error, error);
  if (!query_identity (self, stream, &identity, s->cancellable, error))
    return FALSE;
  g_mutex_lock (&self->mutex);
  self->pending_identity = identity;
  g_mutex_unlock (&self->mutex);

  buffer = g_malloc (SCAN_CHUNK_SIZE + 1);
  if (utf16)
    units = g_malloc (SCAN_CHUNK_SIZE / 2 + 1);

  for (;;)
    {
      gssize n;
      gsize length;
      gsize start = 0;

      if (g_cancellable_set_error_if_cancelled (s->cancellable, error))
        return FALSE;
      n = g_input_stream_read (G_INPUT_STREAM (stream), buffer + carry, SCAN_CHUNK_SIZE,
                               s->cancellable, &local_error);
      if (n < 0)
        return set_io_error (self, local_error, error);
      length = carry + n;

      /* A byte order mark is dropped whatever the encoding, as the reader does. */
      if (first)
        {
          cohort_csv_encoding_from_bom (buffer, length, &start);
          first = FALSE;
        }

      if (n == 0)
        {
          /* A UTF-16 unit cut by the end of the file: U+FFFD to the reader. */
          if (carry > 0)
            {
              static const guint8 replacement = 0x80;

              if (!scan_text (s, &replacement, 1, base, 2, error))
                return FALSE;
            }
          if (!scan_end (s, base + length, error))
            return FALSE;
          break;
        }

      if (utf16)
        {
          gsize n_units = (length - start) / 2;
          const guint8 *p = buffer + start;

          for (gsize i = 0; i < n_units; i++, p += 2)
            {
              guint unit = big_endian ? (p[0] << 8) | p[1] : (p[1] << 8) | p[0];

              units[i] = unit < 0x80 ? unit : 0x80;
            }
          if (!scan_text (s, units, n_units, base + start, 2, error))
            return FALSE;
          carry = (length - start) % 2;
          if (carry > 0)
            buffer[0] = buffer[length - 1];
          base += length - carry;
        }
      else
        {
          if (!scan_text (s, buffer + start, length - start, base + start, 1, error))
            return FALSE;
          base += length;
        }

      /* A record that may be too long: the reader says so before the index
       * reads on to the end of it, or of the file. */
      if (s->started && !s->long_checked && base - s->record_offset > LONG_RECORD_BYTES)
        {
          if (!check_record (s, s->record_offset, s->record_line, FALSE, error))
            return FALSE;
          s->long_checked = TRUE;
        }

      maybe_publish (s);
    }

  /* Written to while it was read: the offsets may be anything. */
  if (!query_identity (self, stream, &identity_after, s->cancellable, error))
    return FALSE;
  if (identity.size != identity_after.size || identity.mtime_usec != identity_after.mtime_usec)
    {
      set_changed_error (self, error);
      return FALSE;
    }
  return TRUE;
}

static void
index_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Scanner s = { 0 };
  GError *error = NULL;

  s.self = source_object;
  s.cancellable = cancellable;
  s.delimiter = (guint8) s.self->delimiter;
  s.unquoted_stops[s.delimiter] = 1;
  s.unquoted_stops['\r'] = s.unquoted_stops['\n'] = s.unquoted_stops['\0'] = 1;
  s.quoted_stops['"'] = 1;
  s.quoted_stops['\r'] = s.quoted_stops['\n'] = s.quoted_stops['\0'] = 1;
  s.state = STATE_FIELD_START;
  s.header_pending = s.self->has_header;
  s.line = 1;
  s.starts = g_array_new (FALSE, FALSE, sizeof (BlockStart));

  scan (&s, &error);
  /* The rows before an error or a cancellation stay: they are the reader's too. */
  publish (&s, TRUE, error);
  g_array_unref (s.starts);
  g_task_return_boolean (task, TRUE);
}

/* On the main context: the model grows by what the index found. */
static gboolean
apply_pending (gpointer user_data)
{
  CohortCsvRows *self = user_data;
  gboolean done;
  GError *error;
  guint n_rows;

  g_mutex_lock (&self->mutex);
  self->identity = self->pending_identity;
  g_array_append_vals (self->starts, self->pending_starts->data, self->pending_starts->len);
  g_array_set_size (self->pending_starts, 0);
  n_rows = self->pending_n_rows;
  done = self->pending_done;
  error = g_steal_pointer (&self->pending_error);
  self->pending_queued = FALSE;
  g_cond_signal (&self->applied);
  g_mutex_unlock (&self->mutex);

  if (n_rows > self->n_items)
    {
      guint old = self->n_items;

      self->n_items = n_rows;
      g_list_model_items_changed (G_LIST_MODEL (self), old, 0, n_rows - old);
    }

  if (done)
    {
      g_autoptr (GTask) task = g_steal_pointer (&self->index_task);

      if (error != NULL)
        g_task_return_error (task, error);
      else
        g_task_return_boolean (task, TRUE);
    }
  return G_SOURCE_REMOVE;
}

/**
 * cohort_csv_rows_index_async:
 *
 * Reads the file once in a worker thread and notes where its rows are. The
 * model grows as rows are found, by batches, on the thread-default main
 * context of the caller. On an error or a cancellation, the rows found
 * before it stay in the model. Call it once.
 */
void
cohort_csv_rows_index_async (CohortCsvRows       *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr (GTask) thread_task = NULL;

  g_return_if_fail (COHORT_IS_CSV_ROWS (self));
  g_return_if_fail (!self->index_started);

  self->index_started = TRUE;
  self->context = g_main_context_ref_thread_default ();
  /* Returned by apply_pending(), after the last rows are in the model. */
  self->index_task = g_task_new (self, cancellable, callback, user_data);

  thread_task = g_task_new (self, cancellable, NULL, NULL);
  g_task_run_in_thread (thread_task, index_thread);
}

gboolean
cohort_csv_rows_index_finish (CohortCsvRows *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Reads block @index; the rows of @old, the same block when it held fewer
 * rows, stay the same objects. */
static GPtrArray *
load_block (CohortCsvRows *self,
            guint          index,
            GPtrArray     *old)
{
  const BlockStart *start = &g_array_index (self->starts, BlockStart, index);
  guint n_rows = MIN (COHORT_CSV_ROWS_BLOCK_SIZE,
                      self->n_items - index * COHORT_CSV_ROWS_BLOCK_SIZE);
  g_autoptr (CohortCsvReader) reader = reader_at (self, start->offset, start->line);
  g_autoptr (GError) error = NULL;
  GPtrArray *rows = g_ptr_array_new_full (n_rows, g_object_unref);

  if (cohort_csv_reader_open (reader, NULL, &error))
    {
      g_autoptr (GFileInfo) info = g_file_query_info (self->file, IDENTITY_ATTRIBUTES,
                                                      G_FILE_QUERY_INFO_NONE, NULL, NULL);
      FileIdentity identity = { 0 };

      if (info != NULL)
        identity_from_info (info, &identity);
      if (info == NULL || identity.size != self->identity.size ||
          identity.mtime_usec != self->identity.mtime_usec)
        set_changed_error (self, &error);
    }
  while (error == NULL && rows->len < n_rows &&
         cohort_csv_reader_next_row (reader, NULL, &error))
    g_ptr_array_add (rows, old != NULL && rows->len < old->len
                             ? g_object_ref (g_ptr_array_index (old, rows->len))
                             : cohort_csv_row_new_from_reader (reader));

  if (rows->len < n_rows)
    {
      if (error == NULL)
        set_changed_error (self, &error);
      if (self->error == NULL)
        self->error = g_steal_pointer (&error);
      while (rows->len < n_rows)
        g_ptr_array_add (rows, cohort_csv_row_new_empty ());
    }
  return rows;
}

static CachedBlock *
get_block (CohortCsvRows *self,
           guint          index,
           guint          row)
{
  CachedBlock *slot = NULL;
  GPtrArray *old = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (self->cache); i++)
    if (self->cache[i].rows != NULL && self->cache[i].index == index)
      {
        slot = &self->cache[i];
        break;
      }

  if (slot != NULL && row < slot->rows->len)
    {
      slot->used = ++self->clock;
      return slot;
    }

  if (slot != NULL)
    /* The index found more rows of this block since it was read. */
    old = g_steal_pointer (&slot->rows);
  else
    {
      /* A free slot, or the least recently used. */
      slot = &self->cache[0];
      for (guint i = 1; i < G_N_ELEMENTS (self->cache); i++)
        if (slot->rows != NULL && (self->cache[i].rows == NULL || self->cache[i].used < slot->used))
          slot = &self->cache[i];
      g_clear_pointer (&slot->rows, g_ptr_array_unref);
    }

  slot->index = index;
  slot->rows = load_block (self, index, old);
  slot->used = ++self->clock;
  g_clear_pointer (&old, g_ptr_array_unref);
  return slot;
}

static GType
cohort_csv_rows_get_item_type (GListModel *model)
{
  return COHORT_TYPE_CSV_ROW;
}

static guint
cohort_csv_rows_get_n_items (GListModel *model)
{
  return COHORT_CSV_ROWS (model)->n_items;
}

/* On the main thread: a block not in the cache is read there and then,
 * a few KB from an offset of the index. */
static gpointer
cohort_csv_rows_get_item (GListModel *model,
                          guint       position)
{
  CohortCsvRows *self = COHORT_CSV_ROWS (model);
  guint row = position % COHORT_CSV_ROWS_BLOCK_SIZE;

  if (position >= self->n_items)
    return NULL;
  return g_object_ref (
      g_ptr_array_index (get_block (self, position / COHORT_CSV_ROWS_BLOCK_SIZE, row)->rows, row));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = cohort_csv_rows_get_item_type;
  iface->get_n_items = cohort_csv_rows_get_n_items;
  iface->get_item = cohort_csv_rows_get_item;
}

/**
 * cohort_csv_rows_get_error:
 *
 * A row that cannot be read (the file changed or went away, a disk error)
 * shows no cells; this tells why.
 *
 * Returns: (nullable): the first such error, or %NULL
 */
const GError *
cohort_csv_rows_get_error (CohortCsvRows *self)
{
  g_return_val_if_fail (COHORT_IS_CSV_ROWS (self), NULL);

  return self->error;
}

/* For tests: how many blocks of rows the model holds now. */
guint
cohort_csv_rows_get_n_cached_blocks (CohortCsvRows *self)
{
  guint n = 0;

  g_return_val_if_fail (COHORT_IS_CSV_ROWS (self), 0);

  for (guint i = 0; i < G_N_ELEMENTS (self->cache); i++)
    n += self->cache[i].rows != NULL;
  return n;
}

/* For tests: the index hands over the rows of each chunk it reads, and waits
 * for them to be in the model before it reads on. Call before indexing. */
void
cohort_csv_rows_set_lockstep (CohortCsvRows *self)
{
  g_return_if_fail (COHORT_IS_CSV_ROWS (self));
  g_return_if_fail (!self->index_started);

  self->lockstep = TRUE;
}
