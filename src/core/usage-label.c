/* usage-label.c: how an audience's data may be used (its labels), and a destination's policy on them */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "core/error.h"
#include "core/usage-label.h"

/* The names are stored in the database and typed on the command line:
 * never rename one. */
static const struct
{
  const char         *name;
  const char         *description;
  CohortPolicyAction  default_action;
} labels[COHORT_N_LABELS] = {
  [COHORT_LABEL_CONSENT_MARKETING] = { "consent-marketing", N_("collected with marketing consent"),
                                       COHORT_POLICY_WARN },
  [COHORT_LABEL_NO_AD_TARGETING] = { "no-ad-targeting", N_("must not be used for ad targeting"),
                                     COHORT_POLICY_BLOCK },
  [COHORT_LABEL_SENSITIVE] = { "sensitive", N_("health, religion, politics or other special category"),
                               COHORT_POLICY_BLOCK },
  [COHORT_LABEL_MINORS_POSSIBLE] = { "minors-possible", N_("may include people under 18"),
                                     COHORT_POLICY_WARN },
};

static const char *const action_names[] = {
  [COHORT_POLICY_ALLOW] = "allow",
  [COHORT_POLICY_WARN] = "warn",
  [COHORT_POLICY_BLOCK] = "block",
};

const char *
cohort_usage_label_to_string (CohortUsageLabel label)
{
  g_return_val_if_fail (label < COHORT_N_LABELS, NULL);
  return labels[label].name;
}

gboolean
cohort_usage_label_from_string (const char       *name,
                                CohortUsageLabel *out_label)
{
  for (guint i = 0; i < COHORT_N_LABELS; i++)
    if (g_strcmp0 (name, labels[i].name) == 0)
      {
        *out_label = i;
        return TRUE;
      }
  return FALSE;
}

const char *
cohort_usage_label_describe (CohortUsageLabel label)
{
  g_return_val_if_fail (label < COHORT_N_LABELS, NULL);
  return _(labels[label].description);
}

/* consent-marketing grants a use rather than restricts one: what a policy
 * blocks or warns about is an audience without it. */
gboolean
cohort_usage_label_is_permission (CohortUsageLabel label)
{
  return label == COHORT_LABEL_CONSENT_MARKETING;
}

/**
 * cohort_usage_labels_parse:
 * @text: names separated by commas (`sensitive,minors-possible`); empty or
 *   `none` for none
 * @out_labels: (out): a bit per CohortUsageLabel
 */
gboolean
cohort_usage_labels_parse (const char *text,
                           guint      *out_labels,
                           GError    **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text != NULL ? text : ""));
  g_auto (GStrv) parts = NULL;
  guint result = 0;

  *out_labels = 0;
  if (g_str_equal (trimmed, "none"))
    return TRUE;
  parts = g_strsplit (trimmed, ",", -1);
  for (guint p = 0; parts[p] != NULL; p++)
    {
      const char *name = g_strstrip (parts[p]);
      CohortUsageLabel label;

      if (*name == '\0')
        continue;
      if (!cohort_usage_label_from_string (name, &label))
        {
          g_autofree char *known = cohort_usage_labels_to_string (COHORT_LABELS_ALL);

          g_set_error (error, COHORT_STORE_ERROR, COHORT_STORE_ERROR_INVALID,
                       _("Unknown label “%s”. Known labels: %s."), name, known);
          return FALSE;
        }
      result |= 1u << label;
    }
  *out_labels = result;
  return TRUE;
}

/* Returns: (transfer full): the names, comma-separated; empty for none */
char *
cohort_usage_labels_to_string (guint set)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < COHORT_N_LABELS; i++)
    if (set & (1u << i))
      g_string_append_printf (text, "%s%s", text->len > 0 ? "," : "", labels[i].name);
  return g_string_free (text, FALSE);
}

/* The labels whose condition holds for an audience carrying @set: those
 * present, but consent-marketing when it is missing. */
guint
cohort_usage_labels_conditions (guint set)
{
  guint permissions = 1u << COHORT_LABEL_CONSENT_MARKETING;

  return (set ^ permissions) & COHORT_LABELS_ALL;
}

/* A reason is free text a person reads: one line, of reasonable length. */
gboolean
cohort_usage_label_check_reason (const char *reason,
                                 GError    **error)
{
  if (reason == NULL)
    return TRUE;
  if (!g_utf8_validate (reason, -1, NULL) || g_utf8_strlen (reason, -1) > COHORT_LABEL_REASON_MAX ||
      strpbrk (reason, "\r\n") != NULL)
    {
      g_set_error (error, COHORT_STORE_ERROR, COHORT_STORE_ERROR_INVALID,
                   _("A label’s reason is one line of at most %d characters."), COHORT_LABEL_REASON_MAX);
      return FALSE;
    }
  return TRUE;
}

const char *
cohort_policy_action_to_string (CohortPolicyAction action)
{
  g_return_val_if_fail (action < G_N_ELEMENTS (action_names), NULL);
  return action_names[action];
}

gboolean
cohort_policy_action_from_string (const char         *name,
                                  CohortPolicyAction *out_action)
{
  for (guint i = 0; i < G_N_ELEMENTS (action_names); i++)
    if (g_strcmp0 (name, action_names[i]) == 0)
      {
        *out_action = i;
        return TRUE;
      }
  return FALSE;
}

/* Block no-ad-targeting and sensitive; warn on minors-possible and on a
 * missing consent-marketing. */
void
cohort_policy_init_default (CohortPolicy *policy)
{
  for (guint i = 0; i < COHORT_N_LABELS; i++)
    policy->actions[i] = labels[i].default_action;
}

guint
cohort_policy_get_labels (const CohortPolicy *policy,
                          CohortPolicyAction  action)
{
  guint set = 0;

  for (guint i = 0; i < COHORT_N_LABELS; i++)
    if (policy->actions[i] == action)
      set |= 1u << i;
  return set;
}

gboolean
cohort_policy_is_default (const CohortPolicy *policy)
{
  for (guint i = 0; i < COHORT_N_LABELS; i++)
    if (policy->actions[i] != labels[i].default_action)
      return FALSE;
  return TRUE;
}

/**
 * cohort_policy_check:
 * @labels: the audience's, a bit per CohortUsageLabel
 * @accepted: the warnings the user accepted for this activation
 *
 * What @policy makes of an audience: what it blocks, and what it warns
 * about, accepted or not.
 */
void
cohort_policy_check (const CohortPolicy  *policy,
                     guint                labels_set,
                     guint                accepted,
                     CohortPolicyVerdict *out_verdict)
{
  guint conditions = cohort_usage_labels_conditions (labels_set);
  guint warnings = conditions & cohort_policy_get_labels (policy, COHORT_POLICY_WARN);

  out_verdict->blocked = conditions & cohort_policy_get_labels (policy, COHORT_POLICY_BLOCK);
  out_verdict->warned = warnings & ~accepted;
  out_verdict->accepted = warnings & accepted;
}

/* One sentence a label, naming it and the policy. */
static void
append_sentences (GString    *text,
                  guint       set,
                  gboolean    blocks,
                  const char *audience,
                  const char *destination)
{
  for (guint i = 0; i < COHORT_N_LABELS; i++)
    {
      const char *name = labels[i].name;
      const char *description = _(labels[i].description);

      if (!(set & (1u << i)))
        continue;
      if (text->len > 0)
        g_string_append_c (text, ' ');
      /* Whole sentences, for the translators. */
      if (cohort_usage_label_is_permission (i) && blocks)
        g_string_append_printf (text, _("“%s” is not labelled “%s” (%s), which the policy of “%s” blocks."),
                                audience, name, description, destination);
      else if (cohort_usage_label_is_permission (i))
        g_string_append_printf (text, _("“%s” is not labelled “%s” (%s), which the policy of “%s” warns about."),
                                audience, name, description, destination);
      else if (blocks)
        g_string_append_printf (text, _("“%s” is labelled “%s” (%s), which the policy of “%s” blocks."), audience,
                                name, description, destination);
      else
        g_string_append_printf (text, _("“%s” is labelled “%s” (%s), which the policy of “%s” warns about."),
                                audience, name, description, destination);
    }
}

/**
 * cohort_policy_explain:
 *
 * Returns: (transfer full): what @verdict blocks, then what it warns about
 *   without acceptance, a sentence each; empty when nothing
 */
char *
cohort_policy_explain (const CohortPolicyVerdict *verdict,
                       const char                *audience,
                       const char                *destination)
{
  GString *text = g_string_new (NULL);

  append_sentences (text, verdict->blocked, TRUE, audience, destination);
  append_sentences (text, verdict->warned, FALSE, audience, destination);
  return g_string_free (text, FALSE);
}
