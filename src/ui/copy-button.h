/* copy-button.h: a button that copies a text (a TikTok request ID, a message) to the clipboard */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

GtkWidget *cohort_ui_copy_button_new (const char *text,
                                      const char *tooltip);
void       cohort_ui_copy_text       (GtkWidget  *widget,
                                      const char *text);

G_END_DECLS
