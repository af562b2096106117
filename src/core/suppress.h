/* suppress.h: one person added to the suppression list from a typed value, hashed on the spot */
#pragma once

#include "core/identity.h"
#include "core/store.h"

G_BEGIN_DECLS

gboolean cohort_suppress_value (CohortStore    *store,
                                CohortIdentity  identity,
                                const char     *value,
                                const char     *country,
                                guint64        *out_new,
                                GError        **error);

G_END_DECLS
