/* test-hash-set.c: CohortHashSet keeps each hash once, through growth, and sorts them in byte order */
#include "config.h"

#include <string.h>

#include "core/hash-set.h"
#include "core/normalize.h"

static void
test_hash_set (void)
{
  g_autoptr (CohortHashSet) set = cohort_hash_set_new ();
  guint8 hash[COHORT_HASH_LENGTH];
  const guint8 *sorted;
  gsize n = 0;
  const guint count = 100000;

  for (guint i = 0; i < count; i++)
    {
      cohort_sha256 (&i, sizeof i, hash);
      g_assert_true (cohort_hash_set_add (set, hash));
    }
  /* Every one is found again, and none is added twice. */
  for (guint i = 0; i < count; i++)
    {
      cohort_sha256 (&i, sizeof i, hash);
      g_assert_true (cohort_hash_set_contains (set, hash));
      g_assert_false (cohort_hash_set_add (set, hash));
    }
  g_assert_cmpuint (cohort_hash_set_size (set), ==, count);
  cohort_sha256 ("absent", 6, hash);
  g_assert_false (cohort_hash_set_contains (set, hash));

  sorted = cohort_hash_set_steal_sorted (set, &n);
  g_assert_cmpuint (n, ==, count);
  for (gsize i = 1; i < n; i++)
    g_assert_cmpint (memcmp (sorted + (i - 1) * COHORT_HASH_LENGTH, sorted + i * COHORT_HASH_LENGTH,
                             COHORT_HASH_LENGTH), <, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/hash-set/add-contains-sort", test_hash_set);

  return g_test_run ();
}
