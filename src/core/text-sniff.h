/* text-sniff.h: tells from a file's first bytes whether it can be a text table */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* How many bytes cohort_text_sniff() wants to see. */
#define COHORT_TEXT_SNIFF_LENGTH 4096

gboolean cohort_text_sniff (const guint8 *data,
                            gsize         length);

G_END_DECLS
