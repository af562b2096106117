/* test-hash-runs.c: CohortHashRuns gives each hash once, sorted, with its first row, in memory or from disk */
#include "config.h"

#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "core/hash-runs.h"
#include "core/normalize.h"

/* Adds hashes of i % distinct for i in [0, count), and reads them back. */
static void
check_runs (gsize max_in_memory,
            guint count,
            guint distinct,
            guint expected_spills)
{
  g_autoptr (CohortHashRuns) runs = cohort_hash_runs_new (max_in_memory);
  g_autoptr (GError) error = NULL;
  g_autofree guint64 *first_rows = g_new (guint64, distinct);
  guint8 previous[COHORT_HASH_LENGTH] = { 0 };
  const guint8 *hash;
  guint64 row;
  guint n = 0;

  for (guint i = 0; i < count; i++)
    {
      guint value = i % distinct;
      guint8 digest[COHORT_HASH_LENGTH];

      cohort_sha256 (&value, sizeof value, digest);
      g_assert_true (cohort_hash_runs_add (runs, digest, i, &error));
    }
  g_assert_true (cohort_hash_runs_finish (runs, &error));
  g_assert_cmpuint (cohort_hash_runs_get_n_spilled (runs), ==, expected_spills);

  while (cohort_hash_runs_next (runs, &hash, &row, &error))
    {
      guint value = row % distinct;
      guint8 digest[COHORT_HASH_LENGTH];

      /* Sorted, each once, and its first row is the first i with that value. */
      if (n > 0)
        g_assert_cmpint (memcmp (previous, hash, COHORT_HASH_LENGTH), <, 0);
      memcpy (previous, hash, COHORT_HASH_LENGTH);
      cohort_sha256 (&value, sizeof value, digest);
      g_assert_cmpmem (digest, COHORT_HASH_LENGTH, hash, COHORT_HASH_LENGTH);
      g_assert_cmpuint (row, ==, value);
      n++;
    }
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, MIN (count, distinct));
}

static void
test_in_memory (void)
{
  check_runs (1000000, 300000, 100000, 0);
}

static void
test_spilled (void)
{
  /* 300,000 hashes, 40,000 at a time: 8 runs merged from disk. */
  check_runs (40000, 300000, 100000, 8);
}

static void
test_empty (void)
{
  check_runs (1000, 0, 1, 0);
}

/* Spilled runs are files of mode 0600, in a folder of mode 0700 of their
 * own, whatever the umask; the folder goes with the runs. */
static void
test_private (void)
{
  g_autoptr (CohortHashRuns) runs = cohort_hash_runs_new (16);
  g_autoptr (GError) error = NULL;
  g_autoptr (GDir) fds = NULL;
  g_autofree char *dir = NULL;
  const char *name;
  mode_t old_umask = umask (0);
  guint n_files = 0;

  for (guint i = 0; i < 100; i++)
    {
      guint8 digest[COHORT_HASH_LENGTH];

      cohort_sha256 (&i, sizeof i, digest);
      g_assert_true (cohort_hash_runs_add (runs, digest, i, &error));
    }
  g_assert_cmpuint (cohort_hash_runs_get_n_spilled (runs), >, 0);

  /* Unlinked at once: found through the open descriptors. */
  fds = g_dir_open ("/proc/self/fd", 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (fds)) != NULL)
    {
      g_autofree char *fd_path = g_build_filename ("/proc/self/fd", name, NULL);
      g_autofree char *target = g_file_read_link (fd_path, NULL);
      GStatBuf st;

      if (target == NULL || strstr (target, "/cohort-hashes-") == NULL)
        continue;
      g_assert_nonnull (strstr (target, "(deleted)"));
      g_assert_cmpint (g_stat (fd_path, &st), ==, 0);
      g_assert_true (S_ISREG (st.st_mode));
      g_assert_cmpint (st.st_mode & 0777, ==, 0600);
      g_free (dir);
      dir = g_path_get_dirname (target);
      g_assert_cmpint (g_stat (dir, &st), ==, 0);
      g_assert_cmpint (st.st_mode & 0777, ==, 0700);
      n_files++;
    }
  g_assert_cmpuint (n_files, ==, cohort_hash_runs_get_n_spilled (runs));
  umask (old_umask);
  g_clear_pointer (&runs, cohort_hash_runs_free);
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/hash-runs/in-memory", test_in_memory);
  g_test_add_func ("/hash-runs/spilled", test_spilled);
  g_test_add_func ("/hash-runs/empty", test_empty);
  g_test_add_func ("/hash-runs/private", test_private);

  return g_test_run ();
}
