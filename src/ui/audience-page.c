/* audience-page.c: CohortAudiencePage, one audience: members, source file, destinations, versions, export, delete */
#include "config.h"

#include <glib/gi18n.h>

#include "core/export.h"
#include "core/format.h"
#include "core/store-activations.h"
#include "core/store-audiences.h"
#include "core/store-labels.h"
#include "core/store-policies.h"
#include "core/store-versions.h"
#include "core/store-watches.h"
#include "ui/audience-page.h"
#include "ui/labels.h"
#include "ui/widgets.h"

struct _CohortAudiencePage
{
  AdwBin               parent_instance;

  CohortStore         *store;
  char                *audience;
  char                *watched_path; /* NULL when the audience follows no file */
  GPtrArray           *rows;         /* what show() added to the groups */
  GCancellable        *cancellable;
  gboolean             updating;     /* the switch is set by the page, not the user */

  AdwPreferencesGroup *members_group;
  AdwPreferencesGroup *labels_group;
  AdwPreferencesGroup *activations_group;
  AdwPreferencesGroup *versions_group;
  AdwActionRow        *watch_row;
  GtkSwitch           *watch_switch;
};

G_DEFINE_FINAL_TYPE (CohortAudiencePage, cohort_audience_page, ADW_TYPE_BIN)

enum
{
  DELETED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
add_row (CohortAudiencePage  *self,
         AdwPreferencesGroup *group,
         const char          *title,
         const char          *subtitle,
         GtkWidget           *suffix)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  /* Plain text (no markup, above): names and reasons are shown as typed. */
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (suffix != NULL)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), suffix);
  adw_preferences_group_add (group, row);
  g_ptr_array_add (self->rows, row);
}

static void
show_members (CohortAudiencePage *self)
{
  g_autoptr (GPtrArray) audiences = cohort_store_list_audiences (self->store, NULL);

  for (guint i = 0; audiences != NULL && i < audiences->len; i++)
    {
      const CohortAudienceInfo *info = g_ptr_array_index (audiences, i);
      g_autofree char *date = NULL;
      g_autofree char *description = NULL;

      if (!g_str_equal (info->name, self->audience))
        continue;
      date = cohort_ui_format_date_time (info->last_import);
      /* Translators: version 3, imported DATE from FILE */
      description = g_strdup_printf (_("Version %lld, imported %s from %s"), (long long) info->versions, date,
                                     info->source_name != NULL ? info->source_name : "");
      adw_preferences_group_set_description (self->members_group, description);
      for (CohortIdentity id = 0; id < COHORT_N_IDENTITIES; id++)
        add_row (self, self->members_group, cohort_ui_identity_title (id), NULL, cohort_ui_count_label (info->members[id]));
    }
}

static void
show_activations (CohortAudiencePage *self)
{
  g_autoptr (GPtrArray) activations = cohort_store_list_activations (self->store, NULL);
  guint shown = 0;

  for (guint i = 0; activations != NULL && i < activations->len; i++)
    {
      const CohortActivation *activation = g_ptr_array_index (activations, i);
      GtkWidget *state;

      if (!g_str_equal (activation->audience, self->audience))
        continue;
      shown++;
      state = gtk_label_new (cohort_ui_activation_state (activation->state));
      gtk_widget_add_css_class (state, cohort_ui_activation_state_style (activation->state));
      add_row (self, self->activations_group, activation->destination,
               *activation->reason != '\0' ? activation->reason : NULL, state);
    }
  if (shown == 0)
    add_row (self, self->activations_group, _("Not sent anywhere yet"), NULL, NULL);
}

static void
show_versions (CohortAudiencePage *self)
{
  g_autoptr (GPtrArray) versions = cohort_store_list_versions (self->store, self->audience, NULL);

  for (guint i = 0; versions != NULL && i < versions->len; i++)
    {
      const CohortVersionInfo *info = g_ptr_array_index (versions, i);
      const CohortImportReport *r = &info->report;
      g_autofree char *date = cohort_ui_format_date_time (info->created_at);
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;
      g_autofree char *rows = cohort_format_count (r->rows);
      g_autofree char *accepted = cohort_format_count (r->accepted);
      g_autofree char *added_text = NULL;
      g_autofree char *removed_text = NULL;
      guint64 added = 0, removed = 0;
      GtkWidget *changes;

      for (CohortIdentity id = 0; id < COHORT_N_IDENTITIES; id++)
        {
          added += r->added[id];
          removed += r->removed[id];
        }
      added_text = cohort_format_count (added);
      removed_text = cohort_format_count (removed);
      /* Translators: version 3 — DATE */
      title = g_strdup_printf (_("Version %lld — %s"), (long long) info->version, date);
      /* Translators: FILE · 2,000 rows · 1,784 accepted */
      subtitle = g_strdup_printf (_("%s · %s rows · %s accepted"), info->source_name, rows, accepted);
      changes = gtk_label_new (NULL);
      {
        g_autofree char *text = g_strdup_printf ("+%s −%s", added_text, removed_text);

        gtk_label_set_text (GTK_LABEL (changes), text);
      }
      gtk_widget_add_css_class (changes, "numeric");
      add_row (self, self->versions_group, title, subtitle, changes);
    }
}

static gboolean
refresh_cb (gpointer user_data)
{
  CohortAudiencePage *self = user_data;

  if (self->store != NULL && self->audience != NULL)
    cohort_audience_page_show (self, self->store, self->audience);
  return G_SOURCE_REMOVE;
}

/* The switch that asked is still in its signal: rebuild the rows after it. */
static void
queue_refresh (CohortAudiencePage *self)
{
  g_idle_add_full (G_PRIORITY_DEFAULT, refresh_cb, g_object_ref (self), g_object_unref);
}

static void
label_dialog_response_cb (AdwMessageDialog   *dialog,
                          const char         *response,
                          CohortAudiencePage *self)
{
  CohortUsageLabel label = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (dialog), "label"));
  GtkEditable *reason = g_object_get_data (G_OBJECT (dialog), "reason");
  g_autoptr (GPtrArray) changes = NULL;
  g_autoptr (GError) error = NULL;

  if (g_str_equal (response, "add") &&
      !cohort_store_add_labels (self->store, self->audience, 1u << label, gtk_editable_get_text (reason), &changes,
                                &error))
    cohort_ui_toast (GTK_WIDGET (self), error->message);
  cohort_ui_toast_policy_changes (GTK_WIDGET (self), changes);
  queue_refresh (self);
}

/* On: why (kept with the label, shown where the audience is); off: at once. */
static void
label_switched (GtkSwitch          *toggle,
                GParamSpec         *pspec,
                CohortAudiencePage *self)
{
  CohortUsageLabel label = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (toggle), "label"));
  g_autoptr (GPtrArray) changes = NULL;
  g_autoptr (GError) error = NULL;
  GtkWidget *dialog;
  GtkWidget *reason;

  if (self->updating)
    return;
  if (!gtk_switch_get_active (toggle))
    {
      if (!cohort_store_remove_labels (self->store, self->audience, 1u << label, &changes, &error))
        cohort_ui_toast (GTK_WIDGET (self), error->message);
      cohort_ui_toast_policy_changes (GTK_WIDGET (self), changes);
      queue_refresh (self);
      return;
    }
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), NULL, NULL);
  adw_message_dialog_format_heading (ADW_MESSAGE_DIALOG (dialog), _("Label “%s” as %s?"), self->audience,
                                     cohort_usage_label_to_string (label));
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("Its data is then taken as %s. Destinations whose policy blocks or warns "
                                    "about it pause sending it."),
                                  cohort_usage_label_describe (label));
  reason = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (reason), _("Why (optional): a form, a contract, a ticket…"));
  gtk_entry_set_max_length (GTK_ENTRY (reason), COHORT_LABEL_REASON_MAX);
  gtk_entry_set_activates_default (GTK_ENTRY (reason), TRUE);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), reason);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "add", _("_Add Label"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "add", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "add");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "label", GUINT_TO_POINTER (label));
  g_object_set_data (G_OBJECT (dialog), "reason", reason);
  g_signal_connect_object (dialog, "response", G_CALLBACK (label_dialog_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
show_labels (CohortAudiencePage *self)
{
  g_autoptr (GPtrArray) labels = cohort_store_list_labels (self->store, self->audience, NULL);

  for (CohortUsageLabel label = 0; label < COHORT_N_LABELS; label++)
    {
      const CohortAudienceLabel *present = NULL;
      g_autofree char *subtitle = NULL;
      GtkWidget *toggle = gtk_switch_new ();

      for (guint i = 0; labels != NULL && i < labels->len; i++)
        if (((CohortAudienceLabel *) g_ptr_array_index (labels, i))->label == label)
          present = g_ptr_array_index (labels, i);
      if (present != NULL && *present->reason != '\0')
        /* Translators: a label's meaning, then the reason the user gave for it */
        subtitle = g_strdup_printf (_("%s — %s"), cohort_usage_label_describe (label), present->reason);
      else
        subtitle = g_strdup (cohort_usage_label_describe (label));
      gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
      gtk_switch_set_active (GTK_SWITCH (toggle), present != NULL);
      gtk_accessible_update_property (GTK_ACCESSIBLE (toggle), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      cohort_usage_label_to_string (label), -1);
      g_object_set_data (G_OBJECT (toggle), "label", GUINT_TO_POINTER (label));
      gtk_widget_set_name (toggle, cohort_usage_label_to_string (label));
      g_signal_connect_object (toggle, "notify::active", G_CALLBACK (label_switched), self, 0);
      add_row (self, self->labels_group, cohort_usage_label_to_string (label), subtitle, toggle);
    }
}

static void
show_watch (CohortAudiencePage *self)
{
  g_autoptr (GPtrArray) watches = cohort_store_list_watches (self->store, NULL);

  g_clear_pointer (&self->watched_path, g_free);
  for (guint i = 0; watches != NULL && i < watches->len; i++)
    {
      const CohortWatch *watch = g_ptr_array_index (watches, i);

      if (g_str_equal (watch->audience, self->audience))
        self->watched_path = g_strdup (watch->path);
    }
  self->updating = TRUE;
  gtk_switch_set_active (self->watch_switch, self->watched_path != NULL);
  self->updating = FALSE;
  if (self->watched_path != NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (self->watched_path, -1);

      adw_action_row_set_subtitle (self->watch_row, escaped);
    }
  else
    adw_action_row_set_subtitle (self->watch_row, _("Import the file again whenever it changes, while Cohort syncs"));
}

static void
clear (CohortAudiencePage *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);

      adw_preferences_group_remove (ADW_PREFERENCES_GROUP (gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP)),
                                    row);
    }
  g_ptr_array_set_size (self->rows, 0);
}

/**
 * cohort_audience_page_show:
 *
 * Shows @audience as @store has it now. The store answers these lists in
 * milliseconds, so this runs on the main thread.
 */
void
cohort_audience_page_show (CohortAudiencePage *self,
                           CohortStore        *store,
                           const char         *audience)
{
  g_return_if_fail (COHORT_IS_AUDIENCE_PAGE (self));

  g_set_object (&self->store, store);
  if (audience != self->audience)
    {
      g_free (self->audience);
      self->audience = g_strdup (audience);
    }
  clear (self);
  adw_preferences_group_set_title (self->members_group, audience);
  self->updating = TRUE;
  show_members (self);
  show_labels (self);
  self->updating = FALSE;
  show_watch (self);
  show_activations (self);
  show_versions (self);
}

const char *
cohort_audience_page_get_audience (CohortAudiencePage *self)
{
  g_return_val_if_fail (COHORT_IS_AUDIENCE_PAGE (self), NULL);

  return self->audience;
}

static void
watch_chosen_cb (GtkNativeDialog    *dialog,
                 int                 response,
                 CohortAudiencePage *self)
{
  g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;
  g_autoptr (GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT && path != NULL &&
      !cohort_store_watch (self->store, self->audience, path, NULL, &error))
    cohort_ui_toast (GTK_WIDGET (self), error->message);
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  cohort_audience_page_show (self, self->store, self->audience);
}

/* On: which file to follow; the columns are detected at each import. */
static void
watch_switched (CohortAudiencePage *self)
{
  g_autoptr (GError) error = NULL;

  if (self->updating || self->store == NULL)
    return;
  if (gtk_switch_get_active (self->watch_switch) && self->watched_path == NULL)
    {
      GtkFileChooserNative *chooser = gtk_file_chooser_native_new (_("Choose the File to Follow"),
                                                                   GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                                                   GTK_FILE_CHOOSER_ACTION_OPEN, _("_Follow"),
                                                                   _("_Cancel"));

      gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
      g_signal_connect (chooser, "response", G_CALLBACK (watch_chosen_cb), self);
      gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
      return;
    }
  if (!gtk_switch_get_active (self->watch_switch) && self->watched_path != NULL &&
      !cohort_store_unwatch (self->store, self->audience, &error))
    cohort_ui_toast (GTK_WIDGET (self), error->message);
  cohort_audience_page_show (self, self->store, self->audience);
}

typedef struct
{
  char   *store_dir;
  char   *audience;
  char   *dir;
  guint64 counts[COHORT_N_IDENTITIES];
} Export;

static void
export_free (Export *export)
{
  g_free (export->store_dir);
  g_free (export->audience);
  g_free (export->dir);
  g_free (export);
}

static void
export_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Export *export = task_data;
  g_autoptr (CohortStore) store = NULL;
  GError *error = NULL;

  store = cohort_store_open (export->store_dir, &error);
  if (store == NULL || !cohort_export_audience (store, export->audience, export->dir, export->counts, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
exported_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  CohortAudiencePage *self = COHORT_AUDIENCE_PAGE (source);
  Export *export = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;
  g_autofree char *message = NULL;
  g_autofree char *count = NULL;
  guint64 total = 0;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        cohort_ui_toast (GTK_WIDGET (self), error->message);
      return;
    }
  for (CohortIdentity id = 0; id < COHORT_N_IDENTITIES; id++)
    total += export->counts[id];
  count = cohort_format_count (total);
  message = g_strdup_printf (_("%s hashes written to “%s”"), count, export->dir);
  cohort_ui_toast (GTK_WIDGET (self), message);
}

static void
export_chosen_cb (GtkNativeDialog    *dialog,
                  int                 response,
                  CohortAudiencePage *self)
{
  g_autoptr (GFile) folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  g_autofree char *path = folder != NULL ? g_file_get_path (folder) : NULL;

  if (response == GTK_RESPONSE_ACCEPT && path != NULL)
    {
      g_autoptr (GTask) task = g_task_new (self, self->cancellable, exported_cb, NULL);
      Export *export = g_new0 (Export, 1);

      export->store_dir = g_strdup (cohort_store_get_dir (self->store));
      export->audience = g_strdup (self->audience);
      export->dir = g_steal_pointer (&path);
      g_task_set_name (task, "cohort_audience_page_export");
      g_task_set_task_data (task, export, (GDestroyNotify) export_free);
      g_task_run_in_thread (task, export_thread);
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CohortAudiencePage *self = COHORT_AUDIENCE_PAGE (widget);
  GtkFileChooserNative *chooser;

  if (self->store == NULL)
    return;
  chooser = gtk_file_chooser_native_new (_("Export the Hashes to a Folder"),
                                         GTK_WINDOW (gtk_widget_get_root (widget)),
                                         GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (export_chosen_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/**
 * cohort_audience_page_delete:
 *
 * Deletes the audience now, without asking: the Delete button asks first.
 *
 * Returns: %FALSE with @error set when the store refused
 */
gboolean
cohort_audience_page_delete (CohortAudiencePage *self,
                             GError            **error)
{
  g_autofree char *audience = NULL;

  g_return_val_if_fail (COHORT_IS_AUDIENCE_PAGE (self), FALSE);

  if (!cohort_store_delete_audience (self->store, self->audience, error))
    return FALSE;
  audience = g_strdup (self->audience);
  g_signal_emit (self, signals[DELETED], 0, audience);
  return TRUE;
}

static void
delete_response_cb (AdwMessageDialog   *dialog,
                    const char         *response,
                    CohortAudiencePage *self)
{
  g_autoptr (GError) error = NULL;

  if (g_str_equal (response, "delete") && !cohort_audience_page_delete (self, &error))
    cohort_ui_toast (GTK_WIDGET (self), error->message);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CohortAudiencePage *self = COHORT_AUDIENCE_PAGE (widget);
  GtkWidget *dialog;

  if (self->store == NULL)
    return;
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), NULL, NULL);
  adw_message_dialog_format_heading (ADW_MESSAGE_DIALOG (dialog), _("Delete “%s”?"), self->audience);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog),
                               _("Its versions and hashes are deleted from this computer. The audit log "
                                 "keeps a record of the deletion."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "delete", _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (delete_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
cohort_audience_page_dispose (GObject *object)
{
  CohortAudiencePage *self = COHORT_AUDIENCE_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), COHORT_TYPE_AUDIENCE_PAGE);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (cohort_audience_page_parent_class)->dispose (object);
}

static void
cohort_audience_page_finalize (GObject *object)
{
  CohortAudiencePage *self = COHORT_AUDIENCE_PAGE (object);

  g_clear_object (&self->cancellable);
  g_free (self->audience);
  g_free (self->watched_path);
  g_ptr_array_unref (self->rows);

  G_OBJECT_CLASS (cohort_audience_page_parent_class)->finalize (object);
}

static void
cohort_audience_page_class_init (CohortAudiencePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cohort_audience_page_dispose;
  object_class->finalize = cohort_audience_page_finalize;

  /**
   * CohortAudiencePage::deleted:
   * @audience: the audience's name
   */
  signals[DELETED] = g_signal_new ("deleted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/cohortapp/Cohort/ui/audience-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CohortAudiencePage, members_group);
  gtk_widget_class_bind_template_child (widget_class, CohortAudiencePage, labels_group);
  gtk_widget_class_bind_template_child (widget_class, CohortAudiencePage, activations_group);
  gtk_widget_class_bind_template_child (widget_class, CohortAudiencePage, versions_group);
  gtk_widget_class_bind_template_child (widget_class, CohortAudiencePage, watch_row);
  gtk_widget_class_bind_template_child (widget_class, CohortAudiencePage, watch_switch);
  gtk_widget_class_install_action (widget_class, "audience.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "audience.delete", NULL, delete_action);
}

static void
cohort_audience_page_init (CohortAudiencePage *self)
{
  self->rows = g_ptr_array_new ();
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_swapped (self->watch_switch, "notify::active", G_CALLBACK (watch_switched), self);
}
