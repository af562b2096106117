/* cli-runner.h: runs cohort-cli the way a script does, for the integration tests */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  int   status;
  char *out;
  char *err;
} CliRun;

void cli_run_clear (CliRun            *run);
void cli_run       (CliRun            *run,
                    const char *const *env_extra,
                    const char        *first_arg,
                    ...) G_GNUC_NULL_TERMINATED;
void cli_run_input (CliRun            *run,
                    const char *const *env_extra,
                    const char        *input,
                    const char        *first_arg,
                    ...) G_GNUC_NULL_TERMINATED;
GSubprocess *cli_spawn (const char *const *env_extra,
                        GSubprocessFlags   flags,
                        const char        *first_arg,
                        ...) G_GNUC_NULL_TERMINATED;
GSubprocess *sim_start (char             **out_base,
                        const char        *first_arg,
                        ...) G_GNUC_NULL_TERMINATED;
void sim_stop      (GSubprocess       *process);
void cli_finish    (CliRun            *run,
                    GSubprocess       *process,
                    const char        *input);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CliRun, cli_run_clear)

G_END_DECLS
