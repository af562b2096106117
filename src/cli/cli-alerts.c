/* cli-alerts.c: `cohort-cli alerts` and `alerts ack ID` */
#include "config.h"

#include <glib/gi18n.h>

#include "cli/cli.h"
#include "core/store-alerts.h"

int
cohort_cli_alerts (const CohortCliGlobals *globals,
                   int                     argc,
                   char                  **argv)
{
  g_autoptr (CohortStore) store = NULL;
  g_autoptr (GPtrArray) alerts = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  gboolean json = FALSE, all = FALSE;
  int exit_code = COHORT_CLI_EXIT_OK;
  const GOptionEntry entries[] = {
    { "all", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, &all, N_("Include acknowledged alerts"), NULL },
    { "json", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL },
  };

  if (!cohort_cli_parse_options ("alerts", entries, &argc, &argv, &exit_code))
    return exit_code;
  if (argc > 1 && !(argc == 3 && g_str_equal (argv[1], "ack")))
    return cohort_cli_usage_error ("alerts", _("Expected nothing, or “ack ID”."));
  store = cohort_store_open (globals->data_dir, &error);
  if (store == NULL)
    return cohort_cli_fail ("alerts", error);

  if (argc == 3)
    {
      char *end = NULL;
      gint64 id = g_ascii_strtoll (argv[2], &end, 10);

      if (end == argv[2] || *end != '\0' || id <= 0)
        return cohort_cli_usage_error ("alerts", _("“%s” is not an alert ID."), argv[2]);
      if (!cohort_store_acknowledge_alert (store, id, &error))
        return cohort_cli_fail ("alerts", error);
      return COHORT_CLI_EXIT_OK;
    }

  alerts = cohort_store_list_alerts (store, all, &error);
  if (alerts == NULL)
    return cohort_cli_fail ("alerts", error);
  if (!json && alerts->len == 0)
    g_print ("%s\n", _("No alert."));
  json_builder_begin_array (builder);
  for (guint i = 0; i < alerts->len; i++)
    {
      CohortAlert *alert = g_ptr_array_index (alerts, i);
      g_autofree char *when = cohort_cli_format_time (alert->created_at);

      if (!json)
        {
          g_print ("%lld  %s  %s%s: %s\n", (long long) alert->id, when, alert->subject,
                   alert->acknowledged ? _(" (acknowledged)") : "", cohort_alert_kind_describe (alert->kind));
          g_print ("    %s\n", alert->message);
          if (*alert->request_id != '\0')
            g_print ("    %s %s\n", _("TikTok request ID:"), alert->request_id);
        }
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, alert->id);
      json_builder_set_member_name (builder, "time");
      json_builder_add_string_value (builder, when);
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, cohort_alert_kind_to_nick (alert->kind));
      json_builder_set_member_name (builder, "subject");
      json_builder_add_string_value (builder, alert->subject);
      json_builder_set_member_name (builder, "message");
      json_builder_add_string_value (builder, alert->message);
      json_builder_set_member_name (builder, "request_id");
      json_builder_add_string_value (builder, alert->request_id);
      json_builder_set_member_name (builder, "acknowledged");
      json_builder_add_boolean_value (builder, alert->acknowledged);
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
