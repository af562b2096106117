/* test-full-disk.c: a full disk under the data folder (a small tmpfs) during an import and a sync: a clear
 * error, nothing damaged or lost, and a sync that completes once there is room again */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/statvfs.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "core/i18n.h"
#include "core/store.h"
#include "sim-session.h"
#include "tiktok-sim.h"

#define ADVERTISER_FR "7000000000000000001"
#define DISK_SIZE "24m"

static char *mount_point;

/* A customer file of people @first to @last - 1, outside the full disk. */
static char *
write_customers (const char *dir,
                 guint       first,
                 guint       last)
{
  g_autoptr (GString) text = g_string_new ("email,gaid\n");
  char *path = g_build_filename (dir, "customers.csv", NULL);

  for (guint i = first; i < last; i++)
    {
      g_string_append_printf (text, "client.%u@exemple.fr,", i);
      if (i % 3 == 0)
        g_string_append_printf (text, "6d92078a-8246-4ba4-ae5b-%012x", i);
      g_string_append_c (text, '\n');
    }
  g_assert_true (g_file_set_contents (path, text->str, text->len, NULL));
  return path;
}

/* Fills the disk but @slack bytes, with one file that fill_disk() grows or
 * shrinks again and unfill() removes. */
static void
fill_disk (gsize slack)
{
  g_autofree char *filler = g_build_filename (mount_point, "filler", NULL);
  struct statvfs vfs;
  GStatBuf st;
  gint64 size = 0;
  int fd;

  if (g_stat (filler, &st) == 0)
    size = st.st_size;
  g_assert_cmpint (statvfs (mount_point, &vfs), ==, 0);
  size += (gint64) vfs.f_bavail * vfs.f_frsize - (gint64) slack;
  fd = g_open (filler, O_WRONLY | O_CREAT, 0600);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, 0), ==, 0);
  /* Written, not sparse: tmpfs counts the pages really used. */
  {
    static char block[65536];

    for (gint64 written = 0; written < size;)
      {
        gssize n = write (fd, block, MIN ((gint64) sizeof block, size - written));

        if (n < 0 && errno == ENOSPC)
          break;
        g_assert_cmpint (n, >, 0);
        written += n;
      }
  }
  close (fd);
  g_assert_cmpint (statvfs (mount_point, &vfs), ==, 0);
  g_test_message ("%llu bytes left", (unsigned long long) vfs.f_bavail * vfs.f_frsize);
}

static void
unfill (void)
{
  g_autofree char *filler = g_build_filename (mount_point, "filler", NULL);

  g_assert_cmpint (g_unlink (filler), ==, 0);
}

static JsonObject *
audience_info (SimSession *session)
{
  g_auto (CliRun) run = { 0 };
  g_autoptr (JsonNode) root = NULL;

  run_cohort (session, &run, "audiences", "--json");
  g_assert_cmpint (run.status, ==, 0);
  root = sim_session_parse_json (run.out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (root)), ==, 1);
  return json_object_ref (json_array_get_object_element (json_node_get_array (root), 0));
}

/* The audience's hashes as TikTok should hold them (SCHEMA:hex). */
static GHashTable *
expected_members (SimSession *session,
                  const char *work)
{
  g_autofree char *dir = g_build_filename (work, "export", NULL);
  g_auto (CliRun) run = { 0 };
  GHashTable *members = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const char *files[][2] = { { "email_sha256.txt", "EMAIL_SHA256" }, { "gaid_sha256.txt", "AAID_SHA256" } };

  run_cohort (session, &run, "export", "Clients FR", "--dir", dir);
  g_assert_cmpint (run.status, ==, 0);
  for (guint f = 0; f < G_N_ELEMENTS (files); f++)
    {
      g_autofree char *path = g_build_filename (dir, files[f][0], NULL);
      g_autofree char *contents = NULL;
      g_auto (GStrv) lines = NULL;

      g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
      lines = g_strsplit (contents, "\n", -1);
      for (guint i = 0; lines[i] != NULL; i++)
        if (*lines[i] != '\0')
          g_hash_table_add (members, g_strdup_printf ("%s:%s", files[f][1], lines[i]));
      g_unlink (path);
    }
  g_rmdir (dir);
  return members;
}

static void
assert_remote_equals (SimSession *session,
                      GHashTable *expected)
{
  g_autoptr (JsonObject) state = sim_session_state (session);
  JsonArray *audiences = json_object_get_array_member (state, "audiences");
  JsonArray *members;

  g_assert_cmpuint (json_array_get_length (audiences), ==, 1);
  members = json_object_get_array_member (json_array_get_object_element (audiences, 0), "members");
  g_assert_cmpuint (json_array_get_length (members), ==, g_hash_table_size (expected));
  for (guint i = 0; i < json_array_get_length (members); i++)
    g_assert_true (g_hash_table_contains (expected, json_array_get_string_element (members, i)));
}

static void
assert_intact (SimSession *session)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CohortStore) store = cohort_store_open (session->data_dir, &error);

  g_assert_no_error (error);
  g_assert_true (cohort_store_check_integrity (store, &error));
  g_assert_no_error (error);
}

static void
test_full_disk (void)
{
  SimSession session = { 0 };
  g_autofree char *work = g_dir_make_tmp ("cohort-full-disk-XXXXXX", NULL);
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_auto (CliRun) imported = { 0 };
  g_auto (CliRun) destination = { 0 };
  g_auto (CliRun) activate = { 0 };
  g_auto (CliRun) refused = { 0 };
  g_auto (CliRun) sync_full = { 0 };
  g_auto (CliRun) sync_room = { 0 };
  g_auto (CliRun) again = { 0 };
  g_auto (CliRun) runs = { 0 };
  g_autoptr (JsonObject) before = NULL;
  g_autoptr (JsonObject) after = NULL;
  g_autoptr (GHashTable) version_one = NULL;
  g_autoptr (GHashTable) version_two = NULL;

  if (!sim_session_have_keyring ())
    return;
  sim_session_start (&session, NULL);
  g_rmdir (session.data_dir);
  g_free (session.data_dir);
  session.data_dir = g_build_filename (mount_point, "cohort", NULL);

  first = write_customers (work, 0, 20000);
  run_cohort (&session, &imported, "import", first, "--audience", "Clients FR");
  g_assert_cmpint (imported.status, ==, 0);
  sim_session_connect (&session);
  run_cohort (&session, &destination, "destination", "add", "--name", "Paris", "--advertiser-id", ADVERTISER_FR);
  run_cohort (&session, &activate, "activate", "Clients FR", "--destination", "Paris", "--accept-warnings");
  g_assert_cmpint (activate.status, ==, 0);
  before = audience_info (&session);
  version_one = expected_members (&session, work);

  /* A new version that cannot fit: refused, saying why; the first stands. */
  second = write_customers (work, 10000, 40000);
  fill_disk (256 * 1024);
  run_cohort (&session, &refused, "import", second, "--audience", "Clients FR");
  g_assert_cmpint (refused.status, ==, 1);
  g_assert_nonnull (strstr (refused.err, "no space left"));
  g_assert_cmpuint (strlen (refused.err), <, 1000);
  after = audience_info (&session);
  g_assert_cmpint (json_object_get_int_member (after, "versions"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (after, "versions"), ==,
                   json_object_get_int_member (before, "versions"));
  {
    g_autoptr (GHashTable) now = expected_members (&session, work);

    g_assert_cmpuint (g_hash_table_size (now), ==, g_hash_table_size (version_one));
  }
  assert_intact (&session);

  /* A sync with no room to note what TikTok acknowledged: it stops,
   * saying why, and loses nothing. */
  fill_disk (64 * 1024);
  run_cohort (&session, &sync_full, "sync", "--once");
  g_assert_cmpint (sync_full.status, ==, 1);
  g_assert_nonnull (strstr (sync_full.err, "no space left"));
  unfill ();
  assert_intact (&session);

  run_cohort (&session, &sync_room, "sync", "--once");
  g_assert_cmpint (sync_room.status, ==, 0);
  assert_remote_equals (&session, version_one);

  /* And the version refused before goes in, and to TikTok, exactly. */
  run_cohort (&session, &again, "import", second, "--audience", "Clients FR");
  g_assert_cmpint (again.status, ==, 0);
  version_two = expected_members (&session, work);
  {
    g_auto (CliRun) last = { 0 };

    run_cohort (&session, &last, "sync", "--once");
    g_assert_cmpint (last.status, ==, 0);
  }
  assert_remote_equals (&session, version_two);
  assert_intact (&session);
  /* The run the full disk stopped says so. */
  run_cohort (&session, &runs, "runs");
  g_test_message ("%s", runs.out);
  g_assert_nonnull (strstr (runs.out, "no space left"));

  g_unlink (first);
  g_unlink (second);
  g_rmdir (work);
  sim_session_stop (&session);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *root = NULL;
  g_autofree char *options = NULL;
  int status;

  cohort_i18n_init ();
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  /* A mount namespace of this process and its children: the tmpfs goes
   * with the test, whatever happens to it. Not permitted: skipped. */
  if (unshare (CLONE_NEWNS) != 0 || mount (NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0)
    {
      g_printerr ("Skipped: cannot mount a tmpfs here (%s).\n", g_strerror (errno));
      return 77;
    }
  root = g_dir_make_tmp ("cohort-full-disk-mount-XXXXXX", NULL);
  mount_point = g_build_filename (root, "disk", NULL);
  g_assert_cmpint (g_mkdir (mount_point, 0700), ==, 0);
  if (mount ("tmpfs", mount_point, "tmpfs", MS_NOSUID | MS_NODEV, "size=" DISK_SIZE ",mode=0700") != 0)
    {
      g_printerr ("Skipped: cannot mount a tmpfs here (%s).\n", g_strerror (errno));
      g_rmdir (mount_point);
      g_rmdir (root);
      return 77;
    }

  g_test_add_func ("/full-disk/import-and-sync", test_full_disk);
  status = g_test_run ();

  umount2 (mount_point, MNT_DETACH);
  g_rmdir (mount_point);
  g_rmdir (root);
  g_free (mount_point);
  return status;
}
