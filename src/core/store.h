/* store.h: CohortStore, the SQLite database that holds everything Cohort keeps */
#pragma once

#include <gio/gio.h>

#include "core/error.h"

G_BEGIN_DECLS

#define COHORT_TYPE_STORE (cohort_store_get_type ())
G_DECLARE_FINAL_TYPE (CohortStore, cohort_store, COHORT, STORE, GObject)

char        *cohort_store_default_dir            (void);

CohortStore *cohort_store_open                   (const char           *dir,
                                                  GError              **error);
void         cohort_store_open_async             (const char           *dir,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
CohortStore *cohort_store_open_finish            (GAsyncResult         *result,
                                                  GError              **error);

const char  *cohort_store_get_dir                (CohortStore          *self);
const char  *cohort_store_get_path               (CohortStore          *self);
int          cohort_store_get_schema_version     (CohortStore          *self);
int          cohort_store_get_latest_schema_version (void);
char        *cohort_store_dup_journal_mode       (CohortStore          *self);
gboolean     cohort_store_check_integrity        (CohortStore          *self,
                                                  GError              **error);

G_END_DECLS
