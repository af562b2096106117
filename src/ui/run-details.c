/* run-details.c: one sync run in a window of its own: its counts, messages and TikTok request IDs */
#include "config.h"

#include <glib/gi18n.h>

#include "core/format.h"
#include "ui/copy-button.h"
#include "ui/labels.h"
#include "ui/run-details.h"

static GtkWidget *
add_row (AdwPreferencesGroup *group,
         const char          *title,
         const char          *subtitle,
         const char          *value)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (subtitle, -1);

      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped);
    }
  if (value != NULL)
    {
      GtkWidget *label = gtk_label_new (value);

      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (label, "numeric");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
    }
  adw_preferences_group_add (group, row);
  return row;
}

static void
add_count (AdwPreferencesGroup *group,
           const char          *title,
           const char          *subtitle,
           gint64               n)
{
  g_autofree char *count = cohort_format_count (MAX (n, 0));

  add_row (group, title, subtitle, count);
}

static GtkWidget *
counts_group (const CohortSyncRun *run)
{
  GtkWidget *group = adw_preferences_group_new ();
  AdwPreferencesGroup *g = ADW_PREFERENCES_GROUP (group);
  g_autofree char *started = cohort_ui_format_date_time (run->started_at);
  g_autofree char *excluded = NULL;
  GtkWidget *outcome = gtk_label_new (cohort_ui_run_outcome (run->outcome));
  GtkWidget *row;

  row = add_row (g, _("Outcome"), NULL, NULL);
  gtk_widget_add_css_class (outcome, cohort_ui_run_outcome_style (run->outcome));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), outcome);
  add_row (g, _("Started"), NULL, started);
  if (run->ended_at > 0)
    {
      g_autofree char *duration = cohort_ui_format_duration (run->ended_at - run->started_at);

      add_row (g, _("Duration"), NULL, duration);
    }
  else
    add_row (g, _("Duration"), NULL, _("Still running"));
  add_count (g, _("Received"), _("Changes taken from the outbox, and those of identities not mapped"), run->received);
  add_count (g, _("Activated"), _("Added to TikTok’s audience"), run->added);
  add_count (g, _("Removed"), _("Taken out of TikTok’s audience"), run->removed);
  {
    g_autofree char *suppressed = cohort_format_count (run->suppressed);
    g_autofree char *unmapped = cohort_format_count (run->unmapped);

    /* Translators: the two kinds of excluded changes, with their counts */
    excluded = g_strdup_printf (_("%s on the suppression list, %s of identities not mapped"), suppressed, unmapped);
  }
  add_count (g, _("Excluded"), excluded, run->excluded);
  add_count (g, C_("run count", "Failed"), _("Changes TikTok refused for good"), run->failed);
  add_count (g, _("Failed attempts"), _("Requests that failed, retried or not"), run->errors);
  return group;
}

static GtkWidget *
messages_group (const CohortSyncRun *run)
{
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *label = gtk_label_new (run->message);
  GtkWidget *frame = gtk_frame_new (NULL);

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Messages"));
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group),
                                           cohort_ui_copy_button_new (run->message, _("Copy the Messages")));
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_margin_top (label, 12);
  gtk_widget_set_margin_bottom (label, 12);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_widget_set_name (label, "run-message");
  gtk_frame_set_child (GTK_FRAME (frame), label);
  gtk_widget_add_css_class (frame, "view");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), frame);
  return group;
}

static GtkWidget *
request_ids_group (const CohortSyncRun *run)
{
  GtkWidget *group = adw_preferences_group_new ();
  g_auto (GStrv) ids = g_strsplit (run->request_ids, ",", -1);
  guint n = 0;

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("TikTok Request IDs"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("Those of the requests that failed: TikTok support asks for them."));
  for (guint i = 0; ids[i] != NULL; i++)
    {
      const char *id = g_strstrip (ids[i]);
      GtkWidget *row;

      if (*id == '\0')
        continue;
      n++;
      row = add_row (ADW_PREFERENCES_GROUP (group), id, NULL, NULL);
      gtk_widget_add_css_class (row, "monospace");
      gtk_widget_set_name (row, "request-id");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), cohort_ui_copy_button_new (id, _("Copy the Request ID")));
    }
  if (n == 0)
    add_row (ADW_PREFERENCES_GROUP (group), _("None"), _("No request of this run reached TikTok"), NULL);
  else
    adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group),
                                             cohort_ui_copy_button_new (run->request_ids,
                                                                        _("Copy All the Request IDs")));
  return group;
}

/**
 * cohort_run_details_new:
 * @parent: (nullable): the window it is modal for
 *
 * Returns: (transfer none): the window, presented; GTK owns it until it closes
 */
GtkWindow *
cohort_run_details_new (GtkWindow           *parent,
                        const CohortSyncRun *run)
{
  GtkWidget *window = adw_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *overlay = adw_toast_overlay_new ();
  GtkWidget *page = adw_preferences_page_new ();
  g_autofree char *started = cohort_ui_format_date_time (run->started_at);
  /* Translators: audience → destination · when the run started */
  g_autofree char *subtitle = g_strdup_printf (_("%s → %s · %s"), run->audience, run->destination, started);
  GtkShortcutController *shortcuts = GTK_SHORTCUT_CONTROLLER (gtk_shortcut_controller_new ());

  gtk_window_set_title (GTK_WINDOW (window), _("Run Details"));
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_set_transient_for (GTK_WINDOW (window), parent);
  gtk_window_set_default_size (GTK_WINDOW (window), 520, 720);
  gtk_widget_set_size_request (window, 360, 294);
  gtk_widget_set_name (window, "run-details");
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), adw_window_title_new (_("Run Details"), subtitle));
  gtk_box_append (GTK_BOX (box), header);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (counts_group (run)));
  if (*run->message != '\0')
    adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (messages_group (run)));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (request_ids_group (run)));
  gtk_widget_set_vexpand (page, TRUE);
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), page);
  gtk_box_append (GTK_BOX (box), overlay);
  adw_window_set_content (ADW_WINDOW (window), box);

  gtk_shortcut_controller_add_shortcut (shortcuts,
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                                                          gtk_named_action_new ("window.close")));
  gtk_widget_add_controller (window, GTK_EVENT_CONTROLLER (shortcuts));
  gtk_window_present (GTK_WINDOW (window));
  return GTK_WINDOW (window);
}
