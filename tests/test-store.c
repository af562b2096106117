/* test-store.c: CohortStore opens, creates, migrates and refuses databases as it should */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/i18n.h"
#include "core/store.h"
#include "core/normalize.h"
#include "core/store-activations.h"
#include "core/store-suppression.h"
#include "core/sync.h"

/* Under G_TEST_OPTION_ISOLATE_DIRS the cache folder is the test's own and is
 * removed after it. */
static char *
make_temp_dir (void)
{
  char *dir = g_build_filename (g_get_user_cache_dir (), "store-XXXXXX", NULL);

  g_assert_cmpint (g_mkdir_with_parents (g_get_user_cache_dir (), 0700), ==, 0);
  g_assert_nonnull (g_mkdtemp (dir));
  return dir;
}

static int
count_rows (const char *path,
            const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int count = -1;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  count = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return count;
}

static void
test_store_create (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *sub = g_build_filename (dir, "nested", "cohort", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (CohortStore) store = cohort_store_open (sub, &error);
  g_autofree char *expected = g_build_filename (sub, "cohort.db", NULL);
  g_autofree char *mode = NULL;
  GStatBuf st;

  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_assert_cmpstr (cohort_store_get_path (store), ==, expected);
  g_assert_cmpstr (cohort_store_get_dir (store), ==, sub);
  g_assert_cmpint (cohort_store_get_schema_version (store), ==,
                   cohort_store_get_latest_schema_version ());
  g_assert_cmpint (cohort_store_get_latest_schema_version (), >=, 1);

  mode = cohort_store_dup_journal_mode (store);
  g_assert_cmpstr (mode, ==, "wal");

  g_assert_cmpint (g_stat (expected, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (g_stat (sub, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);

  g_assert_true (cohort_store_check_integrity (store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (expected, "SELECT COUNT(*) FROM schema_version;"), ==,
                   cohort_store_get_latest_schema_version ());
}

/* The database, its -wal and -shm, and the sync lock are files of mode
 * 0600 in a folder of mode 0700, whatever the umask, even in a folder that
 * was there before. */
static void
test_store_modes (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *data = g_build_filename (dir, "data", NULL);
  g_autoptr (CohortStore) store = NULL;
  g_autoptr (GError) error = NULL;
  const char *files[] = { "cohort.db", "cohort.db-wal", "cohort.db-shm", "sync.lock" };
  mode_t old_umask = umask (0);
  GStatBuf st;
  int lock;

  g_assert_cmpint (g_mkdir (data, 0755), ==, 0);
  store = cohort_store_open (data, &error);
  g_assert_no_error (error);
  lock = cohort_sync_lock (store, &error);
  g_assert_no_error (error);
  g_assert_cmpint (lock, >=, 0);

  g_assert_cmpint (g_stat (data, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_build_filename (data, files[i], NULL);

      g_assert_cmpint (g_stat (path, &st), ==, 0);
      g_test_message ("%s: %o", files[i], st.st_mode & 0777);
      g_assert_cmpint (st.st_mode & 0777, ==, 0600);
    }
  close (lock);
  umask (old_umask);
}

static void
test_store_reopen (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "cohort.db", NULL);
  g_autoptr (GError) error = NULL;

  for (int i = 0; i < 3; i++)
    {
      g_autoptr (CohortStore) store = cohort_store_open (dir, &error);

      g_assert_no_error (error);
      g_assert_cmpint (cohort_store_get_schema_version (store), ==,
                       cohort_store_get_latest_schema_version ());
    }
  /* Reopening applies nothing twice. */
  g_assert_cmpint (count_rows (path, "SELECT COUNT(*) FROM schema_version;"), ==,
                   cohort_store_get_latest_schema_version ());
  g_assert_cmpint (count_rows (path, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'meta';"),
                   ==, 1);
}

static void
test_store_too_new (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "cohort.db", NULL);
  g_autofree char *sql = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (CohortStore) reopened = NULL;
  sqlite3 *db = NULL;
  int future = cohort_store_get_latest_schema_version () + 1;

  {
    g_autoptr (CohortStore) store = cohort_store_open (dir, &error);
    g_assert_no_error (error);
  }

  sql = g_strdup_printf ("INSERT INTO schema_version VALUES (%d, 0);", future);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  reopened = cohort_store_open (dir, &error);
  g_assert_null (reopened);
  g_assert_error (error, COHORT_STORE_ERROR, COHORT_STORE_ERROR_TOO_NEW);
  g_assert_nonnull (strstr (error->message, path));
  /* Refused, not downgraded. */
  g_assert_cmpint (count_rows (path, "SELECT MAX(version) FROM schema_version;"), ==, future);
}

static void
test_store_not_a_database (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "cohort.db", NULL);
  g_autofree char *after = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (CohortStore) store = NULL;
  const char *contents = "email,phone\nsomeone@example.com,+33612345678\n"
                         "padding so that the file is longer than a SQLite header........\n";
  gsize length = 0;

  g_assert_true (g_file_set_contents (path, contents, -1, &error));
  store = cohort_store_open (dir, &error);
  g_assert_null (store);
  g_assert_error (error, COHORT_STORE_ERROR, COHORT_STORE_ERROR_NOT_A_DATABASE);
  g_assert_nonnull (strstr (error->message, path));

  /* Nothing was written to the file that was refused. */
  g_assert_true (g_file_get_contents (path, &after, &length, NULL));
  g_assert_cmpstr (after, ==, contents);
}

static void
test_store_cannot_create (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *file = g_build_filename (dir, "a-file", NULL);
  g_autofree char *below_file = g_build_filename (file, "cohort", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (CohortStore) store = NULL;

  g_assert_true (g_file_set_contents (file, "", 0, NULL));
  store = cohort_store_open (below_file, &error);
  g_assert_null (store);
  g_assert_error (error, COHORT_STORE_ERROR, COHORT_STORE_ERROR_OPEN);
  g_assert_nonnull (strstr (error->message, below_file));
}

static void
test_store_default_dir (void)
{
  g_autofree char *expected = g_build_filename (g_get_user_data_dir (), "cohort", NULL);
  g_autofree char *dir = NULL;
  g_autofree char *overridden = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (CohortStore) store = NULL;

  g_unsetenv ("COHORT_DATA_DIR");
  dir = cohort_store_default_dir ();
  g_assert_cmpstr (dir, ==, expected);

  store = cohort_store_open (NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cohort_store_get_dir (store), ==, expected);
  g_assert_true (g_file_test (cohort_store_get_path (store), G_FILE_TEST_IS_REGULAR));

  g_setenv ("COHORT_DATA_DIR", "/somewhere/else", TRUE);
  overridden = cohort_store_default_dir ();
  g_assert_cmpstr (overridden, ==, "/somewhere/else");
  g_unsetenv ("COHORT_DATA_DIR");
}

static void
open_async_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  CohortStore **out = user_data;
  g_autoptr (GError) error = NULL;

  *out = cohort_store_open_finish (result, &error);
  g_assert_no_error (error);
}

static void
test_store_open_async (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autoptr (CohortStore) store = NULL;

  cohort_store_open_async (dir, NULL, open_async_cb, &store);
  while (store == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (cohort_store_get_schema_version (store), ==,
                   cohort_store_get_latest_schema_version ());
}

/* TikTok's 70 characters are characters, not bytes; spaces around do not count. */
static void
test_remote_name (void)
{
  g_autoptr (GString) name = g_string_new (NULL);
  g_autoptr (GError) error = NULL;

  for (guint i = 0; i < COHORT_REMOTE_NAME_MAX; i++)
    g_string_append (name, "é");
  g_assert_true (cohort_activation_check_remote_name (name->str, &error));
  g_assert_no_error (error);
  g_string_prepend (name, "  ");
  g_string_append (name, " ");
  g_assert_true (cohort_activation_check_remote_name (name->str, NULL));
  g_string_append (name, "x");
  g_assert_false (cohort_activation_check_remote_name (name->str, &error));
  g_assert_error (error, COHORT_STORE_ERROR, COHORT_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (cohort_activation_check_remote_name (" \t", &error));
  g_assert_error (error, COHORT_STORE_ERROR, COHORT_STORE_ERROR_INVALID);
}

/* What a running run took from the outbox, over that and what is left;
 * the changes counted as not mapped when it began are not progress. */
static void
test_run_progress (void)
{
  CohortSyncRun run = { .received = 30, .unmapped = 10 };

  g_assert_cmpfloat_with_epsilon (cohort_sync_run_get_progress (&run, 60), 0.25, 1e-9);
  g_assert_cmpfloat_with_epsilon (cohort_sync_run_get_progress (&run, 0), 1.0, 1e-9);
  run.received = 10;
  g_assert_cmpfloat_with_epsilon (cohort_sync_run_get_progress (&run, 60), 0.0, 1e-9);
  run.received = 0;
  run.unmapped = 0;
  g_assert_cmpfloat_with_epsilon (cohort_sync_run_get_progress (&run, 0), 1.0, 1e-9);
}

/* One identity's members for cohort_store_save_version(): hashes of
 * values with their rows, sorted by hash. */
typedef struct
{
  guint8  hash[COHORT_HASH_LENGTH];
  guint64 row;
} Member;

typedef struct
{
  GArray *members;
  guint   next;
} Members;

static gint
compare_members (gconstpointer a,
                 gconstpointer b)
{
  return memcmp (((const Member *) a)->hash, ((const Member *) b)->hash, COHORT_HASH_LENGTH);
}

static void
add_member (Members    *members,
            const char *value,
            guint64     row)
{
  Member member = { .row = row };

  cohort_sha256 (value, strlen (value), member.hash);
  g_array_append_val (members->members, member);
  g_array_sort (members->members, compare_members);
}

static gboolean
members_stream (gpointer       user_data,
                const guint8 **out_hash,
                guint64       *out_row,
                GError       **error)
{
  Members *members = user_data;
  const Member *member;

  if (members->next == members->members->len)
    return FALSE;
  member = &g_array_index (members->members, Member, members->next++);
  *out_hash = member->hash;
  *out_row = member->row;
  return TRUE;
}

static void
save_members (CohortStore *store,
              Members      members[COHORT_N_IDENTITIES])
{
  gpointer data[COHORT_N_IDENTITIES];
  CohortImportReport report = { .audience = g_strdup ("Clients") };
  g_autoptr (GError) error = NULL;

  for (CohortIdentity i = 0; i < COHORT_N_IDENTITIES; i++)
    {
      members[i].next = 0;
      data[i] = &members[i];
    }
  g_assert_true (cohort_store_save_version (store, &report, "clients.csv", "default", members_stream, data, NULL,
                                            0, NULL, FALSE, &error));
  g_assert_no_error (error);
  cohort_import_report_clear (&report);
}

static void
assert_suppressed (CohortStore    *store,
                   CohortIdentity  identity,
                   guint64         count,
                   guint64         linked)
{
  guint64 counts[COHORT_N_IDENTITIES], links[COHORT_N_IDENTITIES];
  g_autoptr (GError) error = NULL;

  g_assert_true (cohort_store_count_suppressed (store, counts, links, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts[identity], ==, count);
  g_assert_cmpuint (links[identity], ==, linked);
}

static void
suppress (CohortStore    *store,
          CohortIdentity  identity,
          const char     *value)
{
  guint8 hash[COHORT_HASH_LENGTH];
  g_autoptr (GError) error = NULL;

  cohort_sha256 (value, strlen (value), hash);
  g_assert_true (cohort_store_suppress (store, identity, hash, 1, NULL, &error));
  g_assert_no_error (error);
}

/* Linked suppression: suppressing an identifier suppresses the others of
 * its row in the latest version, and a new version's row that holds a
 * suppressed identifier has its others suppressed as it is saved. Other
 * rows are left alone. */
static void
test_linked_suppression (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autoptr (CohortStore) store = NULL;
  g_autoptr (GError) error = NULL;
  Members members[COHORT_N_IDENTITIES];

  for (CohortIdentity i = 0; i < COHORT_N_IDENTITIES; i++)
    members[i] = (Members) { g_array_new (FALSE, FALSE, sizeof (Member)), 0 };
  store = cohort_store_open (dir, &error);
  g_assert_no_error (error);

  /* Row 0: a, phone 0, GAID 0; row 1: b; row 2: c, phone 2. */
  add_member (&members[COHORT_IDENTITY_EMAIL], "a@exemple.fr", 0);
  add_member (&members[COHORT_IDENTITY_EMAIL], "b@exemple.fr", 1);
  add_member (&members[COHORT_IDENTITY_EMAIL], "c@exemple.fr", 2);
  add_member (&members[COHORT_IDENTITY_PHONE], "+33600000000", 0);
  add_member (&members[COHORT_IDENTITY_PHONE], "+33600000002", 2);
  add_member (&members[COHORT_IDENTITY_GAID], "gaid-0", 0);
  save_members (store, members);

  suppress (store, COHORT_IDENTITY_EMAIL, "a@exemple.fr");
  assert_suppressed (store, COHORT_IDENTITY_EMAIL, 1, 0);
  assert_suppressed (store, COHORT_IDENTITY_PHONE, 1, 1);
  assert_suppressed (store, COHORT_IDENTITY_GAID, 1, 1);
  suppress (store, COHORT_IDENTITY_EMAIL, "b@exemple.fr");
  assert_suppressed (store, COHORT_IDENTITY_EMAIL, 2, 0);
  assert_suppressed (store, COHORT_IDENTITY_PHONE, 1, 1);

  /* Row 1 gains a phone and an IDFA, in a file whose rows moved. */
  for (CohortIdentity i = 0; i < COHORT_N_IDENTITIES; i++)
    for (guint m = 0; m < members[i].members->len; m++)
      g_array_index (members[i].members, Member, m).row += 1;
  add_member (&members[COHORT_IDENTITY_PHONE], "+33600000001", 2);
  add_member (&members[COHORT_IDENTITY_IDFA], "idfa-1", 2);
  add_member (&members[COHORT_IDENTITY_EMAIL], "d@exemple.fr", 0);
  save_members (store, members);
  assert_suppressed (store, COHORT_IDENTITY_EMAIL, 2, 0);
  assert_suppressed (store, COHORT_IDENTITY_PHONE, 2, 2);
  assert_suppressed (store, COHORT_IDENTITY_IDFA, 1, 1);
  assert_suppressed (store, COHORT_IDENTITY_GAID, 1, 1);

  for (CohortIdentity i = 0; i < COHORT_N_IDENTITIES; i++)
    g_array_unref (members[i].members);
}

int
main (int   argc,
      char *argv[])
{
  cohort_i18n_init ();
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/store/create", test_store_create);
  g_test_add_func ("/store/modes", test_store_modes);
  g_test_add_func ("/store/reopen", test_store_reopen);
  g_test_add_func ("/store/too-new", test_store_too_new);
  g_test_add_func ("/store/not-a-database", test_store_not_a_database);
  g_test_add_func ("/store/cannot-create", test_store_cannot_create);
  g_test_add_func ("/store/default-dir", test_store_default_dir);
  g_test_add_func ("/store/open-async", test_store_open_async);
  g_test_add_func ("/store/remote-name", test_remote_name);
  g_test_add_func ("/store/run-progress", test_run_progress);
  g_test_add_func ("/store/linked-suppression", test_linked_suppression);

  return g_test_run ();
}
