/* store-suppression.c: CohortStore's suppression list: people never to send, as hashes only */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "core/store-audit.h"
#include "core/store-private.h"
#include "core/store-suppression.h"

/* Adding people, inside a transaction: each activation sending their
 * identity queues their removal, so that one already at TikTok leaves it
 * at the next sync; the sender never adds a suppressed person again. */
typedef struct
{
  CohortStore  *store;
  sqlite3_stmt *insert;
  sqlite3_stmt *removal;
} Suppressor;

static gboolean
suppressor_init (Suppressor  *suppressor,
                 CohortStore *self,
                 GError     **error)
{
  gint64 seq;

  suppressor->store = self;
  suppressor->insert = cohort_store_prepare (self, "INSERT OR IGNORE INTO suppression (identity, hash, added_at) "
                                                   "VALUES (?, ?, ?);",
                                             error);
  suppressor->removal = suppressor->insert == NULL
                            ? NULL
                            : cohort_store_prepare (self, "INSERT INTO outbox (activation_id, seq, identity, hash, "
                                                          "adding) SELECT id, ?1, ?2, ?3, 0 FROM activation "
                                                          "WHERE (identities >> ?2) & 1;",
                                                    error);
  if (suppressor->removal == NULL || (seq = cohort_store_next_outbox_seq (self, error)) == 0)
    return FALSE;
  sqlite3_bind_int64 (suppressor->insert, 3, g_get_real_time () / G_USEC_PER_SEC);
  sqlite3_bind_int64 (suppressor->removal, 1, seq);
  return TRUE;
}

static void
suppressor_clear (Suppressor *suppressor)
{
  g_clear_pointer (&suppressor->insert, sqlite3_finalize);
  g_clear_pointer (&suppressor->removal, sqlite3_finalize);
}

static gboolean
suppressor_add (Suppressor     *suppressor,
                CohortIdentity  identity,
                const guint8   *hash,
                gboolean       *out_new,
                GError        **error)
{
  const char *what = _("saving the suppression list");

  sqlite3_bind_int (suppressor->insert, 1, identity);
  sqlite3_bind_blob (suppressor->insert, 2, hash, COHORT_HASH_LENGTH, SQLITE_STATIC);
  if (!cohort_store_step_done (suppressor->store, suppressor->insert, what, error))
    return FALSE;
  *out_new = sqlite3_changes (cohort_store_get_db (suppressor->store)) > 0;
  if (!*out_new)
    return TRUE;
  sqlite3_bind_int (suppressor->removal, 2, identity);
  sqlite3_bind_blob (suppressor->removal, 3, hash, COHORT_HASH_LENGTH, SQLITE_STATIC);
  return cohort_store_step_done (suppressor->store, suppressor->removal, what, error);
}

/**
 * cohort_store_suppress:
 * @hashes: @n_hashes SHA-256 hashes of @identity, one after the other
 * @out_new: (out) (optional): how many were not suppressed yet
 *
 * Adds people to the suppression list; see cohort_store_suppress_streams().
 */
gboolean
cohort_store_suppress (CohortStore    *self,
                       CohortIdentity  identity,
                       const guint8   *hashes,
                       gsize           n_hashes,
                       guint64        *out_new,
                       GError        **error)
{
  g_autoptr (JsonObject) details = json_object_new ();
  const char *what = _("saving the suppression list");
  Suppressor suppressor = { NULL };
  guint64 added = 0;

  if (!cohort_store_exec (self, "BEGIN IMMEDIATE;", what, error))
    return FALSE;
  if (!suppressor_init (&suppressor, self, error))
    goto fail;
  for (gsize i = 0; i < n_hashes; i++)
    {
      gboolean is_new;

      if (!suppressor_add (&suppressor, identity, hashes + i * COHORT_HASH_LENGTH, &is_new, error))
        goto fail;
      added += is_new;
    }
  suppressor_clear (&suppressor);
  json_object_set_string_member (details, "identity", cohort_identity_to_string (identity));
  json_object_set_int_member (details, "added", added);
  if (!cohort_store_audit (self, "suppress", NULL, NULL, details, error))
    goto fail;
  if (out_new != NULL)
    *out_new = added;
  return cohort_store_exec (self, "COMMIT;", what, error);

fail:
  suppressor_clear (&suppressor);
  cohort_store_exec (self, "ROLLBACK;", what, NULL);
  return FALSE;
}

static gboolean
suppress_stream (Suppressor       *suppressor,
                 CohortIdentity    identity,
                 CohortHashStream  stream,
                 gpointer          stream_data,
                 guint64          *out_added,
                 GError          **error)
{
  GError *local_error = NULL;
  const guint8 *hash;
  guint64 row;

  while (stream (stream_data, &hash, &row, &local_error))
    {
      gboolean is_new;

      if (!suppressor_add (suppressor, identity, hash, &is_new, error))
        return FALSE;
      if (out_added != NULL)
        *out_added += is_new;
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}

/**
 * cohort_store_suppress_streams:
 * @report: the import's figures; its added become the people suppressed
 *   now, the others of unique being suppressed already
 * @source_name: the file's name, for the audit log
 * @stream: gives the hashes of an identity, read to their end, identity
 *   after identity
 * @variant_data: (nullable): the streams of the same values under other
 *   profile options, added too but not counted
 *
 * Adds the people of an imported list to the suppression list, in one
 * transaction: see cohort_store_suppress(). Hashes only, as everywhere.
 */
gboolean
cohort_store_suppress_streams (CohortStore        *self,
                               CohortImportReport *report,
                               const char         *source_name,
                               CohortHashStream    stream,
                               gpointer const      stream_data[COHORT_N_IDENTITIES],
                               CohortHashStream    variant_stream,
                               gpointer const      variant_data[COHORT_N_IDENTITIES],
                               GError            **error)
{
  g_autoptr (JsonObject) details = json_object_new ();
  const char *what = _("saving the suppression list");
  Suppressor suppressor = { NULL };
  guint64 added = 0, unique = 0;

  if (!cohort_store_exec (self, "BEGIN IMMEDIATE;", what, error))
    return FALSE;
  if (!suppressor_init (&suppressor, self, error))
    goto fail;
  for (CohortIdentity i = 0; i < COHORT_N_IDENTITIES; i++)
    {
      report->added[i] = 0;
      if (!suppress_stream (&suppressor, i, stream, stream_data[i], &report->added[i], error))
        goto fail;
      added += report->added[i];
      unique += report->unique[i];
    }
  for (CohortIdentity i = 0; variant_data != NULL && i < COHORT_N_IDENTITIES; i++)
    if (variant_data[i] != NULL && !suppress_stream (&suppressor, i, variant_stream, variant_data[i], NULL, error))
      goto fail;
  suppressor_clear (&suppressor);

  json_object_set_string_member (details, "file", source_name);
  json_object_set_int_member (details, "rows", report->rows);
  json_object_set_int_member (details, "accepted", report->accepted);
  json_object_set_int_member (details, "rejected", report->rejected);
  json_object_set_int_member (details, "excluded", report->excluded);
  json_object_set_int_member (details, "added", added);
  json_object_set_int_member (details, "already", unique - added);
  if (!cohort_store_audit (self, "suppress-import", NULL, NULL, details, error))
    goto fail;
  return cohort_store_exec (self, "COMMIT;", what, error);

fail:
  suppressor_clear (&suppressor);
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
