/* main.c: the `cohort-cli` binary */
#include "config.h"

#include "cli/cli.h"
#include "core/i18n.h"

int
main (int   argc,
      char *argv[])
{
  cohort_i18n_init ();
  return cohort_cli_main (argc, argv);
}
