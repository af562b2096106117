/* import-page.c: CohortImportPage, a customer file from preview to saved audience */
#include "config.h"

#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <glib/gi18n.h>

#include "core/countries.h"
#include "core/csv-reader.h"
#include "core/csv-row.h"
#include "core/csv-rows.h"
#include "core/format.h"
#include "core/settings.h"
#include "core/store-alerts.h"
#include "core/store-audiences.h"
#include "core/store-watches.h"
#include "core/text-fold.h"
#include "ui/import-page.h"
#include "ui/import-report-view.h"
#include "ui/labels.h"
#include "ui/widgets.h"

/* Rows read for the columns' sample values. The preview itself shows the
 * whole file, through a model that keeps a few blocks of it. */
#define PREVIEW_ROWS 50
/* Sample values shown under a column's name. */
#define SAMPLES 3

static const char delimiters[] = { ',', ';', '\t', '|' };
static const CohortCsvEncoding encodings[] = {
  COHORT_CSV_ENCODING_UTF8, COHORT_CSV_ENCODING_UTF16LE, COHORT_CSV_ENCODING_UTF16BE,
  COHORT_CSV_ENCODING_WINDOWS_1252,
};

typedef enum
{
  RUN_CHECK,
  RUN_SAVE,
  RUN_REJECTS,
} RunKind;

struct _CohortImportPage
{
  AdwBin                  parent_instance;

  CohortStore            *store;
  GFile                  *file;
  char                   *file_name;
  guint64                 file_size;
  GCancellable           *cancellable;
  CohortImport           *import;
  CohortCsvRows          *rows;     /* the preview's model: the whole file, a few blocks of it held */
  GPtrArray              *countries;
  GPtrArray              *column_rows; /* AdwComboRow, one a column */
  GPtrArray              *hash_switches;
  GPtrArray              *preview_columns;
  char                  **audiences;
  gboolean                loading; /* the form is being filled: its signals are not the user's */

  /* The running import's progress, written by its thread. */
  gsize                   bytes_read;
  gsize                   rows_read;
  gint64                  run_started;
  guint                   progress_source;

  GtkStack               *steps;
  AdwStatusPage          *loading_page;
  GtkSpinner             *loading_spinner;
  AdwPreferencesGroup    *file_group;
  AdwComboRow            *delimiter_row;
  AdwComboRow            *encoding_row;
  GtkSwitch              *header_switch;
  GtkColumnView          *preview;
  AdwPreferencesGroup    *columns_group;
  GtkDropDown            *country_dropdown;
  AdwComboRow            *consent_row;
  GtkSwitch              *gmail_switch;
  GtkSwitch              *digits_switch;
  GtkSwitch              *idfa_switch;
  AdwComboRow            *audience_row;
  AdwEntryRow            *name_row;
  GtkSwitch              *follow_switch;
  AdwStatusPage          *running_page;
  GtkProgressBar         *progress_bar;
  GtkLabel               *speed_label;
  CohortImportReportView *report_view;
};

G_DEFINE_FINAL_TYPE (CohortImportPage, cohort_import_page, ADW_TYPE_BIN)

enum
{
  FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void load (CohortImportPage *self);
static void apply_defaults (CohortImportPage *self);

/* One operation at a time: starting one cancels the last, whose result
 * is then dropped. The tasks hold the page, so it outlives them. */
static void
new_operation (CohortImportPage *self)
{
  g_cancellable_cancel (self->cancellable);
  g_set_object (&self->cancellable, g_cancellable_new ());
}

static gboolean
is_current (CohortImportPage *self,
            GAsyncResult     *result)
{
  return g_task_get_cancellable (G_TASK (result)) == self->cancellable;
}

/* The column type combo's items are CohortColumnType's values, in order. */
static GListModel *
column_types_model (void)
{
  GtkStringList *list = gtk_string_list_new (NULL);

  for (CohortColumnType type = 0; type < COHORT_N_COLUMN_TYPES; type++)
    gtk_string_list_append (list, cohort_ui_column_type_title (type));
  return G_LIST_MODEL (list);
}

/* What the first pass gives the form: the columns and the first rows. */
typedef struct
{
  CohortImport *import;
  GPtrArray    *rows; /* GStrv */
} Loaded;

static void
loaded_free (Loaded *loaded)
{
  g_clear_object (&loaded->import);
  g_ptr_array_unref (loaded->rows);
  g_free (loaded);
}

static void
load_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Loaded *loaded = task_data;
  g_autoptr (CohortCsvReader) reader = NULL;
  GError *error = NULL;

  if (!cohort_import_prepare (loaded->import, cancellable, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  reader = cohort_csv_reader_new (g_object_get_data (G_OBJECT (task), "file"));
  cohort_csv_reader_set_delimiter (reader, cohort_import_get_delimiter (loaded->import));
  cohort_csv_reader_set_encoding (reader, cohort_import_get_encoding (loaded->import));
  cohort_csv_reader_set_has_header (reader, GPOINTER_TO_INT (g_object_get_data (G_OBJECT (task), "header")));
  if (!cohort_csv_reader_open (reader, cancellable, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  while (loaded->rows->len < PREVIEW_ROWS && cohort_csv_reader_next_row (reader, cancellable, &error))
    {
      guint n = cohort_csv_reader_get_n_columns (reader);
      char **cells = g_new0 (char *, n + 1);

      for (guint c = 0; c < n; c++)
        {
          const char *cell = c < cohort_csv_reader_get_n_cells (reader) ? cohort_csv_reader_get_cell (reader, c, NULL)
                                                                        : "";
          cells[c] = g_strdup (cell != NULL ? cell : "");
        }
      g_ptr_array_add (loaded->rows, cells);
    }
  /* The preview is a courtesy: a bad row further on is the run's to report. */
  g_clear_error (&error);
  g_task_return_boolean (task, TRUE);
}

static GtkWidget *
cell_label (GtkListItem *item)
{
  GtkWidget *label = gtk_list_item_get_child (item);

  if (label == NULL)
    {
      label = gtk_label_new (NULL);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 32);
      gtk_list_item_set_child (item, label);
    }
  return label;
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  CohortCsvRow *row = COHORT_CSV_ROW (gtk_list_item_get_item (item));

  gtk_label_set_text (GTK_LABEL (cell_label (item)), cohort_csv_row_get_cell (row, GPOINTER_TO_UINT (user_data)));
}

/* The data row's number, as "Show Me the Hash" and the rejections count them. */
static void
bind_number (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  user_data)
{
  g_autofree char *number = cohort_format_count ((guint64) gtk_list_item_get_position (item) + 1);
  GtkWidget *label = cell_label (item);

  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_add_css_class (label, "numeric");
  gtk_label_set_text (GTK_LABEL (label), number);
}

static void
rows_indexed_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  CohortImportPage *self = COHORT_IMPORT_PAGE (user_data);
  g_autoptr (GError) error = NULL;
  g_autofree char *size = NULL;
  g_autofree char *rows = NULL;
  g_autofree char *description = NULL;
  guint n;

  /* Replaced or stopped: the page (held by the task) has moved on. */
  if (!cohort_csv_rows_index_finish (COHORT_CSV_ROWS (source), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_object_unref (self);
      return;
    }
  n = g_list_model_get_n_items (G_LIST_MODEL (source));
  size = g_format_size (self->file_size);
  rows = cohort_format_count (n);
  /* Translators: a file's size and its number of data rows: 117 MB · 1,000,000 rows */
  description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %s row", "%s · %s rows", n), size, rows);
  if ((gpointer) source == (gpointer) self->rows)
    adw_preferences_group_set_description (self->file_group, description);
  g_object_unref (self);
}

static void
fill_preview (CohortImportPage *self)
{
  g_autoptr (GtkNoSelection) selection = NULL;
  guint n_columns = cohort_import_get_n_columns (self->import);
  GtkListItemFactory *factory;
  GtkColumnViewColumn *column;

  for (guint i = 0; i < self->preview_columns->len; i++)
    gtk_column_view_remove_column (self->preview, g_ptr_array_index (self->preview_columns, i));
  g_ptr_array_set_size (self->preview_columns, 0);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "bind", G_CALLBACK (bind_number), NULL);
  column = gtk_column_view_column_new ("#", factory);
  gtk_column_view_append_column (self->preview, column);
  g_ptr_array_add (self->preview_columns, column);
  for (guint c = 0; c < n_columns; c++)
    {
      factory = gtk_signal_list_item_factory_new ();
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), GUINT_TO_POINTER (c));
      column = gtk_column_view_column_new (cohort_import_get_column_name (self->import, c), factory);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_append_column (self->preview, column);
      g_ptr_array_add (self->preview_columns, column);
    }
  g_clear_object (&self->rows);
  self->rows = cohort_csv_rows_new (self->file, cohort_import_get_delimiter (self->import),
                                    cohort_import_get_encoding (self->import), gtk_switch_get_active (self->header_switch));
  cohort_csv_rows_index_async (self->rows, self->cancellable, rows_indexed_cb, g_object_ref (self));
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->rows)));
  gtk_column_view_set_model (self->preview, GTK_SELECTION_MODEL (selection));
}

static void
update_hash_switch (CohortImportPage *self,
                    guint             column)
{
  AdwComboRow *row = g_ptr_array_index (self->column_rows, column);
  GtkSwitch *hash = g_ptr_array_index (self->hash_switches, column);
  CohortColumnType type = adw_combo_row_get_selected (row);
  gboolean was_loading = self->loading;

  /* Hashing is what Cohort does to plain values; a hashed column is taken as it is. */
  self->loading = TRUE;
  gtk_switch_set_active (hash, type != COHORT_COLUMN_IGNORE && !cohort_column_type_is_hashed (type));
  gtk_widget_set_sensitive (GTK_WIDGET (hash), type != COHORT_COLUMN_IGNORE && !cohort_column_type_is_hashed (type));
  self->loading = was_loading;
}

static void
column_type_changed (AdwComboRow      *row,
                     GParamSpec       *pspec,
                     CohortImportPage *self)
{
  guint column;

  if (g_ptr_array_find (self->column_rows, row, &column))
    update_hash_switch (self, column);
}

/* Switched off: the user says the values are hashed already. */
static void
hash_switch_changed (GtkSwitch        *hash,
                     GParamSpec       *pspec,
                     CohortImportPage *self)
{
  guint column;
  AdwComboRow *row;
  CohortColumnType type;

  if (self->loading || gtk_switch_get_active (hash) || !g_ptr_array_find (self->hash_switches, hash, &column))
    return;
  row = g_ptr_array_index (self->column_rows, column);
  type = adw_combo_row_get_selected (row);
  if (type != COHORT_COLUMN_IGNORE && type != COHORT_COLUMN_MAID && !cohort_column_type_is_hashed (type))
    adw_combo_row_set_selected (row, cohort_column_type_for_identity (cohort_column_type_get_identity (type), TRUE));
}

static char *
samples_of (GPtrArray *rows,
            guint      column)
{
  g_autoptr (GString) text = g_string_new (NULL);
  guint n = 0;

  for (guint r = 0; r < rows->len && n < SAMPLES; r++)
    {
      char **cells = g_ptr_array_index (rows, r);

      if (column >= g_strv_length (cells) || *g_strstrip (cells[column]) == '\0')
        continue;
      g_string_append_printf (text, "%s%s", n++ > 0 ? ", " : "", cells[column]);
    }
  return n > 0 ? g_markup_escape_text (text->str, -1) : g_strdup (_("No value in the first rows"));
}

/* A column named like "consent" or "opt-in" is most likely one: offered,
 * never hidden, so the user sees it and can say otherwise. */
static guint
guess_consent_column (CohortImportPage *self)
{
  for (guint c = 0; c < cohort_import_get_n_columns (self->import); c++)
    {
      g_autofree char *name = cohort_text_fold (cohort_import_get_column_name (self->import, c), -1);

      if (cohort_import_get_column_type (self->import, c) == COHORT_COLUMN_IGNORE &&
          (strstr (name, "consent") != NULL || strstr (name, "optin") != NULL || strstr (name, "opt in") != NULL ||
           strstr (name, "opt-in") != NULL || strstr (name, "opt_in") != NULL))
        return c + 1;
    }
  return 0;
}

static void
fill_columns (CohortImportPage *self,
              GPtrArray        *rows)
{
  guint n_columns = cohort_import_get_n_columns (self->import);
  g_autoptr (GtkStringList) consent = gtk_string_list_new (NULL);

  for (guint i = 0; i < self->column_rows->len; i++)
    adw_preferences_group_remove (self->columns_group, g_ptr_array_index (self->column_rows, i));
  g_ptr_array_set_size (self->column_rows, 0);
  g_ptr_array_set_size (self->hash_switches, 0);

  gtk_string_list_append (consent, _("None"));
  for (guint c = 0; c < n_columns; c++)
    {
      const char *name = cohort_import_get_column_name (self->import, c);
      g_autoptr (GListModel) types = column_types_model ();
      g_autofree char *samples = samples_of (rows, c);
      AdwComboRow *row = ADW_COMBO_ROW (adw_combo_row_new ());
      GtkWidget *hash = gtk_switch_new ();
      GtkWidget *hash_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *hash_label = gtk_label_new (_("Hash"));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), *name != '\0' ? name : "—");
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), samples);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 1);
      adw_combo_row_set_model (row, types);
      adw_combo_row_set_selected (row, cohort_import_get_column_type (self->import, c));
      gtk_widget_set_valign (hash, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (hash, _("Normalise and hash the values on this computer"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (hash), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Hash values"), -1);
      gtk_widget_add_css_class (hash_label, "dim-label");
      gtk_box_append (GTK_BOX (hash_box), hash_label);
      gtk_box_append (GTK_BOX (hash_box), hash);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), hash_box);
      g_signal_connect_object (row, "notify::selected", G_CALLBACK (column_type_changed), self, 0);
      g_signal_connect_object (hash, "notify::active", G_CALLBACK (hash_switch_changed), self, 0);
      adw_preferences_group_add (self->columns_group, GTK_WIDGET (row));
      g_ptr_array_add (self->column_rows, row);
      g_ptr_array_add (self->hash_switches, hash);
      update_hash_switch (self, c);
      gtk_string_list_append (consent, *name != '\0' ? name : "—");
    }
  adw_combo_row_set_model (self->consent_row, G_LIST_MODEL (consent));
  adw_combo_row_set_selected (self->consent_row, guess_consent_column (self));
}

static void
fill_audiences (CohortImportPage *self)
{
  g_autoptr (GPtrArray) audiences = cohort_store_list_audiences (self->store, NULL);
  g_autoptr (GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();

  gtk_string_list_append (names, _("New audience"));
  for (guint i = 0; audiences != NULL && i < audiences->len; i++)
    {
      const CohortAudienceInfo *info = g_ptr_array_index (audiences, i);
      /* Translators: an existing audience the file becomes a new version of */
      g_autofree char *item = g_strdup_printf (_("New version of “%s”"), info->name);

      gtk_string_list_append (names, item);
      g_strv_builder_add (builder, info->name);
    }
  g_strfreev (self->audiences);
  self->audiences = g_strv_builder_end (builder);
  adw_combo_row_set_model (self->audience_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->audience_row, 0);
}

static void
loaded_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  CohortImportPage *self = COHORT_IMPORT_PAGE (source);
  Loaded *loaded = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;
  char delimiter;

  g_task_propagate_boolean (G_TASK (result), &error);
  if (!is_current (self, result))
    return;
  gtk_spinner_stop (self->loading_spinner);
  if (error != NULL)
    {
      adw_status_page_set_icon_name (self->loading_page, "dialog-warning-symbolic");
      adw_status_page_set_description (self->loading_page, error->message);
      return;
    }

  g_set_object (&self->import, loaded->import);
  self->loading = TRUE;
  delimiter = cohort_import_get_delimiter (self->import);
  for (guint i = 0; i < G_N_ELEMENTS (delimiters); i++)
    if (delimiters[i] == delimiter)
      adw_combo_row_set_selected (self->delimiter_row, i);
  for (guint i = 0; i < G_N_ELEMENTS (encodings); i++)
    if (encodings[i] == cohort_import_get_encoding (self->import))
      adw_combo_row_set_selected (self->encoding_row, i);
  fill_preview (self);
  fill_columns (self, loaded->rows);
  self->loading = FALSE;
  gtk_stack_set_visible_child_name (self->steps, "setup");
}

/* Reads the file's first rows with the delimiter, encoding and header the
 * form gives (or detection, the first time). */
static void
load (CohortImportPage *self)
{
  g_autoptr (GTask) task = NULL;
  Loaded *loaded = g_new0 (Loaded, 1);
  gboolean header = gtk_switch_get_active (self->header_switch);

  new_operation (self);
  loaded->import = cohort_import_new (self->file);
  loaded->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  cohort_import_set_has_header (loaded->import, header);
  if (self->import != NULL)
    {
      cohort_import_set_delimiter (loaded->import, delimiters[adw_combo_row_get_selected (self->delimiter_row)]);
      cohort_import_set_encoding (loaded->import, encodings[adw_combo_row_get_selected (self->encoding_row)]);
    }
  adw_status_page_set_icon_name (self->loading_page, "x-office-spreadsheet-symbolic");
  adw_status_page_set_description (self->loading_page, _("Reading the first rows…"));
  gtk_spinner_start (self->loading_spinner);
  gtk_stack_set_visible_child_name (self->steps, "loading");

  task = g_task_new (self, self->cancellable, loaded_cb, NULL);
  g_task_set_name (task, "cohort_import_page_load");
  g_task_set_task_data (task, loaded, (GDestroyNotify) loaded_free);
  g_object_set_data_full (G_OBJECT (task), "file", g_object_ref (self->file), g_object_unref);
  g_object_set_data (G_OBJECT (task), "header", GINT_TO_POINTER (header));
  g_task_run_in_thread (task, load_thread);
}

static void
file_option_changed (CohortImportPage *self)
{
  if (!self->loading && self->file != NULL)
    load (self);
}

/**
 * cohort_import_page_load:
 *
 * Starts over with @file: its first rows, detected columns and a form for
 * the rest. Nothing is read on the main thread.
 */
void
cohort_import_page_load (CohortImportPage *self,
                         CohortStore      *store,
                         GFile            *file)
{
  g_autoptr (GFileInfo) info = NULL;
  g_autofree char *size = NULL;

  g_return_if_fail (COHORT_IS_IMPORT_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  g_set_object (&self->store, store);
  g_set_object (&self->file, file);
  g_clear_object (&self->import);
  g_free (self->file_name);
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_DISPLAY_NAME "," G_FILE_ATTRIBUTE_STANDARD_SIZE,
                            G_FILE_QUERY_INFO_NONE, NULL, NULL);
  self->file_name = info != NULL ? g_strdup (g_file_info_get_display_name (info)) : g_file_get_basename (file);
  self->file_size = info != NULL ? (guint64) g_file_info_get_size (info) : 0;
  size = g_format_size (self->file_size);

  self->loading = TRUE;
  gtk_switch_set_active (self->header_switch, TRUE);
  self->loading = FALSE;
  adw_status_page_set_title (self->loading_page, self->file_name);
  adw_preferences_group_set_title (self->file_group, self->file_name);
  adw_preferences_group_set_description (self->file_group, size);
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), "");
  gtk_switch_set_active (self->follow_switch, FALSE);
  apply_defaults (self);
  if (store != NULL)
    fill_audiences (self);
  load (self);
}

const char *
cohort_import_page_get_step (CohortImportPage *self)
{
  g_return_val_if_fail (COHORT_IS_IMPORT_PAGE (self), NULL);

  return gtk_stack_get_visible_child_name (self->steps);
}

/* Returns: (transfer none) (nullable): the import the form was made for */
CohortImport *
cohort_import_page_get_import (CohortImportPage *self)
{
  g_return_val_if_fail (COHORT_IS_IMPORT_PAGE (self), NULL);

  return self->import;
}

void
cohort_import_page_set_column_type (CohortImportPage *self,
                                    guint             column,
                                    CohortColumnType  type)
{
  g_return_if_fail (COHORT_IS_IMPORT_PAGE (self));
  g_return_if_fail (column < self->column_rows->len);

  adw_combo_row_set_selected (g_ptr_array_index (self->column_rows, column), type);
}

void
cohort_import_page_set_audience (CohortImportPage *self,
                                 const char       *name)
{
  g_return_if_fail (COHORT_IS_IMPORT_PAGE (self));

  for (guint i = 0; self->audiences != NULL && self->audiences[i] != NULL; i++)
    if (g_str_equal (self->audiences[i], name))
      {
        adw_combo_row_set_selected (self->audience_row, i + 1);
        return;
      }
  adw_combo_row_set_selected (self->audience_row, 0);
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), name);
}

static void
audience_changed (CohortImportPage *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->name_row), adw_combo_row_get_selected (self->audience_row) == 0);
}

/* The audience the form names, or NULL when the new one has no name yet. */
static char *
dup_audience (CohortImportPage *self)
{
  guint selected = adw_combo_row_get_selected (self->audience_row);
  g_autofree char *name = NULL;

  if (selected > 0 && self->audiences != NULL && selected <= g_strv_length (self->audiences))
    return g_strdup (self->audiences[selected - 1]);
  name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  return *name != '\0' ? g_steal_pointer (&name) : NULL;
}

/* An import with every choice of the form, ready to run. */
static CohortImport *
import_from_form (CohortImportPage *self)
{
  CohortImport *import = cohort_import_new (self->file);
  CohortNormalizeOptions options = {
    gtk_switch_get_active (self->gmail_switch),
    gtk_switch_get_active (self->digits_switch),
    gtk_switch_get_active (self->idfa_switch),
  };
  GObject *country = gtk_drop_down_get_selected_item (self->country_dropdown);
  guint consent = adw_combo_row_get_selected (self->consent_row);

  cohort_import_set_has_header (import, gtk_switch_get_active (self->header_switch));
  cohort_import_set_delimiter (import, cohort_import_get_delimiter (self->import));
  cohort_import_set_encoding (import, cohort_import_get_encoding (self->import));
  for (guint c = 0; c < self->column_rows->len; c++)
    {
      g_autofree char *spec = g_strdup_printf ("%u", c + 1);

      cohort_import_add_mapping (import, spec, adw_combo_row_get_selected (g_ptr_array_index (self->column_rows, c)));
    }
  if (consent > 0 && consent != GTK_INVALID_LIST_POSITION)
    {
      g_autofree char *spec = g_strdup_printf ("%u", consent);

      cohort_import_add_consent (import, spec, 0);
    }
  if (country != NULL && gtk_drop_down_get_selected (self->country_dropdown) > 0)
    cohort_import_set_country (import,
                               ((CohortCountry *) g_ptr_array_index (self->countries,
                                                                     gtk_drop_down_get_selected (self->country_dropdown) - 1))
                                   ->code);
  cohort_import_set_options (import, &options);
  return import;
}

/* The form as cohort-cli import options, for a watched file's imports. */
static char **
form_options (CohortImportPage *self,
              CohortImport     *import)
{
  g_autoptr (GStrvBuilder) options = g_strv_builder_new ();
  char delimiter = cohort_import_get_delimiter (import);
  guint consent = adw_combo_row_get_selected (self->consent_row);
  guint country = gtk_drop_down_get_selected (self->country_dropdown);

  if (delimiter != '\0')
    {
      g_autofree char *text = delimiter == '\t' ? g_strdup ("tab") : g_strdup_printf ("%c", delimiter);

      g_strv_builder_add_many (options, "--delimiter", text, NULL);
    }
  if (cohort_import_get_encoding (import) != COHORT_CSV_ENCODING_AUTO)
    g_strv_builder_add_many (options, "--encoding", cohort_csv_encoding_to_string (cohort_import_get_encoding (import)),
                             NULL);
  if (!gtk_switch_get_active (self->header_switch))
    g_strv_builder_add (options, "--no-header");
  for (guint c = 0; c < self->column_rows->len; c++)
    {
      g_autofree char *map = g_strdup_printf (
          "%u=%s", c + 1,
          cohort_column_type_to_string (adw_combo_row_get_selected (g_ptr_array_index (self->column_rows, c))));

      g_strv_builder_add_many (options, "--map", map, NULL);
    }
  if (consent > 0 && consent != GTK_INVALID_LIST_POSITION)
    {
      g_autofree char *column = g_strdup_printf ("%u", consent);

      g_strv_builder_add_many (options, "--consent-column", column, NULL);
    }
  if (country > 0 && country != GTK_INVALID_LIST_POSITION)
    g_strv_builder_add_many (options, "--country",
                             ((CohortCountry *) g_ptr_array_index (self->countries, country - 1))->code, NULL);
  if (gtk_switch_get_active (self->gmail_switch))
    g_strv_builder_add (options, "--email-gmail-dots");
  if (gtk_switch_get_active (self->digits_switch))
    g_strv_builder_add (options, "--phone-digits-only");
  if (gtk_switch_get_active (self->idfa_switch))
    g_strv_builder_add (options, "--idfa-uppercase");
  return g_strv_builder_end (options);
}

typedef struct
{
  CohortImportPage *self; /* the task's source object holds it */
  CohortImport     *import;
  char             *store_dir;
  char             *audience;
  GFile            *rejects;
  RunKind           kind;
  guint             threshold;
  char             *follow_path; /* NULL: the file is not followed */
  char            **follow_options;
} Run;

static void
run_free (Run *run)
{
  g_clear_object (&run->import);
  g_free (run->store_dir);
  g_free (run->audience);
  g_clear_object (&run->rejects);
  g_free (run->follow_path);
  g_strfreev (run->follow_options);
  g_free (run);
}

static void
record_progress (guint64  bytes_read,
                 guint64  rows,
                 gpointer user_data)
{
  CohortImportPage *self = user_data;

  g_atomic_pointer_set (&self->bytes_read, (gsize) bytes_read);
  g_atomic_pointer_set (&self->rows_read, (gsize) rows);
}

static void
run_thread (GTask        *task,
            gpointer      source,
            gpointer      task_data,
            GCancellable *cancellable)
{
  Run *run = task_data;
  g_autoptr (CohortStore) store = NULL;
  GError *error = NULL;
  gboolean dry_run = run->kind != RUN_SAVE;

  /* The window must keep answering: this thread, and the import's worker
   * threads which take its scheduling, yield to it (and to the display
   * server) when the cores are busy. */
  setpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid), 10);

  guint8 hash[COHORT_HASH_LENGTH];
  gint64 size = 0, mtime = 0;

  /* Its own connection: the window's stays free for the main thread. A
   * followed file's fingerprint is taken before it is read, so that a
   * change during the import is seen by the next sync. */
  store = cohort_store_open (run->store_dir, &error);
  if (store == NULL ||
      (run->follow_path != NULL &&
       !cohort_file_fingerprint (run->follow_path, &size, &mtime, hash, cancellable, &error)) ||
      !cohort_import_run (run->import, store, run->audience, run->rejects, dry_run, record_progress, run->self,
                          cancellable, &error) ||
      (!dry_run &&
       !cohort_store_raise_rejection_alerts (store, cohort_import_get_report (run->import), run->threshold, &error)) ||
      (run->follow_path != NULL &&
       (!cohort_store_watch (store, run->audience, run->follow_path, (const char *const *) run->follow_options,
                             &error) ||
        !cohort_store_set_watch_imported (store, run->audience, size, mtime, hash, &error))))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static gboolean
show_progress (gpointer user_data)
{
  CohortImportPage *self = user_data;
  guint64 bytes = g_atomic_pointer_get (&self->bytes_read);
  guint64 rows = g_atomic_pointer_get (&self->rows_read);
  double seconds = (g_get_monotonic_time () - self->run_started) / (double) G_USEC_PER_SEC;
  g_autofree char *rows_text = cohort_format_count (rows);
  g_autofree char *speed_text = cohort_format_count (seconds > 0.5 ? (guint64) (rows / seconds) : 0);
  g_autofree char *label = NULL;

  if (self->file_size > 0)
    gtk_progress_bar_set_fraction (self->progress_bar, MIN (1.0, (double) bytes / self->file_size));
  else
    gtk_progress_bar_pulse (self->progress_bar);
  /* Translators: 120,000 rows · 300,000 rows a second */
  label = g_strdup_printf (_("%s rows · %s rows a second"), rows_text, speed_text);
  gtk_label_set_text (self->speed_label, label);
  return G_SOURCE_CONTINUE;
}

static void
stop_progress (CohortImportPage *self)
{
  g_clear_handle_id (&self->progress_source, g_source_remove);
}

static void
ran_cb (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  CohortImportPage *self = COHORT_IMPORT_PAGE (source);
  Run *run = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;
  const CohortImportReport *report;

  g_task_propagate_boolean (G_TASK (result), &error);
  if (!is_current (self, result))
    return;
  stop_progress (self);
  if (error != NULL)
    {
      gtk_stack_set_visible_child_name (self->steps, run->kind == RUN_CHECK ? "setup" : "report");
      cohort_ui_toast (GTK_WIDGET (self), g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ? _("Stopped: nothing was saved.")
                                                                              : error->message);
      return;
    }
  report = cohort_import_get_report (run->import);
  switch (run->kind)
    {
    case RUN_CHECK:
      g_set_object (&self->import, run->import);
      cohort_import_report_view_show (self->report_view, run->import, self->file_name, FALSE);
      gtk_stack_set_visible_child_name (self->steps, "report");
      break;
    case RUN_REJECTS:
      {
        g_autofree char *path = g_file_get_parse_name (run->rejects);
        g_autofree char *message = g_strdup_printf (_("Rejected rows saved to “%s”"), path);

        gtk_stack_set_visible_child_name (self->steps, "report");
        cohort_ui_toast (GTK_WIDGET (self), message);
      }
      break;
    case RUN_SAVE:
      {
        g_autofree char *message = g_strdup_printf (_("Audience “%s” saved: version %lld"), report->audience,
                                                    (long long) report->version);

        cohort_ui_toast (GTK_WIDGET (self), message);
        g_signal_emit (self, signals[FINISHED], 0, report->audience);
      }
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
start_run (CohortImportPage *self,
           CohortImport     *import,
           RunKind           kind,
           GFile            *rejects)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (GSettings) settings = cohort_settings_new (NULL);
  Run *run = g_new0 (Run, 1);
  g_autofree char *title = NULL;

  new_operation (self);
  run->self = self;
  run->import = g_object_ref (import);
  run->store_dir = g_strdup (cohort_store_get_dir (self->store));
  run->audience = dup_audience (self);
  run->rejects = rejects != NULL ? g_object_ref (rejects) : NULL;
  run->kind = kind;
  run->threshold = settings != NULL ? (guint) g_settings_get_int (settings, "rejection-alert-percent") : 10;
  if (kind == RUN_SAVE && gtk_switch_get_active (self->follow_switch))
    {
      run->follow_path = g_file_get_path (self->file);
      run->follow_options = form_options (self, import);
    }

  title = g_strdup_printf (kind == RUN_SAVE ? _("Saving “%s”…") : _("Checking “%s”…"), self->file_name);
  adw_status_page_set_title (self->running_page, title);
  adw_status_page_set_description (self->running_page,
                                   kind == RUN_SAVE ? _("Normalising, hashing and storing every row")
                                                    : _("Reading every row: nothing is stored yet"));
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_label_set_text (self->speed_label, "");
  g_atomic_pointer_set (&self->bytes_read, (gsize) 0);
  g_atomic_pointer_set (&self->rows_read, (gsize) 0);
  self->run_started = g_get_monotonic_time ();
  stop_progress (self);
  self->progress_source = g_timeout_add (100, show_progress, self);
  gtk_stack_set_visible_child_name (self->steps, "running");

  task = g_task_new (self, self->cancellable, ran_cb, NULL);
  g_task_set_name (task, "cohort_import_page_run");
  g_task_set_task_data (task, run, (GDestroyNotify) run_free);
  g_task_run_in_thread (task, run_thread);
}

static void
check_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  CohortImportPage *self = COHORT_IMPORT_PAGE (widget);
  g_autoptr (CohortImport) import = NULL;
  g_autofree char *audience = dup_audience (self);

  if (self->import == NULL || self->store == NULL)
    return;
  if (audience == NULL)
    {
      cohort_ui_toast (GTK_WIDGET (self), _("Name the new audience first."));
      gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
      return;
    }
  import = import_from_form (self);
  start_run (self, import, RUN_CHECK, NULL);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CohortImportPage *self = COHORT_IMPORT_PAGE (widget);

  if (self->import != NULL && g_str_equal (cohort_import_page_get_step (self), "report"))
    start_run (self, self->import, RUN_SAVE, NULL);
}

static void
rejects_chosen_cb (GtkNativeDialog  *dialog,
                   int               response,
                   CohortImportPage *self)
{
  g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

  if (response == GTK_RESPONSE_ACCEPT && file != NULL)
    start_run (self, self->import, RUN_REJECTS, file);
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

/* Rejected values are personal data: written only where the user says. */
static void
save_rejects_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  CohortImportPage *self = COHORT_IMPORT_PAGE (widget);
  GtkFileChooserNative *chooser;
  g_autofree char *base = NULL;
  g_autofree char *name = NULL;
  char *dot;

  if (self->import == NULL)
    return;
  base = g_strdup (self->file_name);
  if ((dot = strrchr (base, '.')) != NULL)
    *dot = '\0';
  /* Translators: the file name proposed for a file's rejected rows */
  name = g_strdup_printf (_("%s — rejected.csv"), base);
  chooser = gtk_file_chooser_native_new (_("Save Rejected Rows"),
                                         GTK_WINDOW (gtk_widget_get_root (widget)),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_signal_connect (chooser, "response", G_CALLBACK (rejects_chosen_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
stop_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  g_cancellable_cancel (COHORT_IMPORT_PAGE (widget)->cancellable);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  gtk_stack_set_visible_child_name (COHORT_IMPORT_PAGE (widget)->steps, "setup");
}

static void
close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  CohortImportPage *self = COHORT_IMPORT_PAGE (widget);

  new_operation (self);
  stop_progress (self);
  g_signal_emit (self, signals[FINISHED], 0, NULL);
}

static void
fill_countries (CohortImportPage *self)
{
  g_autoptr (GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr (GtkExpression) expression = gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string");

  self->countries = cohort_countries_list ();
  gtk_string_list_append (names, _("None: numbers have their +code"));
  for (guint i = 0; i < self->countries->len; i++)
    gtk_string_list_append (names, ((CohortCountry *) g_ptr_array_index (self->countries, i))->name);
  gtk_drop_down_set_expression (self->country_dropdown, expression);
  gtk_drop_down_set_model (self->country_dropdown, G_LIST_MODEL (names));
}

/* Each file starts from the preferences' defaults. */
static void
apply_defaults (CohortImportPage *self)
{
  g_autoptr (GSettings) settings = cohort_settings_new (NULL);
  g_autofree char *country = cohort_settings_dup_default_country (settings);
  guint index = cohort_countries_find (self->countries, country);
  CohortNormalizeOptions options;

  gtk_drop_down_set_selected (self->country_dropdown, index != G_MAXUINT ? index + 1 : 0);
  cohort_settings_get_normalize_options (settings, &options);
  gtk_switch_set_active (self->gmail_switch, options.email_gmail_dots);
  gtk_switch_set_active (self->digits_switch, options.phone_digits_only);
  gtk_switch_set_active (self->idfa_switch, options.idfa_uppercase);
}

static void
cohort_import_page_dispose (GObject *object)
{
  CohortImportPage *self = COHORT_IMPORT_PAGE (object);

  new_operation (self);
  stop_progress (self);
  /* The stack is AdwBin's child too: let AdwBin forget it before it goes. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), COHORT_TYPE_IMPORT_PAGE);
  g_clear_object (&self->import);
  g_clear_object (&self->rows);
  g_clear_object (&self->store);
  g_clear_object (&self->file);

  G_OBJECT_CLASS (cohort_import_page_parent_class)->dispose (object);
}

static void
cohort_import_page_finalize (GObject *object)
{
  CohortImportPage *self = COHORT_IMPORT_PAGE (object);

  g_clear_object (&self->cancellable);
  g_free (self->file_name);
  g_ptr_array_unref (self->countries);
  g_ptr_array_unref (self->column_rows);
  g_ptr_array_unref (self->hash_switches);
  g_ptr_array_unref (self->preview_columns);
  g_strfreev (self->audiences);

  G_OBJECT_CLASS (cohort_import_page_parent_class)->finalize (object);
}

static void
cohort_import_page_class_init (CohortImportPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cohort_import_page_dispose;
  object_class->finalize = cohort_import_page_finalize;

  /**
   * CohortImportPage::finished:
   * @audience: (nullable): the audience saved, or %NULL when the user
   *   closed the page without saving
   */
  signals[FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                    NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (COHORT_TYPE_IMPORT_REPORT_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/cohortapp/Cohort/ui/import-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CohortImportPage, steps);
  gtk_widget_class_bind_template_child (widget_class, CohortImportPage, loading_page);
  gtk_widget_class_bind_template_child (widget_class, CohortImportPage, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, CohortImportPage, file_group);
  gtk_widget_class_bind_template_child (widget_class, CohortImportPage, delimiter_row);
  gtk_widget_class_bind_template_child (widget_class, CohortImportPage, encoding_row);
  gtk_widget_class_bind_template_child (widget_class, CohortImportPage, header_switch);
  gtk_widget_class_bind_template_child (widget_class, CohortImportPage, preview);
  gtk_widget_class_bind_template_child (widget_class, CohortImportPage, columns_group);
  gtk_widget_class_bind_template_child (widget_class, CohortImportPage, country_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CohortImportPage, consent_row);
  gtk_widget_class_bind_template_child (widget_class, CohortImportPage, gmail_switch);
  gtk_widget_class_bind_template_child (widget_class, CohortImportPage, digits_switch);
  gtk_widget_class_bind_template_child (widget_class, CohortImportPage, idfa_switch);
  gtk_widget_class_bind_template_child (widget_class, CohortImportPage, audience_row);
  gtk_widget_class_bind_template_child (widget_class, CohortImportPage, name_row);
  gtk_widget_class_bind_template_child (widget_class, CohortImportPage, follow_switch);
  gtk_widget_class_bind_template_child (widget_class, CohortImportPage, running_page);
  gtk_widget_class_bind_template_child (widget_class, CohortImportPage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, CohortImportPage, speed_label);
  gtk_widget_class_bind_template_child (widget_class, CohortImportPage, report_view);

  gtk_widget_class_install_action (widget_class, "import.check", NULL, check_action);
  gtk_widget_class_install_action (widget_class, "import.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "import.save-rejects", NULL, save_rejects_action);
  gtk_widget_class_install_action (widget_class, "import.stop", NULL, stop_action);
  gtk_widget_class_install_action (widget_class, "import.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "import.close", NULL, close_action);
}

static void
cohort_import_page_init (CohortImportPage *self)
{
  self->cancellable = g_cancellable_new ();
  self->column_rows = g_ptr_array_new ();
  self->hash_switches = g_ptr_array_new ();
  self->preview_columns = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  fill_countries (self);
  g_signal_connect_swapped (self->delimiter_row, "notify::selected", G_CALLBACK (file_option_changed), self);
  g_signal_connect_swapped (self->encoding_row, "notify::selected", G_CALLBACK (file_option_changed), self);
  g_signal_connect_swapped (self->header_switch, "notify::active", G_CALLBACK (file_option_changed), self);
  g_signal_connect_swapped (self->audience_row, "notify::selected", G_CALLBACK (audience_changed), self);
}
