/* import-report-view.c: CohortImportReportView, the pre-flight report of an import, and its "show me the hash" */
#include "config.h"

#include <glib/gi18n.h>

#include "core/format.h"
#include "core/store-audiences.h"
#include "ui/copy-button.h"
#include "ui/import-report-view.h"
#include "ui/labels.h"
#include "ui/widgets.h"

/* Line numbers shown under each reason: enough to find the pattern. */
#define LINES_PER_REASON 20

struct _CohortImportReportView
{
  AdwBin                parent_instance;

  CohortImport         *import;
  GCancellable         *cancellable;
  GPtrArray            *rows; /* what was added to the groups, to remove on the next report */

  AdwPreferencesGroup  *summary_group;
  AdwPreferencesGroup  *identities_group;
  AdwPreferencesGroup  *reasons_group;
  GtkAdjustment        *row_adjustment;
  GtkButton            *show_button;
  GtkListBox           *hash_list;
};

G_DEFINE_FINAL_TYPE (CohortImportReportView, cohort_import_report_view, ADW_TYPE_BIN)

static void
add_row (CohortImportReportView *self,
         AdwPreferencesGroup    *group,
         GtkWidget              *row)
{
  adw_preferences_group_add (group, row);
  g_ptr_array_add (self->rows, row);
}

static void
add_count_row (CohortImportReportView *self,
               AdwPreferencesGroup    *group,
               const char             *title,
               const char             *subtitle,
               guint64                 n)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), cohort_ui_count_label (n));
  add_row (self, group, row);
}

static void
show_summary (CohortImportReportView   *self,
              const CohortImportReport *report,
              const char               *file_name,
              gboolean                  saved)
{
  g_autofree char *duplicates = cohort_format_count (report->duplicates);
  g_autofree char *accepted_note = g_strdup_printf (_("Of which %s duplicates"), duplicates);

  adw_preferences_group_set_title (self->summary_group, file_name);
  adw_preferences_group_set_description (self->summary_group,
                                         saved ? _("Saved: the audience has a new version.")
                                               : _("Nothing is stored until you save the audience."));
  add_count_row (self, self->summary_group, _("Rows read"), NULL, report->rows);
  add_count_row (self, self->summary_group, _("Accepted"), accepted_note, report->accepted);
  add_count_row (self, self->summary_group, _("Rejected"), _("No usable identifier in the row"), report->rejected);
  add_count_row (self, self->summary_group, _("Excluded"), _("No consent"), report->excluded);
  add_count_row (self, self->summary_group, _("Already hashed"), _("Cells taken as SHA-256 hashes"),
                 report->prehashed);

  for (CohortIdentity i = 0; i < COHORT_N_IDENTITIES; i++)
    {
      g_autofree char *added = cohort_format_count (report->added[i]);
      g_autofree char *removed = cohort_format_count (report->removed[i]);
      /* Translators: changes against the audience's previous version: +12 −3 */
      g_autofree char *changes = g_strdup_printf (_("+%s −%s since the previous version"), added, removed);

      if (report->unique[i] == 0 && report->removed[i] == 0)
        continue;
      add_count_row (self, self->identities_group, cohort_ui_identity_title (i), changes, report->unique[i]);
    }
}

static void
show_reasons (CohortImportReportView   *self,
              const CohortImportReport *report)
{
  const GArray *cells = cohort_import_get_rejected_cells (self->import);
  gboolean any = FALSE;

  for (CohortReason reason = COHORT_REASON_EMAIL_INVALID; reason < COHORT_N_REASONS; reason++)
    {
      GtkWidget *expander;
      guint shown = 0;

      if (report->reasons[reason] == 0)
        continue;
      any = TRUE;
      expander = adw_expander_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), cohort_reason_describe (reason));
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), cohort_reason_to_code (reason));
      adw_expander_row_add_action (ADW_EXPANDER_ROW (expander), cohort_ui_count_label (report->reasons[reason]));
      for (guint c = 0; cells != NULL && c < cells->len && shown < LINES_PER_REASON; c++)
        {
          const CohortRejectedCell *cell = &g_array_index (cells, CohortRejectedCell, c);
          g_autofree char *title = NULL;
          GtkWidget *row;

          if (cell->reason != reason)
            continue;
          shown++;
          if (cell->column > 0)
            title = g_strdup_printf (_("Line %llu, column “%s”"), (unsigned long long) cell->line,
                                     cohort_import_get_column_name (self->import, cell->column - 1));
          else
            title = g_strdup_printf (_("Line %llu"), (unsigned long long) cell->line);
          row = adw_action_row_new ();
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
          adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), row);
        }
      add_row (self, self->reasons_group, expander);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->reasons_group), any);
}

static void
clear (CohortImportReportView *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);

      adw_preferences_group_remove (ADW_PREFERENCES_GROUP (gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP)),
                                    row);
    }
  g_ptr_array_set_size (self->rows, 0);
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self->hash_list))) != NULL;)
    gtk_list_box_remove (self->hash_list, child);
  gtk_widget_set_visible (GTK_WIDGET (self->hash_list), FALSE);
}

/**
 * cohort_import_report_view_show:
 * @saved: whether the run stored a version, or was a pre-flight
 *
 * Shows the report of @import's last run.
 */
void
cohort_import_report_view_show (CohortImportReportView *self,
                                CohortImport           *import,
                                const char             *file_name,
                                gboolean                saved)
{
  const CohortImportReport *report;

  g_return_if_fail (COHORT_IS_IMPORT_REPORT_VIEW (self));
  g_return_if_fail (COHORT_IS_IMPORT (import));

  g_cancellable_cancel (self->cancellable);
  g_set_object (&self->cancellable, g_cancellable_new ());
  g_set_object (&self->import, import);
  clear (self);
  report = cohort_import_get_report (import);
  show_summary (self, report, file_name, saved);
  show_reasons (self, report);
  gtk_adjustment_set_upper (self->row_adjustment, MAX (report->rows, 1));
  gtk_adjustment_set_value (self->row_adjustment, 1);
  gtk_widget_set_sensitive (GTK_WIDGET (self->show_button), report->rows > 0);
}

/* One cell of the inspected row, copied out of the reader's buffers. */
typedef struct
{
  guint            column;
  CohortColumnType type;
  char            *original;
  char            *normalised;
  char            *hash; /* hex */
  gboolean         prehashed;
  CohortReason     reason;
} Trace;

static void
trace_clear (Trace *trace)
{
  g_free (trace->original);
  g_free (trace->normalised);
  g_free (trace->hash);
}

typedef struct
{
  CohortImport *import;
  guint64       row;
  guint64       line;
  gboolean      excluded;
  GArray       *traces;
} Inspect;

static void
inspect_free (Inspect *inspect)
{
  g_object_unref (inspect->import);
  g_array_unref (inspect->traces);
  g_free (inspect);
}

static void
collect_trace (const CohortCellTrace *cell,
               gpointer               user_data)
{
  Inspect *inspect = user_data;
  Trace trace = { cell->column, cell->type, g_strdup (cell->original), g_strdup (cell->normalised), NULL,
                  cell->prehashed, cell->reason };

  if (cell->hash != NULL)
    {
      trace.hash = g_malloc (COHORT_HASH_LENGTH * 2 + 1);
      cohort_hex_encode (cell->hash, COHORT_HASH_LENGTH, trace.hash);
    }
  g_array_append_val (inspect->traces, trace);
}

static void
inspect_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Inspect *inspect = task_data;
  GError *error = NULL;

  if (!cohort_import_inspect_row (inspect->import, inspect->row, &inspect->line, &inspect->excluded,
                                  collect_trace, inspect, cancellable, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static GtkWidget *
trace_row (CohortImportReportView *self,
           const Trace            *trace)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *title = g_strdup_printf ("%s · %s", cohort_import_get_column_name (self->import, trace->column),
                                            cohort_ui_column_type_title (trace->type));
  g_autofree char *original = g_markup_escape_text (trace->original, -1);
  g_autoptr (GString) subtitle = g_string_new (NULL);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  g_string_append_printf (subtitle, "%s <tt>%s</tt>", _("Read:"), original);
  if (trace->hash == NULL)
    g_string_append_printf (subtitle, "\n%s %s", _("Rejected:"), cohort_reason_describe (trace->reason));
  else
    {
      if (trace->prehashed)
        g_string_append_printf (subtitle, "\n%s", _("Already a SHA-256 hash: taken as it is"));
      else
        {
          g_autofree char *normalised = g_markup_escape_text (trace->normalised, -1);

          g_string_append_printf (subtitle, "\n%s <tt>%s</tt>", _("Normalised:"), normalised);
        }
      g_string_append_printf (subtitle, "\n%s <tt>%s</tt>", _("SHA-256:"), trace->hash);
    }
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  if (trace->hash != NULL)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), cohort_ui_copy_button_new (trace->hash, _("Copy the Hash")));
  return row;
}

static void
inspected_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  CohortImportReportView *self = COHORT_IMPORT_REPORT_VIEW (source);
  Inspect *inspect = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;
  g_autofree char *title = NULL;
  GtkWidget *header;

  /* Dropped when a new report (or the end of the view) came since. */
  g_task_propagate_boolean (G_TASK (result), &error);
  if (g_task_get_cancellable (G_TASK (result)) != self->cancellable)
    return;
  gtk_widget_set_sensitive (GTK_WIDGET (self->show_button), TRUE);
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self->hash_list))) != NULL;)
    gtk_list_box_remove (self->hash_list, child);
  gtk_widget_set_visible (GTK_WIDGET (self->hash_list), TRUE);

  header = adw_action_row_new ();
  if (error != NULL)
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (header), error->message);
  else
    {
      title = g_strdup_printf (_("Row %llu, line %llu of the file"), (unsigned long long) inspect->row,
                               (unsigned long long) inspect->line);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (header), title);
      if (inspect->excluded)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (header), cohort_reason_describe (COHORT_REASON_NO_CONSENT));
      else if (inspect->traces->len == 0)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (header),
                                     cohort_reason_describe (COHORT_REASON_NO_IDENTIFIER));
    }
  gtk_widget_add_css_class (header, "property");
  gtk_list_box_append (self->hash_list, header);
  for (guint i = 0; error == NULL && i < inspect->traces->len; i++)
    gtk_list_box_append (self->hash_list, trace_row (self, &g_array_index (inspect->traces, Trace, i)));
}

/**
 * cohort_import_report_view_inspect:
 * @row: the data row, from 1
 *
 * Shows, off the main thread, how each value of @row becomes a hash.
 */
void
cohort_import_report_view_inspect (CohortImportReportView *self,
                                   guint64                 row)
{
  g_autoptr (GTask) task = NULL;
  Inspect *inspect;

  g_return_if_fail (COHORT_IS_IMPORT_REPORT_VIEW (self));
  g_return_if_fail (self->import != NULL);

  gtk_adjustment_set_value (self->row_adjustment, (double) row);
  inspect = g_new0 (Inspect, 1);
  inspect->import = g_object_ref (self->import);
  inspect->row = row;
  inspect->traces = g_array_new (FALSE, TRUE, sizeof (Trace));
  g_array_set_clear_func (inspect->traces, (GDestroyNotify) trace_clear);
  gtk_widget_set_sensitive (GTK_WIDGET (self->show_button), FALSE);
  task = g_task_new (self, self->cancellable, inspected_cb, NULL);
  g_task_set_name (task, "cohort_import_report_view_inspect");
  g_task_set_task_data (task, inspect, (GDestroyNotify) inspect_free);
  g_task_run_in_thread (task, inspect_thread);
}

GtkListBox *
cohort_import_report_view_get_hash_list (CohortImportReportView *self)
{
  g_return_val_if_fail (COHORT_IS_IMPORT_REPORT_VIEW (self), NULL);

  return self->hash_list;
}

static void
show_clicked (CohortImportReportView *self)
{
  cohort_import_report_view_inspect (self, (guint64) gtk_adjustment_get_value (self->row_adjustment));
}

static void
cohort_import_report_view_dispose (GObject *object)
{
  CohortImportReportView *self = COHORT_IMPORT_REPORT_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_set_object (&self->cancellable, g_cancellable_new ());
  g_clear_object (&self->import);
  gtk_widget_dispose_template (GTK_WIDGET (self), COHORT_TYPE_IMPORT_REPORT_VIEW);

  G_OBJECT_CLASS (cohort_import_report_view_parent_class)->dispose (object);
}

static void
cohort_import_report_view_finalize (GObject *object)
{
  CohortImportReportView *self = COHORT_IMPORT_REPORT_VIEW (object);

  g_ptr_array_unref (self->rows);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (cohort_import_report_view_parent_class)->finalize (object);
}

static void
cohort_import_report_view_class_init (CohortImportReportViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cohort_import_report_view_dispose;
  object_class->finalize = cohort_import_report_view_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/cohortapp/Cohort/ui/import-report-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CohortImportReportView, summary_group);
  gtk_widget_class_bind_template_child (widget_class, CohortImportReportView, identities_group);
  gtk_widget_class_bind_template_child (widget_class, CohortImportReportView, reasons_group);
  gtk_widget_class_bind_template_child (widget_class, CohortImportReportView, row_adjustment);
  gtk_widget_class_bind_template_child (widget_class, CohortImportReportView, show_button);
  gtk_widget_class_bind_template_child (widget_class, CohortImportReportView, hash_list);
}

static void
cohort_import_report_view_init (CohortImportReportView *self)
{
  self->rows = g_ptr_array_new ();
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_swapped (self->show_button, "clicked", G_CALLBACK (show_clicked), self);
}
