/* labels.h: the words the window uses for the core's identities and states */
#pragma once

#include "core/identity.h"

G_BEGIN_DECLS

const char *cohort_ui_identity_title   (CohortIdentity  identity);
const char *cohort_ui_activation_state (const char     *state);
const char *cohort_ui_column_type_title (CohortColumnType type);

G_END_DECLS
