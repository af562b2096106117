/* cli-import.c: `cohort-cli import`, a customer file into a new version of an audience */
#include "config.h"

#include <stdio.h>
#include <unistd.h>
#include <glib/gi18n.h>

#include "cli/cli.h"
#include "cli/cli-import-options.h"
#include "core/settings.h"
#include "core/store.h"
#include "core/store-activations.h"
#include "core/store-alerts.h"
#include "core/store-labels.h"

typedef struct
{
  guint64 total_bytes;
  gint64  started;
  gboolean shown;
} Progress;

/* A line on stderr, redrawn, for files that take more than a second; only
 * on a terminal, so logs and pipes stay clean. */
static void
show_progress (guint64  bytes_read,
               guint64  rows,
               gpointer user_data)
{
  Progress *progress = user_data;
  g_autofree char *read = NULL;
  g_autofree char *total = NULL;

  if (g_get_monotonic_time () - progress->started < G_USEC_PER_SEC)
    return;
  read = g_format_size (bytes_read);
  total = g_format_size (progress->total_bytes);
  g_printerr ("\r");
  g_printerr (_("Read %s of %s, %llu rows…"), read, total, (unsigned long long) rows);
  progress->shown = TRUE;
}

/* The counts of rows, as `import` and `suppress import` show them. */
void
cohort_cli_print_rows (const CohortImportReport *r)
{
  g_print ("  %-26s %12llu\n", _("Rows read"), (unsigned long long) r->rows);
  g_print ("  %-26s %12llu\n", _("Accepted"), (unsigned long long) r->accepted);
  g_print ("  %-26s %12llu\n", _("  of which duplicates"), (unsigned long long) r->duplicates);
  g_print ("  %-26s %12llu\n", _("Rejected"), (unsigned long long) r->rejected);
  g_print ("  %-26s %12llu\n", _("Excluded (no consent)"), (unsigned long long) r->excluded);
  g_print ("  %-26s %12llu\n", _("Cells already hashed"), (unsigned long long) r->prehashed);
}

/* The reasons of the rejected and excluded, as `import` shows them. */
void
cohort_cli_print_reasons (const CohortImportReport *r)
{
  gboolean has_reasons = FALSE;

  for (CohortReason reason = COHORT_REASON_EMAIL_INVALID; reason < COHORT_N_REASONS; reason++)
    if (r->reasons[reason] > 0)
      {
        if (!has_reasons)
          g_print ("\n%s\n", _("Reasons:"));
        has_reasons = TRUE;
        g_print ("  %-18s %10llu   %s\n", cohort_reason_to_code (reason),
                 (unsigned long long) r->reasons[reason], cohort_reason_describe (reason));
      }
}

static void
print_report (const CohortImportReport *r,
              const char               *file_name,
              gboolean                  dry_run)
{
  if (dry_run)
    g_print (_("Audience “%s” (dry run, nothing stored), from %s"), r->audience, file_name);
  else
    g_print (_("Audience “%s”, version %lld, from %s"), r->audience, (long long) r->version, file_name);
  g_print ("\n\n");
  cohort_cli_print_rows (r);

  g_print ("\n%s\n", _("Unique identifiers, and changes since the previous version:"));
  for (CohortIdentity i = 0; i < COHORT_N_IDENTITIES; i++)
    g_print ("  %-8s %12llu   +%llu −%llu\n", cohort_identity_to_string (i),
             (unsigned long long) r->unique[i], (unsigned long long) r->added[i],
             (unsigned long long) r->removed[i]);
  cohort_cli_print_reasons (r);
}

/* The audience's labels, and the activations those given may have paused. */
static void
print_labels (CohortStore *store,
              const char  *audience,
              gboolean     labelled)
{
  g_autoptr (GPtrArray) labels = cohort_store_list_labels (store, audience, NULL);
  g_autoptr (GPtrArray) activations = labelled ? cohort_store_list_activations (store, NULL) : NULL;

  if (labels != NULL)
    {
      g_autofree char *text = cohort_cli_describe_labels (labels);

      g_print ("\n%s %s\n", _("Usage labels:"), text);
    }

  for (guint i = 0; activations != NULL && i < activations->len; i++)
    {
      const CohortActivation *activation = g_ptr_array_index (activations, i);

      if (g_str_equal (activation->audience, audience) && *activation->hold != '\0')
        {
          g_print ("\n");
          g_print (_("“%s” → “%s” is paused: %s"), activation->audience, activation->destination,
                   activation->reason);
          g_print ("\n");
        }
    }
}

int
cohort_cli_import (const CohortCliGlobals *globals,
                   int                     argc,
                   char                  **argv)
{
  CohortCliImportOptions options = { NULL };
  g_autofree char *audience = NULL;
  g_autofree char *rejects_path = NULL;
  g_auto (GStrv) label_texts = NULL;
  g_autofree char *label_reason = NULL;
  guint labels = 0;
  gboolean dry_run = FALSE;
  gboolean json = FALSE;
  const GOptionEntry own[] = {
    { "audience", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, &audience,
      N_("The audience this file is a new version of (created when new)"), N_("NAME") },
    { "rejects", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME, &rejects_path,
      N_("Write the rejected cells, with their values, to this CSV file"), N_("OUT.csv") },
    { "label", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING_ARRAY, &label_texts,
      N_("Label the audience: consent-marketing, no-ad-targeting, sensitive, minors-possible"), N_("LABEL,…") },
    { "label-reason", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, &label_reason,
      N_("Why the labels given apply, shown with them"), N_("TEXT") },
    { "dry-run", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, &dry_run,
      N_("Count and compare, store nothing"), NULL },
    { "json", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL },
  };
  g_autofree GOptionEntry *entries = cohort_cli_import_option_entries (&options, own);
  g_autoptr (CohortImport) import = NULL;
  g_autoptr (CohortStore) store = NULL;
  g_autoptr (GFile) rejects = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GFileInfo) info = NULL;
  Progress progress = { 0, g_get_monotonic_time (), FALSE };
  int exit_code = COHORT_CLI_EXIT_OK;
  gboolean ok;

  if (!cohort_cli_parse_options ("import", entries, &argc, &argv, &exit_code))
    {
      cohort_cli_import_options_clear (&options);
      return exit_code;
    }
  if (argc != 2)
    exit_code = cohort_cli_usage_error ("import", argc < 2 ? _("No file given.")
                                                           : _("Give one file at a time."));
  else if (audience == NULL)
    exit_code = cohort_cli_usage_error ("import", _("Name the audience with --audience NAME."));
  else if (label_reason != NULL && label_texts == NULL)
    exit_code = cohort_cli_usage_error ("import", _("--label-reason goes with --label."));
  else if (!cohort_usage_label_check_reason (label_reason, &error))
    exit_code = cohort_cli_usage_error ("import", "%s", error->message);
  else if (cohort_cli_parse_labels ("import", label_texts, &labels, &exit_code))
    import = cohort_cli_import_new (&options, "import", argv[1], &exit_code);
  cohort_cli_import_options_clear (&options);
  if (import == NULL)
    return exit_code;

  cohort_import_set_labels (import, labels, label_reason);
  store = cohort_store_open (globals->data_dir, &error);
  if (store == NULL)
    return cohort_cli_fail ("import", error);
  if (rejects_path != NULL)
    rejects = g_file_new_for_commandline_arg (rejects_path);

  {
    g_autoptr (GFile) file = g_file_new_for_commandline_arg (argv[1]);

    info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE, NULL, NULL);
    progress.total_bytes = info != NULL ? g_file_info_get_size (info) : 0;
  }

  ok = cohort_import_run (import, store, audience, rejects, dry_run,
                          isatty (STDERR_FILENO) ? show_progress : NULL, &progress, NULL, &error);
  if (progress.shown)
    g_printerr ("\n");
  if (!ok)
    return cohort_cli_fail ("import", error);
  if (!dry_run)
    {
      g_autoptr (GSettings) settings = cohort_settings_new (NULL);
      guint threshold = settings != NULL ? (guint) g_settings_get_int (settings, "rejection-alert-percent") : 10;

      if (!cohort_store_raise_rejection_alerts (store, cohort_import_get_report (import), threshold, &error))
        return cohort_cli_fail ("import", error);
    }

  if (json)
    {
      g_autoptr (JsonNode) node = cohort_import_report_to_json (cohort_import_get_report (import));

      cohort_cli_print_json (node);
    }
  else
    {
      g_autofree char *name = g_path_get_basename (argv[1]);

      print_report (cohort_import_get_report (import), name, dry_run);
      if (!dry_run)
        print_labels (store, cohort_import_get_report (import)->audience, labels != 0);
    }
  return COHORT_CLI_EXIT_OK;
}
