/* identity.h: the identities Cohort sends (email, phone, GAID, IDFA) and what a column can hold */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  COHORT_IDENTITY_EMAIL,
  COHORT_IDENTITY_PHONE,
  COHORT_IDENTITY_GAID,
  COHORT_IDENTITY_IDFA,
  COHORT_N_IDENTITIES,
} CohortIdentity;

typedef enum
{
  COHORT_COLUMN_IGNORE,
  COHORT_COLUMN_EMAIL,
  COHORT_COLUMN_PHONE,
  COHORT_COLUMN_GAID,
  COHORT_COLUMN_IDFA,
  COHORT_COLUMN_EMAIL_SHA256,
  COHORT_COLUMN_PHONE_SHA256,
  COHORT_COLUMN_GAID_SHA256,
  COHORT_COLUMN_IDFA_SHA256,
  COHORT_COLUMN_MAID, /* an advertising ID of either platform, told apart by a platform column */
  COHORT_N_COLUMN_TYPES,
} CohortColumnType;

const char       *cohort_identity_to_string        (CohortIdentity    identity);
gboolean          cohort_identity_from_string      (const char       *name,
                                                    CohortIdentity   *out_identity);

const char       *cohort_column_type_to_string     (CohortColumnType  type);
gboolean          cohort_column_type_from_string   (const char       *name,
                                                    CohortColumnType *out_type);
gboolean          cohort_column_type_is_hashed     (CohortColumnType  type);
CohortIdentity    cohort_column_type_get_identity  (CohortColumnType  type);
CohortColumnType  cohort_column_type_for_identity  (CohortIdentity    identity,
                                                    gboolean          hashed);

G_END_DECLS
