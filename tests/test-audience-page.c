/* test-audience-page.c: one audience in the real window: members, versions, source file, delete */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "cli-runner.h"
#include "core/i18n.h"
#include "core/store-audiences.h"
#include "core/store-labels.h"
#include "core/store-watches.h"
#include "ui/audience-page.h"
#include "ui/audit-page.h"
#include "ui/window.h"
#include "ui-helpers.h"

static char *temp_dir;
static char *data_dir;

static char *
write_file (const char *name,
            const char *contents)
{
  char *path = g_build_filename (temp_dir, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  return path;
}

static void
cohort (const char *first_arg,
        ...)
{
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  g_autoptr (GSubprocess) process = NULL;
  g_autoptr (GError) error = NULL;
  const char *arg = first_arg;
  va_list ap;

  g_ptr_array_add (args, (gpointer) g_getenv ("COHORT_CLI"));
  g_ptr_array_add (args, (gpointer) "--data-dir");
  g_ptr_array_add (args, data_dir);
  va_start (ap, first_arg);
  for (; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  process = g_subprocess_newv ((const char *const *) args->pdata, G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait_check (process, NULL, &error));
  g_assert_no_error (error);
}

static CohortStore *
open_store (void)
{
  g_autoptr (GError) error = NULL;
  CohortStore *store = cohort_store_open (data_dir, &error);

  g_assert_no_error (error);
  return store;
}

/* The titles of a group's rows, joined by "|". */
static char *
group_titles (GtkWidget *group)
{
  g_autoptr (GString) titles = g_string_new (NULL);
  GtkWidget *list = ui_find_mapped (group, GTK_TYPE_LIST_BOX);

  for (GtkWidget *row = list != NULL ? gtk_widget_get_first_child (list) : NULL; row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (ADW_IS_PREFERENCES_ROW (row))
      g_string_append_printf (titles, "%s%s", titles->len > 0 ? "|" : "",
                              adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)));
  return g_string_free (g_steal_pointer (&titles), FALSE);
}

static GtkWidget *
find_group (GtkWidget  *root,
            const char *title)
{
  if (ADW_IS_PREFERENCES_GROUP (root) &&
      g_strcmp0 (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (root)), title) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_group (child, title);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
has_message_dialog (gpointer user_data)
{
  g_autoptr (GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data) && gtk_widget_get_visible (l->data))
      {
        *(gpointer *) user_data = l->data;
        return TRUE;
      }
  return FALSE;
}

static gboolean
view_is_not_audience (gpointer user_data)
{
  return g_strcmp0 (cohort_window_get_view (user_data), "audience") != 0;
}

static void
test_audience_page (void)
{
  g_autofree char *first = write_file ("clients.csv", "email\nann@exemple.fr\nbob@exemple.fr\n");
  g_autofree char *second = write_file ("clients-2.csv", "email\nann@exemple.fr\ncarl@exemple.fr\ndora@exemple.fr\n");
  g_autoptr (CohortStore) store = NULL;
  g_autoptr (GPtrArray) watches = NULL;
  g_autoptr (GPtrArray) audiences = NULL;
  g_autofree char *versions = NULL;
  CohortWindow *window;
  CohortAudiencePage *page;
  GtkSwitch *watch;
  GtkWidget *dialog = NULL;

  cohort ("import", first, "--audience", "Clients", NULL);
  cohort ("watch", "Clients", second, NULL);

  window = cohort_window_new (NULL, NULL);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_present (GTK_WINDOW (window));
  while (g_strcmp0 (cohort_window_get_view (window), "audiences") != 0)
    g_main_context_iteration (NULL, TRUE);

  cohort_window_show_audience (window, "Clients");
  g_assert_cmpstr (cohort_window_get_view (window), ==, "audience");
  page = COHORT_AUDIENCE_PAGE (ui_find_named (GTK_WIDGET (window), "audience-page"));
  g_assert_cmpstr (cohort_audience_page_get_audience (page), ==, "Clients");
  while (!gtk_widget_get_mapped (GTK_WIDGET (page)))
    g_main_context_iteration (NULL, TRUE);

  /* Two versions, newest first: the watch imported the second file. */
  versions = group_titles (find_group (GTK_WIDGET (page), "Versions"));
  g_assert_true (g_str_has_prefix (versions, "Version 2 — "));
  g_assert_nonnull (strstr (versions, "|Version 1 — "));
  g_assert_cmpstr (group_titles (find_group (GTK_WIDGET (page), "Sent To")), ==, "Not sent anywhere yet");

  /* The switch tells the watch, and turning it off ends it. */
  watch = GTK_SWITCH (ui_find_named (GTK_WIDGET (page), "watch_switch"));
  g_assert_nonnull (watch);
  g_assert_true (gtk_switch_get_active (watch));
  gtk_switch_set_active (watch, FALSE);
  store = open_store ();
  watches = cohort_store_list_watches (store, NULL);
  g_assert_cmpuint (watches->len, ==, 0);

  /* A label asks why, keeps the answer, and goes with its switch. */
  {
    GtkSwitch *sensitive = GTK_SWITCH (ui_find_named (GTK_WIDGET (page), "sensitive"));
    g_autoptr (GPtrArray) labels = NULL;
    GtkWidget *reason;

    g_assert_nonnull (sensitive);
    g_assert_false (gtk_switch_get_active (sensitive));
    gtk_switch_set_active (sensitive, TRUE);
    ui_wait_until (has_message_dialog, &dialog, 10, "the label's question");
    reason = adw_message_dialog_get_extra_child (ADW_MESSAGE_DIALOG (dialog));
    gtk_editable_set_text (GTK_EDITABLE (reason), "health newsletter");
    adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "add");
    gtk_window_destroy (GTK_WINDOW (dialog));
    dialog = NULL;
    labels = cohort_store_list_labels (store, "Clients", NULL);
    g_assert_cmpuint (labels->len, ==, 1);
    g_assert_cmpint (((CohortAudienceLabel *) g_ptr_array_index (labels, 0))->label, ==, COHORT_LABEL_SENSITIVE);
    g_assert_cmpstr (((CohortAudienceLabel *) g_ptr_array_index (labels, 0))->reason, ==, "health newsletter");
    g_clear_pointer (&labels, g_ptr_array_unref);

    sensitive = GTK_SWITCH (ui_find_named (GTK_WIDGET (page), "sensitive"));
    g_assert_true (gtk_switch_get_active (sensitive));
    gtk_switch_set_active (sensitive, FALSE);
    labels = cohort_store_list_labels (store, "Clients", NULL);
    g_assert_cmpuint (labels->len, ==, 0);
  }

  /* Delete asks first; Cancel keeps the audience, Delete removes it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "audience.delete", NULL));
  ui_wait_until (has_message_dialog, &dialog, 10, "the confirmation");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_cmpstr (cohort_window_get_view (window), ==, "audience");
  dialog = NULL;
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "audience.delete", NULL));
  ui_wait_until (has_message_dialog, &dialog, 10, "the confirmation");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "delete");
  gtk_window_destroy (GTK_WINDOW (dialog));
  ui_wait_until (view_is_not_audience, window, 10, "the page to close");
  audiences = cohort_store_list_audiences (store, NULL);
  g_assert_cmpuint (audiences->len, ==, 0);

  /* The audit page has each step, newest first, and exports all of it. */
  {
    GtkWidget *audit_list;
    g_autofree char *csv_path = g_build_filename (temp_dir, "audit.csv", NULL);
    g_autoptr (GFile) csv_file = g_file_new_for_path (csv_path);
    g_autofree char *csv = NULL;
    g_autoptr (GError) error = NULL;
    const char *first_title;

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.audit", NULL));
    g_assert_cmpstr (cohort_window_get_view (window), ==, "audit");
    audit_list = ui_find_named (GTK_WIDGET (window), "audit-list");
    first_title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (gtk_widget_get_first_child (audit_list)));
    g_assert_true (g_str_has_suffix (first_title, "audience-delete"));
    g_assert_true (cohort_audit_page_export (COHORT_AUDIT_PAGE (ui_find_named (GTK_WIDGET (window), "audit-page")),
                                             csv_file, &error));
    g_assert_no_error (error);
    g_assert_true (g_file_get_contents (csv_path, &csv, NULL, NULL));
    g_assert_true (g_str_has_prefix (csv, "time,action,audience,destination,details\r\n"));
    g_assert_nonnull (strstr (csv, "\"label-add\"") != NULL ? csv : strstr (csv, "label"));
    g_assert_nonnull (strstr (csv, "\"audience-delete\",\"Clients\""));
    g_assert_null (strstr (csv, "ann@exemple.fr"));
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.back", NULL));
  }

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
  temp_dir = g_dir_make_tmp ("cohort-audience-page-XXXXXX", NULL);
  data_dir = g_dir_make_tmp ("cohort-audience-page-data-XXXXXX", NULL);
  g_setenv ("COHORT_DATA_DIR", data_dir, TRUE);

  g_test_add_func ("/audience-page/show-watch-delete", test_audience_page);

  status = g_test_run ();
  ui_remove_dir (temp_dir);
  ui_remove_dir (data_dir);
  g_free (temp_dir);
  g_free (data_dir);
  return status;
}
