/* import-run.c: CohortImport's pass over the whole file: rows in batches, processed by worker threads */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "core/import-private.h"
#include "core/store-audiences.h"

/* Rows handed to a worker at a time: enough to make the hand-over cheap,
 * few enough that the batches in flight stay small. */
#define BATCH_ROWS 4096

typedef struct
{
  gsize offset;
  gsize length;
} BatchCell;

typedef struct
{
  guint        row;    /* in the batch */
  guint        column; /* 1-based */
  CohortReason reason;
  gsize        value;  /* offset in reject_values, when they are kept */
} BatchReject;

typedef struct
{
  /* Filled by the reading thread. */
  guint     n_rows;
  guint64   lines[BATCH_ROWS];
  GString  *text;
  GArray   *cells;        /* BatchCell, n_columns a row */
  gboolean  keep_values;

  /* Filled by a worker. */
  guint8    excluded[BATCH_ROWS];
  guint     n_hashes[BATCH_ROWS];
  GByteArray *hashes;     /* every accepted hash, row after row */
  GArray   *identities;   /* CohortIdentity of each */
  GArray   *rejects;      /* BatchReject, row after row */
  GString  *reject_values;
  guint64   prehashed;
  gboolean  done;
} Batch;

/* Hashes a run keeps in memory per identity before sorted runs go to disk:
 * 80 MB each, so a million-row file never touches the disk and a larger one
 * keeps its memory. */
#define HASHES_IN_MEMORY (2 * 1024 * 1024)

typedef struct
{
  CohortImport       *self;
  CohortImportReport *report;
  CohortHashRuns     *sets[2 * COHORT_N_IDENTITIES]; /* then the variants', when kept */
  GArray             *stored_rejects;
  guint               per_reason[COHORT_N_REASONS];
  GOutputStream      *rejects;
  GError             *rejects_error;
  GMutex              mutex;
  GCond               cond;
} Run;

static Batch *
batch_new (guint    n_columns,
           gboolean keep_values)
{
  Batch *batch = g_new0 (Batch, 1);

  batch->text = g_string_sized_new (BATCH_ROWS * 64);
  batch->cells = g_array_sized_new (FALSE, FALSE, sizeof (BatchCell), BATCH_ROWS * n_columns);
  batch->hashes = g_byte_array_sized_new (BATCH_ROWS * 2 * COHORT_HASH_LENGTH);
  batch->identities = g_array_sized_new (FALSE, FALSE, sizeof (CohortIdentity), BATCH_ROWS * 2);
  batch->rejects = g_array_new (FALSE, FALSE, sizeof (BatchReject));
  batch->reject_values = g_string_new (NULL);
  batch->keep_values = keep_values;
  return batch;
}

static void
batch_free (Batch *batch)
{
  g_string_free (batch->text, TRUE);
  g_array_unref (batch->cells);
  g_byte_array_unref (batch->hashes);
  g_array_unref (batch->identities);
  g_array_unref (batch->rejects);
  g_string_free (batch->reject_values, TRUE);
  g_free (batch);
}

/* Copies the row's cells: the reader reuses its buffer for the next row. */
static void
batch_add_row (Batch           *batch,
               CohortCsvReader *reader,
               guint            n_columns)
{
  batch->lines[batch->n_rows++] = cohort_csv_reader_get_line (reader);
  for (guint c = 0; c < n_columns; c++)
    {
      BatchCell cell;
      const char *value = cohort_csv_reader_get_cell (reader, c, &cell.length);

      cell.offset = batch->text->len;
      g_string_append_len (batch->text, value, cell.length);
      g_array_append_val (batch->cells, cell);
    }
}

typedef struct
{
  Batch *batch;
  guint  row;
} TraceTarget;

static void
collect_trace (const CohortCellTrace *trace,
               gpointer               user_data)
{
  TraceTarget *target = user_data;
  Batch *batch = target->batch;
  BatchReject reject = { target->row, trace->column + 1, trace->reason, 0 };

  if (trace->reason == COHORT_REASON_OK)
    {
      if (trace->prehashed)
        batch->prehashed++;
      return;
    }
  if (batch->keep_values)
    {
      reject.value = batch->reject_values->len;
      g_string_append_len (batch->reject_values, trace->original, strlen (trace->original) + 1);
    }
  g_array_append_val (batch->rejects, reject);
}

static void
process_batch (gpointer data,
               gpointer user_data)
{
  Batch *batch = data;
  Run *run = user_data;
  CohortImport *self = run->self;
  guint n_columns = self->column_names->len;
  g_autofree const char **values = g_new (const char *, MAX (n_columns, 1));
  g_autofree gsize *lengths = g_new (gsize, MAX (n_columns, 1));
  CohortRowView row = { values, lengths, n_columns };
  CohortRowScratch scratch;

  cohort_row_scratch_init (&scratch, n_columns);
  for (guint r = 0; r < batch->n_rows; r++)
    {
      TraceTarget target = { batch, r };

      for (guint c = 0; c < n_columns; c++)
        {
          const BatchCell *cell = &g_array_index (batch->cells, BatchCell, r * n_columns + c);

          values[c] = batch->text->str + cell->offset;
          lengths[c] = cell->length;
        }
      cohort_import_process_row (self, &scratch, &row, collect_trace, &target);
      batch->excluded[r] = scratch.excluded;
      batch->n_hashes[r] = scratch.n_hashes;
      g_byte_array_append (batch->hashes, scratch.hashes, scratch.n_hashes * COHORT_HASH_LENGTH);
      g_array_append_vals (batch->identities, scratch.identities, scratch.n_hashes);
    }
  cohort_row_scratch_clear (&scratch);

  g_mutex_lock (&run->mutex);
  batch->done = TRUE;
  g_cond_broadcast (&run->cond);
  g_mutex_unlock (&run->mutex);
}

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
write_reject (Run          *state,
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

/* Waits until a worker has processed @batch: it may be freed after. */
static void
wait_batch (Run   *run,
            Batch *batch)
{
  g_mutex_lock (&run->mutex);
  while (!batch->done)
    g_cond_wait (&run->cond, &run->mutex);
  g_mutex_unlock (&run->mutex);
}

/* Counts a processed batch into the report, in file order: which rows are
 * duplicates depends on which came first. */
static gboolean
merge_batch (Run     *run,
             Batch   *batch,
             GError **error)
{
  CohortImportReport *report = run->report;
  guint hash = 0;
  guint reject = 0;

  report->prehashed += batch->prehashed;
  for (guint r = 0; r < batch->n_rows; r++)
    {
      for (; reject < batch->rejects->len; reject++)
        {
          const BatchReject *cell = &g_array_index (batch->rejects, BatchReject, reject);

          if (cell->row != r)
            break;
          report->reasons[cell->reason]++;
          write_reject (run, batch->lines[r], cell->column, cell->reason,
                        batch->keep_values ? batch->reject_values->str + cell->value : "");
        }

      report->rows++;
      if (batch->excluded[r])
        {
          report->excluded++;
          report->reasons[COHORT_REASON_NO_CONSENT]++;
          continue;
        }
      if (batch->n_hashes[r] == 0)
        {
          report->rejected++;
          report->reasons[COHORT_REASON_NO_IDENTIFIER]++;
          write_reject (run, batch->lines[r], 0, COHORT_REASON_NO_IDENTIFIER, "");
          continue;
        }

      report->accepted++;
      for (guint h = 0; h < batch->n_hashes[r]; h++, hash++)
        if (!cohort_hash_runs_add (run->sets[g_array_index (batch->identities, CohortIdentity, hash)],
                                   batch->hashes->data + hash * COHORT_HASH_LENGTH,
                                   report->rows - 1, error))
          return FALSE;
    }
  return TRUE;
}

static gboolean
open_rejects (Run          *run,
              GFile        *file,
              GCancellable *cancellable,
              GError      **error)
{
  static const char header[] = "line,column,reason,value\n";

  run->rejects = G_OUTPUT_STREAM (g_file_replace (file, NULL, FALSE, G_FILE_CREATE_PRIVATE,
                                                  cancellable, error));
  return run->rejects != NULL &&
         g_output_stream_write_all (run->rejects, header, strlen (header), NULL, cancellable, error);
}

/* Reads every row into batches that the pool processes while the next ones
 * are read, and merges them in order. */
static gboolean
read_all (Run                      *run,
          CohortCsvReader          *reader,
          CohortImportProgressFunc  progress,
          gpointer                  progress_data,
          GCancellable             *cancellable,
          GError                  **error)
{
  guint n_columns = run->self->column_names->len;
  guint n_workers = MAX (1, g_get_num_processors ());
  g_autoptr (GQueue) in_flight = g_queue_new ();
  GThreadPool *pool;
  GError *local_error = NULL;
  Batch *batch = NULL;
  gboolean more = TRUE;

  pool = g_thread_pool_new (process_batch, run, n_workers, FALSE, NULL);
  while (more)
    {
      if (batch == NULL)
        batch = batch_new (n_columns, run->rejects != NULL);
      more = cohort_csv_reader_next_row (reader, cancellable, &local_error);
      if (more)
        batch_add_row (batch, reader, n_columns);
      if (batch->n_rows == BATCH_ROWS || (!more && local_error == NULL && batch->n_rows > 0))
        {
          g_queue_push_tail (in_flight, batch);
          g_thread_pool_push (pool, g_steal_pointer (&batch), NULL);
        }

      /* Two batches a worker keep them busy while the reader goes on. */
      while (g_queue_get_length (in_flight) > 2 * n_workers ||
             (!more && !g_queue_is_empty (in_flight)))
        {
          Batch *oldest = g_queue_pop_head (in_flight);

          wait_batch (run, oldest);
          if (local_error == NULL && !merge_batch (run, oldest, &local_error))
            more = FALSE;
          batch_free (oldest);
          if (progress != NULL)
            progress (cohort_csv_reader_get_bytes_read (reader), run->report->rows, progress_data);
        }
    }
  if (batch != NULL)
    batch_free (batch);

  /* On an error, the batches still in flight are finished, then dropped. */
  g_thread_pool_free (pool, FALSE, TRUE);
  while (!g_queue_is_empty (in_flight))
    batch_free (g_queue_pop_head (in_flight));

  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}

/* The unique hashes of one identity as the store reads them; the rows they
 * were first seen on tell which rows are no duplicates. */
typedef struct
{
  CohortHashRuns     *runs;
  CohortIdentity      identity;
  CohortImportReport *report;
  guint8             *first_rows; /* a bit per data row */
  guint              *n_ended;
} Stream;

static gboolean
stream_next (gpointer       user_data,
             const guint8 **out_hash,
             guint64       *out_row,
             GError       **error)
{
  Stream *stream = user_data;

  if (cohort_hash_runs_next (stream->runs, out_hash, out_row, error))
    {
      guint64 row = *out_row;

      stream->first_rows[row / 8] |= 1 << (row % 8);
      stream->report->unique[stream->identity]++;
      return TRUE;
    }
  /* Once every identity is read, the rows that were the first of no hash
   * are the duplicates. */
  if (error == NULL || *error == NULL)
    if (++*stream->n_ended == COHORT_N_IDENTITIES)
      {
        guint64 firsts = 0;

        for (guint64 b = 0; b < (stream->report->rows + 7) / 8; b++)
          firsts += __builtin_popcount (stream->first_rows[b]);
        stream->report->duplicates = stream->report->accepted - firsts;
      }
  return FALSE;
}

/* A variant's stream: no figure to complete. */
static gboolean
variant_next (gpointer       user_data,
              const guint8 **out_hash,
              guint64       *out_row,
              GError       **error)
{
  return cohort_hash_runs_next (user_data, out_hash, out_row, error);
}

/**
 * cohort_import_run_into:
 * @sink: where the hashes go, once the whole file is read
 *
 * Reads the whole file, counts every row as accepted, rejected or excluded,
 * deduplicates the hashes, and hands them to @sink: see
 * cohort_import_run().
 */
gboolean
cohort_import_run_into (CohortImport             *self,
                        const char               *audience,
                        GFile                    *rejects,
                        CohortImportProgressFunc  progress,
                        gpointer                  progress_data,
                        CohortImportSink          sink,
                        gpointer                  sink_data,
                        GCancellable             *cancellable,
                        GError                  **error)
{
  g_autoptr (CohortCsvReader) reader = NULL;
  GArray *stored_rejects = g_array_new (FALSE, FALSE, sizeof (CohortRejectedCell));
  Stream streams[COHORT_N_IDENTITIES];
  gpointer stream_data[COHORT_N_IDENTITIES];
  gpointer variant_data[COHORT_N_IDENTITIES] = { NULL };
  g_autofree guint8 *first_rows = NULL;
  guint n_ended = 0;
  Run run = { self, &self->report, { NULL }, stored_rejects, { 0 }, NULL, NULL };
  gboolean ok = FALSE;

  g_return_val_if_fail (COHORT_IS_IMPORT (self), FALSE);

  if (!self->prepared && !cohort_import_prepare (self, cancellable, error))
    return FALSE;

  cohort_import_report_clear (&self->report);
  self->report.audience = g_strdup (audience);
  g_clear_pointer (&self->rejected_cells, g_array_unref);
  self->rejected_cells = stored_rejects;
  g_mutex_init (&run.mutex);
  g_cond_init (&run.cond);
  for (guint i = 0; i < G_N_ELEMENTS (run.sets); i++)
    if (i < COHORT_N_IDENTITIES || self->variants)
      run.sets[i] = cohort_hash_runs_new (HASHES_IN_MEMORY);

  reader = cohort_import_new_reader (self);
  if ((rejects != NULL && !open_rejects (&run, rejects, cancellable, error)) ||
      !cohort_csv_reader_open (reader, cancellable, error) ||
      !read_all (&run, reader, progress, progress_data, cancellable, error))
    goto out;

  if (run.rejects_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&run.rejects_error));
      goto out;
    }
  if (run.rejects != NULL && !g_output_stream_close (run.rejects, cancellable, error))
    goto out;

  first_rows = g_malloc0 (self->report.rows / 8 + 1);
  for (guint i = 0; i < G_N_ELEMENTS (run.sets); i++)
    if (run.sets[i] != NULL && !cohort_hash_runs_finish (run.sets[i], error))
      goto out;
  for (CohortIdentity i = 0; i < COHORT_N_IDENTITIES; i++)
    {
      streams[i] = (Stream) { run.sets[i], i, &self->report, first_rows, &n_ended };
      stream_data[i] = &streams[i];
      variant_data[i] = run.sets[COHORT_N_IDENTITIES + i];
    }
  ok = sink (self, cohort_csv_reader_get_display_name (reader), stream_next, stream_data, variant_next,
             variant_data, stored_rejects, sink_data, error);

out:
  g_clear_error (&run.rejects_error);
  g_clear_object (&run.rejects);
  for (guint i = 0; i < G_N_ELEMENTS (run.sets); i++)
    cohort_hash_runs_free (run.sets[i]);
  g_mutex_clear (&run.mutex);
  g_cond_clear (&run.cond);
  return ok;
}

typedef struct
{
  CohortStore *store;
  gboolean     dry_run;
} Version;

static gboolean
save_version (CohortImport     *self,
              const char       *source_name,
              CohortHashStream  stream,
              gpointer const    stream_data[COHORT_N_IDENTITIES],
              CohortHashStream  variant_stream,
              gpointer const    variant_data[COHORT_N_IDENTITIES],
              GArray           *rejects,
              gpointer          user_data,
              GError          **error)
{
  Version *version = user_data;
  GError *local_error = NULL;
  const guint8 *hash;
  guint64 row;

  if (version->store != NULL)
    return cohort_store_save_version (version->store, &self->report, source_name, COHORT_PROFILE_TIKTOK_V1, stream,
                                      stream_data, rejects, self->labels, self->label_reason, version->dry_run,
                                      error);
  for (CohortIdentity i = 0; i < COHORT_N_IDENTITIES && local_error == NULL; i++)
    while (stream (stream_data[i], &hash, &row, &local_error))
      ;
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}

/**
 * cohort_import_run:
 * @store: (nullable): where the version goes; %NULL only with @dry_run
 * @rejects: (nullable): a CSV file to write the rejected cells to, with
 *   their original values (the one place plaintext is written, by request)
 * @dry_run: count and diff, store nothing
 *
 * Reads the whole file, counts every row as accepted, rejected or excluded,
 * deduplicates the hashes and stores them as a new version of @audience,
 * with the labels of cohort_import_set_labels(). Normalising and hashing
 * run on every core. Blocks: call it from a worker thread.
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
  Version version = { store, dry_run };

  g_return_val_if_fail (store != NULL || dry_run, FALSE);

  return cohort_import_run_into (self, audience, rejects, progress, progress_data, save_version, &version,
                                 cancellable, error);
}
