/* ui-helpers.c: finding widgets and waiting on the main loop, for the UI tests */
#include "config.h"

#include <glib/gstdio.h>

#include "ui-helpers.h"

/* The first mapped widget of @type under @root, depth first. */
GtkWidget *
ui_find_mapped (GtkWidget *root,
                GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type) && gtk_widget_get_mapped (root))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = ui_find_mapped (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The first widget under @root whose name (the .ui's id for template children) is @name. */
GtkWidget *
ui_find_named (GtkWidget  *root,
               const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = ui_find_named (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
timed_out (gpointer user_data)
{
  g_error ("timed out waiting for %s", (const char *) user_data);
  return G_SOURCE_REMOVE;
}

/* Spins the main loop until *@pointer becomes NULL (a weak pointer) or non-NULL. */
void
ui_wait_for (gpointer   *pointer,
             gboolean    until_null,
             const char *what)
{
  guint timeout = g_timeout_add_seconds (10, timed_out, (gpointer) what);

  while ((*pointer == NULL) != until_null)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout);
}

/* Spins the main loop until @condition holds, for @seconds at most. */
void
ui_wait_until (UiCondition  condition,
               gpointer     user_data,
               guint        seconds,
               const char  *what)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (!condition (user_data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("timed out waiting for %s", what);
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (5000);
    }
}

/* Removes @path and the files in it (the tests' folders hold no subfolders). */
void
ui_remove_dir (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      g_remove (child);
    }
  g_rmdir (path);
}
