/* widgets.h: small pieces the window's pages share: a toast from any widget, a count label, policy news */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

void       cohort_ui_toast                (GtkWidget  *widget,
                                           const char *message);
GtkWidget *cohort_ui_count_label          (gint64      n);
void       cohort_ui_toast_policy_changes (GtkWidget  *widget,
                                           GPtrArray  *changes);

G_END_DECLS
