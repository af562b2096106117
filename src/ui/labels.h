/* labels.h: the words the window uses for the core's identities, states and times */
#pragma once

#include "core/identity.h"

G_BEGIN_DECLS

const char *cohort_ui_identity_title         (CohortIdentity  identity);
const char *cohort_ui_identity_target        (CohortIdentity  identity);
const char *cohort_ui_identity_missing       (CohortIdentity  identity);
const char *cohort_ui_activation_state       (const char     *state);
const char *cohort_ui_activation_state_style (const char     *state);
const char *cohort_ui_run_outcome            (const char     *outcome);
const char *cohort_ui_run_outcome_style      (const char     *outcome);
char       *cohort_ui_format_date_time       (gint64          unix_time);
char       *cohort_ui_format_time_ago        (gint64          unix_time,
                                              gint64          now);
char       *cohort_ui_format_duration        (gint64          seconds);
const char *cohort_ui_column_type_title      (CohortColumnType type);

G_END_DECLS
