/* hash-runs.c: CohortHashRuns, hashes deduplicated by sorting, in memory or in sorted runs on disk */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "core/hash-runs.h"

/* A hash and the first data row it was seen on: the rows that are the first
 * of some hash are the rows that are not duplicates. */
typedef struct
{
  guint8  hash[COHORT_HASH_LENGTH];
  guint64 row;
} Entry;

#define READ_BUFFER_ENTRIES 16384

/* One sorted run written to a temporary file (hashes only: no personal data). */
typedef struct
{
  FILE  *file;
  Entry *buffer;
  gsize  length;
  gsize  position;
  gboolean eof;
} Run;

struct _CohortHashRuns
{
  Entry    *entries;
  gsize     n_entries;
  gsize     allocated;
  gsize     capacity;
  GPtrArray *runs;    /* Run, spilled to disk */
  char      *dir;     /* where they are made, the user's alone; NULL before */
  gboolean   finished;
  gsize      next;    /* in memory: the next entry to give */
  Entry      current;
};

static void
run_free (Run *run)
{
  if (run->file != NULL)
    fclose (run->file);
  g_free (run->buffer);
  g_free (run);
}

/**
 * cohort_hash_runs_new:
 * @max_in_memory: how many hashes to hold before a sorted run goes to disk
 *
 * Memory stays at @max_in_memory × 40 bytes however large the file: a
 * million-row file is deduplicated in memory, a ten-million-row file in
 * sorted runs merged from disk.
 */
CohortHashRuns *
cohort_hash_runs_new (gsize max_in_memory)
{
  CohortHashRuns *runs = g_new0 (CohortHashRuns, 1);

  runs->capacity = MAX (max_in_memory, 16);
  runs->allocated = MIN (runs->capacity, 65536);
  runs->entries = g_new (Entry, runs->allocated);
  runs->runs = g_ptr_array_new_with_free_func ((GDestroyNotify) run_free);
  return runs;
}

void
cohort_hash_runs_free (CohortHashRuns *runs)
{
  if (runs == NULL)
    return;
  g_ptr_array_unref (runs->runs);
  if (runs->dir != NULL)
    g_rmdir (runs->dir);
  g_free (runs->dir);
  g_free (runs->entries);
  g_free (runs);
}

static int
compare_entries (const Entry *a,
                 const Entry *b)
{
  int cmp = memcmp (a->hash, b->hash, COHORT_HASH_LENGTH);

  if (cmp != 0)
    return cmp;
  return a->row < b->row ? -1 : a->row > b->row;
}

/* Bits of a hash's start that pick its bucket: about two entries a bucket,
 * with at most 2^22 buckets (16 MiB of counts). */
static guint
radix_bits (gsize n)
{
  guint bits = 8;

  while (bits < 22 && ((gsize) 1 << bits) < n / 2)
    bits++;
  return bits;
}

static inline guint32
bucket_of (const guint8 *hash,
           guint         bits)
{
  guint32 start = ((guint32) hash[0] << 24) | ((guint32) hash[1] << 16) |
                  ((guint32) hash[2] << 8) | hash[3];

  return start >> (32 - bits);
}

/* Sorts by hash then row, and keeps the first row of each hash. SHA-256
 * output is uniform, so one counting pass on the first bits puts each entry
 * in a bucket of a few, which an insertion sort finishes: linear time. */
static gsize
sort_unique (Entry *entries,
             gsize  n)
{
  guint bits = radix_bits (n);
  gsize n_buckets = (gsize) 1 << bits;
  g_autofree guint32 *starts = g_new0 (guint32, n_buckets + 1);
  g_autofree Entry *sorted = g_new (Entry, MAX (n, 1));
  gsize kept = 0;

  for (gsize i = 0; i < n; i++)
    starts[bucket_of (entries[i].hash, bits) + 1]++;
  for (gsize b = 0; b < n_buckets; b++)
    starts[b + 1] += starts[b];
  for (gsize i = 0; i < n; i++)
    sorted[starts[bucket_of (entries[i].hash, bits)]++] = entries[i];

  /* starts[b] now ends bucket b, which began where bucket b - 1 ends. */
  for (gsize b = 0; b < n_buckets; b++)
    {
      gsize begin = b > 0 ? starts[b - 1] : 0;

      for (gsize i = begin + 1; i < starts[b]; i++)
        {
          Entry key = sorted[i];
          gsize j = i;

          while (j > begin && compare_entries (&sorted[j - 1], &key) > 0)
            {
              sorted[j] = sorted[j - 1];
              j--;
            }
          sorted[j] = key;
        }
    }

  for (gsize i = 0; i < n; i++)
    if (kept == 0 || memcmp (entries[kept - 1].hash, sorted[i].hash, COHORT_HASH_LENGTH) != 0)
      entries[kept++] = sorted[i];
  return kept;
}

/* @format: a translated sentence with one %s for the system's reason */
G_GNUC_PRINTF (3, 4) static gboolean
set_io_error (GError    **error,
              int         saved_errno,
              const char *format,
              ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (saved_errno), message);
  return FALSE;
}

/* Sorts the entries in memory and writes them as one run. */
static gboolean
spill (CohortHashRuns *runs,
       GError        **error)
{
  g_autofree char *path = NULL;
  gsize n = sort_unique (runs->entries, runs->n_entries);
  Run *run;
  int fd;

  /* Hashes only, yet nobody else's business: a folder of mode 0700 of
   * its own in the shared temporary folder, files of mode 0600. */
  if (runs->dir == NULL && (runs->dir = g_dir_make_tmp ("cohort-hashes-XXXXXX", error)) == NULL)
    return FALSE;
  path = g_build_filename (runs->dir, "run-XXXXXX", NULL);
  fd = g_mkstemp_full (path, O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved_errno = errno;

      return set_io_error (error, saved_errno, _("Cannot open a temporary file of hashes: %s"),
                           g_strerror (saved_errno));
    }
  /* Gone from the folder at once: the data lives as long as the descriptor. */
  g_unlink (path);
  run = g_new0 (Run, 1);
  run->file = fdopen (fd, "w+b");
  if (run->file == NULL)
    {
      int saved_errno = errno;

      close (fd);
      g_free (run);
      return set_io_error (error, saved_errno, _("Cannot open a temporary file of hashes: %s"),
                           g_strerror (saved_errno));
    }
  g_ptr_array_add (runs->runs, run);
  if (fwrite (runs->entries, sizeof (Entry), n, run->file) != n || fflush (run->file) != 0)
    return set_io_error (error, errno, _("Cannot write a temporary file of hashes: %s"),
                         g_strerror (errno));
  runs->n_entries = 0;
  return TRUE;
}

/**
 * cohort_hash_runs_add:
 * @row: the data row the hash was found on; rows come in increasing order
 */
gboolean
cohort_hash_runs_add (CohortHashRuns *runs,
                      const guint8   *hash,
                      guint64         row,
                      GError        **error)
{
  Entry *entry;

  g_return_val_if_fail (!runs->finished, FALSE);

  if (runs->n_entries == runs->capacity && !spill (runs, error))
    return FALSE;
  /* Grown by doubling up to the capacity: small files stay small. */
  if (runs->n_entries == runs->allocated)
    {
      runs->allocated = MIN (runs->allocated * 2, runs->capacity);
      runs->entries = g_renew (Entry, runs->entries, runs->allocated);
    }
  entry = &runs->entries[runs->n_entries++];
  memcpy (entry->hash, hash, COHORT_HASH_LENGTH);
  entry->row = row;
  return TRUE;
}

static gboolean
run_fill (Run     *run,
          GError **error)
{
  run->length = fread (run->buffer, sizeof (Entry), READ_BUFFER_ENTRIES, run->file);
  run->position = 0;
  if (run->length == 0)
    {
      if (ferror (run->file))
        return set_io_error (error, errno, _("Cannot read a temporary file of hashes: %s"),
                         g_strerror (errno));
      run->eof = TRUE;
    }
  return TRUE;
}

/**
 * cohort_hash_runs_finish:
 *
 * Ends the adding; then cohort_hash_runs_next() gives the unique hashes in
 * byte order.
 */
gboolean
cohort_hash_runs_finish (CohortHashRuns *runs,
                         GError        **error)
{
  runs->finished = TRUE;
  if (runs->runs->len == 0)
    {
      runs->n_entries = sort_unique (runs->entries, runs->n_entries);
      return TRUE;
    }

  if (runs->n_entries > 0 && !spill (runs, error))
    return FALSE;
  g_clear_pointer (&runs->entries, g_free);
  for (guint i = 0; i < runs->runs->len; i++)
    {
      Run *run = g_ptr_array_index (runs->runs, i);

      run->buffer = g_new (Entry, READ_BUFFER_ENTRIES);
      if (fseek (run->file, 0, SEEK_SET) != 0)
        return set_io_error (error, errno, _("Cannot read a temporary file of hashes: %s"),
                         g_strerror (errno));
      if (!run_fill (run, error))
        return FALSE;
    }
  return TRUE;
}

/**
 * cohort_hash_runs_next:
 * @out_hash: (out): the next unique hash, valid until the next call
 * @out_first_row: (out): the first row it was seen on
 *
 * Returns: %FALSE at the end (no error) or on an error
 */
gboolean
cohort_hash_runs_next (CohortHashRuns *runs,
                       const guint8  **out_hash,
                       guint64        *out_first_row,
                       GError        **error)
{
  Run *best = NULL;

  g_return_val_if_fail (runs->finished, FALSE);

  if (runs->runs->len == 0)
    {
      if (runs->next >= runs->n_entries)
        return FALSE;
      runs->current = runs->entries[runs->next++];
      *out_hash = runs->current.hash;
      *out_first_row = runs->current.row;
      return TRUE;
    }

  /* Few runs (a 10M-row file makes a few dozen): a linear scan for the
   * smallest head costs less than keeping a heap. */
  for (guint i = 0; i < runs->runs->len; i++)
    {
      Run *run = g_ptr_array_index (runs->runs, i);

      if (!run->eof && (best == NULL || compare_entries (&run->buffer[run->position],
                                                         &best->buffer[best->position]) < 0))
        best = run;
    }
  if (best == NULL)
    return FALSE;
  runs->current = best->buffer[best->position];

  /* The same hash in later runs: skip it there, the first row is this one. */
  for (guint i = 0; i < runs->runs->len; i++)
    {
      Run *run = g_ptr_array_index (runs->runs, i);

      while (!run->eof && memcmp (run->buffer[run->position].hash, runs->current.hash,
                                  COHORT_HASH_LENGTH) == 0)
        if (++run->position == run->length && !run_fill (run, error))
          return FALSE;
    }

  *out_hash = runs->current.hash;
  *out_first_row = runs->current.row;
  return TRUE;
}

/* How many runs went to disk: 0 when everything fitted in memory. */
guint
cohort_hash_runs_get_n_spilled (CohortHashRuns *runs)
{
  return runs->runs->len;
}
