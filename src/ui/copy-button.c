/* copy-button.c: a button that copies a text (a TikTok request ID, a message) to the clipboard */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "ui/copy-button.h"
#include "ui/widgets.h"

/**
 * cohort_ui_copy_text:
 * @widget: the widget the user acted on: its display's clipboard is used,
 *   and its nearest toast overlay says it is done
 */
void
cohort_ui_copy_text (GtkWidget  *widget,
                     const char *text)
{
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text);
  cohort_ui_toast (widget, _("Copied to the clipboard"));
}

static void
clicked_cb (GtkButton *button)
{
  cohort_ui_copy_text (GTK_WIDGET (button), g_object_get_data (G_OBJECT (button), "text"));
}

/**
 * cohort_ui_copy_button_new:
 * @tooltip: what it copies, said as an action ("Copy the Request ID"): its
 *   tooltip and accessible label
 *
 * Returns: (transfer floating): a flat button with the copy icon
 */
GtkWidget *
cohort_ui_copy_button_new (const char *text,
                           const char *tooltip)
{
  GtkWidget *button = gtk_button_new_from_icon_name ("edit-copy-symbolic");

  g_object_set_data_full (G_OBJECT (button), "text", g_strdup (text), g_free);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  g_signal_connect (button, "clicked", G_CALLBACK (clicked_cb), NULL);
  return button;
}
