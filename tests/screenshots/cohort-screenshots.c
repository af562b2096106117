/* cohort-screenshots.c: the window's screens rendered to PNG files, in the user's language
 *
 * Drives the real window over a data folder prepared by build-aux/screenshots.sh
 * and renders each screen with GTK's own renderer, so that the pictures are
 * the pixels a user sees, without a window manager's frame.
 * Usage: cohort-screenshots OUTDIR PREFIX CSV  (COHORT_DATA_DIR set; needs a display)
 */
#include "config.h"

#include <stdio.h>

#include "core/i18n.h"
#include "core/store-activations.h"
#include "ui/audience-page.h"
#include "ui/run-details.h"
#include "ui/import-page.h"
#include "ui/import-report-view.h"
#include "ui/preferences-window.h"
#include "ui/window.h"
#include "../ui-helpers.h"

static const char *outdir;
static const char *prefix;

static void
spin (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (2000);
}

/* The visible scrolled window under @root: scrolled to @fraction of its height. */
static void
scroll_to (GtkWidget *root,
           double     fraction)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkPolicyType horizontal = GTK_POLICY_AUTOMATIC;

      if (GTK_IS_SCROLLED_WINDOW (child))
        gtk_scrolled_window_get_policy (GTK_SCROLLED_WINDOW (child), &horizontal, NULL);
      /* The page's own scrolling, not a list's inside it. */
      if (GTK_IS_SCROLLED_WINDOW (child) && gtk_widget_get_mapped (child) && horizontal == GTK_POLICY_NEVER)
        {
          GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (child));

          gtk_adjustment_set_value (adjustment, fraction * (gtk_adjustment_get_upper (adjustment) -
                                                            gtk_adjustment_get_page_size (adjustment)));
          return;
        }
      scroll_to (child, fraction);
    }
}

/* What the display shows of @window: without a window manager, Xvfb puts
 * every window at its top left corner. */
static void
shoot (GtkWidget  *window,
       const char *name)
{
  g_autofree char *file = g_strdup_printf ("%s/%s%s.png", outdir, prefix, name);
  g_autofree char *command = g_strdup_printf ("import -window root -crop %dx%d+0+0 +repage %s",
                                              gtk_widget_get_width (window), gtk_widget_get_height (window), file);
  g_autoptr (GError) error = NULL;
  int status = 0;

  spin (500);
  if (!g_spawn_command_line_sync (command, NULL, NULL, &status, &error) || !g_spawn_check_wait_status (status, &error))
    g_error ("cannot take %s: %s", file, error->message);
  printf ("%s\n", file);
}

static void
wait_step (CohortImportPage *page,
           const char       *step)
{
  while (g_strcmp0 (cohort_import_page_get_step (page), step) != 0)
    g_main_context_iteration (NULL, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GSettings) settings = NULL;
  g_autoptr (GFile) csv = NULL;
  CohortWindow *window;
  CohortImportPage *page;
  GtkWindow *preferences;

  if (argc != 4)
    {
      fprintf (stderr, "Usage: %s OUTDIR PREFIX CSV\n", argv[0]);
      return 2;
    }
  outdir = argv[1];
  prefix = argv[2];
  csv = g_file_new_for_commandline_arg (argv[3]);
  cohort_i18n_init ();
  gtk_init ();
  adw_init ();
  settings = g_settings_new (APPLICATION_ID);
  g_settings_set_int (settings, "window-width", 960);
  g_settings_set_int (settings, "window-height", 720);

  window = cohort_window_new (NULL, settings);
  gtk_window_present (GTK_WINDOW (window));
  while (g_strcmp0 (cohort_window_get_view (window), "audiences") != 0)
    g_main_context_iteration (NULL, TRUE);
  shoot (GTK_WIDGET (window), "audiences");

  cohort_window_show_audience (window, "Clients FR");
  shoot (GTK_WIDGET (window), "audience");
  scroll_to (GTK_WIDGET (window), 1.0);
  shoot (GTK_WIDGET (window), "audience-versions");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.audit", NULL);
  shoot (GTK_WIDGET (window), "audit");

  cohort_window_open_file (window, csv);
  page = COHORT_IMPORT_PAGE (ui_find_named (GTK_WIDGET (window), "import-page"));
  wait_step (page, "setup");
  shoot (GTK_WIDGET (window), "import-preview");
  scroll_to (GTK_WIDGET (page), 0.55);
  shoot (GTK_WIDGET (window), "import-mapping");
  cohort_import_page_set_audience (page, "Prospects");
  gtk_widget_activate_action (GTK_WIDGET (page), "import.check", NULL);
  wait_step (page, "report");
  shoot (GTK_WIDGET (window), "import-report");
  cohort_import_report_view_inspect (COHORT_IMPORT_REPORT_VIEW (ui_find_named (GTK_WIDGET (page), "report-view")), 3);
  spin (800);
  scroll_to (GTK_WIDGET (page), 1.0);
  shoot (GTK_WIDGET (window), "import-hash");

  gtk_widget_activate_action (GTK_WIDGET (page), "import.close", NULL);

  /* TikTok's side: destinations, the assistant, activating, the status,
   * a run's details and the alerts. */
  cohort_window_show_view (window, "destinations");
  shoot (GTK_WIDGET (window), "destinations");
  {
    GtkWindow *assistant = cohort_window_new_destination (window);

    gtk_window_set_default_size (assistant, 620, 680);
    shoot (GTK_WIDGET (assistant), "destination-connect");
    gtk_widget_activate_action (GTK_WIDGET (assistant), "assistant.next", NULL);
    shoot (GTK_WIDGET (assistant), "destination-details");
    gtk_window_destroy (assistant);
  }
  {
    GtkWindow *dialog = cohort_window_activate_audience (window, "Newsletter");

    gtk_window_set_default_size (dialog, 620, 720);
    shoot (GTK_WIDGET (dialog), "activate");
    gtk_window_destroy (dialog);
  }
  {
    g_autoptr (CohortStore) store = cohort_store_open (NULL, NULL);
    g_autoptr (GPtrArray) activations = cohort_store_list_activations (store, NULL);
    g_autoptr (GPtrArray) runs = NULL;
    gint64 paris = 0;

    for (guint i = 0; activations != NULL && i < activations->len; i++)
      if (g_str_equal (((CohortActivation *) g_ptr_array_index (activations, i))->destination, "Paris"))
        paris = ((CohortActivation *) g_ptr_array_index (activations, i))->id;
    cohort_window_show_activation (window, paris);
    shoot (GTK_WIDGET (window), "status");
    runs = cohort_store_list_runs (store, paris, 10, NULL);
    if (runs != NULL && runs->len > 0)
      {
        /* The run that sent the audience, rather than a quiet one since. */
        CohortSyncRun *busiest = g_ptr_array_index (runs, 0);
        GtkWindow *details;

        for (guint i = 1; i < runs->len; i++)
          if (((CohortSyncRun *) g_ptr_array_index (runs, i))->received > busiest->received)
            busiest = g_ptr_array_index (runs, i);
        details = cohort_run_details_new (GTK_WINDOW (window), busiest);

        shoot (GTK_WIDGET (details), "run-details");
        gtk_window_destroy (details);
      }
  }
  cohort_window_show_view (window, "alerts");
  shoot (GTK_WIDGET (window), "alerts");

  preferences = GTK_WINDOW (cohort_preferences_window_new (settings));
  gtk_window_set_default_size (preferences, 640, 720);
  gtk_window_present (preferences);
  shoot (GTK_WIDGET (preferences), "preferences");
  gtk_window_destroy (preferences);

  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}
