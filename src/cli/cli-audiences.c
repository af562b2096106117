/* cli-audiences.c: `cohort-cli audiences`, `export` and `profiles`: what is stored and how */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <glib/gi18n.h>

#include "cli/cli.h"
#include "core/hash-runs.h"
#include "core/normalize.h"
#include "core/export.h"
#include "core/store-audiences.h"
#include "core/store-versions.h"
#include "core/store-labels.h"

int
cohort_cli_audiences (const CohortCliGlobals *globals,
                      int                     argc,
                      char                  **argv)
{
  g_autoptr (CohortStore) store = NULL;
  g_autoptr (GPtrArray) audiences = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  gboolean json = FALSE;
  int exit_code = COHORT_CLI_EXIT_OK;
  const GOptionEntry entries[] = {
    { "json", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL },
  };

  if (!cohort_cli_parse_options ("audiences", entries, &argc, &argv, &exit_code))
    return exit_code;
  if (argc > 1)
    return cohort_cli_usage_error ("audiences", _("Unexpected argument “%s”."), argv[1]);

  store = cohort_store_open (globals->data_dir, &error);
  if (store == NULL || (audiences = cohort_store_list_audiences (store, &error)) == NULL)
    return cohort_cli_fail ("audiences", error);

  if (!json && audiences->len == 0)
    g_print ("%s\n", _("No audience yet: import a file with “cohort-cli import FILE --audience NAME”."));

  json_builder_begin_array (builder);
  for (guint i = 0; i < audiences->len; i++)
    {
      const CohortAudienceInfo *info = g_ptr_array_index (audiences, i);
      g_autofree char *when = cohort_cli_format_time (info->last_import);
      g_autoptr (GPtrArray) labels = cohort_store_list_labels (store, info->name, &error);

      if (labels == NULL)
        return cohort_cli_fail ("audiences", error);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, info->name);
      json_builder_set_member_name (builder, "versions");
      json_builder_add_int_value (builder, info->versions);
      cohort_json_add_per_identity (builder, "unique", info->members);
      json_builder_set_member_name (builder, "last_import");
      json_builder_add_string_value (builder, when);
      json_builder_set_member_name (builder, "source");
      json_builder_add_string_value (builder, info->source_name);
      json_builder_set_member_name (builder, "labels");
      cohort_cli_add_labels_json (builder, labels);
      json_builder_end_object (builder);

      if (!json)
        {
          g_print ("%s\n", info->name);
          g_print ("  ");
          g_print (_("%lld versions, last imported %s from %s"), (long long) info->versions,
                   when, info->source_name != NULL ? info->source_name : "");
          g_print ("\n  email %llu · phone %llu · gaid %llu · idfa %llu\n",
                   (unsigned long long) info->members[COHORT_IDENTITY_EMAIL],
                   (unsigned long long) info->members[COHORT_IDENTITY_PHONE],
                   (unsigned long long) info->members[COHORT_IDENTITY_GAID],
                   (unsigned long long) info->members[COHORT_IDENTITY_IDFA]);
          {
            g_autofree char *text = cohort_cli_describe_labels (labels);

            g_print ("  %s %s\n", _("Usage labels:"), text);
          }
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

/* TikTok's customer-file format: one file per identity, one hash a line. */
int
cohort_cli_export (const CohortCliGlobals *globals,
                   int                     argc,
                   char                  **argv)
{
  g_autoptr (CohortStore) store = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = NULL;
  guint64 counts[COHORT_N_IDENTITIES] = { 0 };
  int exit_code = COHORT_CLI_EXIT_OK;
  const GOptionEntry entries[] = {
    { "dir", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME, &dir,
      N_("Folder to write the files to (created when missing)"), N_("DIR") },
    { NULL },
  };

  if (!cohort_cli_parse_options ("export", entries, &argc, &argv, &exit_code))
    return exit_code;
  if (argc != 2)
    return cohort_cli_usage_error ("export", _("Name one audience."));
  if (dir == NULL)
    return cohort_cli_usage_error ("export", _("Choose the folder with --dir DIR."));

  store = cohort_store_open (globals->data_dir, &error);
  if (store == NULL)
    return cohort_cli_fail ("export", error);
  if (!cohort_export_audience (store, argv[1], dir, counts, &error))
    return cohort_cli_fail ("export", error);
  for (CohortIdentity id = 0; id < COHORT_N_IDENTITIES; id++)
    {
      g_autofree char *name = cohort_export_file_name (id);
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_print ("%s\t%llu\n", path, (unsigned long long) counts[id]);
    }
  return COHORT_CLI_EXIT_OK;
}

int
cohort_cli_profiles (const CohortCliGlobals *globals,
                     int                     argc,
                     char                  **argv)
{
  int exit_code = COHORT_CLI_EXIT_OK;

  if (!cohort_cli_parse_options ("profiles", NULL, &argc, &argv, &exit_code))
    return exit_code;

  g_print ("%s\n", COHORT_PROFILE_TIKTOK_V1);
  g_print ("%s\n", _("  Every value: spaces, no-break spaces and zero-width characters are trimmed;\n"
                     "    -, n/a, na, null, none and #n/a count as empty. A value of 64 hexadecimal\n"
                     "    digits is an existing SHA-256 hash and is kept as it is."));
  g_print ("%s\n", _("  Email: the address inside the last <…>, composed (NFC) and lower-cased;\n"
                     "    one @, a name, a domain of two labels or more, no spaces."));
  g_print ("%s\n", _("  Phone: read by libphonenumber with the row’s or the file’s country, valid\n"
                     "    numbers only, written in E.164 (+33612345678)."));
  g_print ("%s\n", _("  GAID and IDFA: 32 hexadecimal digits, written 8-4-4-4-12 in lower case;\n"
                     "    the all-zero ID means the person opted out and is rejected."));
  g_print ("%s\n", _("  Then SHA-256 of the UTF-8 text, in lower-case hexadecimal."));
  return COHORT_CLI_EXIT_OK;
}
