/* activate-dialog.c: CohortActivateDialog, sending an audience to destinations: mapping, name, policies */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "core/format.h"
#include "core/store-activations.h"
#include "core/store-audiences.h"
#include "core/store-destinations.h"
#include "core/store-policies.h"
#include "ui/activate-dialog.h"
#include "ui/labels.h"

/* TikTok serves a Partner audience once it has matched this many people. */
#define TIKTOK_MINIMUM 1000

/* A destination the audience may be activated on. */
typedef struct
{
  char                *name;
  GtkCheckButton      *check;   /* NULL when the audience is already activated there */
  GtkCheckButton      *accept;  /* the warnings', while chosen and warned about */
  CohortPolicyVerdict  verdict; /* while chosen */
  gboolean             accepted; /* the warnings, while the choices stay the same */
} Choice;

struct _CohortActivateDialog
{
  AdwWindow            parent_instance;

  CohortStore         *store;
  char                *audience;
  guint64              members[COHORT_N_IDENTITIES];
  GPtrArray           *choices;      /* Choice */
  GPtrArray           *rows;         /* what load() added to the groups */
  GPtrArray           *policy_rows;  /* what the policy check added */
  GtkSwitch           *maps[COHORT_N_IDENTITIES];
  GCancellable        *cancellable;
  gboolean             busy;

  AdwToastOverlay     *toast_overlay;
  AdwWindowTitle      *window_title;
  GtkButton           *activate_button;
  GtkButton           *cancel_button;
  GtkSpinner          *spinner;
  GtkStack            *stack;
  AdwPreferencesGroup *destinations_group;
  AdwPreferencesGroup *mapping_group;
  AdwPreferencesGroup *policy_group;
  AdwEntryRow         *name_row;
  GtkLabel            *name_status;
  GtkLabel            *count_label;
  GtkLabel            *summary_label;
  GtkButton           *add_destination_button;
};

G_DEFINE_FINAL_TYPE (CohortActivateDialog, cohort_activate_dialog, ADW_TYPE_WINDOW)

enum
{
  ACTIVATED,
  ADD_DESTINATION,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
choice_free (Choice *choice)
{
  g_free (choice->name);
  g_free (choice);
}

static void
toast (CohortActivateDialog *self,
       const char           *message)
{
  AdwToast *toast = adw_toast_new (message);

  /* Errors are sentences to read to the end. */
  adw_toast_set_timeout (toast, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
remove_rows (GPtrArray *rows)
{
  for (guint i = 0; i < rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (rows, i);
      GtkWidget *group = gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP);

      if (group != NULL)
        adw_preferences_group_remove (ADW_PREFERENCES_GROUP (group), row);
    }
  g_ptr_array_set_size (rows, 0);
}

static GtkWidget *
add_row (GPtrArray           *rows,
         AdwPreferencesGroup *group,
         const char          *title,
         const char          *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (subtitle, -1);

      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped);
    }
  adw_preferences_group_add (group, row);
  g_ptr_array_add (rows, row);
  return row;
}

static GtkWidget *
status_icon (const char *icon_name,
             const char *style)
{
  GtkWidget *icon = gtk_image_new_from_icon_name (icon_name);

  gtk_widget_add_css_class (icon, style);
  /* The row's text says the same. */
  gtk_accessible_update_state (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
  return icon;
}

static guint
chosen_identities (CohortActivateDialog *self)
{
  guint identities = 0;

  for (CohortIdentity id = 0; id < COHORT_N_IDENTITIES; id++)
    if (self->maps[id] != NULL && gtk_widget_get_sensitive (GTK_WIDGET (self->maps[id])) &&
        gtk_switch_get_active (self->maps[id]))
      identities |= 1u << id;
  return identities;
}

static gboolean
is_chosen (const Choice *choice)
{
  return choice->check != NULL && gtk_check_button_get_active (choice->check);
}

/* The TikTok name's length, said as it is typed. */
static gboolean
update_name (CohortActivateDialog *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->name_row));
  g_autofree char *trimmed = g_strstrip (g_strdup (text));
  glong length = g_utf8_strlen (trimmed, -1);
  gboolean valid = cohort_activation_check_remote_name (trimmed, NULL);
  g_autofree char *message = NULL;

  if (length == 0)
    message = g_strdup (_("Give the audience a name for TikTok."));
  else if (!valid)
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "%ld character: TikTok takes at most %d. Choose a shorter name.",
                                            "%ld characters: TikTok takes at most %d. Choose a shorter name.",
                                            length),
                               length, COHORT_REMOTE_NAME_MAX);
  else
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%ld of %d characters", "%ld of %d characters",
                                            length),
                               length, COHORT_REMOTE_NAME_MAX);
  gtk_label_set_text (self->name_status, message);
  if (valid)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->name_row), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->name_status), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->name_status), "dim-label");
    }
  else
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->name_row), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->name_status), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->name_status), "dim-label");
    }
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->name_row), GTK_ACCESSIBLE_STATE_INVALID,
                               valid ? GTK_ACCESSIBLE_INVALID_FALSE : GTK_ACCESSIBLE_INVALID_TRUE, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->name_row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message, -1);
  return valid;
}

/* How many identifiers go, and what TikTok does with them. */
static void
update_summary (CohortActivateDialog *self)
{
  guint identities = chosen_identities (self);
  guint64 total = 0;
  g_autofree char *count = NULL;
  g_autoptr (GString) text = g_string_new (NULL);

  for (CohortIdentity id = 0; id < COHORT_N_IDENTITIES; id++)
    if (identities & (1u << id))
      total += self->members[id];
  count = cohort_format_count (total);
  gtk_label_set_text (self->count_label, count);
  if (identities == 0)
    g_string_append (text, _("Choose at least one identity to send."));
  else if (total < TIKTOK_MINIMUM)
    g_string_append_printf (text, "%s ",
                            _("Fewer than 1,000 identifiers: TikTok will not serve this audience until it grows."));
  if (identities != 0)
    g_string_append (text, _("TikTok matches the identifiers to its users and serves the audience once 1,000 people "
                             "are matched. Matching takes 24 to 48 hours."));
  gtk_label_set_text (self->summary_label, text->str);
}

static void
update_activate (CohortActivateDialog *self)
{
  gboolean ready = !self->busy && update_name (self) && chosen_identities (self) != 0;
  guint n_chosen = 0;

  update_summary (self);
  for (guint i = 0; i < self->choices->len; i++)
    {
      const Choice *choice = g_ptr_array_index (self->choices, i);

      if (!is_chosen (choice))
        continue;
      n_chosen++;
      if (choice->verdict.blocked != 0 ||
          (choice->verdict.warned != 0 && (choice->accept == NULL || !gtk_check_button_get_active (choice->accept))))
        ready = FALSE;
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->activate_button), ready && n_chosen > 0);
}

static void
changed_cb (CohortActivateDialog *self)
{
  update_activate (self);
}

/* What each chosen destination's policy makes of the audience's labels. */
static void
update_policies (CohortActivateDialog *self)
{
  guint n_chosen = 0;

  /* Choosing another destination keeps what was accepted for this one. */
  for (guint i = 0; i < self->choices->len; i++)
    {
      Choice *choice = g_ptr_array_index (self->choices, i);

      choice->accepted = choice->accept != NULL && gtk_check_button_get_active (choice->accept);
      choice->accept = NULL;
    }
  remove_rows (self->policy_rows);
  for (guint i = 0; i < self->choices->len; i++)
    {
      Choice *choice = g_ptr_array_index (self->choices, i);
      g_autoptr (GError) error = NULL;
      g_autofree char *explanation = NULL;
      g_autofree char *name = NULL;
      GtkWidget *row;

      memset (&choice->verdict, 0, sizeof choice->verdict);
      if (!is_chosen (choice))
        continue;
      n_chosen++;
      if (!cohort_store_check_activation (self->store, self->audience, choice->name, 0, &choice->verdict, &error))
        {
          /* Unknown: activating tells, and nothing is sent in the meantime. */
          choice->verdict.blocked = COHORT_LABELS_ALL;
          row = add_row (self->policy_rows, self->policy_group, choice->name, error->message);
          adw_action_row_add_prefix (ADW_ACTION_ROW (row), status_icon ("dialog-error-symbolic", "error"));
          continue;
        }
      name = g_strdup_printf ("policy-%s", choice->name);
      if (choice->verdict.blocked != 0)
        {
          CohortPolicyVerdict blocks = { choice->verdict.blocked, 0, 0 };
          g_autofree char *subtitle = NULL;

          explanation = cohort_policy_explain (&blocks, self->audience, choice->name);
          subtitle = g_strdup_printf ("%s %s", explanation,
                                      _("It cannot be activated there: change the audience’s labels or the "
                                        "destination’s policy first."));
          row = add_row (self->policy_rows, self->policy_group, choice->name, subtitle);
          adw_action_row_add_prefix (ADW_ACTION_ROW (row), status_icon ("dialog-error-symbolic", "error"));
          gtk_widget_set_name (row, name);
        }
      else if (choice->verdict.warned != 0)
        {
          g_autofree char *labels = cohort_usage_labels_to_string (choice->verdict.warned);
          g_autofree char *accept_title = NULL;
          GtkWidget *accept;

          explanation = cohort_policy_explain (&choice->verdict, self->audience, choice->name);
          row = add_row (self->policy_rows, self->policy_group, choice->name, explanation);
          adw_action_row_add_prefix (ADW_ACTION_ROW (row), status_icon ("dialog-warning-symbolic", "warning"));
          gtk_widget_set_name (row, name);

          /* Translators: the destination, then the labels its policy warns about */
          accept_title = g_strdup_printf (_("I accept: send to “%s” despite the warning about %s"), choice->name,
                                          labels);
          row = add_row (self->policy_rows, self->policy_group, accept_title,
                         _("The acceptance is recorded in the audit log"));
          accept = gtk_check_button_new ();
          gtk_widget_set_valign (accept, GTK_ALIGN_CENTER);
          gtk_check_button_set_active (GTK_CHECK_BUTTON (accept), choice->accepted);
          gtk_accessible_update_property (GTK_ACCESSIBLE (accept), GTK_ACCESSIBLE_PROPERTY_LABEL, accept_title, -1);
          g_free (name);
          name = g_strdup_printf ("accept-%s", choice->name);
          gtk_widget_set_name (accept, name);
          adw_action_row_add_prefix (ADW_ACTION_ROW (row), accept);
          adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), accept);
          g_signal_connect_object (accept, "toggled", G_CALLBACK (changed_cb), self, G_CONNECT_SWAPPED);
          choice->accept = GTK_CHECK_BUTTON (accept);
        }
      else
        {
          row = add_row (self->policy_rows, self->policy_group, choice->name,
                         _("Its policy allows this audience"));
          adw_action_row_add_prefix (ADW_ACTION_ROW (row), status_icon ("emblem-ok-symbolic", "success"));
          gtk_widget_set_name (row, name);
        }
    }
  gtk_widget_set_visible (GTK_WIDGET (self->policy_group), n_chosen > 0);
  update_activate (self);
}

static char *
describe_destination (const CohortDestination *destination)
{
  if (!destination->granted)
    /* Translators: the ad account's ID, then why it cannot be reached */
    return g_strdup_printf (_("Ad account %s — Cohort’s connection to TikTok no longer reaches it: reconnect"),
                            destination->advertiser_id);
  if (*destination->advertiser_name != '\0')
    /* Translators: the ad account's name at TikTok, then its ID */
    return g_strdup_printf (_("%s — ad account %s"), destination->advertiser_name, destination->advertiser_id);
  return g_strdup_printf (_("Ad account %s"), destination->advertiser_id);
}

static void
load_destinations (CohortActivateDialog *self,
                   GHashTable           *was_chosen)
{
  g_autoptr (GPtrArray) destinations = cohort_store_list_destinations (self->store, NULL);
  g_autoptr (GPtrArray) activations = cohort_store_list_activations (self->store, NULL);
  guint n_available = 0;

  g_ptr_array_set_size (self->choices, 0);
  for (guint i = 0; destinations != NULL && i < destinations->len; i++)
    {
      const CohortDestination *destination = g_ptr_array_index (destinations, i);
      const CohortActivation *existing = NULL;
      Choice *choice = g_new0 (Choice, 1);
      g_autofree char *subtitle = NULL;
      g_autofree char *name = g_strdup_printf ("destination-%s", destination->name);
      GtkWidget *row;

      for (guint a = 0; activations != NULL && a < activations->len; a++)
        {
          const CohortActivation *activation = g_ptr_array_index (activations, a);

          if (g_str_equal (activation->audience, self->audience) &&
              g_str_equal (activation->destination, destination->name))
            existing = activation;
        }
      choice->name = g_strdup (destination->name);
      g_ptr_array_add (self->choices, choice);
      if (existing != NULL)
        {
          if (existing->paused_for == COHORT_PAUSE_POLICY)
            subtitle = g_strdup (_("Already activated, and held by the destination’s policy: see the status page"));
          else
            /* Translators: %s is the activation's state: Synced, Sending… */
            subtitle = g_strdup_printf (_("Already activated — %s"), cohort_ui_activation_state (existing->state));
          row = add_row (self->rows, self->destinations_group, destination->name, subtitle);
          adw_action_row_add_prefix (ADW_ACTION_ROW (row), status_icon ("object-select-symbolic", "dim-label"));
          gtk_widget_set_sensitive (row, FALSE);
          gtk_widget_set_name (row, name);
          continue;
        }
      n_available++;
      subtitle = describe_destination (destination);
      row = add_row (self->rows, self->destinations_group, destination->name, subtitle);
      choice->check = GTK_CHECK_BUTTON (gtk_check_button_new ());
      gtk_widget_set_valign (GTK_WIDGET (choice->check), GTK_ALIGN_CENTER);
      gtk_widget_set_name (GTK_WIDGET (choice->check), name);
      gtk_accessible_update_property (GTK_ACCESSIBLE (choice->check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      destination->name, -1);
      gtk_check_button_set_active (choice->check, g_hash_table_contains (was_chosen, destination->name));
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), GTK_WIDGET (choice->check));
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), GTK_WIDGET (choice->check));
      g_signal_connect_object (choice->check, "toggled", G_CALLBACK (update_policies), self, G_CONNECT_SWAPPED);
    }
  /* One place to send it: chosen already. */
  if (n_available == 1 && g_hash_table_size (was_chosen) == 0)
    for (guint i = 0; i < self->choices->len; i++)
      {
        Choice *choice = g_ptr_array_index (self->choices, i);

        if (choice->check != NULL)
          gtk_check_button_set_active (choice->check, TRUE);
      }
  gtk_stack_set_visible_child_name (self->stack, self->choices->len > 0 ? "form" : "no-destination");
}

static void
load_mapping (CohortActivateDialog *self,
              guint                 was_off)
{
  g_autoptr (GPtrArray) audiences = cohort_store_list_audiences (self->store, NULL);

  memset (self->members, 0, sizeof self->members);
  for (guint i = 0; audiences != NULL && i < audiences->len; i++)
    {
      const CohortAudienceInfo *info = g_ptr_array_index (audiences, i);

      if (g_str_equal (info->name, self->audience))
        memcpy (self->members, info->members, sizeof self->members);
    }
  for (CohortIdentity id = 0; id < COHORT_N_IDENTITIES; id++)
    {
      g_autofree char *count = cohort_format_count (self->members[id]);
      g_autofree char *subtitle = NULL;
      g_autofree char *name = g_strdup_printf ("map-%s", cohort_identity_to_string (id));
      GtkWidget *row;
      GtkWidget *toggle = gtk_switch_new ();

      if (self->members[id] > 0)
        /* Translators: TikTok's target identity, then how many the audience has */
        subtitle = g_strdup_printf (_("→ %s · %s in the audience"), cohort_ui_identity_target (id), count);
      else
        subtitle = g_strdup (cohort_ui_identity_missing (id));
      row = add_row (self->rows, self->mapping_group, cohort_ui_identity_title (id), subtitle);
      gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
      gtk_widget_set_name (toggle, name);
      gtk_switch_set_active (GTK_SWITCH (toggle), self->members[id] > 0 && !(was_off & (1u << id)));
      gtk_accessible_update_property (GTK_ACCESSIBLE (toggle), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      cohort_ui_identity_title (id), -1);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);
      gtk_widget_set_sensitive (row, self->members[id] > 0);
      gtk_widget_set_sensitive (toggle, self->members[id] > 0);
      g_signal_connect_object (toggle, "notify::active", G_CALLBACK (changed_cb), self, G_CONNECT_SWAPPED);
      self->maps[id] = GTK_SWITCH (toggle);
    }
}

/**
 * cohort_activate_dialog_reload:
 *
 * Reads the destinations, the audience and the policies again (a
 * destination was added, a label changed), keeping what the user chose.
 */
void
cohort_activate_dialog_reload (CohortActivateDialog *self)
{
  g_autoptr (GHashTable) was_chosen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint was_off = 0;

  g_return_if_fail (COHORT_IS_ACTIVATE_DIALOG (self));

  for (guint i = 0; i < self->choices->len; i++)
    {
      const Choice *choice = g_ptr_array_index (self->choices, i);

      if (is_chosen (choice))
        g_hash_table_add (was_chosen, g_strdup (choice->name));
    }
  for (CohortIdentity id = 0; id < COHORT_N_IDENTITIES; id++)
    if (self->maps[id] != NULL && !gtk_switch_get_active (self->maps[id]))
      was_off |= 1u << id;
  remove_rows (self->policy_rows);
  remove_rows (self->rows);
  memset (self->maps, 0, sizeof self->maps);
  load_destinations (self, was_chosen);
  load_mapping (self, was_off);
  update_policies (self);
}

const char *
cohort_activate_dialog_get_audience (CohortActivateDialog *self)
{
  g_return_val_if_fail (COHORT_IS_ACTIVATE_DIALOG (self), NULL);

  return self->audience;
}

typedef struct
{
  char      *store_dir;
  char      *audience;
  char      *remote_name;
  guint      identities;
  GPtrArray *destinations; /* char * */
  GArray    *accepted;     /* guint: the warnings accepted, for each destination */
  guint      n_done;       /* activated before an error, if any */
} Job;

static void
job_free (Job *job)
{
  g_free (job->store_dir);
  g_free (job->audience);
  g_free (job->remote_name);
  g_ptr_array_unref (job->destinations);
  g_array_unref (job->accepted);
  g_free (job);
}

/* Queueing every member can take a while for a large audience: in a
 * thread, with its own connection to the database. */
static void
activate_thread (GTask        *task,
                 gpointer      source,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr (CohortStore) store = NULL;
  GError *error = NULL;

  store = cohort_store_open (job->store_dir, &error);
  if (store == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  for (guint i = 0; i < job->destinations->len; i++)
    {
      if (!cohort_store_activate (store, job->audience, g_ptr_array_index (job->destinations, i), job->identities,
                                  job->remote_name, g_array_index (job->accepted, guint, i), NULL, &error))
        {
          g_task_return_error (task, error);
          return;
        }
      job->n_done++;
    }
  g_task_return_boolean (task, TRUE);
}

static void
set_busy (CohortActivateDialog *self,
          gboolean              busy)
{
  self->busy = busy;
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->stack), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->cancel_button), !busy);
  update_activate (self);
}

static void
activated_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  CohortActivateDialog *self = COHORT_ACTIVATE_DIALOG (source);
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;

  g_task_propagate_boolean (G_TASK (result), &error);
  set_busy (self, FALSE);
  if (job->n_done > 0)
    g_signal_emit (self, signals[ACTIVATED], 0, self->audience);
  if (error == NULL)
    {
      gtk_window_close (GTK_WINDOW (self));
      return;
    }
  /* Those done are shown as such; the policies may have changed. */
  toast (self, error->message);
  cohort_activate_dialog_reload (self);
}

static void
activate_clicked (CohortActivateDialog *self)
{
  g_autoptr (GTask) task = NULL;
  g_autofree char *name = NULL;
  Job *job;

  if (!gtk_widget_get_sensitive (GTK_WIDGET (self->activate_button)) || self->busy)
    return;
  job = g_new0 (Job, 1);
  job->store_dir = g_strdup (cohort_store_get_dir (self->store));
  job->audience = g_strdup (self->audience);
  job->remote_name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  job->identities = chosen_identities (self);
  job->destinations = g_ptr_array_new_with_free_func (g_free);
  job->accepted = g_array_new (FALSE, TRUE, sizeof (guint));
  for (guint i = 0; i < self->choices->len; i++)
    {
      const Choice *choice = g_ptr_array_index (self->choices, i);
      /* What the user saw and accepted: a warning that came since stops it. */
      guint accepted = choice->accept != NULL && gtk_check_button_get_active (choice->accept) ? choice->verdict.warned
                                                                                             : 0;

      if (!is_chosen (choice))
        continue;
      g_ptr_array_add (job->destinations, g_strdup (choice->name));
      g_array_append_val (job->accepted, accepted);
    }
  set_busy (self, TRUE);
  task = g_task_new (self, self->cancellable, activated_cb, NULL);
  g_task_set_name (task, "cohort_activate_dialog_activate");
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, activate_thread);
}

static void
add_destination_clicked (CohortActivateDialog *self)
{
  g_signal_emit (self, signals[ADD_DESTINATION], 0);
  gtk_window_close (GTK_WINDOW (self));
}

/* Activating ends in a moment: the dialog stays until it has. */
static gboolean
cohort_activate_dialog_close_request (GtkWindow *window)
{
  return COHORT_ACTIVATE_DIALOG (window)->busy;
}

static void
cohort_activate_dialog_dispose (GObject *object)
{
  CohortActivateDialog *self = COHORT_ACTIVATE_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), COHORT_TYPE_ACTIVATE_DIALOG);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (cohort_activate_dialog_parent_class)->dispose (object);
}

static void
cohort_activate_dialog_finalize (GObject *object)
{
  CohortActivateDialog *self = COHORT_ACTIVATE_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_free (self->audience);
  g_ptr_array_unref (self->choices);
  g_ptr_array_unref (self->rows);
  g_ptr_array_unref (self->policy_rows);

  G_OBJECT_CLASS (cohort_activate_dialog_parent_class)->finalize (object);
}

static void
cohort_activate_dialog_class_init (CohortActivateDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = cohort_activate_dialog_dispose;
  object_class->finalize = cohort_activate_dialog_finalize;
  window_class->close_request = cohort_activate_dialog_close_request;

  /**
   * CohortActivateDialog::activated:
   * @audience: the audience's name
   *
   * The audience was activated on at least one destination: the next sync
   * sends it.
   */
  signals[ACTIVATED] = g_signal_new ("activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                     G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * CohortActivateDialog::add-destination:
   *
   * The user asked to add a destination, there being none: the dialog
   * closes after this signal.
   */
  signals[ADD_DESTINATION] = g_signal_new ("add-destination", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                           NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/cohortapp/Cohort/ui/activate-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CohortActivateDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CohortActivateDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, CohortActivateDialog, activate_button);
  gtk_widget_class_bind_template_child (widget_class, CohortActivateDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, CohortActivateDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, CohortActivateDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, CohortActivateDialog, destinations_group);
  gtk_widget_class_bind_template_child (widget_class, CohortActivateDialog, mapping_group);
  gtk_widget_class_bind_template_child (widget_class, CohortActivateDialog, policy_group);
  gtk_widget_class_bind_template_child (widget_class, CohortActivateDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, CohortActivateDialog, name_status);
  gtk_widget_class_bind_template_child (widget_class, CohortActivateDialog, count_label);
  gtk_widget_class_bind_template_child (widget_class, CohortActivateDialog, summary_label);
  gtk_widget_class_bind_template_child (widget_class, CohortActivateDialog, add_destination_button);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
cohort_activate_dialog_init (CohortActivateDialog *self)
{
  self->choices = g_ptr_array_new_with_free_func ((GDestroyNotify) choice_free);
  self->rows = g_ptr_array_new ();
  self->policy_rows = g_ptr_array_new ();
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_swapped (self->activate_button, "clicked", G_CALLBACK (activate_clicked), self);
  g_signal_connect_swapped (self->add_destination_button, "clicked", G_CALLBACK (add_destination_clicked), self);
  g_signal_connect_swapped (self->name_row, "changed", G_CALLBACK (changed_cb), self);
}

/**
 * cohort_activate_dialog_new:
 * @parent: (nullable): the window it is modal for
 * @audience: the audience to activate
 *
 * Returns: (transfer none): the dialog, presented; GTK owns it until it closes
 */
CohortActivateDialog *
cohort_activate_dialog_new (GtkWindow   *parent,
                            CohortStore *store,
                            const char  *audience)
{
  CohortActivateDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (COHORT_IS_STORE (store), NULL);
  g_return_val_if_fail (audience != NULL, NULL);

  self = g_object_new (COHORT_TYPE_ACTIVATE_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->audience = g_strdup (audience);
  adw_window_title_set_subtitle (self->window_title, audience);
  gtk_window_set_title (GTK_WINDOW (self), _("Activate"));
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), audience);
  cohort_activate_dialog_reload (self);
  gtk_window_present (GTK_WINDOW (self));
  return self;
}
