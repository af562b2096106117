/* test-status.c: activating through the dialog, then the status and alerts pages following the
 * simulator through a sync, a revoked token and a reconnection */
#include "config.h"

#include <string.h>

#include "core/i18n.h"
#include "core/store-activations.h"
#include "core/store-alerts.h"
#include "core/store-policies.h"
#include "sim-session.h"
#include "ui/activate-dialog.h"
#include "ui/alert-notify.h"
#include "ui/alerts-page.h"
#include "ui/status-page.h"
#include "ui-helpers.h"

#define ADVERTISER_FR "7000000000000000001"
#define AUDIENCE "Clients FR"
#define REMOTE_NAME "Clients FR — TikTok"

typedef SimSession Fixture;

/* People @first to @last - 1: an email each, an Android advertising ID for
 * every third; no phone number, no IDFA. */
static void
import (Fixture *fixture,
        guint    first,
        guint    last)
{
  g_autoptr (GString) text = g_string_new ("email,gaid\n");
  g_autofree char *path = g_build_filename (fixture->data_dir, "clients.csv", NULL);
  g_auto (CliRun) run = { 0 };

  for (guint i = first; i < last; i++)
    {
      g_string_append_printf (text, "client.%u@exemple.fr,", i);
      if (i % 3 == 0)
        g_string_append_printf (text, "6d92078a-8246-4ba4-ae5b-%012x", i);
      g_string_append_c (text, '\n');
    }
  g_assert_true (g_file_set_contents (path, text->str, text->len, NULL));
  run_cohort (fixture, &run, "import", path, "--audience", AUDIENCE);
  g_assert_cmpint (run.status, ==, 0);
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
  g_assert_cmpuint (args->len, <=, 6);
  g_ptr_array_set_size (args, 6);
  run_cohort (fixture, &run, g_ptr_array_index (args, 0), g_ptr_array_index (args, 1), g_ptr_array_index (args, 2),
              g_ptr_array_index (args, 3), g_ptr_array_index (args, 4), g_ptr_array_index (args, 5));
  if (run.status != 0)
    g_error ("cohort-cli %s: %s", first_arg, run.err);
}

static int
sync_once (Fixture *fixture)
{
  g_auto (CliRun) run = { 0 };

  run_cohort (fixture, &run, "sync", "--once");
  return run.status;
}

static GtkWidget *
named (gpointer    root,
       const char *name)
{
  GtkWidget *widget = ui_find_named (GTK_WIDGET (root), name);

  if (widget == NULL)
    g_error ("no widget named “%s”", name);
  return widget;
}

static const char *
row_subtitle (GtkWidget *widget)
{
  GtkWidget *row = ADW_IS_ACTION_ROW (widget) ? widget : gtk_widget_get_ancestor (widget, ADW_TYPE_ACTION_ROW);

  return adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
}

static const char *
row_title (GtkWidget *row)
{
  return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
}

static void
click (gpointer button)
{
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

static void
record_string (GObject    *source,
               const char *value,
               char      **out)
{
  g_free (*out);
  *out = g_strdup (value);
}

static void
count_signal (guint *count)
{
  (*count)++;
}

/* No destination yet: the dialog says so and offers to add one. */
static void
check_no_destination (Fixture     *fixture,
                      CohortStore *store,
                      GtkWindow   *parent)
{
  CohortActivateDialog *dialog = cohort_activate_dialog_new (parent, store, AUDIENCE);
  guint asked = 0;

  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_signal_connect_swapped (dialog, "add-destination", G_CALLBACK (count_signal), &asked);
  g_assert_true (gtk_widget_get_visible (named (dialog, "add-destination-button")));
  g_assert_true (gtk_widget_get_mapped (named (dialog, "add-destination-button")));
  g_assert_false (gtk_widget_is_sensitive (named (dialog, "activate-button")));
  click (named (dialog, "add-destination-button"));
  g_assert_cmpuint (asked, ==, 1);
  ui_wait_for ((gpointer *) &dialog, TRUE, "the dialog to be freed");
}

/* The policy rows of the dialog: blocked, warned or allowed, for Paris. */
static const char *
policy_of_paris (CohortActivateDialog *dialog)
{
  return row_subtitle (named (dialog, "policy-Paris"));
}

static void
activate_through_dialog (Fixture     *fixture,
                         CohortStore *store,
                         GtkWindow   *parent)
{
  CohortActivateDialog *dialog = cohort_activate_dialog_new (parent, store, AUDIENCE);
  g_autofree char *activated = NULL;
  g_autofree char *too_long = NULL;
  g_autoptr (CohortActivation) activation = NULL;
  g_autoptr (GError) error = NULL;
  GtkWidget *activate, *name_row;
  CohortPolicyVerdict verdict;

  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_signal_connect (dialog, "activated", G_CALLBACK (record_string), &activated);
  activate = named (dialog, "activate-button");

  /* The audience has emails and Android IDs: phones and IDFAs cannot be sent. */
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (named (dialog, "map-email"))));
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (named (dialog, "map-gaid"))));
  g_assert_false (gtk_widget_is_sensitive (named (dialog, "map-phone")));
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (named (dialog, "map-phone"))));
  g_assert_cmpstr (row_subtitle (named (dialog, "map-phone")), ==, "This audience has no phone numbers");
  g_assert_false (gtk_widget_is_sensitive (named (dialog, "map-idfa")));
  g_assert_nonnull (strstr (row_subtitle (named (dialog, "map-email")), "Email SHA256"));
  /* 40 emails and 14 Android IDs, under TikTok's 1,000. */
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (named (dialog, "count-label"))), ==, "54");
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (named (dialog, "summary-label"))), "1,000"));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (named (dialog, "summary-label"))), "24 to 48 hours"));
  gtk_switch_set_active (GTK_SWITCH (named (dialog, "map-gaid")), FALSE);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (named (dialog, "count-label"))), ==, "40");
  gtk_switch_set_active (GTK_SWITCH (named (dialog, "map-gaid")), TRUE);

  /* The one destination is chosen; its default policy warns: the audience
   * was not labelled as collected with marketing consent. */
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (named (dialog, "destination-Paris"))));
  g_assert_nonnull (strstr (policy_of_paris (dialog), "consent-marketing"));
  g_assert_nonnull (strstr (policy_of_paris (dialog), "warns about"));
  g_assert_false (gtk_widget_is_sensitive (activate));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (named (dialog, "accept-Paris")), TRUE);
  g_assert_true (gtk_widget_is_sensitive (activate));

  /* TikTok's 70 characters, said as the name is typed. */
  name_row = named (dialog, "name-row");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (name_row)), ==, AUDIENCE);
  too_long = g_strnfill (71, 'x');
  gtk_editable_set_text (GTK_EDITABLE (name_row), too_long);
  g_assert_false (gtk_widget_is_sensitive (activate));
  g_assert_true (gtk_widget_has_css_class (name_row, "error"));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (named (dialog, "name-status"))), "71 characters"));
  too_long[70] = '\0';
  gtk_editable_set_text (GTK_EDITABLE (name_row), too_long);
  g_assert_true (gtk_widget_is_sensitive (activate));
  g_assert_false (gtk_widget_has_css_class (name_row, "error"));
  gtk_editable_set_text (GTK_EDITABLE (name_row), "   ");
  g_assert_false (gtk_widget_is_sensitive (activate));
  gtk_editable_set_text (GTK_EDITABLE (name_row), REMOTE_NAME);
  g_assert_true (gtk_widget_is_sensitive (activate));

  /* A label the policy blocks: said, naming the label and the policy, and
   * nothing to accept. Taken off again, the warning is back. */
  cohort (fixture, "label", AUDIENCE, "--add", "sensitive", NULL);
  cohort_activate_dialog_reload (dialog);
  g_assert_nonnull (strstr (policy_of_paris (dialog), "“sensitive”"));
  g_assert_nonnull (strstr (policy_of_paris (dialog), "the policy of “Paris” blocks"));
  g_assert_null (ui_find_named (GTK_WIDGET (dialog), "accept-Paris"));
  g_assert_false (gtk_widget_is_sensitive (activate));
  cohort (fixture, "label", AUDIENCE, "--remove", "sensitive", NULL);
  cohort_activate_dialog_reload (dialog);
  g_assert_nonnull (strstr (policy_of_paris (dialog), "warns about"));
  g_assert_false (gtk_widget_is_sensitive (activate));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (named (dialog, "accept-Paris")), TRUE);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (name_row)), ==, REMOTE_NAME);

  /* Activate: the dialog closes and is freed. */
  click (activate);
  ui_wait_for ((gpointer *) &dialog, TRUE, "the dialog to close");
  g_assert_cmpstr (activated, ==, AUDIENCE);
  activation = cohort_store_find_activation (store, AUDIENCE, "Paris", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (activation->identities, ==, (1u << COHORT_IDENTITY_EMAIL) | (1u << COHORT_IDENTITY_GAID));
  g_assert_cmpstr (activation->remote_name, ==, REMOTE_NAME);
  g_assert_cmpstr (activation->state, ==, "pending");
  /* The acceptance is recorded, as `activate --accept-warning` records it. */
  g_assert_true (cohort_store_check_activation (store, AUDIENCE, "Paris", 0, &verdict, &error));
  g_assert_cmpuint (verdict.warned, ==, 0);
  g_assert_cmpuint (verdict.accepted, ==, 1u << COHORT_LABEL_CONSENT_MARKETING);

  /* Opened again: Paris shows as activated, and cannot be chosen. */
  dialog = cohort_activate_dialog_new (parent, store, AUDIENCE);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_assert_true (ADW_IS_ACTION_ROW (named (dialog, "destination-Paris")));
  g_assert_false (gtk_widget_is_sensitive (named (dialog, "destination-Paris")));
  g_assert_nonnull (strstr (row_subtitle (named (dialog, "destination-Paris")), "Already activated"));
  g_assert_false (gtk_widget_is_sensitive (activate = named (dialog, "activate-button")));
  gtk_window_close (GTK_WINDOW (dialog));
  ui_wait_for ((gpointer *) &dialog, TRUE, "the second dialog to be freed");
}

static GtkWidget *
activation_row (CohortStatusPage *page,
                gint64            id)
{
  g_autofree char *name = g_strdup_printf ("activation-%lld", (long long) id);

  return named (page, name);
}

static const char *
state_of (CohortStatusPage *page,
          gint64            id)
{
  return gtk_label_get_text (GTK_LABEL (named (activation_row (page, id), "state")));
}

/* The expanded rows of an activation named @name: the first one. */
static GtkWidget *
detail (CohortStatusPage *page,
        gint64            id,
        const char       *name)
{
  return named (activation_row (page, id), name);
}

/* TikTok's audience holds exactly the audience's members. */
static void
assert_in_sync (Fixture *fixture)
{
  g_autoptr (GHashTable) expected = sim_session_expected_members (fixture, AUDIENCE);
  g_autoptr (GHashTable) remote = sim_session_remote_members (fixture, REMOTE_NAME);
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, expected);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_assert_true (g_hash_table_contains (remote, key));
  g_assert_cmpuint (g_hash_table_size (remote), ==, g_hash_table_size (expected));
}

static gboolean
has_window_named (gpointer user_data)
{
  const char *name = ((gpointer *) user_data)[0];
  g_autoptr (GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (g_strcmp0 (gtk_widget_get_name (l->data), name) == 0 && gtk_widget_get_visible (l->data))
      {
        ((gpointer *) user_data)[1] = l->data;
        return TRUE;
      }
  return FALSE;
}

static void
text_read_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  char **out = user_data;

  *out = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, NULL);
  if (*out == NULL)
    *out = g_strdup ("");
}

static char *
clipboard_text (GtkWidget *widget)
{
  char *text = NULL;

  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (widget), NULL, text_read_cb, &text);
  ui_wait_for ((gpointer *) &text, FALSE, "the clipboard");
  return text;
}

/* The last run's details: its request IDs, each copied by its button. */
static void
check_run_details (CohortStatusPage *page,
                   gint64            id)
{
  GtkWidget *run = detail (page, id, "run");
  gpointer found[2] = { (gpointer) "run-details", NULL };
  GtkWidget *window;
  GtkWidget *id_row;
  g_autofree char *copied = NULL;

  g_assert_true (gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (run)));
  g_signal_emit_by_name (run, "activated");
  ui_wait_until (has_window_named, found, 10, "the run's details");
  window = found[1];
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  id_row = named (window, "request-id");
  g_assert_cmpuint (strlen (row_title (id_row)), >, 0);
  click (ui_find_mapped (id_row, GTK_TYPE_BUTTON));
  copied = clipboard_text (id_row);
  g_assert_cmpstr (copied, ==, row_title (id_row));
  gtk_window_close (GTK_WINDOW (window));
  ui_wait_for ((gpointer *) &window, TRUE, "the run's details to be freed");
}

/* A run in the middle of its changes, as a sync in another process
 * leaves the store: the bar shows what it has taken from the outbox. */
static void
check_progress (Fixture          *fixture,
                CohortStore      *store,
                CohortStatusPage *status)
{
  g_autoptr (CohortActivation) activation = NULL;
  g_autoptr (GArray) batch = NULL;
  g_autoptr (GError) error = NULL;
  GtkWidget *row, *bar;
  gboolean adding;
  gint64 run;

  cohort (fixture, "destination", "add", "--name", "Stockholm", "--advertiser-id", "7000000000000000002", NULL);
  g_assert_true (cohort_store_activate (store, AUDIENCE, "Stockholm", 1u << COHORT_IDENTITY_EMAIL, NULL,
                                        COHORT_LABELS_ALL, NULL, &error));
  g_assert_no_error (error);
  activation = cohort_store_find_activation (store, AUDIENCE, "Stockholm", &error);
  g_assert_no_error (error);
  run = cohort_store_run_begin (store, activation->id, &error);
  g_assert_no_error (error);
  g_assert_true (cohort_store_set_activation_state (store, activation->id, "sending", COHORT_PAUSE_NONE, NULL, &error));
  batch = cohort_store_outbox_next (store, activation->id, 9, &adding, &error);
  g_assert_no_error (error);
  g_assert_true (cohort_store_outbox_done (store, activation->id, batch, adding, FALSE, 0, run, &error));
  g_assert_no_error (error);

  cohort_status_page_reload (status);
  row = activation_row (status, activation->id);
  g_assert_cmpstr (state_of (status, activation->id), ==, "Sending");
  bar = ui_find_mapped (row, GTK_TYPE_PROGRESS_BAR);
  g_assert_nonnull (bar);
  /* 9 of the 45 emails of people 10 to 54. */
  g_assert_cmpfloat_with_epsilon (gtk_progress_bar_get_fraction (GTK_PROGRESS_BAR (bar)), 9.0 / 45.0, 1e-9);

  g_assert_true (cohort_store_run_end (store, run, 0, "succeeded", NULL, NULL, &error));
  g_assert_true (cohort_store_delete_activation (store, activation->id, &error));
  g_assert_no_error (error);
  cohort_status_page_reload (status);
  {
    g_autofree char *name = g_strdup_printf ("activation-%lld", (long long) activation->id);

    g_assert_null (ui_find_named (GTK_WIDGET (status), name));
  }
}

static void
test_status (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr (CohortStore) store = NULL;
  g_autoptr (CohortActivation) activation = NULL;
  g_autoptr (GPtrArray) alerts = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *reconnect = NULL;
  GtkWidget *parent, *box, *overlay, *next;
  CohortStatusPage *status;
  CohortAlertsPage *alerts_page;
  guint unread_notified = 0;

  if (!sim_session_have_keyring ())
    return;
  import (fixture, 0, 40);
  sim_session_connect (fixture);
  store = cohort_store_open (fixture->data_dir, &error);
  g_assert_no_error (error);

  parent = adw_window_new ();
  g_object_add_weak_pointer (G_OBJECT (parent), (gpointer *) &parent);
  gtk_window_set_default_size (GTK_WINDOW (parent), 1000, 700);
  overlay = adw_toast_overlay_new ();
  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_box_set_homogeneous (GTK_BOX (box), TRUE);
  status = COHORT_STATUS_PAGE (cohort_status_page_new ());
  alerts_page = COHORT_ALERTS_PAGE (cohort_alerts_page_new ());
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (status));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (alerts_page));
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), box);
  adw_window_set_content (ADW_WINDOW (parent), overlay);
  gtk_window_present (GTK_WINDOW (parent));
  cohort_status_page_set_store (status, store);
  cohort_alerts_page_set_store (alerts_page, store);
  g_signal_connect (status, "reconnect", G_CALLBACK (record_string), &reconnect);
  g_signal_connect_swapped (alerts_page, "notify::n-unread", G_CALLBACK (count_signal), &unread_notified);
  while (!gtk_widget_get_mapped (GTK_WIDGET (status)))
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (gtk_widget_get_mapped (named (status, "status-empty")));
  g_assert_true (gtk_widget_get_mapped (named (alerts_page, "alerts-empty")));
  g_assert_cmpuint (cohort_alerts_page_get_n_unread (alerts_page), ==, 0);

  check_no_destination (fixture, store, GTK_WINDOW (parent));
  cohort (fixture, "destination", "add", "--name", "Paris", "--advertiser-id", ADVERTISER_FR, NULL);
  activate_through_dialog (fixture, store, GTK_WINDOW (parent));
  activation = cohort_store_find_activation (store, AUDIENCE, "Paris", &error);
  g_assert_no_error (error);

  /* Pending, then synced: TikTok holds the audience, under its 1,000. */
  cohort_status_page_reload (status);
  g_assert_cmpstr (state_of (status, activation->id), ==, "Pending");
  g_assert_cmpint (sync_once (fixture), ==, 0);
  assert_in_sync (fixture);
  cohort_status_page_reload (status);
  g_assert_cmpstr (state_of (status, activation->id), ==, "Synced");
  g_assert_true (gtk_widget_has_css_class (named (activation_row (status, activation->id), "state"), "success"));
  g_assert_false (gtk_widget_get_visible (named (activation_row (status, activation->id), "next-action")));
  g_assert_true (cohort_status_page_reveal (status, activation->id));
  g_assert_true (adw_expander_row_get_expanded (ADW_EXPANDER_ROW (activation_row (status, activation->id))));
  g_assert_cmpstr (row_title (detail (status, activation->id, "tiktok-validity")), ==,
                   "TikTok will serve it once 1,000 people are matched");
  g_assert_nonnull (strstr (row_subtitle (detail (status, activation->id, "on-tiktok")), REMOTE_NAME));
  g_assert_nonnull (strstr (row_subtitle (detail (status, activation->id, "run")), "Activated 54"));

  /* TikTok revokes the token: the next sync pauses, says to reconnect, and alerts. */
  sim_session_control (fixture, "/sim/revoke-all", "{}");
  import (fixture, 10, 55);
  g_assert_cmpint (sync_once (fixture), !=, 0);
  cohort_status_page_reload (status);
  cohort_alerts_page_reload (alerts_page);
  g_assert_cmpstr (state_of (status, activation->id), ==, "Paused");
  g_assert_true (gtk_widget_has_css_class (named (activation_row (status, activation->id), "state"), "error"));
  next = named (activation_row (status, activation->id), "next-action");
  g_assert_true (gtk_widget_get_visible (next));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (next)), ==, "_Reconnect");
  g_assert_nonnull (strstr (row_subtitle (detail (status, activation->id, "reason")), "Connect to TikTok again"));
  click (next);
  g_assert_cmpstr (reconnect, ==, "Paris");
  /* The paused run keeps TikTok's request ID. */
  check_run_details (status, activation->id);

  /* Two open alerts: the pause, newest, and the audience under TikTok's
   * 1,000 since the first sync. Only the pause needs the banner. */
  alerts = cohort_store_list_alerts (store, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (alerts->len, ==, 2);
  g_assert_cmpuint (cohort_alerts_page_get_n_unread (alerts_page), ==, 2);
  g_assert_cmpuint (unread_notified, ==, 1);
  {
    const CohortAlert *alert = g_ptr_array_index (alerts, 0);
    const CohortAlert *below = g_ptr_array_index (alerts, 1);
    g_autofree char *name = g_strdup_printf ("alert-%lld", (long long) alert->id);
    g_autoptr (GNotification) notification = cohort_ui_alert_notification_new (alert);
    GtkWidget *row = named (alerts_page, name);

    g_assert_cmpint (alert->kind, ==, COHORT_ALERT_PAUSED);
    g_assert_true (cohort_ui_alert_needs_banner (alert));
    g_assert_cmpint (below->kind, ==, COHORT_ALERT_BELOW_MINIMUM);
    g_assert_false (cohort_ui_alert_needs_banner (below));
    g_assert_nonnull (notification);
    g_assert_nonnull (strstr (row_subtitle (row), "Clients FR → Paris"));
    g_assert_nonnull (strstr (row_subtitle (row), alert->request_id));
    click (named (row, "acknowledge"));
  }
  g_assert_cmpuint (cohort_alerts_page_get_n_unread (alerts_page), ==, 1);
  g_assert_cmpuint (unread_notified, ==, 2);
  click (named (alerts_page, "acknowledge-all"));
  g_assert_cmpuint (cohort_alerts_page_get_n_unread (alerts_page), ==, 0);
  g_assert_cmpuint (unread_notified, ==, 3);
  g_assert_false (gtk_widget_is_sensitive (named (alerts_page, "acknowledge-all")));
  g_assert_true (gtk_widget_get_visible (named (alerts_page, "acknowledged")));
  g_clear_pointer (&alerts, g_ptr_array_unref);
  alerts = cohort_store_list_alerts (store, FALSE, &error);
  g_assert_cmpuint (alerts->len, ==, 0);

  /* Connected again, the next sync sends what waited. */
  sim_session_connect (fixture);
  g_assert_cmpint (sync_once (fixture), ==, 0);
  assert_in_sync (fixture);
  cohort_status_page_reload (status);
  g_assert_cmpstr (state_of (status, activation->id), ==, "Synced");
  g_assert_false (gtk_widget_get_visible (named (activation_row (status, activation->id), "next-action")));

  check_progress (fixture, store, status);

  gtk_window_destroy (GTK_WINDOW (parent));
  ui_wait_for ((gpointer *) &parent, TRUE, "the window to be freed");
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
  g_test_add ("/status/activate-sync-revoke", Fixture, NULL, sim_session_fixture_set_up, test_status,
              sim_session_fixture_tear_down);

  return g_test_run ();
}
