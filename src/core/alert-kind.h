/* alert-kind.h: the kinds of alert a destination can raise, and their names */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  COHORT_ALERT_RUN_FAILED     = 1 << 0, /* a sync run failed */
  COHORT_ALERT_RUN_PARTIAL    = 1 << 1, /* a sync run partially succeeded */
  COHORT_ALERT_HIGH_REJECTION = 1 << 2, /* an import rejected more rows than the threshold */
  COHORT_ALERT_PAUSED         = 1 << 3, /* paused: token revoked or no permission */
  COHORT_ALERT_BELOW_MINIMUM  = 1 << 4, /* the audience is below TikTok's usable size */
  COHORT_ALERT_RATE_LIMITED   = 1 << 5, /* rate-limited for more than ten minutes */
  COHORT_ALERT_POLICY         = 1 << 6, /* paused: a label the destination's policy blocks or warns about */
} CohortAlertKinds;

#define COHORT_ALERT_ALL ((CohortAlertKinds) 0x7f)
#define COHORT_N_ALERT_KINDS 7

const char *cohort_alert_kind_to_nick      (CohortAlertKinds   kind);
const char *cohort_alert_kind_describe     (CohortAlertKinds   kind);
gboolean    cohort_alert_kinds_parse       (const char        *text,
                                            CohortAlertKinds  *out_kinds,
                                            GError           **error);
char       *cohort_alert_kinds_to_string   (CohortAlertKinds   kinds);

G_END_DECLS
