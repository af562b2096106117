/* store.c: CohortStore, the SQLite database that holds everything Cohort keeps */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "core/store.h"
#include "core/store-private.h"

struct _CohortStore
{
  GObject  parent_instance;

  char    *dir;
  char    *path;
  sqlite3 *db;
  int      schema_version;
};

G_DEFINE_FINAL_TYPE (CohortStore, cohort_store, G_TYPE_OBJECT)

/* Each entry upgrades the schema by one version, inside one transaction.
 * Never edit a released entry: append a new one. */
static const char *const migrations[] = {
  /* 1: key/value facts about the database itself */
  "CREATE TABLE meta ("
  "  key   TEXT PRIMARY KEY NOT NULL,"
  "  value TEXT NOT NULL"
  ") STRICT;",

  /* 2: audiences, their versions and their current members, as hashes only */
  "CREATE TABLE audience ("
  "  id         INTEGER PRIMARY KEY,"
  "  name       TEXT NOT NULL UNIQUE,"
  "  created_at INTEGER NOT NULL"
  ") STRICT;"
  "CREATE TABLE audience_version ("
  "  id          INTEGER PRIMARY KEY,"
  "  audience_id INTEGER NOT NULL REFERENCES audience (id) ON DELETE CASCADE,"
  "  version     INTEGER NOT NULL,"
  "  created_at  INTEGER NOT NULL,"
  "  source_name TEXT NOT NULL,"
  "  profile     TEXT NOT NULL,"
  "  report      TEXT NOT NULL," /* the import report as JSON: counts only */
  "  UNIQUE (audience_id, version)"
  ") STRICT;"
  /* The latest version's members: per identity, the hashes sorted in byte
   * order and cut into chunks of COHORT_STORE_HASHES_PER_CHUNK. A version of
   * millions of members is written and diffed as a few thousand blobs, in
   * one sequential merge, instead of millions of B-tree rows. */
  "CREATE TABLE audience_member ("
  "  id          INTEGER PRIMARY KEY,"
  "  audience_id INTEGER NOT NULL REFERENCES audience (id) ON DELETE CASCADE,"
  "  identity    INTEGER NOT NULL,"
  "  chunk       INTEGER NOT NULL,"
  "  hashes      BLOB NOT NULL,"
  "  UNIQUE (audience_id, identity, chunk)"
  ") STRICT;"
  /* Where rejected cells were (line of the file, 1-based column), so that a
   * report can show its first rows. */
  "CREATE TABLE version_reject ("
  "  version_id  INTEGER NOT NULL REFERENCES audience_version (id) ON DELETE CASCADE,"
  "  line        INTEGER NOT NULL,"
  "  cell        INTEGER NOT NULL,"
  "  reason      TEXT NOT NULL"
  ") STRICT;"
  "CREATE INDEX version_reject_by_version ON version_reject (version_id, reason);",

  /* 3: the TikTok app (its secret and token are in the keyring under its
   * ID), the advertisers its user granted, and the destinations */
  "CREATE TABLE tiktok_app ("
  "  app_id       TEXT PRIMARY KEY NOT NULL,"
  "  connected_at INTEGER" /* NULL: credentials set, no token */
  ") STRICT;"
  "CREATE TABLE advertiser ("
  "  app_id        TEXT NOT NULL REFERENCES tiktok_app (app_id) ON DELETE CASCADE,"
  "  advertiser_id TEXT NOT NULL,"
  "  name          TEXT NOT NULL,"
  "  status        TEXT NOT NULL,"
  "  granted       INTEGER NOT NULL,"
  "  PRIMARY KEY (app_id, advertiser_id)"
  ") STRICT;"
  "CREATE TABLE destination ("
  "  id            INTEGER PRIMARY KEY,"
  "  name          TEXT NOT NULL UNIQUE COLLATE NOCASE,"
  "  description   TEXT NOT NULL,"
  "  app_id        TEXT NOT NULL,"
  "  advertiser_id TEXT NOT NULL,"
  "  alerts        TEXT NOT NULL,"
  "  created_at    INTEGER NOT NULL"
  ") STRICT;",

  /* 4: activations (an audience sent to a destination), the outbox of
   * changes not yet acknowledged by TikTok, and the sync runs */
  "CREATE TABLE activation ("
  "  id             INTEGER PRIMARY KEY,"
  "  audience_id    INTEGER NOT NULL REFERENCES audience (id) ON DELETE CASCADE,"
  "  destination_id INTEGER NOT NULL REFERENCES destination (id) ON DELETE CASCADE,"
  "  identities     INTEGER NOT NULL," /* a bit per CohortIdentity sent */
  "  remote_name    TEXT NOT NULL,"
  "  remote_id      TEXT," /* TikTok's audience, once created or adopted */
  "  state          TEXT NOT NULL,"
  "  reason         TEXT NOT NULL,"
  "  tiktok_size    INTEGER,"
  "  tiktok_valid   INTEGER,"
  "  created_at     INTEGER NOT NULL,"
  "  UNIQUE (audience_id, destination_id)"
  ") STRICT;"
  /* Deleted only once TikTok answered code 0, so a crash resends. Sent
   * group after group (seq: a version, or the activation's start): within
   * one, every hash appears once, so its adds and removals may go in any
   * order, in full batches; across groups, order is kept, and a removal
   * never overtakes an earlier add of the same person. */
  "CREATE TABLE outbox ("
  "  id            INTEGER PRIMARY KEY,"
  "  activation_id INTEGER NOT NULL REFERENCES activation (id) ON DELETE CASCADE,"
  "  seq           INTEGER NOT NULL,"
  "  identity      INTEGER NOT NULL,"
  "  hash          BLOB NOT NULL,"
  "  adding        INTEGER NOT NULL"
  ") STRICT;"
  "CREATE INDEX outbox_by_activation ON outbox (activation_id, id);"
  "CREATE INDEX outbox_by_group ON outbox (activation_id, seq, adding, id);"
  "CREATE TABLE sync_run ("
  "  id            INTEGER PRIMARY KEY,"
  "  activation_id INTEGER NOT NULL REFERENCES activation (id) ON DELETE CASCADE,"
  "  started_at    INTEGER NOT NULL,"
  "  ended_at      INTEGER,"
  "  added         INTEGER NOT NULL,"
  "  removed       INTEGER NOT NULL,"
  "  failed        INTEGER NOT NULL,"
  "  outcome       TEXT NOT NULL," /* running, succeeded, partial, failed, paused */
  "  message       TEXT NOT NULL,"
  "  request_ids   TEXT NOT NULL"
  ") STRICT;"
  "CREATE INDEX sync_run_by_activation ON sync_run (activation_id, id);",

  /* 5: alerts, kept until acknowledged; the subject outlives the activation */
  "CREATE TABLE alert ("
  "  id              INTEGER PRIMARY KEY,"
  "  created_at      INTEGER NOT NULL,"
  "  kind            TEXT NOT NULL,"
  "  activation_id   INTEGER REFERENCES activation (id) ON DELETE SET NULL,"
  "  subject         TEXT NOT NULL,"
  "  message         TEXT NOT NULL,"
  "  request_id      TEXT NOT NULL,"
  "  acknowledged_at INTEGER"
  ") STRICT;",

  /* 6: audiences bound to their source file, re-imported when it changes */
  "CREATE TABLE watch ("
  "  audience_id INTEGER PRIMARY KEY REFERENCES audience (id) ON DELETE CASCADE,"
  "  path        TEXT NOT NULL,"
  "  options     TEXT NOT NULL," /* JSON array of the import's options */
  "  size        INTEGER NOT NULL," /* of the last import; -1 before it */
  "  mtime       INTEGER NOT NULL,"
  "  hash        BLOB NOT NULL"
  ") STRICT;",

  /* 7: the audit log; the triggers keep it append-only */
  "CREATE TABLE audit ("
  "  id          INTEGER PRIMARY KEY,"
  "  time        INTEGER NOT NULL,"
  "  action      TEXT NOT NULL,"
  "  audience    TEXT NOT NULL,"
  "  destination TEXT NOT NULL,"
  "  details     TEXT NOT NULL"
  ") STRICT;"
  "CREATE INDEX audit_by_time ON audit (time);"
  "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit "
  "  BEGIN SELECT RAISE (ABORT, 'the audit log is append-only'); END;"
  "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit "
  "  BEGIN SELECT RAISE (ABORT, 'the audit log is append-only'); END;",

  /* 8: people never to send, as hashes; and what runs left out for them */
  "CREATE TABLE suppression ("
  "  identity INTEGER NOT NULL,"
  "  hash     BLOB NOT NULL,"
  "  added_at INTEGER NOT NULL,"
  "  PRIMARY KEY (identity, hash)"
  ") STRICT, WITHOUT ROWID;"
  "ALTER TABLE sync_run ADD COLUMN excluded INTEGER NOT NULL DEFAULT 0;",

  /* 9: how an audience's data may be used, each destination's policy on
   * it (no row: the default of usage-label.c), the warnings accepted for
   * an activation, and the labels holding an activation (empty: none) */
  "CREATE TABLE audience_label ("
  "  audience_id INTEGER NOT NULL REFERENCES audience (id) ON DELETE CASCADE,"
  "  label       TEXT NOT NULL,"
  "  reason      TEXT NOT NULL,"
  "  added_at    INTEGER NOT NULL,"
  "  PRIMARY KEY (audience_id, label)"
  ") STRICT;"
  "CREATE TABLE destination_policy ("
  "  destination_id INTEGER NOT NULL REFERENCES destination (id) ON DELETE CASCADE,"
  "  label          TEXT NOT NULL,"
  "  action         TEXT NOT NULL CHECK (action IN ('allow', 'warn', 'block')),"
  "  PRIMARY KEY (destination_id, label)"
  ") STRICT;"
  "CREATE TABLE activation_warning ("
  "  activation_id INTEGER NOT NULL REFERENCES activation (id) ON DELETE CASCADE,"
  "  label         TEXT NOT NULL,"
  "  accepted_at   INTEGER NOT NULL,"
  "  PRIMARY KEY (activation_id, label)"
  ") STRICT;"
  "ALTER TABLE activation ADD COLUMN hold TEXT NOT NULL DEFAULT '';",

  /* 10: what a run received, and what it
   * left out for want of a mapped identity (counted when a version or the
   * activation queues its changes, claimed by the next run). */
  "ALTER TABLE sync_run ADD COLUMN received INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE sync_run ADD COLUMN unmapped INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE activation ADD COLUMN unmapped_pending INTEGER NOT NULL DEFAULT 0;"
  /* Every failed attempt of a run's requests, those a retry made good too. */
  "ALTER TABLE sync_run ADD COLUMN errors INTEGER NOT NULL DEFAULT 0;"
  /* Since when TikTok has been limiting an activation's requests without a
   * break (Unix time, NULL: it is not), and whether that was alerted. */
  "ALTER TABLE activation ADD COLUMN rate_limited_since INTEGER;"
  "ALTER TABLE activation ADD COLUMN rate_limit_alerted INTEGER NOT NULL DEFAULT 0;",

  /* 11: what a paused activation waits for (a CohortPauseCause's nick;
   * empty: nothing the user can do, or not paused), so that the window
   * offers the one action that helps, in any language. */
  "ALTER TABLE activation ADD COLUMN paused_for TEXT NOT NULL DEFAULT '';",

  /* 12: who each add belongs to, so that a person's identifiers go to
   * TikTok in one row: the 0-based data row of the version's file that
   * the hash was first seen on. NULL (adds queued before, removals) sends
   * the hash in a row of its own. The latest version's members keep that
   * row too, for an activation's first changes: per chunk, 4 bytes
   * little-endian a hash, in the order of hashes (NULL for chunks written
   * before). A group's adds are read person after person. */
  "ALTER TABLE outbox ADD COLUMN person INTEGER;"
  "ALTER TABLE audience_member ADD COLUMN first_rows BLOB;"
  "DROP INDEX outbox_by_group;"
  "CREATE INDEX outbox_by_group ON outbox (activation_id, seq, adding, person, id);"
  /* A group's adds on their way to the outbox, which they enter in the
   * order of their people (cohort_store_order_outbox_adds()): empty but
   * in the transaction that queues them. Person -1: none. */
  "CREATE TABLE outbox_staging ("
  "  activation_id INTEGER NOT NULL,"
  "  person        INTEGER NOT NULL,"
  "  identity      INTEGER NOT NULL,"
  "  hash          BLOB NOT NULL,"
  "  PRIMARY KEY (activation_id, person, identity, hash)"
  ") STRICT, WITHOUT ROWID;",

  /* 13: a suppressed identifier that was not given but found on a
   * customer row beside one that was (linked suppression: see
   * store-suppression.c). */
  "ALTER TABLE suppression ADD COLUMN linked INTEGER NOT NULL DEFAULT 0;",
};

static void
cohort_store_finalize (GObject *object)
{
  CohortStore *self = COHORT_STORE (object);

  if (self->db != NULL)
    sqlite3_close_v2 (self->db);
  g_free (self->dir);
  g_free (self->path);

  G_OBJECT_CLASS (cohort_store_parent_class)->finalize (object);
}

static void
cohort_store_class_init (CohortStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cohort_store_finalize;

  /**
   * CohortStore::alert-raised:
   * @id: the new alert's ID
   *
   * The window turns it into a banner and a desktop notification.
   */
  g_signal_new ("alert-raised", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                G_TYPE_NONE, 1, G_TYPE_INT64);
}

static void
cohort_store_init (CohortStore *self)
{
}

/**
 * cohort_store_default_dir:
 *
 * Returns: (transfer full): `$COHORT_DATA_DIR` when set, otherwise
 *   `$XDG_DATA_HOME/cohort`.
 */
char *
cohort_store_default_dir (void)
{
  const char *env = g_getenv ("COHORT_DATA_DIR");

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  return g_build_filename (g_get_user_data_dir (), "cohort", NULL);
}

gboolean
cohort_store_set_sqlite_error (CohortStore *self,
                               int          rc,
                               const char  *what,
                               GError     **error)
{
  int code = rc & 0xff;

  /* SQLite rolls back what it could not write: the user needs to know
   * that, and what to do, more than SQLite's words. */
  if (code == SQLITE_FULL || (code == SQLITE_IOERR && self->db != NULL && sqlite3_system_errno (self->db) == ENOSPC))
    g_set_error (error, COHORT_STORE_ERROR, COHORT_STORE_ERROR_FULL,
                 _("There is no space left on the disk that holds “%s” (while %s): nothing of it was saved, and "
                   "what was saved before is intact. Free some space, then try again."),
                 self->path, what);
  else if (code == SQLITE_NOTADB || code == SQLITE_CORRUPT)
    g_set_error (error, COHORT_STORE_ERROR, COHORT_STORE_ERROR_NOT_A_DATABASE,
                 _("“%s” is not a Cohort database or is damaged (%s). "
                   "Move it aside to start afresh, or restore it from a backup."),
                 self->path, sqlite3_errstr (rc));
  else
    g_set_error (error, COHORT_STORE_ERROR, COHORT_STORE_ERROR_FAILED,
                 _("Database error while %s in “%s”: %s"),
                 what, self->path,
                 self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
  return FALSE;
}

gboolean
cohort_store_exec (CohortStore *self,
                   const char  *sql,
                   const char  *what,
                   GError     **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return cohort_store_set_sqlite_error (self, rc, what, error);
  return TRUE;
}

sqlite3_stmt *
cohort_store_prepare (CohortStore *self,
                      const char  *sql,
                      GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    {
      cohort_store_set_sqlite_error (self, rc, _("preparing a query"), error);
      return NULL;
    }
  return stmt;
}

/* The group of the next changes queued for TikTok, after every queued
 * one: see the outbox table. Returns 0 on error. */
gint64
cohort_store_next_outbox_seq (CohortStore *self,
                              GError     **error)
{
  sqlite3_stmt *stmt = cohort_store_prepare (self, "SELECT coalesce (max (seq), 0) + 1 FROM outbox;", error);
  gint64 seq = 0;
  int rc;

  if (stmt == NULL)
    return 0;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    seq = sqlite3_column_int64 (stmt, 0);
  else
    cohort_store_set_sqlite_error (self, rc, _("reading the outbox"), error);
  sqlite3_finalize (stmt);
  return seq;
}

/**
 * cohort_store_order_outbox_adds:
 * @seq: the group whose adds are in outbox_staging
 *
 * Moves the adds that outbox_staging holds to the outbox, in the order of
 * their people, inside the caller's transaction. The sender reads and
 * deletes a group's adds person after person: in this order they are next
 * to each other in the table too, and a request rewrites a few pages
 * instead of a page for each of its IDs.
 */
gboolean
cohort_store_order_outbox_adds (CohortStore *self,
                                gint64       seq,
                                GError     **error)
{
  const char *what = _("queueing the audience for TikTok");
  g_autoptr (sqlite3_stmt) move = cohort_store_prepare (self, "INSERT INTO outbox (activation_id, seq, identity, "
                                                              "hash, adding, person) "
                                                              "SELECT activation_id, ?, identity, hash, 1, "
                                                              "  nullif (person, -1) "
                                                              "FROM outbox_staging "
                                                              "ORDER BY activation_id, person, identity, hash;",
                                                        error);

  if (move == NULL)
    return FALSE;
  sqlite3_bind_int64 (move, 1, seq);
  return cohort_store_step_done (self, move, what, error) &&
         cohort_store_exec (self, "DELETE FROM outbox_staging;", what, error);
}

/* Runs a statement that returns no row, then resets it for the next use. */
gboolean
cohort_store_step_done (CohortStore  *self,
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

/**
 * cohort_store_find_named:
 * @table: `audience` or `destination`
 *
 * Returns: the ID of the row called @name; 0 with @error set when there is
 *   none, or on error
 */
gint64
cohort_store_find_named (CohortStore *self,
                         const char  *table,
                         const char  *name,
                         GError     **error)
{
  gboolean audience = g_str_equal (table, "audience");
  sqlite3_stmt *stmt = NULL;
  gint64 id = 0;
  int rc;

  g_return_val_if_fail (audience || g_str_equal (table, "destination"), 0);
  stmt = cohort_store_prepare (self,
                               audience ? "SELECT id FROM audience WHERE name = ?;"
                                        : "SELECT id FROM destination WHERE name = ?;",
                               error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  else if (rc == SQLITE_DONE)
    g_set_error (error, COHORT_STORE_ERROR, COHORT_STORE_ERROR_NOT_FOUND,
                 audience ? _("There is no audience named “%s”.") : _("There is no destination named “%s”."), name);
  else
    cohort_store_set_sqlite_error (self, rc, audience ? _("finding the audience") : _("reading the destinations"),
                                   error);
  sqlite3_finalize (stmt);
  return id;
}

sqlite3 *
cohort_store_get_db (CohortStore *self)
{
  g_return_val_if_fail (COHORT_IS_STORE (self), NULL);

  return self->db;
}

static gboolean
query_int (CohortStore *self,
           const char  *sql,
           int         *out,
           GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);

  if (rc == SQLITE_OK)
    {
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          *out = sqlite3_column_int (stmt, 0);
          rc = SQLITE_OK;
        }
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_OK)
    return cohort_store_set_sqlite_error (self, rc, _("reading the schema version"), error);
  return TRUE;
}

/* The version that brought linked suppression: those suppressed before
 * are linked as it is applied. */
#define LINKED_SUPPRESSION 13

static gboolean
migrate (CohortStore *self,
         GError     **error)
{
  int latest = (int) G_N_ELEMENTS (migrations);
  int version = 0;

  if (!cohort_store_exec (self,
                          "CREATE TABLE IF NOT EXISTS schema_version ("
                          "  version    INTEGER PRIMARY KEY NOT NULL,"
                          "  applied_at INTEGER NOT NULL"
                          ") STRICT;",
                          _("creating the schema version table"), error))
    return FALSE;

  if (!query_int (self, "SELECT COALESCE(MAX(version), 0) FROM schema_version;", &version, error))
    return FALSE;

  if (version > latest)
    {
      g_set_error (error, COHORT_STORE_ERROR, COHORT_STORE_ERROR_TOO_NEW,
                   _("“%s” was written by a newer version of Cohort (database version %d, "
                     "this version knows up to %d). Update Cohort to open it."),
                   self->path, version, latest);
      return FALSE;
    }

  for (int v = version + 1; v <= latest; v++)
    {
      g_autofree char *record = NULL;
      g_autoptr (GError) local_error = NULL;
      const char *what = _("upgrading the database");

      /* IMMEDIATE: a second Cohort starting at the same time waits instead of
       * migrating the same version twice. */
      if (!cohort_store_exec (self, "BEGIN IMMEDIATE;", _("starting an upgrade"), error))
        return FALSE;

      record = g_strdup_printf ("INSERT OR IGNORE INTO schema_version (version, applied_at) "
                                "VALUES (%d, %" G_GINT64_FORMAT ");",
                                v, g_get_real_time () / G_USEC_PER_SEC);
      if (!query_int (self, "SELECT COALESCE(MAX(version), 0) FROM schema_version;",
                      &version, &local_error) ||
          (version < v &&
           (!cohort_store_exec (self, migrations[v - 1], what, &local_error) ||
            (v == LINKED_SUPPRESSION && !cohort_store_link_all_suppressed (self, &local_error)) ||
            !cohort_store_exec (self, record, what, &local_error))) ||
          !cohort_store_exec (self, "COMMIT;", what, &local_error))
        {
          g_autofree char *reason = g_strdup (sqlite3_errmsg (self->db));

          sqlite3_exec (self->db, "ROLLBACK;", NULL, NULL, NULL);
          g_set_error (error, COHORT_STORE_ERROR, COHORT_STORE_ERROR_MIGRATION,
                       _("Could not upgrade “%s” to database version %d (%s). "
                         "Nothing was changed."),
                       self->path, v, reason);
          return FALSE;
        }
    }

  self->schema_version = latest;
  return TRUE;
}

/**
 * cohort_store_open:
 * @dir: (nullable): the directory holding `cohort.db`, or %NULL for
 *   cohort_store_default_dir()
 *
 * Opens the database, creating the directory (mode 0700) and the file (mode
 * 0600) when missing, and upgrades its schema. Blocks on disk I/O: call it
 * from a worker thread or use cohort_store_open_async() in the window.
 *
 * A store is used by one thread at a time.
 */
CohortStore *
cohort_store_open (const char *dir,
                   GError    **error)
{
  g_autoptr (CohortStore) self = g_object_new (COHORT_TYPE_STORE, NULL);
  int rc;

  self->dir = dir != NULL ? g_strdup (dir) : cohort_store_default_dir ();
  self->path = g_build_filename (self->dir, "cohort.db", NULL);

  if (g_mkdir_with_parents (self->dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, COHORT_STORE_ERROR, COHORT_STORE_ERROR_OPEN,
                   _("Cannot create the data folder “%s”: %s"),
                   self->dir, g_strerror (saved_errno));
      return NULL;
    }

  /* Hashes and counts only, yet still nobody else's business: the folder
   * is its user's alone, whoever made it, and the file is created 0600
   * before SQLite opens it (the -wal and -shm files take its mode), so
   * that it is never readable by others, whatever the umask.
   * Only a file that does not exist yet is opened here: closing a
   * descriptor of a database this process already has open would drop
   * the POSIX locks of its other connections, and another process would
   * then reset the WAL under them. An existing file is only chmod-ed. */
  {
    GStatBuf st;

    if (g_stat (self->dir, &st) == 0 && (st.st_mode & 077) != 0 && g_chmod (self->dir, st.st_mode & 0700) != 0)
      g_debug ("Could not restrict the mode of %s: %s", self->dir, g_strerror (errno));
    if (g_stat (self->path, &st) == 0)
      {
        if ((st.st_mode & 077) != 0 && g_chmod (self->path, st.st_mode & 0600) != 0)
          g_debug ("Could not restrict the mode of %s: %s", self->path, g_strerror (errno));
      }
    else
      {
        int fd = g_open (self->path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);

        if (fd >= 0)
          close (fd);
      }
  }
  rc = sqlite3_open_v2 (self->path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, COHORT_STORE_ERROR, COHORT_STORE_ERROR_OPEN,
                   _("Cannot open the database “%s”: %s"),
                   self->path, self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      return NULL;
    }

  /* A database made by an older Cohort may have another mode. */
  if (g_chmod (self->path, 0600) != 0)
    g_debug ("Could not restrict the mode of %s: %s", self->path, g_strerror (errno));

  sqlite3_extended_result_codes (self->db, 1);
  sqlite3_busy_timeout (self->db, 5000);

  /* The first statement reads the header: this is where a file that is not
   * SQLite is found out, before anything is written to it. */
  if (!cohort_store_exec (self, "PRAGMA schema_version;", _("reading the database header"), error) ||
      !cohort_store_exec (self,
                          "PRAGMA journal_mode = WAL;"
                          "PRAGMA synchronous = NORMAL;"
                          "PRAGMA foreign_keys = ON;"
                          /* SQLite's own temporary files (sorts, statement
                           * journals) would go to /tmp, a folder others
                           * share: they stay in memory, and are small. */
                          "PRAGMA temp_store = MEMORY;",
                          _("configuring the database"), error) ||
      !migrate (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

static void
open_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  CohortStore *store = cohort_store_open (task_data, &error);

  if (store == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, store, g_object_unref);
}

void
cohort_store_open_async (const char          *dir,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_name (task, "cohort_store_open_async");
  g_task_set_task_data (task, g_strdup (dir), g_free);
  g_task_run_in_thread (task, open_thread);
}

CohortStore *
cohort_store_open_finish (GAsyncResult *result,
                          GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

const char *
cohort_store_get_dir (CohortStore *self)
{
  g_return_val_if_fail (COHORT_IS_STORE (self), NULL);

  return self->dir;
}

const char *
cohort_store_get_path (CohortStore *self)
{
  g_return_val_if_fail (COHORT_IS_STORE (self), NULL);

  return self->path;
}

int
cohort_store_get_schema_version (CohortStore *self)
{
  g_return_val_if_fail (COHORT_IS_STORE (self), 0);

  return self->schema_version;
}

int
cohort_store_get_latest_schema_version (void)
{
  return (int) G_N_ELEMENTS (migrations);
}

/**
 * cohort_store_dup_journal_mode:
 *
 * Returns: (transfer full): SQLite's journal mode, "wal" once opened.
 */
char *
cohort_store_dup_journal_mode (CohortStore *self)
{
  sqlite3_stmt *stmt = NULL;
  char *mode = NULL;

  g_return_val_if_fail (COHORT_IS_STORE (self), NULL);

  if (sqlite3_prepare_v2 (self->db, "PRAGMA journal_mode;", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    mode = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return mode;
}

/**
 * cohort_store_check_integrity:
 *
 * Runs `PRAGMA integrity_check` and fails with its first complaint.
 */
gboolean
cohort_store_check_integrity (CohortStore *self,
                              GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  g_autofree char *verdict = NULL;
  int rc;

  g_return_val_if_fail (COHORT_IS_STORE (self), FALSE);

  rc = sqlite3_prepare_v2 (self->db, "PRAGMA integrity_check;", -1, &stmt, NULL);
  if (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      verdict = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      rc = SQLITE_OK;
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_OK)
    return cohort_store_set_sqlite_error (self, rc, _("checking the database"), error);

  if (g_strcmp0 (verdict, "ok") != 0)
    {
      g_set_error (error, COHORT_STORE_ERROR, COHORT_STORE_ERROR_NOT_A_DATABASE,
                   _("“%s” is damaged: %s"), self->path, verdict);
      return FALSE;
    }
  return TRUE;
}
