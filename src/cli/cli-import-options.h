/* cli-import-options.h: the mapping options `import` and `inspect` share */
#pragma once

#include "core/import.h"

G_BEGIN_DECLS

typedef struct
{
  char     *country;
  char     *country_column;
  char    **maps;
  char    **consents;
  gboolean  no_detect;
  gboolean  no_header;
  char     *delimiter;
  char     *encoding;
  char     *profile;
  gboolean  email_gmail_dots;
  gboolean  phone_digits_only;
  gboolean  idfa_uppercase;
} CohortCliImportOptions;

GOptionEntry *cohort_cli_import_option_entries (CohortCliImportOptions *options,
                                                const GOptionEntry     *extra);
void          cohort_cli_import_options_clear  (CohortCliImportOptions *options);
CohortImport *cohort_cli_import_new            (const CohortCliImportOptions *options,
                                                const char             *command,
                                                const char             *path,
                                                int                    *exit_code);
void          cohort_cli_print_rows            (const CohortImportReport     *report);
void          cohort_cli_print_reasons         (const CohortImportReport     *report);

G_END_DECLS
