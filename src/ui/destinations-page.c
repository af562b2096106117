/* destinations-page.c: CohortDestinationsPage, the TikTok ad accounts audiences go to: health, policy, alerts, remove */
#include "config.h"

#include <glib/gi18n.h>

#include "core/destination-health.h"
#include "core/store-accounts.h"
#include "core/store-activations.h"
#include "core/store-destinations.h"
#include "core/store-policies.h"
#include "core/tiktok-account.h"
#include "ui/destinations-page.h"
#include "ui/labels.h"
#include "ui/widgets.h"

struct _CohortDestinationsPage
{
  AdwBin               parent_instance;

  CohortStore         *store;
  GPtrArray           *rows;       /* the expander rows of the list group */
  guint                n_destinations;
  gboolean             updating;   /* the page sets the controls, not the user */

  GtkStack            *stack;
  AdwPreferencesGroup *list_group;
};

G_DEFINE_FINAL_TYPE (CohortDestinationsPage, cohort_destinations_page, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_STORE,
  PROP_N_DESTINATIONS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  ADD_DESTINATION,
  RECONNECT,
  REMOVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* In the order of the policy combo rows' items. */
static const CohortPolicyAction policy_actions[] = { COHORT_POLICY_ALLOW, COHORT_POLICY_WARN, COHORT_POLICY_BLOCK };

static GtkWidget *
action_row_new (const char *title,
                const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL && *subtitle != '\0')
    {
      g_autofree char *escaped = g_markup_escape_text (subtitle, -1);

      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped);
    }
  return row;
}

/* A heading between the rows of an expander: what the rows below are about. */
static GtkWidget *
section_row_new (const char *title)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *label = gtk_label_new (title);

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_widget_set_margin_top (label, 18);
  gtk_widget_set_margin_bottom (label, 6);
  gtk_widget_add_css_class (label, "heading");
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
  return row;
}

static char *
advertiser_text (const CohortDestination *destination)
{
  if (*destination->advertiser_name == '\0')
    return g_strdup (destination->advertiser_id);
  /* Translators: a TikTok ad account: its name, then its ID */
  return g_strdup_printf (_("%s (%s)"), destination->advertiser_name, destination->advertiser_id);
}

static GtkWidget *
health_badge_new (CohortDestinationHealth health)
{
  GtkWidget *badge = gtk_label_new (cohort_destination_health_describe (health));

  gtk_widget_set_name (badge, "health");
  gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (badge, "caption-heading");
  gtk_widget_add_css_class (badge, health == COHORT_DESTINATION_HEALTH_CONNECTED       ? "success"
                                   : health == COHORT_DESTINATION_HEALTH_NOT_CONNECTED ? "warning"
                                                                                       : "error");
  return badge;
}

/* Reconnect or Check Permissions: the one thing the user can do about it. */
static GtkWidget *
next_action_button_new (const CohortDestination *destination,
                        CohortDestinationHealth  health)
{
  GtkWidget *button;

  if (health == COHORT_DESTINATION_HEALTH_CONNECTED)
    return NULL;
  if (health == COHORT_DESTINATION_HEALTH_NO_PERMISSION)
    {
      button = gtk_button_new_with_mnemonic (_("Check _Permissions"));
      gtk_widget_set_tooltip_text (button, _("Open TikTok Business Center, where access to ad accounts is given"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "destinations.check-permissions");
    }
  else
    {
      button = gtk_button_new_with_mnemonic (health == COHORT_DESTINATION_HEALTH_NOT_CONNECTED ? _("_Connect…")
                                                                                               : _("_Reconnect…"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "destinations.reconnect");
    }
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", destination->name);
  gtk_widget_set_name (button, "next-action");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  return button;
}

static void
add_activations (AdwExpanderRow          *expander,
                 const CohortDestination *destination,
                 GPtrArray               *activations)
{
  guint shown = 0;

  adw_expander_row_add_row (expander, section_row_new (_("Sent Here")));
  for (guint i = 0; activations != NULL && i < activations->len; i++)
    {
      const CohortActivation *activation = g_ptr_array_index (activations, i);
      GtkWidget *row;
      GtkWidget *state;

      if (!g_str_equal (activation->destination, destination->name))
        continue;
      shown++;
      row = action_row_new (activation->audience, activation->reason);
      state = gtk_label_new (cohort_ui_activation_state (activation->state));
      gtk_widget_add_css_class (state, cohort_ui_activation_state_style (activation->state));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), state);
      adw_expander_row_add_row (expander, row);
    }
  if (shown == 0)
    adw_expander_row_add_row (expander, action_row_new (_("No audience is sent here yet"), NULL));
}

static void policy_selected_cb (AdwComboRow *row, GParamSpec *pspec, CohortDestinationsPage *self);

static void
add_policy (CohortDestinationsPage  *self,
            AdwExpanderRow          *expander,
            const CohortDestination *destination)
{
  CohortPolicy policy;

  if (!cohort_store_get_policy (self->store, destination->name, &policy, NULL))
    cohort_policy_init_default (&policy);
  adw_expander_row_add_row (expander, section_row_new (_("Policy")));
  for (CohortUsageLabel label = 0; label < COHORT_N_LABELS; label++)
    {
      g_autoptr (GtkStringList) actions = gtk_string_list_new (NULL);
      g_autofree char *subtitle = NULL;
      g_autofree char *name = g_strdup_printf ("policy:%s", cohort_usage_label_to_string (label));
      GtkWidget *row = adw_combo_row_new ();

      /* Translators: what a destination does about audiences with a label */
      gtk_string_list_append (actions, C_("policy", "Allow"));
      gtk_string_list_append (actions, C_("policy", "Warn"));
      gtk_string_list_append (actions, C_("policy", "Block"));
      if (cohort_usage_label_is_permission (label))
        /* Translators: %s is what a label means, e.g. “collected with marketing consent” */
        subtitle = g_strdup_printf (_("When an audience is not labelled so: %s"), cohort_usage_label_describe (label));
      else
        subtitle = g_strdup (cohort_usage_label_describe (label));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), cohort_usage_label_to_string (label));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (actions));
      for (guint i = 0; i < G_N_ELEMENTS (policy_actions); i++)
        if (policy_actions[i] == policy.actions[label])
          adw_combo_row_set_selected (ADW_COMBO_ROW (row), i);
      gtk_widget_set_name (row, name);
      g_object_set_data (G_OBJECT (row), "label", GUINT_TO_POINTER (label));
      g_object_set_data_full (G_OBJECT (row), "destination", g_strdup (destination->name), g_free);
      g_signal_connect_object (row, "notify::selected", G_CALLBACK (policy_selected_cb), self, 0);
      adw_expander_row_add_row (expander, row);
    }
}

static void alert_switched_cb (GtkSwitch *toggle, GParamSpec *pspec, CohortDestinationsPage *self);

static void
add_alerts (CohortDestinationsPage  *self,
            AdwExpanderRow          *expander,
            const CohortDestination *destination)
{
  adw_expander_row_add_row (expander, section_row_new (_("Alerts")));
  for (guint i = 0; i < COHORT_N_ALERT_KINDS; i++)
    {
      CohortAlertKinds kind = 1u << i;
      g_autofree char *name = g_strdup_printf ("alert:%s", cohort_alert_kind_to_nick (kind));
      GtkWidget *row = action_row_new (cohort_alert_kind_describe (kind), NULL);
      GtkWidget *toggle = gtk_switch_new ();

      gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
      gtk_switch_set_active (GTK_SWITCH (toggle), (destination->alerts & kind) != 0);
      gtk_accessible_update_property (GTK_ACCESSIBLE (toggle), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      cohort_alert_kind_describe (kind), -1);
      gtk_widget_set_name (toggle, name);
      g_object_set_data (G_OBJECT (toggle), "kind", GUINT_TO_POINTER (kind));
      g_object_set_data_full (G_OBJECT (toggle), "destination", g_strdup (destination->name), g_free);
      g_signal_connect_object (toggle, "notify::active", G_CALLBACK (alert_switched_cb), self, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);
      adw_expander_row_add_row (expander, row);
    }
}

static void
add_remove (AdwExpanderRow          *expander,
            const CohortDestination *destination)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Remove Destination…"));

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_name (button, "remove");
  gtk_widget_set_halign (button, GTK_ALIGN_END);
  gtk_widget_set_margin_top (button, 12);
  gtk_widget_set_margin_bottom (button, 12);
  gtk_widget_set_margin_end (button, 12);
  gtk_widget_add_css_class (button, "destructive-action");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "destinations.remove");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", destination->name);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), button);
  adw_expander_row_add_row (expander, row);
}

static GtkWidget *
destination_row_new (CohortDestinationsPage  *self,
                     const CohortDestination *destination,
                     CohortDestinationHealth  health,
                     const CohortActivation  *cause,
                     GPtrArray               *activations)
{
  GtkWidget *expander = adw_expander_row_new ();
  g_autofree char *advertiser = advertiser_text (destination);
  g_autofree char *subtitle = NULL;
  g_autofree char *name = g_strdup_printf ("destination:%s", destination->name);
  g_autofree char *escaped = NULL;
  GtkWidget *next_action = next_action_button_new (destination, health);

  if (*destination->description != '\0')
    /* Translators: a destination's description, then its TikTok ad account */
    subtitle = g_strdup_printf (_("%s · %s"), destination->description, advertiser);
  else
    subtitle = g_strdup (advertiser);
  escaped = g_markup_escape_text (subtitle, -1);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (expander), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), destination->name);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), escaped);
  gtk_widget_set_name (expander, name);
  g_object_set_data_full (G_OBJECT (expander), "destination", g_strdup (destination->name), g_free);
  adw_expander_row_add_action (ADW_EXPANDER_ROW (expander), health_badge_new (health));
  if (next_action != NULL)
    adw_expander_row_add_action (ADW_EXPANDER_ROW (expander), next_action);

  if (health != COHORT_DESTINATION_HEALTH_CONNECTED)
    {
      GtkWidget *row = action_row_new (cohort_destination_health_describe (health),
                                       cohort_destination_health_advice (health));

      if (cause != NULL)
        gtk_widget_set_tooltip_text (row, cause->reason);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("dialog-warning-symbolic"));
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), row);
    }
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), action_row_new (_("TikTok Ads Manager Account"), advertiser));
  if (*destination->description != '\0')
    adw_expander_row_add_row (ADW_EXPANDER_ROW (expander),
                              action_row_new (_("Description"), destination->description));
  add_activations (ADW_EXPANDER_ROW (expander), destination, activations);
  add_policy (self, ADW_EXPANDER_ROW (expander), destination);
  add_alerts (self, ADW_EXPANDER_ROW (expander), destination);
  add_remove (ADW_EXPANDER_ROW (expander), destination);
  return expander;
}

static void
clear (CohortDestinationsPage *self,
       GHashTable             *expanded)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);

      if (adw_expander_row_get_expanded (ADW_EXPANDER_ROW (row)))
        g_hash_table_add (expanded, g_strdup (g_object_get_data (G_OBJECT (row), "destination")));
      adw_preferences_group_remove (self->list_group, row);
    }
  g_ptr_array_set_size (self->rows, 0);
}

/**
 * cohort_destinations_page_reload:
 *
 * Shows the destinations as the store has them now; those the user had
 * opened stay open. The store answers in milliseconds, so this runs on the
 * main thread.
 */
void
cohort_destinations_page_reload (CohortDestinationsPage *self)
{
  g_autoptr (GHashTable) expanded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GPtrArray) destinations = NULL;
  g_autoptr (GPtrArray) activations = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *app_id = NULL;
  gint64 connected_at = 0;
  guint n = 0;

  g_return_if_fail (COHORT_IS_DESTINATIONS_PAGE (self));

  clear (self, expanded);
  if (self->store != NULL)
    {
      destinations = cohort_store_list_destinations (self->store, &error);
      if (destinations != NULL)
        app_id = cohort_store_dup_app_id (self->store, NULL, &error);
      if (error == NULL)
        connected_at = cohort_store_get_connected_at (self->store, &error);
      if (error == NULL)
        activations = cohort_store_list_activations (self->store, &error);
      if (error != NULL)
        cohort_ui_toast (GTK_WIDGET (self), error->message);
    }

  self->updating = TRUE;
  for (guint i = 0; error == NULL && destinations != NULL && i < destinations->len; i++)
    {
      const CohortDestination *destination = g_ptr_array_index (destinations, i);
      const CohortActivation *cause = NULL;
      CohortDestinationHealth health = cohort_destination_get_health (destination, app_id, connected_at, activations,
                                                                      &cause);
      GtkWidget *row = destination_row_new (self, destination, health, cause, activations);

      adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), g_hash_table_contains (expanded, destination->name));
      adw_preferences_group_add (self->list_group, row);
      g_ptr_array_add (self->rows, row);
      n++;
    }
  self->updating = FALSE;

  gtk_stack_set_visible_child_name (self->stack, n > 0 ? "list" : "empty");
  if (n != self->n_destinations)
    {
      self->n_destinations = n;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_DESTINATIONS]);
    }
}

static gboolean
reload_cb (gpointer user_data)
{
  cohort_destinations_page_reload (user_data);
  return G_SOURCE_REMOVE;
}

/* A control that asked is still in its signal: rebuild the rows after it. */
static void
queue_reload (CohortDestinationsPage *self)
{
  g_idle_add_full (G_PRIORITY_DEFAULT, reload_cb, g_object_ref (self), g_object_unref);
}

static void
policy_selected_cb (AdwComboRow            *row,
                    GParamSpec             *pspec,
                    CohortDestinationsPage *self)
{
  CohortUsageLabel label = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "label"));
  const char *destination = g_object_get_data (G_OBJECT (row), "destination");
  guint selected = adw_combo_row_get_selected (row);
  g_autoptr (GPtrArray) changes = NULL;
  g_autoptr (GError) error = NULL;
  CohortPolicy policy;

  if (self->updating || self->store == NULL || selected >= G_N_ELEMENTS (policy_actions))
    return;
  if (!cohort_store_get_policy (self->store, destination, &policy, &error))
    {
      cohort_ui_toast (GTK_WIDGET (self), error->message);
      return;
    }
  if (policy.actions[label] == policy_actions[selected])
    return;
  policy.actions[label] = policy_actions[selected];
  if (!cohort_store_set_policy (self->store, destination, &policy, &changes, &error))
    cohort_ui_toast (GTK_WIDGET (self), error->message);
  cohort_ui_toast_policy_changes (GTK_WIDGET (self), changes);
  queue_reload (self);
}

static void
alert_switched_cb (GtkSwitch              *toggle,
                   GParamSpec             *pspec,
                   CohortDestinationsPage *self)
{
  CohortAlertKinds kind = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (toggle), "kind"));
  const char *name = g_object_get_data (G_OBJECT (toggle), "destination");
  g_autoptr (GPtrArray) destinations = NULL;
  g_autoptr (GError) error = NULL;
  CohortAlertKinds alerts = 0;
  gboolean found = FALSE;

  if (self->updating || self->store == NULL)
    return;
  /* From the store, not the switches: another face may have changed it. */
  destinations = cohort_store_list_destinations (self->store, &error);
  for (guint i = 0; destinations != NULL && i < destinations->len; i++)
    {
      const CohortDestination *destination = g_ptr_array_index (destinations, i);

      if (g_str_equal (destination->name, name))
        {
          alerts = destination->alerts;
          found = TRUE;
        }
    }
  if (error == NULL && !found)
    g_set_error (&error, COHORT_STORE_ERROR, COHORT_STORE_ERROR_NOT_FOUND, _("There is no destination named “%s”."),
                 name);
  if (gtk_switch_get_active (toggle))
    alerts |= kind;
  else
    alerts &= ~kind;
  if (error != NULL || !cohort_store_set_destination_alerts (self->store, name, alerts, &error))
    {
      cohort_ui_toast (GTK_WIDGET (self), error->message);
      queue_reload (self);
    }
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  g_signal_emit (widget, signals[ADD_DESTINATION], 0);
}

static void
reconnect_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  g_signal_emit (widget, signals[RECONNECT], 0, g_variant_get_string (parameter, NULL));
}

static void
business_center_shown_cb (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr (CohortDestinationsPage) self = user_data;
  g_autoptr (GError) error = NULL;

  if (!gtk_show_uri_full_finish (GTK_WINDOW (source), result, &error))
    {
      g_autofree char *message = g_strdup_printf (_("Cannot open a browser: go to %s yourself"),
                                                  COHORT_TIKTOK_BUSINESS_CENTER_URL);

      cohort_ui_toast (GTK_WIDGET (self), message);
    }
}

static void
check_permissions_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  GtkRoot *root = gtk_widget_get_root (widget);

  gtk_show_uri_full (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, COHORT_TIKTOK_BUSINESS_CENTER_URL,
                     GDK_CURRENT_TIME, NULL, business_center_shown_cb, g_object_ref (widget));
}

static void
remove_response_cb (AdwMessageDialog       *dialog,
                    const char             *response,
                    CohortDestinationsPage *self)
{
  const char *name = g_object_get_data (G_OBJECT (dialog), "destination");
  g_autoptr (GError) error = NULL;
  g_autofree char *message = NULL;

  if (!g_str_equal (response, "remove") || self->store == NULL)
    return;
  if (!cohort_store_remove_destination (self->store, name, &error))
    {
      cohort_ui_toast (GTK_WIDGET (self), error->message);
      return;
    }
  message = g_strdup_printf (_("Destination “%s” removed"), name);
  cohort_ui_toast (GTK_WIDGET (self), message);
  cohort_destinations_page_reload (self);
  g_signal_emit (self, signals[REMOVED], 0, name);
}

/* Asks first; while audiences are sent there, says why it cannot be. */
static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CohortDestinationsPage *self = COHORT_DESTINATIONS_PAGE (widget);
  const char *name = g_variant_get_string (parameter, NULL);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr (GError) error = NULL;
  GtkWidget *dialog;

  if (self->store == NULL)
    return;
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, NULL, NULL);
  if (!cohort_store_check_destination_removable (self->store, name, &error))
    {
      adw_message_dialog_format_heading (ADW_MESSAGE_DIALOG (dialog), _("“%s” Cannot Be Removed Yet"), name);
      adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog), error->message);
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
    }
  else
    {
      adw_message_dialog_format_heading (ADW_MESSAGE_DIALOG (dialog), _("Remove “%s”?"), name);
      adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog),
                                   _("Cohort forgets this destination, its policy and its alerts. Audiences "
                                     "already in TikTok Ads Manager stay there. The audit log keeps a record."));
      adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "remove", _("_Remove"),
                                        NULL);
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove", ADW_RESPONSE_DESTRUCTIVE);
      adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
      adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
      g_object_set_data_full (G_OBJECT (dialog), "destination", g_strdup (name), g_free);
      g_signal_connect_object (dialog, "response", G_CALLBACK (remove_response_cb), self, 0);
    }
  gtk_window_present (GTK_WINDOW (dialog));
}

CohortDestinationsPage *
cohort_destinations_page_new (void)
{
  return g_object_new (COHORT_TYPE_DESTINATIONS_PAGE, NULL);
}

/* Shows @store's destinations; %NULL shows none. */
void
cohort_destinations_page_set_store (CohortDestinationsPage *self,
                                    CohortStore            *store)
{
  g_return_if_fail (COHORT_IS_DESTINATIONS_PAGE (self));
  g_return_if_fail (store == NULL || COHORT_IS_STORE (store));

  if (g_set_object (&self->store, store))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
  cohort_destinations_page_reload (self);
}

CohortStore *
cohort_destinations_page_get_store (CohortDestinationsPage *self)
{
  g_return_val_if_fail (COHORT_IS_DESTINATIONS_PAGE (self), NULL);

  return self->store;
}

guint
cohort_destinations_page_get_n_destinations (CohortDestinationsPage *self)
{
  g_return_val_if_fail (COHORT_IS_DESTINATIONS_PAGE (self), 0);

  return self->n_destinations;
}

static void
cohort_destinations_page_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  CohortDestinationsPage *self = COHORT_DESTINATIONS_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_N_DESTINATIONS:
      g_value_set_uint (value, self->n_destinations);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cohort_destinations_page_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  CohortDestinationsPage *self = COHORT_DESTINATIONS_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      cohort_destinations_page_set_store (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cohort_destinations_page_dispose (GObject *object)
{
  CohortDestinationsPage *self = COHORT_DESTINATIONS_PAGE (object);

  /* The bin's child is the template's: let go of it before the template. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), COHORT_TYPE_DESTINATIONS_PAGE);
  g_ptr_array_set_size (self->rows, 0);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (cohort_destinations_page_parent_class)->dispose (object);
}

static void
cohort_destinations_page_finalize (GObject *object)
{
  CohortDestinationsPage *self = COHORT_DESTINATIONS_PAGE (object);

  g_ptr_array_unref (self->rows);

  G_OBJECT_CLASS (cohort_destinations_page_parent_class)->finalize (object);
}

static void
cohort_destinations_page_class_init (CohortDestinationsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = cohort_destinations_page_get_property;
  object_class->set_property = cohort_destinations_page_set_property;
  object_class->dispose = cohort_destinations_page_dispose;
  object_class->finalize = cohort_destinations_page_finalize;

  properties[PROP_STORE] = g_param_spec_object ("store", NULL, NULL, COHORT_TYPE_STORE,
                                                G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_DESTINATIONS] = g_param_spec_uint ("n-destinations", NULL, NULL, 0, G_MAXUINT, 0,
                                                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                                                           G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CohortDestinationsPage::add-destination:
   *
   * The user asked for a new destination: open the assistant.
   */
  signals[ADD_DESTINATION] = g_signal_new ("add-destination", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                           NULL, NULL, G_TYPE_NONE, 0);
  /**
   * CohortDestinationsPage::reconnect:
   * @destination: the destination whose connection failed
   *
   * The user asked to connect to TikTok again.
   */
  signals[RECONNECT] = g_signal_new ("reconnect", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                     G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * CohortDestinationsPage::removed:
   * @destination: its name
   */
  signals[REMOVED] = g_signal_new ("removed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/cohortapp/Cohort/ui/destinations-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CohortDestinationsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, CohortDestinationsPage, list_group);
  gtk_widget_class_install_action (widget_class, "destinations.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "destinations.reconnect", "s", reconnect_action);
  gtk_widget_class_install_action (widget_class, "destinations.check-permissions", "s", check_permissions_action);
  gtk_widget_class_install_action (widget_class, "destinations.remove", "s", remove_action);
}

static void
cohort_destinations_page_init (CohortDestinationsPage *self)
{
  self->rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  cohort_destinations_page_reload (self);
}
