/* test-rate-limiter.c: the token bucket and the back-off, on a clock the test moves */
#include "config.h"

#include "core/rate-limiter.h"

static void
test_bucket (void)
{
  g_autoptr (CohortRateLimiter) limiter = cohort_rate_limiter_new (10, 10);
  gint64 now = 1000 * G_USEC_PER_SEC;

  /* A burst of ten goes at once, the eleventh waits a tenth of a second. */
  for (guint i = 0; i < 10; i++)
    g_assert_cmpint (cohort_rate_limiter_reserve (limiter, now), ==, 0);
  g_assert_cmpint (cohort_rate_limiter_reserve (limiter, now), ==, 100000);
  /* The next one queues behind it. */
  g_assert_cmpint (cohort_rate_limiter_reserve (limiter, now), ==, 200000);

  /* A second later the debt is paid and eight tokens are back. */
  now += G_USEC_PER_SEC;
  for (guint i = 0; i < 8; i++)
    g_assert_cmpint (cohort_rate_limiter_reserve (limiter, now), ==, 0);
  g_assert_cmpint (cohort_rate_limiter_reserve (limiter, now), >, 0);

  /* An idle hour refills the bucket, no further than its size. */
  now += (gint64) 3600 * G_USEC_PER_SEC;
  for (guint i = 0; i < 10; i++)
    g_assert_cmpint (cohort_rate_limiter_reserve (limiter, now), ==, 0);
  g_assert_cmpint (cohort_rate_limiter_reserve (limiter, now), ==, 100000);
}

static void
test_paced (void)
{
  g_autoptr (CohortRateLimiter) limiter = cohort_rate_limiter_new (10, 1);
  gint64 now = 1000 * G_USEC_PER_SEC;

  /* No burst: one now, then one every tenth of a second, even after idling. */
  g_assert_cmpint (cohort_rate_limiter_reserve (limiter, now), ==, 0);
  g_assert_cmpint (cohort_rate_limiter_reserve (limiter, now), ==, 100000);
  g_assert_cmpint (cohort_rate_limiter_reserve (limiter, now), ==, 200000);
  now += (gint64) 3600 * G_USEC_PER_SEC;
  g_assert_cmpint (cohort_rate_limiter_reserve (limiter, now), ==, 0);
  g_assert_cmpint (cohort_rate_limiter_reserve (limiter, now), ==, 100000);
}

static void
test_backoff (void)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (42);
  gint64 base = 500000;
  gint64 max = (gint64) 60 * G_USEC_PER_SEC;

  for (guint attempt = 1; attempt <= 12; attempt++)
    {
      gint64 ceiling = MIN (base << (attempt - 1), max);
      gint64 smallest = G_MAXINT64, largest = 0;

      for (guint i = 0; i < 200; i++)
        {
          gint64 delay = cohort_backoff_delay_us (attempt, base, max, rand);

          g_assert_cmpint (delay, >, 0);
          g_assert_cmpint (delay, <=, ceiling + 1);
          smallest = MIN (smallest, delay);
          largest = MAX (largest, delay);
        }
      /* Jitter: the delays spread over the range, they are not all alike. */
      g_assert_cmpint (largest - smallest, >, ceiling / 2);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rate-limiter/bucket", test_bucket);
  g_test_add_func ("/rate-limiter/paced", test_paced);
  g_test_add_func ("/rate-limiter/backoff", test_backoff);

  return g_test_run ();
}
