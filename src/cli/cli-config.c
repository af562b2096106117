/* cli-config.c: `cohort-cli config`, read or change a setting */
#include "config.h"

#include <glib/gi18n.h>

#include "cli/cli.h"
#include "core/settings.h"

static int
list_settings (GSettings *settings,
               gboolean   json)
{
  g_auto (GStrv) keys = cohort_settings_list_keys (settings);
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autoptr (GVariant) value = g_settings_get_value (settings, keys[i]);
      g_autofree char *text = cohort_settings_dup_value_text (settings, keys[i], NULL);

      if (!json)
        g_print ("%s = %s\n", keys[i], text);
      json_builder_set_member_name (builder, keys[i]);
      json_builder_add_value (builder, json_gvariant_serialize (value));
    }
  json_builder_end_object (builder);

  if (json)
    {
      g_autoptr (JsonNode) root = json_builder_get_root (builder);

      cohort_cli_print_json (root);
    }
  return COHORT_CLI_EXIT_OK;
}

int
cohort_cli_config (const CohortCliGlobals *globals,
                   int                     argc,
                   char                  **argv)
{
  g_autoptr (GSettings) settings = NULL;
  g_autoptr (GError) error = NULL;
  gboolean json = FALSE;
  int exit_code = COHORT_CLI_EXIT_OK;
  const char *action;
  const GOptionEntry entries[] = {
    { "json", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, &json, N_("Print JSON (list)"), NULL },
    { NULL },
  };

  if (!cohort_cli_parse_options ("config", entries, &argc, &argv, &exit_code))
    return exit_code;

  action = argc > 1 ? argv[1] : "list";
  settings = cohort_settings_new (&error);
  if (settings == NULL)
    return cohort_cli_fail ("config", error);

  if (g_str_equal (action, "list") && argc <= 2)
    return list_settings (settings, json);

  if (g_str_equal (action, "get") && argc == 3)
    {
      g_autofree char *text = cohort_settings_dup_value_text (settings, argv[2], &error);

      if (text == NULL)
        return cohort_cli_fail ("config", error);
      g_print ("%s\n", text);
      return COHORT_CLI_EXIT_OK;
    }

  if (g_str_equal (action, "set") && argc == 4)
    {
      if (!cohort_settings_set_from_text (settings, argv[2], argv[3], &error))
        return cohort_cli_fail ("config", error);
      return COHORT_CLI_EXIT_OK;
    }

  if (g_str_equal (action, "reset") && argc == 3)
    {
      if (!cohort_settings_reset_key (settings, argv[2], &error))
        return cohort_cli_fail ("config", error);
      return COHORT_CLI_EXIT_OK;
    }

  return cohort_cli_usage_error ("config", _("Expected “list”, “get KEY”, “set KEY VALUE” or "
                                             "“reset KEY”."));
}
