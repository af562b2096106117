/* bench-csv-rows.c: how fast CohortCsvRows indexes a file and reads a row anywhere in it, with how much memory */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

#include "core/csv-rows-private.h"

#define N_RANDOM 10000

typedef struct
{
  gboolean  done;
  guint     n_batches;
  GError   *error;
} Indexing;

static void
count_batch (GListModel *model,
             guint       position,
             guint       removed,
             guint       added,
             Indexing   *indexing)
{
  indexing->n_batches++;
}

static void
index_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Indexing *indexing = user_data;

  cohort_csv_rows_index_finish (COHORT_CSV_ROWS (source), result, &indexing->error);
  indexing->done = TRUE;
}

static int
compare_times (gconstpointer a,
               gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

/* Microseconds, finer than g_get_monotonic_time(). The thread's CPU time
 * leaves out the time other processes had the CPU: on a loaded machine the
 * wall time of a block also measures the scheduler. */
static double
clock_usec (clockid_t clock)
{
  struct timespec ts;

  clock_gettime (clock, &ts);
  return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static double
now_usec (void)
{
  return clock_usec (CLOCK_MONOTONIC);
}

static double
cpu_usec (void)
{
  return clock_usec (CLOCK_THREAD_CPUTIME_ID);
}

static void
print_times (const char *what,
             gint64     *times,
             guint       n)
{
  double total = 0;

  for (guint i = 0; i < n; i++)
    total += times[i];
  qsort (times, n, sizeof *times, compare_times);
  printf ("  %s: mean %.3f ms, median %.3f ms, 99%% %.3f ms, max %.3f ms\n", what, total / n / 1e6,
          times[n / 2] / 1e6, times[n * 99 / 100] / 1e6, times[n - 1] / 1e6);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GFile) file = NULL;
  g_autoptr (CohortCsvRows) rows = NULL;
  g_autoptr (GRand) rand = g_rand_new_with_seed (1);
  g_autofree gint64 *times = g_new (gint64, N_RANDOM);
  g_autofree gint64 *cpu_times = g_new (gint64, N_RANDOM);
  CohortCsvEncoding encoding = COHORT_CSV_ENCODING_UTF8;
  Indexing indexing = { 0 };
  struct rusage usage;
  guint n_items;
  double start, seconds;
  guint64 size;

  if (argc < 2 || argc > 4 || (argc == 4 && !cohort_csv_encoding_from_string (argv[3], &encoding)))
    {
      g_printerr ("usage: bench-csv-rows FILE.csv [DELIMITER [ENCODING]]\n");
      return 2;
    }

  file = g_file_new_for_commandline_arg (argv[1]);
  rows = cohort_csv_rows_new (file, argc >= 3 ? argv[2][0] : ',', encoding, TRUE);
  g_signal_connect (rows, "items-changed", G_CALLBACK (count_batch), &indexing);

  start = now_usec ();
  cohort_csv_rows_index_async (rows, NULL, index_done, &indexing);
  while (!indexing.done)
    g_main_context_iteration (NULL, TRUE);
  seconds = (now_usec () - start) / 1e6;
  if (indexing.error != NULL)
    {
      g_printerr ("%s\n", indexing.error->message);
      return 1;
    }
  n_items = g_list_model_get_n_items (G_LIST_MODEL (rows));
  if (n_items == 0)
    {
      g_printerr ("no rows\n");
      return 1;
    }
  {
    g_autoptr (GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                                    G_FILE_QUERY_INFO_NONE, NULL, NULL);

    size = info != NULL ? g_file_info_get_size (info) : 0;
  }
  printf ("index: %u rows, %s, wall %.3f s, %.0f rows/s, %.0f MB/s, %u batches\n", n_items,
          cohort_csv_encoding_to_string (encoding), seconds, n_items / seconds, size / seconds / 1e6,
          indexing.n_batches);

  /* Rows far apart: each one a block to read, on what would be the main thread. */
  for (guint i = 0; i < N_RANDOM; i++)
    {
      guint position = g_rand_int_range (rand, 0, n_items);
      double before = now_usec ();
      double cpu_before = cpu_usec ();
      g_autoptr (CohortCsvRow) row = g_list_model_get_item (G_LIST_MODEL (rows), position);

      cpu_times[i] = (gint64) ((cpu_usec () - cpu_before) * 1000);
      times[i] = (gint64) ((now_usec () - before) * 1000);
      if (cohort_csv_row_get_n_cells (row) == 0)
        {
          g_printerr ("row %u has no cells\n", position);
          return 1;
        }
    }
  printf ("random get_item, %d rows, a %d-row block read for each:\n", N_RANDOM,
          COHORT_CSV_ROWS_BLOCK_SIZE);
  print_times ("wall", times, N_RANDOM);
  print_times ("CPU ", cpu_times, N_RANDOM);

  /* Scrolling through the whole file, one row after the other. */
  start = now_usec ();
  for (guint i = 0; i < n_items; i++)
    g_object_unref (g_list_model_get_item (G_LIST_MODEL (rows), i));
  seconds = (now_usec () - start) / 1e6;
  printf ("every row in order: %.3f s, %.3f ms a block, %u blocks cached\n", seconds,
          seconds * 1e3 / ((n_items + COHORT_CSV_ROWS_BLOCK_SIZE - 1) / COHORT_CSV_ROWS_BLOCK_SIZE),
          cohort_csv_rows_get_n_cached_blocks (rows));

  getrusage (RUSAGE_SELF, &usage);
  printf ("peak RSS %ld MB\n", usage.ru_maxrss / 1024);
  return 0;
}
