/* store-suppression.c: CohortStore's suppression list: people never to send, as hashes only */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "core/store-audit.h"
#include "core/store-private.h"
#include "core/store-suppression.h"

/**
 * cohort_store_suppress:
 * @hashes: @n_hashes SHA-256 hashes of @identity, one after the other
 * @out_new: (out) (optional): how many were not suppressed yet
 *
 * Adds people to the suppression list. Each activation sending @identity
 * queues their removal, so that one already at TikTok leaves it at the
 * next sync; the sender never adds a suppressed person again.
 */
gboolean
cohort_store_suppress (CohortStore    *self,
                       CohortIdentity  identity,
                       const guint8   *hashes,
                       gsize           n_hashes,
                       guint64        *out_new,
                       GError        **error)
{
  g_autoptr (sqlite3_stmt) insert = NULL;
  g_autoptr (sqlite3_stmt) removal = NULL;
  g_autoptr (JsonObject) details = json_object_new ();
  const char *what = _("saving the suppression list");
  guint64 added = 0;
  gint64 seq;

  if (!cohort_store_exec (self, "BEGIN IMMEDIATE;", what, error))
    return FALSE;
  insert = cohort_store_prepare (self, "INSERT OR IGNORE INTO suppression (identity, hash, added_at) "
                                       "VALUES (?, ?, ?);",
                                 error);
  removal = cohort_store_prepare (self, "INSERT INTO outbox (activation_id, seq, identity, hash, adding) "
                                        "SELECT id, ?1, ?2, ?3, 0 FROM activation WHERE (identities >> ?2) & 1;",
                                  error);
  if (insert == NULL || removal == NULL || (seq = cohort_store_next_outbox_seq (self, error)) == 0)
    goto fail;
  sqlite3_bind_int (insert, 1, identity);
  sqlite3_bind_int64 (insert, 3, g_get_real_time () / G_USEC_PER_SEC);
  sqlite3_bind_int64 (removal, 1, seq);
  sqlite3_bind_int (removal, 2, identity);
  for (gsize i = 0; i < n_hashes; i++)
    {
      const guint8 *hash = hashes + i * COHORT_HASH_LENGTH;
      int rc;

      sqlite3_bind_blob (insert, 2, hash, COHORT_HASH_LENGTH, SQLITE_STATIC);
      rc = sqlite3_step (insert);
      sqlite3_reset (insert);
      if (rc != SQLITE_DONE)
        {
          cohort_store_set_sqlite_error (self, rc, what, error);
          goto fail;
        }
      if (sqlite3_changes (cohort_store_get_db (self)) == 0)
        continue;
      added++;
      sqlite3_bind_blob (removal, 3, hash, COHORT_HASH_LENGTH, SQLITE_STATIC);
      rc = sqlite3_step (removal);
      sqlite3_reset (removal);
      if (rc != SQLITE_DONE)
        {
          cohort_store_set_sqlite_error (self, rc, what, error);
          goto fail;
        }
    }
  json_object_set_string_member (details, "identity", cohort_identity_to_string (identity));
  json_object_set_int_member (details, "added", added);
  if (!cohort_store_audit (self, "suppress", NULL, NULL, details, error))
    goto fail;
  if (out_new != NULL)
    *out_new = added;
  return cohort_store_exec (self, "COMMIT;", what, error);

fail:
  cohort_store_exec (self, "ROLLBACK;", what, NULL);
  return FALSE;
}

gboolean
cohort_store_count_suppressed (CohortStore *self,
                               guint64      counts[COHORT_N_IDENTITIES],
                               GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = cohort_store_prepare (self, "SELECT identity, COUNT(*) FROM suppression "
                                                              "GROUP BY identity;",
                                                        error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < COHORT_N_IDENTITIES; i++)
    counts[i] = 0;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int identity = sqlite3_column_int (stmt, 0);

      if (identity >= 0 && identity < COHORT_N_IDENTITIES)
        counts[identity] = sqlite3_column_int64 (stmt, 1);
    }
  if (rc != SQLITE_DONE)
    return cohort_store_set_sqlite_error (self, rc, _("reading the suppression list"), error);
  return TRUE;
}
