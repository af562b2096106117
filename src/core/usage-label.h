/* usage-label.h: how an audience's data may be used (its labels), and a destination's policy on them */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The values are bits in memory only: the store keeps the names. */
typedef enum
{
  COHORT_LABEL_CONSENT_MARKETING, /* collected with marketing consent: a policy is about its absence */
  COHORT_LABEL_NO_AD_TARGETING,
  COHORT_LABEL_SENSITIVE,
  COHORT_LABEL_MINORS_POSSIBLE,
  COHORT_N_LABELS,
} CohortUsageLabel;

#define COHORT_LABELS_ALL ((1u << COHORT_N_LABELS) - 1)

/* Characters in the reason given for a label. */
#define COHORT_LABEL_REASON_MAX 500

typedef enum
{
  COHORT_POLICY_ALLOW,
  COHORT_POLICY_WARN,
  COHORT_POLICY_BLOCK,
} CohortPolicyAction;

/* What a destination does about each label's condition: the label present,
 * or for consent-marketing, the label missing. */
typedef struct
{
  CohortPolicyAction actions[COHORT_N_LABELS];
} CohortPolicy;

typedef struct
{
  guint blocked;  /* a bit per label whose condition the policy blocks */
  guint warned;   /* … warns about, and no one accepted */
  guint accepted; /* … warns about, and the user accepted */
} CohortPolicyVerdict;

const char *cohort_usage_label_to_string      (CohortUsageLabel      label);
gboolean    cohort_usage_label_from_string    (const char           *name,
                                               CohortUsageLabel     *out_label);
const char *cohort_usage_label_describe       (CohortUsageLabel      label);
gboolean    cohort_usage_label_is_permission  (CohortUsageLabel      label);
gboolean    cohort_usage_labels_parse         (const char           *text,
                                               guint                *out_labels,
                                               GError              **error);
char       *cohort_usage_labels_to_string     (guint                 labels);
guint       cohort_usage_labels_conditions    (guint                 labels);
gboolean    cohort_usage_label_check_reason   (const char           *reason,
                                               GError              **error);

const char *cohort_policy_action_to_string    (CohortPolicyAction    action);
gboolean    cohort_policy_action_from_string  (const char           *name,
                                               CohortPolicyAction   *out_action);
void        cohort_policy_init_default        (CohortPolicy         *policy);
guint       cohort_policy_get_labels          (const CohortPolicy   *policy,
                                               CohortPolicyAction    action);
gboolean    cohort_policy_is_default          (const CohortPolicy   *policy);
void        cohort_policy_check               (const CohortPolicy   *policy,
                                               guint                 labels,
                                               guint                 accepted,
                                               CohortPolicyVerdict  *out_verdict);
char       *cohort_policy_explain             (const CohortPolicyVerdict *verdict,
                                               const char           *audience,
                                               const char           *destination);

G_END_DECLS
