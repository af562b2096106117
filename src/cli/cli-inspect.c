/* cli-inspect.c: `cohort-cli inspect`, what the import makes of one row, cell by cell */
#include "config.h"

#include <glib/gi18n.h>

#include "cli/cli.h"
#include "cli/cli-import-options.h"
#include "core/hash-runs.h"

typedef struct
{
  CohortImport *import;
  GString      *text;
  guint         accepted;
} InspectState;

static void
print_cell (const CohortCellTrace *trace,
            gpointer               user_data)
{
  InspectState *state = user_data;
  char hex[2 * COHORT_HASH_LENGTH + 1];

  g_string_append (state->text, "  ");
  g_string_append_printf (state->text, _("Column %u “%s” (%s):"), trace->column + 1,
                          cohort_import_get_column_name (state->import, trace->column),
                          cohort_column_type_to_string (trace->type));
  g_string_append_printf (state->text, "\n    %s\n", trace->original);
  if (trace->hash == NULL)
    {
      g_string_append_printf (state->text, "    → %s: %s\n", cohort_reason_to_code (trace->reason),
                              cohort_reason_describe (trace->reason));
      return;
    }
  state->accepted++;
  cohort_hex_encode (trace->hash, COHORT_HASH_LENGTH, hex);
  if (trace->prehashed)
    g_string_append_printf (state->text, "    → %s\n", _("already a SHA-256 hash, taken as it is"));
  else
    g_string_append_printf (state->text, "    → %s (%s)\n", trace->normalised,
                            cohort_identity_to_string (trace->identity));
  g_string_append_printf (state->text, "    → %s\n", hex);
}

int
cohort_cli_inspect (const CohortCliGlobals *globals,
                    int                     argc,
                    char                  **argv)
{
  CohortCliImportOptions options = { NULL };
  gint64 row = 0;
  const GOptionEntry own[] = {
    { "row", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_INT64, &row,
      N_("The data row to show, from 1"), N_("N") },
    { NULL },
  };
  g_autofree GOptionEntry *entries = cohort_cli_import_option_entries (&options, own);
  g_autoptr (CohortImport) import = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) text = g_string_new (NULL);
  int exit_code = COHORT_CLI_EXIT_OK;
  guint64 line = 0;
  gboolean excluded = FALSE;
  InspectState state = { NULL, text, 0 };

  if (!cohort_cli_parse_options ("inspect", entries, &argc, &argv, &exit_code))
    {
      cohort_cli_import_options_clear (&options);
      return exit_code;
    }
  if (argc != 2)
    exit_code = cohort_cli_usage_error ("inspect", argc < 2 ? _("No file given.")
                                                            : _("Give one file at a time."));
  else if (row < 1)
    exit_code = cohort_cli_usage_error ("inspect", _("Choose the row with --row N (from 1)."));
  else
    import = cohort_cli_import_new (&options, "inspect", argv[1], &exit_code);
  cohort_cli_import_options_clear (&options);
  if (import == NULL)
    return exit_code;

  state.import = import;
  if (!cohort_import_prepare (import, NULL, &error) ||
      !cohort_import_inspect_row (import, row, &line, &excluded, print_cell, &state, NULL, &error))
    return cohort_cli_fail ("inspect", error);

  g_print (_("Row %lld, line %llu of the file:"), (long long) row, (unsigned long long) line);
  g_print ("\n%s", text->str);
  if (excluded)
    g_print ("  → %s: %s\n", cohort_reason_to_code (COHORT_REASON_NO_CONSENT),
             cohort_reason_describe (COHORT_REASON_NO_CONSENT));
  else if (state.accepted == 0)
    g_print ("  → %s: %s\n", cohort_reason_to_code (COHORT_REASON_NO_IDENTIFIER),
             cohort_reason_describe (COHORT_REASON_NO_IDENTIFIER));
  return COHORT_CLI_EXIT_OK;
}
