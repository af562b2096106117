/* main.c: the `cohort` binary; everything else lives in libcohort-ui so tests can use it */
#include "config.h"

#include "core/i18n.h"
#include "ui/application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr (CohortApplication) app = NULL;

  cohort_i18n_init ();
  app = cohort_application_new (G_APPLICATION_DEFAULT_FLAGS);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
