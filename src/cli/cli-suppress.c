/* cli-suppress.c: `cohort-cli suppress add | import | count`, people never to send */
#include "config.h"

#include <glib/gi18n.h>

#include "cli/cli.h"
#include "cli/cli-import-options.h"
#include "core/store-suppression.h"
#include "core/suppress.h"

typedef struct
{
  char                   *values[COHORT_N_IDENTITIES];
  CohortCliImportOptions  import;
  char                   *rejects;
  gboolean                json;
} SuppressOptions;

static int run_suppress (const CohortCliGlobals *globals,
                         int                     argc,
                         char                  **argv,
                         SuppressOptions        *options);

int
cohort_cli_suppress (const CohortCliGlobals *globals,
                     int                     argc,
                     char                  **argv)
{
  SuppressOptions options = { { NULL } };
  int exit_code = COHORT_CLI_EXIT_OK;
  const GOptionEntry own[] = {
    { "email", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, &options.values[COHORT_IDENTITY_EMAIL],
      N_("An email address to suppress (add)"), N_("ADDRESS") },
    { "phone", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, &options.values[COHORT_IDENTITY_PHONE],
      N_("A phone number to suppress (add)"), N_("NUMBER") },
    { "gaid", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, &options.values[COHORT_IDENTITY_GAID],
      N_("An Android advertising ID to suppress (add)"), N_("ID") },
    { "idfa", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, &options.values[COHORT_IDENTITY_IDFA],
      N_("An iOS advertising ID to suppress (add)"), N_("ID") },
    { "rejects", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME, &options.rejects,
      N_("Write the rejected cells, with their values, to this CSV file (import)"), N_("OUT.csv") },
    { "json", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, &options.json, N_("Print JSON (import, count)"), NULL },
    { NULL },
  };
  /* The import's options, --country included, which `add` uses too. */
  g_autofree GOptionEntry *entries = cohort_cli_import_option_entries (&options.import, own);

  if (cohort_cli_parse_options ("suppress", entries, &argc, &argv, &exit_code))
    exit_code = run_suppress (globals, argc, argv, &options);
  /* g_autofree frees one pointer, not an array of them. */
  for (guint i = 0; i < COHORT_N_IDENTITIES; i++)
    g_free (options.values[i]);
  g_free (options.rejects);
  cohort_cli_import_options_clear (&options.import);
  return exit_code;
}

static void
print_json (const CohortImportReport *report)
{
  g_autoptr (JsonNode) root = cohort_import_report_to_json (report);
  JsonObject *object = json_node_get_object (root);
  JsonObject *already = json_object_new ();

  /* A suppression list has no version, and removes no one. */
  json_object_remove_member (object, "audience");
  json_object_remove_member (object, "version");
  json_object_remove_member (object, "removed");
  for (CohortIdentity i = 0; i < COHORT_N_IDENTITIES; i++)
    json_object_set_int_member (already, cohort_identity_to_string (i), report->unique[i] - report->added[i]);
  json_object_set_object_member (object, "already", already);
  cohort_cli_print_json (root);
}

static void
print_report (const CohortImportReport *report,
              const char               *path)
{
  g_autofree char *name = g_path_get_basename (path);
  guint64 added = 0;

  g_print (_("Suppression list, from %s"), name);
  g_print ("\n\n");
  cohort_cli_print_rows (report);
  g_print ("\n%s\n", _("Unique identifiers: suppressed now, and already suppressed:"));
  for (CohortIdentity i = 0; i < COHORT_N_IDENTITIES; i++)
    {
      g_print ("  %-8s %12llu   +%llu =%llu\n", cohort_identity_to_string (i), (unsigned long long) report->unique[i],
               (unsigned long long) report->added[i], (unsigned long long) (report->unique[i] - report->added[i]));
      added += report->added[i];
    }
  cohort_cli_print_reasons (report);
  if (added > 0)
    g_print ("\n%s\n", _("The people suppressed now will never be sent, and leave TikTok at the next sync."));
}

static int
run_import (const CohortCliGlobals *globals,
            const char             *path,
            SuppressOptions        *options)
{
  g_autoptr (CohortImport) import = NULL;
  g_autoptr (CohortStore) store = NULL;
  g_autoptr (GFile) rejects = NULL;
  g_autoptr (GError) error = NULL;
  int exit_code;

  import = cohort_cli_import_new (&options->import, "suppress", path, &exit_code);
  if (import == NULL)
    return exit_code;
  store = cohort_store_open (globals->data_dir, &error);
  if (store == NULL)
    return cohort_cli_fail ("suppress", error);
  if (options->rejects != NULL)
    rejects = g_file_new_for_commandline_arg (options->rejects);
  if (!cohort_import_suppress (import, store, rejects, NULL, NULL, NULL, &error))
    return cohort_cli_fail ("suppress", error);
  if (options->json)
    print_json (cohort_import_get_report (import));
  else
    print_report (cohort_import_get_report (import), path);
  return COHORT_CLI_EXIT_OK;
}

static int
run_suppress (const CohortCliGlobals *globals,
              int                     argc,
              char                  **argv,
              SuppressOptions        *options)
{
  g_autoptr (CohortStore) store = NULL;
  g_autoptr (GError) error = NULL;
  CohortIdentity identity = COHORT_N_IDENTITIES;
  guint given = 0;

  for (CohortIdentity i = 0; i < COHORT_N_IDENTITIES; i++)
    if (options->values[i] != NULL)
      {
        identity = i;
        given++;
      }
  if (argc == 2 && g_str_equal (argv[1], "add"))
    {
      guint64 added = 0;

      if (given != 1)
        return cohort_cli_usage_error ("suppress", _("Give one of --email, --phone, --gaid or --idfa."));
      store = cohort_store_open (globals->data_dir, &error);
      if (store == NULL ||
          !cohort_suppress_value (store, identity, options->values[identity], options->import.country, &added,
                                  &error))
        return cohort_cli_fail ("suppress", error);
      g_print ("%s\n", added > 0 ? _("Suppressed: this person will never be sent, and leaves TikTok at the next sync.")
                                 : _("This person was already suppressed."));
      return COHORT_CLI_EXIT_OK;
    }
  if (argc >= 2 && g_str_equal (argv[1], "import"))
    {
      if (argc != 3)
        return cohort_cli_usage_error ("suppress", argc < 3 ? _("No file given.") : _("Give one file at a time."));
      if (given > 0)
        return cohort_cli_usage_error ("suppress", _("--email, --phone, --gaid and --idfa are for “add”."));
      return run_import (globals, argv[2], options);
    }
  if (argc == 2 && g_str_equal (argv[1], "count"))
    {
      guint64 counts[COHORT_N_IDENTITIES], linked[COHORT_N_IDENTITIES], total = 0, total_linked = 0;
      g_autoptr (JsonBuilder) builder = json_builder_new ();

      store = cohort_store_open (globals->data_dir, &error);
      if (store == NULL || !cohort_store_count_suppressed (store, counts, linked, &error))
        return cohort_cli_fail ("suppress", error);
      json_builder_begin_object (builder);
      for (CohortIdentity i = 0; i < COHORT_N_IDENTITIES; i++)
        {
          if (!options->json)
            g_print ("%-8s %12llu\n", cohort_identity_to_string (i), (unsigned long long) counts[i]);
          json_builder_set_member_name (builder, cohort_identity_to_string (i));
          json_builder_add_int_value (builder, counts[i]);
          total += counts[i];
          total_linked += linked[i];
        }
      if (!options->json)
        {
          /* Translators: the first number counts identifiers (emails, phone
           * numbers…), the second those of them found on the same row of a
           * customer file as a suppressed one. */
          g_autofree char *line = g_strdup_printf (ngettext ("%llu suppressed (%llu linked to them through your files)",
                                                             "%llu suppressed (%llu linked to them through your files)",
                                                             total),
                                                   (unsigned long long) total, (unsigned long long) total_linked);

          g_print ("%s\n", line);
        }
      /* Of the counts above, those found beside a suppressed identifier. */
      json_builder_set_member_name (builder, "linked");
      json_builder_begin_object (builder);
      for (CohortIdentity i = 0; i < COHORT_N_IDENTITIES; i++)
        {
          json_builder_set_member_name (builder, cohort_identity_to_string (i));
          json_builder_add_int_value (builder, linked[i]);
        }
      json_builder_end_object (builder);
      json_builder_end_object (builder);
      if (options->json)
        {
          g_autoptr (JsonNode) root = json_builder_get_root (builder);

          cohort_cli_print_json (root);
        }
      return COHORT_CLI_EXIT_OK;
    }
  return cohort_cli_usage_error ("suppress", _("Expected “add”, “import” or “count”."));
}
