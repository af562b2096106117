/* sync-runner.c: CohortSyncRunner, `cohort-cli sync` kept running while Cohort is open
 *
 * The window does not sync by itself: it runs the very `cohort-cli sync`
 * that scripts and servers run, with its lock, back-off, watched files and
 * crash safety, and follows what it writes in the database. One sender, one
 * place for its logic, and a crash of either leaves the other standing.
 */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <glib/gi18n.h>

#include "ui/sync-runner.h"

/* A sync that stops by itself (another Cohort holds the lock, a broken
 * database) is tried again, less and less often. */
#define RESTART_FIRST_MS 2000
#define RESTART_MAX_MS   60000

struct _CohortSyncRunner
{
  GObject       parent_instance;

  GSubprocess  *process;
  GCancellable *cancellable;
  gboolean      wanted;
  guint         restart;
  guint         restart_ms;
  char         *status; /* what the last sync said when it stopped */
};

G_DEFINE_FINAL_TYPE (CohortSyncRunner, cohort_sync_runner, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_RUNNING,
  PROP_STATUS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void spawn (CohortSyncRunner *self);

/**
 * cohort_sync_runner_find_cli:
 *
 * `$COHORT_CLI` when set (the tests), else the cohort-cli beside this
 * program (an installed prefix, or the build tree's src/cli/), else the
 * configured bindir.
 *
 * Returns: (transfer full): the path of cohort-cli
 */
char *
cohort_sync_runner_find_cli (void)
{
  const char *env = g_getenv ("COHORT_CLI");
  g_autofree char *self_path = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *dir = self_path != NULL ? g_path_get_dirname (self_path) : NULL;
  const char *candidates[] = { "cohort-cli", "cli/cohort-cli" };

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  for (guint i = 0; dir != NULL && i < G_N_ELEMENTS (candidates); i++)
    {
      g_autofree char *path = g_build_filename (dir, candidates[i], NULL);

      if (g_file_test (path, G_FILE_TEST_IS_EXECUTABLE))
        return g_steal_pointer (&path);
    }
  return g_build_filename (BINDIR, "cohort-cli", NULL);
}

static void
set_status (CohortSyncRunner *self,
            const char       *status)
{
  if (g_strcmp0 (self->status, status) == 0)
    return;
  g_free (self->status);
  self->status = g_strdup (status);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

static gboolean
restart_cb (gpointer user_data)
{
  CohortSyncRunner *self = user_data;

  self->restart = 0;
  if (self->wanted && self->process == NULL)
    spawn (self);
  return G_SOURCE_REMOVE;
}

static void
communicated_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr (CohortSyncRunner) self = user_data;
  GSubprocess *process = G_SUBPROCESS (source);
  g_autofree char *err = NULL;
  g_autoptr (GError) error = NULL;

  g_subprocess_communicate_utf8_finish (process, result, NULL, &err, &error);
  if (process != self->process)
    return;
  g_clear_object (&self->process);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  if (err != NULL && *g_strstrip (err) != '\0')
    {
      /* Its last line says why it stopped; the command line never prints a secret. */
      const char *last = strrchr (err, '\n');

      set_status (self, last != NULL ? last + 1 : err);
    }
  if (!self->wanted)
    return;
  self->restart_ms = self->restart_ms == 0 ? RESTART_FIRST_MS : MIN (self->restart_ms * 2, RESTART_MAX_MS);
  self->restart = g_timeout_add (self->restart_ms, restart_cb, self);
}

static void
spawn (CohortSyncRunner *self)
{
  g_autofree char *cli = cohort_sync_runner_find_cli ();
  g_autoptr (GError) error = NULL;

  self->process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error, cli,
                                    "sync", NULL);
  if (self->process == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Cannot start “%s”: %s"), cli, error->message);

      set_status (self, message);
      return;
    }
  g_subprocess_communicate_utf8_async (self->process, NULL, self->cancellable, communicated_cb,
                                       g_object_ref (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

/* Starts `cohort-cli sync`, and starts it again whenever it stops, until
 * cohort_sync_runner_stop(). */
void
cohort_sync_runner_start (CohortSyncRunner *self)
{
  g_return_if_fail (COHORT_IS_SYNC_RUNNER (self));

  self->wanted = TRUE;
  self->restart_ms = 0;
  if (self->process == NULL && self->restart == 0)
    spawn (self);
}

/* SIGTERM: the sync ends its request and leaves the rest in the outbox. */
void
cohort_sync_runner_stop (CohortSyncRunner *self)
{
  g_return_if_fail (COHORT_IS_SYNC_RUNNER (self));

  self->wanted = FALSE;
  g_clear_handle_id (&self->restart, g_source_remove);
  if (self->process != NULL)
    g_subprocess_send_signal (self->process, SIGTERM);
}

gboolean
cohort_sync_runner_is_running (CohortSyncRunner *self)
{
  g_return_val_if_fail (COHORT_IS_SYNC_RUNNER (self), FALSE);

  return self->process != NULL;
}

/* Returns: (nullable): the running sync's process ID, for diagnostics */
const char *
cohort_sync_runner_get_identifier (CohortSyncRunner *self)
{
  g_return_val_if_fail (COHORT_IS_SYNC_RUNNER (self), NULL);

  return self->process != NULL ? g_subprocess_get_identifier (self->process) : NULL;
}

/* Returns: (nullable): why the last sync stopped, when it said */
const char *
cohort_sync_runner_get_status (CohortSyncRunner *self)
{
  g_return_val_if_fail (COHORT_IS_SYNC_RUNNER (self), NULL);

  return self->status;
}

static void
cohort_sync_runner_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  CohortSyncRunner *self = COHORT_SYNC_RUNNER (object);

  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, self->process != NULL);
      break;
    case PROP_STATUS:
      g_value_set_string (value, self->status);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cohort_sync_runner_dispose (GObject *object)
{
  CohortSyncRunner *self = COHORT_SYNC_RUNNER (object);

  cohort_sync_runner_stop (self);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->process);

  G_OBJECT_CLASS (cohort_sync_runner_parent_class)->dispose (object);
}

static void
cohort_sync_runner_finalize (GObject *object)
{
  CohortSyncRunner *self = COHORT_SYNC_RUNNER (object);

  g_clear_object (&self->cancellable);
  g_free (self->status);

  G_OBJECT_CLASS (cohort_sync_runner_parent_class)->finalize (object);
}

static void
cohort_sync_runner_class_init (CohortSyncRunnerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = cohort_sync_runner_get_property;
  object_class->dispose = cohort_sync_runner_dispose;
  object_class->finalize = cohort_sync_runner_finalize;

  properties[PROP_RUNNING] = g_param_spec_boolean ("running", NULL, NULL, FALSE,
                                                   G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS] = g_param_spec_string ("status", NULL, NULL, NULL,
                                                 G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cohort_sync_runner_init (CohortSyncRunner *self)
{
  self->cancellable = g_cancellable_new ();
}

CohortSyncRunner *
cohort_sync_runner_new (void)
{
  return g_object_new (COHORT_TYPE_SYNC_RUNNER, NULL);
}
