/* cli-destination.c: `cohort-cli destination add | list | remove` */
#include "config.h"

#include <glib/gi18n.h>

#include "cli/cli.h"
#include "core/destination-health.h"
#include "core/store-accounts.h"
#include "core/store-destinations.h"

static int
list_destinations (CohortStore *store,
                   gboolean     json)
{
  g_autoptr (GPtrArray) destinations = NULL;
  g_autoptr (GPtrArray) activations = NULL;
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *app_id = NULL;
  gint64 connected_at;

  destinations = cohort_store_list_destinations (store, &error);
  if (destinations == NULL)
    return cohort_cli_fail ("destination", error);
  app_id = cohort_store_dup_app_id (store, NULL, &error);
  connected_at = error == NULL ? cohort_store_get_connected_at (store, &error) : 0;
  activations = error == NULL ? cohort_store_list_activations (store, &error) : NULL;
  if (error != NULL)
    return cohort_cli_fail ("destination", error);
  if (!json && destinations->len == 0)
    g_print ("%s\n", _("No destination yet: add one with “cohort-cli destination add”."));

  json_builder_begin_array (builder);
  for (guint i = 0; i < destinations->len; i++)
    {
      const CohortDestination *destination = g_ptr_array_index (destinations, i);
      g_autofree char *alerts = cohort_alert_kinds_to_string (destination->alerts);
      CohortDestinationHealth health = cohort_destination_get_health (destination, app_id, connected_at,
                                                                      activations, NULL);

      if (!json)
        {
          g_print ("%s\n", destination->name);
          if (*destination->description != '\0')
            g_print ("  %s\n", destination->description);
          g_print ("  %s %s%s%s%s\n", _("Ad account:"), destination->advertiser_id,
                   *destination->advertiser_name != '\0' ? " (" : "", destination->advertiser_name,
                   *destination->advertiser_name != '\0' ? ")" : "");
          g_print ("  %s %s\n", _("Connection:"), cohort_destination_health_describe (health));
          if (health != COHORT_DESTINATION_HEALTH_CONNECTED)
            g_print ("  %s\n", cohort_destination_health_advice (health));
          g_print ("  %s %s\n", _("Alerts:"), alerts);
        }
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, destination->name);
      json_builder_set_member_name (builder, "description");
      json_builder_add_string_value (builder, destination->description);
      json_builder_set_member_name (builder, "advertiser_id");
      json_builder_add_string_value (builder, destination->advertiser_id);
      json_builder_set_member_name (builder, "advertiser_name");
      json_builder_add_string_value (builder, destination->advertiser_name);
      json_builder_set_member_name (builder, "granted");
      json_builder_add_boolean_value (builder, destination->granted);
      json_builder_set_member_name (builder, "health");
      json_builder_add_string_value (builder, cohort_destination_health_to_string (health));
      json_builder_set_member_name (builder, "alerts");
      json_builder_add_string_value (builder, alerts);
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
cohort_cli_destination (const CohortCliGlobals *globals,
                        int                     argc,
                        char                  **argv)
{
  g_autoptr (CohortStore) store = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *description = NULL;
  g_autofree char *advertiser_id = NULL;
  g_autofree char *alerts_text = NULL;
  CohortAlertKinds alerts = COHORT_ALERT_ALL;
  gboolean json = FALSE;
  int exit_code = COHORT_CLI_EXIT_OK;
  const char *action;
  const GOptionEntry entries[] = {
    { "name", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, &name, N_("The destination’s name (add)"),
      N_("NAME") },
    { "description", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, &description,
      N_("What it is for (add)"), N_("TEXT") },
    { "advertiser-id", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, &advertiser_id,
      N_("The TikTok ad account, one of “cohort-cli accounts” (add)"), N_("ID") },
    { "alerts", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, &alerts_text,
      N_("Alerts it raises: all, none, or a list of run-failed, run-partial, high-rejection, "
         "paused, below-minimum, rate-limited, policy (add; default all)"),
      N_("LIST") },
    { "json", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, &json, N_("Print JSON (list)"), NULL },
    { NULL },
  };

  if (!cohort_cli_parse_options ("destination", entries, &argc, &argv, &exit_code))
    return exit_code;
  action = argc > 1 ? argv[1] : "list";

  if (g_str_equal (action, "add") && argc == 2)
    {
      if (name == NULL)
        return cohort_cli_usage_error ("destination", _("Give the destination a name with --name."));
      if (advertiser_id == NULL)
        return cohort_cli_usage_error ("destination", _("Give the ad account with --advertiser-id."));
      if (alerts_text != NULL && !cohort_alert_kinds_parse (alerts_text, &alerts, &error))
        return cohort_cli_usage_error ("destination", "%s", error->message);
    }
  else if (!(g_str_equal (action, "list") && argc <= 2) && !(g_str_equal (action, "remove") && argc == 3))
    return cohort_cli_usage_error ("destination", _("Expected “add”, “list” or “remove NAME”."));

  store = cohort_store_open (globals->data_dir, &error);
  if (store == NULL)
    return cohort_cli_fail ("destination", error);

  if (g_str_equal (action, "list"))
    return list_destinations (store, json);
  if (g_str_equal (action, "remove"))
    {
      if (!cohort_store_remove_destination (store, argv[2], &error))
        return cohort_cli_fail ("destination", error);
      g_print (_("Destination “%s” removed."), argv[2]);
      g_print ("\n");
      return COHORT_CLI_EXIT_OK;
    }
  if (!cohort_store_add_destination (store, name, description, advertiser_id, alerts, &error))
    return cohort_cli_fail ("destination", error);
  g_print (_("Destination “%s” added."), name);
  g_print ("\n");
  return COHORT_CLI_EXIT_OK;
}
