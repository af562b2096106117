/* test-import-page.c: the import flow in the real window: drop, map, pre-flight, show the hash, save, stop */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "core/i18n.h"
#include "core/import.h"
#include "core/normalize.h"
#include "core/store-audiences.h"
#include "core/store-watches.h"
#include "ui/import-page.h"
#include "ui/import-report-view.h"
#include "ui/window.h"
#include "ui-helpers.h"

static char *temp_dir;
static char *data_dir;

static GFile *
write_csv (const char *name,
           const char *contents)
{
  g_autofree char *path = g_build_filename (temp_dir, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  return g_file_new_for_path (path);
}

/* What a user's drop gives the window: the drop target's own handler runs. */
static void
drop_file (CohortWindow *window,
           GFile        *file)
{
  g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (window));
  g_auto (GValue) value = G_VALUE_INIT;
  GSList *files = g_slist_prepend (NULL, file);
  gboolean accepted = FALSE;

  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, gdk_file_list_new_from_list (files));
  g_slist_free (files);
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr (GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        g_signal_emit_by_name (controller, "drop", &value, 10.0, 10.0, &accepted);
    }
  g_assert_true (accepted);
}

typedef struct
{
  CohortImportPage *page;
  const char       *step;
} StepWait;

static gboolean
page_at_step (gpointer user_data)
{
  StepWait *wait = user_data;

  return g_strcmp0 (cohort_import_page_get_step (wait->page), wait->step) == 0;
}

static void
wait_for_step (CohortImportPage *page,
               const char       *step)
{
  StepWait wait = { page, step };
  g_autofree char *what = g_strdup_printf ("the import page's step “%s”", step);

  ui_wait_until (page_at_step, &wait, 60, what);
}

static gboolean
view_is_audiences (gpointer user_data)
{
  return g_strcmp0 (cohort_window_get_view (user_data), "audiences") == 0;
}

static gboolean
has_children (gpointer user_data)
{
  return gtk_widget_get_visible (user_data) && gtk_widget_get_first_child (user_data) != NULL;
}

static CohortWindow *
new_window (void)
{
  CohortWindow *window = cohort_window_new (NULL, NULL);

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static void
close_window (CohortWindow *window)
{
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_close (GTK_WINDOW (window));
  ui_wait_for ((gpointer *) &window, TRUE, "the window to be finalised");
}

static GPtrArray *
list_audiences (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CohortStore) store = cohort_store_open (data_dir, &error);
  GPtrArray *audiences;

  g_assert_no_error (error);
  audiences = cohort_store_list_audiences (store, &error);
  g_assert_no_error (error);
  return audiences;
}

static const CohortAudienceInfo *
find_audience (GPtrArray  *audiences,
               const char *name)
{
  for (guint i = 0; i < audiences->len; i++)
    {
      const CohortAudienceInfo *info = g_ptr_array_index (audiences, i);

      if (g_str_equal (info->name, name))
        return info;
    }
  return NULL;
}

/* The window's figures are the core's: the same file, mapped the same way,
 * counted by a CohortImport of the test's own. */
static void
assert_same_report (const CohortImportReport *shown,
                    GFile                    *file)
{
  g_autoptr (CohortImport) import = cohort_import_new (file);
  g_autoptr (GError) error = NULL;
  const CohortImportReport *expected;

  cohort_import_add_mapping (import, "phone", COHORT_COLUMN_IGNORE);
  cohort_import_add_consent (import, "consent", 0);
  g_assert_true (cohort_import_run (import, NULL, "Expected", NULL, TRUE, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  expected = cohort_import_get_report (import);

  g_assert_cmpuint (shown->rows, ==, expected->rows);
  g_assert_cmpuint (shown->accepted, ==, expected->accepted);
  g_assert_cmpuint (shown->rejected, ==, expected->rejected);
  g_assert_cmpuint (shown->excluded, ==, expected->excluded);
  g_assert_cmpuint (shown->duplicates, ==, expected->duplicates);
  for (guint i = 0; i < COHORT_N_IDENTITIES; i++)
    g_assert_cmpuint (shown->unique[i], ==, expected->unique[i]);
  for (guint r = 0; r < COHORT_N_REASONS; r++)
    g_assert_cmpuint (shown->reasons[r], ==, expected->reasons[r]);
}

static void
test_import_flow (void)
{
  g_autoptr (GFile) file = write_csv ("flow.csv",
                                      "email,phone,consent\n"
                                      "Ann@Exemple.fr,0612345678,yes\n"
                                      "bob@exemple.fr,+33698765432,yes\n"
                                      "not an email,+33611111111,yes\n"
                                      "carl@exemple.fr,,no\n"
                                      "ann@exemple.fr,,yes\n");
  CohortWindow *window = new_window ();
  CohortImportPage *page;
  CohortImportReportView *view;
  GtkListBox *hash_list;
  g_autoptr (GPtrArray) audiences = NULL;
  const CohortAudienceInfo *info;
  const CohortImportReport *report;
  guint8 hash[COHORT_HASH_LENGTH];
  char hex[COHORT_HASH_LENGTH * 2 + 1];
  gboolean found_hash = FALSE;

  drop_file (window, file);
  page = COHORT_IMPORT_PAGE (ui_find_named (GTK_WIDGET (window), "import-page"));
  g_assert_nonnull (page);
  wait_for_step (page, "setup");
  g_assert_cmpstr (cohort_window_get_view (window), ==, "file");
  /* Detection's guesses, as the form shows them. */
  g_assert_cmpint (cohort_import_get_column_type (cohort_import_page_get_import (page), 0), ==, COHORT_COLUMN_EMAIL);
  g_assert_cmpint (cohort_import_get_column_type (cohort_import_page_get_import (page), 1), ==, COHORT_COLUMN_PHONE);

  /* Nothing happens without a name for the new audience. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "import.check", NULL));
  g_assert_cmpstr (cohort_import_page_get_step (page), ==, "setup");

  cohort_import_page_set_column_type (page, 1, COHORT_COLUMN_IGNORE);
  cohort_import_page_set_audience (page, "Flow");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "import.check", NULL));
  wait_for_step (page, "report");
  report = cohort_import_get_report (cohort_import_page_get_import (page));
  g_assert_cmpuint (report->rows, ==, 5);
  g_assert_cmpuint (report->unique[COHORT_IDENTITY_EMAIL], ==, 2);
  g_assert_cmpuint (report->unique[COHORT_IDENTITY_PHONE], ==, 0);
  g_assert_cmpuint (report->excluded, ==, 1);
  g_assert_cmpuint (report->duplicates, ==, 1);
  g_assert_cmpuint (report->version, ==, 0);
  assert_same_report (report, file);
  /* A pre-flight stores nothing. */
  audiences = list_audiences ();
  g_assert_null (find_audience (audiences, "Flow"));
  g_clear_pointer (&audiences, g_ptr_array_unref);

  /* Show me the hash: row 1's email, normalised, then its SHA-256. */
  view = COHORT_IMPORT_REPORT_VIEW (ui_find_named (GTK_WIDGET (page), "report-view"));
  hash_list = cohort_import_report_view_get_hash_list (view);
  cohort_import_report_view_inspect (view, 1);
  ui_wait_until (has_children, hash_list, 20, "the row's hashes");
  cohort_sha256 ("ann@exemple.fr", strlen ("ann@exemple.fr"), hash);
  cohort_hex_encode (hash, COHORT_HASH_LENGTH, hex);
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (hash_list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (ADW_IS_ACTION_ROW (row))
      {
        const char *subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (row));

        found_hash |= subtitle != NULL && strstr (subtitle, hex) != NULL && strstr (subtitle, "Ann@Exemple.fr") != NULL;
      }
  g_assert_true (found_hash);

  /* Followed: the file's imports to come take the same choices. */
  gtk_switch_set_active (GTK_SWITCH (ui_find_named (GTK_WIDGET (page), "follow_switch")), TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "import.save", NULL));
  ui_wait_until (view_is_audiences, window, 60, "the audiences after saving");
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (CohortStore) store = cohort_store_open (data_dir, &error);
    g_autoptr (GPtrArray) watches = cohort_store_list_watches (store, &error);
    g_autofree char *options = NULL;
    g_autofree char *path = g_file_get_path (file);
    const CohortWatch *watch;
    GStatBuf st;

    g_assert_no_error (error);
    g_assert_cmpuint (watches->len, ==, 1);
    watch = g_ptr_array_index (watches, 0);
    g_assert_cmpstr (watch->audience, ==, "Flow");
    g_assert_cmpstr (watch->path, ==, path);
    options = g_strjoinv (" ", watch->options);
    g_assert_nonnull (strstr (options, "--map 2=ignore"));
    g_assert_nonnull (strstr (options, "--consent-column 3"));
    /* Already imported as it is: the next sync does not import it again. */
    g_assert_cmpint (g_stat (path, &st), ==, 0);
    g_assert_cmpint (watch->size, ==, st.st_size);
  }
  audiences = list_audiences ();
  info = find_audience (audiences, "Flow");
  if (info == NULL)
    g_error ("“Flow” was not saved");
  g_assert_cmpint (info->versions, ==, 1);
  g_assert_cmpuint (info->members[COHORT_IDENTITY_EMAIL], ==, 2);
  g_assert_cmpuint (info->members[COHORT_IDENTITY_PHONE], ==, 0);

  close_window (window);
}

/* Stopped at any step, nothing is stored; a window closed mid-run is freed. */
static void
test_import_stop (void)
{
  g_autoptr (GString) contents = g_string_new ("email\n");
  g_autoptr (GFile) file = NULL;
  g_autoptr (GPtrArray) audiences = NULL;
  CohortWindow *window;
  CohortImportPage *page;

  for (guint i = 0; i < 300000; i++)
    g_string_append_printf (contents, "client.%u@exemple.fr\n", i);
  file = write_csv ("large.csv", contents->str);

  window = new_window ();
  drop_file (window, file);
  page = COHORT_IMPORT_PAGE (ui_find_named (GTK_WIDGET (window), "import-page"));
  wait_for_step (page, "setup");
  cohort_import_page_set_audience (page, "Stopped");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "import.check", NULL));
  g_assert_cmpstr (cohort_import_page_get_step (page), ==, "running");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "import.stop", NULL));
  wait_for_step (page, "setup");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "import.check", NULL));
  wait_for_step (page, "report");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "import.save", NULL));
  g_assert_cmpstr (cohort_import_page_get_step (page), ==, "running");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "import.stop", NULL));
  wait_for_step (page, "report");
  audiences = list_audiences ();
  g_assert_null (find_audience (audiences, "Stopped"));

  /* Closed while a check runs: the run stops and the window goes. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "import.back", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "import.check", NULL));
  close_window (window);
  g_clear_pointer (&audiences, g_ptr_array_unref);
  audiences = list_audiences ();
  g_assert_null (find_audience (audiences, "Stopped"));
}

/* Cancel on the form: back home, the file let go. */
static void
test_import_close (void)
{
  g_autoptr (GFile) file = write_csv ("closed.csv", "email\nzoe@exemple.fr\n");
  CohortWindow *window = new_window ();
  CohortImportPage *page;

  drop_file (window, file);
  page = COHORT_IMPORT_PAGE (ui_find_named (GTK_WIDGET (window), "import-page"));
  wait_for_step (page, "setup");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "import.close", NULL));
  g_assert_null (cohort_window_get_file (window));
  g_assert_cmpstr (cohort_window_get_view (window), !=, "file");
  close_window (window);
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
  temp_dir = g_dir_make_tmp ("cohort-import-page-XXXXXX", NULL);
  data_dir = g_dir_make_tmp ("cohort-import-page-data-XXXXXX", NULL);
  g_setenv ("COHORT_DATA_DIR", data_dir, TRUE);

  g_test_add_func ("/import-page/flow", test_import_flow);
  g_test_add_func ("/import-page/stop", test_import_stop);
  g_test_add_func ("/import-page/close", test_import_close);

  status = g_test_run ();
  ui_remove_dir (temp_dir);
  ui_remove_dir (data_dir);
  g_free (temp_dir);
  g_free (data_dir);
  return status;
}
