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
