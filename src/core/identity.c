/* identity.c: the identities Cohort sends (email, phone, GAID, IDFA) and what a column can hold */
#include "config.h"

#include "core/identity.h"

static const char *const identity_names[COHORT_N_IDENTITIES] = {
  "email", "phone", "gaid", "idfa",
};

/* The names of `--map COLUMN=TYPE`: stable, scripts rely on them. */
static const char *const column_type_names[COHORT_N_COLUMN_TYPES] = {
  "ignore", "email", "phone", "gaid", "idfa",
  "email-sha256", "phone-sha256", "gaid-sha256", "idfa-sha256",
  "maid",
};

const char *
cohort_identity_to_string (CohortIdentity identity)
{
  g_return_val_if_fail (identity < COHORT_N_IDENTITIES, NULL);

  return identity_names[identity];
}

gboolean
cohort_identity_from_string (const char     *name,
                             CohortIdentity *out_identity)
{
  for (guint i = 0; i < COHORT_N_IDENTITIES; i++)
    if (g_ascii_strcasecmp (name, identity_names[i]) == 0)
      {
        *out_identity = i;
        return TRUE;
      }
  return FALSE;
}

const char *
cohort_column_type_to_string (CohortColumnType type)
{
  g_return_val_if_fail (type < COHORT_N_COLUMN_TYPES, NULL);

  return column_type_names[type];
}

gboolean
cohort_column_type_from_string (const char       *name,
                                CohortColumnType *out_type)
{
  for (guint i = 0; i < COHORT_N_COLUMN_TYPES; i++)
    if (g_ascii_strcasecmp (name, column_type_names[i]) == 0)
      {
        *out_type = i;
        return TRUE;
      }
  return FALSE;
}

gboolean
cohort_column_type_is_hashed (CohortColumnType type)
{
  return type >= COHORT_COLUMN_EMAIL_SHA256 && type <= COHORT_COLUMN_IDFA_SHA256;
}

/**
 * cohort_column_type_get_identity:
 * @type: any but %COHORT_COLUMN_IGNORE and %COHORT_COLUMN_MAID
 */
CohortIdentity
cohort_column_type_get_identity (CohortColumnType type)
{
  g_return_val_if_fail (type != COHORT_COLUMN_IGNORE && type != COHORT_COLUMN_MAID,
                        COHORT_IDENTITY_EMAIL);

  if (cohort_column_type_is_hashed (type))
    return type - COHORT_COLUMN_EMAIL_SHA256;
  return type - COHORT_COLUMN_EMAIL;
}

CohortColumnType
cohort_column_type_for_identity (CohortIdentity identity,
                                 gboolean       hashed)
{
  g_return_val_if_fail (identity < COHORT_N_IDENTITIES, COHORT_COLUMN_IGNORE);

  return (hashed ? COHORT_COLUMN_EMAIL_SHA256 : COHORT_COLUMN_EMAIL) + identity;
}
