/* rate-limiter.c: CohortRateLimiter, a token bucket, and the back-off between retries */
#include "config.h"

#include "core/rate-limiter.h"

/* The clock is passed in: tests step it instead of sleeping. */
struct _CohortRateLimiter
{
  GMutex  mutex;
  double  per_second;
  double  burst;
  double  tokens;
  gint64  last_us;
};

/**
 * cohort_rate_limiter_new:
 * @per_second: requests allowed a second, on average
 * @burst: requests that may go at once after a pause, at least 1
 */
CohortRateLimiter *
cohort_rate_limiter_new (double per_second,
                         double burst)
{
  CohortRateLimiter *limiter = g_new0 (CohortRateLimiter, 1);

  g_mutex_init (&limiter->mutex);
  limiter->per_second = MAX (per_second, 0.001);
  limiter->burst = MAX (burst, 1.0);
  limiter->tokens = limiter->burst;
  limiter->last_us = -1;
  return limiter;
}

void
cohort_rate_limiter_free (CohortRateLimiter *limiter)
{
  if (limiter == NULL)
    return;
  g_mutex_clear (&limiter->mutex);
  g_free (limiter);
}

/**
 * cohort_rate_limiter_reserve:
 * @now_us: the monotonic time, in microseconds
 *
 * Takes a token for one request. Thread-safe.
 *
 * Returns: how long to wait before sending it, 0 when it may go now
 */
gint64
cohort_rate_limiter_reserve (CohortRateLimiter *limiter,
                             gint64             now_us)
{
  gint64 wait = 0;

  g_mutex_lock (&limiter->mutex);
  if (limiter->last_us >= 0 && now_us > limiter->last_us)
    limiter->tokens = MIN (limiter->burst,
                           limiter->tokens + (now_us - limiter->last_us) * limiter->per_second / G_USEC_PER_SEC);
  limiter->last_us = MAX (limiter->last_us, now_us);
  /* Borrowing ahead: the debt is the wait, and later callers queue behind. */
  limiter->tokens -= 1.0;
  if (limiter->tokens < 0)
    wait = (gint64) (-limiter->tokens * G_USEC_PER_SEC / limiter->per_second + 0.5);
  g_mutex_unlock (&limiter->mutex);
  return wait;
}

/**
 * cohort_backoff_delay_us:
 * @attempt: 1 for the first retry
 *
 * Exponential back-off with full jitter: a random delay up to
 * @base_us × 2^(attempt − 1), capped at @max_us, so that clients that failed
 * together do not retry together.
 */
gint64
cohort_backoff_delay_us (guint   attempt,
                         gint64  base_us,
                         gint64  max_us,
                         GRand  *rand)
{
  gint64 ceiling = base_us;

  for (guint i = 1; i < attempt && ceiling < max_us; i++)
    ceiling *= 2;
  ceiling = MIN (ceiling, max_us);
  return (gint64) (g_rand_double (rand) * ceiling) + 1;
}
