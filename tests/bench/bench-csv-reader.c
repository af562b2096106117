/* bench-csv-reader.c: how fast CohortCsvReader reads a file, and with how much memory */
#include "config.h"

#include <stdio.h>
#include <sys/resource.h>

#include "core/csv-reader.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GFile) file = NULL;
  g_autoptr (CohortCsvReader) reader = NULL;
  g_autoptr (GError) error = NULL;
  struct rusage usage;
  guint64 rows = 0;
  guint64 cells = 0;
  gint64 start;
  double seconds;

  if (argc != 2)
    {
      g_printerr ("usage: bench-csv-reader FILE.csv\n");
      return 2;
    }

  file = g_file_new_for_commandline_arg (argv[1]);
  reader = cohort_csv_reader_new (file);
  start = g_get_monotonic_time ();
  if (!cohort_csv_reader_open (reader, NULL, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  while (cohort_csv_reader_next_row (reader, NULL, &error))
    {
      rows++;
      cells += cohort_csv_reader_get_n_cells (reader);
    }
  if (error != NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  seconds = (g_get_monotonic_time () - start) / 1e6;
  getrusage (RUSAGE_SELF, &usage);

  printf ("rows %" G_GUINT64_FORMAT " cells %" G_GUINT64_FORMAT " encoding %s delimiter '%c'\n",
          rows, cells, cohort_csv_encoding_to_string (cohort_csv_reader_get_encoding (reader)),
          cohort_csv_reader_get_delimiter (reader));
  printf ("wall %.3f s, %.0f rows/s, %.1f MB/s, peak RSS %ld MB\n", seconds, rows / seconds,
          cohort_csv_reader_get_bytes_read (reader) / seconds / 1e6, usage.ru_maxrss / 1024);
  return 0;
}
