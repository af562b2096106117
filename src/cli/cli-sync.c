/* cli-sync.c: `cohort-cli activate`, `deactivate`, `sync`, `status`, `runs`, `watch` and `unwatch` */
#include "config.h"

#include <string.h>
#include <unistd.h>
#include <glib/gi18n.h>
#include <glib-unix.h>

#include "cli/cli.h"
#include "core/identity.h"
#include "core/keyring.h"
#include "core/settings.h"
#include "core/store-activations.h"
#include "core/store-policies.h"
#include "core/store-watches.h"
#include "cli/cli-import-options.h"
#include "core/sync.h"
#include "core/tiktok-audiences.h"

/* `email=EMAIL_SHA256,phone=PHONE_SHA256,…`: which identities are sent.
 * Each identity has one TikTok column; naming it is a check. */
static gboolean
parse_map (const char *text,
           guint      *out_identities,
           GError    **error)
{
  g_auto (GStrv) pairs = g_strsplit (text, ",", -1);
  guint identities = 0;

  for (guint i = 0; pairs[i] != NULL; i++)
    {
      g_auto (GStrv) pair = g_strsplit (g_strstrip (pairs[i]), "=", 2);
      CohortIdentity identity;

      if (pair[0] == NULL || pair[1] == NULL || !cohort_identity_from_string (pair[0], &identity) ||
          g_strcmp0 (pair[1], cohort_identity_to_tiktok_schema (identity)) != 0)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("“%s” is not a mapping: write email=EMAIL_SHA256, phone=PHONE_SHA256, "
                         "gaid=AAID_SHA256 or idfa=IDFA_SHA256, separated by commas."),
                       pairs[i]);
          return FALSE;
        }
      identities |= 1u << identity;
    }
  *out_identities = identities;
  return TRUE;
}

/* Why nothing was activated, and what to do about it. */
static int
refuse (CohortStore  *store,
        const char   *audience,
        const char   *destination,
        guint         accepted,
        const GError *error)
{
  CohortPolicyVerdict verdict = { 0 };
  g_autofree char *warned = NULL;

  g_printerr ("cohort-cli activate: %s\n", error->message);
  if (g_error_matches (error, COHORT_STORE_ERROR, COHORT_STORE_ERROR_POLICY_BLOCKED))
    g_printerr ("%s\n", _("Nothing was changed. Correct the audience’s labels with “cohort-cli label”, or the "
                          "destination’s policy with “cohort-cli policy”."));
  else if (g_error_matches (error, COHORT_STORE_ERROR, COHORT_STORE_ERROR_POLICY_WARNING) &&
           cohort_store_check_activation (store, audience, destination, accepted, &verdict, NULL))
    {
      warned = cohort_usage_labels_to_string (verdict.warned);
      g_printerr (_("Nothing was changed. To activate it anyway, run again with --accept-warning %s (or "
                    "--accept-warnings): the override is recorded in the audit log."),
                  warned);
      g_printerr ("\n");
    }
  return COHORT_CLI_EXIT_FAILED;
}

int
cohort_cli_activate (const CohortCliGlobals *globals,
                     int                     argc,
                     char                  **argv)
{
  g_autoptr (CohortStore) store = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *destination = NULL;
  g_autofree char *map = NULL;
  g_autofree char *remote_name = NULL;
  g_auto (GStrv) accept = NULL;
  gboolean accept_all = FALSE, resumed = FALSE;
  guint identities = (1u << COHORT_N_IDENTITIES) - 1;
  guint accepted = 0;
  CohortPolicyVerdict verdict = { 0 };
  int exit_code = COHORT_CLI_EXIT_OK;
  const GOptionEntry entries[] = {
    { "destination", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, &destination,
      N_("The destination to send the audience to"), N_("NAME") },
    { "map", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, &map,
      N_("Identifiers to send and TikTok’s names for them (default: all four)"), N_("MAP") },
    { "remote-name", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, &remote_name,
      N_("The audience’s name on TikTok (default: its name here)"), N_("NAME") },
    { "accept-warning", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING_ARRAY, &accept,
      N_("Send despite the destination policy’s warning about these labels (recorded in the audit log)"),
      N_("LABEL,…") },
    { "accept-warnings", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, &accept_all,
      N_("Send despite every warning of the destination’s policy (recorded in the audit log)"), NULL },
    { NULL },
  };

  if (!cohort_cli_parse_options ("activate", entries, &argc, &argv, &exit_code))
    return exit_code;
  if (argc != 2)
    return cohort_cli_usage_error ("activate", _("Give one audience."));
  if (destination == NULL)
    return cohort_cli_usage_error ("activate", _("Give the destination with --destination."));
  if (map != NULL && !parse_map (map, &identities, &error))
    return cohort_cli_usage_error ("activate", "%s", error->message);
  if (!cohort_cli_parse_labels ("activate", accept, &accepted, &exit_code))
    return exit_code;
  if (accept_all)
    accepted = COHORT_LABELS_ALL;

  store = cohort_store_open (globals->data_dir, &error);
  if (store == NULL || !cohort_store_check_activation (store, argv[1], destination, accepted, &verdict, &error))
    return cohort_cli_fail ("activate", error);
  if (!cohort_store_activate (store, argv[1], destination, identities, remote_name, accepted, &resumed, &error))
    return error->domain == COHORT_STORE_ERROR && (error->code == COHORT_STORE_ERROR_POLICY_BLOCKED ||
                                                   error->code == COHORT_STORE_ERROR_POLICY_WARNING)
               ? refuse (store, argv[1], destination, accepted, error)
               : cohort_cli_fail ("activate", error);
  if (verdict.accepted != 0)
    {
      g_autofree char *labels = cohort_usage_labels_to_string (verdict.accepted);

      g_print (_("Warnings accepted for this activation, as recorded in the audit log: %s."), labels);
      g_print ("\n");
    }
  if (resumed)
    g_print (_("“%s” may be sent to “%s” again: it resumes at the next sync."), argv[1], destination);
  else
    g_print (_("“%s” is activated on “%s”: run “cohort-cli sync” to send it."), argv[1], destination);
  g_print ("\n");
  return COHORT_CLI_EXIT_OK;
}

static CohortTiktokClient *
open_client (const CohortCliGlobals *globals,
             CohortSyncOptions      *out_options,
             GError                **error)
{
  g_autoptr (GSettings) settings = cohort_settings_new (error);

  if (settings == NULL)
    return NULL;
  if (out_options != NULL)
    cohort_sync_options_init (out_options, settings);
  return cohort_tiktok_client_new_from_settings (settings, globals->api_base, error);
}

int
cohort_cli_deactivate (const CohortCliGlobals *globals,
                       int                     argc,
                       char                  **argv)
{
  g_autoptr (CohortStore) store = NULL;
  g_autoptr (CohortActivation) activation = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *destination = NULL;
  gboolean delete_remote = FALSE;
  int exit_code = COHORT_CLI_EXIT_OK;
  const GOptionEntry entries[] = {
    { "destination", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, &destination,
      N_("The destination to stop sending to"), N_("NAME") },
    { "delete-remote", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, &delete_remote,
      N_("Also delete the audience in TikTok Ads Manager"), NULL },
    { NULL },
  };

  if (!cohort_cli_parse_options ("deactivate", entries, &argc, &argv, &exit_code))
    return exit_code;
  if (argc != 2)
    return cohort_cli_usage_error ("deactivate", _("Give one audience."));
  if (destination == NULL)
    return cohort_cli_usage_error ("deactivate", _("Give the destination with --destination."));

  store = cohort_store_open (globals->data_dir, &error);
  if (store == NULL || (activation = cohort_store_find_activation (store, argv[1], destination, &error)) == NULL)
    return cohort_cli_fail ("deactivate", error);

  if (delete_remote && activation->remote_id != NULL)
    {
      g_autoptr (CohortTiktokClient) client = open_client (globals, NULL, &error);
      g_autoptr (CohortSecretText) token = NULL;
      g_autoptr (GAsyncResult) result = NULL;

      if (client == NULL)
        return cohort_cli_fail ("deactivate", error);
      token = cohort_keyring_lookup_sync (COHORT_SECRET_ACCESS_TOKEN, activation->app_id, NULL, &error);
      if (error != NULL)
        return cohort_cli_fail ("deactivate", error);
      cohort_tiktok_client_set_access_token (client, token);
      cohort_tiktok_client_delete_audience_async (client, activation->advertiser_id, activation->remote_id, NULL,
                                                  cohort_cli_store_result, &result);
      /* Deleted at TikTok first: on failure the activation stays, to try again. */
      if (!cohort_tiktok_client_delete_audience_finish (client, cohort_cli_wait (&result), &error))
        return cohort_cli_fail ("deactivate", error);
    }
  if (!cohort_store_delete_activation (store, activation->id, &error))
    return cohort_cli_fail ("deactivate", error);
  g_print (_("“%s” is no longer sent to “%s”."), argv[1], destination);
  g_print ("\n");
  return COHORT_CLI_EXIT_OK;
}

static gboolean
cancel_on_signal (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_CONTINUE;
}

static gboolean
nothing_pending (CohortStore *store)
{
  g_autoptr (GPtrArray) activations = cohort_store_list_activations (store, NULL);

  for (guint i = 0; activations != NULL && i < activations->len; i++)
    {
      CohortActivation *activation = g_ptr_array_index (activations, i);

      if (activation->pending > 0 || g_str_equal (activation->state, "paused"))
        return g_str_equal (activation->state, "paused");
    }
  return TRUE;
}

typedef struct
{
  gboolean done;
  guint    timeout;
} Pause;

typedef struct
{
  Pause       *pause;
  guint        debounce;
  CohortStore *store;
  gint64       pending; /* changes in the outbox when the last pass ended */
} Watcher;

static gboolean
pause_over (gpointer user_data)
{
  Pause *pause = user_data;

  pause->done = TRUE;
  pause->timeout = 0;
  return G_SOURCE_REMOVE;
}

static void
pause_cancelled (GCancellable *cancellable,
                 gpointer      user_data)
{
  ((Pause *) user_data)->done = TRUE;
}

/* An import in another process (the window, a script) queued changes:
 * a pass now rather than at the end of the pause. */
static gboolean
check_outbox (gpointer user_data)
{
  Watcher *watcher = user_data;
  gint64 pending = cohort_store_count_pending (watcher->store, NULL);

  if (pending > watcher->pending && watcher->pause != NULL)
    watcher->pause->done = TRUE;
  return G_SOURCE_CONTINUE;
}

/* Sleeps @ms on the main context, or less when @cancellable fires, a
 * watched file changes or new changes are queued. */
static void
pause_for (guint         ms,
           GCancellable *cancellable,
           Watcher      *watcher)
{
  Pause pause = { FALSE, 0 };
  gulong handler;
  guint outbox;

  watcher->pause = &pause;
  watcher->pending = cohort_store_count_pending (watcher->store, NULL);
  pause.timeout = g_timeout_add (ms, pause_over, &pause);
  outbox = g_timeout_add (2000, check_outbox, watcher);
  handler = g_cancellable_connect (cancellable, G_CALLBACK (pause_cancelled), &pause, NULL);
  while (!pause.done)
    g_main_context_iteration (NULL, TRUE);
  g_cancellable_disconnect (cancellable, handler);
  watcher->pause = NULL;
  g_source_remove (outbox);
  if (pause.timeout != 0)
    g_source_remove (pause.timeout);
}

/* `import FILE --audience A OPTIONS…`, in this process. */
static gboolean
run_import (const CohortCliGlobals *globals,
            const char             *audience,
            const char             *path,
            const char * const     *options)
{
  g_autoptr (GPtrArray) args = g_ptr_array_new ();

  g_ptr_array_add (args, (char *) "import");
  g_ptr_array_add (args, (char *) path);
  g_ptr_array_add (args, (char *) "--audience");
  g_ptr_array_add (args, (char *) audience);
  for (guint i = 0; options != NULL && options[i] != NULL; i++)
    g_ptr_array_add (args, (char *) options[i]);
  g_ptr_array_add (args, NULL);
  g_print (_("Importing “%s” into “%s”…"), path, audience);
  g_print ("\n");
  return cohort_cli_import (globals, args->len - 1, (char **) args->pdata) == COHORT_CLI_EXIT_OK;
}

/* Re-imports the watched files that changed: size and time first, the
 * content's hash when they differ, so that a touch is not a version. */
static void
check_watches (const CohortCliGlobals *globals,
               CohortStore            *store,
               GPtrArray              *watches)
{
  for (guint i = 0; i < watches->len; i++)
    {
      CohortWatch *watch = g_ptr_array_index (watches, i);
      g_autoptr (GError) error = NULL;
      guint8 hash[COHORT_HASH_LENGTH];
      gint64 size, mtime;

      if (cohort_file_stat (watch->path, &size, &mtime, NULL, &error) && size == watch->size &&
          mtime == watch->mtime)
        continue;
      /* Taken before reading: a change during the import is seen next time. */
      if (error != NULL || !cohort_file_fingerprint (watch->path, &size, &mtime, hash, NULL, &error))
        {
          g_printerr (_("cohort-cli sync: the file of “%s” cannot be read (%s); its audience stays as it is."),
                      watch->audience, error->message);
          g_printerr ("\n");
          continue;
        }
      if ((watch->size < 0 || memcmp (hash, watch->hash, COHORT_HASH_LENGTH) != 0) &&
          !run_import (globals, watch->audience, watch->path, (const char * const *) watch->options))
        continue;
      if (!cohort_store_set_watch_imported (store, watch->audience, size, mtime, hash, &error))
        g_printerr ("cohort-cli sync: %s\n", error->message);
    }
}

/* A watched file changed: a pass once it has been quiet for two seconds,
 * as an export is often written in several goes. */

static gboolean
debounced (gpointer user_data)
{
  Watcher *watcher = user_data;

  watcher->debounce = 0;
  if (watcher->pause != NULL)
    watcher->pause->done = TRUE;
  return G_SOURCE_REMOVE;
}

static void
file_changed (GFileMonitor      *monitor,
              GFile             *file,
              GFile             *other,
              GFileMonitorEvent  event,
              gpointer           user_data)
{
  Watcher *watcher = user_data;

  if (event != G_FILE_MONITOR_EVENT_CHANGES_DONE_HINT && event != G_FILE_MONITOR_EVENT_CREATED &&
      event != G_FILE_MONITOR_EVENT_MOVED_IN && event != G_FILE_MONITOR_EVENT_RENAMED &&
      event != G_FILE_MONITOR_EVENT_CHANGED)
    return;
  if (watcher->debounce != 0)
    g_source_remove (watcher->debounce);
  watcher->debounce = g_timeout_add (2000, debounced, watcher);
}

static GPtrArray *
monitor_watches (GPtrArray *watches,
                 Watcher   *watcher)
{
  GPtrArray *monitors = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < watches->len; i++)
    {
      CohortWatch *watch = g_ptr_array_index (watches, i);
      g_autoptr (GFile) file = g_file_new_for_path (watch->path);
      GFileMonitor *monitor = g_file_monitor_file (file, G_FILE_MONITOR_WATCH_MOVES, NULL, NULL);

      if (monitor == NULL)
        continue;
      g_signal_connect (monitor, "changed", G_CALLBACK (file_changed), watcher);
      g_ptr_array_add (monitors, monitor);
    }
  return monitors;
}

int
cohort_cli_sync (const CohortCliGlobals *globals,
                 int                     argc,
                 char                  **argv)
{
  g_autoptr (CohortStore) store = NULL;
  g_autoptr (CohortTiktokClient) client = NULL;
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GError) error = NULL;
  gboolean once = FALSE, wait = FALSE;
  CohortSyncOptions options;
  guint not_synced = 0;
  Watcher watcher = { NULL, 0, NULL, 0 };
  guint failed_passes = 0;
  int exit_code = COHORT_CLI_EXIT_OK;
  int lock;
  guint sigint, sigterm;
  const GOptionEntry entries[] = {
    { "once", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, &once,
      N_("Send what is pending and exit; fail if a run failed or paused"), NULL },
    { "wait", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, &wait,
      N_("With --once: try again until nothing is pending or an activation is paused"), NULL },
    { NULL },
  };

  if (!cohort_cli_parse_options ("sync", entries, &argc, &argv, &exit_code))
    return exit_code;
  if (argc > 1)
    return cohort_cli_usage_error ("sync", _("Unexpected argument “%s”."), argv[1]);

  store = cohort_store_open (globals->data_dir, &error);
  if (store == NULL || (client = open_client (globals, &options, &error)) == NULL)
    return cohort_cli_fail ("sync", error);
  lock = cohort_sync_lock (store, &error);
  if (lock < 0)
    return cohort_cli_fail ("sync", error);

  sigint = g_unix_signal_add (SIGINT, cancel_on_signal, cancellable);
  sigterm = g_unix_signal_add (SIGTERM, cancel_on_signal, cancellable);
  watcher.store = store;
  for (;;)
    {
      g_autoptr (GAsyncResult) result = NULL;
      g_autoptr (GPtrArray) watches = cohort_store_list_watches (store, &error);
      g_autoptr (GPtrArray) monitors = NULL;

      if (watches == NULL)
        break;
      check_watches (globals, store, watches);
      if (!once)
        monitors = monitor_watches (watches, &watcher);
      cohort_sync_once_async (store, client, &options, cancellable, cohort_cli_store_result, &result);
      if (!cohort_sync_once_finish (cohort_cli_wait (&result), &not_synced, &error))
        break;
      if (once && (!wait || nothing_pending (store)))
        break;
      /* Between passes: a minute when all is in sync, as new versions are
       * rare and wake it; after failures, sooner at first, then less and
       * less often while they go on. */
      failed_passes = not_synced > 0 ? failed_passes + 1 : 0;
      pause_for (not_synced > 0 ? MIN (250u << MIN (failed_passes - 1, 8u), 60000u) : 60000u, cancellable,
                 &watcher);
      if (g_cancellable_is_cancelled (cancellable))
        break;
    }
  g_source_remove (sigint);
  g_source_remove (sigterm);
  if (watcher.debounce != 0)
    g_source_remove (watcher.debounce);
  close (lock);

  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return cohort_cli_fail ("sync", error);
  if (not_synced > 0)
    {
      g_printerr (g_dngettext (GETTEXT_PACKAGE, "cohort-cli sync: %u activation is not in sync: see “cohort-cli status”.",
                               "cohort-cli sync: %u activations are not in sync: see “cohort-cli status”.", not_synced),
                  not_synced);
      g_printerr ("\n");
      return COHORT_CLI_EXIT_FAILED;
    }
  return COHORT_CLI_EXIT_OK;
}

static const char *
state_label (const char *state)
{
  if (g_str_equal (state, "pending"))
    return _("pending");
  if (g_str_equal (state, "sending"))
    return _("sending");
  if (g_str_equal (state, "synced"))
    return _("synced");
  if (g_str_equal (state, "paused"))
    return _("paused");
  return _("failed");
}

int
cohort_cli_status (const CohortCliGlobals *globals,
                   int                     argc,
                   char                  **argv)
{
  g_autoptr (CohortStore) store = NULL;
  g_autoptr (GPtrArray) activations = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  gboolean json = FALSE;
  int exit_code = COHORT_CLI_EXIT_OK;
  const GOptionEntry entries[] = {
    { "json", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL },
  };

  if (!cohort_cli_parse_options ("status", entries, &argc, &argv, &exit_code))
    return exit_code;
  if (argc > 1)
    return cohort_cli_usage_error ("status", _("Unexpected argument “%s”."), argv[1]);
  store = cohort_store_open (globals->data_dir, &error);
  if (store == NULL || (activations = cohort_store_list_activations (store, &error)) == NULL)
    return cohort_cli_fail ("status", error);
  if (!json && activations->len == 0)
    g_print ("%s\n", _("Nothing is activated: send an audience with “cohort-cli activate”."));

  json_builder_begin_array (builder);
  for (guint i = 0; i < activations->len; i++)
    {
      CohortActivation *activation = g_ptr_array_index (activations, i);
      g_autofree char *last = cohort_cli_format_time (activation->last_run_end);

      if (!json)
        {
          g_print ("%s → %s: %s", activation->audience, activation->destination, state_label (activation->state));
          if (*activation->reason != '\0')
            g_print (" (%s)", activation->reason);
          g_print ("\n  ");
          g_print (g_dngettext (GETTEXT_PACKAGE, "%lld change pending", "%lld changes pending",
                                activation->pending),
                   (long long) activation->pending);
          if (activation->tiktok_size >= 0)
            {
              g_print (", ");
              g_print (_("%lld matched on TikTok"), (long long) activation->tiktok_size);
            }
          g_print ("\n");
          if (activation->not_mapped > 0)
            {
              g_print ("  ");
              g_print (g_dngettext (GETTEXT_PACKAGE,
                                    "%lld identifier of the audience is not sent: the activation maps no "
                                    "TikTok column for its kind",
                                    "%lld identifiers of the audience are not sent: the activation maps no "
                                    "TikTok column for their kind",
                                    activation->not_mapped),
                       (long long) activation->not_mapped);
              g_print ("\n");
            }
          if (activation->rate_limited_since > 0)
            {
              g_autofree char *since = cohort_cli_format_time (activation->rate_limited_since);

              g_print ("  ");
              g_print (_("TikTok has been refusing its requests as too many since %s."), since);
              g_print ("\n");
            }
          if (activation->tiktok_size >= 0 && !activation->tiktok_valid)
            g_print ("  %s\n", _("TikTok serves an audience once it has 1,000 matched people; matching takes "
                                 "24 to 48 hours."));
        }
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "audience");
      json_builder_add_string_value (builder, activation->audience);
      json_builder_set_member_name (builder, "destination");
      json_builder_add_string_value (builder, activation->destination);
      json_builder_set_member_name (builder, "state");
      json_builder_add_string_value (builder, activation->state);
      json_builder_set_member_name (builder, "reason");
      json_builder_add_string_value (builder, activation->reason);
      json_builder_set_member_name (builder, "hold");
      json_builder_add_string_value (builder, activation->hold);
      json_builder_set_member_name (builder, "paused_for");
      json_builder_add_string_value (builder, cohort_pause_cause_to_nick (activation->paused_for));
      json_builder_set_member_name (builder, "remote_id");
      json_builder_add_string_value (builder, activation->remote_id);
      json_builder_set_member_name (builder, "remote_name");
      json_builder_add_string_value (builder, activation->remote_name);
      json_builder_set_member_name (builder, "pending");
      json_builder_add_int_value (builder, activation->pending);
      json_builder_set_member_name (builder, "not_mapped");
      json_builder_add_int_value (builder, activation->not_mapped);
      json_builder_set_member_name (builder, "rate_limited_since");
      if (activation->rate_limited_since > 0)
        {
          g_autofree char *since = cohort_cli_format_time (activation->rate_limited_since);

          json_builder_add_string_value (builder, since);
        }
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "last_run");
      json_builder_add_string_value (builder, last);
      json_builder_set_member_name (builder, "last_outcome");
      json_builder_add_string_value (builder, activation->last_outcome);
      json_builder_set_member_name (builder, "tiktok_size");
      if (activation->tiktok_size >= 0)
        json_builder_add_int_value (builder, activation->tiktok_size);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "tiktok_valid");
      if (activation->tiktok_valid >= 0)
        json_builder_add_boolean_value (builder, activation->tiktok_valid);
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  if (json)
    {
      g_autoptr (JsonNode) root = json_builder_get_root (builder);

      cohort_cli_print_json (root);
    }
  return COHORT_CLI_EXIT_OK;
}

static const char *
outcome_label (const char *outcome)
{
  if (g_str_equal (outcome, "succeeded"))
    return _("succeeded");
  if (g_str_equal (outcome, "partial"))
    return _("partially succeeded");
  if (g_str_equal (outcome, "paused"))
    return _("paused");
  if (g_str_equal (outcome, "running"))
    return _("running");
  if (g_str_equal (outcome, "interrupted"))
    return _("interrupted");
  return _("failed");
}

int
cohort_cli_runs (const CohortCliGlobals *globals,
                 int                     argc,
                 char                  **argv)
{
  g_autoptr (CohortStore) store = NULL;
  g_autoptr (GPtrArray) runs = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  gboolean json = FALSE;
  int exit_code = COHORT_CLI_EXIT_OK;
  const GOptionEntry entries[] = {
    { "json", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL },
  };

  if (!cohort_cli_parse_options ("runs", entries, &argc, &argv, &exit_code))
    return exit_code;
  if (argc > 1)
    return cohort_cli_usage_error ("runs", _("Unexpected argument “%s”."), argv[1]);
  store = cohort_store_open (globals->data_dir, &error);
  if (store == NULL || (runs = cohort_store_list_runs (store, 0, 0, &error)) == NULL)
    return cohort_cli_fail ("runs", error);

  json_builder_begin_array (builder);
  for (guint i = 0; i < runs->len; i++)
    {
      CohortSyncRun *run = g_ptr_array_index (runs, i);
      g_autofree char *started = cohort_cli_format_time (run->started_at);
      g_autofree char *ended = cohort_cli_format_time (run->ended_at);

      if (!json)
        {
          g_print ("%s  %s → %s  %s  ", started, run->audience, run->destination, outcome_label (run->outcome));
          g_print (g_dngettext (GETTEXT_PACKAGE, "%lld received", "%lld received", run->received),
                   (long long) run->received);
          g_print (" +%lld −%lld ✗%lld", (long long) run->added, (long long) run->removed, (long long) run->failed);
          if (run->suppressed > 0)
            {
              g_print ("  ");
              g_print (g_dngettext (GETTEXT_PACKAGE, "%lld suppressed", "%lld suppressed", run->suppressed),
                       (long long) run->suppressed);
            }
          if (run->unmapped > 0)
            {
              g_print ("  ");
              g_print (g_dngettext (GETTEXT_PACKAGE, "%lld not mapped", "%lld not mapped", run->unmapped),
                       (long long) run->unmapped);
            }
          if (run->errors > 0)
            {
              g_print ("  ");
              g_print (g_dngettext (GETTEXT_PACKAGE, "%lld failed attempt", "%lld failed attempts", run->errors),
                       (long long) run->errors);
            }
          g_print ("%s%s\n", *run->message != '\0' ? "  " : "", run->message);
        }
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "audience");
      json_builder_add_string_value (builder, run->audience);
      json_builder_set_member_name (builder, "destination");
      json_builder_add_string_value (builder, run->destination);
      json_builder_set_member_name (builder, "started");
      json_builder_add_string_value (builder, started);
      json_builder_set_member_name (builder, "ended");
      json_builder_add_string_value (builder, ended);
      json_builder_set_member_name (builder, "outcome");
      json_builder_add_string_value (builder, run->outcome);
      json_builder_set_member_name (builder, "received");
      json_builder_add_int_value (builder, run->received);
      json_builder_set_member_name (builder, "added");
      json_builder_add_int_value (builder, run->added);
      json_builder_set_member_name (builder, "removed");
      json_builder_add_int_value (builder, run->removed);
      json_builder_set_member_name (builder, "failed");
      json_builder_add_int_value (builder, run->failed);
      json_builder_set_member_name (builder, "excluded");
      json_builder_add_int_value (builder, run->excluded);
      json_builder_set_member_name (builder, "suppressed");
      json_builder_add_int_value (builder, run->suppressed);
      json_builder_set_member_name (builder, "not_mapped");
      json_builder_add_int_value (builder, run->unmapped);
      json_builder_set_member_name (builder, "errors");
      json_builder_add_int_value (builder, run->errors);
      json_builder_set_member_name (builder, "message");
      json_builder_add_string_value (builder, run->message);
      json_builder_set_member_name (builder, "request_ids");
      json_builder_add_string_value (builder, run->request_ids);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  if (json)
    {
      g_autoptr (JsonNode) root = json_builder_get_root (builder);

      cohort_cli_print_json (root);
    }
  return COHORT_CLI_EXIT_OK;
}


int
cohort_cli_watch (const CohortCliGlobals *globals,
                  int                     argc,
                  char                  **argv)
{
  CohortCliImportOptions options = { NULL };
  g_autofree GOptionEntry *entries = cohort_cli_import_option_entries (&options, NULL);
  g_autoptr (CohortStore) store = NULL;
  g_autoptr (CohortImport) check = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GStrvBuilder) raw = g_strv_builder_new ();
  g_auto (GStrv) import_options = NULL;
  g_autofree char *path = NULL;
  guint8 hash[COHORT_HASH_LENGTH];
  gint64 size, mtime;
  int exit_code = COHORT_CLI_EXIT_OK;

  /* The options are kept as written, for each re-import to parse. */
  for (int i = 1; i < argc; i++)
    g_strv_builder_add (raw, argv[i]);
  import_options = g_strv_builder_end (raw);
  if (!cohort_cli_parse_options ("watch", entries, &argc, &argv, &exit_code))
    {
      cohort_cli_import_options_clear (&options);
      return exit_code;
    }
  if (argc != 3)
    {
      cohort_cli_import_options_clear (&options);
      return cohort_cli_usage_error ("watch", _("Give an audience and its file."));
    }
  /* Checks the options and the file the way the import will. */
  check = cohort_cli_import_new (&options, "watch", argv[2], &exit_code);
  cohort_cli_import_options_clear (&options);
  if (check == NULL)
    return exit_code;

  {
    g_autoptr (GStrvBuilder) kept = g_strv_builder_new ();
    gboolean audience_seen = FALSE, file_seen = FALSE;

    for (guint i = 0; import_options[i] != NULL; i++)
      {
        if (!audience_seen && g_str_equal (import_options[i], argv[1]))
          audience_seen = TRUE;
        else if (!file_seen && g_str_equal (import_options[i], argv[2]))
          file_seen = TRUE;
        else
          g_strv_builder_add (kept, import_options[i]);
      }
    g_strfreev (import_options);
    import_options = g_strv_builder_end (kept);
  }

  path = g_canonicalize_filename (argv[2], NULL);
  store = cohort_store_open (globals->data_dir, &error);
  if (store == NULL)
    return cohort_cli_fail ("watch", error);
  /* The first version now, so that the audience exists and the user sees
   * the report; the fingerprint is taken before it is read. */
  if (!cohort_file_fingerprint (path, &size, &mtime, hash, NULL, &error))
    return cohort_cli_fail ("watch", error);
  if (!run_import (globals, argv[1], path, (const char * const *) import_options))
    return COHORT_CLI_EXIT_FAILED;
  if (!cohort_store_watch (store, argv[1], path, (const char * const *) import_options, &error) ||
      !cohort_store_set_watch_imported (store, argv[1], size, mtime, hash, &error))
    return cohort_cli_fail ("watch", error);
  g_print (_("“%s” now follows “%s”: “cohort-cli sync” imports the file again whenever it changes."), argv[1],
           path);
  g_print ("\n");
  return COHORT_CLI_EXIT_OK;
}

int
cohort_cli_unwatch (const CohortCliGlobals *globals,
                    int                     argc,
                    char                  **argv)
{
  g_autoptr (CohortStore) store = NULL;
  g_autoptr (GError) error = NULL;
  int exit_code = COHORT_CLI_EXIT_OK;

  if (!cohort_cli_parse_options ("unwatch", NULL, &argc, &argv, &exit_code))
    return exit_code;
  if (argc != 2)
    return cohort_cli_usage_error ("unwatch", _("Give one audience."));
  store = cohort_store_open (globals->data_dir, &error);
  if (store == NULL || !cohort_store_unwatch (store, argv[1], &error))
    return cohort_cli_fail ("unwatch", error);
  g_print (_("“%s” no longer follows its file."), argv[1]);
  g_print ("\n");
  return COHORT_CLI_EXIT_OK;
}
