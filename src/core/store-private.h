/* store-private.h: what the core's own objects use of CohortStore's SQLite connection */
#pragma once

#include <string.h>
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
gboolean  cohort_store_order_outbox_adds (CohortStore *self,
                                          gint64       seq,
                                          GError     **error);
gboolean  cohort_store_set_sqlite_error (CohortStore  *self,
                                         int           rc,
                                         const char   *what,
                                         GError      **error);
gboolean  cohort_store_step_done        (CohortStore  *self,
                                         sqlite3_stmt *stmt,
                                         const char   *what,
                                         GError      **error);
gint64    cohort_store_find_named       (CohortStore  *self,
                                         const char   *table,
                                         const char   *name,
                                         GError      **error);

/* A set of rows of a file (a GHashTable of direct keys) holds row + 1,
 * so that row 0 is not NULL. */
#define COHORT_STORE_ROW_KEY(row) GUINT_TO_POINTER ((guint) (row) + 1)

/* Linked suppression (store-suppression.c), inside the caller's
 * transaction: see cohort_store_suppress(). The set of suppressed hashes
 * of @identity, or NULL when none is; its keys live as long as it does. */
GHashTable *cohort_store_load_suppressed (CohortStore  *self,
                                          int           identity,
                                          GError      **error);
gboolean  cohort_store_link_all_suppressed (CohortStore *self,
                                            GError     **error);
gboolean  cohort_store_link_rows        (CohortStore  *self,
                                         gint64        audience_id,
                                         GHashTable   *rows,
                                         guint64      *out_linked,
                                         GError      **error);

/* Labels and policies (store-labels.c, store-policies.c), inside the
 * caller's transaction. @changes: (element-type CohortPolicyChange) */
gboolean  cohort_store_get_label_set    (CohortStore  *self,
                                         gint64        audience_id,
                                         guint        *out_labels,
                                         GError      **error);
gboolean  cohort_store_label_audience   (CohortStore  *self,
                                         gint64        audience_id,
                                         const char   *audience,
                                         guint         labels,
                                         const char   *reason,
                                         GPtrArray    *changes,
                                         GError      **error);
gboolean  cohort_store_recheck_policies (CohortStore  *self,
                                         gint64        audience_id,
                                         gint64        destination_id,
                                         GPtrArray    *changes,
                                         GError      **error);
gboolean  cohort_store_admit_activation (CohortStore  *self,
                                         gint64        activation_id,
                                         gint64        audience_id,
                                         gint64        destination_id,
                                         const char   *audience,
                                         const char   *destination,
                                         guint         accepted,
                                         guint        *out_accepting,
                                         GError      **error);
gboolean  cohort_store_accept_warnings  (CohortStore  *self,
                                         gint64        activation_id,
                                         const char   *audience,
                                         const char   *destination,
                                         guint         labels,
                                         GError      **error);

/* audience_member.first_rows: a row in 4 bytes, little-endian; a row too
 * large for them is kept as none (the hash then goes alone). */
#define COHORT_STORE_ROW_BYTES 4
#define COHORT_STORE_NO_ROW G_MAXUINT32

static inline void
cohort_store_put_row (guint8  *out,
                      guint64  row)
{
  guint32 value = GUINT32_TO_LE (row < COHORT_STORE_NO_ROW ? (guint32) row : COHORT_STORE_NO_ROW);

  memcpy (out, &value, COHORT_STORE_ROW_BYTES);
}

/* Returns: the row, -1 for none */
static inline gint64
cohort_store_get_row (const guint8 *in)
{
  guint32 value;

  memcpy (&value, in, COHORT_STORE_ROW_BYTES);
  value = GUINT32_FROM_LE (value);
  return value == COHORT_STORE_NO_ROW ? -1 : (gint64) value;
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

G_END_DECLS
