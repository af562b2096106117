/* window.c: CohortWindow, the main window */
#include "config.h"

#include <glib/gi18n.h>

#include "core/alert-kind.h"
#include "core/store.h"
#include "core/store-audiences.h"
#include "core/text-sniff.h"
#include "ui/audience-list.h"
#include "ui/audience-page.h"
#include "ui/activate-dialog.h"
#include "ui/alert-notify.h"
#include "ui/alerts-page.h"
#include "ui/audit-page.h"
#include "ui/status-page.h"
#include "ui/destination-assistant.h"
#include "ui/destinations-page.h"
#include "ui/store-monitor.h"
#include "ui/import-page.h"
#include "ui/window.h"

struct _CohortWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;
  GFile                *file;
  GCancellable         *cancellable;
  GtkFileChooserNative *chooser;
  CohortStore          *store;

  AdwToastOverlay      *toast_overlay;
  GtkStack             *stack;
  CohortAudienceList   *audience_list;
  CohortImportPage     *import_page;
  CohortAudiencePage   *audience_page;
  CohortAuditPage      *audit_page;
  GtkWidget            *back_button;
  AdwViewStack         *views;
  CohortDestinationsPage *destinations_page;
  CohortStatusPage     *status_page;
  CohortAlertsPage     *alerts_page;
  AdwViewStackPage     *alerts_view;
  GtkRevealer          *banner;
  GtkLabel             *banner_label;
  GtkButton            *banner_button;
  CohortStoreMonitor   *monitor;
};

G_DEFINE_FINAL_TYPE (CohortWindow, cohort_window, ADW_TYPE_APPLICATION_WINDOW)

enum
{
  PROP_0,
  PROP_SETTINGS,
  PROP_FILE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void update_banner (CohortWindow *self);
static void new_destination (CohortWindow *self);

void
cohort_window_add_toast (CohortWindow *self,
                         const char   *message)
{
  g_return_if_fail (COHORT_IS_WINDOW (self));

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

/* What Cohort can read: CSV, TSV and other delimited text. The MIME database
 * makes text/csv and text/tab-separated-values subtypes of text/plain. */
static gboolean
is_text_table (const char *content_type)
{
  return content_type != NULL && g_content_type_is_a (content_type, "text/plain");
}

static void
show_file (CohortWindow *self,
           GFile        *file)
{
  g_set_object (&self->file, file);
  cohort_import_page_load (self->import_page, self->store, file);
  gtk_stack_set_visible_child_name (self->stack, "file");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE]);
}

typedef struct
{
  GFile        *file;
  GFileInfo    *info;
  GInputStream *stream;
} OpenData;

static void
open_data_free (OpenData *data)
{
  g_clear_object (&data->file);
  g_clear_object (&data->info);
  if (data->stream != NULL)
    g_input_stream_close_async (data->stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
  g_clear_object (&data->stream);
  g_free (data);
}

/* Shows @message as a toast and fails the task with it; the window is left as it was. */
static void
refuse (GTask      *task,
        const char *message)
{
  cohort_window_add_toast (g_task_get_source_object (task), message);
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s", message);
}

static void
refuse_unreadable (GTask        *task,
                   GFile        *file,
                   const GError *error)
{
  g_autofree char *name = g_file_get_parse_name (file);
  g_autofree char *message = g_strdup_printf (_("Cannot open “%s”: %s"), name, error->message);

  refuse (task, message);
}

static void
refuse_not_a_table (GTask     *task,
                    GFileInfo *info)
{
  g_autofree char *message =
      g_strdup_printf (_("“%s” is not a text table. Open a CSV or TSV file."),
                       g_file_info_get_display_name (info));

  refuse (task, message);
}

static void
read_bytes_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) head = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, &error);
  OpenData *data = g_task_get_task_data (task);
  GFile *file = data->file;
  gsize length = 0;
  const guint8 *bytes;

  /* Cancelled means the window is being destroyed: leave it alone. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (head == NULL)
    {
      refuse_unreadable (task, file, error);
      return;
    }

  bytes = g_bytes_get_data (head, &length);
  if (!cohort_text_sniff (bytes, length))
    {
      refuse_not_a_table (task, data->info);
      return;
    }

  show_file (g_task_get_source_object (task), file);
  g_task_return_boolean (task, TRUE);
}

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;
  OpenData *data = g_task_get_task_data (task);
  GCancellable *cancellable;

  data->stream = G_INPUT_STREAM (g_file_read_finish (G_FILE (source), result, &error));
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (data->stream == NULL)
    {
      refuse_unreadable (task, G_FILE (source), error);
      return;
    }

  cancellable = g_task_get_cancellable (task);
  g_input_stream_read_bytes_async (data->stream, COHORT_TEXT_SNIFF_LENGTH, G_PRIORITY_DEFAULT,
                                   cancellable, read_bytes_cb, g_steal_pointer (&task));
}

static void
query_info_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GFile *file = G_FILE (source);
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GFileInfo) info = g_file_query_info_finish (file, result, &error);
  OpenData *data = g_task_get_task_data (task);
  GCancellable *cancellable;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (info == NULL)
    {
      refuse_unreadable (task, file, error);
      return;
    }
  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR ||
      !is_text_table (g_file_info_get_content_type (info)))
    {
      refuse_not_a_table (task, info);
      return;
    }
  if (g_file_info_get_size (info) == 0)
    {
      g_autofree char *message = g_strdup_printf (_("“%s” is empty."),
                                                  g_file_info_get_display_name (info));

      refuse (task, message);
      return;
    }

  /* The name says text; the first bytes must agree. */
  data->info = g_steal_pointer (&info);
  cancellable = g_task_get_cancellable (task);
  g_file_read_async (file, G_PRIORITY_DEFAULT, cancellable, read_cb, g_steal_pointer (&task));
}

/**
 * cohort_window_open_file_async:
 *
 * Checks, off the main thread, that @file is a readable text table (by its
 * type, then by its first bytes) and shows it; anything else gets a toast, changes nothing, and fails the call with
 * the toast's message.
 */
void
cohort_window_open_file_async (CohortWindow        *self,
                               GFile               *file,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  OpenData *data;
  GTask *task;

  g_return_if_fail (COHORT_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, self->cancellable, callback, user_data);
  g_task_set_name (task, "cohort_window_open_file_async");
  data = g_new0 (OpenData, 1);
  data->file = g_object_ref (file);
  g_task_set_task_data (task, data, (GDestroyNotify) open_data_free);
  g_file_query_info_async (file,
                           G_FILE_ATTRIBUTE_STANDARD_DISPLAY_NAME ","
                           G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                           G_FILE_ATTRIBUTE_STANDARD_SIZE ","
                           G_FILE_ATTRIBUTE_STANDARD_CONTENT_TYPE ","
                           G_FILE_ATTRIBUTE_TIME_MODIFIED,
                           G_FILE_QUERY_INFO_NONE, G_PRIORITY_DEFAULT, self->cancellable,
                           query_info_cb, task);
}

gboolean
cohort_window_open_file_finish (CohortWindow *self,
                                GAsyncResult *result,
                                GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
cohort_window_open_file (CohortWindow *self,
                         GFile        *file)
{
  cohort_window_open_file_async (self, file, NULL, NULL);
}

GFile *
cohort_window_get_file (CohortWindow *self)
{
  g_return_val_if_fail (COHORT_IS_WINDOW (self), NULL);

  return self->file;
}

/**
 * cohort_window_get_view:
 *
 * Returns: the name of the visible view: "empty", "audiences" or "file"
 */
const char *
cohort_window_get_view (CohortWindow *self)
{
  g_return_val_if_fail (COHORT_IS_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

static void
chooser_response_cb (GtkNativeDialog *dialog,
                     int              response,
                     gpointer         user_data)
{
  CohortWindow *self = COHORT_WINDOW (user_data);

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      cohort_window_open_file (self, file);
    }
  g_clear_object (&self->chooser);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CohortWindow *self = COHORT_WINDOW (widget);
  g_autoptr (GtkFileFilter) tables = gtk_file_filter_new ();
  g_autoptr (GtkFileFilter) all = gtk_file_filter_new ();

  if (self->chooser != NULL)
    {
      gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
      return;
    }

  gtk_file_filter_set_name (tables, _("Customer lists (CSV, TSV, text)"));
  gtk_file_filter_add_mime_type (tables, "text/csv");
  gtk_file_filter_add_mime_type (tables, "text/tab-separated-values");
  gtk_file_filter_add_mime_type (tables, "text/plain");
  gtk_file_filter_add_suffix (tables, "csv");
  gtk_file_filter_add_suffix (tables, "tsv");
  gtk_file_filter_add_suffix (tables, "txt");
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");

  self->chooser = gtk_file_chooser_native_new (_("Open a Customer List"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"),
                                               _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), tables);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), all);
  g_signal_connect (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         gpointer       user_data)
{
  CohortWindow *self = COHORT_WINDOW (user_data);
  GSList *files;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;

  files = gdk_file_list_get_files (g_value_get_boxed (value));
  if (files == NULL)
    return FALSE;

  cohort_window_open_file (self, files->data);
  if (files->next != NULL)
    cohort_window_add_toast (self, _("Only the first file was opened: import one file at a time."));
  g_slist_free (files);
  return TRUE;
}

static void
restore_size (CohortWindow *self)
{
  if (self->settings == NULL)
    return;

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static gboolean
cohort_window_close_request (GtkWindow *window)
{
  CohortWindow *self = COHORT_WINDOW (window);

  if (self->settings != NULL)
    {
      int width, height;

      /* The default size is the unmaximized one: restoring it after a
       * maximized session gives back the window the user had before. */
      gtk_window_get_default_size (window, &width, &height);
      g_settings_delay (self->settings);
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
      g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
      g_settings_apply (self->settings);
    }

  return GTK_WINDOW_CLASS (cohort_window_parent_class)->close_request (window);
}

/* The audiences, when there are, take the place of the invitation to
 * drop a file; an open file keeps its page. */
static void
update_home (CohortWindow *self)
{
  const char *view = gtk_stack_get_visible_child_name (self->stack);

  if (g_strcmp0 (view, "file") == 0 || g_strcmp0 (view, "audience") == 0 || g_strcmp0 (view, "audit") == 0)
    return;
  gtk_stack_set_visible_child_name (self->stack,
                                    cohort_audience_list_get_n_audiences (self->audience_list) > 0 ? "audiences"
                                                                                                 : "empty");
}

/* Saved or given up: back to the audiences, where a saved one now shows. */
static void
import_finished (CohortWindow *self,
                 const char   *audience)
{
  g_clear_object (&self->file);
  gtk_stack_set_visible_child_name (self->stack, "empty");
  update_home (self);
  if (audience != NULL)
    cohort_audience_list_reload (self->audience_list, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE]);
}

/**
 * cohort_window_show_audience:
 *
 * Shows one audience's page: its members, versions and where it is sent.
 */
void
cohort_window_show_audience (CohortWindow *self,
                             const char   *audience)
{
  g_return_if_fail (COHORT_IS_WINDOW (self));

  if (self->store == NULL)
    return;
  cohort_audience_page_show (self->audience_page, self->store, audience);
  gtk_stack_set_visible_child_name (self->stack, "audience");
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CohortWindow *self = COHORT_WINDOW (widget);

  gtk_stack_set_visible_child_name (self->stack, "empty");
  update_home (self);
}

static void
audit_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  CohortWindow *self = COHORT_WINDOW (widget);
  g_autoptr (GError) error = NULL;

  if (self->store == NULL)
    return;
  if (!cohort_audit_page_show (self->audit_page, self->store, &error))
    {
      cohort_window_add_toast (self, error->message);
      return;
    }
  gtk_stack_set_visible_child_name (self->stack, "audit");
}

/* The banner's button: what the state it tells about needs. */
static void
banner_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CohortWindow *self = COHORT_WINDOW (widget);

  cohort_window_show_view (self, "status");
}

static void
activated (CohortWindow *self,
           const char   *audience)
{
  g_autofree char *message = g_strdup_printf (_("“%s” will be sent to TikTok at the next sync"), audience);

  cohort_window_add_toast (self, message);
  cohort_status_page_reload (self->status_page);
}

/**
 * cohort_window_activate_audience:
 *
 * Opens the dialog that sends @audience to destinations.
 *
 * Returns: (transfer none) (nullable): the dialog
 */
GtkWindow *
cohort_window_activate_audience (CohortWindow *self,
                                 const char   *audience)
{
  CohortActivateDialog *dialog;

  g_return_val_if_fail (COHORT_IS_WINDOW (self), NULL);

  if (self->store == NULL || audience == NULL)
    return NULL;
  dialog = cohort_activate_dialog_new (GTK_WINDOW (self), self->store, audience);
  g_signal_connect_object (dialog, "activated", G_CALLBACK (activated), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "add-destination", G_CALLBACK (new_destination), self, G_CONNECT_SWAPPED);
  return GTK_WINDOW (dialog);
}

static void
activate_audience_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  CohortWindow *self = COHORT_WINDOW (widget);

  cohort_window_activate_audience (self, cohort_audience_page_get_audience (self->audience_page));
}

static void
show_audience_from_status (CohortWindow *self,
                           const char   *audience)
{
  cohort_window_show_view (self, "audiences");
  cohort_window_show_audience (self, audience);
}

/**
 * cohort_window_show_activation:
 * @activation_id: 0 for the status view alone
 *
 * The status view, with that activation opened: where a notification leads.
 */
void
cohort_window_show_activation (CohortWindow *self,
                               gint64        activation_id)
{
  g_return_if_fail (COHORT_IS_WINDOW (self));

  cohort_window_show_view (self, "status");
  if (activation_id != 0)
    cohort_status_page_reveal (self->status_page, activation_id);
}

/* A new alert, told by the application: a toast, and the banner. */
void
cohort_window_alert_raised (CohortWindow      *self,
                            const CohortAlert *alert)
{
  g_autofree char *message = NULL;

  g_return_if_fail (COHORT_IS_WINDOW (self));

  message = g_strdup_printf (_("%s: %s"), alert->subject, alert->message);
  cohort_window_add_toast (self, message);
  cohort_alerts_page_reload (self->alerts_page);
  update_banner (self);
}

static void
audience_deleted (CohortWindow *self,
                  const char   *audience)
{
  g_autofree char *message = g_strdup_printf (_("“%s” deleted"), audience);

  cohort_window_add_toast (self, message);
  cohort_audience_list_reload (self->audience_list, NULL);
  back_action (GTK_WIDGET (self), NULL, NULL);
}

/* The audience shown follows the store; gone, the page goes too. */
static void
audiences_reloaded (CohortWindow *self)
{
  const char *audience = cohort_audience_page_get_audience (self->audience_page);
  g_autoptr (GPtrArray) audiences = NULL;

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "audience") != 0 || audience == NULL)
    return;
  audiences = cohort_store_list_audiences (self->store, NULL);
  for (guint i = 0; audiences != NULL && i < audiences->len; i++)
    if (g_str_equal (((CohortAudienceInfo *) g_ptr_array_index (audiences, i))->name, audience))
      {
        cohort_audience_page_show (self->audience_page, self->store, audience);
        return;
      }
  back_action (GTK_WIDGET (self), NULL, NULL);
}

static void
destination_finished (CohortWindow *self,
                      const char   *destination)
{
  g_autofree char *message = g_strdup_printf (_("Destination “%s” added"), destination);

  cohort_destinations_page_reload (self->destinations_page);
  cohort_window_add_toast (self, message);
}

/**
 * cohort_window_new_destination:
 *
 * Opens the assistant that connects to TikTok and adds a destination; also
 * what Reconnect does.
 *
 * Returns: (transfer none) (nullable): the assistant, %NULL before the
 *   database is open
 */
GtkWindow *
cohort_window_new_destination (CohortWindow *self)
{
  CohortDestinationAssistant *assistant;

  g_return_val_if_fail (COHORT_IS_WINDOW (self), NULL);

  if (self->store == NULL)
    return NULL;
  assistant = cohort_destination_assistant_new (GTK_WINDOW (self), self->store, self->settings);
  g_signal_connect_object (assistant, "finished", G_CALLBACK (destination_finished), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (assistant));
  return GTK_WINDOW (assistant);
}

static void
new_destination (CohortWindow *self)
{
  cohort_window_new_destination (self);
}

/* "audiences", "destinations"…: one of the views of the switcher. */
void
cohort_window_show_view (CohortWindow *self,
                         const char   *view)
{
  g_return_if_fail (COHORT_IS_WINDOW (self));

  adw_view_stack_set_visible_child_name (self->views, view);
}

const char *
cohort_window_get_top_view (CohortWindow *self)
{
  g_return_val_if_fail (COHORT_IS_WINDOW (self), NULL);

  return adw_view_stack_get_visible_child_name (self->views);
}

static void
view_changed (CohortWindow *self)
{
  const char *view = gtk_stack_get_visible_child_name (self->stack);

  gtk_widget_set_visible (self->back_button,
                          g_strcmp0 (adw_view_stack_get_visible_child_name (self->views), "audiences") == 0 &&
                              (g_strcmp0 (view, "audience") == 0 || g_strcmp0 (view, "audit") == 0));
}

static void
n_audiences_changed (CohortWindow *self)
{
  update_home (self);
}

/* The banner tells the first open alert that needs the user: a revoked
 * token, a lost permission, a policy holding an activation. */
static void
update_banner (CohortWindow *self)
{
  g_autoptr (GPtrArray) alerts = self->store != NULL ? cohort_store_list_alerts (self->store, FALSE, NULL) : NULL;
  const CohortAlert *shown = NULL;

  for (guint i = 0; alerts != NULL && i < alerts->len && shown == NULL; i++)
    if (cohort_ui_alert_needs_banner (g_ptr_array_index (alerts, i)))
      shown = g_ptr_array_index (alerts, i);
  if (shown != NULL)
    {
      /* The what, in one line: the why is in the status and the alert. */
      /* Translators: an alert's subject ("audience → destination") and its kind */
      g_autofree char *text = g_strdup_printf (_("%s: %s"), shown->subject, cohort_alert_kind_describe (shown->kind));

      gtk_label_set_text (self->banner_label, text);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->banner_label), shown->message);
      gtk_button_set_label (self->banner_button, _("Show"));
    }
  gtk_revealer_set_reveal_child (self->banner, shown != NULL);
}

static void
unread_changed (CohortWindow *self)
{
  guint unread = cohort_alerts_page_get_n_unread (self->alerts_page);

  adw_view_stack_page_set_badge_number (self->alerts_view, unread);
  adw_view_stack_page_set_needs_attention (self->alerts_view, unread > 0);
}

/* The database changed (a sync, the command line): the pages follow. */
static void
store_changed (CohortWindow *self)
{
  g_autoptr (GError) error = NULL;

  if (!cohort_audience_list_reload (self->audience_list, &error))
    g_warning ("Cannot list the audiences: %s", error->message);
  cohort_destinations_page_reload (self->destinations_page);
  cohort_status_page_reload (self->status_page);
  cohort_alerts_page_reload (self->alerts_page);
  update_banner (self);
}

static void
store_opened_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CohortStore) store = cohort_store_open_finish (result, &error);
  CohortWindow *self;

  /* Cancelled: the window is gone. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = COHORT_WINDOW (user_data);
  if (store == NULL)
    {
      cohort_window_add_toast (self, error->message);
      return;
    }
  self->store = g_steal_pointer (&store);
  cohort_audience_list_set_store (self->audience_list, self->store);
  cohort_destinations_page_set_store (self->destinations_page, self->store);
  cohort_status_page_set_store (self->status_page, self->store);
  cohort_alerts_page_set_store (self->alerts_page, self->store);
  update_banner (self);
  self->monitor = cohort_store_monitor_new (self->store);
  g_signal_connect_object (self->monitor, "changed", G_CALLBACK (store_changed), self, G_CONNECT_SWAPPED);
  /* A file given on the command line may have come first. */
  if (self->file != NULL)
    cohort_import_page_load (self->import_page, self->store, self->file);
  update_home (self);
}

static void
cohort_window_constructed (GObject *object)
{
  CohortWindow *self = COHORT_WINDOW (object);

  G_OBJECT_CLASS (cohort_window_parent_class)->constructed (object);

  restore_size (self);
  g_signal_connect_object (self->audience_list, "notify::n-audiences", G_CALLBACK (n_audiences_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->import_page, "finished", G_CALLBACK (import_finished), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->audience_list, "audience-activated", G_CALLBACK (cohort_window_show_audience), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->audience_list, "reloaded", G_CALLBACK (audiences_reloaded), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->audience_page, "deleted", G_CALLBACK (audience_deleted), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->stack, "notify::visible-child-name", G_CALLBACK (view_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->views, "notify::visible-child-name", G_CALLBACK (view_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->destinations_page, "add-destination", G_CALLBACK (new_destination), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->destinations_page, "reconnect", G_CALLBACK (new_destination), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->status_page, "reconnect", G_CALLBACK (new_destination), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->status_page, "show-audience", G_CALLBACK (show_audience_from_status), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->alerts_page, "notify::n-unread", G_CALLBACK (unread_changed), self,
                           G_CONNECT_SWAPPED);
  cohort_store_open_async (NULL, self->cancellable, store_opened_cb, self);
}

static void
cohort_window_dispose (GObject *object)
{
  CohortWindow *self = COHORT_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_clear_object (&self->monitor);

  gtk_widget_dispose_template (GTK_WIDGET (self), COHORT_TYPE_WINDOW);

  G_OBJECT_CLASS (cohort_window_parent_class)->dispose (object);
}

static void
cohort_window_finalize (GObject *object)
{
  CohortWindow *self = COHORT_WINDOW (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_object (&self->file);

  G_OBJECT_CLASS (cohort_window_parent_class)->finalize (object);
}

static void
cohort_window_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  CohortWindow *self = COHORT_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cohort_window_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  CohortWindow *self = COHORT_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cohort_window_class_init (CohortWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = cohort_window_constructed;
  object_class->dispose = cohort_window_dispose;
  object_class->finalize = cohort_window_finalize;
  object_class->get_property = cohort_window_get_property;
  object_class->set_property = cohort_window_set_property;
  window_class->close_request = cohort_window_close_request;

  properties[PROP_SETTINGS] =
      g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FILE] =
      g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE,
                           G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (COHORT_TYPE_AUDIENCE_LIST);
  g_type_ensure (COHORT_TYPE_IMPORT_PAGE);
  g_type_ensure (COHORT_TYPE_AUDIENCE_PAGE);
  g_type_ensure (COHORT_TYPE_AUDIT_PAGE);
  g_type_ensure (COHORT_TYPE_DESTINATIONS_PAGE);
  g_type_ensure (COHORT_TYPE_STATUS_PAGE);
  g_type_ensure (COHORT_TYPE_ALERTS_PAGE);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/ui/window.ui");
  gtk_widget_class_bind_template_child (widget_class, CohortWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CohortWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, CohortWindow, audience_list);
  gtk_widget_class_bind_template_child (widget_class, CohortWindow, import_page);
  gtk_widget_class_bind_template_child (widget_class, CohortWindow, audience_page);
  gtk_widget_class_bind_template_child (widget_class, CohortWindow, audit_page);
  gtk_widget_class_bind_template_child (widget_class, CohortWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, CohortWindow, views);
  gtk_widget_class_bind_template_child (widget_class, CohortWindow, destinations_page);
  gtk_widget_class_bind_template_child (widget_class, CohortWindow, status_page);
  gtk_widget_class_bind_template_child (widget_class, CohortWindow, alerts_page);
  gtk_widget_class_bind_template_child (widget_class, CohortWindow, alerts_view);
  gtk_widget_class_bind_template_child (widget_class, CohortWindow, banner);
  gtk_widget_class_bind_template_child (widget_class, CohortWindow, banner_label);
  gtk_widget_class_bind_template_child (widget_class, CohortWindow, banner_button);

  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "win.audit", NULL, audit_action);
  gtk_widget_class_install_action (widget_class, "win.banner-action", NULL, banner_action);
  gtk_widget_class_install_action (widget_class, "win.activate-audience", NULL, activate_audience_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "win.back", NULL);
}

/* AdwApplication loads style.css for its windows; a window made without
 * it (the tests, the screenshots) loads it here, once. */
static void
load_style (void)
{
  static gboolean loaded;
  g_autoptr (GtkCssProvider) provider = NULL;

  if (loaded || g_application_get_default () != NULL)
    return;
  loaded = TRUE;
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, RESOURCE_BASE_PATH "/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

static void
cohort_window_init (CohortWindow *self)
{
  load_style ();
  GtkDropTarget *target;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();

  target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect (target, "drop", G_CALLBACK (drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));
}

/**
 * cohort_window_new:
 * @application: (nullable): the application
 * @settings: (nullable): where the window size is kept, %NULL to keep it nowhere
 */
CohortWindow *
cohort_window_new (GtkApplication *application,
                   GSettings      *settings)
{
  return g_object_new (COHORT_TYPE_WINDOW,
                       "application", application,
                       "settings", settings,
                       NULL);
}
