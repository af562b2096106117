/* bench-window-stall.c: the longest the main loop waits while the window checks and saves a large file
 *
 * Opens FILE in the real window (the drop target's path), checks it, saves it
 * as an audience, and meanwhile a 1 ms timeout records every gap between
 * two of its runs: a gap is a time the window could not answer. Prints the
 * longest gap, the 99th percentile and the wall time of each step.
 * Needs a display: build-aux/bench.sh runs it under build-aux/test-env.sh.
 * Usage: bench-window-stall FILE
 */
#include "config.h"

#include <stdio.h>
#include <glib/gstdio.h>

#include "core/i18n.h"
#include "ui/import-page.h"
#include "ui/window.h"
#include "../ui-helpers.h"

typedef struct
{
  gint64  last;
  GArray *gaps; /* gint64, microseconds */
} Ticks;

static gboolean
tick (gpointer user_data)
{
  Ticks *ticks = user_data;
  gint64 now = g_get_monotonic_time ();

  if (ticks->last != 0)
    {
      gint64 gap = now - ticks->last;

      g_array_append_val (ticks->gaps, gap);
      if (gap > 50000 && g_getenv ("COHORT_STALL_TRACE") != NULL)
        fprintf (stderr, "gap of %.1f ms ending at %.3f s\n", gap / 1000.0, now / 1e6);
    }
  ticks->last = now;
  return G_SOURCE_CONTINUE;
}

static GtkWidget *
find_type (GtkWidget *root,
           GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_type (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static double
wait_for_step (CohortImportPage *page,
               const char       *step)
{
  gint64 start = g_get_monotonic_time ();

  while (g_strcmp0 (cohort_import_page_get_step (page), step) != 0)
    g_main_context_iteration (NULL, TRUE);
  return (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
}

static gint
compare_gaps (gconstpointer a,
              gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GFile) file = NULL;
  g_autofree char *data_dir = g_dir_make_tmp ("cohort-stall-XXXXXX", NULL);
  Ticks ticks = { 0, g_array_new (FALSE, FALSE, sizeof (gint64)) };
  CohortWindow *window;
  CohortImportPage *page;
  double load, check, save;
  gint64 start;
  gint64 form_gaps;
  gint64 scroll_gap;
  gint64 scroll_p99;
  gint64 wheel_gap;
  guint source;

  if (argc != 2)
    {
      fprintf (stderr, "Usage: %s FILE\n", argv[0]);
      return 2;
    }
  cohort_i18n_init ();
  gtk_init ();
  adw_init ();
  g_setenv ("COHORT_DATA_DIR", data_dir, TRUE);
  file = g_file_new_for_commandline_arg (argv[1]);

  window = cohort_window_new (NULL, NULL);
  gtk_window_present (GTK_WINDOW (window));
  page = COHORT_IMPORT_PAGE (ui_find_named (GTK_WIDGET (window), "import-page"));
  source = g_timeout_add (1, tick, &ticks);

  start = g_get_monotonic_time ();
  cohort_window_open_file (window, file);
  while (g_strcmp0 (cohort_window_get_view (window), "file") != 0)
    g_main_context_iteration (NULL, TRUE);
  wait_for_step (page, "setup");
  load = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  /* The form's first layout is its own figure; the stall is measured
   * from here, while the file is checked and saved. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  form_gaps = ticks.gaps->len > 0 ? g_array_index (ticks.gaps, gint64, 0) : 0;
  for (guint i = 0; i < ticks.gaps->len; i++)
    form_gaps = MAX (form_gaps, g_array_index (ticks.gaps, gint64, i));
  g_array_set_size (ticks.gaps, 0);
  ticks.last = 0;
  /* Scrolling the preview through the whole file: 200 jumps to random
   * rows, a frame each, once the file is indexed. */
  {
    GtkWidget *view = find_type (GTK_WIDGET (page), GTK_TYPE_COLUMN_VIEW);
    GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view));
    GRand *rand = g_rand_new_with_seed (7);
    gint64 longest = 0;

    while (gtk_adjustment_get_upper (adjustment) < 1000000 * 10.0)
      g_main_context_iteration (NULL, TRUE);
    g_array_set_size (ticks.gaps, 0);
    ticks.last = 0;
    for (guint i = 0; i < 200; i++)
      {
        gint64 until = g_get_monotonic_time () + 20000;

        gtk_adjustment_set_value (adjustment, g_rand_double_range (rand, 0, gtk_adjustment_get_upper (adjustment)));
        while (g_get_monotonic_time () < until)
          g_main_context_iteration (NULL, FALSE);
      }
    for (guint i = 0; i < ticks.gaps->len; i++)
      longest = MAX (longest, g_array_index (ticks.gaps, gint64, i));
    scroll_gap = longest;
    g_array_sort (ticks.gaps, compare_gaps);
    scroll_p99 = g_array_index (ticks.gaps, gint64, ticks.gaps->len * 99 / 100);
    g_rand_free (rand);
    g_array_set_size (ticks.gaps, 0);
    ticks.last = 0;

    /* A mouse wheel: 300 notches of three rows, a frame each. */
    for (guint i = 0; i < 300; i++)
      {
        gint64 until = g_get_monotonic_time () + 20000;

        gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) + 3 * 21);
        while (g_get_monotonic_time () < until)
          g_main_context_iteration (NULL, FALSE);
      }
    wheel_gap = 0;
    for (guint i = 0; i < ticks.gaps->len; i++)
      wheel_gap = MAX (wheel_gap, g_array_index (ticks.gaps, gint64, i));
    g_array_set_size (ticks.gaps, 0);
    ticks.last = 0;
  }
  cohort_import_page_set_audience (page, "Stall");
  if (g_getenv ("COHORT_STALL_TRACE") != NULL)
    fprintf (stderr, "check at %.3f s\n", g_get_monotonic_time () / 1e6);
  gtk_widget_activate_action (GTK_WIDGET (page), "import.check", NULL);
  if (g_getenv ("COHORT_STALL_TRACE") != NULL)
    fprintf (stderr, "check started at %.3f s\n", g_get_monotonic_time () / 1e6);
  check = wait_for_step (page, "report");
  if (g_getenv ("COHORT_STALL_TRACE") != NULL)
    fprintf (stderr, "report shown, save at %.3f s\n", g_get_monotonic_time () / 1e6);
  gtk_widget_activate_action (GTK_WIDGET (page), "import.save", NULL);
  if (g_getenv ("COHORT_STALL_TRACE") != NULL)
    fprintf (stderr, "save started at %.3f s\n", g_get_monotonic_time () / 1e6);
  start = g_get_monotonic_time ();
  while (g_strcmp0 (cohort_window_get_view (window), "file") == 0)
    g_main_context_iteration (NULL, TRUE);
  save = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  g_source_remove (source);

  g_array_sort (ticks.gaps, compare_gaps);
  printf ("open %.2f s (longest gap %.1f ms, the form's first layout); preview: 200 jumps through the file, "
          "longest gap %.1f ms, 99th percentile %.1f ms; 300 wheel notches, longest gap %.1f ms; check %.2f s, save %.2f s; during check and save: %u ticks, longest gap %.1f ms, "
          "99th percentile %.1f ms\n",
          load, form_gaps / 1000.0, scroll_gap / 1000.0, scroll_p99 / 1000.0, wheel_gap / 1000.0, check, save, ticks.gaps->len,
          g_array_index (ticks.gaps, gint64, ticks.gaps->len - 1) / 1000.0,
          g_array_index (ticks.gaps, gint64, ticks.gaps->len * 99 / 100) / 1000.0);

  gtk_window_destroy (GTK_WINDOW (window));
  g_array_unref (ticks.gaps);
  {
    const char *names[] = { "cohort.db", "cohort.db-wal", "cohort.db-shm" };

    for (guint i = 0; i < G_N_ELEMENTS (names); i++)
      {
        g_autofree char *path = g_build_filename (data_dir, names[i], NULL);

        g_remove (path);
      }
    g_rmdir (data_dir);
  }
  return 0;
}
