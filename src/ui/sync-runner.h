/* sync-runner.h: CohortSyncRunner, `cohort-cli sync` kept running while Cohort is open */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define COHORT_TYPE_SYNC_RUNNER (cohort_sync_runner_get_type ())
G_DECLARE_FINAL_TYPE (CohortSyncRunner, cohort_sync_runner, COHORT, SYNC_RUNNER, GObject)

CohortSyncRunner *cohort_sync_runner_new        (void);
void              cohort_sync_runner_start      (CohortSyncRunner *self);
void              cohort_sync_runner_stop       (CohortSyncRunner *self);
gboolean          cohort_sync_runner_is_running (CohortSyncRunner *self);
const char       *cohort_sync_runner_get_status (CohortSyncRunner *self);
const char       *cohort_sync_runner_get_identifier (CohortSyncRunner *self);
char             *cohort_sync_runner_find_cli   (void);

G_END_DECLS
