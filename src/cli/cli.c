/* cli.c: cohort-cli's command table, global options and shared output helpers */
#include "config.h"

#include <stdio.h>
#include <glib/gi18n.h>

#include "cli/cli.h"

static int run_help (const CohortCliGlobals *globals, int argc, char **argv);

static const CohortCliCommand commands[] = {
  { "import", N_("FILE --audience NAME [--label LABEL,…] [OPTION…]"),
    N_("Read a customer file and store it, hashed, as a new version of an audience"),
    cohort_cli_import },
  { "audiences", "", N_("List the audiences"), cohort_cli_audiences },
  { "label", N_("AUDIENCE [--add LABEL,… [--reason TEXT] | --remove LABEL,…]"),
    N_("Show or change how an audience’s data may be used"), cohort_cli_label },
  { "inspect", N_("FILE --row N [OPTION…]"),
    N_("Show what the import makes of one row, cell by cell"), cohort_cli_inspect },
  { "export", N_("AUDIENCE --dir DIR"),
    N_("Write an audience's hashes as TikTok customer files, one per identity"), cohort_cli_export },
  { "versions", N_("AUDIENCE [--json]"), N_("List an audience's versions, newest first"), cohort_cli_versions },
  { "delete", N_("AUDIENCE"), N_("Delete an audience that is sent nowhere, with its versions"),
    cohort_cli_delete },
  { "profiles", "", N_("Describe the normalisation profiles"), cohort_cli_profiles },
  { "credentials", N_("set --app-id ID"),
    N_("Keep your TikTok developer app’s ID, and its secret (read from standard input) in the keyring"),
    cohort_cli_credentials },
  { "connect", N_("[--port PORT] [--no-browser]"),
    N_("Let Cohort manage your TikTok ad accounts, through TikTok’s page in your browser"),
    cohort_cli_connect },
  { "accounts", "", N_("List the TikTok ad accounts Cohort may manage"), cohort_cli_accounts },
  { "destination", N_("add --name NAME --advertiser-id ID [OPTION…] | list | remove NAME"),
    N_("Add, list or remove the ad accounts audiences are sent to"), cohort_cli_destination },
  { "policy", N_("DESTINATION [--block LABEL,…] [--warn LABEL,…] [--reset]"),
    N_("Show or change what a destination does about each usage label"), cohort_cli_policy },
  { "activate", N_("AUDIENCE --destination NAME [--map MAP] [--remote-name NAME] [--accept-warning LABEL,…]"),
    N_("Send an audience to a destination and keep it in sync"), cohort_cli_activate },
  { "deactivate", N_("AUDIENCE --destination NAME [--delete-remote]"),
    N_("Stop sending an audience to a destination"), cohort_cli_deactivate },
  { "sync", N_("[--once [--wait]]"), N_("Send the pending changes to TikTok"), cohort_cli_sync },
  { "status", "", N_("Show each activation’s state, pending changes and TikTok’s count"), cohort_cli_status },
  { "runs", "", N_("List the sync runs, newest first: their figures count identifiers, not people"), cohort_cli_runs },
  { "watch", N_("AUDIENCE FILE [IMPORT OPTION…]"),
    N_("Import a file now, and again whenever it changes"), cohort_cli_watch },
  { "unwatch", N_("AUDIENCE"), N_("Stop following an audience’s file"), cohort_cli_unwatch },
  { "alerts", N_("[--all] | ack ID"), N_("List the open alerts, or acknowledge one"), cohort_cli_alerts },
  { "suppress", N_("add --email ADDRESS | --phone NUMBER | --gaid ID | --idfa ID | import FILE [OPTION…] | count"),
    N_("Add people who must never be sent, one or a file of them, or count them"), cohort_cli_suppress },
  { "audit", N_("[--since DATE] [--json | --csv]"),
    N_("Show what was imported, sent and changed, and when"), cohort_cli_audit },
  { "disconnect", "", N_("Revoke Cohort’s access to TikTok and delete the token"),
    cohort_cli_disconnect },
  { "info", "", N_("Show where Cohort keeps its data and the state of the database"),
    cohort_cli_info },
  { "config", N_("list | get KEY | set KEY VALUE | reset KEY"),
    N_("Read or change a setting"), cohort_cli_config },
  { "help", N_("[COMMAND]"), N_("Show the help of a command"), run_help },
};

static const CohortCliCommand *
find_command (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (commands[i].name, name))
      return &commands[i];
  return NULL;
}

static char *
commands_description (void)
{
  GString *text = g_string_new (_("Commands:"));

  g_string_append_c (text, '\n');
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_string_append_printf (text, "  %-12s %s\n", commands[i].name, _(commands[i].summary));
  g_string_append_c (text, '\n');
  g_string_append (text, _("Run “cohort-cli COMMAND --help” for the options of a command."));
  return g_string_free (text, FALSE);
}

int
cohort_cli_usage_error (const char *command,
                        const char *format,
                        ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  if (command != NULL)
    {
      g_printerr ("cohort-cli %s: %s\n", command, message);
      g_printerr (_("Run “cohort-cli %s --help” for usage."), command);
    }
  else
    {
      g_printerr ("cohort-cli: %s\n", message);
      g_printerr ("%s", _("Run “cohort-cli --help” for usage."));
    }
  g_printerr ("\n");
  return COHORT_CLI_EXIT_USAGE;
}

int
cohort_cli_fail (const char   *command,
                 const GError *error)
{
  g_printerr ("cohort-cli %s: %s\n", command, error->message);
  return COHORT_CLI_EXIT_FAILED;
}

/* Returns: (transfer full): @unix_time in ISO 8601, UTC; empty for 0 */
char *
cohort_cli_format_time (gint64 unix_time)
{
  g_autoptr (GDateTime) time = unix_time > 0 ? g_date_time_new_from_unix_utc (unix_time) : NULL;

  return time != NULL ? g_date_time_format_iso8601 (time) : g_strdup ("");
}

void
cohort_cli_print_json (JsonNode *node)
{
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}

/* A GAsyncReadyCallback that keeps the result in the GAsyncResult * at
 * @user_data, for cohort_cli_wait(). */
void
cohort_cli_store_result (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* A command line does one thing at a time: runs the main context until
 * the call whose result goes to @slot is done. */
GAsyncResult *
cohort_cli_wait (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

/**
 * cohort_cli_parse_options:
 *
 * Parses the options of the command called @name; on --help or a bad
 * option, sets @exit_code
 * (0 or 2) and returns %FALSE.
 */
gboolean
cohort_cli_parse_options (const char             *name,
                          const GOptionEntry     *entries,
                          int                    *argc,
                          char                 ***argv,
                          int                    *exit_code)
{
  const CohortCliCommand *command = find_command (name);
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *parameters = NULL;
  gboolean help = FALSE;
  const GOptionEntry help_entries[] = {
    { "help", 'h', G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, &help, N_("Show this help"), NULL },
    { NULL },
  };

  g_assert (command != NULL);
  parameters = g_strdup_printf ("%s %s", command->name, _(command->parameters));
  context = g_option_context_new (parameters);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, _(command->summary));
  g_option_context_set_help_enabled (context, FALSE);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, help_entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      *exit_code = cohort_cli_usage_error (command->name, "%s", error->message);
      return FALSE;
    }
  if (help)
    {
      g_autofree char *text = g_option_context_get_help (context, TRUE, NULL);

      g_print ("%s", text);
      *exit_code = COHORT_CLI_EXIT_OK;
      return FALSE;
    }
  return TRUE;
}

static int
run_help (const CohortCliGlobals *globals,
          int                     argc,
          char                  **argv)
{
  const CohortCliCommand *command;
  char *help_argv[] = { NULL, (char *) "--help", NULL };
  int exit_code = COHORT_CLI_EXIT_OK;

  if (!cohort_cli_parse_options ("help", NULL, &argc, &argv, &exit_code))
    return exit_code;
  if (argc < 2)
    {
      g_autofree char *text = commands_description ();

      g_print ("%s\n", text);
      return COHORT_CLI_EXIT_OK;
    }
  if (argc > 2)
    return cohort_cli_usage_error ("help", _("Too many arguments."));

  command = find_command (argv[1]);
  if (command == NULL)
    return cohort_cli_usage_error ("help", _("Unknown command “%s”."), argv[1]);

  /* The command prints its own help, so `help X` and `X --help` cannot differ. */
  help_argv[0] = argv[1];
  return command->run (globals, G_N_ELEMENTS (help_argv) - 1, help_argv);
}

int
cohort_cli_main (int    argc,
                 char **argv)
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *description = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *api_base = NULL;
  gboolean version = FALSE;
  const CohortCliCommand *command;
  CohortCliGlobals globals = { NULL };
  const GOptionEntry entries[] = {
    { "data-dir", 'd', G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME, &data_dir,
      N_("Keep the database in DIR instead of the default folder"), N_("DIR") },
    { "api-base", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, &api_base,
      N_("Talk to the TikTok API at URL (a simulator, say) instead of the configured server"),
      N_("URL") },
    { "version", 'v', G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, &version,
      N_("Show the version and exit"), NULL },
    { NULL },
  };

  context = g_option_context_new (_("COMMAND [OPTION…]"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, _("Turn customer lists into TikTok audiences."));
  description = commands_description ();
  g_option_context_set_description (context, description);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  /* Stop at the command's name: what follows is the command's own options. */
  g_option_context_set_strict_posix (context, TRUE);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return cohort_cli_usage_error (NULL, "%s", error->message);

  if (version)
    {
      g_print ("cohort-cli %s\n", PACKAGE_VERSION);
      return COHORT_CLI_EXIT_OK;
    }
  if (argc < 2)
    return cohort_cli_usage_error (NULL, _("No command given."));

  command = find_command (argv[1]);
  if (command == NULL)
    return cohort_cli_usage_error (NULL, _("Unknown command “%s”."), argv[1]);

  globals.data_dir = data_dir;
  globals.api_base = api_base;
  return command->run (&globals, argc - 1, argv + 1);
}
