/* test-window.c: the real main window, application and preferences, under Xvfb */
#include "config.h"

#include <glib/gstdio.h>

#include "cli-runner.h"
#include "ui-helpers.h"
#include "core/i18n.h"
#include "core/keyring.h"
#include "core/store-alerts.h"
#include "core/settings.h"
#include "ui/application.h"
#include "ui/preferences-window.h"
#include "ui/window.h"

/* The stack cross-fades, so both pages are mapped for a moment: ask the stack. */
static AdwStatusPage *
visible_status_page (GtkWidget *window)
{
  GtkStack *stack = GTK_STACK (ui_find_named (window, "main-stack"));

  g_assert_nonnull (stack);
  return ADW_STATUS_PAGE (gtk_stack_get_visible_child (stack));
}

/* Not G_TEST_OPTION_ISOLATE_DIRS: it hides the system's MIME database from
 * GIO, and telling a CSV from a PNG is what these tests check. */
static char *temp_dir;

static char *
write_file (const char *name,
            const char *contents,
            gssize      length)
{
  char *path = g_build_filename (temp_dir, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, length, NULL));
  return path;
}

static void
remove_temp_dir (void)
{
  g_autoptr (GDir) dir = g_dir_open (temp_dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (temp_dir, name, NULL);

      g_remove (path);
    }
  g_rmdir (temp_dir);
  g_free (temp_dir);
}

static GSettings *
new_settings (void)
{
  g_autoptr (GError) error = NULL;
  GSettings *settings = cohort_settings_new (&error);

  g_assert_no_error (error);
  return settings;
}

static void
test_window_empty_state (void)
{
  g_autoptr (GSettings) settings = new_settings ();
  CohortWindow *window = cohort_window_new (NULL, settings);
  AdwStatusPage *page;

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_present (GTK_WINDOW (window));

  g_assert_cmpstr (cohort_window_get_view (window), ==, "empty");
  g_assert_null (cohort_window_get_file (window));
  page = visible_status_page (GTK_WIDGET (window));
  g_assert_nonnull (page);
  g_assert_cmpstr (adw_status_page_get_title (page), ==, "Drop a CSV file here");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.open", NULL));

  gtk_window_close (GTK_WINDOW (window));
  ui_wait_for ((gpointer *) &window, TRUE, "the window to be finalised");
  g_assert_null (window);
}

static void
test_window_size_saved (void)
{
  g_autoptr (GSettings) settings = new_settings ();
  CohortWindow *window;
  int width, height;

  g_settings_set_int (settings, "window-width", 700);
  g_settings_set_int (settings, "window-height", 500);
  window = cohort_window_new (NULL, settings);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);

  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 700);
  g_assert_cmpint (height, ==, 500);

  gtk_window_present (GTK_WINDOW (window));
  gtk_window_set_default_size (GTK_WINDOW (window), 810, 620);
  gtk_window_close (GTK_WINDOW (window));
  ui_wait_for ((gpointer *) &window, TRUE, "the window to be finalised");

  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 810);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 620);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));
}

static void
open_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GError **out = user_data;

  if (!cohort_window_open_file_finish (COHORT_WINDOW (source), result, out))
    g_assert_nonnull (*out);
  else
    *out = g_error_new_literal (G_IO_ERROR, 0, "no error");
}

/* Opens @file in @window and waits; the error is "no error" on success. */
static GError *
open_and_wait (CohortWindow *window,
               GFile        *file)
{
  GError *error = NULL;

  cohort_window_open_file_async (window, file, open_cb, &error);
  ui_wait_for ((gpointer *) &error, FALSE, "the file to be opened");
  return error;
}

static void
test_window_open_file (void)
{
  g_autofree char *csv = write_file ("customers.csv", "email\nsomeone@example.com\n", -1);
  g_autofree char *png = write_file ("photo.csv", "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\1", 20);
  g_autofree char *missing = g_build_filename (temp_dir, "gone.csv", NULL);
  g_autoptr (GFile) csv_file = g_file_new_for_path (csv);
  g_autoptr (GFile) png_file = g_file_new_for_path (png);
  g_autoptr (GFile) missing_file = g_file_new_for_path (missing);
  g_autoptr (GFile) folder = g_file_new_for_path (temp_dir);
  CohortWindow *window = cohort_window_new (NULL, NULL);
  GError *error = NULL;

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_present (GTK_WINDOW (window));

  /* Not a text table, whatever its name says: refused, nothing changes. */
  error = open_and_wait (window, png_file);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "“photo.csv” is not a text table"));
  g_clear_error (&error);
  error = open_and_wait (window, folder);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);
  error = open_and_wait (window, missing_file);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, missing));
  g_clear_error (&error);
  g_assert_cmpstr (cohort_window_get_view (window), ==, "empty");
  g_assert_null (cohort_window_get_file (window));

  error = open_and_wait (window, csv_file);
  g_assert_cmpstr (error->message, ==, "no error");
  g_clear_error (&error);
  g_assert_true (g_file_equal (cohort_window_get_file (window), csv_file));
  g_assert_cmpstr (cohort_window_get_view (window), ==, "file");
  g_assert_nonnull (ui_find_named (GTK_WIDGET (window), "import-page"));

  gtk_window_close (GTK_WINDOW (window));
  ui_wait_for ((gpointer *) &window, TRUE, "the window to be finalised");
}

typedef struct
{
  GFile   *expected;
  gboolean opened;
} AppRun;

static void
app_file_cb (GObject    *object,
             GParamSpec *pspec,
             gpointer    user_data)
{
  AppRun *run = user_data;
  CohortWindow *window = COHORT_WINDOW (object);
  GApplication *app = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (window)));
  g_autoptr (GList) toplevels = NULL;

  run->opened = g_file_equal (cohort_window_get_file (window), run->expected);

  /* The menu's actions open real windows. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  toplevels = gtk_window_list_toplevels ();
  g_assert_cmpint (g_list_length (toplevels), ==, 4);

  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
}

static void
app_window_added_cb (GtkApplication *app,
                     GtkWindow      *window,
                     gpointer        user_data)
{
  if (COHORT_IS_WINDOW (window))
    g_signal_connect (window, "notify::file", G_CALLBACK (app_file_cb), user_data);
}

static void
test_application_opens_file (void)
{
  g_autofree char *csv = write_file ("from-command-line.csv", "phone\n+33612345678\n", -1);
  g_autoptr (GFile) file = g_file_new_for_path (csv);
  g_autoptr (CohortApplication) app = cohort_application_new (G_APPLICATION_NON_UNIQUE);
  char *argv[] = { (char *) "cohort", csv, NULL };
  AppRun run = { file, FALSE };
  g_signal_connect (app, "window-added", G_CALLBACK (app_window_added_cb), &run);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 2, argv), ==, 0);
  g_assert_true (run.opened);
}

static void
test_preferences_bind (void)
{
  g_autoptr (GSettings) settings = new_settings ();
  CohortPreferencesWindow *preferences;
  AdwComboRow *server_row;
  AdwEntryRow *custom_row;

  g_settings_reset (settings, "api-server");
  preferences = cohort_preferences_window_new (settings);
  g_object_add_weak_pointer (G_OBJECT (preferences), (gpointer *) &preferences);
  gtk_window_present (GTK_WINDOW (preferences));

  server_row = ADW_COMBO_ROW (ui_find_named (GTK_WIDGET (preferences), "server_row"));
  custom_row = ADW_ENTRY_ROW (ui_find_named (GTK_WIDGET (preferences), "custom_url_row"));
  g_assert_cmpuint (adw_combo_row_get_selected (server_row), ==, 0);
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (custom_row)));

  adw_combo_row_set_selected (server_row, 2);
  g_assert_cmpstr (g_settings_get_string (settings, "api-server"), ==, "custom");
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (custom_row)));

  /* A bad address is refused and marked; a good one is stored. */
  gtk_editable_set_text (GTK_EDITABLE (custom_row), "ftp://nowhere");
  g_signal_emit_by_name (custom_row, "apply");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (custom_row), "error"));
  g_assert_cmpstr (g_settings_get_string (settings, "api-custom-url"), ==, "");
  gtk_editable_set_text (GTK_EDITABLE (custom_row), "http://127.0.0.1:8765");
  g_signal_emit_by_name (custom_row, "apply");
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (custom_row), "error"));
  g_assert_cmpstr (g_settings_get_string (settings, "api-custom-url"), ==,
                   "http://127.0.0.1:8765");

  /* The numbers are the settings, both ways. */
  g_settings_set_int (settings, "redirect-port", 9000);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (ui_find_named (GTK_WIDGET (preferences),
                                                                                  "port_spin"))), ==, 9000);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (ui_find_named (GTK_WIDGET (preferences), "batch_spin")), 250);
  g_assert_cmpint (g_settings_get_int (settings, "batch-rows"), ==, 250);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (ui_find_named (GTK_WIDGET (preferences), "rejection_spin")), 25);
  g_assert_cmpint (g_settings_get_int (settings, "rejection-alert-percent"), ==, 25);
  g_settings_reset (settings, "redirect-port");
  g_settings_reset (settings, "batch-rows");
  g_settings_reset (settings, "rejection-alert-percent");

  /* Import defaults: the country list writes its code, the switches their keys. */
  {
    GtkDropDown *country = GTK_DROP_DOWN (ui_find_named (GTK_WIDGET (preferences), "country_dropdown"));
    GListModel *names = gtk_drop_down_get_model (country);

    for (guint i = 1; i < g_list_model_get_n_items (names); i++)
      if (g_str_equal (gtk_string_list_get_string (GTK_STRING_LIST (names), i), "Sweden"))
        gtk_drop_down_set_selected (country, i);
    g_assert_cmpstr (g_settings_get_string (settings, "default-country"), ==, "SE");
    gtk_drop_down_set_selected (country, 0);
    g_assert_cmpstr (g_settings_get_string (settings, "default-country"), ==, "");
    gtk_switch_set_active (GTK_SWITCH (ui_find_named (GTK_WIDGET (preferences), "background_switch")), TRUE);
    g_assert_true (g_settings_get_boolean (settings, "sync-in-background"));
    g_settings_reset (settings, "sync-in-background");
    gtk_switch_set_active (GTK_SWITCH (ui_find_named (GTK_WIDGET (preferences), "gmail_switch")), TRUE);
    g_assert_true (g_settings_get_boolean (settings, "email-gmail-dots"));
    g_settings_reset (settings, "email-gmail-dots");
  }

  /* The app's secret goes to the keyring, never back to the screen. */
  {
    AdwEntryRow *app_id = ADW_ENTRY_ROW (ui_find_named (GTK_WIDGET (preferences), "app_id_row"));
    GtkWidget *secret = ui_find_named (GTK_WIDGET (preferences), "secret_row");
    g_autoptr (GError) error = NULL;
    char *stored;

    gtk_editable_set_text (GTK_EDITABLE (app_id), "7100000000000000999");
    gtk_editable_set_text (GTK_EDITABLE (secret), "has a space");
    g_signal_emit_by_name (secret, "apply");
    g_assert_true (gtk_widget_has_css_class (secret, "error"));
    gtk_editable_set_text (GTK_EDITABLE (secret), "prefs-secret-0123456789");
    g_signal_emit_by_name (secret, "apply");
    g_assert_false (gtk_widget_has_css_class (secret, "error"));
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (secret)), ==, "");
    stored = cohort_keyring_lookup_sync (COHORT_SECRET_APP_SECRET, "7100000000000000999", NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (stored, ==, "prefs-secret-0123456789");
    cohort_keyring_secret_free (stored);
    g_assert_true (cohort_keyring_clear_sync (COHORT_SECRET_APP_SECRET, "7100000000000000999", NULL, &error));
  }

  gtk_window_close (GTK_WINDOW (preferences));
  ui_wait_for ((gpointer *) &preferences, TRUE, "the preferences to be finalised");
}

static char *data_dir;

/* The titles of the audience list's rows, joined by "|". */
static char *
audience_titles (CohortWindow *window)
{
  GtkWidget *list = ui_find_named (GTK_WIDGET (window), "audience-list");
  g_autoptr (GString) titles = g_string_new (NULL);

  g_assert_nonnull (list);
  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL; row = gtk_widget_get_next_sibling (row))
    if (ADW_IS_ACTION_ROW (row))
      g_string_append_printf (titles, "%s%s", titles->len > 0 ? "|" : "",
                              adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)));
  return g_string_free (g_steal_pointer (&titles), FALSE);
}

static void
import_audience (const char *name,
                 const char *contents)
{
  g_autofree char *path = write_file ("audience.csv", contents, -1);
  g_auto (CliRun) run = { 0 };

  cli_run (&run, NULL, "import", path, "--audience", name, NULL);
  g_assert_cmpint (run.status, ==, 0);
}

/* Spins the main loop until the list shows @expected, for ten seconds at most. */
static void
wait_for_titles (CohortWindow *window,
                 const char   *expected)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  for (;;)
    {
      g_autofree char *titles = audience_titles (window);

      if (g_str_equal (titles, expected))
        return;
      if (g_get_monotonic_time () > deadline)
        g_error ("the audience list shows “%s”, not “%s”", titles, expected);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10000);
    }
}

/* The audiences replace the empty state, and follow what the command line
 * stores while the window is open. */
static void
test_window_audiences (void)
{
  g_autoptr (GSettings) settings = new_settings ();
  CohortWindow *window;

  import_audience ("Clients FR", "email\nann@exemple.fr\nbob@exemple.fr\n");
  import_audience ("App users", "gaid\n6d92078a-8246-4ba4-ae5b-76104861e7dc\n");
  window = cohort_window_new (NULL, settings);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_present (GTK_WINDOW (window));

  wait_for_titles (window, "App users|Clients FR");
  g_assert_cmpstr (cohort_window_get_view (window), ==, "audiences");

  import_audience ("Newsletter", "email\ncarl@exemple.fr\n");
  wait_for_titles (window, "App users|Clients FR|Newsletter");

  gtk_window_close (GTK_WINDOW (window));
  ui_wait_for ((gpointer *) &window, TRUE, "the window to be finalised");
}

/* The switcher's views, and the destination assistant opened from the window. */
static void
test_window_views (void)
{
  CohortWindow *window = cohort_window_new (NULL, NULL);
  GtkWindow *assistant;

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_cmpstr (cohort_window_get_top_view (window), ==, "audiences");
  while (cohort_window_new_destination (window) == NULL)
    g_main_context_iteration (NULL, TRUE);
  /* The first one, made in the loop above, is the one to close. */
  for (GList *l = gtk_window_list_toplevels (); l != NULL; l = g_list_delete_link (l, l))
    if (l->data != (gpointer) window && gtk_window_get_transient_for (l->data) == GTK_WINDOW (window))
      gtk_window_destroy (l->data);

  cohort_window_show_view (window, "destinations");
  g_assert_cmpstr (cohort_window_get_top_view (window), ==, "destinations");
  g_assert_true (gtk_widget_get_mapped (ui_find_named (GTK_WIDGET (window), "destinations-page")));
  assistant = cohort_window_new_destination (window);
  g_assert_nonnull (assistant);
  g_assert_true (gtk_window_get_transient_for (assistant) == GTK_WINDOW (window));
  gtk_window_destroy (assistant);

  gtk_window_close (GTK_WINDOW (window));
  ui_wait_for ((gpointer *) &window, TRUE, "the window to be finalised");
}

static gboolean
banner_shown (gpointer user_data)
{
  return gtk_revealer_get_reveal_child (GTK_REVEALER (ui_find_named (user_data, "banner")));
}

static gboolean
banner_hidden (gpointer user_data)
{
  return !banner_shown (user_data);
}

/* A pause raised by another process (the sync) shows the banner, whose
 * button leads to the status; acknowledged, the banner goes. */
static void
test_window_banner (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CohortStore) store = cohort_store_open (data_dir, &error);
  CohortWindow *window = cohort_window_new (NULL, NULL);
  gint64 id;

  g_assert_no_error (error);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_false (banner_shown (window));
  id = cohort_store_raise_alert (store, COHORT_ALERT_PAUSED, 0, "Clients FR → Paris",
                                 "The TikTok token was revoked.", "", &error);
  g_assert_no_error (error);
  ui_wait_until (banner_shown, window, 10, "the banner");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.banner-action", NULL));
  g_assert_cmpstr (cohort_window_get_top_view (window), ==, "status");
  g_assert_true (cohort_store_acknowledge_alert (store, id, &error));
  ui_wait_until (banner_hidden, window, 10, "the banner to go");

  gtk_window_close (GTK_WINDOW (window));
  ui_wait_for ((gpointer *) &window, TRUE, "the window to be finalised");
}

int
main (int   argc,
      char *argv[])
{
  int status;

  cohort_i18n_init ();
  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_test_message ("no display: run under build-aux/test-env.sh");
      return 77;
    }
  adw_init ();
  temp_dir = g_dir_make_tmp ("cohort-window-XXXXXX", NULL);
  g_assert_nonnull (temp_dir);
  /* The window and the command line share this database, never the user's. */
  data_dir = g_dir_make_tmp ("cohort-window-data-XXXXXX", NULL);
  g_setenv ("COHORT_DATA_DIR", data_dir, TRUE);

  g_test_add_func ("/window/empty-state", test_window_empty_state);
  g_test_add_func ("/window/size-saved", test_window_size_saved);
  g_test_add_func ("/window/open-file", test_window_open_file);
  g_test_add_func ("/window/preferences", test_preferences_bind);
  g_test_add_func ("/application/opens-file", test_application_opens_file);
  g_test_add_func ("/window/audiences", test_window_audiences);
  g_test_add_func ("/window/views", test_window_views);
  g_test_add_func ("/window/banner", test_window_banner);

  status = g_test_run ();
  remove_temp_dir ();
  {
    const char *names[] = { "cohort.db", "cohort.db-wal", "cohort.db-shm", "sync.lock" };

    for (guint i = 0; i < G_N_ELEMENTS (names); i++)
      {
        g_autofree char *path = g_build_filename (data_dir, names[i], NULL);

        g_remove (path);
      }
    g_rmdir (data_dir);
    g_free (data_dir);
  }
  return status;
}
