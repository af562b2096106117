/* application.c: CohortApplication, the AdwApplication that owns windows, actions and settings */
#include "config.h"

#include <glib/gi18n.h>

#include "core/settings.h"
#include "ui/application.h"
#include "ui/alert-notify.h"
#include "ui/preferences-window.h"
#include "ui/store-monitor.h"
#include "ui/sync-runner.h"
#include "ui/window.h"

struct _CohortApplication
{
  AdwApplication    parent_instance;

  GSettings        *settings;
  CohortSyncRunner *sync;
  gboolean          held; /* for the sync, with no window left */
  gboolean          quitting;

  /* Alerts raised by the sync (another process) become notifications. */
  CohortStore        *store;
  CohortStoreMonitor *monitor;
  gint64              last_alert;
  GHashTable         *notified; /* alert IDs shown as notifications */
};

G_DEFINE_FINAL_TYPE (CohortApplication, cohort_application, ADW_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "version", 'v', G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
    N_("Show the version and exit"), NULL },
  { NULL },
};

static CohortWindow *
get_or_create_window (CohortApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    window = GTK_WINDOW (cohort_window_new (GTK_APPLICATION (self), self->settings));
  /* A window again: the application lives by it, not by the hold. */
  if (self->held)
    {
      self->held = FALSE;
      g_application_release (G_APPLICATION (self));
    }
  cohort_sync_runner_start (self->sync);
  return COHORT_WINDOW (window);
}

/* The last window closes: the sync goes on only if the user asked so. */
static void
window_removed (GtkApplication *app,
                GtkWindow      *window)
{
  CohortApplication *self = COHORT_APPLICATION (app);

  GTK_APPLICATION_CLASS (cohort_application_parent_class)->window_removed (app, window);
  if (gtk_application_get_windows (app) != NULL || self->held || self->quitting)
    return;
  if (self->settings != NULL && g_settings_get_boolean (self->settings, "sync-in-background") &&
      cohort_sync_runner_is_running (self->sync))
    {
      g_autoptr (GNotification) notification = g_notification_new (_("Cohort keeps syncing"));

      self->held = TRUE;
      g_application_hold (G_APPLICATION (self));
      g_notification_set_body (notification, _("Audiences are sent to TikTok as they change. Quit Cohort from "
                                               "its window to stop."));
      g_notification_set_default_action (notification, "app.activate");
      g_application_send_notification (G_APPLICATION (self), "background", notification);
    }
  else
    cohort_sync_runner_stop (self->sync);
}

static void
cohort_application_activate (GApplication *app)
{
  gtk_window_present (GTK_WINDOW (get_or_create_window (COHORT_APPLICATION (app))));
}

static void
cohort_application_open (GApplication  *app,
                         GFile        **files,
                         int            n_files,
                         const char    *hint)
{
  CohortWindow *window = get_or_create_window (COHORT_APPLICATION (app));

  /* One import at a time: the window takes the first file and tells about the rest. */
  if (n_files > 0)
    cohort_window_open_file (window, files[0]);
  if (n_files > 1)
    cohort_window_add_toast (window, _("Only the first file was opened: import one file at a time."));
  gtk_window_present (GTK_WINDOW (window));
}

static int
cohort_application_handle_local_options (GApplication *app,
                                         GVariantDict *options)
{
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("cohort %s\n", PACKAGE_VERSION);
      return 0;
    }
  return -1;
}

static void
show_about (GSimpleAction *action,
            GVariant      *parameter,
            gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  const char *developers[] = { "The Cohort developers", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (app),
                        "destroy-with-parent", TRUE,
                        "application-name", "Cohort",
                        "application-icon", APPLICATION_ID,
                        "developer-name", "The Cohort developers",
                        "version", PACKAGE_VERSION,
                        "comments", _("Cohort turns customer lists into TikTok audiences and "
                                      "keeps them in sync. Identifiers are normalised and "
                                      "hashed on this computer: the raw data never leaves it."),
                        "website", "https://github.com/cohortapp/cohort",
                        "issue-url", "https://github.com/cohortapp/cohort/issues",
                        "developers", developers,
                        /* Translators: replace with your names, one per line */
                        "translator-credits", _("translator-credits"),
                        "copyright", "© 2026 The Cohort developers",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
show_preferences (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  CohortApplication *self = COHORT_APPLICATION (user_data);
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkWindow *preferences = GTK_WINDOW (cohort_preferences_window_new (self->settings));

  gtk_window_set_transient_for (preferences, parent);
  gtk_window_set_destroy_with_parent (preferences, TRUE);
  gtk_window_present (preferences);
}

static void
quit (GSimpleAction *action,
      GVariant      *parameter,
      gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  CohortApplication *self = COHORT_APPLICATION (user_data);
  GList *windows = gtk_application_get_windows (app);

  /* Quit means quit: no sync left behind in the background. */
  self->quitting = TRUE;
  cohort_sync_runner_stop (self->sync);
  if (self->held)
    {
      self->held = FALSE;
      g_application_release (G_APPLICATION (self));
    }
  /* Close each window so that it saves its state, then the application ends by itself. */
  for (GList *l = windows; l != NULL;)
    {
      GtkWindow *window = l->data;

      l = l->next;
      gtk_window_close (window);
    }
}

/* New alerts: a notification each (the window may be closed, syncing in
 * the background), and a toast in the windows; acknowledged ones are
 * withdrawn. */
static void
check_alerts (CohortApplication *self)
{
  g_autoptr (GPtrArray) alerts = cohort_store_list_alerts (self->store, FALSE, NULL);
  g_autoptr (GHashTable) open = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  GHashTableIter iter;
  gpointer key;
  gint64 last = self->last_alert;

  for (guint i = 0; alerts != NULL && i < alerts->len; i++)
    {
      const CohortAlert *alert = g_ptr_array_index (alerts, i);

      g_hash_table_add (open, g_memdup2 (&alert->id, sizeof alert->id));
      if (alert->id <= self->last_alert)
        continue;
      last = MAX (last, alert->id);
      {
        g_autoptr (GNotification) notification = cohort_ui_alert_notification_new (alert);
        g_autofree char *id = cohort_ui_alert_notification_id (alert);

        g_application_send_notification (G_APPLICATION (self), id, notification);
        g_hash_table_add (self->notified, g_memdup2 (&alert->id, sizeof alert->id));
      }
      for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
        if (COHORT_IS_WINDOW (l->data))
          cohort_window_alert_raised (l->data, alert);
    }
  self->last_alert = last;

  g_hash_table_iter_init (&iter, self->notified);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (open, key))
      {
        g_autofree char *id = g_strdup_printf ("alert-%" G_GINT64_FORMAT, *(gint64 *) key);

        g_application_withdraw_notification (G_APPLICATION (self), id);
        g_hash_table_iter_remove (&iter);
      }
}

static void
watch_alerts (CohortApplication *self)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) alerts = NULL;

  self->store = cohort_store_open (NULL, &error);
  if (self->store == NULL)
    {
      g_debug ("No alert notifications: %s", error->message);
      return;
    }
  /* What was raised before Cohort started is in the Alerts view, not news. */
  alerts = cohort_store_list_alerts (self->store, TRUE, NULL);
  for (guint i = 0; alerts != NULL && i < alerts->len; i++)
    self->last_alert = MAX (self->last_alert, ((CohortAlert *) g_ptr_array_index (alerts, i))->id);
  self->monitor = cohort_store_monitor_new (self->store);
  g_signal_connect_object (self->monitor, "changed", G_CALLBACK (check_alerts), self, G_CONNECT_SWAPPED);
}

static void
show_status (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  CohortWindow *window = get_or_create_window (COHORT_APPLICATION (user_data));

  cohort_window_show_activation (window, parameter != NULL ? g_variant_get_int64 (parameter) : 0);
  gtk_window_present (GTK_WINDOW (window));
}

static void
show_alerts (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  CohortWindow *window = get_or_create_window (COHORT_APPLICATION (user_data));

  cohort_window_show_view (window, "alerts");
  gtk_window_present (GTK_WINDOW (window));
}

static void
activate_action (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  g_application_activate (G_APPLICATION (user_data));
}

static const GActionEntry app_actions[] = {
  { "activate", activate_action, NULL, NULL, NULL, { 0 } },
  { "show-status", show_status, "x", NULL, NULL, { 0 } },
  { "show-alerts", show_alerts, NULL, NULL, NULL, { 0 } },
  { "about", show_about, NULL, NULL, NULL, { 0 } },
  { "preferences", show_preferences, NULL, NULL, NULL, { 0 } },
  { "quit", quit, NULL, NULL, NULL, { 0 } },
};

static void
cohort_application_startup (GApplication *app)
{
  CohortApplication *self = COHORT_APPLICATION (app);
  g_autoptr (GError) error = NULL;
  const char *quit_accels[] = { "<Control>q", NULL };
  const char *preferences_accels[] = { "<Control>comma", NULL };
  const char *open_accels[] = { "<Control>o", NULL };
  const char *close_accels[] = { "<Control>w", NULL };
  const char *help_accels[] = { "<Control>question", "F1", NULL };

  G_APPLICATION_CLASS (cohort_application_parent_class)->startup (app);

  self->settings = cohort_settings_new (&error);
  if (self->settings == NULL)
    g_warning ("%s", error->message);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);
  watch_alerts (self);
  if (self->settings == NULL)
    {
      GAction *preferences = g_action_map_lookup_action (G_ACTION_MAP (app), "preferences");

      g_simple_action_set_enabled (G_SIMPLE_ACTION (preferences), FALSE);
    }

  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.preferences",
                                         preferences_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.open", open_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "window.close", close_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.show-help-overlay", help_accels);
}

static void
cohort_application_shutdown (GApplication *app)
{
  CohortApplication *self = COHORT_APPLICATION (app);

  if (self->sync != NULL)
    cohort_sync_runner_stop (self->sync);
  G_APPLICATION_CLASS (cohort_application_parent_class)->shutdown (app);
}

static void
cohort_application_dispose (GObject *object)
{
  CohortApplication *self = COHORT_APPLICATION (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->sync);
  g_clear_object (&self->monitor);
  g_clear_object (&self->store);
  g_clear_pointer (&self->notified, g_hash_table_unref);

  G_OBJECT_CLASS (cohort_application_parent_class)->dispose (object);
}

static void
cohort_application_class_init (CohortApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = cohort_application_dispose;
  app_class->activate = cohort_application_activate;
  app_class->open = cohort_application_open;
  app_class->startup = cohort_application_startup;
  app_class->handle_local_options = cohort_application_handle_local_options;
  app_class->shutdown = cohort_application_shutdown;
  GTK_APPLICATION_CLASS (klass)->window_removed = window_removed;
}

static void
cohort_application_init (CohortApplication *self)
{
  self->sync = cohort_sync_runner_new ();
  self->notified = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), _("[FILE…]"));
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Turn customer lists into TikTok audiences."));
}

/**
 * cohort_application_new:
 * @extra_flags: added to the defaults; tests pass %G_APPLICATION_NON_UNIQUE
 *   so that several can run at once
 */
CohortApplication *
cohort_application_new (GApplicationFlags extra_flags)
{
  return g_object_new (COHORT_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "resource-base-path", RESOURCE_BASE_PATH,
                       "flags", G_APPLICATION_HANDLES_OPEN | extra_flags,
                       NULL);
}

/**
 * cohort_application_get_settings:
 *
 * Returns: (transfer none) (nullable): the settings, %NULL when the schema
 *   is not installed
 */
GSettings *
cohort_application_get_settings (CohortApplication *self)
{
  g_return_val_if_fail (COHORT_IS_APPLICATION (self), NULL);

  return self->settings;
}
