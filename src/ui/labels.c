/* labels.c: the words the window uses for the core's identities, states and times */
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

/* TikTok's target identity for @identity, as Ads Manager names it. */
const char *
cohort_ui_identity_target (CohortIdentity identity)
{
  switch (identity)
    {
    case COHORT_IDENTITY_EMAIL:
      /* Translators: TikTok's target identity: email addresses hashed with SHA-256 */
      return _("Email SHA256");
    case COHORT_IDENTITY_PHONE:
      /* Translators: TikTok's target identity: phone numbers hashed with SHA-256 */
      return _("Phone SHA256");
    case COHORT_IDENTITY_GAID:
      /* TikTok's name for Android's advertising ID */
      return "AAID SHA256";
    case COHORT_IDENTITY_IDFA:
      return "IDFA SHA256";
    case COHORT_N_IDENTITIES:
    default:
      g_return_val_if_reached ("");
    }
}

/* Why @identity cannot be sent: the audience has none. */
const char *
cohort_ui_identity_missing (CohortIdentity identity)
{
  switch (identity)
    {
    case COHORT_IDENTITY_EMAIL:
      return _("This audience has no email addresses");
    case COHORT_IDENTITY_PHONE:
      return _("This audience has no phone numbers");
    case COHORT_IDENTITY_GAID:
      return _("This audience has no Android advertising IDs");
    case COHORT_IDENTITY_IDFA:
      return _("This audience has no Apple advertising IDs");
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

/* The style class of a label that shows @state. */
const char *
cohort_ui_activation_state_style (const char *state)
{
  if (g_str_equal (state, "synced"))
    return "success";
  if (g_str_equal (state, "paused") || g_str_equal (state, "failed"))
    return "error";
  if (g_str_equal (state, "sending"))
    return "accent";
  return "dim-label";
}

const char *
cohort_ui_run_outcome (const char *outcome)
{
  if (g_str_equal (outcome, "succeeded"))
    return _("Succeeded");
  if (g_str_equal (outcome, "partial"))
    return _("Partially succeeded");
  if (g_str_equal (outcome, "paused"))
    return _("Paused");
  if (g_str_equal (outcome, "running"))
    return _("Running");
  if (g_str_equal (outcome, "interrupted"))
    return _("Interrupted");
  return _("Failed");
}

const char *
cohort_ui_run_outcome_style (const char *outcome)
{
  if (g_str_equal (outcome, "succeeded"))
    return "success";
  if (g_str_equal (outcome, "partial") || g_str_equal (outcome, "interrupted"))
    return "warning";
  if (g_str_equal (outcome, "running"))
    return "accent";
  return "error";
}

char *
cohort_ui_format_date_time (gint64 unix_time)
{
  g_autoptr (GDateTime) time = g_date_time_new_from_unix_local (unix_time);

  return time != NULL ? g_date_time_format (time, "%x %X") : g_strdup ("");
}

/* "3 minutes ago", up to a week; the date after that. In lower case, for the middle of a sentence. */
char *
cohort_ui_format_time_ago (gint64 unix_time,
                           gint64 now)
{
  gint64 ago = MAX (now - unix_time, 0);
  int n;

  if (ago < 60)
    return g_strdup (_("just now"));
  if (ago < 3600)
    {
      n = ago / 60;
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d minute ago", "%d minutes ago", n), n);
    }
  if (ago < 86400)
    {
      n = ago / 3600;
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d hour ago", "%d hours ago", n), n);
    }
  if (ago < 7 * 86400)
    {
      n = ago / 86400;
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day ago", "%d days ago", n), n);
    }
  return cohort_ui_format_date_time (unix_time);
}

/* "45 s", "3 min 20 s", "2 h 5 min" */
char *
cohort_ui_format_duration (gint64 seconds)
{
  int s = (int) MIN (MAX (seconds, 0), G_MAXINT);

  if (s < 60)
    /* Translators: a duration in seconds */
    return g_strdup_printf (_("%d s"), s);
  if (s < 3600)
    /* Translators: a duration in minutes and seconds */
    return g_strdup_printf (_("%d min %d s"), s / 60, s % 60);
  /* Translators: a duration in hours and minutes */
  return g_strdup_printf (_("%d h %d min"), s / 3600, (s % 3600) / 60);
}
