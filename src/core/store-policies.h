/* store-policies.h: CohortStore's destination policies, and the activations they hold */
#pragma once

#include "core/store.h"
#include "core/usage-label.h"

G_BEGIN_DECLS

/* An activation a label or policy change paused, or let go. */
typedef struct
{
  gint64  activation_id;
  char   *audience;
  char   *destination;
  char   *hold;   /* the labels now holding it, comma-separated; empty: it may be sent again */
  char   *reason; /* why it is held; empty when it is not */
} CohortPolicyChange;

void     cohort_policy_change_free     (CohortPolicyChange   *change);

gboolean cohort_store_get_policy       (CohortStore          *self,
                                        const char           *destination,
                                        CohortPolicy         *out_policy,
                                        GError              **error);
gboolean cohort_store_set_policy       (CohortStore          *self,
                                        const char           *destination,
                                        const CohortPolicy   *policy,
                                        GPtrArray           **out_changes,
                                        GError              **error);
gboolean cohort_store_check_activation (CohortStore          *self,
                                        const char           *audience,
                                        const char           *destination,
                                        guint                 accepted,
                                        CohortPolicyVerdict  *out_verdict,
                                        GError              **error);

G_END_DECLS
