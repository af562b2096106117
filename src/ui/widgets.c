/* widgets.c: small pieces the window's pages share: a toast from any widget, a count label, policy news */
#include "config.h"

#include <glib/gi18n.h>

#include "core/format.h"
#include "core/store-policies.h"
#include "ui/widgets.h"

/* In the nearest toast overlay above @widget; nowhere when it has none
 * (a page not in a window yet, or one being closed). */
void
cohort_ui_toast (GtkWidget  *widget,
                 const char *message)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (message));
}

/* 1,204 as the locale writes it, in figures that line up. */
GtkWidget *
cohort_ui_count_label (gint64 n)
{
  g_autofree char *text = cohort_format_count (MAX (n, 0));
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_add_css_class (label, "numeric");
  return label;
}

/**
 * cohort_ui_toast_policy_changes:
 * @changes: (element-type CohortPolicyChange) (nullable): what a label or
 *   policy change did to the activations
 */
void
cohort_ui_toast_policy_changes (GtkWidget *widget,
                                GPtrArray *changes)
{
  for (guint i = 0; changes != NULL && i < changes->len; i++)
    {
      const CohortPolicyChange *change = g_ptr_array_index (changes, i);
      g_autofree char *message = NULL;

      if (*change->hold != '\0')
        /* Translators: an audience, a destination, then why, a sentence */
        message = g_strdup_printf (_("Sending “%s” to “%s” is paused: %s"), change->audience, change->destination,
                                   change->reason);
      else
        message = g_strdup_printf (_("“%s” may be sent to “%s” again"), change->audience, change->destination);
      cohort_ui_toast (widget, message);
    }
}
