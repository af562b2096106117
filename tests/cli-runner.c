/* cli-runner.c: runs cohort-cli the way a script does, for the integration tests */
#include "config.h"

#include "cli-runner.h"

void
cli_run_clear (CliRun *run)
{
  g_free (run->out);
  g_free (run->err);
}

static GSubprocess *
spawnv (const char *const *env_extra,
        GSubprocessFlags   flags,
        const char        *first_arg,
        va_list            args)
{
  g_autoptr (GSubprocessLauncher) launcher = g_subprocess_launcher_new (flags);
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  GSubprocess *process;
  const char *cli = g_getenv ("COHORT_CLI");

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (char *) cli);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  g_ptr_array_add (argv, NULL);

  /* Settings written by one run are read by the next: a real file backend in
   * the test's own XDG_CONFIG_HOME. */
  g_subprocess_launcher_setenv (launcher, "GSETTINGS_BACKEND", "keyfile", TRUE);
  /* ISOLATE_DIRS changes GLib's idea of these folders, not the environment. */
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", g_get_user_data_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", g_get_user_config_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CACHE_HOME", g_get_user_cache_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "HOME", g_get_home_dir (), TRUE);
  for (guint i = 0; env_extra != NULL && env_extra[i] != NULL; i++)
    {
      g_auto (GStrv) pair = g_strsplit (env_extra[i], "=", 2);

      g_subprocess_launcher_setenv (launcher, pair[0], pair[1], TRUE);
    }

  process = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);
  return process;
}

/* Starts cohort-cli with @flags for its pipes; the caller reads and waits. */
GSubprocess *
cli_spawn (const char *const *env_extra,
           GSubprocessFlags   flags,
           const char        *first_arg,
           ...)
{
  GSubprocess *process;
  va_list args;

  va_start (args, first_arg);
  process = spawnv (env_extra, flags, first_arg, args);
  va_end (args);
  return process;
}

/* Waits for @process, started with stdout and stderr pipes, and keeps its
 * output and exit status in @run. */
void
cli_finish (CliRun      *run,
            GSubprocess *process,
            const char  *input)
{
  g_autoptr (GError) error = NULL;

  g_subprocess_communicate_utf8 (process, input, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  run->status = g_subprocess_get_exit_status (process);
  g_test_message ("exit %d\nstdout: %s\nstderr: %s", run->status, run->out, run->err);
}

/* Runs cohort-cli with @input on its standard input (NULL: none). */
void
cli_run_input (CliRun            *run,
               const char *const *env_extra,
               const char        *input,
               const char        *first_arg,
               ...)
{
  g_autoptr (GSubprocess) process = NULL;
  va_list args;

  va_start (args, first_arg);
  process = spawnv (env_extra,
                    G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE |
                        (input != NULL ? G_SUBPROCESS_FLAGS_STDIN_PIPE : G_SUBPROCESS_FLAGS_NONE),
                    first_arg, args);
  va_end (args);
  cli_finish (run, process, input);
}

/* Runs cohort-cli with @args (NULL-terminated) and @env_extra ("NAME=VALUE", may be NULL). */
void
cli_run (CliRun            *run,
         const char *const *env_extra,
         const char        *first_arg,
         ...)
{
  g_autoptr (GSubprocess) process = NULL;
  va_list args;

  va_start (args, first_arg);
  process = spawnv (env_extra, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                    first_arg, args);
  va_end (args);
  cli_finish (run, process, NULL);
}

/* Starts cohort-tiktok-sim on a free port of 127.0.0.1 with @first_arg…
 * as extra flags; @out_base receives its root address. It dies with the
 * test. */
GSubprocess *
sim_start (char       **out_base,
           const char  *first_arg,
           ...)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GDataInputStream) out = NULL;
  g_autoptr (GError) error = NULL;
  GSubprocess *process;
  va_list args;

  g_ptr_array_add (argv, (char *) g_getenv ("COHORT_TIKTOK_SIM"));
  g_assert_nonnull (argv->pdata[0]);
  g_ptr_array_add (argv, (char *) "--port");
  g_ptr_array_add (argv, (char *) "0");
  va_start (args, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char *const *) argv->pdata, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  *out_base = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (*out_base);
  return process;
}

void
sim_stop (GSubprocess *process)
{
  g_subprocess_force_exit (process);
  g_subprocess_wait (process, NULL, NULL);
  g_object_unref (process);
}
