/* cli.h: what cohort-cli's subcommands share: their table entry, global options and output */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Exit codes, as sysexits-minded scripts expect them. */
enum
{
  COHORT_CLI_EXIT_OK = 0,
  COHORT_CLI_EXIT_FAILED = 1,
  COHORT_CLI_EXIT_USAGE = 2,
};

typedef struct
{
  const char *data_dir; /* --data-dir, NULL for the default */
  const char *api_base; /* --api-base, NULL for the settings */
} CohortCliGlobals;

typedef struct
{
  const char *name;
  const char *parameters; /* after the name in --help, translatable */
  const char *summary;    /* one line, translatable */
  int (*run) (const CohortCliGlobals *globals,
              int                     argc,
              char                  **argv);
} CohortCliCommand;

int      cohort_cli_main          (int                  argc,
                                   char               **argv);

gboolean cohort_cli_parse_options (const char             *name,
                                   const GOptionEntry     *entries,
                                   int                    *argc,
                                   char                 ***argv,
                                   int                    *exit_code);
int      cohort_cli_usage_error   (const char             *command,
                                   const char             *format,
                                   ...) G_GNUC_PRINTF (2, 3);
int      cohort_cli_fail          (const char             *command,
                                   const GError           *error);
void     cohort_cli_print_json    (JsonNode               *node);
char    *cohort_cli_format_time   (gint64                  unix_time);
void     cohort_cli_store_result  (GObject                *source,
                                   GAsyncResult           *result,
                                   gpointer                user_data);
GAsyncResult *cohort_cli_wait     (GAsyncResult          **slot);

gboolean cohort_cli_parse_labels  (const char             *command,
                                   char                  **texts,
                                   guint                  *out_labels,
                                   int                    *exit_code);
void     cohort_cli_add_labels_json (JsonBuilder          *builder,
                                     GPtrArray            *labels);
void     cohort_cli_print_policy_changes (GPtrArray       *changes);
char    *cohort_cli_describe_labels (GPtrArray            *labels);

int      cohort_cli_info          (const CohortCliGlobals *globals,
                                   int                     argc,
                                   char                  **argv);
int      cohort_cli_config        (const CohortCliGlobals *globals,
                                   int                     argc,
                                   char                  **argv);
int      cohort_cli_import        (const CohortCliGlobals *globals,
                                   int                     argc,
                                   char                  **argv);
int      cohort_cli_inspect       (const CohortCliGlobals *globals,
                                   int                     argc,
                                   char                  **argv);
int      cohort_cli_audiences     (const CohortCliGlobals *globals,
                                   int                     argc,
                                   char                  **argv);
int      cohort_cli_export        (const CohortCliGlobals *globals,
                                   int                     argc,
                                   char                  **argv);
int      cohort_cli_credentials   (const CohortCliGlobals *globals,
                                   int                     argc,
                                   char                  **argv);
int      cohort_cli_connect       (const CohortCliGlobals *globals,
                                   int                     argc,
                                   char                  **argv);
int      cohort_cli_accounts      (const CohortCliGlobals *globals,
                                   int                     argc,
                                   char                  **argv);
int      cohort_cli_disconnect    (const CohortCliGlobals *globals,
                                   int                     argc,
                                   char                  **argv);
int      cohort_cli_destination   (const CohortCliGlobals *globals,
                                   int                     argc,
                                   char                  **argv);
int      cohort_cli_activate      (const CohortCliGlobals *globals,
                                   int                     argc,
                                   char                  **argv);
int      cohort_cli_deactivate    (const CohortCliGlobals *globals,
                                   int                     argc,
                                   char                  **argv);
int      cohort_cli_sync          (const CohortCliGlobals *globals,
                                   int                     argc,
                                   char                  **argv);
int      cohort_cli_status        (const CohortCliGlobals *globals,
                                   int                     argc,
                                   char                  **argv);
int      cohort_cli_runs          (const CohortCliGlobals *globals,
                                   int                     argc,
                                   char                  **argv);
int      cohort_cli_alerts        (const CohortCliGlobals *globals,
                                   int                     argc,
                                   char                  **argv);
int      cohort_cli_watch         (const CohortCliGlobals *globals,
                                   int                     argc,
                                   char                  **argv);
int      cohort_cli_unwatch       (const CohortCliGlobals *globals,
                                   int                     argc,
                                   char                  **argv);
int      cohort_cli_audit         (const CohortCliGlobals *globals,
                                   int                     argc,
                                   char                  **argv);
int      cohort_cli_suppress      (const CohortCliGlobals *globals,
                                   int                     argc,
                                   char                  **argv);
int      cohort_cli_versions      (const CohortCliGlobals *globals,
                                   int                     argc,
                                   char                  **argv);
int      cohort_cli_delete        (const CohortCliGlobals *globals,
                                   int                     argc,
                                   char                  **argv);
int      cohort_cli_label         (const CohortCliGlobals *globals,
                                   int                     argc,
                                   char                  **argv);
int      cohort_cli_policy        (const CohortCliGlobals *globals,
                                   int                     argc,
                                   char                  **argv);
int      cohort_cli_profiles      (const CohortCliGlobals *globals,
                                   int                     argc,
                                   char                  **argv);

G_END_DECLS
