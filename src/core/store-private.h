/* store-private.h: what the core's own objects use of CohortStore's SQLite connection */
#pragma once

#include <sqlite3.h>

#include "core/store.h"

G_BEGIN_DECLS

sqlite3  *cohort_store_get_db           (CohortStore  *self);
gboolean  cohort_store_exec             (CohortStore  *self,
                                         const char   *sql,
                                         const char   *what,
                                         GError      **error);
sqlite3_stmt *cohort_store_prepare     (CohortStore  *self,
                                         const char   *sql,
                                         GError      **error);
gint64    cohort_store_next_outbox_seq  (CohortStore  *self,
                                         GError      **error);
gboolean  cohort_store_set_sqlite_error (CohortStore  *self,
                                         int           rc,
                                         const char   *what,
                                         GError      **error);
gboolean  cohort_store_step_done        (CohortStore  *self,
                                         sqlite3_stmt *stmt,
                                         const char   *what,
                                         GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

G_END_DECLS
