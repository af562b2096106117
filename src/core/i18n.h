/* i18n.h: gettext set-up shared by the window, the command line and the tests */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void cohort_i18n_init (void);

G_END_DECLS
