/* test-sync-runner.c: the window's `cohort-cli sync`: started, started again after a crash, stopped */
#include "config.h"

#include <signal.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "core/store.h"
#include "core/sync.h"
#include "ui/sync-runner.h"

static gboolean
is_running (gpointer user_data)
{
  return cohort_sync_runner_is_running (user_data);
}

static gboolean
is_stopped (gpointer user_data)
{
  return !cohort_sync_runner_is_running (user_data);
}

static void
wait_until (gboolean  (*condition) (gpointer),
            gpointer    user_data,
            const char *what)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (!condition (user_data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("timed out waiting for %s", what);
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (10000);
    }
}

/* The lock is the sync's: taken while it runs, free once it is gone. */
static gboolean
lock_is_free (CohortStore *store)
{
  g_autoptr (GError) error = NULL;
  int fd = cohort_sync_lock (store, &error);

  if (fd < 0)
    {
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_BUSY);
      return FALSE;
    }
  close (fd);
  return TRUE;
}

static gboolean
lock_taken (gpointer user_data)
{
  return !lock_is_free (user_data);
}

static void
test_sync_runner (void)
{
  g_autofree char *data_dir = g_dir_make_tmp ("cohort-sync-runner-XXXXXX", NULL);
  g_autoptr (CohortSyncRunner) runner = cohort_sync_runner_new ();
  g_autoptr (CohortStore) store = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *first = NULL;

  g_setenv ("COHORT_DATA_DIR", data_dir, TRUE);
  store = cohort_store_open (data_dir, &error);
  g_assert_no_error (error);

  cohort_sync_runner_start (runner);
  wait_until (is_running, runner, "the sync to start");
  wait_until (lock_taken, store, "the sync to take its lock");

  /* Killed: started again, by a new process. */
  first = g_strdup (cohort_sync_runner_get_identifier (runner));
  g_assert_nonnull (first);
  kill ((pid_t) g_ascii_strtoll (first, NULL, 10), SIGKILL);
  wait_until (is_stopped, runner, "the killed sync to be seen gone");
  wait_until (is_running, runner, "the sync to start again");
  g_assert_cmpstr (cohort_sync_runner_get_identifier (runner), !=, first);
  wait_until (lock_taken, store, "the new sync to take its lock");

  /* Stopped: gone for good, its lock free. */
  cohort_sync_runner_stop (runner);
  wait_until (is_stopped, runner, "the sync to stop");
  g_assert_true (lock_is_free (store));
  g_usleep (G_USEC_PER_SEC / 2);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_false (cohort_sync_runner_is_running (runner));

  g_clear_object (&store);
  {
    const char *names[] = { "cohort.db", "cohort.db-wal", "cohort.db-shm", "sync.lock" };

    for (guint i = 0; i < G_N_ELEMENTS (names); i++)
      {
        g_autofree char *path = g_build_filename (data_dir, names[i], NULL);

        g_remove (path);
      }
    g_rmdir (data_dir);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sync-runner/restart-and-stop", test_sync_runner);
  return g_test_run ();
}
