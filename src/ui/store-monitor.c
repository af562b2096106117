/* store-monitor.c: CohortStoreMonitor, told when another process (or this one) changes the database */
#include "config.h"

#include "ui/store-monitor.h"

/* A sync or an import writes in bursts: one "changed" a burst. */
#define DEBOUNCE_MS 300

struct _CohortStoreMonitor
{
  GObject       parent_instance;

  CohortStore  *store;
  GFileMonitor *monitor;
  guint         debounce;
};

G_DEFINE_FINAL_TYPE (CohortStoreMonitor, cohort_store_monitor, G_TYPE_OBJECT)

enum
{
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
debounced (gpointer user_data)
{
  CohortStoreMonitor *self = user_data;

  self->debounce = 0;
  g_signal_emit (self, signals[CHANGED], 0);
  return G_SOURCE_REMOVE;
}

/* Any write changes the write-ahead log (or the file itself): the rest
 * of the folder (the sync lock) is not news. */
static void
file_changed (GFileMonitor       *monitor,
              GFile              *file,
              GFile              *other,
              GFileMonitorEvent   event,
              CohortStoreMonitor *self)
{
  g_autofree char *name = g_file_get_basename (file);

  if (!g_str_has_prefix (name, "cohort.db") || self->debounce != 0)
    return;
  self->debounce = g_timeout_add (DEBOUNCE_MS, debounced, self);
}

static void
cohort_store_monitor_dispose (GObject *object)
{
  CohortStoreMonitor *self = COHORT_STORE_MONITOR (object);

  g_clear_handle_id (&self->debounce, g_source_remove);
  if (self->monitor != NULL)
    g_file_monitor_cancel (self->monitor);
  g_clear_object (&self->monitor);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (cohort_store_monitor_parent_class)->dispose (object);
}

static void
cohort_store_monitor_class_init (CohortStoreMonitorClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = cohort_store_monitor_dispose;

  /**
   * CohortStoreMonitor::changed:
   *
   * The database changed, at most once every 300 ms.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 0);
}

static void
cohort_store_monitor_init (CohortStoreMonitor *self)
{
}

CohortStoreMonitor *
cohort_store_monitor_new (CohortStore *store)
{
  CohortStoreMonitor *self;
  g_autoptr (GFile) dir = NULL;

  g_return_val_if_fail (COHORT_IS_STORE (store), NULL);

  self = g_object_new (COHORT_TYPE_STORE_MONITOR, NULL);
  self->store = g_object_ref (store);
  dir = g_file_new_for_path (cohort_store_get_dir (store));
  self->monitor = g_file_monitor_directory (dir, G_FILE_MONITOR_NONE, NULL, NULL);
  if (self->monitor != NULL)
    g_signal_connect_object (self->monitor, "changed", G_CALLBACK (file_changed), self, 0);
  return self;
}

CohortStore *
cohort_store_monitor_get_store (CohortStoreMonitor *self)
{
  g_return_val_if_fail (COHORT_IS_STORE_MONITOR (self), NULL);

  return self->store;
}
