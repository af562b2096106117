/* store-activations.c: CohortStore's activations, their outbox of unsent changes, and sync runs */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "core/store-activations.h"
#include "core/store-audiences.h"
#include "core/store-audit.h"
#include "core/store-policies.h"
#include "core/store-private.h"

void
cohort_activation_free (CohortActivation *activation)
{
  if (activation == NULL)
    return;
  g_free (activation->audience);
  g_free (activation->destination);
  g_free (activation->app_id);
  g_free (activation->advertiser_id);
  g_free (activation->remote_name);
  g_free (activation->remote_id);
  g_free (activation->state);
  g_free (activation->reason);
  g_free (activation->last_outcome);
  g_free (activation->hold);
  g_free (activation);
}

void
cohort_sync_run_free (CohortSyncRun *run)
{
  if (run == NULL)
    return;
  g_free (run->audience);
  g_free (run->destination);
  g_free (run->outcome);
  g_free (run->message);
  g_free (run->request_ids);
  g_free (run);
}

/* Stored in the database: never rename one. */
static const char *const pause_nicks[] = {
  [COHORT_PAUSE_NONE] = "",
  [COHORT_PAUSE_CONNECTION] = "connection",
  [COHORT_PAUSE_PERMISSION] = "permission",
  [COHORT_PAUSE_POLICY] = "policy",
};

/* Returns: the cause's name in the database and `status --json`; empty for none */
const char *
cohort_pause_cause_to_nick (CohortPauseCause cause)
{
  g_return_val_if_fail (cause < G_N_ELEMENTS (pause_nicks), "");
  return pause_nicks[cause];
}

static CohortPauseCause
pause_cause_from_nick (const char *nick)
{
  for (guint i = 0; i < G_N_ELEMENTS (pause_nicks); i++)
    if (g_strcmp0 (nick, pause_nicks[i]) == 0)
      return i;
  return COHORT_PAUSE_NONE;
}

/**
 * cohort_activation_check_remote_name:
 * @name: a name for the audience at TikTok, as the user typed it
 *
 * Whether TikTok takes @name once trimmed: 1 to %COHORT_REMOTE_NAME_MAX
 * characters. cohort_store_activate() checks it too; a face calls this to
 * say so while the name is typed.
 */
gboolean
cohort_activation_check_remote_name (const char  *name,
                                     GError     **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (name != NULL ? name : ""));

  if (*trimmed == '\0' || g_utf8_strlen (trimmed, -1) > COHORT_REMOTE_NAME_MAX)
    {
      g_set_error (error, COHORT_STORE_ERROR, COHORT_STORE_ERROR_INVALID,
                   _("“%s” cannot name a TikTok audience: TikTok takes 1 to %d characters. "
                     "Choose a shorter name for TikTok."),
                   trimmed, COHORT_REMOTE_NAME_MAX);
      return FALSE;
    }
  return TRUE;
}

/**
 * cohort_sync_run_get_progress:
 * @run: a running run of an activation
 * @pending: the activation's changes still in its outbox
 *
 * How far @run has got: the changes it took from the outbox (received, less
 * those it counted as not mapped when it began) over those and the ones
 * still waiting. Changes queued during the run move it back a little: it
 * is a measure of what is left, not a promise of time.
 *
 * Returns: 0 to 1
 */
double
cohort_sync_run_get_progress (const CohortSyncRun *run,
                              gint64               pending)
{
  gint64 done = MAX (run->received - run->unmapped, 0);

  if (done + MAX (pending, 0) == 0)
    return 1.0;
  return (double) done / (double) (done + MAX (pending, 0));
}

static gboolean
step_done (CohortStore  *self,
           sqlite3_stmt *stmt,
           const char   *what,
           GError      **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return cohort_store_set_sqlite_error (self, rc, what, error);
  return TRUE;
}

static char *
dup_column (sqlite3_stmt *stmt,
            int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

#define ACTIVATION_SELECT \
  "SELECT a.id, au.name, d.name, d.app_id, d.advertiser_id, a.identities, a.remote_name, a.remote_id, " \
  "  a.state, a.reason, coalesce (a.tiktok_size, -1), coalesce (a.tiktok_valid, -1), " \
  "  (SELECT COUNT(*) FROM outbox o WHERE o.activation_id = a.id), " \
  "  coalesce ((SELECT r.ended_at FROM sync_run r WHERE r.activation_id = a.id ORDER BY r.id DESC LIMIT 1), 0), " \
  "  coalesce ((SELECT r.outcome FROM sync_run r WHERE r.activation_id = a.id ORDER BY r.id DESC LIMIT 1), ''), " \
  "  a.hold, " \
  "  (SELECT coalesce (sum (length (m.hashes)), 0) FROM audience_member m " \
  "   WHERE m.audience_id = a.audience_id AND m.chunk >= 0 AND NOT (a.identities >> m.identity) & 1), " \
  "  coalesce (a.rate_limited_since, 0), a.paused_for " \
  "FROM activation a JOIN audience au ON au.id = a.audience_id JOIN destination d ON d.id = a.destination_id "

static CohortActivation *
activation_from_row (sqlite3_stmt *stmt)
{
  CohortActivation *activation = g_new0 (CohortActivation, 1);

  activation->id = sqlite3_column_int64 (stmt, 0);
  activation->audience = dup_column (stmt, 1);
  activation->destination = dup_column (stmt, 2);
  activation->app_id = dup_column (stmt, 3);
  activation->advertiser_id = dup_column (stmt, 4);
  activation->identities = sqlite3_column_int (stmt, 5);
  activation->remote_name = dup_column (stmt, 6);
  activation->remote_id = dup_column (stmt, 7);
  activation->state = dup_column (stmt, 8);
  activation->reason = dup_column (stmt, 9);
  activation->tiktok_size = sqlite3_column_int64 (stmt, 10);
  activation->tiktok_valid = sqlite3_column_int (stmt, 11);
  activation->pending = sqlite3_column_int64 (stmt, 12);
  activation->last_run_end = sqlite3_column_int64 (stmt, 13);
  activation->last_outcome = dup_column (stmt, 14);
  activation->hold = dup_column (stmt, 15);
  activation->not_mapped = sqlite3_column_int64 (stmt, 16) / COHORT_HASH_LENGTH;
  activation->rate_limited_since = sqlite3_column_int64 (stmt, 17);
  activation->paused_for = *activation->hold != '\0' ? COHORT_PAUSE_POLICY
                           : g_str_equal (activation->state, "paused")
                             ? pause_cause_from_nick ((const char *) sqlite3_column_text (stmt, 18))
                             : COHORT_PAUSE_NONE;
  return activation;
}

/* Every current member of the identities sent, as adds: the first sync
 * sends the whole audience, a person's identifiers in one row as a
 * version's adds (the rows of the latest version's file are kept with its
 * members; members stored before them go alone). The members of the
 * other identities are counted for the first run, as left out. */
static gboolean
enqueue_members (CohortStore *self,
                 gint64       activation_id,
                 gint64       audience_id,
                 guint        identities,
                 GError     **error)
{
  g_autoptr (sqlite3_stmt) select = cohort_store_prepare (self, "SELECT identity, hashes, first_rows "
                                                                "FROM audience_member "
                                                                "WHERE audience_id = ? ORDER BY identity, chunk;",
                                                          error);
  /* In the order of their people at the end. */
  g_autoptr (sqlite3_stmt) insert = cohort_store_prepare (self, "INSERT INTO outbox_staging (activation_id, "
                                                                "identity, hash, person) VALUES (?, ?, ?, ?);",
                                                          error);
  g_autoptr (sqlite3_stmt) unmapped = cohort_store_prepare (self, "UPDATE activation SET unmapped_pending = ? "
                                                                  "WHERE id = ?;",
                                                            error);
  gint64 seq = cohort_store_next_outbox_seq (self, error);
  gint64 n_unmapped = 0;
  int rc;

  if (select == NULL || insert == NULL || unmapped == NULL || seq == 0)
    return FALSE;
  sqlite3_bind_int64 (select, 1, audience_id);
  sqlite3_bind_int64 (insert, 1, activation_id);
  while ((rc = sqlite3_step (select)) == SQLITE_ROW)
    {
      int identity = sqlite3_column_int (select, 0);
      const guint8 *hashes = sqlite3_column_blob (select, 1);
      gsize n = sqlite3_column_bytes (select, 1) / COHORT_HASH_LENGTH;
      const guint8 *rows = sqlite3_column_blob (select, 2);

      if ((gsize) sqlite3_column_bytes (select, 2) != n * COHORT_STORE_ROW_BYTES)
        rows = NULL;

      if (!(identities & (1u << identity)))
        {
          n_unmapped += n;
          continue;
        }
      sqlite3_bind_int (insert, 2, identity);
      for (gsize i = 0; i < n; i++)
        {
          gint64 row = rows != NULL ? cohort_store_get_row (rows + i * COHORT_STORE_ROW_BYTES) : -1;

          sqlite3_bind_blob (insert, 3, hashes + i * COHORT_HASH_LENGTH, COHORT_HASH_LENGTH, SQLITE_STATIC);
          sqlite3_bind_int64 (insert, 4, row);
          if (!step_done (self, insert, _("queueing the audience for TikTok"), error))
            return FALSE;
        }
    }
  if (rc != SQLITE_DONE)
    return cohort_store_set_sqlite_error (self, rc, _("reading the audience"), error);
  if (!cohort_store_order_outbox_adds (self, seq, error))
    return FALSE;
  sqlite3_bind_int64 (unmapped, 1, n_unmapped);
  sqlite3_bind_int64 (unmapped, 2, activation_id);
  return step_done (self, unmapped, _("queueing the audience for TikTok"), error);
}

/* The activation of @audience_id on @destination_id, 0 when none. */
static gboolean
find_activation (CohortStore *self,
                 gint64       audience_id,
                 gint64       destination_id,
                 gint64      *out_id,
                 char       **out_hold,
                 GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = cohort_store_prepare (self, "SELECT id, hold FROM activation "
                                                              "WHERE audience_id = ? AND destination_id = ?;",
                                                        error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, audience_id);
  sqlite3_bind_int64 (stmt, 2, destination_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return cohort_store_set_sqlite_error (self, rc, _("reading the activations"), error);
  *out_id = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
  *out_hold = rc == SQLITE_ROW ? dup_column (stmt, 1) : g_strdup ("");
  return TRUE;
}

/* Lets an activation its destination's policy holds go, now that the
 * warnings are accepted. */
static gboolean
resume (CohortStore *self,
        gint64       activation_id,
        gint64       audience_id,
        gint64       destination_id,
        const char  *audience,
        const char  *destination,
        guint        accepting,
        GError     **error)
{
  g_autoptr (GPtrArray) changes = g_ptr_array_new_with_free_func ((GDestroyNotify) cohort_policy_change_free);

  return cohort_store_accept_warnings (self, activation_id, audience, destination, accepting, error) &&
         cohort_store_recheck_policies (self, audience_id, destination_id, changes, error);
}

static gboolean
insert_activation (CohortStore *self,
                   gint64       audience_id,
                   gint64       destination_id,
                   const char  *audience,
                   const char  *destination,
                   guint        identities,
                   const char  *name,
                   guint        accepting,
                   GError     **error)
{
  g_autoptr (sqlite3_stmt) insert = NULL;
  g_autoptr (JsonObject) details = json_object_new ();
  g_autoptr (GString) sent = g_string_new (NULL);
  gint64 id;

  insert = cohort_store_prepare (self, "INSERT INTO activation (audience_id, destination_id, identities, "
                                       "remote_name, state, reason, created_at) "
                                       "VALUES (?, ?, ?, ?, 'pending', '', ?);",
                                 error);
  if (insert == NULL)
    return FALSE;
  sqlite3_bind_int64 (insert, 1, audience_id);
  sqlite3_bind_int64 (insert, 2, destination_id);
  sqlite3_bind_int (insert, 3, identities);
  sqlite3_bind_text (insert, 4, name, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (insert, 5, g_get_real_time () / G_USEC_PER_SEC);
  if (!step_done (self, insert, _("saving the activation"), error))
    return FALSE;
  id = sqlite3_last_insert_rowid (cohort_store_get_db (self));
  if (!enqueue_members (self, id, audience_id, identities, error))
    return FALSE;

  for (guint i = 0; i < COHORT_N_IDENTITIES; i++)
    if (identities & (1u << i))
      g_string_append_printf (sent, "%s%s", sent->len > 0 ? "," : "", cohort_identity_to_string (i));
  json_object_set_string_member (details, "identities", sent->str);
  json_object_set_string_member (details, "remote_name", name);
  return cohort_store_audit (self, "activate", audience, destination, details, error) &&
         cohort_store_accept_warnings (self, id, audience, destination, accepting, error);
}

/**
 * cohort_store_activate:
 * @identities: a bit per CohortIdentity to send, at least one
 * @remote_name: (nullable): the audience's name on TikTok; the audience's
 *   own when %NULL
 * @accepted_warnings: the labels whose warning the user accepts, a bit per
 *   CohortUsageLabel
 * @out_resumed: (out) (optional): whether it was an activation the policy
 *   held, now let go (@identities and @remote_name then stay as they were)
 *
 * Ties an audience to a destination and queues its current members, in
 * one transaction, if the destination's policy admits the audience's
 * labels (see cohort_store_admit_activation()): nothing is changed when it
 * does not. The warnings accepted are recorded in the audit log.
 */
gboolean
cohort_store_activate (CohortStore *self,
                       const char  *audience,
                       const char  *destination,
                       guint        identities,
                       const char  *remote_name,
                       guint        accepted_warnings,
                       gboolean    *out_resumed,
                       GError     **error)
{
  g_autofree char *name = g_strstrip (g_strdup (remote_name != NULL ? remote_name : audience));
  g_autofree char *hold = NULL;
  const char *what = _("saving the activation");
  gint64 audience_id, destination_id, existing = 0;
  guint accepting = 0;

  if (out_resumed != NULL)
    *out_resumed = FALSE;
  if (identities == 0)
    {
      g_set_error (error, COHORT_STORE_ERROR, COHORT_STORE_ERROR_INVALID,
                   _("An activation sends at least one kind of identifier."));
      return FALSE;
    }
  if (!cohort_activation_check_remote_name (name, error))
    return FALSE;

  if (!cohort_store_exec (self, "BEGIN IMMEDIATE;", what, error))
    return FALSE;
  if ((audience_id = cohort_store_find_named (self, "audience", audience, error)) == 0 ||
      (destination_id = cohort_store_find_named (self, "destination", destination, error)) == 0 ||
      !find_activation (self, audience_id, destination_id, &existing, &hold, error))
    goto fail;
  if (existing != 0 && *hold == '\0')
    {
      g_set_error (error, COHORT_STORE_ERROR, COHORT_STORE_ERROR_INVALID,
                   _("“%s” is already activated on “%s”."), audience, destination);
      goto fail;
    }
  if (!cohort_store_admit_activation (self, existing, audience_id, destination_id, audience, destination,
                                      accepted_warnings, &accepting, error))
    goto fail;
  if (existing != 0 ? !resume (self, existing, audience_id, destination_id, audience, destination, accepting, error)
                    : !insert_activation (self, audience_id, destination_id, audience, destination, identities, name,
                                          accepting, error))
    goto fail;
  if (out_resumed != NULL)
    *out_resumed = existing != 0;
  return cohort_store_exec (self, "COMMIT;", what, error);

fail:
  cohort_store_exec (self, "ROLLBACK;", what, NULL);
  return FALSE;
}

/* Returns: (transfer full) (nullable): %NULL with an error when there is none */
CohortActivation *
cohort_store_find_activation (CohortStore *self,
                              const char  *audience,
                              const char  *destination,
                              GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = cohort_store_prepare (self, ACTIVATION_SELECT "WHERE au.name = ? AND d.name = ?;",
                                                        error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, audience, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, destination, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return activation_from_row (stmt);
  if (rc == SQLITE_DONE)
    g_set_error (error, COHORT_STORE_ERROR, COHORT_STORE_ERROR_NOT_FOUND,
                 _("“%s” is not activated on “%s”."), audience, destination);
  else
    cohort_store_set_sqlite_error (self, rc, _("reading the activations"), error);
  return NULL;
}

/* Its outbox and runs go with it. */
gboolean
cohort_store_delete_activation (CohortStore *self,
                                gint64       id,
                                GError     **error)
{
  g_autoptr (sqlite3_stmt) names = cohort_store_prepare (self, "SELECT au.name, d.name, coalesce (a.remote_id, '') "
                                                               "FROM activation a "
                                                               "JOIN audience au ON au.id = a.audience_id "
                                                               "JOIN destination d ON d.id = a.destination_id "
                                                               "WHERE a.id = ?;",
                                                         error);
  g_autoptr (sqlite3_stmt) stmt = cohort_store_prepare (self, "DELETE FROM activation WHERE id = ?;", error);
  g_autoptr (JsonObject) details = json_object_new ();
  const char *what = _("removing the activation");

  if (names == NULL || stmt == NULL || !cohort_store_exec (self, "BEGIN IMMEDIATE;", what, error))
    return FALSE;
  sqlite3_bind_int64 (names, 1, id);
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (names) == SQLITE_ROW)
    {
      json_object_set_string_member (details, "remote_id", (const char *) sqlite3_column_text (names, 2));
      if (!cohort_store_audit (self, "deactivate", (const char *) sqlite3_column_text (names, 0),
                               (const char *) sqlite3_column_text (names, 1), details, error))
        goto fail;
    }
  if (!step_done (self, stmt, what, error))
    goto fail;
  return cohort_store_exec (self, "COMMIT;", what, error);

fail:
  cohort_store_exec (self, "ROLLBACK;", what, NULL);
  return FALSE;
}

/* Returns: (transfer full) (element-type CohortActivation) */
GPtrArray *
cohort_store_list_activations (CohortStore *self,
                               GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = cohort_store_prepare (self, ACTIVATION_SELECT "ORDER BY au.name, d.name;", error);
  g_autoptr (GPtrArray) activations = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  activations = g_ptr_array_new_with_free_func ((GDestroyNotify) cohort_activation_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (activations, activation_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      cohort_store_set_sqlite_error (self, rc, _("reading the activations"), error);
      return NULL;
    }
  return g_steal_pointer (&activations);
}

gboolean
cohort_store_set_activation_remote (CohortStore *self,
                                    gint64       id,
                                    const char  *remote_id,
                                    GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = cohort_store_prepare (self, "UPDATE activation SET remote_id = ? WHERE id = ?;",
                                                        error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, remote_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, id);
  return step_done (self, stmt, _("saving the activation"), error);
}

/**
 * cohort_store_set_activation_state:
 * @paused_for: what a "paused" activation waits for; ignored for other states
 */
gboolean
cohort_store_set_activation_state (CohortStore      *self,
                                   gint64            id,
                                   const char       *state,
                                   CohortPauseCause  paused_for,
                                   const char       *reason,
                                   GError          **error)
{
  /* A held activation stays paused, with the policy's reason, whatever a
   * run that started before the hold ends with. */
  g_autoptr (sqlite3_stmt) stmt = cohort_store_prepare (self, "UPDATE activation SET state = ?, reason = ?, "
                                                              "paused_for = ? WHERE id = ? AND hold = '';",
                                                        error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, state, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, reason != NULL ? reason : "", -1, SQLITE_STATIC);
  /* The policy's holds are the hold column's. */
  sqlite3_bind_text (stmt, 3,
                     g_str_equal (state, "paused") && paused_for != COHORT_PAUSE_POLICY
                       ? cohort_pause_cause_to_nick (paused_for)
                       : "",
                     -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, id);
  return step_done (self, stmt, _("saving the activation"), error);
}

/**
 * cohort_store_get_activation_hold:
 * @out_hold: (out) (transfer full): the labels its destination's policy
 *   holds it for, comma-separated; empty when it may be sent
 *
 * Read before each batch, so that a label added during a run stops it.
 */
gboolean
cohort_store_get_activation_hold (CohortStore *self,
                                  gint64       id,
                                  char       **out_hold,
                                  GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = cohort_store_prepare (self, "SELECT hold FROM activation WHERE id = ?;", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return cohort_store_set_sqlite_error (self, rc, _("reading the activations"), error);
  *out_hold = rc == SQLITE_ROW ? dup_column (stmt, 0) : g_strdup ("");
  return TRUE;
}

gboolean
cohort_store_set_activation_tiktok (CohortStore *self,
                                    gint64       id,
                                    gint64       size,
                                    gboolean     valid,
                                    GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = cohort_store_prepare (self, "UPDATE activation SET tiktok_size = ?, "
                                                              "tiktok_valid = ? WHERE id = ?;",
                                                        error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, size);
  sqlite3_bind_int (stmt, 2, valid);
  sqlite3_bind_int64 (stmt, 3, id);
  return step_done (self, stmt, _("saving the activation"), error);
}

/**
 * cohort_store_note_rate_limited:
 * @out_since: (out): since when TikTok has been limiting the activation's
 *   requests: now, unless an earlier limit has not ended
 * @out_alerted: (out): whether that was alerted
 *
 * Kept in the database, so that a limit that outlasts a run, or the
 * process, is seen whole.
 */
gboolean
cohort_store_note_rate_limited (CohortStore *self,
                                gint64       id,
                                gint64      *out_since,
                                gboolean    *out_alerted,
                                GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = cohort_store_prepare (self, "UPDATE activation "
                                                              "SET rate_limited_since = coalesce (rate_limited_since, ?) "
                                                              "WHERE id = ? RETURNING rate_limited_since, "
                                                              "  rate_limit_alerted;",
                                                        error);
  int rc;

  *out_since = 0;
  *out_alerted = FALSE;
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, g_get_real_time () / G_USEC_PER_SEC);
  sqlite3_bind_int64 (stmt, 2, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *out_since = sqlite3_column_int64 (stmt, 0);
      *out_alerted = sqlite3_column_int (stmt, 1);
      rc = sqlite3_step (stmt);
    }
  if (rc != SQLITE_DONE)
    return cohort_store_set_sqlite_error (self, rc, _("saving the activation"), error);
  return TRUE;
}

gboolean
cohort_store_set_rate_limit_alerted (CohortStore *self,
                                     gint64       id,
                                     GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = cohort_store_prepare (self, "UPDATE activation SET rate_limit_alerted = 1 "
                                                              "WHERE id = ?;",
                                                        error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  return step_done (self, stmt, _("saving the activation"), error);
}

/* TikTok answered the activation's request: the limit is over. */
gboolean
cohort_store_clear_rate_limited (CohortStore *self,
                                 gint64       id,
                                 GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = cohort_store_prepare (self, "UPDATE activation SET rate_limited_since = NULL, "
                                                              "rate_limit_alerted = 0 WHERE id = ?;",
                                                        error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  return step_done (self, stmt, _("saving the activation"), error);
}

/* Returns: the changes in every activation's outbox, -1 on error */
gint64
cohort_store_count_pending (CohortStore *self,
                            GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = cohort_store_prepare (self, "SELECT COUNT(*) FROM outbox;", error);
  int rc;

  if (stmt == NULL)
    return -1;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      cohort_store_set_sqlite_error (self, rc, _("reading the outbox"), error);
      return -1;
    }
  return sqlite3_column_int64 (stmt, 0);
}

/* Once a person's entries are all read: a person who is on the
 * suppression list by any of their identifiers is added by none, so that
 * TikTok cannot match them by another. The identifiers queued in the
 * same group are known to be theirs here; one suppressed in a version
 * that added nothing of them holds back what a later version adds
 * through linked suppression (store-suppression.c), which suppresses the
 * identifiers on the rows of a suppressed one. */
static void
close_person (GArray   *entries,
              guint     first,
              gboolean  suppressed)
{
  for (guint i = first; suppressed && i < entries->len; i++)
    g_array_index (entries, CohortOutboxEntry, i).suppressed = TRUE;
}

/**
 * cohort_store_outbox_next:
 * @max_people: how many people to take at most, an entry without a
 *   person counting as one
 * @out_adding: (out): whether the entries are adds or removals
 *
 * The next changes of an activation: of the oldest group (a version), all
 * adds or all removals, so that requests are full and order across
 * versions is kept; adds person after person, each with all of their
 * identifiers in the group. Each says whether it is suppressed: a removal
 * when its identifier is on the suppression list, an add when one of its
 * person's identifiers is.
 *
 * Returns: (transfer full) (element-type CohortOutboxEntry): empty when
 *   nothing is pending
 */
GArray *
cohort_store_outbox_next (CohortStore *self,
                          gint64       activation_id,
                          guint        max_people,
                          gboolean    *out_adding,
                          GError     **error)
{
  /* The oldest change decides the group and the direction. */
  g_autoptr (sqlite3_stmt) head = cohort_store_prepare (self, "SELECT seq, adding FROM outbox "
                                                              "WHERE activation_id = ? ORDER BY id LIMIT 1;",
                                                        error);
  g_autoptr (sqlite3_stmt) stmt = cohort_store_prepare (self,
                                                        "SELECT o.id, o.identity, o.hash, coalesce (o.person, -1), "
                                                        "  EXISTS (SELECT 1 FROM suppression s "
                                                        "          WHERE s.identity = o.identity AND s.hash = o.hash) "
                                                        "FROM outbox o "
                                                        "WHERE o.activation_id = ? AND o.seq = ? AND o.adding = ? "
                                                        "ORDER BY o.person, o.id;",
                                                        error);
  g_autoptr (GArray) entries = g_array_new (FALSE, FALSE, sizeof (CohortOutboxEntry));
  guint n_people = 0, person_first = 0;
  gboolean person_suppressed = FALSE;
  gint64 seq;
  int rc;

  if (head == NULL || stmt == NULL)
    return NULL;
  *out_adding = TRUE;
  sqlite3_bind_int64 (head, 1, activation_id);
  rc = sqlite3_step (head);
  if (rc == SQLITE_DONE)
    return g_steal_pointer (&entries);
  if (rc != SQLITE_ROW)
    {
      cohort_store_set_sqlite_error (self, rc, _("reading the outbox"), error);
      return NULL;
    }
  seq = sqlite3_column_int64 (head, 0);
  *out_adding = sqlite3_column_int (head, 1);
  sqlite3_bind_int64 (stmt, 1, activation_id);
  sqlite3_bind_int64 (stmt, 2, seq);
  sqlite3_bind_int (stmt, 3, *out_adding);
  /* Read in the index's order, and no further than needed. */
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CohortOutboxEntry entry = { 0 };

      entry.id = sqlite3_column_int64 (stmt, 0);
      entry.seq = seq;
      entry.identity = sqlite3_column_int (stmt, 1);
      if (sqlite3_column_bytes (stmt, 2) == COHORT_HASH_LENGTH)
        memcpy (entry.hash, sqlite3_column_blob (stmt, 2), COHORT_HASH_LENGTH);
      entry.person = sqlite3_column_int64 (stmt, 3);
      entry.suppressed = sqlite3_column_int (stmt, 4);
      if (entries->len == 0 || entry.person < 0 ||
          entry.person != g_array_index (entries, CohortOutboxEntry, entries->len - 1).person)
        {
          close_person (entries, person_first, person_suppressed);
          if (n_people == max_people)
            break;
          n_people++;
          person_first = entries->len;
          person_suppressed = FALSE;
        }
      person_suppressed |= entry.suppressed && *out_adding;
      g_array_append_val (entries, entry);
    }
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      cohort_store_set_sqlite_error (self, rc, _("reading the outbox"), error);
      return NULL;
    }
  if (rc == SQLITE_DONE)
    close_person (entries, person_first, person_suppressed);
  return g_steal_pointer (&entries);
}

/**
 * cohort_store_outbox_done:
 * @entries: (element-type CohortOutboxEntry): taken by
 *   cohort_store_outbox_next(), in any order
 * @failed: whether TikTok refused them for good rather than applying them
 * @n_excluded: how many of them were left out as suppressed
 *
 * Takes acknowledged changes out of the outbox and counts them in the run,
 * in one transaction: counts of identifiers, whatever rows held them.
 */
gboolean
cohort_store_outbox_done (CohortStore *self,
                          gint64       activation_id,
                          GArray      *entries,
                          gboolean     adding,
                          gboolean     failed,
                          guint        n_excluded,
                          gint64       run_id,
                          GError     **error)
{
  g_autoptr (sqlite3_stmt) delete = NULL;
  g_autoptr (sqlite3_stmt) count = NULL;
  const char *what = _("saving what TikTok acknowledged");

  if (entries->len == 0)
    return TRUE;
  if (!cohort_store_exec (self, "BEGIN IMMEDIATE;", what, error))
    return FALSE;
  /* Exactly the entries taken, one by one: a request that ends between
   * two rows of a person (two emails) leaves an ID among theirs. */
  delete = cohort_store_prepare (self, "DELETE FROM outbox WHERE id = ? AND activation_id = ? AND adding = ?;",
                                 error);
  count = cohort_store_prepare (self,
                                failed ? "UPDATE sync_run SET failed = failed + ?1, excluded = excluded + ?2, "
                                         "received = received + ?1 + ?2 WHERE id = ?3;"
                                : adding ? "UPDATE sync_run SET added = added + ?1, excluded = excluded + ?2, "
                                           "received = received + ?1 + ?2 WHERE id = ?3;"
                                         : "UPDATE sync_run SET removed = removed + ?1, excluded = excluded + ?2, "
                                           "received = received + ?1 + ?2 WHERE id = ?3;",
                                error);
  if (delete == NULL || count == NULL)
    goto fail;
  sqlite3_bind_int64 (delete, 2, activation_id);
  sqlite3_bind_int (delete, 3, adding);
  for (guint i = 0; i < entries->len; i++)
    {
      sqlite3_bind_int64 (delete, 1, g_array_index (entries, CohortOutboxEntry, i).id);
      if (!step_done (self, delete, what, error))
        goto fail;
    }
  sqlite3_bind_int64 (count, 1, entries->len - n_excluded);
  sqlite3_bind_int64 (count, 2, n_excluded);
  sqlite3_bind_int64 (count, 3, run_id);
  if (!step_done (self, count, what, error))
    goto fail;
  return cohort_store_exec (self, "COMMIT;", what, error);

fail:
  cohort_store_exec (self, "ROLLBACK;", what, NULL);
  return FALSE;
}

/* Returns: the run's ID, 0 on error. The run takes over the changes
 * left out since the last one because no mapped identity carries them:
 * they are received and excluded by it. */
gint64
cohort_store_run_begin (CohortStore *self,
                        gint64       activation_id,
                        GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = cohort_store_prepare (self, "INSERT INTO sync_run (activation_id, started_at, "
                                                              "added, removed, failed, outcome, message, "
                                                              "request_ids, unmapped, received) "
                                                              "SELECT id, ?, 0, 0, 0, 'running', '', '', "
                                                              "  unmapped_pending, unmapped_pending "
                                                              "FROM activation WHERE id = ?;",
                                                        error);
  g_autoptr (sqlite3_stmt) claim = cohort_store_prepare (self, "UPDATE activation SET unmapped_pending = 0 "
                                                               "WHERE id = ?;",
                                                         error);
  const char *what = _("saving the sync run");
  gint64 id;

  if (stmt == NULL || claim == NULL || !cohort_store_exec (self, "BEGIN IMMEDIATE;", what, error))
    return 0;
  sqlite3_bind_int64 (stmt, 1, g_get_real_time () / G_USEC_PER_SEC);
  sqlite3_bind_int64 (stmt, 2, activation_id);
  sqlite3_bind_int64 (claim, 1, activation_id);
  if (!step_done (self, stmt, what, error))
    goto fail;
  id = sqlite3_last_insert_rowid (cohort_store_get_db (self));
  if (!step_done (self, claim, what, error) || !cohort_store_exec (self, "COMMIT;", what, error))
    goto fail;
  return id;

fail:
  cohort_store_exec (self, "ROLLBACK;", what, NULL);
  return 0;
}

/**
 * cohort_store_run_end:
 * @n_unsettled: changes the run took from the outbox and had to leave
 *   there (the batch in flight when it stopped): received all the same
 */
gboolean
cohort_store_run_end (CohortStore *self,
                      gint64       run_id,
                      guint        n_unsettled,
                      const char  *outcome,
                      const char  *message,
                      const char  *request_ids,
                      GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = cohort_store_prepare (self, "UPDATE sync_run SET ended_at = ?, outcome = ?, "
                                                              "message = ?, request_ids = ?, "
                                                              "received = received + ? WHERE id = ?;",
                                                        error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, g_get_real_time () / G_USEC_PER_SEC);
  sqlite3_bind_text (stmt, 2, outcome, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, message != NULL ? message : "", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, request_ids != NULL ? request_ids : "", -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, n_unsettled);
  sqlite3_bind_int64 (stmt, 6, run_id);
  if (!step_done (self, stmt, _("saving the sync run"), error))
    return FALSE;

  {
    g_autoptr (sqlite3_stmt) run = cohort_store_prepare (self, "SELECT au.name, d.name, r.added, r.removed, r.failed, "
                                                               "  r.received, r.excluded + r.unmapped, r.errors "
                                                               "FROM sync_run r "
                                                               "JOIN activation a ON a.id = r.activation_id "
                                                               "JOIN audience au ON au.id = a.audience_id "
                                                               "JOIN destination d ON d.id = a.destination_id "
                                                               "WHERE r.id = ?;",
                                                         error);
    g_autoptr (JsonObject) details = json_object_new ();

    if (run == NULL)
      return FALSE;
    sqlite3_bind_int64 (run, 1, run_id);
    if (sqlite3_step (run) != SQLITE_ROW)
      return TRUE;
    json_object_set_string_member (details, "outcome", outcome);
    json_object_set_int_member (details, "added", sqlite3_column_int64 (run, 2));
    json_object_set_int_member (details, "removed", sqlite3_column_int64 (run, 3));
    json_object_set_int_member (details, "failed", sqlite3_column_int64 (run, 4));
    json_object_set_int_member (details, "received", sqlite3_column_int64 (run, 5));
    json_object_set_int_member (details, "excluded", sqlite3_column_int64 (run, 6));
    json_object_set_int_member (details, "errors", sqlite3_column_int64 (run, 7));
    json_object_set_string_member (details, "request_ids", request_ids != NULL ? request_ids : "");
    return cohort_store_audit (self, "sync", (const char *) sqlite3_column_text (run, 0),
                               (const char *) sqlite3_column_text (run, 1), details, error);
  }
}

/**
 * cohort_store_list_runs:
 * @activation_id: 0 for every activation's
 * @limit: the newest runs to give at most; 0 for all of them (a pass
 *   records a run for each activation, so there can be many)
 *
 * Returns: (transfer full) (element-type CohortSyncRun): newest first
 */
GPtrArray *
cohort_store_list_runs (CohortStore *self,
                        gint64       activation_id,
                        guint        limit,
                        GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = cohort_store_prepare (self,
                                                        "SELECT r.id, r.activation_id, au.name, d.name, r.started_at, "
                                                        "  coalesce (r.ended_at, 0), r.added, r.removed, r.failed, "
                                                        "  r.outcome, r.message, r.request_ids, r.excluded, r.unmapped, "
                                                        "  r.received, r.errors "
                                                        "FROM sync_run r JOIN activation a ON a.id = r.activation_id "
                                                        "  JOIN audience au ON au.id = a.audience_id "
                                                        "  JOIN destination d ON d.id = a.destination_id "
                                                        "WHERE ?1 = 0 OR r.activation_id = ?1 ORDER BY r.id DESC "
                                                        "LIMIT ?2;",
                                                        error);
  g_autoptr (GPtrArray) runs = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, activation_id);
  /* SQLite takes a negative limit as none. */
  sqlite3_bind_int64 (stmt, 2, limit > 0 ? (gint64) limit : -1);
  runs = g_ptr_array_new_with_free_func ((GDestroyNotify) cohort_sync_run_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CohortSyncRun *run = g_new0 (CohortSyncRun, 1);

      run->id = sqlite3_column_int64 (stmt, 0);
      run->activation_id = sqlite3_column_int64 (stmt, 1);
      run->audience = dup_column (stmt, 2);
      run->destination = dup_column (stmt, 3);
      run->started_at = sqlite3_column_int64 (stmt, 4);
      run->ended_at = sqlite3_column_int64 (stmt, 5);
      run->added = sqlite3_column_int64 (stmt, 6);
      run->removed = sqlite3_column_int64 (stmt, 7);
      run->failed = sqlite3_column_int64 (stmt, 8);
      run->outcome = dup_column (stmt, 9);
      run->message = dup_column (stmt, 10);
      run->request_ids = dup_column (stmt, 11);
      run->suppressed = sqlite3_column_int64 (stmt, 12);
      run->unmapped = sqlite3_column_int64 (stmt, 13);
      run->excluded = run->suppressed + run->unmapped;
      run->received = sqlite3_column_int64 (stmt, 14);
      run->errors = sqlite3_column_int64 (stmt, 15);
      g_ptr_array_add (runs, run);
    }
  if (rc != SQLITE_DONE)
    {
      cohort_store_set_sqlite_error (self, rc, _("reading the sync runs"), error);
      return NULL;
    }
  return g_steal_pointer (&runs);
}

/* One more failed attempt in the run, written at once: a run that is
 * killed keeps the failures it met. */
gboolean
cohort_store_run_count_error (CohortStore *self,
                              gint64       run_id,
                              GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = cohort_store_prepare (self, "UPDATE sync_run SET errors = errors + 1 WHERE id = ?;",
                                                        error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, run_id);
  return step_done (self, stmt, _("saving the sync run"), error);
}

/* Runs of a sender that died (crash, kill -9) end as interrupted: the
 * caller holds the sync lock, so no other is still running. */
gboolean
cohort_store_close_interrupted_runs (CohortStore *self,
                                     GError     **error)
{
  return cohort_store_exec (self, "UPDATE sync_run SET outcome = 'interrupted', ended_at = started_at "
                                  "WHERE outcome = 'running';",
                            _("saving the sync run"), error);
}
