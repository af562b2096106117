/* audit-page.c: CohortAuditPage, the audit log in the window, and its CSV export */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "core/audit-csv.h"
#include "core/store-audit.h"
#include "ui/audit-page.h"
#include "ui/widgets.h"

/* Rows shown: a long history stays in the CSV, the window shows its end. */
#define SHOWN_ENTRIES 500

struct _CohortAuditPage
{
  AdwBin      parent_instance;

  CohortStore *store;

  GtkListBox  *list;
};

G_DEFINE_FINAL_TYPE (CohortAuditPage, cohort_audit_page, ADW_TYPE_BIN)

/* "added 12 · removed 3": the details' numbers and words, one line. */
static char *
summarise (const char *details)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GString) text = g_string_new (NULL);
  JsonNode *root;
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  if (!json_parser_load_from_data (parser, details, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (root = json_parser_get_root (parser)))
    return g_strdup (details);
  json_object_iter_init (&iter, json_node_get_object (root));
  while (json_object_iter_next (&iter, &name, &value))
    {
      g_autofree char *shown = NULL;

      if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
        shown = g_strdup (json_node_get_string (value));
      else
        shown = json_to_string (value, FALSE);
      if (*shown == '\0')
        continue;
      g_string_append_printf (text, "%s%s %s", text->len > 0 ? " · " : "", name, shown);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static GtkWidget *
make_row (const CohortAuditEntry *entry)
{
  GtkWidget *row = adw_action_row_new ();
  g_autoptr (GDateTime) time = g_date_time_new_from_unix_local (entry->time);
  g_autofree char *when = time != NULL ? g_date_time_format (time, "%x %X") : g_strdup ("");
  g_autofree char *title = g_strdup_printf ("%s · %s", when, entry->action);
  g_autofree char *details = summarise (entry->details);
  g_autoptr (GString) subtitle = g_string_new (NULL);

  if (*entry->audience != '\0')
    g_string_append (subtitle, entry->audience);
  if (*entry->destination != '\0')
    g_string_append_printf (subtitle, "%s%s", subtitle->len > 0 ? " → " : "", entry->destination);
  if (*details != '\0')
    g_string_append_printf (subtitle, "%s%s", subtitle->len > 0 ? "\n" : "", details);
  /* Plain text: what users typed (a reason, a name) is shown as typed. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);
  return row;
}

/**
 * cohort_audit_page_show:
 *
 * Lists the newest entries of @store's audit log. A few hundred rows of
 * an indexed table: the main thread reads them.
 */
gboolean
cohort_audit_page_show (CohortAuditPage *self,
                        CohortStore     *store,
                        GError         **error)
{
  g_autoptr (GPtrArray) entries = NULL;
  GtkWidget *child;

  g_return_val_if_fail (COHORT_IS_AUDIT_PAGE (self), FALSE);

  g_set_object (&self->store, store);
  if ((entries = cohort_store_list_audit (store, 0, error)) == NULL)
    return FALSE;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  for (guint i = entries->len, shown = 0; i > 0 && shown < SHOWN_ENTRIES; i--, shown++)
    gtk_list_box_append (self->list, make_row (g_ptr_array_index (entries, i - 1)));
  if (entries->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Nothing yet: import a file to begin"));
      gtk_list_box_append (self->list, row);
    }
  return TRUE;
}

/* The whole log, not only the rows shown. */
gboolean
cohort_audit_page_export (CohortAuditPage *self,
                          GFile           *file,
                          GError         **error)
{
  g_autoptr (GPtrArray) entries = NULL;
  g_autofree char *csv = NULL;

  g_return_val_if_fail (COHORT_IS_AUDIT_PAGE (self), FALSE);
  g_return_val_if_fail (self->store != NULL, FALSE);

  if ((entries = cohort_store_list_audit (self->store, 0, error)) == NULL)
    return FALSE;
  csv = cohort_audit_to_csv (entries);
  return g_file_replace_contents (file, csv, strlen (csv), NULL, FALSE, G_FILE_CREATE_NONE, NULL, NULL, error);
}

static void
export_chosen_cb (GtkNativeDialog *dialog,
                  int              response,
                  CohortAuditPage *self)
{
  g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  g_autoptr (GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT && file != NULL)
    {
      g_autofree char *name = g_file_get_parse_name (file);
      g_autofree char *message = NULL;

      if (cohort_audit_page_export (self, file, &error))
        message = g_strdup_printf (_("Audit log saved to “%s”"), name);
      cohort_ui_toast (GTK_WIDGET (self), message != NULL ? message : error->message);
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CohortAuditPage *self = COHORT_AUDIT_PAGE (widget);
  GtkFileChooserNative *chooser;

  if (self->store == NULL)
    return;
  chooser = gtk_file_chooser_native_new (_("Export the Audit Log"), GTK_WINDOW (gtk_widget_get_root (widget)),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  /* Translators: the file name proposed for the audit log */
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), _("cohort-audit.csv"));
  g_signal_connect (chooser, "response", G_CALLBACK (export_chosen_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
cohort_audit_page_dispose (GObject *object)
{
  CohortAuditPage *self = COHORT_AUDIT_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), COHORT_TYPE_AUDIT_PAGE);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (cohort_audit_page_parent_class)->dispose (object);
}

static void
cohort_audit_page_class_init (CohortAuditPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = cohort_audit_page_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/cohortapp/Cohort/ui/audit-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CohortAuditPage, list);
  gtk_widget_class_install_action (widget_class, "audit.export", NULL, export_action);
}

static void
cohort_audit_page_init (CohortAuditPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
