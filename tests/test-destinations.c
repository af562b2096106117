/* test-destinations.c: the destinations page and the new-destination assistant, against the simulator */
#include "config.h"

#include <string.h>

#include "sim-session.h"
#include "tiktok-sim.h"
#include "ui-helpers.h"
#include "core/i18n.h"
#include "core/settings.h"
#include "core/store-accounts.h"
#include "core/store-destinations.h"
#include "core/store-policies.h"
#include "ui/destination-assistant.h"
#include "ui/destinations-page.h"

#define ADVERTISER_FR "7000000000000000001"

typedef struct
{
  SimSession                  sim;
  CohortStore                *store;
  GSettings                  *settings;
  guint                       port;
  GtkWindow                  *window;      /* holds the page, as the main window does */
  CohortDestinationsPage     *page;
  CohortDestinationAssistant *assistant;   /* a weak pointer */
  gboolean                    follow;      /* the "browser" follows the authorize URL */
  guint                       followed;    /* its HTTP status, once it has */
  char                       *finished;
  char                       *reconnect;
  guint                       added;
} Fixture;

static gboolean
browser_cb (CohortDestinationAssistant *assistant,
            const char                 *url,
            Fixture                    *fixture);

static void
add_destination_cb (CohortDestinationsPage *page,
                    Fixture                *fixture)
{
  fixture->added++;
}

static void
reconnect_cb (CohortDestinationsPage *page,
              const char             *destination,
              Fixture                *fixture)
{
  g_free (fixture->reconnect);
  fixture->reconnect = g_strdup (destination);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  GtkWidget *overlay = adw_toast_overlay_new ();

  sim_session_start (&fixture->sim, data);
  /* The assistant finds the simulator as the window would: through the
   * environment, before the settings. */
  g_setenv ("COHORT_API_BASE", fixture->sim.base, TRUE);
  fixture->store = cohort_store_open (fixture->sim.data_dir, &error);
  g_assert_no_error (error);
  fixture->settings = cohort_settings_new (&error);
  g_assert_no_error (error);
  fixture->port = sim_session_free_port ();
  g_settings_set_int (fixture->settings, "redirect-port", (int) fixture->port);

  fixture->window = GTK_WINDOW (adw_window_new ());
  gtk_window_set_default_size (fixture->window, 760, 720);
  fixture->page = cohort_destinations_page_new ();
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), GTK_WIDGET (fixture->page));
  adw_window_set_content (ADW_WINDOW (fixture->window), overlay);
  g_signal_connect (fixture->page, "add-destination", G_CALLBACK (add_destination_cb), fixture);
  g_signal_connect (fixture->page, "reconnect", G_CALLBACK (reconnect_cb), fixture);
  gtk_window_present (fixture->window);
  while (!gtk_widget_get_mapped (GTK_WIDGET (fixture->page)))
    g_main_context_iteration (NULL, TRUE);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_object_add_weak_pointer (G_OBJECT (fixture->window), (gpointer *) &fixture->window);
  gtk_window_destroy (fixture->window);
  ui_wait_for ((gpointer *) &fixture->window, TRUE, "the page's window to be finalised");
  g_clear_object (&fixture->settings);
  g_clear_object (&fixture->store);
  g_free (fixture->finished);
  g_free (fixture->reconnect);
  g_unsetenv ("COHORT_API_BASE");
  sim_session_stop (&fixture->sim);
}

/* The keyring outlives each test: start without the last one's token. */
static void
clear_keyring (void)
{
  const char *clear[] = { "secret-tool", "clear", "xdg:schema", "io.github.cohortapp.Cohort.Token", "app_id",
                          COHORT_TIKTOK_SIM_APP_ID, NULL };

  g_assert_true (g_spawn_sync (NULL, (char **) clear, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL));
}

static void
finished_cb (CohortDestinationAssistant *assistant,
             const char                 *destination,
             Fixture                    *fixture)
{
  g_free (fixture->finished);
  fixture->finished = g_strdup (destination);
  cohort_destinations_page_reload (fixture->page);
}

static CohortDestinationAssistant *
open_assistant (Fixture *fixture)
{
  fixture->assistant = cohort_destination_assistant_new (fixture->window, fixture->store, fixture->settings);
  g_object_add_weak_pointer (G_OBJECT (fixture->assistant), (gpointer *) &fixture->assistant);
  g_signal_connect (fixture->assistant, "authorize-url", G_CALLBACK (browser_cb), fixture);
  g_signal_connect (fixture->assistant, "finished", G_CALLBACK (finished_cb), fixture);
  gtk_window_present (GTK_WINDOW (fixture->assistant));
  while (!gtk_widget_get_mapped (GTK_WIDGET (fixture->assistant)))
    g_main_context_iteration (NULL, TRUE);
  return fixture->assistant;
}

static GtkWidget *
find (gpointer    root,
      const char *name)
{
  GtkWidget *widget = ui_find_named (GTK_WIDGET (root), name);

  if (widget == NULL)
    g_error ("no widget named “%s”", name);
  return widget;
}

static void
followed_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Fixture *fixture = user_data;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  g_autoptr (GBytes) page = soup_session_send_and_read_finish (SOUP_SESSION (source), result, NULL);

  fixture->followed = soup_message_get_status (msg);
}

/* The browser: TikTok's consent page redirects to the assistant's listener,
 * which lives on this main loop, so it is followed without blocking it. */
static gboolean
browser_cb (CohortDestinationAssistant *assistant,
            const char                 *url,
            Fixture                    *fixture)
{
  g_autoptr (SoupMessage) msg = NULL;

  g_assert_cmpstr (cohort_destination_assistant_get_authorize_url (assistant), ==, url);
  g_assert_true (g_str_has_prefix (url, fixture->sim.base));
  if (fixture->follow)
    {
      msg = soup_message_new ("GET", url);
      soup_session_send_and_read_async (fixture->sim.session, msg, G_PRIORITY_DEFAULT, NULL, followed_cb, fixture);
    }
  return TRUE;
}

static gboolean
is_visible (gpointer widget)
{
  return gtk_widget_get_visible (widget);
}

static gboolean
auth_view_is (CohortDestinationAssistant *assistant,
              const char                 *view)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (find (assistant, "auth_stack"))), view) == 0;
}

static gboolean
is_form_view (gpointer assistant)
{
  return auth_view_is (assistant, "form");
}

static gboolean
is_connected_view (gpointer assistant)
{
  return auth_view_is (assistant, "connected");
}

static const char *
label_text (gpointer    root,
            const char *name)
{
  return gtk_label_get_text (GTK_LABEL (find (root, name)));
}

/* gtk_widget_activate() would animate a press and click later. */
static void
click (GtkWidget *button)
{
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

static void
next (CohortDestinationAssistant *assistant,
      const char                 *expected_step)
{
  click (find (assistant, "next_button"));
  g_assert_cmpstr (cohort_destination_assistant_get_step (assistant), ==, expected_step);
}

static guint
advertiser_position (AdwComboRow *row,
                     const char  *advertiser_id)
{
  GListModel *model = adw_combo_row_get_model (row);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr (GtkStringObject) item = g_list_model_get_item (model, i);

      if (strstr (gtk_string_object_get_string (item), advertiser_id) != NULL)
        return i;
    }
  g_assert_not_reached ();
}

static gboolean
has_message_dialog (gpointer user_data)
{
  g_autoptr (GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data) && gtk_widget_get_visible (l->data))
      {
        *(gpointer *) user_data = l->data;
        return TRUE;
      }
  return FALSE;
}

static void
respond (const char *response,
         const char *heading_part)
{
  AdwMessageDialog *dialog = NULL;

  ui_wait_until (has_message_dialog, &dialog, 10, "a message dialog");
  g_assert_nonnull (strstr (adw_message_dialog_get_heading (dialog), heading_part));
  adw_message_dialog_response (dialog, response);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
cohort (Fixture    *fixture,
        const char *first_arg,
        ...)
{
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  g_auto (CliRun) run = { 0 };
  va_list ap;

  va_start (ap, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  g_assert_cmpuint (args->len, <=, 7);
  run_cohort (&fixture->sim, &run, args->pdata[0], args->pdata[1], args->pdata[2], args->pdata[3], args->pdata[4],
              args->pdata[5], args->pdata[6]);
  if (run.status != 0)
    g_error ("cohort-cli %s: %s", first_arg, run.err);
}

static GtkWidget *
destination_row (Fixture    *fixture,
                 const char *name)
{
  g_autofree char *row_name = g_strdup_printf ("destination:%s", name);

  return find (fixture->page, row_name);
}

static CohortDestination *
only_destination (Fixture *fixture)
{
  g_autoptr (GPtrArray) destinations = cohort_store_list_destinations (fixture->store, NULL);

  g_assert_cmpuint (destinations->len, ==, 1);
  return g_ptr_array_steal_index (destinations, 0);
}

/* From nothing to a destination the page shows, edits and removes. */
static void
test_assistant_to_page (Fixture       *fixture,
                        gconstpointer  data)
{
  CohortDestinationAssistant *assistant;
  g_autoptr (CohortDestination) paris = NULL;
  g_autofree char *token = NULL;
  g_autoptr (GPtrArray) destinations = NULL;
  AdwComboRow *account;
  GtkWidget *message;
  CohortPolicy policy;

  if (!sim_session_have_keyring ())
    return;
  clear_keyring ();

  /* Nothing yet: the page explains, and asks for the assistant. */
  cohort_destinations_page_set_store (fixture->page, fixture->store);
  g_assert_cmpuint (cohort_destinations_page_get_n_destinations (fixture->page), ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (find (fixture->page, "stack"))), ==, "empty");
  click (find (fixture->page, "empty_add_button"));
  g_assert_cmpuint (fixture->added, ==, 1);

  assistant = open_assistant (fixture);
  g_assert_cmpstr (cohort_destination_assistant_get_step (assistant), ==, "authenticate");
  g_assert_true (auth_view_is (assistant, "form"));
  g_assert_false (gtk_widget_is_sensitive (find (assistant, "next_button")));
  /* Enter in the form connects. */
  g_assert_true (gtk_window_get_default_widget (GTK_WINDOW (assistant)) == find (assistant, "connect_button"));

  /* A wrong app ID is said next to its row. */
  gtk_editable_set_text (GTK_EDITABLE (find (assistant, "app_id_row")), "my app");
  gtk_editable_set_text (GTK_EDITABLE (find (assistant, "secret_row")), COHORT_TIKTOK_SIM_APP_SECRET);
  click (find (assistant, "connect_button"));
  g_assert_nonnull (strstr (label_text (assistant, "error_label"), "“my app” is not a TikTok app ID"));
  g_assert_true (gtk_widget_has_css_class (find (assistant, "app_id_row"), "error"));
  g_assert_null (cohort_destination_assistant_get_authorize_url (assistant));

  /* The right one: TikTok's page, the grant, the accounts. */
  fixture->follow = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (find (assistant, "app_id_row")), COHORT_TIKTOK_SIM_APP_ID);
  click (find (assistant, "connect_button"));
  g_assert_false (gtk_widget_has_css_class (find (assistant, "app_id_row"), "error"));
  g_assert_true (auth_view_is (assistant, "waiting"));
  g_assert_false (gtk_widget_is_sensitive (find (assistant, "next_button")));
  ui_wait_until (is_connected_view, assistant, 20, "the connection");
  g_assert_cmpuint (fixture->followed, ==, SOUP_STATUS_OK);
  g_assert_null (cohort_destination_assistant_get_authorize_url (assistant));
  token = sim_session_keyring_lookup ("io.github.cohortapp.Cohort.Token");
  g_assert_nonnull (token);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find (assistant, "secret_row"))), ==, "");
  g_assert_true (gtk_window_get_default_widget (GTK_WINDOW (assistant)) == find (assistant, "next_button"));
  next (assistant, "details");

  /* Details: nothing is wrong before the user types; then each fault is said. */
  message = find (assistant, "details_message");
  account = ADW_COMBO_ROW (find (assistant, "account_row"));
  g_assert_false (gtk_widget_get_visible (message));
  g_assert_false (gtk_widget_is_sensitive (find (assistant, "next_button")));
  g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (account)), ==, 2);
  gtk_editable_set_text (GTK_EDITABLE (find (assistant, "name_row")), "x");
  gtk_editable_set_text (GTK_EDITABLE (find (assistant, "name_row")), "  ");
  g_assert_true (gtk_widget_get_visible (message));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (message)), "A destination needs a name."));
  g_assert_true (gtk_widget_has_css_class (find (assistant, "name_row"), "error"));
  gtk_editable_set_text (GTK_EDITABLE (find (assistant, "name_row")), "Paris");
  g_assert_false (gtk_widget_has_css_class (find (assistant, "name_row"), "error"));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (message)), ==, "Choose the TikTok Ads Manager account audiences go to.");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (account), "error"));
  g_assert_false (gtk_widget_is_sensitive (find (assistant, "next_button")));
  adw_combo_row_set_selected (account, advertiser_position (account, ADVERTISER_FR));
  g_assert_false (gtk_widget_get_visible (message));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (account), "error"));
  gtk_editable_set_text (GTK_EDITABLE (find (assistant, "description_row")), "Clients fidèles");
  next (assistant, "alerts");

  /* Alerts: all on; one off. Back and forth keeps everything. */
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (find (assistant, "alert:run-failed"))));
  gtk_switch_set_active (GTK_SWITCH (find (assistant, "alert:rate-limited")), FALSE);
  click (find (assistant, "back_button"));
  g_assert_cmpstr (cohort_destination_assistant_get_step (assistant), ==, "details");
  next (assistant, "alerts");
  next (assistant, "review");
  g_assert_false (gtk_widget_get_visible (find (assistant, "next_button")));
  g_assert_true (gtk_widget_get_visible (find (assistant, "finish_button")));
  g_assert_true (gtk_window_get_default_widget (GTK_WINDOW (assistant)) == find (assistant, "finish_button"));
  destinations = cohort_store_list_destinations (fixture->store, NULL);
  g_assert_cmpuint (destinations->len, ==, 0);

  /* Finish: saved, announced, closed and freed. */
  click (find (assistant, "finish_button"));
  ui_wait_for ((gpointer *) &fixture->assistant, TRUE, "the assistant to be finalised");
  g_assert_cmpstr (fixture->finished, ==, "Paris");
  paris = only_destination (fixture);
  g_assert_cmpstr (paris->name, ==, "Paris");
  g_assert_cmpstr (paris->description, ==, "Clients fidèles");
  g_assert_cmpstr (paris->advertiser_id, ==, ADVERTISER_FR);
  g_assert_cmpint (paris->alerts, ==, COHORT_ALERT_ALL & ~COHORT_ALERT_RATE_LIMITED);

  /* The page lists it, connected. */
  g_assert_cmpuint (cohort_destinations_page_get_n_destinations (fixture->page), ==, 1);
  g_assert_cmpstr (label_text (destination_row (fixture, "Paris"), "health"), ==, "Connected");
  g_assert_null (ui_find_named (destination_row (fixture, "Paris"), "next-action"));
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (destination_row (fixture, "Paris")), TRUE);

  /* A policy edit goes to the store, and the row stays open. */
  {
    AdwComboRow *sensitive = ADW_COMBO_ROW (find (destination_row (fixture, "Paris"), "policy:sensitive"));

    g_assert_cmpuint (adw_combo_row_get_selected (sensitive), ==, 2);
    adw_combo_row_set_selected (sensitive, 0);
    g_assert_true (cohort_store_get_policy (fixture->store, "Paris", &policy, NULL));
    g_assert_cmpint (policy.actions[COHORT_LABEL_SENSITIVE], ==, COHORT_POLICY_ALLOW);
    g_assert_cmpint (policy.actions[COHORT_LABEL_NO_AD_TARGETING], ==, COHORT_POLICY_BLOCK);
    while (g_main_context_iteration (NULL, FALSE))
      ;
    g_assert_true (adw_expander_row_get_expanded (ADW_EXPANDER_ROW (destination_row (fixture, "Paris"))));
    sensitive = ADW_COMBO_ROW (find (destination_row (fixture, "Paris"), "policy:sensitive"));
    g_assert_cmpuint (adw_combo_row_get_selected (sensitive), ==, 0);
  }

  /* So does an alert. */
  gtk_switch_set_active (GTK_SWITCH (find (destination_row (fixture, "Paris"), "alert:paused")), FALSE);
  g_clear_pointer (&paris, cohort_destination_free);
  paris = only_destination (fixture);
  g_assert_cmpint (paris->alerts, ==, COHORT_ALERT_ALL & ~(COHORT_ALERT_RATE_LIMITED | COHORT_ALERT_PAUSED));

  /* TikTok revokes the token during a sync: the page says so, and offers to reconnect. */
  {
    g_autofree char *csv = g_build_filename (fixture->sim.data_dir, "clients.csv", NULL);

    g_assert_true (g_file_set_contents (csv, "email\nann@exemple.fr\nbob@exemple.fr\n", -1, NULL));
    cohort (fixture, "import", csv, "--audience", "Clients", "--label", "consent-marketing", NULL);
    cohort (fixture, "activate", "Clients", "--destination", "Paris", NULL);
    sim_session_control (&fixture->sim, "/sim/revoke-all", "{}");
    {
      g_auto (CliRun) sync = { 0 };

      run_cohort (&fixture->sim, &sync, "sync", "--once");
      g_assert_cmpint (sync.status, ==, 1);
    }
    cohort_destinations_page_reload (fixture->page);
    g_assert_cmpstr (label_text (destination_row (fixture, "Paris"), "health"), ==, "Token revoked");
    click (find (destination_row (fixture, "Paris"), "next-action"));
    g_assert_cmpstr (fixture->reconnect, ==, "Paris");
  }

  /* Remove: refused while an audience goes there, then asked and done. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "destinations.remove", "s", "Paris"));
  respond ("close", "Cannot Be Removed");
  g_clear_pointer (&paris, cohort_destination_free);
  paris = only_destination (fixture);
  cohort (fixture, "deactivate", "Clients", "--destination", "Paris", NULL);
  click (find (destination_row (fixture, "Paris"), "remove"));
  respond ("cancel", "Remove “Paris”?");
  g_clear_pointer (&paris, cohort_destination_free);
  paris = only_destination (fixture);
  click (find (destination_row (fixture, "Paris"), "remove"));
  respond ("remove", "Remove “Paris”?");
  g_clear_pointer (&destinations, g_ptr_array_unref);
  destinations = cohort_store_list_destinations (fixture->store, NULL);
  g_assert_cmpuint (destinations->len, ==, 0);
  g_assert_cmpuint (cohort_destinations_page_get_n_destinations (fixture->page), ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (find (fixture->page, "stack"))), ==, "empty");
}

static gboolean
port_accepts (guint port)
{
  g_autoptr (GSocketClient) client = g_socket_client_new ();
  g_autoptr (GSocketConnection) connection = NULL;

  connection = g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, NULL);
  return connection != NULL;
}

/* Already connected: the accounts at once. A taken name is said. Cancel,
 * even while waiting for TikTok, saves nothing, closes the listener and
 * frees the window. */
static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  CohortDestinationAssistant *assistant;
  g_autoptr (GPtrArray) destinations = NULL;

  if (!sim_session_have_keyring ())
    return;
  sim_session_connect (&fixture->sim);
  cohort (fixture, "destination", "add", "--name", "Paris", "--advertiser-id", ADVERTISER_FR, NULL);

  assistant = open_assistant (fixture);
  g_assert_true (auth_view_is (assistant, "connected"));
  next (assistant, "details");
  gtk_editable_set_text (GTK_EDITABLE (find (assistant, "name_row")), " paris ");
  g_assert_cmpstr (label_text (assistant, "details_message"), ==,
                   "There is already a destination named “paris”.\n"
                   "Choose the TikTok Ads Manager account audiences go to.");
  g_assert_true (gtk_widget_has_css_class (find (assistant, "name_row"), "error"));
  gtk_editable_set_text (GTK_EDITABLE (find (assistant, "name_row")), "Stockholm");
  click (find (assistant, "cancel_button"));
  ui_wait_for ((gpointer *) &fixture->assistant, TRUE, "the assistant to be finalised");

  /* Cancelled while TikTok's page is open in the "browser". */
  assistant = open_assistant (fixture);
  click (find (assistant, "again_button"));
  g_assert_true (auth_view_is (assistant, "waiting"));
  g_assert_nonnull (cohort_destination_assistant_get_authorize_url (assistant));
  g_assert_true (port_accepts (fixture->port));
  /* Stop Waiting goes back to the form, and the port closes. */
  click (find (assistant, "stop_button"));
  ui_wait_until (is_form_view, assistant, 10, "the form");
  g_assert_true (auth_view_is (assistant, "form"));
  g_assert_false (port_accepts (fixture->port));
  click (find (assistant, "connect_button"));
  g_assert_true (auth_view_is (assistant, "waiting"));
  g_assert_true (port_accepts (fixture->port));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (assistant), "window.close", NULL));
  ui_wait_for ((gpointer *) &fixture->assistant, TRUE, "the assistant to be finalised");
  g_assert_false (port_accepts (fixture->port));

  destinations = cohort_store_list_destinations (fixture->store, NULL);
  g_assert_cmpuint (destinations->len, ==, 1);
  g_assert_cmpstr (((CohortDestination *) g_ptr_array_index (destinations, 0))->name, ==, "Paris");
}

/* A busy port, and a user who grants nothing, are explained on the form. */
static void
test_errors (Fixture       *fixture,
             gconstpointer  data)
{
  CohortDestinationAssistant *assistant;
  g_autoptr (GSocket) busy = NULL;
  g_autoptr (GSocketAddress) address = NULL;
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GError) error = NULL;
  g_autofree char *port_text = g_strdup_printf ("%u", fixture->port);

  if (!sim_session_have_keyring ())
    return;
  sim_session_set_credentials (&fixture->sim);

  busy = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  address = g_inet_socket_address_new (loopback, (guint16) fixture->port);
  g_assert_true (g_socket_bind (busy, address, FALSE, &error));
  g_assert_true (g_socket_listen (busy, &error));

  assistant = open_assistant (fixture);
  g_assert_true (auth_view_is (assistant, "form"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find (assistant, "app_id_row"))), ==,
                   COHORT_TIKTOK_SIM_APP_ID);
  click (find (assistant, "connect_button"));
  g_assert_true (auth_view_is (assistant, "form"));
  g_assert_nonnull (strstr (label_text (assistant, "error_label"), port_text));
  g_assert_nonnull (strstr (label_text (assistant, "error_label"), "Preferences"));
  g_socket_close (busy, NULL);

  /* The simulator's user grants no ad account. */
  fixture->follow = TRUE;
  click (find (assistant, "connect_button"));
  ui_wait_until (is_visible, find (assistant, "error_box"), 20, "the refusal");
  g_assert_true (auth_view_is (assistant, "form"));
  g_assert_nonnull (strstr (label_text (assistant, "error_label"), "granted Cohort no ad account"));
  g_assert_false (gtk_widget_is_sensitive (find (assistant, "next_button")));
  gtk_window_close (GTK_WINDOW (assistant));
  ui_wait_for ((gpointer *) &fixture->assistant, TRUE, "the assistant to be finalised");
}

int
main (int   argc,
      char *argv[])
{
  cohort_i18n_init ();
  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_test_message ("no display: run under build-aux/test-env.sh");
      return 77;
    }
  adw_init ();

  g_test_add ("/destinations/assistant-to-page", Fixture, NULL, fixture_set_up, test_assistant_to_page,
              fixture_tear_down);
  g_test_add ("/destinations/cancel", Fixture, NULL, fixture_set_up, test_cancel, fixture_tear_down);
  g_test_add ("/destinations/errors", Fixture, "--no-grant", fixture_set_up, test_errors, fixture_tear_down);

  return g_test_run ();
}
