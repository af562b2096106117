/* format.h: numbers as the user's locale writes them */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *cohort_format_count (guint64 n);

G_END_DECLS
