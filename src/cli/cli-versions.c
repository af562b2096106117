/* cli-versions.c: `cohort-cli versions` and `cohort-cli delete`, an audience's history and its end */
#include "config.h"

#include <glib/gi18n.h>

#include "cli/cli.h"
#include "core/store-versions.h"

int
cohort_cli_versions (const CohortCliGlobals *globals,
                     int                     argc,
                     char                  **argv)
{
  g_autoptr (CohortStore) store = NULL;
  g_autoptr (GPtrArray) versions = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  gboolean json = FALSE;
  int exit_code = COHORT_CLI_EXIT_OK;
  const GOptionEntry entries[] = {
    { "json", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL },
  };

  if (!cohort_cli_parse_options ("versions", entries, &argc, &argv, &exit_code))
    return exit_code;
  if (argc != 2)
    return cohort_cli_usage_error ("versions", _("Name one audience."));
  store = cohort_store_open (globals->data_dir, &error);
  if (store == NULL || (versions = cohort_store_list_versions (store, argv[1], &error)) == NULL)
    return cohort_cli_fail ("versions", error);

  json_builder_begin_array (builder);
  for (guint i = 0; i < versions->len; i++)
    {
      const CohortVersionInfo *info = g_ptr_array_index (versions, i);
      const CohortImportReport *r = &info->report;
      g_autofree char *when = cohort_cli_format_time (info->created_at);
      guint64 added = 0, removed = 0;

      for (CohortIdentity id = 0; id < COHORT_N_IDENTITIES; id++)
        {
          added += r->added[id];
          removed += r->removed[id];
        }
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "version");
      json_builder_add_int_value (builder, info->version);
      json_builder_set_member_name (builder, "created");
      json_builder_add_string_value (builder, when);
      json_builder_set_member_name (builder, "source");
      json_builder_add_string_value (builder, info->source_name);
      json_builder_set_member_name (builder, "profile");
      json_builder_add_string_value (builder, info->profile);
      json_builder_set_member_name (builder, "rows");
      json_builder_add_int_value (builder, r->rows);
      json_builder_set_member_name (builder, "accepted");
      json_builder_add_int_value (builder, r->accepted);
      json_builder_set_member_name (builder, "rejected");
      json_builder_add_int_value (builder, r->rejected);
      json_builder_set_member_name (builder, "excluded");
      json_builder_add_int_value (builder, r->excluded);
      cohort_json_add_per_identity (builder, "unique", r->unique);
      cohort_json_add_per_identity (builder, "added", r->added);
      cohort_json_add_per_identity (builder, "removed", r->removed);
      json_builder_end_object (builder);

      if (!json)
        {
          g_print (_("Version %lld, %s, from %s"), (long long) info->version, when, info->source_name);
          g_print ("\n  ");
          g_print (_("%llu rows, %llu accepted, %llu rejected, %llu excluded; +%llu −%llu"),
                   (unsigned long long) r->rows, (unsigned long long) r->accepted,
                   (unsigned long long) r->rejected, (unsigned long long) r->excluded,
                   (unsigned long long) added, (unsigned long long) removed);
          g_print ("\n");
        }
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
cohort_cli_delete (const CohortCliGlobals *globals,
                   int                     argc,
                   char                  **argv)
{
  g_autoptr (CohortStore) store = NULL;
  g_autoptr (GError) error = NULL;
  int exit_code = COHORT_CLI_EXIT_OK;

  if (!cohort_cli_parse_options ("delete", NULL, &argc, &argv, &exit_code))
    return exit_code;
  if (argc != 2)
    return cohort_cli_usage_error ("delete", _("Name one audience."));
  store = cohort_store_open (globals->data_dir, &error);
  if (store == NULL || !cohort_store_delete_audience (store, argv[1], &error))
    return cohort_cli_fail ("delete", error);
  g_print (_("Deleted “%s”, its versions and its members."), argv[1]);
  g_print ("\n");
  return COHORT_CLI_EXIT_OK;
}
