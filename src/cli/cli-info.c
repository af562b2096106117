/* cli-info.c: `cohort-cli info`, where Cohort keeps its data and the state of the database */
#include "config.h"

#include <glib/gi18n.h>

#include "cli/cli.h"
#include "core/settings.h"
#include "core/store.h"

int
cohort_cli_info (const CohortCliGlobals *globals,
                 int                     argc,
                 char                  **argv)
{
  g_autoptr (CohortStore) store = NULL;
  g_autoptr (GSettings) settings = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *journal_mode = NULL;
  g_autofree char *api_base = NULL;
  gboolean json = FALSE;
  int exit_code = COHORT_CLI_EXIT_OK;
  const GOptionEntry entries[] = {
    { "json", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL },
  };

  if (!cohort_cli_parse_options ("info", entries, &argc, &argv, &exit_code))
    return exit_code;
  if (argc > 1)
    return cohort_cli_usage_error ("info", _("Unexpected argument “%s”."), argv[1]);

  store = cohort_store_open (globals->data_dir, &error);
  if (store == NULL)
    return cohort_cli_fail ("info", error);
  journal_mode = cohort_store_dup_journal_mode (store);

  settings = cohort_settings_new (&error);
  if (settings == NULL)
    return cohort_cli_fail ("info", error);
  api_base = cohort_settings_dup_api_base (settings);

  if (json)
    {
      g_autoptr (JsonBuilder) builder = json_builder_new ();
      g_autoptr (JsonNode) root = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "version");
      json_builder_add_string_value (builder, PACKAGE_VERSION);
      json_builder_set_member_name (builder, "data_dir");
      json_builder_add_string_value (builder, cohort_store_get_dir (store));
      json_builder_set_member_name (builder, "database");
      json_builder_add_string_value (builder, cohort_store_get_path (store));
      json_builder_set_member_name (builder, "schema_version");
      json_builder_add_int_value (builder, cohort_store_get_schema_version (store));
      json_builder_set_member_name (builder, "journal_mode");
      json_builder_add_string_value (builder, journal_mode);
      json_builder_set_member_name (builder, "api_base");
      json_builder_add_string_value (builder, api_base);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      cohort_cli_print_json (root);
    }
  else
    {
      g_print ("%-16s %s\n", _("Version:"), PACKAGE_VERSION);
      g_print ("%-16s %s\n", _("Data folder:"), cohort_store_get_dir (store));
      g_print ("%-16s %s\n", _("Database:"), cohort_store_get_path (store));
      g_print ("%-16s %d\n", _("Schema version:"), cohort_store_get_schema_version (store));
      g_print ("%-16s %s\n", _("Journal:"), journal_mode);
      g_print ("%-16s %s\n", _("TikTok API:"), api_base);
    }
  return COHORT_CLI_EXIT_OK;
}
