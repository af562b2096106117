/* store-suppression.c: CohortStore's suppression list: people never to send, as hashes only */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "core/store-audit.h"
#include "core/store-private.h"
#include "core/store-suppression.h"

/* Sets of hashes: a SHA-256's first bytes are as good as any hash of it. */
static guint
hash_hash (gconstpointer key)
{
  guint32 value;

  memcpy (&value, key, sizeof value);
  return value;
}

static gboolean
hash_equal (gconstpointer a,
            gconstpointer b)
{
  return memcmp (a, b, COHORT_HASH_LENGTH) == 0;
}

static GHashTable *
hash_set_new (void)
{
  return g_hash_table_new_full (hash_hash, hash_equal, g_free, NULL);
}

/* Adding people, inside a transaction: each activation sending their
 * identity queues their removal, so that one already at TikTok leaves it
 * at the next sync; the sender never adds a suppressed person again.
 * Those added are kept in @added until linked (suppressor_link()). */
typedef struct
{
  CohortStore  *store;
  sqlite3_stmt *insert;
  sqlite3_stmt *removal;
  GHashTable   *added[COHORT_N_IDENTITIES];
  guint64       n_linked;
} Suppressor;

static gboolean
suppressor_init (Suppressor  *suppressor,
                 CohortStore *self,
                 GError     **error)
{
  gint64 seq;

  suppressor->store = self;
  suppressor->n_linked = 0;
  for (CohortIdentity i = 0; i < COHORT_N_IDENTITIES; i++)
    suppressor->added[i] = hash_set_new ();
  suppressor->insert = cohort_store_prepare (self, "INSERT OR IGNORE INTO suppression (identity, hash, added_at, "
                                                   "linked) VALUES (?, ?, ?, ?);",
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
  for (CohortIdentity i = 0; i < COHORT_N_IDENTITIES; i++)
    g_clear_pointer (&suppressor->added[i], g_hash_table_unref);
}

/* @linked: found beside a suppressed identifier in a customer file,
 * rather than given */
static gboolean
suppressor_add (Suppressor     *suppressor,
                CohortIdentity  identity,
                const guint8   *hash,
                gboolean        linked,
                gboolean       *out_new,
                GError        **error)
{
  const char *what = _("saving the suppression list");

  sqlite3_bind_int (suppressor->insert, 1, identity);
  sqlite3_bind_blob (suppressor->insert, 2, hash, COHORT_HASH_LENGTH, SQLITE_STATIC);
  sqlite3_bind_int (suppressor->insert, 4, linked);
  if (!cohort_store_step_done (suppressor->store, suppressor->insert, what, error))
    return FALSE;
  *out_new = sqlite3_changes (cohort_store_get_db (suppressor->store)) > 0;
  if (!*out_new)
    return TRUE;
  g_hash_table_add (suppressor->added[identity], g_memdup2 (hash, COHORT_HASH_LENGTH));
  suppressor->n_linked += linked;
  sqlite3_bind_int (suppressor->removal, 2, identity);
  sqlite3_bind_blob (suppressor->removal, 3, hash, COHORT_HASH_LENGTH, SQLITE_STATIC);
  return cohort_store_step_done (suppressor->store, suppressor->removal, what, error);
}

/* The members of an identity of an audience's latest version, chunk by
 * chunk, with the rows of the file their hashes were first seen on. */
static sqlite3_stmt *
prepare_chunks (CohortStore *self,
                GError     **error)
{
  return cohort_store_prepare (self, "SELECT hashes, first_rows FROM audience_member "
                                     "WHERE audience_id = ? AND identity = ? AND chunk >= 0;",
                               error);
}

/* Calls @func on each member of @identity that has a row, until it fails. */
typedef gboolean (*MemberFunc) (const guint8 *hash,
                                guint         row,
                                gpointer      user_data,
                                GError      **error);

static gboolean
foreach_member_row (CohortStore    *self,
                    sqlite3_stmt   *chunks,
                    gint64          audience_id,
                    CohortIdentity  identity,
                    MemberFunc      func,
                    gpointer        user_data,
                    GError        **error)
{
  int rc;

  sqlite3_reset (chunks);
  sqlite3_bind_int64 (chunks, 1, audience_id);
  sqlite3_bind_int (chunks, 2, identity);
  while ((rc = sqlite3_step (chunks)) == SQLITE_ROW)
    {
      const guint8 *hashes = sqlite3_column_blob (chunks, 0);
      gsize n = sqlite3_column_bytes (chunks, 0) / COHORT_HASH_LENGTH;
      const guint8 *rows = sqlite3_column_blob (chunks, 1);

      /* Chunks written before rows were kept link nothing. */
      if (rows == NULL || (gsize) sqlite3_column_bytes (chunks, 1) != n * COHORT_STORE_ROW_BYTES)
        continue;
      for (gsize j = 0; j < n; j++)
        {
          gint64 row = cohort_store_get_row (rows + j * COHORT_STORE_ROW_BYTES);

          if (row >= 0 && !func (hashes + j * COHORT_HASH_LENGTH, (guint) row, user_data, error))
            {
              sqlite3_reset (chunks);
              return FALSE;
            }
        }
    }
  sqlite3_reset (chunks);
  if (rc != SQLITE_DONE)
    return cohort_store_set_sqlite_error (self, rc, _("reading the audience"), error);
  return TRUE;
}

typedef struct
{
  GHashTable *hashes;
  GHashTable *rows;
} RowsOf;

static gboolean
collect_row (const guint8 *hash,
             guint         row,
             gpointer      user_data,
             GError      **error)
{
  RowsOf *rows_of = user_data;

  if (g_hash_table_contains (rows_of->hashes, hash))
    g_hash_table_add (rows_of->rows, COHORT_STORE_ROW_KEY (row));
  return TRUE;
}

typedef struct
{
  Suppressor     *suppressor;
  GHashTable     *rows;
  CohortIdentity  identity;
} Linking;

static gboolean
link_member (const guint8 *hash,
             guint         row,
             gpointer      user_data,
             GError      **error)
{
  Linking *linking = user_data;
  gboolean is_new;

  return !g_hash_table_contains (linking->rows, COHORT_STORE_ROW_KEY (row)) ||
         suppressor_add (linking->suppressor, linking->identity, hash, TRUE, &is_new, error);
}

/* Suppresses the members of every identity of the audience's latest
 * version first seen on one of @rows: one pass over its members. */
static gboolean
link_rows (Suppressor   *suppressor,
           sqlite3_stmt *chunks,
           gint64        audience_id,
           GHashTable   *rows,
           GError      **error)
{
  Linking linking = { suppressor, rows, 0 };

  for (linking.identity = 0; linking.identity < COHORT_N_IDENTITIES; linking.identity++)
    if (!foreach_member_row (suppressor->store, chunks, audience_id, linking.identity, link_member, &linking,
                             error))
      return FALSE;
  return TRUE;
}

/* Linked suppression: a customer row is one person, so the identifiers
 * beside a suppressed one in an audience's latest version are suppressed
 * too, and leave TikTok the same way; TikTok could match the person by any
 * of them. Each round takes the people added since the last, finds their
 * rows audience by audience (one pass over the identities added), and
 * suppresses the rows' other identifiers (one pass over all), which may
 * sit beside others in other audiences: the next round's. Only the row a
 * hash was first seen on is known. */
static gboolean
suppressor_link (Suppressor *suppressor,
                 GError    **error)
{
  CohortStore *self = suppressor->store;
  g_autoptr (sqlite3_stmt) audiences = cohort_store_prepare (self, "SELECT id FROM audience;", error);
  g_autoptr (sqlite3_stmt) chunks = prepare_chunks (self, error);

  if (audiences == NULL || chunks == NULL)
    return FALSE;
  for (;;)
    {
      GHashTable *round[COHORT_N_IDENTITIES];
      gboolean any = FALSE;
      gboolean ok = TRUE;
      int rc = SQLITE_DONE;

      for (CohortIdentity i = 0; i < COHORT_N_IDENTITIES; i++)
        {
          round[i] = g_steal_pointer (&suppressor->added[i]);
          suppressor->added[i] = hash_set_new ();
          any |= g_hash_table_size (round[i]) > 0;
        }
      while (ok && any && (rc = sqlite3_step (audiences)) == SQLITE_ROW)
        {
          gint64 audience_id = sqlite3_column_int64 (audiences, 0);
          g_autoptr (GHashTable) rows = g_hash_table_new (g_direct_hash, NULL);

          for (CohortIdentity i = 0; ok && i < COHORT_N_IDENTITIES; i++)
            {
              RowsOf rows_of = { round[i], rows };

              if (g_hash_table_size (round[i]) > 0)
                ok = foreach_member_row (self, chunks, audience_id, i, collect_row, &rows_of, error);
            }
          if (ok && g_hash_table_size (rows) > 0)
            ok = link_rows (suppressor, chunks, audience_id, rows, error);
        }
      if (ok && any && rc != SQLITE_DONE)
        ok = cohort_store_set_sqlite_error (self, rc, _("reading the audiences"), error);
      sqlite3_reset (audiences);
      for (CohortIdentity i = 0; i < COHORT_N_IDENTITIES; i++)
        g_hash_table_unref (round[i]);
      if (!ok)
        return FALSE;
      if (!any)
        return TRUE;
    }
}

/**
 * cohort_store_link_all_suppressed:
 *
 * Links every suppressed identifier, inside the caller's transaction: for
 * the upgrade that brought linked suppression, so that those suppressed
 * before it take the rest of their rows off TikTok too.
 */
gboolean
cohort_store_link_all_suppressed (CohortStore  *self,
                                  GError      **error)
{
  Suppressor suppressor = { NULL };
  gboolean ok = suppressor_init (&suppressor, self, error);

  for (CohortIdentity i = 0; ok && i < COHORT_N_IDENTITIES; i++)
    {
      GError *local_error = NULL;
      GHashTable *all = cohort_store_load_suppressed (self, i, &local_error);

      if (local_error != NULL)
        {
          g_propagate_error (error, local_error);
          ok = FALSE;
        }
      else if (all != NULL)
        {
          g_hash_table_unref (suppressor.added[i]);
          suppressor.added[i] = all;
        }
    }
  ok = ok && suppressor_link (&suppressor, error);
  suppressor_clear (&suppressor);
  return ok;
}

/**
 * cohort_store_load_suppressed:
 *
 * Returns: (transfer full) (nullable): the suppressed hashes of @identity,
 *   %NULL when none is (or on error)
 */
GHashTable *
cohort_store_load_suppressed (CohortStore  *self,
                              int           identity,
                              GError      **error)
{
  g_autoptr (sqlite3_stmt) stmt = cohort_store_prepare (self, "SELECT hash FROM suppression WHERE identity = ?;",
                                                        error);
  g_autoptr (GHashTable) set = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int (stmt, 1, identity);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    if (sqlite3_column_bytes (stmt, 0) == COHORT_HASH_LENGTH)
      {
        if (set == NULL)
          set = hash_set_new ();
        g_hash_table_add (set, g_memdup2 (sqlite3_column_blob (stmt, 0), COHORT_HASH_LENGTH));
      }
  if (rc != SQLITE_DONE)
    {
      cohort_store_set_sqlite_error (self, rc, _("reading the suppression list"), error);
      return NULL;
    }
  return g_steal_pointer (&set);
}

/**
 * cohort_store_link_rows:
 * @rows: rows of the audience's latest version (COHORT_STORE_ROW_KEY()) where a
 *   suppressed identifier is
 * @out_linked: (out): how many identifiers this suppressed
 *
 * Suppresses the other identifiers of @rows, and those linked to them
 * in turn, inside the caller's transaction: see suppressor_link().
 */
gboolean
cohort_store_link_rows (CohortStore  *self,
                        gint64        audience_id,
                        GHashTable   *rows,
                        guint64      *out_linked,
                        GError      **error)
{
  g_autoptr (sqlite3_stmt) chunks = NULL;
  Suppressor suppressor = { NULL };
  gboolean ok;

  *out_linked = 0;
  if (g_hash_table_size (rows) == 0)
    return TRUE;
  ok = (chunks = prepare_chunks (self, error)) != NULL && suppressor_init (&suppressor, self, error) &&
       link_rows (&suppressor, chunks, audience_id, rows, error) && suppressor_link (&suppressor, error);
  *out_linked = suppressor.n_linked;
  suppressor_clear (&suppressor);
  return ok;
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
  guint64 added = 0, linked;

  if (!cohort_store_exec (self, "BEGIN IMMEDIATE;", what, error))
    return FALSE;
  if (!suppressor_init (&suppressor, self, error))
    goto fail;
  for (gsize i = 0; i < n_hashes; i++)
    {
      gboolean is_new;

      if (!suppressor_add (&suppressor, identity, hashes + i * COHORT_HASH_LENGTH, FALSE, &is_new, error))
        goto fail;
      added += is_new;
    }
  if (!suppressor_link (&suppressor, error))
    goto fail;
  linked = suppressor.n_linked;
  suppressor_clear (&suppressor);
  json_object_set_string_member (details, "identity", cohort_identity_to_string (identity));
  json_object_set_int_member (details, "added", added);
  json_object_set_int_member (details, "linked", linked);
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

      if (!suppressor_add (suppressor, identity, hash, FALSE, &is_new, error))
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
  guint64 added = 0, unique = 0, linked;

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
  if (!suppressor_link (&suppressor, error))
    goto fail;
  linked = suppressor.n_linked;
  suppressor_clear (&suppressor);

  json_object_set_string_member (details, "file", source_name);
  json_object_set_int_member (details, "rows", report->rows);
  json_object_set_int_member (details, "accepted", report->accepted);
  json_object_set_int_member (details, "rejected", report->rejected);
  json_object_set_int_member (details, "excluded", report->excluded);
  json_object_set_int_member (details, "added", added);
  json_object_set_int_member (details, "already", unique - added);
  json_object_set_int_member (details, "linked", linked);
  if (!cohort_store_audit (self, "suppress-import", NULL, NULL, details, error))
    goto fail;
  return cohort_store_exec (self, "COMMIT;", what, error);

fail:
  suppressor_clear (&suppressor);
  cohort_store_exec (self, "ROLLBACK;", what, NULL);
  return FALSE;
}

/**
 * cohort_store_count_suppressed:
 * @counts: (out): the suppressed identifiers of each identity
 * @linked: (out) (optional): of them, those found beside a suppressed
 *   one in a customer file rather than given
 */
gboolean
cohort_store_count_suppressed (CohortStore *self,
                               guint64      counts[COHORT_N_IDENTITIES],
                               guint64      linked[COHORT_N_IDENTITIES],
                               GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = cohort_store_prepare (self, "SELECT identity, COUNT(*), SUM(linked) "
                                                              "FROM suppression GROUP BY identity;",
                                                        error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < COHORT_N_IDENTITIES; i++)
    {
      counts[i] = 0;
      if (linked != NULL)
        linked[i] = 0;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int identity = sqlite3_column_int (stmt, 0);

      if (identity < 0 || identity >= COHORT_N_IDENTITIES)
        continue;
      counts[identity] = sqlite3_column_int64 (stmt, 1);
      if (linked != NULL)
        linked[identity] = sqlite3_column_int64 (stmt, 2);
    }
  if (rc != SQLITE_DONE)
    return cohort_store_set_sqlite_error (self, rc, _("reading the suppression list"), error);
  return TRUE;
}
