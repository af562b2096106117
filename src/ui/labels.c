/* labels.c: the words the window uses for the core's identities and states */
#include "config.h"

#include <glib/gi18n.h>

#include "ui/labels.h"

const char *
cohort_ui_identity_title (CohortIdentity identity)
{
  switch (identity)
    {
    case COHORT_IDENTITY_EMAIL:
      return _("Email addresses");
    case COHORT_IDENTITY_PHONE:
      return _("Phone numbers");
    case COHORT_IDENTITY_GAID:
      return _("Android advertising IDs (GAID)");
    case COHORT_IDENTITY_IDFA:
      return _("Apple advertising IDs (IDFA)");
    case COHORT_N_IDENTITIES:
    default:
      g_return_val_if_reached ("");
    }
}

const char *
cohort_ui_activation_state (const char *state)
{
  if (g_str_equal (state, "synced"))
    return _("Synced");
  if (g_str_equal (state, "sending"))
    return _("Sending");
  if (g_str_equal (state, "paused"))
    return _("Paused");
  if (g_str_equal (state, "failed"))
    return _("Failed");
  return _("Pending");
}

/* The column types as the import's form names them, in CohortColumnType's order. */
const char *
cohort_ui_column_type_title (CohortColumnType type)
{
  switch (type)
    {
    case COHORT_COLUMN_IGNORE:
      return _("Ignore");
    case COHORT_COLUMN_EMAIL:
      return _("Email address");
    case COHORT_COLUMN_PHONE:
      return _("Phone number");
    case COHORT_COLUMN_GAID:
      return _("Android advertising ID (GAID)");
    case COHORT_COLUMN_IDFA:
      return _("Apple advertising ID (IDFA)");
    case COHORT_COLUMN_EMAIL_SHA256:
      return _("Email address, already hashed");
    case COHORT_COLUMN_PHONE_SHA256:
      return _("Phone number, already hashed");
    case COHORT_COLUMN_GAID_SHA256:
      return _("GAID, already hashed");
    case COHORT_COLUMN_IDFA_SHA256:
      return _("IDFA, already hashed");
    case COHORT_COLUMN_MAID:
      return _("Advertising ID, platform in another column");
    case COHORT_N_COLUMN_TYPES:
    default:
      g_return_val_if_reached ("");
    }
}
