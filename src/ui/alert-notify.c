/* alert-notify.c: an alert as a desktop notification, and whether it needs the window's banner */
#include "config.h"

#include <glib/gi18n.h>

#include "ui/alert-notify.h"

/**
 * cohort_ui_alert_needs_banner:
 *
 * Whether @alert's kind stops sending until the user acts: a token TikTok
 * refused or revoked, a permission missing (both pause the activation),
 * or a hold of the destination's policy. The others retry on their own.
 */
gboolean
cohort_ui_alert_needs_banner (const CohortAlert *alert)
{
  g_return_val_if_fail (alert != NULL, FALSE);

  return (alert->kind & (COHORT_ALERT_PAUSED | COHORT_ALERT_POLICY)) != 0;
}

/**
 * cohort_ui_alert_notification_new:
 *
 * The notification for @alert: its kind as the title, what it is about
 * and its message as the body. Clicking it activates `app.show-status`
 * with the activation's ID (an int64) when the alert is about one, and
 * `app.show-alerts` otherwise. Alerts that need the user are urgent.
 *
 * Returns: (transfer full): send it with g_application_send_notification()
 *   under cohort_ui_alert_notification_id()
 */
GNotification *
cohort_ui_alert_notification_new (const CohortAlert *alert)
{
  GNotification *notification;
  g_autofree char *body = NULL;

  g_return_val_if_fail (alert != NULL, NULL);

  notification = g_notification_new (cohort_alert_kind_describe (alert->kind));
  if (alert->subject != NULL && *alert->subject != '\0')
    /* Translators: what the alert is about ("Clients → Paris"), then its message */
    body = g_strdup_printf (_("%s: %s"), alert->subject, alert->message);
  else
    body = g_strdup (alert->message);
  g_notification_set_body (notification, body);
  if (alert->activation_id != 0)
    g_notification_set_default_action_and_target_value (notification, "app.show-status",
                                                        g_variant_new_int64 (alert->activation_id));
  else
    g_notification_set_default_action (notification, "app.show-alerts");
  g_notification_set_priority (notification, cohort_ui_alert_needs_banner (alert) ? G_NOTIFICATION_PRIORITY_HIGH
                                                                                 : G_NOTIFICATION_PRIORITY_NORMAL);
  return notification;
}

/* The same for each alert, so that acknowledging it can withdraw it. */
char *
cohort_ui_alert_notification_id (const CohortAlert *alert)
{
  g_return_val_if_fail (alert != NULL, NULL);

  return g_strdup_printf ("alert-%lld", (long long) alert->id);
}
