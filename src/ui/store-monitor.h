/* store-monitor.h: CohortStoreMonitor, told when another process (or this one) changes the database */
#pragma once

#include <gio/gio.h>

#include "core/store.h"

G_BEGIN_DECLS

#define COHORT_TYPE_STORE_MONITOR (cohort_store_monitor_get_type ())
G_DECLARE_FINAL_TYPE (CohortStoreMonitor, cohort_store_monitor, COHORT, STORE_MONITOR, GObject)

CohortStoreMonitor *cohort_store_monitor_new       (CohortStore        *store);
CohortStore        *cohort_store_monitor_get_store (CohortStoreMonitor *self);

G_END_DECLS
