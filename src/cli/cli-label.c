/* cli-label.c: `cohort-cli label`, how an audience's data may be used, and why */
#include "config.h"

#include <glib/gi18n.h>

#include "cli/cli.h"
#include "core/store-labels.h"
#include "core/store-policies.h"

/* Each of @texts a comma-separated list of labels. */
gboolean
cohort_cli_parse_labels (const char *command,
                         char      **texts,
                         guint      *out_labels,
                         int        *exit_code)
{
  *out_labels = 0;
  for (guint i = 0; texts != NULL && texts[i] != NULL; i++)
    {
      g_autoptr (GError) error = NULL;
      guint labels;

      if (!cohort_usage_labels_parse (texts[i], &labels, &error))
        {
          *exit_code = cohort_cli_usage_error (command, "%s", error->message);
          return FALSE;
        }
      *out_labels |= labels;
    }
  return TRUE;
}

void
cohort_cli_print_policy_changes (GPtrArray *changes)
{
  for (guint i = 0; changes != NULL && i < changes->len; i++)
    {
      const CohortPolicyChange *change = g_ptr_array_index (changes, i);

      if (*change->hold != '\0')
        g_print (_("“%s” → “%s” is paused: %s"), change->audience, change->destination, change->reason);
      else
        g_print (_("“%s” → “%s” may be sent again: it resumes at the next sync."), change->audience,
                 change->destination);
      g_print ("\n");
    }
}

/* "sensitive (Health survey), consent-marketing", or "-" */
char *
cohort_cli_describe_labels (GPtrArray *labels)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < labels->len; i++)
    {
      const CohortAudienceLabel *label = g_ptr_array_index (labels, i);

      g_string_append_printf (text, "%s%s", i > 0 ? ", " : "", cohort_usage_label_to_string (label->label));
      if (*label->reason != '\0')
        g_string_append_printf (text, " (%s)", label->reason);
    }
  if (text->len == 0)
    g_string_append (text, "-");
  return g_string_free (text, FALSE);
}

static void
print_labels (const char *audience,
              GPtrArray  *labels,
              gboolean    json)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  if (!json)
    {
      if (labels->len == 0)
        g_print (_("“%s” has no usage label."), audience);
      else
        g_print (_("Usage labels of “%s”:"), audience);
      g_print ("\n");
    }
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "audience");
  json_builder_add_string_value (builder, audience);
  json_builder_set_member_name (builder, "labels");
  cohort_cli_add_labels_json (builder, labels);
  json_builder_end_object (builder);
  for (guint i = 0; !json && i < labels->len; i++)
    {
      const CohortAudienceLabel *label = g_ptr_array_index (labels, i);
      g_autofree char *added = cohort_cli_format_time (label->added_at);

      g_print ("  %-18s %s\n", cohort_usage_label_to_string (label->label), cohort_usage_label_describe (label->label));
      g_print ("  %-18s ", "");
      if (*label->reason != '\0')
        g_print (_("Reason: %s (added %s)"), label->reason, added);
      else
        g_print (_("No reason given (added %s)"), added);
      g_print ("\n");
    }
  if (json)
    {
      g_autoptr (JsonNode) root = json_builder_get_root (builder);

      cohort_cli_print_json (root);
    }
}

/* The labels as `label --json` and `audiences --json` print them. */
void
cohort_cli_add_labels_json (JsonBuilder *builder,
                            GPtrArray   *labels)
{
  json_builder_begin_array (builder);
  for (guint i = 0; i < labels->len; i++)
    {
      const CohortAudienceLabel *label = g_ptr_array_index (labels, i);
      g_autofree char *added = cohort_cli_format_time (label->added_at);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "label");
      json_builder_add_string_value (builder, cohort_usage_label_to_string (label->label));
      json_builder_set_member_name (builder, "description");
      json_builder_add_string_value (builder, cohort_usage_label_describe (label->label));
      json_builder_set_member_name (builder, "reason");
      json_builder_add_string_value (builder, label->reason);
      json_builder_set_member_name (builder, "added");
      json_builder_add_string_value (builder, added);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static int
run_label (const CohortCliGlobals *globals,
           const char             *audience,
           char                  **add,
           char                  **remove,
           const char             *reason,
           gboolean                json)
{
  g_autoptr (CohortStore) store = NULL;
  g_autoptr (GPtrArray) changes = NULL;
  g_autoptr (GPtrArray) labels = NULL;
  g_autoptr (GError) error = NULL;
  guint to_add = 0, to_remove = 0;
  int exit_code = COHORT_CLI_EXIT_OK;

  if (add != NULL && remove != NULL)
    return cohort_cli_usage_error ("label", _("Give --add or --remove, not both."));
  if (reason != NULL && add == NULL)
    return cohort_cli_usage_error ("label", _("--reason goes with --add."));
  if (!cohort_cli_parse_labels ("label", add, &to_add, &exit_code) ||
      !cohort_cli_parse_labels ("label", remove, &to_remove, &exit_code))
    return exit_code;
  if (!cohort_usage_label_check_reason (reason, &error))
    return cohort_cli_usage_error ("label", "%s", error->message);

  store = cohort_store_open (globals->data_dir, &error);
  if (store == NULL || (to_add != 0 && !cohort_store_add_labels (store, audience, to_add, reason, &changes, &error)) ||
      (to_remove != 0 && !cohort_store_remove_labels (store, audience, to_remove, &changes, &error)) ||
      (labels = cohort_store_list_labels (store, audience, &error)) == NULL)
    return cohort_cli_fail ("label", error);
  print_labels (audience, labels, json);
  if (!json)
    cohort_cli_print_policy_changes (changes);
  return COHORT_CLI_EXIT_OK;
}

int
cohort_cli_label (const CohortCliGlobals *globals,
                  int                     argc,
                  char                  **argv)
{
  g_auto (GStrv) add = NULL;
  g_auto (GStrv) remove = NULL;
  g_autofree char *reason = NULL;
  gboolean json = FALSE;
  int exit_code = COHORT_CLI_EXIT_OK;
  const GOptionEntry entries[] = {
    { "add", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING_ARRAY, &add,
      N_("Add labels: consent-marketing, no-ad-targeting, sensitive, minors-possible"), N_("LABEL,…") },
    { "reason", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, &reason,
      N_("Why the labels added apply, shown with them"), N_("TEXT") },
    { "remove", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING_ARRAY, &remove, N_("Remove labels"), N_("LABEL,…") },
    { "json", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL },
  };

  if (!cohort_cli_parse_options ("label", entries, &argc, &argv, &exit_code))
    return exit_code;
  if (argc != 2)
    return cohort_cli_usage_error ("label", _("Give one audience."));
  return run_label (globals, argv[1], add, remove, reason, json);
}
