/* rate-limiter.h: CohortRateLimiter, a token bucket, and the back-off between retries */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _CohortRateLimiter CohortRateLimiter;

CohortRateLimiter *cohort_rate_limiter_new     (double             per_second,
                                               double             burst);
void               cohort_rate_limiter_free    (CohortRateLimiter *limiter);
gint64             cohort_rate_limiter_reserve (CohortRateLimiter *limiter,
                                                gint64             now_us);
gint64             cohort_backoff_delay_us     (guint              attempt,
                                                gint64             base_us,
                                                gint64             max_us,
                                                GRand             *rand);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CohortRateLimiter, cohort_rate_limiter_free)

G_END_DECLS
