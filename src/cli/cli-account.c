/* cli-account.c: `cohort-cli credentials`, `connect`, `accounts` and `disconnect` */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <glib/gi18n.h>
#include <glib-unix.h>

#include "cli/cli.h"
#include "core/oauth-flow.h"
#include "core/settings.h"
#include "core/store-accounts.h"
#include "core/tiktok-account.h"

/* The secret comes from standard input, never from the arguments, which
 * other users can read in /proc. On a terminal it is not echoed. */
static char *
read_secret (void)
{
  struct termios saved, quiet;
  gboolean terminal = isatty (STDIN_FILENO) && tcgetattr (STDIN_FILENO, &saved) == 0;
  char line[1024];
  char *secret = NULL;

  if (terminal)
    {
      g_printerr ("%s", _("App secret: "));
      quiet = saved;
      quiet.c_lflag &= ~(tcflag_t) ECHO;
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet);
    }
  if (fgets (line, sizeof line, stdin) != NULL)
    secret = g_strdup (g_strstrip (line));
  memset (line, 0, sizeof line);
  if (terminal)
    {
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved);
      g_printerr ("\n");
    }
  return secret;
}

int
cohort_cli_credentials (const CohortCliGlobals *globals,
                        int                     argc,
                        char                  **argv)
{
  g_autoptr (CohortStore) store = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *app_id = NULL;
  char *secret;
  gboolean ok;
  int exit_code = COHORT_CLI_EXIT_OK;
  const GOptionEntry entries[] = {
    { "app-id", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, &app_id,
      N_("Your TikTok developer app’s ID"), N_("ID") },
    { NULL },
  };

  if (!cohort_cli_parse_options ("credentials", entries, &argc, &argv, &exit_code))
    return exit_code;
  if (argc != 2 || !g_str_equal (argv[1], "set"))
    return cohort_cli_usage_error ("credentials", _("Expected “set”."));
  if (app_id == NULL)
    return cohort_cli_usage_error ("credentials", _("Give the app’s ID with --app-id."));

  store = cohort_store_open (globals->data_dir, &error);
  if (store == NULL)
    return cohort_cli_fail ("credentials", error);
  secret = read_secret ();
  ok = cohort_tiktok_account_set_credentials (store, app_id, secret, &error);
  if (secret != NULL)
    memset (secret, 0, strlen (secret));
  g_free (secret);
  if (!ok)
    return cohort_cli_fail ("credentials", error);
  g_print (_("The secret of app %s is in the keyring. Next: cohort-cli connect"), app_id);
  g_print ("\n");
  return COHORT_CLI_EXIT_OK;
}

static CohortTiktokClient *
open_client (const CohortCliGlobals *globals,
             GSettings             **out_settings,
             GError                **error)
{
  g_autoptr (GSettings) settings = cohort_settings_new (error);
  CohortTiktokClient *client;

  if (settings == NULL)
    return NULL;
  client = cohort_tiktok_client_new_from_settings (settings, globals->api_base, error);
  if (client != NULL && out_settings != NULL)
    *out_settings = g_steal_pointer (&settings);
  return client;
}

static void
print_advertisers (GPtrArray *advertisers,
                   gboolean   json)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_array (builder);
  for (guint i = 0; i < advertisers->len; i++)
    {
      CohortTiktokAdvertiser *advertiser = g_ptr_array_index (advertisers, i);

      if (!json)
        g_print ("  %-20s %-30s %s\n", advertiser->id, advertiser->name,
                 advertiser->granted ? advertiser->status : _("no longer granted"));
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "advertiser_id");
      json_builder_add_string_value (builder, advertiser->id);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, advertiser->name);
      json_builder_set_member_name (builder, "status");
      json_builder_add_string_value (builder, advertiser->status);
      json_builder_set_member_name (builder, "granted");
      json_builder_add_boolean_value (builder, advertiser->granted);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  if (json)
    {
      g_autoptr (JsonNode) root = json_builder_get_root (builder);

      cohort_cli_print_json (root);
    }
}

static gboolean
cancel_on_signal (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_CONTINUE;
}

static void
browser_opened_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr (GError) error = NULL;

  if (!g_app_info_launch_default_for_uri_finish (result, &error))
    g_printerr (_("Cannot open a browser (%s): open the address above yourself."), error->message);
  g_printerr ("\n");
}

int
cohort_cli_connect (const CohortCliGlobals *globals,
                    int                     argc,
                    char                  **argv)
{
  g_autoptr (CohortStore) store = NULL;
  g_autoptr (GSettings) settings = NULL;
  g_autoptr (CohortTiktokClient) client = NULL;
  g_autoptr (CohortOAuthFlow) flow = NULL;
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GAsyncResult) waited = NULL;
  g_autoptr (GAsyncResult) connected = NULL;
  g_autoptr (GPtrArray) advertisers = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *app_id = NULL;
  g_autofree char *code = NULL;
  gboolean no_browser = FALSE;
  int port = 0;
  int exit_code = COHORT_CLI_EXIT_OK;
  guint sigint, sigterm;
  const GOptionEntry entries[] = {
    { "port", 'p', G_OPTION_FLAG_NONE, G_OPTION_ARG_INT, &port,
      N_("Wait for TikTok’s answer on this port of 127.0.0.1 (the redirect address of your app)"),
      N_("PORT") },
    { "no-browser", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, &no_browser,
      N_("Only print the address to open, do not open a browser"), NULL },
    { NULL },
  };

  if (!cohort_cli_parse_options ("connect", entries, &argc, &argv, &exit_code))
    return exit_code;
  if (argc > 1)
    return cohort_cli_usage_error ("connect", _("Unexpected argument “%s”."), argv[1]);
  if (port < 0 || port > 65535)
    return cohort_cli_usage_error ("connect", _("A port is a number from 1 to 65535."));

  store = cohort_store_open (globals->data_dir, &error);
  if (store == NULL || (client = open_client (globals, &settings, &error)) == NULL)
    return cohort_cli_fail ("connect", error);
  app_id = cohort_store_dup_app_id (store, NULL, &error);
  if (error != NULL)
    return cohort_cli_fail ("connect", error);
  if (app_id == NULL)
    {
      g_printerr ("cohort-cli connect: %s\n",
                  _("No TikTok app is set: run “cohort-cli credentials set --app-id ID” first."));
      return COHORT_CLI_EXIT_FAILED;
    }

  flow = cohort_oauth_flow_new (cohort_tiktok_client_get_base_url (client), app_id,
                                port != 0 ? (guint) port : (guint) g_settings_get_int (settings, "redirect-port"));
  if (!cohort_oauth_flow_start (flow, &error))
    return cohort_cli_fail ("connect", error);

  /* The address alone on standard output, so a script can follow it. */
  g_printerr ("%s\n", _("Open this address in a browser and let Cohort manage your ad accounts:"));
  g_print ("%s\n", cohort_oauth_flow_get_authorize_url (flow));
  fflush (stdout);
  g_printerr (_("Waiting for TikTok’s answer at %s (5 minutes at most; Ctrl+C to stop)…"),
              cohort_oauth_flow_get_redirect_uri (flow));
  g_printerr ("\n");
  if (!no_browser)
    g_app_info_launch_default_for_uri_async (cohort_oauth_flow_get_authorize_url (flow), NULL, NULL,
                                             browser_opened_cb, NULL);

  sigint = g_unix_signal_add (SIGINT, cancel_on_signal, cancellable);
  sigterm = g_unix_signal_add (SIGTERM, cancel_on_signal, cancellable);
  cohort_oauth_flow_wait_async (flow, 300, cancellable, cohort_cli_store_result, &waited);
  code = cohort_oauth_flow_wait_finish (flow, cohort_cli_wait (&waited), &error);
  if (code != NULL)
    {
      cohort_tiktok_account_connect_async (store, client, code, cancellable, cohort_cli_store_result,
                                           &connected);
      advertisers = cohort_tiktok_account_connect_finish (cohort_cli_wait (&connected), &error);
    }
  g_source_remove (sigint);
  g_source_remove (sigterm);
  if (advertisers == NULL)
    return cohort_cli_fail ("connect", error);

  g_print ("%s\n", _("Connected. Cohort may manage these TikTok ad accounts:"));
  print_advertisers (advertisers, FALSE);
  return COHORT_CLI_EXIT_OK;
}

int
cohort_cli_accounts (const CohortCliGlobals *globals,
                     int                     argc,
                     char                  **argv)
{
  g_autoptr (CohortStore) store = NULL;
  g_autoptr (CohortTiktokClient) client = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GPtrArray) advertisers = NULL;
  g_autoptr (GPtrArray) stored = NULL;
  g_autoptr (GError) error = NULL;
  gboolean json = FALSE;
  int exit_code = COHORT_CLI_EXIT_OK;
  const GOptionEntry entries[] = {
    { "json", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL },
  };

  if (!cohort_cli_parse_options ("accounts", entries, &argc, &argv, &exit_code))
    return exit_code;
  if (argc > 1)
    return cohort_cli_usage_error ("accounts", _("Unexpected argument “%s”."), argv[1]);

  store = cohort_store_open (globals->data_dir, &error);
  if (store == NULL || (client = open_client (globals, NULL, &error)) == NULL)
    return cohort_cli_fail ("accounts", error);
  /* TikTok's answer now, not what was true at the last connection. */
  cohort_tiktok_account_refresh_async (store, client, NULL, cohort_cli_store_result, &result);
  advertisers = cohort_tiktok_account_refresh_finish (cohort_cli_wait (&result), &error);
  if (advertisers == NULL || (stored = cohort_store_list_advertisers (store, &error)) == NULL)
    return cohort_cli_fail ("accounts", error);
  print_advertisers (stored, json);
  return COHORT_CLI_EXIT_OK;
}

int
cohort_cli_disconnect (const CohortCliGlobals *globals,
                       int                     argc,
                       char                  **argv)
{
  g_autoptr (CohortStore) store = NULL;
  g_autoptr (CohortTiktokClient) client = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *warning = NULL;
  int exit_code = COHORT_CLI_EXIT_OK;

  if (!cohort_cli_parse_options ("disconnect", NULL, &argc, &argv, &exit_code))
    return exit_code;
  if (argc > 1)
    return cohort_cli_usage_error ("disconnect", _("Unexpected argument “%s”."), argv[1]);

  store = cohort_store_open (globals->data_dir, &error);
  if (store == NULL || (client = open_client (globals, NULL, &error)) == NULL)
    return cohort_cli_fail ("disconnect", error);
  cohort_tiktok_account_disconnect_async (store, client, NULL, cohort_cli_store_result, &result);
  if (!cohort_tiktok_account_disconnect_finish (cohort_cli_wait (&result), &warning, &error))
    return cohort_cli_fail ("disconnect", error);
  if (warning != NULL)
    {
      g_printerr ("cohort-cli disconnect: %s\n", warning);
      g_print ("%s\n", _("Disconnected: the token is deleted from the keyring."));
    }
  else
    g_print ("%s\n", _("Disconnected: the token is revoked and deleted from the keyring."));
  return COHORT_CLI_EXIT_OK;
}
