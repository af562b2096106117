/* cli-policy.c: `cohort-cli policy`, what a destination does about each usage label */
#include "config.h"

#include <glib/gi18n.h>

#include "cli/cli.h"
#include "core/store-policies.h"

/* "sensitive, consent-marketing (when missing)", or "-" */
static char *
describe_labels (guint labels)
{
  GString *text = g_string_new (NULL);

  for (guint l = 0; l < COHORT_N_LABELS; l++)
    {
      if (!(labels & (1u << l)))
        continue;
      if (text->len > 0)
        g_string_append (text, ", ");
      g_string_append (text, cohort_usage_label_to_string (l));
      if (cohort_usage_label_is_permission (l))
        g_string_append_printf (text, " %s", _("(when missing)"));
    }
  if (text->len == 0)
    g_string_append (text, "-");
  return g_string_free (text, FALSE);
}

static void
print_policy (const char         *destination,
              const CohortPolicy *policy,
              gboolean            json)
{
  const CohortPolicyAction actions[] = { COHORT_POLICY_BLOCK, COHORT_POLICY_WARN, COHORT_POLICY_ALLOW };
  const char *titles[] = { N_("block"), N_("warn"), N_("allow") };
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  gboolean is_default = cohort_policy_is_default (policy);

  if (!json)
    {
      g_print (is_default ? _("Policy of “%s” (the default):") : _("Policy of “%s”:"), destination);
      g_print ("\n");
    }
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "destination");
  json_builder_add_string_value (builder, destination);
  json_builder_set_member_name (builder, "default");
  json_builder_add_boolean_value (builder, is_default);
  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    {
      guint labels = cohort_policy_get_labels (policy, actions[i]);

      if (!json)
        {
          g_autofree char *text = describe_labels (labels);

          g_print ("  %-10s %s\n", _(titles[i]), text);
        }
      json_builder_set_member_name (builder, cohort_policy_action_to_string (actions[i]));
      json_builder_begin_array (builder);
      for (guint l = 0; l < COHORT_N_LABELS; l++)
        if (labels & (1u << l))
          json_builder_add_string_value (builder, cohort_usage_label_to_string (l));
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);
  if (json)
    {
      g_autoptr (JsonNode) root = json_builder_get_root (builder);

      cohort_cli_print_json (root);
    }
}

/* The labels given to @action take it; those that had it and are not
 * given any more are allowed. */
static void
apply (CohortPolicy       *policy,
       CohortPolicyAction  action,
       guint               labels)
{
  for (guint l = 0; l < COHORT_N_LABELS; l++)
    if (labels & (1u << l))
      policy->actions[l] = action;
    else if (policy->actions[l] == action)
      policy->actions[l] = COHORT_POLICY_ALLOW;
}

static int
run_policy (const CohortCliGlobals *globals,
            const char             *destination,
            char                  **block,
            char                  **warn,
            gboolean                reset,
            gboolean                json)
{
  g_autoptr (CohortStore) store = NULL;
  g_autoptr (GPtrArray) changes = NULL;
  g_autoptr (GError) error = NULL;
  CohortPolicy policy;
  guint blocked = 0, warned = 0;
  int exit_code = COHORT_CLI_EXIT_OK;

  if (reset && (block != NULL || warn != NULL))
    return cohort_cli_usage_error ("policy", _("Give --reset, or --block and --warn, not both."));
  if (!cohort_cli_parse_labels ("policy", block, &blocked, &exit_code) ||
      !cohort_cli_parse_labels ("policy", warn, &warned, &exit_code))
    return exit_code;
  if ((blocked & warned) != 0)
    {
      g_autofree char *both = cohort_usage_labels_to_string (blocked & warned);

      return cohort_cli_usage_error ("policy", _("A label cannot be both blocked and warned about: %s."), both);
    }

  store = cohort_store_open (globals->data_dir, &error);
  if (store == NULL || !cohort_store_get_policy (store, destination, &policy, &error))
    return cohort_cli_fail ("policy", error);
  if (block != NULL)
    apply (&policy, COHORT_POLICY_BLOCK, blocked);
  if (warn != NULL)
    apply (&policy, COHORT_POLICY_WARN, warned);
  if ((reset || block != NULL || warn != NULL) &&
      (!cohort_store_set_policy (store, destination, reset ? NULL : &policy, &changes, &error) ||
       !cohort_store_get_policy (store, destination, &policy, &error)))
    return cohort_cli_fail ("policy", error);
  print_policy (destination, &policy, json);
  if (!json)
    cohort_cli_print_policy_changes (changes);
  return COHORT_CLI_EXIT_OK;
}

int
cohort_cli_policy (const CohortCliGlobals *globals,
                   int                     argc,
                   char                  **argv)
{
  g_auto (GStrv) block = NULL;
  g_auto (GStrv) warn = NULL;
  gboolean reset = FALSE, json = FALSE;
  int exit_code = COHORT_CLI_EXIT_OK;
  const GOptionEntry entries[] = {
    { "block", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING_ARRAY, &block,
      N_("The labels that stop an activation (none for none); consent-marketing means its absence"),
      N_("LABEL,…") },
    { "warn", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING_ARRAY, &warn,
      N_("The labels an activation must accept a warning for (none for none)"), N_("LABEL,…") },
    { "reset", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, &reset,
      N_("Go back to the default: block no-ad-targeting and sensitive, warn on minors-possible and on a "
         "missing consent-marketing"),
      NULL },
    { "json", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL },
  };

  if (!cohort_cli_parse_options ("policy", entries, &argc, &argv, &exit_code))
    return exit_code;
  if (argc != 2)
    return cohort_cli_usage_error ("policy", _("Give one destination."));
  return run_policy (globals, argv[1], block, warn, reset, json);
}
