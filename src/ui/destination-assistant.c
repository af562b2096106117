/* destination-assistant.c: CohortDestinationAssistant, the steps to a new destination: connect, details, alerts, review */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "core/error.h"
#include "core/oauth-flow.h"
#include "core/settings.h"
#include "core/store-accounts.h"
#include "core/store-destinations.h"
#include "core/tiktok-account.h"
#include "ui/destination-assistant.h"

/* How long the user has on TikTok's page, as for `cohort-cli connect`. */
#define WAIT_SECONDS 300

typedef enum
{
  STEP_AUTHENTICATE,
  STEP_DETAILS,
  STEP_ALERTS,
  STEP_REVIEW,
  N_STEPS
} Step;

static const char *const step_names[N_STEPS] = { "authenticate", "details", "alerts", "review" };

struct _CohortDestinationAssistant
{
  AdwWindow            parent_instance;

  CohortStore         *store;
  GSettings           *settings;
  CohortTiktokClient  *client;
  CohortOAuthFlow     *flow;        /* the connection in progress, or NULL */
  GCancellable        *cancellable; /* of the connection in progress */
  char                *authorize_url;
  GPtrArray           *advertisers; /* (element-type CohortTiktokAdvertiser): the granted ones */
  GPtrArray           *added_rows;  /* rows put in groups by the code, to take out again */
  GtkSwitch           *alert_switches[COHORT_N_ALERT_KINDS];
  Step                 step;
  gboolean             name_edited;
  gboolean             details_valid;
  gboolean             closing;

  AdwToastOverlay     *toast_overlay;
  AdwWindowTitle      *window_title;
  GtkWidget           *back_button;
  GtkWidget           *next_button;
  GtkWidget           *finish_button;
  GtkWidget           *connect_button;
  GtkWidget           *again_button;
  GtkStack            *steps;
  GtkStack            *auth_stack;
  AdwPreferencesGroup *credentials_group;
  AdwEntryRow         *app_id_row;
  AdwEntryRow         *secret_row;
  GtkLabel            *portal_label;
  GtkWidget           *error_box;
  GtkLabel            *error_label;
  GtkLabel            *error_details;
  AdwStatusPage       *waiting_page;
  GtkSpinner          *spinner;
  GtkLabel            *browser_label;
  AdwPreferencesGroup *accounts_group;
  AdwEntryRow         *name_row;
  AdwEntryRow         *description_row;
  AdwComboRow         *account_row;
  GtkLabel            *details_message;
  AdwPreferencesGroup *alerts_group;
  AdwPreferencesGroup *review_details_group;
  AdwPreferencesGroup *review_alerts_group;
};

G_DEFINE_FINAL_TYPE (CohortDestinationAssistant, cohort_destination_assistant, ADW_TYPE_WINDOW)

enum
{
  PROP_0,
  PROP_STORE,
  PROP_SETTINGS,
  PROP_STEP,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  AUTHORIZE_URL,
  FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Callbacks hold the assistant weakly: closing it must free it, which
 * cancels what is still running. */
static GWeakRef *
weak_ref_new (CohortDestinationAssistant *self)
{
  GWeakRef *weak = g_new0 (GWeakRef, 1);

  g_weak_ref_init (weak, self);
  return weak;
}

/* Returns: (transfer full) (nullable): the assistant, if it is still there */
static CohortDestinationAssistant *
weak_ref_take (GWeakRef *weak)
{
  CohortDestinationAssistant *self = g_weak_ref_get (weak);

  g_weak_ref_clear (weak);
  g_free (weak);
  if (self != NULL && self->closing)
    g_clear_object (&self);
  return self;
}

static void
toast (CohortDestinationAssistant *self,
       const char                 *message)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

static void
add_row (CohortDestinationAssistant *self,
         AdwPreferencesGroup        *group,
         const char                 *title,
         const char                 *subtitle)
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
  g_ptr_array_add (self->added_rows, row);
}

static void
remove_rows (CohortDestinationAssistant *self,
             AdwPreferencesGroup        *group)
{
  for (guint i = self->added_rows->len; i > 0; i--)
    {
      GtkWidget *row = g_ptr_array_index (self->added_rows, i - 1);

      if (gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP) == GTK_WIDGET (group))
        {
          adw_preferences_group_remove (group, row);
          g_ptr_array_remove_index (self->added_rows, i - 1);
        }
    }
}

static char *
advertiser_text (const CohortTiktokAdvertiser *advertiser)
{
  if (*advertiser->name == '\0')
    return g_strdup (advertiser->id);
  /* Translators: a TikTok ad account: its name, then its ID */
  return g_strdup_printf (_("%s (%s)"), advertiser->name, advertiser->id);
}

static const CohortTiktokAdvertiser *
selected_advertiser (CohortDestinationAssistant *self)
{
  guint selected = adw_combo_row_get_selected (self->account_row);

  if (self->advertisers == NULL || selected >= self->advertisers->len)
    return NULL;
  return g_ptr_array_index (self->advertisers, selected);
}

static gboolean
is_waiting (CohortDestinationAssistant *self)
{
  return self->cancellable != NULL;
}

static gboolean
step_is_done (CohortDestinationAssistant *self,
              Step                        step)
{
  switch (step)
    {
    case STEP_AUTHENTICATE:
      return !is_waiting (self) && self->advertisers != NULL && self->advertisers->len > 0;
    case STEP_DETAILS:
      return self->details_valid;
    case STEP_ALERTS:
    case STEP_REVIEW:
      return TRUE;
    case N_STEPS:
    default:
      g_return_val_if_reached (FALSE);
    }
}

/* Buttons, actions and the default widget of the step shown. */
static void
update_buttons (CohortDestinationAssistant *self)
{
  gboolean form = self->step == STEP_AUTHENTICATE &&
                  g_str_equal (gtk_stack_get_visible_child_name (self->auth_stack), "form");
  GtkWidget *default_widget;

  gtk_widget_set_visible (self->back_button, self->step > STEP_AUTHENTICATE);
  gtk_widget_set_visible (self->next_button, self->step < STEP_REVIEW);
  gtk_widget_set_visible (self->finish_button, self->step == STEP_REVIEW);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "assistant.back", self->step > STEP_AUTHENTICATE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "assistant.next",
                                 self->step < STEP_REVIEW && step_is_done (self, self->step));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "assistant.finish", self->step == STEP_REVIEW);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "assistant.connect", !is_waiting (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "assistant.stop", is_waiting (self));

  default_widget = self->step == STEP_REVIEW ? self->finish_button : form ? self->connect_button : self->next_button;
  gtk_window_set_default_widget (GTK_WINDOW (self), default_widget);
}

static void
show_step (CohortDestinationAssistant *self,
           Step                        step)
{
  GtkStackPage *page;
  g_autofree char *subtitle = NULL;

  self->step = step;
  gtk_stack_set_visible_child_name (self->steps, step_names[step]);
  page = gtk_stack_get_page (self->steps, gtk_stack_get_visible_child (self->steps));
  /* Translators: step 2 of 4: Destination Details */
  subtitle = g_strdup_printf (_("Step %u of %u: %s"), (guint) step + 1, (guint) N_STEPS, gtk_stack_page_get_title (page));
  adw_window_title_set_subtitle (self->window_title, subtitle);
  update_buttons (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STEP]);
}

/* Authenticate */

static void
show_auth_view (CohortDestinationAssistant *self,
                const char                 *view)
{
  gtk_stack_set_visible_child_name (self->auth_stack, view);
  gtk_spinner_set_spinning (self->spinner, g_str_equal (view, "waiting"));
  update_buttons (self);
}

static void
clear_error (CohortDestinationAssistant *self)
{
  gtk_widget_set_visible (self->error_box, FALSE);
  gtk_widget_remove_css_class (GTK_WIDGET (self->app_id_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->secret_row), "error");
}

/* What went wrong in words for this window (the core's name `cohort-cli`
 * options where it speaks of ports), and TikTok's own words below. */
static void
show_error (CohortDestinationAssistant *self,
            const GError               *error)
{
  g_autofree char *explanation = NULL;
  const char *details = NULL;
  guint port = self->settings != NULL ? (guint) g_settings_get_int (self->settings, "redirect-port") : 0;

  if (g_error_matches (error, COHORT_OAUTH_ERROR, COHORT_OAUTH_ERROR_PORT_IN_USE))
    /* Translators: both %u are the same port number */
    explanation = g_strdup_printf (_("Port %u of this computer is used by another program, so Cohort cannot "
                                     "receive TikTok’s answer there. Close that program, or choose another "
                                     "redirect port in Preferences and register the same address in your "
                                     "TikTok developer app: http://127.0.0.1:%u/callback for this one."),
                                   port, port);
  else if (g_error_matches (error, COHORT_OAUTH_ERROR, COHORT_OAUTH_ERROR_LISTEN_FAILED))
    {
      explanation = g_strdup_printf (_("Cohort cannot receive TikTok’s answer on port %u of this computer. "
                                       "Choose another redirect port, above 1024, in Preferences, and register "
                                       "the same address in your TikTok developer app."),
                                     port);
      details = error->message;
    }
  else if (error->domain == COHORT_TIKTOK_ERROR &&
           (cohort_tiktok_error_get_actions (error) & COHORT_TIKTOK_ACTION_RETRY) != 0)
    {
      explanation = g_strdup (_("Cohort could not reach TikTok. Check the network connection, and the server "
                                "chosen in Preferences, then connect again."));
      details = error->message;
    }
  else
    explanation = g_strdup (error->message);

  if (g_error_matches (error, COHORT_ACCOUNT_ERROR, COHORT_ACCOUNT_ERROR_INVALID) ||
      g_error_matches (error, COHORT_ACCOUNT_ERROR, COHORT_ACCOUNT_ERROR_CONNECTED))
    {
      const char *app_id = gtk_editable_get_text (GTK_EDITABLE (self->app_id_row));
      gboolean id_ok = *app_id != '\0' && strspn (app_id, "0123456789") == strlen (app_id) &&
                       !g_error_matches (error, COHORT_ACCOUNT_ERROR, COHORT_ACCOUNT_ERROR_CONNECTED);

      gtk_widget_add_css_class (GTK_WIDGET (id_ok ? self->secret_row : self->app_id_row), "error");
    }
  else if (g_error_matches (error, COHORT_ACCOUNT_ERROR, COHORT_ACCOUNT_ERROR_NO_CREDENTIALS))
    gtk_widget_add_css_class (GTK_WIDGET (self->secret_row), "error");

  gtk_label_set_text (self->error_label, explanation);
  gtk_label_set_text (self->error_details, details != NULL ? details : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_details), details != NULL);
  gtk_widget_set_visible (self->error_box, TRUE);
  show_auth_view (self, "form");
}

static void
end_connection (CohortDestinationAssistant *self)
{
  if (self->flow != NULL)
    cohort_oauth_flow_close (self->flow);
  g_clear_object (&self->flow);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->authorize_url, g_free);
}

static void
show_connected (CohortDestinationAssistant *self,
                GPtrArray                  *granted)
{
  g_autoptr (GtkStringList) names = gtk_string_list_new (NULL);

  g_clear_pointer (&self->advertisers, g_ptr_array_unref);
  self->advertisers = g_ptr_array_ref (granted);
  remove_rows (self, self->accounts_group);
  for (guint i = 0; i < granted->len; i++)
    {
      const CohortTiktokAdvertiser *advertiser = g_ptr_array_index (granted, i);
      g_autofree char *text = advertiser_text (advertiser);

      add_row (self, self->accounts_group, *advertiser->name != '\0' ? advertiser->name : advertiser->id,
               advertiser->id);
      gtk_string_list_append (names, text);
    }
  adw_combo_row_set_model (self->account_row, G_LIST_MODEL (names));
  /* One account: it is the answer. More: the user chooses. */
  adw_combo_row_set_selected (self->account_row, granted->len == 1 ? 0 : GTK_INVALID_LIST_POSITION);
  clear_error (self);
  show_auth_view (self, "connected");
}

/* The granted advertisers the store knows; an empty array when none. */
static GPtrArray *
list_granted (CohortDestinationAssistant *self)
{
  g_autoptr (GPtrArray) all = cohort_store_list_advertisers (self->store, NULL);
  GPtrArray *granted = g_ptr_array_new_with_free_func ((GDestroyNotify) cohort_tiktok_advertiser_free);

  for (guint i = 0; all != NULL && i < all->len; i++)
    {
      CohortTiktokAdvertiser *advertiser = g_ptr_array_index (all, i);

      if (advertiser->granted)
        g_ptr_array_add (granted, g_ptr_array_steal_index (all, i--));
    }
  return granted;
}

static void
connected_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (CohortDestinationAssistant) self = weak_ref_take (user_data);
  g_autoptr (GPtrArray) advertisers = NULL;
  g_autoptr (GPtrArray) granted = NULL;
  g_autoptr (GError) error = NULL;

  advertisers = cohort_tiktok_account_connect_finish (result, &error);
  if (self == NULL)
    return;
  end_connection (self);
  if (advertisers == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_auth_view (self, "form");
      else
        show_error (self, error);
      return;
    }
  /* The store's list: the names TikTok gave, and only the granted ones. */
  granted = list_granted (self);
  show_connected (self, granted);
  gtk_widget_grab_focus (self->next_button);
}

static void
waited_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr (CohortDestinationAssistant) self = weak_ref_take (user_data);
  g_autoptr (GError) error = NULL;
  char *code = cohort_oauth_flow_wait_finish (COHORT_OAUTH_FLOW (source), result, &error);

  if (self == NULL || code == NULL)
    {
      if (self != NULL)
        {
          end_connection (self);
          if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            show_auth_view (self, "form");
          else
            show_error (self, error);
        }
      if (code != NULL)
        memset (code, 0, strlen (code));
      g_free (code);
      return;
    }
  adw_status_page_set_title (self->waiting_page, _("Getting Your Ad Accounts…"));
  adw_status_page_set_description (self->waiting_page,
                                   _("TikTok answered. Cohort is asking which ad accounts you granted."));
  gtk_widget_set_visible (GTK_WIDGET (self->browser_label), FALSE);
  cohort_tiktok_account_connect_async (self->store, self->client, code, self->cancellable, connected_cb,
                                       weak_ref_new (self));
  /* Single-use, but no copy lingers in memory. */
  memset (code, 0, strlen (code));
  g_free (code);
}

static void
browser_opened_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr (CohortDestinationAssistant) self = weak_ref_take (user_data);
  g_autoptr (GError) error = NULL;
  g_autofree char *message = NULL;

  if (gtk_show_uri_full_finish (GTK_WINDOW (source), result, &error) || self == NULL || !is_waiting (self))
    return;
  message = g_strdup_printf (_("Cohort cannot open a browser (%s). Copy the address of TikTok’s page and open it "
                               "in a browser yourself."),
                             error->message);
  gtk_label_set_text (self->browser_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->browser_label), TRUE);
}

/* The default handler of ::authorize-url. */
static gboolean
open_in_browser (CohortDestinationAssistant *self,
                 const char                 *url)
{
  gtk_show_uri_full (GTK_WINDOW (self), url, GDK_CURRENT_TIME, self->cancellable, browser_opened_cb,
                     weak_ref_new (self));
  return TRUE;
}

/* The app's credentials as typed, into the keyring; nothing typed keeps
 * what is there. */
static gboolean
save_credentials (CohortDestinationAssistant *self,
                  GError                    **error)
{
  g_autofree char *app_id = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->app_id_row))));
  const char *secret = gtk_editable_get_text (GTK_EDITABLE (self->secret_row));
  g_autofree char *stored = NULL;
  GError *local_error = NULL;

  stored = cohort_store_dup_app_id (self->store, NULL, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  if (*secret == '\0' && g_strcmp0 (stored, app_id) == 0)
    return TRUE;
  if (!cohort_tiktok_account_set_credentials (self->store, app_id, secret, error))
    return FALSE;
  gtk_editable_set_text (GTK_EDITABLE (self->secret_row), "");
  return TRUE;
}

static void
connect_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  CohortDestinationAssistant *self = COHORT_DESTINATION_ASSISTANT (widget);
  gboolean from_form = g_str_equal (gtk_stack_get_visible_child_name (self->auth_stack), "form");
  g_autoptr (GError) error = NULL;
  g_autofree char *app_id = NULL;
  gboolean handled = FALSE;

  if (is_waiting (self))
    return;
  clear_error (self);
  if (from_form && !save_credentials (self, &error))
    {
      show_error (self, error);
      return;
    }
  app_id = cohort_store_dup_app_id (self->store, NULL, &error);
  if (app_id == NULL && error == NULL)
    g_set_error (&error, COHORT_ACCOUNT_ERROR, COHORT_ACCOUNT_ERROR_NO_CREDENTIALS,
                 _("No TikTok app is set: type your developer app’s ID and secret."));
  if (error == NULL && self->settings == NULL)
    self->settings = cohort_settings_new (&error);
  if (error == NULL && self->client == NULL)
    /* COHORT_API_BASE, then the settings: cohort_settings_dup_api_base() decides. */
    self->client = cohort_tiktok_client_new_from_settings (self->settings, NULL, &error);
  if (error == NULL)
    {
      self->flow = cohort_oauth_flow_new (cohort_tiktok_client_get_base_url (self->client), app_id,
                                          (guint) g_settings_get_int (self->settings, "redirect-port"));
      if (!cohort_oauth_flow_start (self->flow, &error))
        g_clear_object (&self->flow);
    }
  if (error != NULL)
    {
      show_error (self, error);
      return;
    }

  self->cancellable = g_cancellable_new ();
  self->authorize_url = g_strdup (cohort_oauth_flow_get_authorize_url (self->flow));
  adw_status_page_set_title (self->waiting_page, _("Waiting for TikTok…"));
  adw_status_page_set_description (self->waiting_page,
                                   _("Confirm access on the TikTok page that opened in your browser, then come "
                                     "back here. Cohort waits five minutes at most."));
  gtk_widget_set_visible (GTK_WIDGET (self->browser_label), FALSE);
  show_auth_view (self, "waiting");
  cohort_oauth_flow_wait_async (self->flow, WAIT_SECONDS, self->cancellable, waited_cb, weak_ref_new (self));
  g_signal_emit (self, signals[AUTHORIZE_URL], 0, self->authorize_url, &handled);
}

static void
stop_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CohortDestinationAssistant *self = COHORT_DESTINATION_ASSISTANT (widget);

  /* waited_cb or connected_cb shows the form again. */
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

static void
copy_url_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  CohortDestinationAssistant *self = COHORT_DESTINATION_ASSISTANT (widget);

  if (self->authorize_url == NULL)
    return;
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), self->authorize_url);
  toast (self, _("Address copied"));
}

/* Destination details */

static void
validate_details (CohortDestinationAssistant *self)
{
  g_autoptr (GString) messages = g_string_new (NULL);
  g_autoptr (GError) error = NULL;
  gboolean valid = TRUE;

  if (!cohort_store_check_destination_name (self->store, gtk_editable_get_text (GTK_EDITABLE (self->name_row)),
                                            &error))
    {
      valid = FALSE;
      /* An empty form is not yet wrong. */
      if (self->name_edited)
        g_string_append (messages, error->message);
    }
  if (self->name_edited && !valid)
    gtk_widget_add_css_class (GTK_WIDGET (self->name_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->name_row), "error");

  if (selected_advertiser (self) == NULL)
    {
      valid = FALSE;
      if (self->name_edited)
        {
          g_string_append_printf (messages, "%s%s", messages->len > 0 ? "\n" : "",
                                  self->advertisers == NULL || self->advertisers->len == 0
                                      ? _("No ad account is granted: go back, connect again and tick at least "
                                          "one on TikTok’s page.")
                                      : _("Choose the TikTok Ads Manager account audiences go to."));
          gtk_widget_add_css_class (GTK_WIDGET (self->account_row), "error");
        }
    }
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->account_row), "error");

  gtk_label_set_text (self->details_message, messages->str);
  gtk_widget_set_visible (GTK_WIDGET (self->details_message), messages->len > 0);
  self->details_valid = valid;
  update_buttons (self);
}

static void
name_changed_cb (CohortDestinationAssistant *self)
{
  self->name_edited = TRUE;
  validate_details (self);
}

/* Alerts */

static CohortAlertKinds
chosen_alerts (CohortDestinationAssistant *self)
{
  CohortAlertKinds alerts = 0;

  for (guint i = 0; i < COHORT_N_ALERT_KINDS; i++)
    if (gtk_switch_get_active (self->alert_switches[i]))
      alerts |= 1u << i;
  return alerts;
}

static void
fill_alerts (CohortDestinationAssistant *self)
{
  for (guint i = 0; i < COHORT_N_ALERT_KINDS; i++)
    {
      CohortAlertKinds kind = 1u << i;
      g_autofree char *name = g_strdup_printf ("alert:%s", cohort_alert_kind_to_nick (kind));
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *toggle = gtk_switch_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), cohort_alert_kind_describe (kind));
      gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
      gtk_switch_set_active (GTK_SWITCH (toggle), TRUE);
      gtk_widget_set_name (toggle, name);
      gtk_accessible_update_property (GTK_ACCESSIBLE (toggle), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      cohort_alert_kind_describe (kind), -1);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);
      adw_preferences_group_add (self->alerts_group, row);
      self->alert_switches[i] = GTK_SWITCH (toggle);
    }
}

/* Review */

static void
fill_review (CohortDestinationAssistant *self)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  const char *description = gtk_editable_get_text (GTK_EDITABLE (self->description_row));
  const CohortTiktokAdvertiser *advertiser = selected_advertiser (self);
  g_autofree char *account = advertiser != NULL ? advertiser_text (advertiser) : NULL;
  CohortAlertKinds alerts = chosen_alerts (self);

  remove_rows (self, self->review_details_group);
  remove_rows (self, self->review_alerts_group);
  add_row (self, self->review_details_group, _("Name"), name);
  add_row (self, self->review_details_group, _("Description"), *description != '\0' ? description : _("None"));
  add_row (self, self->review_details_group, _("TikTok Ads Manager Account"), account);
  for (guint i = 0; i < COHORT_N_ALERT_KINDS; i++)
    if (alerts & (1u << i))
      add_row (self, self->review_alerts_group, cohort_alert_kind_describe (1u << i), NULL);
  if (alerts == 0)
    add_row (self, self->review_alerts_group, _("No alerts"), NULL);
}

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CohortDestinationAssistant *self = COHORT_DESTINATION_ASSISTANT (widget);

  if (self->step >= STEP_REVIEW || !step_is_done (self, self->step))
    return;
  if (self->step + 1 == STEP_REVIEW)
    fill_review (self);
  show_step (self, self->step + 1);
  if (self->step == STEP_DETAILS)
    {
      validate_details (self);
      gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
    }
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CohortDestinationAssistant *self = COHORT_DESTINATION_ASSISTANT (widget);

  if (self->step > STEP_AUTHENTICATE)
    show_step (self, self->step - 1);
}

static void
finish_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CohortDestinationAssistant *self = COHORT_DESTINATION_ASSISTANT (widget);
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  const CohortTiktokAdvertiser *advertiser = selected_advertiser (self);
  g_autoptr (GError) error = NULL;

  if (self->step != STEP_REVIEW || advertiser == NULL)
    return;
  if (!cohort_store_add_destination (self->store, name, gtk_editable_get_text (GTK_EDITABLE (self->description_row)),
                                     advertiser->id, chosen_alerts (self), &error))
    {
      toast (self, error->message);
      return;
    }
  g_signal_emit (self, signals[FINISHED], 0, name);
  gtk_window_close (GTK_WINDOW (self));
}

/* What the first step shows: the granted accounts, or the form. */
static void
show_connection (CohortDestinationAssistant *self)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *app_id = NULL;
  gboolean connected = FALSE;

  app_id = cohort_store_dup_app_id (self->store, &connected, &error);
  if (error != NULL)
    toast (self, error->message);
  gtk_editable_set_text (GTK_EDITABLE (self->app_id_row), app_id != NULL ? app_id : "");
  adw_preferences_group_set_description (self->credentials_group,
                                         app_id != NULL
                                             ? _("The app’s secret is in the keyring: type it only to replace it.")
                                             : _("The ID and secret shown on your app’s page in the TikTok for "
                                                 "Business developer portal. The secret goes to the keyring, "
                                                 "never to a file."));
  if (connected)
    {
      g_autoptr (GPtrArray) granted = list_granted (self);

      if (granted->len > 0)
        {
          show_connected (self, granted);
          return;
        }
    }
  show_auth_view (self, "form");
}

/**
 * cohort_destination_assistant_new:
 * @parent: (nullable): the window it is modal for
 * @settings: (nullable): where the API server and the redirect port are;
 *   %NULL: Cohort's settings
 *
 * Nothing is saved before Finish, except the app's credentials when the
 * user connects with new ones.
 */
CohortDestinationAssistant *
cohort_destination_assistant_new (GtkWindow   *parent,
                                  CohortStore *store,
                                  GSettings   *settings)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (COHORT_IS_STORE (store), NULL);
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  return g_object_new (COHORT_TYPE_DESTINATION_ASSISTANT,
                       "transient-for", parent,
                       "store", store,
                       "settings", settings,
                       NULL);
}

/* Returns: authenticate, details, alerts or review */
const char *
cohort_destination_assistant_get_step (CohortDestinationAssistant *self)
{
  g_return_val_if_fail (COHORT_IS_DESTINATION_ASSISTANT (self), NULL);

  return step_names[self->step];
}

/**
 * cohort_destination_assistant_get_authorize_url:
 *
 * Returns: (nullable): TikTok's page the assistant waits for an answer
 *   from, %NULL when it waits for none. It holds the connection's state:
 *   not for logs.
 */
const char *
cohort_destination_assistant_get_authorize_url (CohortDestinationAssistant *self)
{
  g_return_val_if_fail (COHORT_IS_DESTINATION_ASSISTANT (self), NULL);

  return self->authorize_url;
}

static void
cohort_destination_assistant_constructed (GObject *object)
{
  CohortDestinationAssistant *self = COHORT_DESTINATION_ASSISTANT (object);
  g_autofree char *link = NULL;

  G_OBJECT_CLASS (cohort_destination_assistant_parent_class)->constructed (object);

  link = g_markup_printf_escaped ("<a href=\"%s\">%s</a>", COHORT_TIKTOK_DEVELOPER_PORTAL_URL,
                                  _("No app yet? Create one in the TikTok developer portal"));
  gtk_label_set_markup (self->portal_label, link);
  fill_alerts (self);
  show_connection (self);
  show_step (self, STEP_AUTHENTICATE);
}

static void
cohort_destination_assistant_get_property (GObject    *object,
                                           guint       prop_id,
                                           GValue     *value,
                                           GParamSpec *pspec)
{
  CohortDestinationAssistant *self = COHORT_DESTINATION_ASSISTANT (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    case PROP_STEP:
      g_value_set_string (value, step_names[self->step]);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cohort_destination_assistant_set_property (GObject      *object,
                                           guint         prop_id,
                                           const GValue *value,
                                           GParamSpec   *pspec)
{
  CohortDestinationAssistant *self = COHORT_DESTINATION_ASSISTANT (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cohort_destination_assistant_dispose (GObject *object)
{
  CohortDestinationAssistant *self = COHORT_DESTINATION_ASSISTANT (object);

  /* Closed at any step: the listener goes, and callbacks still due find
   * the window closing and touch nothing. */
  self->closing = TRUE;
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  end_connection (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), COHORT_TYPE_DESTINATION_ASSISTANT);
  g_clear_object (&self->client);
  g_clear_object (&self->settings);
  g_clear_object (&self->store);
  g_clear_pointer (&self->advertisers, g_ptr_array_unref);

  G_OBJECT_CLASS (cohort_destination_assistant_parent_class)->dispose (object);
}

static void
cohort_destination_assistant_finalize (GObject *object)
{
  CohortDestinationAssistant *self = COHORT_DESTINATION_ASSISTANT (object);

  g_ptr_array_unref (self->added_rows);

  G_OBJECT_CLASS (cohort_destination_assistant_parent_class)->finalize (object);
}

static void
cohort_destination_assistant_class_init (CohortDestinationAssistantClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = cohort_destination_assistant_constructed;
  object_class->get_property = cohort_destination_assistant_get_property;
  object_class->set_property = cohort_destination_assistant_set_property;
  object_class->dispose = cohort_destination_assistant_dispose;
  object_class->finalize = cohort_destination_assistant_finalize;

  properties[PROP_STORE] = g_param_spec_object ("store", NULL, NULL, COHORT_TYPE_STORE,
                                                G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SETTINGS] = g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                                                   G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                                                       G_PARAM_STATIC_STRINGS);
  properties[PROP_STEP] = g_param_spec_string ("step", NULL, NULL, step_names[STEP_AUTHENTICATE],
                                               G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CohortDestinationAssistant::authorize-url:
   * @url: TikTok's page where the user grants access
   *
   * The assistant waits for TikTok's answer. The default handler opens
   * @url in the browser; a handler that returns %TRUE opens it itself (a
   * test plays the browser).
   *
   * Returns: %TRUE when handled
   */
  signals[AUTHORIZE_URL] = g_signal_new_class_handler ("authorize-url", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                                       G_CALLBACK (open_in_browser), g_signal_accumulator_true_handled,
                                                       NULL, NULL, G_TYPE_BOOLEAN, 1, G_TYPE_STRING);
  /**
   * CohortDestinationAssistant::finished:
   * @destination: the name of the destination saved
   *
   * Emitted before the assistant closes.
   */
  signals[FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                    G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/cohortapp/Cohort/ui/destination-assistant.ui");
  gtk_widget_class_bind_template_child (widget_class, CohortDestinationAssistant, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CohortDestinationAssistant, window_title);
  gtk_widget_class_bind_template_child (widget_class, CohortDestinationAssistant, back_button);
  gtk_widget_class_bind_template_child (widget_class, CohortDestinationAssistant, next_button);
  gtk_widget_class_bind_template_child (widget_class, CohortDestinationAssistant, finish_button);
  gtk_widget_class_bind_template_child (widget_class, CohortDestinationAssistant, connect_button);
  gtk_widget_class_bind_template_child (widget_class, CohortDestinationAssistant, again_button);
  gtk_widget_class_bind_template_child (widget_class, CohortDestinationAssistant, steps);
  gtk_widget_class_bind_template_child (widget_class, CohortDestinationAssistant, auth_stack);
  gtk_widget_class_bind_template_child (widget_class, CohortDestinationAssistant, credentials_group);
  gtk_widget_class_bind_template_child (widget_class, CohortDestinationAssistant, app_id_row);
  gtk_widget_class_bind_template_child (widget_class, CohortDestinationAssistant, secret_row);
  gtk_widget_class_bind_template_child (widget_class, CohortDestinationAssistant, portal_label);
  gtk_widget_class_bind_template_child (widget_class, CohortDestinationAssistant, error_box);
  gtk_widget_class_bind_template_child (widget_class, CohortDestinationAssistant, error_label);
  gtk_widget_class_bind_template_child (widget_class, CohortDestinationAssistant, error_details);
  gtk_widget_class_bind_template_child (widget_class, CohortDestinationAssistant, waiting_page);
  gtk_widget_class_bind_template_child (widget_class, CohortDestinationAssistant, spinner);
  gtk_widget_class_bind_template_child (widget_class, CohortDestinationAssistant, browser_label);
  gtk_widget_class_bind_template_child (widget_class, CohortDestinationAssistant, accounts_group);
  gtk_widget_class_bind_template_child (widget_class, CohortDestinationAssistant, name_row);
  gtk_widget_class_bind_template_child (widget_class, CohortDestinationAssistant, description_row);
  gtk_widget_class_bind_template_child (widget_class, CohortDestinationAssistant, account_row);
  gtk_widget_class_bind_template_child (widget_class, CohortDestinationAssistant, details_message);
  gtk_widget_class_bind_template_child (widget_class, CohortDestinationAssistant, alerts_group);
  gtk_widget_class_bind_template_child (widget_class, CohortDestinationAssistant, review_details_group);
  gtk_widget_class_bind_template_child (widget_class, CohortDestinationAssistant, review_alerts_group);
  gtk_widget_class_install_action (widget_class, "assistant.connect", NULL, connect_action);
  gtk_widget_class_install_action (widget_class, "assistant.stop", NULL, stop_action);
  gtk_widget_class_install_action (widget_class, "assistant.copy-url", NULL, copy_url_action);
  gtk_widget_class_install_action (widget_class, "assistant.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "assistant.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "assistant.finish", NULL, finish_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
cohort_destination_assistant_init (CohortDestinationAssistant *self)
{
  self->added_rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_swapped (self->name_row, "changed", G_CALLBACK (name_changed_cb), self);
  g_signal_connect_swapped (self->account_row, "notify::selected", G_CALLBACK (validate_details), self);
}
