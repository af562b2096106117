/* i18n.c: gettext set-up shared by the window, the command line and the tests */
#include "config.h"

#include <locale.h>
#include <glib/gi18n-lib.h>

#include "core/i18n.h"

void
cohort_i18n_init (void)
{
  /* Tests run before `meson install`: they point at the catalogues in the build tree. */
  const char *localedir = g_getenv ("COHORT_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL && *localedir != '\0' ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}
