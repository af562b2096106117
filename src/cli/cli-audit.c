/* cli-audit.c: `cohort-cli audit`, the log of what was imported, sent and changed */
#include "config.h"

#include <stdio.h>
#include <glib/gi18n.h>

#include "cli/cli.h"
#include "core/audit-csv.h"
#include "core/store-audit.h"

/* "2026-12-01" or a full ISO 8601 time; 0 on error. */
static gint64
parse_since (const char *text)
{
  g_autoptr (GDateTime) time = NULL;
  int year, month, day;
  char end;

  if (sscanf (text, "%4d-%2d-%2d%c", &year, &month, &day, &end) == 3)
    time = g_date_time_new_local (year, month, day, 0, 0, 0);
  else
    time = g_date_time_new_from_iso8601 (text, NULL);
  return time != NULL ? g_date_time_to_unix (time) : 0;
}

int
cohort_cli_audit (const CohortCliGlobals *globals,
                  int                     argc,
                  char                  **argv)
{
  g_autoptr (CohortStore) store = NULL;
  g_autoptr (GPtrArray) entries = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autofree char *since_text = NULL;
  gboolean json = FALSE, csv = FALSE;
  gint64 since = 0;
  int exit_code = COHORT_CLI_EXIT_OK;
  const GOptionEntry entries_options[] = {
    { "since", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, &since_text,
      N_("Only what happened from this date (2026-12-01) or time on"), N_("DATE") },
    { "json", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { "csv", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, &csv, N_("Print CSV, to keep or share"), NULL },
    { NULL },
  };

  if (!cohort_cli_parse_options ("audit", entries_options, &argc, &argv, &exit_code))
    return exit_code;
  if (argc > 1)
    return cohort_cli_usage_error ("audit", _("Unexpected argument “%s”."), argv[1]);
  if (since_text != NULL && (since = parse_since (since_text)) == 0)
    return cohort_cli_usage_error ("audit", _("“%s” is not a date: write it as 2026-12-01."), since_text);
  store = cohort_store_open (globals->data_dir, &error);
  if (store == NULL || (entries = cohort_store_list_audit (store, since, &error)) == NULL)
    return cohort_cli_fail ("audit", error);

  if (csv)
    {
      g_autofree char *text = cohort_audit_to_csv (entries);

      g_print ("%s", text);
      return COHORT_CLI_EXIT_OK;
    }
  json_builder_begin_array (builder);
  for (guint i = 0; i < entries->len; i++)
    {
      CohortAuditEntry *entry = g_ptr_array_index (entries, i);
      g_autofree char *when = cohort_cli_format_time (entry->time);

      if (!json)
        g_print ("%s  %-18s %s%s%s  %s\n", when, entry->action, entry->audience,
                 *entry->audience != '\0' && *entry->destination != '\0' ? " → " : "", entry->destination,
                 entry->details);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "time");
      json_builder_add_string_value (builder, when);
      json_builder_set_member_name (builder, "action");
      json_builder_add_string_value (builder, entry->action);
      json_builder_set_member_name (builder, "audience");
      json_builder_add_string_value (builder, entry->audience);
      json_builder_set_member_name (builder, "destination");
      json_builder_add_string_value (builder, entry->destination);
      json_builder_set_member_name (builder, "details");
      {
        g_autoptr (JsonParser) parser = json_parser_new ();

        if (json_parser_load_from_data (parser, entry->details, -1, NULL))
          json_builder_add_value (builder, json_node_copy (json_parser_get_root (parser)));
        else
          json_builder_add_null_value (builder);
      }
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
