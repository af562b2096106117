/* alert-notify.h: an alert as a desktop notification, and whether it needs the window's banner */
#pragma once

#include <gio/gio.h>

#include "core/store-alerts.h"

G_BEGIN_DECLS

GNotification *cohort_ui_alert_notification_new (const CohortAlert *alert);
char          *cohort_ui_alert_notification_id  (const CohortAlert *alert);
gboolean       cohort_ui_alert_needs_banner     (const CohortAlert *alert);

G_END_DECLS
