/* store-audiences.c: CohortStore's audiences: versions, members (hashes only) and diffs */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "core/store-audiences.h"
#include "core/store-audit.h"
#include "core/store-policies.h"
#include "core/store-private.h"

#define MAX_AUDIENCE_NAME 200

void
cohort_audience_info_free (CohortAudienceInfo *info)
{
  g_free (info->name);
  g_free (info->source_name);
  g_free (info);
}

/* Runs a statement that returns no row, then resets it for the next use. */
static gboolean
step_done (CohortStore  *self,
           sqlite3_stmt *stmt,
           GError      **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return cohort_store_set_sqlite_error (self, rc, _("saving the audience"), error);
  return TRUE;
}

static gboolean
get_or_create_audience (CohortStore *self,
                        const char  *name,
                        gint64      *out_id,
                        GError     **error)
{
  g_autoptr (sqlite3_stmt) find = cohort_store_prepare (self, "SELECT id FROM audience WHERE name = ?;", error);
  g_autoptr (sqlite3_stmt) create = NULL;
  int rc;

  if (find == NULL)
    return FALSE;
  sqlite3_bind_text (find, 1, name, -1, SQLITE_STATIC);
  rc = sqlite3_step (find);
  if (rc == SQLITE_ROW)
    {
      *out_id = sqlite3_column_int64 (find, 0);
      return TRUE;
    }
  if (rc != SQLITE_DONE)
    return cohort_store_set_sqlite_error (self, rc, _("finding the audience"), error);

  create = cohort_store_prepare (self, "INSERT INTO audience (name, created_at) VALUES (?, ?);", error);
  if (create == NULL)
    return FALSE;
  sqlite3_bind_text (create, 1, name, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (create, 2, g_get_real_time () / G_USEC_PER_SEC);
  if (!step_done (self, create, error))
    return FALSE;
  *out_id = sqlite3_last_insert_rowid (cohort_store_get_db (self));
  return TRUE;
}

/* The new members as they are written: a stream read one hash ahead, and
 * the chunk being filled, with the rows its hashes were first seen on;
 * the rows where a suppressed hash is go to @suppressed_rows. */
typedef struct
{
  CohortStore      *store;
  sqlite3_stmt     *insert;
  CohortHashStream  stream;
  gpointer          stream_data;
  guint8            current[COHORT_HASH_LENGTH];
  guint64           current_row;
  gboolean          has_current;
  GByteArray       *chunk;
  GByteArray       *rows;
  gint64            n_chunks;
  GHashTable       *suppressed;
  GHashTable       *suppressed_rows;
} NewMembers;

static gboolean
flush_chunk (NewMembers *members,
             GError    **error)
{
  if (members->chunk->len == 0)
    return TRUE;
  /* Negative while the old chunks are still there: renumbered at the end. */
  sqlite3_bind_int64 (members->insert, 3, -(++members->n_chunks));
  sqlite3_bind_blob (members->insert, 4, members->chunk->data, members->chunk->len, SQLITE_STATIC);
  sqlite3_bind_blob (members->insert, 5, members->rows->data, members->rows->len, SQLITE_STATIC);
  if (!step_done (members->store, members->insert, error))
    return FALSE;
  g_byte_array_set_size (members->chunk, 0);
  g_byte_array_set_size (members->rows, 0);
  return TRUE;
}

static gboolean
pull (NewMembers *members,
      GError    **error)
{
  GError *local_error = NULL;
  const guint8 *next = NULL;

  members->has_current = members->stream (members->stream_data, &next, &members->current_row, &local_error);
  if (members->has_current)
    memcpy (members->current, next, COHORT_HASH_LENGTH);
  else if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}

/* Writes the current hash and reads the next one. */
static gboolean
take (NewMembers *members,
      GError    **error)
{
  guint8 row[COHORT_STORE_ROW_BYTES];

  cohort_store_put_row (row, members->current_row);
  if (members->suppressed != NULL && members->current_row < COHORT_STORE_NO_ROW &&
      g_hash_table_contains (members->suppressed, members->current))
    g_hash_table_add (members->suppressed_rows, COHORT_STORE_ROW_KEY (members->current_row));
  g_byte_array_append (members->chunk, members->current, COHORT_HASH_LENGTH);
  g_byte_array_append (members->rows, row, COHORT_STORE_ROW_BYTES);
  if (members->chunk->len == COHORT_STORE_HASHES_PER_CHUNK * COHORT_HASH_LENGTH &&
      !flush_chunk (members, error))
    return FALSE;
  return pull (members, error);
}

/* The outbox insert of removals, or of adds (through outbox_staging: see
 * cohort_store_order_outbox_adds()), for the activations that send
 * @identity of the audience; NULL with no error when none does, the common
 * case, which then costs nothing a hash. */
static sqlite3_stmt *
prepare_enqueue (CohortStore    *self,
                 gint64          audience_id,
                 CohortIdentity  identity,
                 gint64          seq,
                 gboolean        adding,
                 GError        **error)
{
  g_autoptr (sqlite3_stmt) count = cohort_store_prepare (self, "SELECT COUNT(*) FROM activation "
                                                               "WHERE audience_id = ? AND (identities >> ?) & 1;",
                                                         error);
  sqlite3_stmt *enqueue;

  if (count == NULL)
    return NULL;
  sqlite3_bind_int64 (count, 1, audience_id);
  sqlite3_bind_int (count, 2, identity);
  if (sqlite3_step (count) != SQLITE_ROW || sqlite3_column_int64 (count, 0) == 0)
    return NULL;
  enqueue = cohort_store_prepare (self,
                                  adding ? "INSERT INTO outbox_staging (activation_id, identity, hash, person) "
                                           "SELECT id, ?1, ?2, ?3 FROM activation "
                                           "WHERE audience_id = ?4 AND (identities >> ?1) & 1;"
                                         : "INSERT INTO outbox (activation_id, identity, hash, adding, seq) "
                                           "SELECT id, ?1, ?2, 0, ?3 FROM activation "
                                           "WHERE audience_id = ?4 AND (identities >> ?1) & 1;",
                                  error);
  if (enqueue != NULL)
    {
      sqlite3_bind_int (enqueue, 1, identity);
      sqlite3_bind_int64 (enqueue, 3, adding ? -1 : seq);
      sqlite3_bind_int64 (enqueue, 4, audience_id);
    }
  return enqueue;
}

/* An add's person is the row its hash was first seen on: the identifiers
 * of one row go to TikTok in one row. A person whose email is first seen
 * on row 5 and phone only on row 9 is two people there: exact about what
 * each row of the file says, and free, where joining rows would need every
 * identifier's rows. A removal goes alone: TikTok removes a person by any
 * of their identifiers. */
static gboolean
enqueue_change (CohortStore  *self,
                sqlite3_stmt *enqueue,
                const guint8 *hash,
                gboolean      adding,
                guint64       row,
                GError      **error)
{
  if (enqueue == NULL)
    return TRUE;
  sqlite3_bind_blob (enqueue, 2, hash, COHORT_HASH_LENGTH, SQLITE_STATIC);
  if (adding)
    sqlite3_bind_int64 (enqueue, 3, row < COHORT_STORE_NO_ROW ? (gint64) row : -1);
  return step_done (self, enqueue, error);
}

/* Replaces the members of one identity by the hashes of @stream (sorted,
 * unique), merged in one pass against the stored chunks to count what was
 * added and removed: a version of millions of members never sits in memory.
 * The rows where one of @suppressed (nullable) is go to @suppressed_rows. */
static gboolean
replace_members (CohortStore      *self,
                 gint64            audience_id,
                 CohortIdentity    identity,
                 CohortHashStream  stream,
                 gpointer          stream_data,
                 GHashTable       *suppressed,
                 GHashTable       *suppressed_rows,
                 gint64            seq,
                 guint64          *out_added,
                 guint64          *out_removed,
                 GError          **error)
{
  g_autoptr (sqlite3_stmt) select = NULL;
  g_autoptr (sqlite3_stmt) delete = NULL;
  g_autoptr (sqlite3_stmt) insert = NULL;
  g_autoptr (sqlite3_stmt) renumber = NULL;
  g_autoptr (sqlite3_stmt) enqueue_add = NULL;
  g_autoptr (sqlite3_stmt) enqueue_remove = NULL;
  g_autoptr (GByteArray) chunk = g_byte_array_sized_new (COHORT_STORE_HASHES_PER_CHUNK * COHORT_HASH_LENGTH);
  g_autoptr (GByteArray) rows = g_byte_array_sized_new (COHORT_STORE_HASHES_PER_CHUNK * COHORT_STORE_ROW_BYTES);
  NewMembers members = { self, NULL, stream, stream_data, { 0 }, 0, FALSE, chunk, rows, 0, suppressed,
                         suppressed_rows };
  int rc;

  select = cohort_store_prepare (self, "SELECT hashes FROM audience_member WHERE audience_id = ? "
                          "AND identity = ? AND chunk >= 0 ORDER BY chunk;", error);
  delete = cohort_store_prepare (self, "DELETE FROM audience_member WHERE audience_id = ? AND identity = ? "
                          "AND chunk >= 0;", error);
  insert = cohort_store_prepare (self, "INSERT INTO audience_member (audience_id, identity, chunk, hashes, "
                          "first_rows) VALUES (?, ?, ?, ?, ?);", error);
  renumber = cohort_store_prepare (self, "UPDATE audience_member SET chunk = -chunk - 1 "
                            "WHERE audience_id = ? AND identity = ? AND chunk < 0;", error);
  if (select == NULL || delete == NULL || insert == NULL || renumber == NULL)
    return FALSE;
  /* The changes for TikTok go in the same transaction as the version. */
  enqueue_add = prepare_enqueue (self, audience_id, identity, seq, TRUE, error);
  if (enqueue_add == NULL && error != NULL && *error != NULL)
    return FALSE;
  enqueue_remove = prepare_enqueue (self, audience_id, identity, seq, FALSE, error);
  if (enqueue_remove == NULL && error != NULL && *error != NULL)
    return FALSE;
  sqlite3_bind_int64 (select, 1, audience_id);
  sqlite3_bind_int (select, 2, identity);
  sqlite3_bind_int64 (delete, 1, audience_id);
  sqlite3_bind_int (delete, 2, identity);
  sqlite3_bind_int64 (insert, 1, audience_id);
  sqlite3_bind_int (insert, 2, identity);
  sqlite3_bind_int64 (renumber, 1, audience_id);
  sqlite3_bind_int (renumber, 2, identity);
  members.insert = insert;

  *out_added = 0;
  *out_removed = 0;
  if (!pull (&members, error))
    return FALSE;

  while ((rc = sqlite3_step (select)) == SQLITE_ROW)
    {
      const guint8 *stored = sqlite3_column_blob (select, 0);
      gsize n = sqlite3_column_bytes (select, 0) / COHORT_HASH_LENGTH;

      for (gsize j = 0; j < n; j++)
        {
          const guint8 *old = stored + j * COHORT_HASH_LENGTH;
          int cmp = -1;

          while (members.has_current && (cmp = memcmp (members.current, old, COHORT_HASH_LENGTH)) < 0)
            {
              (*out_added)++;
              if (!enqueue_change (self, enqueue_add, members.current, TRUE, members.current_row, error) ||
                  !take (&members, error))
                return FALSE;
            }
          if (members.has_current && cmp == 0)
            {
              if (!take (&members, error))
                return FALSE;
            }
          else
            {
              (*out_removed)++;
              if (!enqueue_change (self, enqueue_remove, old, FALSE, 0, error))
                return FALSE;
            }
        }
    }
  if (rc != SQLITE_DONE)
    return cohort_store_set_sqlite_error (self, rc, _("reading the audience"), error);
  while (members.has_current)
    {
      (*out_added)++;
      if (!enqueue_change (self, enqueue_add, members.current, TRUE, members.current_row, error) ||
          !take (&members, error))
        return FALSE;
    }

  return flush_chunk (&members, error) && step_done (self, delete, error) &&
         step_done (self, renumber, error);
}

/* The changes of an identity that an activation does not send never
 * reach its outbox: its next run counts them as left out. */
static gboolean
count_unmapped (CohortStore              *self,
                gint64                    audience_id,
                const CohortImportReport *report,
                GError                  **error)
{
  g_autoptr (sqlite3_stmt) update = cohort_store_prepare (self, "UPDATE activation "
                                                                "SET unmapped_pending = unmapped_pending + ?1 "
                                                                "WHERE audience_id = ?2 AND NOT (identities >> ?3) & 1;",
                                                          error);

  if (update == NULL)
    return FALSE;
  sqlite3_bind_int64 (update, 2, audience_id);
  for (CohortIdentity i = 0; i < COHORT_N_IDENTITIES; i++)
    {
      if (report->added[i] + report->removed[i] == 0)
        continue;
      sqlite3_bind_int64 (update, 1, report->added[i] + report->removed[i]);
      sqlite3_bind_int (update, 3, i);
      if (!step_done (self, update, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
save_rejects (CohortStore *self,
              gint64       version_id,
              GArray      *rejects,
              GError     **error)
{
  g_autoptr (sqlite3_stmt) insert = NULL;

  if (rejects == NULL || rejects->len == 0)
    return TRUE;
  insert = cohort_store_prepare (self, "INSERT INTO version_reject (version_id, line, cell, reason) "
                          "VALUES (?, ?, ?, ?);", error);
  if (insert == NULL)
    return FALSE;
  sqlite3_bind_int64 (insert, 1, version_id);
  for (guint i = 0; i < rejects->len; i++)
    {
      const CohortRejectedCell *cell = &g_array_index (rejects, CohortRejectedCell, i);

      sqlite3_bind_int64 (insert, 2, cell->line);
      sqlite3_bind_int (insert, 3, cell->column);
      sqlite3_bind_text (insert, 4, cohort_reason_to_code (cell->reason), -1, SQLITE_STATIC);
      if (!step_done (self, insert, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
save_version (CohortStore          *self,
              CohortImportReport   *report,
              const char           *source_name,
              const char           *profile,
              CohortHashStream      stream,
              gpointer const        stream_data[COHORT_N_IDENTITIES],
              GArray               *rejects,
              guint                 labels,
              const char           *label_reason,
              GError              **error)
{
  g_autoptr (GPtrArray) changes = g_ptr_array_new_with_free_func ((GDestroyNotify) cohort_policy_change_free);
  g_autoptr (GHashTable) suppressed_rows = g_hash_table_new (g_direct_hash, NULL);
  g_autoptr (sqlite3_stmt) next = NULL;
  g_autoptr (sqlite3_stmt) insert = NULL;
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autoptr (JsonNode) json = NULL;
  g_autofree char *json_text = NULL;
  gint64 audience_id = 0;
  guint64 linked = 0;
  gint64 seq;
  int rc;

  if (!get_or_create_audience (self, report->audience, &audience_id, error) ||
      (labels != 0 &&
       !cohort_store_label_audience (self, audience_id, report->audience, labels, label_reason, changes, error)) ||
      (seq = cohort_store_next_outbox_seq (self, error)) == 0)
    return FALSE;

  /* A row holding a suppressed identifier is a suppressed person: their
   * other identifiers are suppressed too (linked), before the sender
   * reads their adds. The list is read once, not a hash at a time. */
  for (CohortIdentity i = 0; i < COHORT_N_IDENTITIES; i++)
    {
      GError *local_error = NULL;
      g_autoptr (GHashTable) suppressed = cohort_store_load_suppressed (self, i, &local_error);

      if (local_error != NULL)
        {
          g_propagate_error (error, local_error);
          return FALSE;
        }
      if (!replace_members (self, audience_id, i, stream, stream_data[i], suppressed, suppressed_rows, seq,
                            &report->added[i], &report->removed[i], error))
        return FALSE;
    }
  if (!cohort_store_link_rows (self, audience_id, suppressed_rows, &linked, error) ||
      !cohort_store_order_outbox_adds (self, seq, error) || !count_unmapped (self, audience_id, report, error))
    return FALSE;

  next = cohort_store_prepare (self, "SELECT COALESCE(MAX(version), 0) + 1 FROM audience_version "
                        "WHERE audience_id = ?;", error);
  if (next == NULL)
    return FALSE;
  sqlite3_bind_int64 (next, 1, audience_id);
  if ((rc = sqlite3_step (next)) != SQLITE_ROW)
    return cohort_store_set_sqlite_error (self, rc, _("numbering the version"), error);
  report->version = sqlite3_column_int64 (next, 0);

  json = cohort_import_report_to_json (report);
  json_generator_set_root (generator, json);
  json_text = json_generator_to_data (generator, NULL);

  insert = cohort_store_prepare (self, "INSERT INTO audience_version (audience_id, version, created_at, "
                          "source_name, profile, report) VALUES (?, ?, ?, ?, ?, ?);", error);
  if (insert == NULL)
    return FALSE;
  sqlite3_bind_int64 (insert, 1, audience_id);
  sqlite3_bind_int64 (insert, 2, report->version);
  sqlite3_bind_int64 (insert, 3, g_get_real_time () / G_USEC_PER_SEC);
  sqlite3_bind_text (insert, 4, source_name, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 5, profile, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 6, json_text, -1, SQLITE_STATIC);
  if (!step_done (self, insert, error))
    return FALSE;

  if (!save_rejects (self, sqlite3_last_insert_rowid (cohort_store_get_db (self)), rejects, error))
    return FALSE;

  {
    g_autoptr (JsonObject) details = json_object_new ();
    guint64 added = 0, removed = 0;

    for (CohortIdentity i = 0; i < COHORT_N_IDENTITIES; i++)
      {
        added += report->added[i];
        removed += report->removed[i];
      }
    json_object_set_int_member (details, "version", report->version);
    json_object_set_string_member (details, "file", source_name);
    json_object_set_int_member (details, "rows", report->rows);
    json_object_set_int_member (details, "accepted", report->accepted);
    json_object_set_int_member (details, "rejected", report->rejected);
    json_object_set_int_member (details, "excluded", report->excluded);
    json_object_set_int_member (details, "added", added);
    json_object_set_int_member (details, "removed", removed);
    if (linked > 0)
      json_object_set_int_member (details, "linked", linked);
    return cohort_store_audit (self, "import", report->audience, NULL, details, error);
  }
}

/**
 * cohort_store_save_version:
 * @report: its audience names the audience (created when new); its added,
 *   removed and version are filled in
 * @stream: gives the new members of an identity, sorted and unique; the
 *   streams are read to their end, identity after identity, before the
 *   report is recorded, so a stream may complete its figures as it ends
 * @stream_data: per identity, what @stream reads
 * @rejects: (element-type CohortRejectedCell) (nullable): where cells were rejected
 * @labels: CohortUsageLabel bits to add to the audience (see
 *   cohort_store_add_labels()), in the same transaction
 * @label_reason: (nullable): why
 * @dry_run: compute added and removed, then store nothing
 *
 * Stores a new version of an audience in one transaction: its members
 * become @hashes, and the report of the import is kept with the version.
 */
gboolean
cohort_store_save_version (CohortStore          *self,
                           CohortImportReport   *report,
                           const char           *source_name,
                           const char           *profile,
                           CohortHashStream      stream,
                           gpointer const        stream_data[COHORT_N_IDENTITIES],
                           GArray               *rejects,
                           guint                 labels,
                           const char           *label_reason,
                           gboolean              dry_run,
                           GError              **error)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (COHORT_IS_STORE (self), FALSE);
  g_return_val_if_fail (report->audience != NULL, FALSE);

  name = g_strstrip (g_strdup (report->audience));
  if (*name == '\0' || g_utf8_strlen (name, -1) > MAX_AUDIENCE_NAME || !g_utf8_validate (name, -1, NULL))
    {
      g_set_error (error, COHORT_STORE_ERROR, COHORT_STORE_ERROR_INVALID,
                   _("“%s” cannot name an audience: a name has 1 to %d characters."),
                   report->audience, MAX_AUDIENCE_NAME);
      return FALSE;
    }
  g_free (report->audience);
  report->audience = g_steal_pointer (&name);

  if (!cohort_store_exec (self, "BEGIN IMMEDIATE;", _("starting to save the audience"), error))
    return FALSE;
  if (!save_version (self, report, source_name, profile, stream, stream_data, rejects, dry_run ? 0 : labels,
                     label_reason, error) ||
      !cohort_store_exec (self, dry_run ? "ROLLBACK;" : "COMMIT;", _("saving the audience"), error))
    {
      sqlite3_exec (cohort_store_get_db (self), "ROLLBACK;", NULL, NULL, NULL);
      report->version = 0;
      return FALSE;
    }
  if (dry_run)
    report->version = 0;
  return TRUE;
}

/**
 * cohort_store_list_audiences:
 *
 * Returns: (transfer full) (element-type CohortAudienceInfo): the audiences
 *   by name, or %NULL on error
 */
GPtrArray *
cohort_store_list_audiences (CohortStore *self,
                             GError     **error)
{
  g_autoptr (GPtrArray) audiences = g_ptr_array_new_with_free_func ((GDestroyNotify) cohort_audience_info_free);
  g_autoptr (sqlite3_stmt) list = NULL;
  g_autoptr (sqlite3_stmt) members = NULL;
  int rc;

  list = cohort_store_prepare (self,
                  "SELECT a.id, a.name, COUNT(v.id), MAX(v.created_at), "
                  "  (SELECT source_name FROM audience_version WHERE audience_id = a.id "
                  "   ORDER BY version DESC LIMIT 1) "
                  "FROM audience a LEFT JOIN audience_version v ON v.audience_id = a.id "
                  "GROUP BY a.id ORDER BY a.name;", error);
  members = cohort_store_prepare (self, "SELECT identity, SUM(LENGTH(hashes)) / " G_STRINGIFY (COHORT_HASH_LENGTH) " FROM audience_member "
                           "WHERE audience_id = ? GROUP BY identity;", error);
  if (list == NULL || members == NULL)
    return NULL;

  while ((rc = sqlite3_step (list)) == SQLITE_ROW)
    {
      CohortAudienceInfo *info = g_new0 (CohortAudienceInfo, 1);

      info->id = sqlite3_column_int64 (list, 0);
      info->name = g_strdup ((const char *) sqlite3_column_text (list, 1));
      info->versions = sqlite3_column_int64 (list, 2);
      info->last_import = sqlite3_column_int64 (list, 3);
      info->source_name = g_strdup ((const char *) sqlite3_column_text (list, 4));
      g_ptr_array_add (audiences, info);

      sqlite3_bind_int64 (members, 1, info->id);
      while ((rc = sqlite3_step (members)) == SQLITE_ROW)
        {
          int identity = sqlite3_column_int (members, 0);

          if (identity >= 0 && identity < COHORT_N_IDENTITIES)
            info->members[identity] = sqlite3_column_int64 (members, 1);
        }
      sqlite3_reset (members);
      if (rc != SQLITE_DONE)
        break;
    }
  if (rc != SQLITE_DONE)
    {
      cohort_store_set_sqlite_error (self, rc, _("listing the audiences"), error);
      return NULL;
    }
  return g_steal_pointer (&audiences);
}

/**
 * cohort_store_foreach_member:
 * @func: called with each member's hash of @identity, in byte order
 *
 * Fails with %COHORT_STORE_ERROR_NOT_FOUND when there is no such audience.
 */
gboolean
cohort_store_foreach_member (CohortStore    *self,
                             const char     *audience,
                             CohortIdentity  identity,
                             CohortHashFunc  func,
                             gpointer        user_data,
                             GError        **error)
{
  g_autoptr (sqlite3_stmt) find = cohort_store_prepare (self, "SELECT id FROM audience WHERE name = ?;", error);
  g_autoptr (sqlite3_stmt) members = NULL;
  int rc;

  if (find == NULL)
    return FALSE;
  sqlite3_bind_text (find, 1, audience, -1, SQLITE_STATIC);
  if ((rc = sqlite3_step (find)) != SQLITE_ROW)
    {
      if (rc != SQLITE_DONE)
        return cohort_store_set_sqlite_error (self, rc, _("finding the audience"), error);
      g_set_error (error, COHORT_STORE_ERROR, COHORT_STORE_ERROR_NOT_FOUND,
                   _("There is no audience called “%s”."), audience);
      return FALSE;
    }

  members = cohort_store_prepare (self, "SELECT hashes FROM audience_member WHERE audience_id = ? "
                           "AND identity = ? ORDER BY chunk;", error);
  if (members == NULL)
    return FALSE;
  sqlite3_bind_int64 (members, 1, sqlite3_column_int64 (find, 0));
  sqlite3_bind_int (members, 2, identity);
  while ((rc = sqlite3_step (members)) == SQLITE_ROW)
    {
      const guint8 *chunk = sqlite3_column_blob (members, 0);
      gsize n = sqlite3_column_bytes (members, 0) / COHORT_HASH_LENGTH;

      for (gsize j = 0; j < n; j++)
        func (chunk + j * COHORT_HASH_LENGTH, user_data);
    }
  if (rc != SQLITE_DONE)
    return cohort_store_set_sqlite_error (self, rc, _("reading the audience"), error);
  return TRUE;
}
