/* ui-helpers.h: finding widgets and waiting on the main loop, for the UI tests */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

typedef gboolean (*UiCondition) (gpointer user_data);

GtkWidget *ui_find_mapped (GtkWidget   *root,
                           GType        type);
GtkWidget *ui_find_named  (GtkWidget   *root,
                           const char  *name);
void       ui_wait_for    (gpointer    *pointer,
                           gboolean     until_null,
                           const char  *what);
void       ui_wait_until  (UiCondition  condition,
                           gpointer     user_data,
                           guint        seconds,
                           const char  *what);

void       ui_remove_dir  (const char  *path);

G_END_DECLS
