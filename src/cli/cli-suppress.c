/* cli-suppress.c: `cohort-cli suppress add | count`, people never to send */
#include "config.h"

#include <glib/gi18n.h>

#include "cli/cli.h"
#include "core/store-suppression.h"
#include "core/suppress.h"

static int run_suppress (const CohortCliGlobals *globals,
                         int                     argc,
                         char                  **argv,
                         char                  **values,
                         const char             *country,
                         gboolean                json);

int
cohort_cli_suppress (const CohortCliGlobals *globals,
                     int                     argc,
                     char                  **argv)
{
  /* g_autofree frees one pointer, not an array of them. */
  char *values[COHORT_N_IDENTITIES] = { NULL };
  g_autofree char *country = NULL;
  gboolean json = FALSE;
  int exit_code = COHORT_CLI_EXIT_OK;
  const GOptionEntry entries[] = {
    { "email", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, &values[COHORT_IDENTITY_EMAIL],
      N_("An email address to suppress (add)"), N_("ADDRESS") },
    { "phone", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, &values[COHORT_IDENTITY_PHONE],
      N_("A phone number to suppress (add)"), N_("NUMBER") },
    { "country", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, &country,
      N_("Country of a phone number written without its code (ISO 3166, such as FR)"), N_("CC") },
    { "gaid", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, &values[COHORT_IDENTITY_GAID],
      N_("An Android advertising ID to suppress (add)"), N_("ID") },
    { "idfa", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, &values[COHORT_IDENTITY_IDFA],
      N_("An iOS advertising ID to suppress (add)"), N_("ID") },
    { "json", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, &json, N_("Print JSON (count)"), NULL },
    { NULL },
  };

  if (cohort_cli_parse_options ("suppress", entries, &argc, &argv, &exit_code))
    exit_code = run_suppress (globals, argc, argv, values, country, json);
  for (guint i = 0; i < COHORT_N_IDENTITIES; i++)
    g_free (values[i]);
  return exit_code;
}

static int
run_suppress (const CohortCliGlobals *globals,
              int                     argc,
              char                  **argv,
              char                  **values,
              const char             *country,
              gboolean                json)
{
  g_autoptr (CohortStore) store = NULL;
  g_autoptr (GError) error = NULL;
  CohortIdentity identity = COHORT_N_IDENTITIES;
  guint given = 0;

  for (CohortIdentity i = 0; i < COHORT_N_IDENTITIES; i++)
    if (values[i] != NULL)
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
      if (store == NULL || !cohort_suppress_value (store, identity, values[identity], country, &added, &error))
        return cohort_cli_fail ("suppress", error);
      g_print ("%s\n", added > 0 ? _("Suppressed: this person will never be sent, and leaves TikTok at the next sync.")
                                 : _("This person was already suppressed."));
      return COHORT_CLI_EXIT_OK;
    }
  if (argc == 2 && g_str_equal (argv[1], "count"))
    {
      guint64 counts[COHORT_N_IDENTITIES];
      g_autoptr (JsonBuilder) builder = json_builder_new ();

      store = cohort_store_open (globals->data_dir, &error);
      if (store == NULL || !cohort_store_count_suppressed (store, counts, &error))
        return cohort_cli_fail ("suppress", error);
      json_builder_begin_object (builder);
      for (CohortIdentity i = 0; i < COHORT_N_IDENTITIES; i++)
        {
          if (!json)
            g_print ("%-8s %12llu\n", cohort_identity_to_string (i), (unsigned long long) counts[i]);
          json_builder_set_member_name (builder, cohort_identity_to_string (i));
          json_builder_add_int_value (builder, counts[i]);
        }
      json_builder_end_object (builder);
      if (json)
        {
          g_autoptr (JsonNode) root = json_builder_get_root (builder);

          cohort_cli_print_json (root);
        }
      return COHORT_CLI_EXIT_OK;
    }
  return cohort_cli_usage_error ("suppress", _("Expected “add” or “count”."));
}
