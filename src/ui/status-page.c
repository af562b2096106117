/* status-page.c: CohortStatusPage, every activation's state, TikTok's view of it and its runs */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "core/format.h"
#include "core/store-activations.h"
#include "core/store-policies.h"
#include "ui/labels.h"
#include "ui/run-details.h"
#include "ui/status-page.h"
#include "ui/widgets.h"

/* The runs an activation shows: a pass records one for each activation. */
#define RUNS_SHOWN 20

/* Where a paused activation's "no permission" is checked and granted. */
#define TIKTOK_BUSINESS_CENTER "https://business.tiktok.com/"

typedef enum
{
  ACTION_NONE,
  ACTION_RECONNECT,
  ACTION_CHECK_PERMISSIONS,
  ACTION_ACCEPT_WARNING,
  ACTION_REVIEW_LABELS,
} Action;

/* One activation's row, updated in place as long as the list is the same. */
typedef struct
{
  gint64             id;
  char              *audience;
  char              *destination;
  guint              identities;
  AdwExpanderRow    *row;
  GtkLabel          *state;
  GtkProgressBar    *progress;
  GtkButton         *button;
  Action             action;
  CohortPolicyVerdict verdict; /* while held by the policy */
  char              *details;  /* what the expanded rows show, to rebuild them only when it changed */
  GPtrArray         *children;
} Entry;

struct _CohortStatusPage
{
  AdwBin               parent_instance;

  CohortStore         *store;
  GPtrArray           *entries; /* Entry, in the list's order */
  guint                poll_id;

  GtkStack            *stack;
  AdwPreferencesGroup *activations_group;
};

G_DEFINE_FINAL_TYPE (CohortStatusPage, cohort_status_page, ADW_TYPE_BIN)

enum
{
  RECONNECT,
  SHOW_AUDIENCE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *const state_styles[] = { "success", "error", "accent", "dim-label", "warning" };

static void
entry_free (Entry *entry)
{
  g_free (entry->audience);
  g_free (entry->destination);
  g_free (entry->details);
  g_ptr_array_unref (entry->children);
  g_free (entry);
}

static void
set_subtitle (AdwActionRow *row,
              const char   *subtitle)
{
  g_autofree char *escaped = g_markup_escape_text (subtitle, -1);

  adw_action_row_set_subtitle (row, escaped);
}

static GtkWidget *
detail_row (Entry      *entry,
            const char *name,
            const char *title,
            const char *subtitle,
            GtkWidget  *suffix)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (suffix != NULL)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), suffix);
  gtk_widget_set_name (row, name);
  adw_expander_row_add_row (entry->row, row);
  g_ptr_array_add (entry->children, row);
  return row;
}

static GtkWidget *
styled_label (const char *text,
              const char *style)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_add_css_class (label, style);
  return label;
}

static void
run_activated_cb (AdwActionRow     *row,
                  CohortStatusPage *self)
{
  const CohortSyncRun *run = g_object_get_data (G_OBJECT (row), "run");

  cohort_run_details_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), run);
}

static void
add_run (CohortStatusPage    *self,
         Entry               *entry,
         GPtrArray           *runs,
         const CohortSyncRun *run)
{
  g_autofree char *started = cohort_ui_format_date_time (run->started_at);
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *received = cohort_format_count (run->received);
  g_autofree char *added = cohort_format_count (run->added);
  g_autofree char *removed = cohort_format_count (run->removed);
  g_autofree char *excluded = cohort_format_count (run->excluded);
  g_autofree char *failed = cohort_format_count (run->failed);
  GtkWidget *suffix = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *row;

  if (run->ended_at > 0)
    {
      g_autofree char *duration = cohort_ui_format_duration (run->ended_at - run->started_at);

      /* Translators: when a run started, then how long it took */
      title = g_strdup_printf (_("%s · %s"), started, duration);
    }
  else
    title = g_strdup (started);
  /* Translators: a sync run's counts, as Adobe's dataflow runs show them */
  subtitle = g_strdup_printf (_("Received %s · Activated %s · Removed %s · Excluded %s · Failed %s"), received,
                              added, removed, excluded, failed);
  gtk_box_append (GTK_BOX (suffix), styled_label (cohort_ui_run_outcome (run->outcome),
                                                  cohort_ui_run_outcome_style (run->outcome)));
  gtk_box_append (GTK_BOX (suffix), gtk_image_new_from_icon_name ("go-next-symbolic"));
  row = detail_row (entry, "run", title, subtitle, suffix);
  gtk_widget_add_css_class (row, "numeric");
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), NULL);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_widget_set_tooltip_text (row, _("Show the run’s messages and TikTok request IDs"));
  g_object_set_data_full (G_OBJECT (row), "runs", g_ptr_array_ref (runs), (GDestroyNotify) g_ptr_array_unref);
  g_object_set_data (G_OBJECT (row), "run", (gpointer) run);
  g_signal_connect_object (row, "activated", G_CALLBACK (run_activated_cb), self, 0);
}

/* Everything the expanded rows show, as one text. */
static char *
details_of (const CohortActivation *activation,
            GPtrArray              *runs)
{
  GString *text = g_string_new (NULL);

  g_string_append_printf (text, "%s|%s|%s|%lld|%d|%lld|%lld|%s|%s|%s|%lld", activation->remote_id != NULL
                                                                            ? activation->remote_id
                                                                            : "",
                          activation->remote_name, activation->state, (long long) activation->tiktok_size,
                          activation->tiktok_valid, (long long) activation->pending,
                          (long long) activation->not_mapped, activation->hold, activation->reason,
                          cohort_pause_cause_to_nick (activation->paused_for),
                          (long long) activation->rate_limited_since);
  for (guint i = 0; runs != NULL && i < runs->len; i++)
    {
      const CohortSyncRun *run = g_ptr_array_index (runs, i);

      g_string_append_printf (text, "|%lld:%s:%lld:%lld:%lld:%lld:%lld:%lld:%lld", (long long) run->id, run->outcome,
                              (long long) run->ended_at, (long long) run->received, (long long) run->added,
                              (long long) run->removed, (long long) run->excluded, (long long) run->failed,
                              (long long) run->errors);
    }
  return g_string_free (text, FALSE);
}

static void
show_details (CohortStatusPage       *self,
              Entry                  *entry,
              const CohortActivation *activation,
              GPtrArray              *runs)
{
  g_autofree char *on_tiktok = NULL;
  GtkWidget *row;

  if (activation->remote_id == NULL || *activation->remote_id == '\0')
    on_tiktok = g_strdup_printf (_("“%s”, created at the first sync"), activation->remote_name);
  else
    /* Translators: the audience's name at TikTok, then TikTok's ID for it */
    on_tiktok = g_strdup_printf (_("“%s” — audience %s"), activation->remote_name, activation->remote_id);
  if (activation->tiktok_size >= 0)
    {
      g_autofree char *size = cohort_format_count (activation->tiktok_size);
      g_autofree char *matched = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s matched", "%s matched",
                                                               activation->tiktok_size),
                                                  size);

      detail_row (entry, "on-tiktok", _("On TikTok"), on_tiktok, styled_label (matched, "numeric"));
      if (activation->tiktok_valid)
        {
          row = detail_row (entry, "tiktok-validity", _("TikTok serves it"),
                            _("It can be used in TikTok Ads Manager’s campaigns"), NULL);
          adw_action_row_add_prefix (ADW_ACTION_ROW (row), styled_label ("✓", "success"));
        }
      else
        /* Not an error: every audience starts there. */
        detail_row (entry, "tiktok-validity", _("TikTok will serve it once 1,000 people are matched"),
                    _("TikTok matches the identifiers sent to its users; matching takes 24 to 48 hours."), NULL);
    }
  else
    detail_row (entry, "on-tiktok", _("On TikTok"), on_tiktok, styled_label (_("Not measured yet"), "dim-label"));

  detail_row (entry, "pending", _("Changes pending"), _("Adds and removals waiting for the next sync"),
              cohort_ui_count_label (activation->pending));
  if (activation->not_mapped > 0)
    detail_row (entry, "not-mapped", _("Not sent"),
                _("Identifiers of the audience whose kind this activation maps to no TikTok identity"),
                cohort_ui_count_label (activation->not_mapped));
  if (*activation->hold != '\0')
    {
      g_autofree char *labels = g_strdup_printf (_("Held for the labels: %s"), activation->hold);

      detail_row (entry, "hold", _("Held by the destination’s policy"),
                  *activation->reason != '\0' ? activation->reason : labels, NULL);
    }
  else if (*activation->reason != '\0' &&
           (g_str_equal (activation->state, "paused") || g_str_equal (activation->state, "failed")))
    detail_row (entry, "reason", g_str_equal (activation->state, "paused") ? _("Why it is paused")
                                                                           : _("Why it failed"),
                activation->reason, NULL);
  if (activation->rate_limited_since > 0)
    {
      g_autofree char *since = cohort_ui_format_date_time (activation->rate_limited_since);
      g_autofree char *subtitle = g_strdup_printf (_("Since %s. Cohort slows down and tries again."), since);

      detail_row (entry, "rate-limited", _("TikTok is limiting its requests"), subtitle, NULL);
    }

  row = detail_row (entry, "runs", _("Run History"),
                    runs != NULL && runs->len > 0
                      ? _("The last runs, newest first. Choose one for its messages and TikTok request IDs.")
                      : _("No run yet: the next sync sends the audience."),
                    NULL);
  for (guint i = 0; runs != NULL && i < runs->len; i++)
    add_run (self, entry, runs, g_ptr_array_index (runs, i));
}

/* Rebuilds the expanded rows, keeping the keyboard focus on the same one. */
static void
update_details (CohortStatusPage       *self,
                Entry                  *entry,
                const CohortActivation *activation,
                GPtrArray              *runs)
{
  g_autofree char *details = details_of (activation, runs);
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (GTK_WIDGET (self)));
  int focused = -1;

  if (g_strcmp0 (details, entry->details) == 0)
    return;
  g_free (entry->details);
  entry->details = g_steal_pointer (&details);
  for (guint i = 0; i < entry->children->len; i++)
    {
      GtkWidget *child = g_ptr_array_index (entry->children, i);

      if (focus != NULL && (focus == child || gtk_widget_is_ancestor (focus, child)))
        focused = i;
      adw_expander_row_remove (entry->row, child);
    }
  g_ptr_array_set_size (entry->children, 0);
  show_details (self, entry, activation, runs);
  if (focused >= 0 && entry->children->len > 0)
    gtk_widget_grab_focus (g_ptr_array_index (entry->children, MIN ((guint) focused, entry->children->len - 1)));
}

static void
set_action (Entry      *entry,
            Action      action,
            const char *label,
            const char *tooltip)
{
  entry->action = action;
  gtk_widget_set_visible (GTK_WIDGET (entry->button), action != ACTION_NONE);
  if (action == ACTION_NONE)
    return;
  gtk_button_set_label (entry->button, label);
  gtk_widget_set_tooltip_text (GTK_WIDGET (entry->button), tooltip);
}

static void
update_action (CohortStatusPage       *self,
               Entry                  *entry,
               const CohortActivation *activation)
{
  memset (&entry->verdict, 0, sizeof entry->verdict);
  switch (activation->paused_for)
    {
    case COHORT_PAUSE_CONNECTION:
      set_action (entry, ACTION_RECONNECT, _("_Reconnect"), _("Connect Cohort to TikTok again"));
      break;
    case COHORT_PAUSE_PERMISSION:
      set_action (entry, ACTION_CHECK_PERMISSIONS, _("_Check Permissions"),
                  _("Open TikTok Business Center, where access to the ad account is granted"));
      break;
    case COHORT_PAUSE_POLICY:
      if (cohort_store_check_activation (self->store, activation->audience, activation->destination, 0,
                                         &entry->verdict, NULL) &&
          entry->verdict.blocked == 0 && entry->verdict.warned != 0)
        set_action (entry, ACTION_ACCEPT_WARNING, _("_Accept Warning…"),
                    _("Send the audience despite the policy’s warning, recorded in the audit log"));
      else
        set_action (entry, ACTION_REVIEW_LABELS, _("Review _Labels"),
                    _("Show the audience and its usage labels"));
      break;
    case COHORT_PAUSE_NONE:
    default:
      set_action (entry, ACTION_NONE, NULL, NULL);
      break;
    }
}

static void
update_entry (CohortStatusPage       *self,
              Entry                  *entry,
              const CohortActivation *activation,
              GPtrArray              *runs)
{
  const CohortSyncRun *last = runs != NULL && runs->len > 0 ? g_ptr_array_index (runs, 0) : NULL;
  gboolean running = last != NULL && g_str_equal (last->outcome, "running");
  g_autoptr (GString) subtitle = g_string_new (NULL);
  g_autofree char *pending = cohort_format_count (activation->pending);
  g_autofree char *escaped = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  entry->identities = activation->identities;
  if (running)
    {
      g_autofree char *ago = cohort_ui_format_time_ago (last->started_at, now);

      g_string_append_printf (subtitle, _("Run started %s"), ago);
    }
  else if (last != NULL)
    {
      g_autofree char *ago = cohort_ui_format_time_ago (last->ended_at, now);

      /* Translators: when the last run ended, then its outcome */
      g_string_append_printf (subtitle, _("Last run %s: %s"), ago, cohort_ui_run_outcome (last->outcome));
    }
  else
    g_string_append (subtitle, _("Not run yet"));
  g_string_append (subtitle, " · ");
  g_string_append_printf (subtitle,
                          g_dngettext (GETTEXT_PACKAGE, "%s change pending", "%s changes pending",
                                       activation->pending),
                          pending);
  escaped = g_markup_escape_text (subtitle->str, -1);
  adw_expander_row_set_subtitle (entry->row, escaped);

  gtk_label_set_text (entry->state, cohort_ui_activation_state (activation->state));
  for (guint i = 0; i < G_N_ELEMENTS (state_styles); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (entry->state), state_styles[i]);
  gtk_widget_add_css_class (GTK_WIDGET (entry->state), cohort_ui_activation_state_style (activation->state));

  gtk_widget_set_visible (GTK_WIDGET (entry->progress), g_str_equal (activation->state, "sending"));
  if (g_str_equal (activation->state, "sending"))
    {
      double fraction = running ? cohort_sync_run_get_progress (last, activation->pending) : 0.0;
      g_autofree char *percent = g_strdup_printf (_("%d %% sent"), (int) (fraction * 100));

      gtk_progress_bar_set_fraction (entry->progress, fraction);
      gtk_widget_set_tooltip_text (GTK_WIDGET (entry->progress), percent);
    }
  update_action (self, entry, activation);
  update_details (self, entry, activation, runs);
}

static void
accept_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    CohortStatusPage *self)
{
  gint64 id = *(gint64 *) g_object_get_data (G_OBJECT (dialog), "activation");
  g_autoptr (GError) error = NULL;
  g_autofree char *message = NULL;

  if (!g_str_equal (response, "accept"))
    return;
  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (self->entries, i);

      if (entry->id != id)
        continue;
      /* As `activate --accept-warning` does: recorded, and the hold let go. */
      if (!cohort_store_activate (self->store, entry->audience, entry->destination, entry->identities, NULL,
                                  entry->verdict.warned, NULL, &error))
        cohort_ui_toast (GTK_WIDGET (self), error->message);
      else
        {
          message = g_strdup_printf (_("“%s” is sent to “%s” again at the next sync"), entry->audience,
                                     entry->destination);
          cohort_ui_toast (GTK_WIDGET (self), message);
        }
      break;
    }
  cohort_status_page_reload (self);
}

static void
accept_warning (CohortStatusPage *self,
                Entry            *entry)
{
  g_autofree char *explanation = cohort_policy_explain (&entry->verdict, entry->audience, entry->destination);
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                              _("Send Despite the Warning?"), NULL);

  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog), "%s\n\n%s", explanation,
                                  _("Your acceptance is recorded in the audit log, and sending resumes at the next "
                                    "sync."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "accept",
                                    _("_Accept and Resume"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "accept", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "activation", g_memdup2 (&entry->id, sizeof entry->id), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (accept_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
launched_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr (CohortStatusPage) self = user_data;
  g_autoptr (GError) error = NULL;

  if (!g_app_info_launch_default_for_uri_finish (result, &error))
    {
      g_autofree char *message = g_strdup_printf (_("No browser could open %s: %s"), TIKTOK_BUSINESS_CENTER,
                                                  error->message);

      cohort_ui_toast (GTK_WIDGET (self), message);
    }
}

static void
button_clicked_cb (GtkButton        *button,
                   CohortStatusPage *self)
{
  Entry *entry = g_object_get_data (G_OBJECT (button), "entry");

  switch (entry->action)
    {
    case ACTION_RECONNECT:
      g_signal_emit (self, signals[RECONNECT], 0, entry->destination);
      break;
    case ACTION_CHECK_PERMISSIONS:
      {
        g_autoptr (GdkAppLaunchContext) context = gdk_display_get_app_launch_context (
          gtk_widget_get_display (GTK_WIDGET (self)));

        g_app_info_launch_default_for_uri_async (TIKTOK_BUSINESS_CENTER, G_APP_LAUNCH_CONTEXT (context), NULL,
                                                 launched_cb, g_object_ref (self));
      }
      break;
    case ACTION_ACCEPT_WARNING:
      accept_warning (self, entry);
      break;
    case ACTION_REVIEW_LABELS:
      g_signal_emit (self, signals[SHOW_AUDIENCE], 0, entry->audience);
      break;
    case ACTION_NONE:
    default:
      break;
    }
}

static Entry *
add_entry (CohortStatusPage       *self,
           const CohortActivation *activation)
{
  Entry *entry = g_new0 (Entry, 1);
  g_autofree char *title = g_strdup_printf ("%s → %s", activation->audience, activation->destination);
  g_autofree char *name = g_strdup_printf ("activation-%lld", (long long) activation->id);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);

  entry->id = activation->id;
  entry->audience = g_strdup (activation->audience);
  entry->destination = g_strdup (activation->destination);
  entry->children = g_ptr_array_new ();
  entry->row = ADW_EXPANDER_ROW (adw_expander_row_new ());
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (entry->row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (entry->row), title);
  gtk_widget_set_name (GTK_WIDGET (entry->row), name);

  entry->progress = GTK_PROGRESS_BAR (gtk_progress_bar_new ());
  gtk_widget_set_valign (GTK_WIDGET (entry->progress), GTK_ALIGN_CENTER);
  gtk_widget_set_size_request (GTK_WIDGET (entry->progress), 80, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry->progress), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Sending progress"), -1);
  entry->state = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_name (GTK_WIDGET (entry->state), "state");
  entry->button = GTK_BUTTON (gtk_button_new ());
  gtk_button_set_use_underline (entry->button, TRUE);
  gtk_widget_set_valign (GTK_WIDGET (entry->button), GTK_ALIGN_CENTER);
  gtk_widget_set_name (GTK_WIDGET (entry->button), "next-action");
  gtk_widget_set_visible (GTK_WIDGET (entry->button), FALSE);
  g_object_set_data (G_OBJECT (entry->button), "entry", entry);
  g_signal_connect_object (entry->button, "clicked", G_CALLBACK (button_clicked_cb), self, 0);

  gtk_box_append (GTK_BOX (box), GTK_WIDGET (entry->progress));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (entry->state));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (entry->button));
  adw_expander_row_add_action (entry->row, box);
  adw_preferences_group_add (self->activations_group, GTK_WIDGET (entry->row));
  g_ptr_array_add (self->entries, entry);
  return entry;
}

static gboolean
same_activations (CohortStatusPage *self,
                  GPtrArray        *activations)
{
  if (activations->len != self->entries->len)
    return FALSE;
  for (guint i = 0; i < activations->len; i++)
    if (((CohortActivation *) g_ptr_array_index (activations, i))->id !=
        ((Entry *) g_ptr_array_index (self->entries, i))->id)
      return FALSE;
  return TRUE;
}

static void clear_entries (CohortStatusPage *self);
static void update_polling (CohortStatusPage *self,
                            gboolean          sending);

/**
 * cohort_status_page_reload:
 *
 * Reads the activations and their last runs again. The store answers in
 * milliseconds, so this runs on the main thread; the rows are updated in
 * place, keeping what is expanded and focused. While an activation is
 * sending and the page is shown, it reloads itself every second.
 */
void
cohort_status_page_reload (CohortStatusPage *self)
{
  g_autoptr (GPtrArray) activations = NULL;
  g_autoptr (GArray) expanded = g_array_new (FALSE, FALSE, sizeof (gint64));
  gboolean sending = FALSE;

  g_return_if_fail (COHORT_IS_STATUS_PAGE (self));

  if (self->store == NULL || (activations = cohort_store_list_activations (self->store, NULL)) == NULL)
    return;
  if (!same_activations (self, activations))
    {
      for (guint i = 0; i < self->entries->len; i++)
        {
          Entry *entry = g_ptr_array_index (self->entries, i);

          if (adw_expander_row_get_expanded (entry->row))
            g_array_append_val (expanded, entry->id);
        }
      clear_entries (self);
      for (guint i = 0; i < activations->len; i++)
        {
          const CohortActivation *activation = g_ptr_array_index (activations, i);
          Entry *entry = add_entry (self, activation);

          for (guint e = 0; e < expanded->len; e++)
            if (g_array_index (expanded, gint64, e) == activation->id)
              adw_expander_row_set_expanded (entry->row, TRUE);
        }
    }
  for (guint i = 0; i < activations->len; i++)
    {
      const CohortActivation *activation = g_ptr_array_index (activations, i);
      g_autoptr (GPtrArray) runs = cohort_store_list_runs (self->store, activation->id, RUNS_SHOWN, NULL);

      update_entry (self, g_ptr_array_index (self->entries, i), activation, runs);
      sending |= g_str_equal (activation->state, "sending");
    }
  gtk_stack_set_visible_child_name (self->stack, activations->len > 0 ? "list" : "empty");
  update_polling (self, sending);
}

static gboolean
poll_cb (gpointer user_data)
{
  CohortStatusPage *self = user_data;

  self->poll_id = 0;
  cohort_status_page_reload (self);
  return G_SOURCE_REMOVE;
}

static void
update_polling (CohortStatusPage *self,
                gboolean          sending)
{
  if (sending && gtk_widget_get_mapped (GTK_WIDGET (self)) && self->poll_id == 0)
    self->poll_id = g_timeout_add_seconds (1, poll_cb, self);
  else if (!sending)
    g_clear_handle_id (&self->poll_id, g_source_remove);
}

static void
clear_entries (CohortStatusPage *self)
{
  for (guint i = 0; i < self->entries->len; i++)
    adw_preferences_group_remove (self->activations_group,
                                  GTK_WIDGET (((Entry *) g_ptr_array_index (self->entries, i))->row));
  g_ptr_array_set_size (self->entries, 0);
}

/**
 * cohort_status_page_set_store:
 *
 * Shows @store's activations.
 */
void
cohort_status_page_set_store (CohortStatusPage *self,
                              CohortStore      *store)
{
  g_return_if_fail (COHORT_IS_STATUS_PAGE (self));
  g_return_if_fail (store == NULL || COHORT_IS_STORE (store));

  if (!g_set_object (&self->store, store))
    return;
  clear_entries (self);
  gtk_stack_set_visible_child_name (self->stack, "empty");
  cohort_status_page_reload (self);
}

/**
 * cohort_status_page_reveal:
 *
 * Expands @activation_id's row and gives it the focus: where a
 * notification about it leads.
 *
 * Returns: whether the activation is shown
 */
gboolean
cohort_status_page_reveal (CohortStatusPage *self,
                           gint64            activation_id)
{
  g_return_val_if_fail (COHORT_IS_STATUS_PAGE (self), FALSE);

  cohort_status_page_reload (self);
  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (self->entries, i);

      if (entry->id != activation_id)
        continue;
      adw_expander_row_set_expanded (entry->row, TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (entry->row));
      return TRUE;
    }
  return FALSE;
}

GtkWidget *
cohort_status_page_new (void)
{
  return g_object_new (COHORT_TYPE_STATUS_PAGE, NULL);
}

static void
cohort_status_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (cohort_status_page_parent_class)->map (widget);
  /* Shown again: what the sync did meanwhile. */
  cohort_status_page_reload (COHORT_STATUS_PAGE (widget));
}

static void
cohort_status_page_unmap (GtkWidget *widget)
{
  g_clear_handle_id (&COHORT_STATUS_PAGE (widget)->poll_id, g_source_remove);
  GTK_WIDGET_CLASS (cohort_status_page_parent_class)->unmap (widget);
}

static void
cohort_status_page_dispose (GObject *object)
{
  CohortStatusPage *self = COHORT_STATUS_PAGE (object);

  g_clear_handle_id (&self->poll_id, g_source_remove);
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), COHORT_TYPE_STATUS_PAGE);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (cohort_status_page_parent_class)->dispose (object);
}

static void
cohort_status_page_finalize (GObject *object)
{
  CohortStatusPage *self = COHORT_STATUS_PAGE (object);

  g_ptr_array_unref (self->entries);

  G_OBJECT_CLASS (cohort_status_page_parent_class)->finalize (object);
}

static void
cohort_status_page_class_init (CohortStatusPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cohort_status_page_dispose;
  object_class->finalize = cohort_status_page_finalize;
  widget_class->map = cohort_status_page_map;
  widget_class->unmap = cohort_status_page_unmap;

  /**
   * CohortStatusPage::reconnect:
   * @destination: the destination whose activation waits for a new connection
   *
   * TikTok refused or revoked Cohort's token: the user asked to connect again.
   */
  signals[RECONNECT] = g_signal_new ("reconnect", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                     G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * CohortStatusPage::show-audience:
   * @audience: the audience whose labels hold an activation
   *
   * The user asked to review the labels the destination's policy blocks.
   */
  signals[SHOW_AUDIENCE] = g_signal_new ("show-audience", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                         NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/cohortapp/Cohort/ui/status-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CohortStatusPage, stack);
  gtk_widget_class_bind_template_child (widget_class, CohortStatusPage, activations_group);
}

static void
cohort_status_page_init (CohortStatusPage *self)
{
  self->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  gtk_widget_init_template (GTK_WIDGET (self));
}
