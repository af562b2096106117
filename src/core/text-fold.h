/* text-fold.h: folds names for matching: trimmed, without accents, case-folded */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *cohort_text_fold (const char *text,
                        gssize      length);

G_END_DECLS
