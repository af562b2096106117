/* alert-kind.c: the kinds of alert a destination can raise, and their names */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "core/alert-kind.h"
#include "core/error.h"

/* The nicks are stored in the database and typed on the command line:
 * never rename one. */
static const struct
{
  CohortAlertKinds  kind;
  const char       *nick;
  const char       *description;
} kinds[COHORT_N_ALERT_KINDS] = {
  { COHORT_ALERT_RUN_FAILED, "run-failed", N_("A sync run failed") },
  { COHORT_ALERT_RUN_PARTIAL, "run-partial", N_("A sync run partially succeeded") },
  { COHORT_ALERT_HIGH_REJECTION, "high-rejection", N_("An import rejected many rows") },
  { COHORT_ALERT_PAUSED, "paused", N_("Syncing paused: reconnect or permission needed") },
  { COHORT_ALERT_BELOW_MINIMUM, "below-minimum", N_("The audience is too small for TikTok to use") },
  { COHORT_ALERT_RATE_LIMITED, "rate-limited", N_("TikTok has been limiting requests for ten minutes") },
  { COHORT_ALERT_POLICY, "policy", N_("Syncing paused: a label the destination’s policy blocks or warns about") },
};

const char *
cohort_alert_kind_to_nick (CohortAlertKinds kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (kinds[i].kind == kind)
      return kinds[i].nick;
  g_return_val_if_reached (NULL);
}

const char *
cohort_alert_kind_describe (CohortAlertKinds kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (kinds[i].kind == kind)
      return _(kinds[i].description);
  g_return_val_if_reached (NULL);
}

/**
 * cohort_alert_kinds_parse:
 * @text: `all`, `none`, or nicks separated by commas (`run-failed,paused`)
 */
gboolean
cohort_alert_kinds_parse (const char        *text,
                          CohortAlertKinds  *out_kinds,
                          GError           **error)
{
  g_auto (GStrv) parts = NULL;
  CohortAlertKinds result = 0;

  if (g_strcmp0 (text, "all") == 0)
    {
      *out_kinds = COHORT_ALERT_ALL;
      return TRUE;
    }
  if (g_strcmp0 (text, "none") == 0 || text == NULL || *text == '\0')
    {
      *out_kinds = 0;
      return TRUE;
    }

  parts = g_strsplit (text, ",", -1);
  for (guint p = 0; parts[p] != NULL; p++)
    {
      const char *nick = g_strstrip (parts[p]);
      gboolean found = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (kinds) && !found; i++)
        if (g_str_equal (kinds[i].nick, nick))
          {
            result |= kinds[i].kind;
            found = TRUE;
          }
      if (!found)
        {
          g_autoptr (GString) known = g_string_new ("all, none");

          for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
            g_string_append_printf (known, ", %s", kinds[i].nick);
          g_set_error (error, COHORT_STORE_ERROR, COHORT_STORE_ERROR_INVALID,
                       _("Unknown alert “%s”. Known alerts: %s."), nick, known->str);
          return FALSE;
        }
    }
  *out_kinds = result;
  return TRUE;
}

/* Returns: (transfer full): `all`, `none` or the nicks, comma-separated */
char *
cohort_alert_kinds_to_string (CohortAlertKinds kinds_set)
{
  g_autoptr (GString) text = g_string_new (NULL);

  if ((kinds_set & COHORT_ALERT_ALL) == COHORT_ALERT_ALL)
    return g_strdup ("all");
  if ((kinds_set & COHORT_ALERT_ALL) == 0)
    return g_strdup ("none");
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (kinds_set & kinds[i].kind)
      g_string_append_printf (text, "%s%s", text->len > 0 ? "," : "", kinds[i].nick);
  return g_string_free (g_steal_pointer (&text), FALSE);
}
