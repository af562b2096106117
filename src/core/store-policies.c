/* store-policies.c: CohortStore's destination policies, and the activations they hold */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "core/store-alerts.h"
#include "core/store-audit.h"
#include "core/store-policies.h"
#include "core/store-private.h"

void
cohort_policy_change_free (CohortPolicyChange *change)
{
  if (change == NULL)
    return;
  g_free (change->audience);
  g_free (change->destination);
  g_free (change->hold);
  g_free (change->reason);
  g_free (change);
}

/* The default, then each label the destination set otherwise. */
static gboolean
load_policy (CohortStore  *self,
             gint64        destination_id,
             CohortPolicy *out_policy,
             GError      **error)
{
  g_autoptr (sqlite3_stmt) stmt = cohort_store_prepare (self, "SELECT label, action FROM destination_policy "
                                                              "WHERE destination_id = ?;",
                                                        error);
  int rc;

  cohort_policy_init_default (out_policy);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, destination_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CohortUsageLabel label;
      CohortPolicyAction action;

      if (cohort_usage_label_from_string ((const char *) sqlite3_column_text (stmt, 0), &label) &&
          cohort_policy_action_from_string ((const char *) sqlite3_column_text (stmt, 1), &action))
        out_policy->actions[label] = action;
    }
  if (rc != SQLITE_DONE)
    return cohort_store_set_sqlite_error (self, rc, _("reading the policies"), error);
  return TRUE;
}

static gboolean
load_accepted (CohortStore *self,
               gint64       activation_id,
               guint       *out_labels,
               GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = cohort_store_prepare (self, "SELECT label FROM activation_warning "
                                                              "WHERE activation_id = ?;",
                                                        error);
  int rc;

  *out_labels = 0;
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, activation_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CohortUsageLabel label;

      if (cohort_usage_label_from_string ((const char *) sqlite3_column_text (stmt, 0), &label))
        *out_labels |= 1u << label;
    }
  if (rc != SQLITE_DONE)
    return cohort_store_set_sqlite_error (self, rc, _("reading the activations"), error);
  return TRUE;
}

gboolean
cohort_store_get_policy (CohortStore  *self,
                         const char   *destination,
                         CohortPolicy *out_policy,
                         GError      **error)
{
  gint64 destination_id = cohort_store_find_named (self, "destination", destination, error);

  return destination_id != 0 && load_policy (self, destination_id, out_policy, error);
}

static JsonObject *
policy_to_json (const CohortPolicy *policy)
{
  JsonObject *object = json_object_new ();
  const CohortPolicyAction actions[] = { COHORT_POLICY_BLOCK, COHORT_POLICY_WARN, COHORT_POLICY_ALLOW };

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    {
      g_autofree char *labels = cohort_usage_labels_to_string (cohort_policy_get_labels (policy, actions[i]));

      json_object_set_string_member (object, cohort_policy_action_to_string (actions[i]), labels);
    }
  return object;
}

/**
 * cohort_store_set_policy:
 * @policy: (nullable): %NULL for the default
 * @out_changes: (out) (optional) (transfer full) (element-type CohortPolicyChange):
 *   the destination's activations paused or let go by the change
 *
 * Changes what @destination does about each label, and re-checks its
 * activations against the new policy.
 */
gboolean
cohort_store_set_policy (CohortStore         *self,
                         const char          *destination,
                         const CohortPolicy  *policy,
                         GPtrArray          **out_changes,
                         GError             **error)
{
  g_autoptr (GPtrArray) changes = g_ptr_array_new_with_free_func ((GDestroyNotify) cohort_policy_change_free);
  g_autoptr (sqlite3_stmt) clear = NULL;
  g_autoptr (sqlite3_stmt) insert = NULL;
  const char *what = _("saving the policy");
  CohortPolicy before, after;
  gint64 destination_id;

  if (policy != NULL)
    after = *policy;
  else
    cohort_policy_init_default (&after);
  if (!cohort_store_exec (self, "BEGIN IMMEDIATE;", what, error))
    return FALSE;
  if ((destination_id = cohort_store_find_named (self, "destination", destination, error)) == 0 ||
      !load_policy (self, destination_id, &before, error) ||
      (clear = cohort_store_prepare (self, "DELETE FROM destination_policy WHERE destination_id = ?;", error)) ==
          NULL ||
      (insert = cohort_store_prepare (self, "INSERT INTO destination_policy (destination_id, label, action) "
                                            "VALUES (?, ?, ?);",
                                      error)) == NULL)
    goto fail;
  sqlite3_bind_int64 (clear, 1, destination_id);
  sqlite3_bind_int64 (insert, 1, destination_id);
  if (!cohort_store_step_done (self, clear, what, error))
    goto fail;
  /* Every label, so that a later default does not change this policy. */
  for (guint l = 0; policy != NULL && l < COHORT_N_LABELS; l++)
    {
      sqlite3_bind_text (insert, 2, cohort_usage_label_to_string (l), -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 3, cohort_policy_action_to_string (after.actions[l]), -1, SQLITE_STATIC);
      if (!cohort_store_step_done (self, insert, what, error))
        goto fail;
    }
  if (memcmp (&before, &after, sizeof before) != 0)
    {
      g_autoptr (JsonObject) details = policy_to_json (&after);

      json_object_set_boolean_member (details, "default", policy == NULL);
      if (!cohort_store_audit (self, "policy-change", NULL, destination, details, error))
        goto fail;
    }
  if (!cohort_store_recheck_policies (self, 0, destination_id, changes, error) ||
      !cohort_store_exec (self, "COMMIT;", what, error))
    goto fail;
  if (out_changes != NULL)
    *out_changes = g_steal_pointer (&changes);
  return TRUE;

fail:
  cohort_store_exec (self, "ROLLBACK;", what, NULL);
  return FALSE;
}

/* What the policy makes of an audience on a destination, with the warnings
 * accepted for the activation (0: a new one) and @accepted. */
static gboolean
judge (CohortStore         *self,
       gint64               activation_id,
       gint64               audience_id,
       gint64               destination_id,
       guint                accepted,
       CohortPolicyVerdict *out_verdict,
       GError             **error)
{
  CohortPolicy policy;
  guint labels, stored = 0;

  if (!cohort_store_get_label_set (self, audience_id, &labels, error) ||
      !load_policy (self, destination_id, &policy, error) ||
      (activation_id != 0 && !load_accepted (self, activation_id, &stored, error)))
    return FALSE;
  cohort_policy_check (&policy, labels, accepted | stored, out_verdict);
  return TRUE;
}

/**
 * cohort_store_check_activation:
 * @accepted: the warnings the user accepts, a bit per CohortUsageLabel
 *
 * What activating @audience on @destination would meet, for a face to ask
 * before it activates: the warnings already accepted for an existing
 * activation count as accepted. Changes nothing.
 */
gboolean
cohort_store_check_activation (CohortStore         *self,
                               const char          *audience,
                               const char          *destination,
                               guint                accepted,
                               CohortPolicyVerdict *out_verdict,
                               GError             **error)
{
  g_autoptr (sqlite3_stmt) existing = NULL;
  gint64 audience_id, destination_id, activation_id = 0;
  int rc;

  if ((audience_id = cohort_store_find_named (self, "audience", audience, error)) == 0 ||
      (destination_id = cohort_store_find_named (self, "destination", destination, error)) == 0 ||
      (existing = cohort_store_prepare (self, "SELECT id FROM activation WHERE audience_id = ? "
                                              "AND destination_id = ?;",
                                        error)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (existing, 1, audience_id);
  sqlite3_bind_int64 (existing, 2, destination_id);
  rc = sqlite3_step (existing);
  if (rc == SQLITE_ROW)
    activation_id = sqlite3_column_int64 (existing, 0);
  else if (rc != SQLITE_DONE)
    return cohort_store_set_sqlite_error (self, rc, _("reading the activations"), error);
  return judge (self, activation_id, audience_id, destination_id, accepted, out_verdict, error);
}

/**
 * cohort_store_admit_activation:
 * @activation_id: an activation held by the policy, or 0 for a new one
 * @out_accepting: (out): the warnings accepted now, to record with
 *   cohort_store_accept_warnings() once the activation exists
 *
 * Fails with %COHORT_STORE_ERROR_POLICY_BLOCKED when the policy blocks a
 * label, or %COHORT_STORE_ERROR_POLICY_WARNING when it warns about one
 * that @accepted leaves out.
 */
gboolean
cohort_store_admit_activation (CohortStore *self,
                               gint64       activation_id,
                               gint64       audience_id,
                               gint64       destination_id,
                               const char  *audience,
                               const char  *destination,
                               guint        accepted,
                               guint       *out_accepting,
                               GError     **error)
{
  CohortPolicyVerdict verdict, stored;

  if (!judge (self, activation_id, audience_id, destination_id, accepted, &verdict, error) ||
      !judge (self, activation_id, audience_id, destination_id, 0, &stored, error))
    return FALSE;
  if (verdict.blocked != 0)
    {
      CohortPolicyVerdict blocks = { verdict.blocked, 0, 0 };
      g_autofree char *explanation = cohort_policy_explain (&blocks, audience, destination);

      g_set_error_literal (error, COHORT_STORE_ERROR, COHORT_STORE_ERROR_POLICY_BLOCKED, explanation);
      return FALSE;
    }
  if (verdict.warned != 0)
    {
      g_autofree char *explanation = cohort_policy_explain (&verdict, audience, destination);

      g_set_error (error, COHORT_STORE_ERROR, COHORT_STORE_ERROR_POLICY_WARNING, "%s %s", explanation,
                   _("Accept the warning to send it anyway."));
      return FALSE;
    }
  *out_accepting = verdict.accepted & ~stored.accepted;
  return TRUE;
}

/* Records that the user accepted @labels' warnings for an activation: a
 * policy override, in the audit log. */
gboolean
cohort_store_accept_warnings (CohortStore *self,
                              gint64       activation_id,
                              const char  *audience,
                              const char  *destination,
                              guint        labels,
                              GError     **error)
{
  g_autoptr (sqlite3_stmt) insert = NULL;
  g_autoptr (JsonObject) details = NULL;
  g_autofree char *names = cohort_usage_labels_to_string (labels);

  if (labels == 0)
    return TRUE;
  insert = cohort_store_prepare (self, "INSERT OR IGNORE INTO activation_warning (activation_id, label, "
                                       "accepted_at) VALUES (?, ?, ?);",
                                 error);
  if (insert == NULL)
    return FALSE;
  sqlite3_bind_int64 (insert, 1, activation_id);
  sqlite3_bind_int64 (insert, 3, g_get_real_time () / G_USEC_PER_SEC);
  for (guint l = 0; l < COHORT_N_LABELS; l++)
    {
      if (!(labels & (1u << l)))
        continue;
      sqlite3_bind_text (insert, 2, cohort_usage_label_to_string (l), -1, SQLITE_STATIC);
      if (!cohort_store_step_done (self, insert, _("saving the activation"), error))
        return FALSE;
    }
  details = json_object_new ();
  json_object_set_string_member (details, "accepted", names);
  return cohort_store_audit (self, "policy-override", audience, destination, details, error);
}

typedef struct
{
  gint64  id;
  gint64  audience_id;
  gint64  destination_id;
  char   *audience;
  char   *destination;
  char   *hold;
} Held;

static void
held_free (Held *held)
{
  g_free (held->audience);
  g_free (held->destination);
  g_free (held->hold);
  g_free (held);
}

/* An accepted warning lasts while its label's condition holds: a label
 * removed, then added again, asks again. */
static gboolean
forget_acceptances (CohortStore *self,
                    gint64       activation_id,
                    guint        conditions,
                    GError     **error)
{
  g_autoptr (sqlite3_stmt) delete = cohort_store_prepare (self, "DELETE FROM activation_warning "
                                                                "WHERE activation_id = ? AND label = ?;",
                                                          error);

  if (delete == NULL)
    return FALSE;
  sqlite3_bind_int64 (delete, 1, activation_id);
  for (guint l = 0; l < COHORT_N_LABELS; l++)
    {
      if (conditions & (1u << l))
        continue;
      sqlite3_bind_text (delete, 2, cohort_usage_label_to_string (l), -1, SQLITE_STATIC);
      if (!cohort_store_step_done (self, delete, _("saving the activation"), error))
        return FALSE;
    }
  return TRUE;
}

/* Holds the activation (paused, with the reason and an alert) or lets it
 * go (pending: the next sync sends what waited), when its verdict changed. */
static gboolean
recheck_one (CohortStore *self,
             const Held  *held,
             GPtrArray   *changes,
             GError     **error)
{
  g_autoptr (sqlite3_stmt) update = NULL;
  g_autoptr (JsonObject) details = json_object_new ();
  g_autofree char *hold = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *subject = NULL;
  CohortPolicyChange *change;
  CohortPolicyVerdict verdict;
  guint labels;

  if (!cohort_store_get_label_set (self, held->audience_id, &labels, error) ||
      !forget_acceptances (self, held->id, cohort_usage_labels_conditions (labels), error) ||
      !judge (self, held->id, held->audience_id, held->destination_id, 0, &verdict, error))
    return FALSE;
  hold = cohort_usage_labels_to_string (verdict.blocked | verdict.warned);
  if (g_str_equal (hold, held->hold))
    return TRUE;
  if (*hold != '\0')
    {
      g_autofree char *explanation = cohort_policy_explain (&verdict, held->audience, held->destination);

      reason = g_strdup_printf ("%s %s", explanation,
                                verdict.blocked != 0
                                    ? _("Nothing is sent to TikTok until the label is removed or the policy changes.")
                                    : _("Nothing is sent to TikTok until the warning is accepted."));
    }
  else
    reason = g_strdup ("");
  update = cohort_store_prepare (self, "UPDATE activation SET state = ?, reason = ?, hold = ? WHERE id = ?;", error);
  if (update == NULL)
    return FALSE;
  sqlite3_bind_text (update, 1, *hold != '\0' ? "paused" : "pending", -1, SQLITE_STATIC);
  sqlite3_bind_text (update, 2, reason, -1, SQLITE_STATIC);
  sqlite3_bind_text (update, 3, hold, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (update, 4, held->id);
  if (!cohort_store_step_done (self, update, _("saving the activation"), error))
    return FALSE;

  json_object_set_string_member (details, "hold", hold);
  if (!cohort_store_audit (self, *hold != '\0' ? "policy-pause" : "policy-resume", held->audience,
                           held->destination, details, error))
    return FALSE;
  subject = g_strdup_printf ("%s → %s", held->audience, held->destination);
  if (*hold != '\0' &&
      cohort_store_raise_alert (self, COHORT_ALERT_POLICY, held->id, subject, reason, NULL, error) == 0 &&
      error != NULL && *error != NULL)
    return FALSE;

  change = g_new0 (CohortPolicyChange, 1);
  change->activation_id = held->id;
  change->audience = g_strdup (held->audience);
  change->destination = g_strdup (held->destination);
  change->hold = g_steal_pointer (&hold);
  change->reason = g_steal_pointer (&reason);
  g_ptr_array_add (changes, change);
  return TRUE;
}

/**
 * cohort_store_recheck_policies:
 * @audience_id: the audience whose activations to check, or 0 for all
 * @destination_id: the destination whose activations to check, or 0 for all
 * @changes: (element-type CohortPolicyChange): gets the activations held
 *   or let go
 *
 * After a label or policy change: each activation concerned is held while
 * its destination's policy blocks one of its audience's labels, or warns
 * about one the user did not accept, and let go when that ends.
 */
gboolean
cohort_store_recheck_policies (CohortStore *self,
                               gint64       audience_id,
                               gint64       destination_id,
                               GPtrArray   *changes,
                               GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = cohort_store_prepare (self,
                                                        "SELECT a.id, a.audience_id, a.destination_id, au.name, "
                                                        "  d.name, a.hold FROM activation a "
                                                        "JOIN audience au ON au.id = a.audience_id "
                                                        "JOIN destination d ON d.id = a.destination_id "
                                                        "WHERE (?1 = 0 OR a.audience_id = ?1) "
                                                        "  AND (?2 = 0 OR a.destination_id = ?2) ORDER BY a.id;",
                                                        error);
  g_autoptr (GPtrArray) activations = g_ptr_array_new_with_free_func ((GDestroyNotify) held_free);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, audience_id);
  sqlite3_bind_int64 (stmt, 2, destination_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Held *held = g_new0 (Held, 1);

      held->id = sqlite3_column_int64 (stmt, 0);
      held->audience_id = sqlite3_column_int64 (stmt, 1);
      held->destination_id = sqlite3_column_int64 (stmt, 2);
      held->audience = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      held->destination = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      held->hold = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
      g_ptr_array_add (activations, held);
    }
  if (rc != SQLITE_DONE)
    return cohort_store_set_sqlite_error (self, rc, _("reading the activations"), error);
  for (guint i = 0; i < activations->len; i++)
    if (!recheck_one (self, g_ptr_array_index (activations, i), changes, error))
      return FALSE;
  return TRUE;
}
