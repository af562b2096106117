/* store-labels.c: CohortStore's usage labels: how each audience's data may be used, and why */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "core/store-audit.h"
#include "core/store-labels.h"
#include "core/store-policies.h"
#include "core/store-private.h"

void
cohort_audience_label_free (CohortAudienceLabel *label)
{
  if (label == NULL)
    return;
  g_free (label->reason);
  g_free (label);
}

gboolean
cohort_store_get_label_set (CohortStore *self,
                            gint64       audience_id,
                            guint       *out_labels,
                            GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = cohort_store_prepare (self, "SELECT label FROM audience_label "
                                                              "WHERE audience_id = ?;",
                                                        error);
  int rc;

  *out_labels = 0;
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, audience_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CohortUsageLabel label;

      /* A label of a newer Cohort is kept, and means nothing here. */
      if (cohort_usage_label_from_string ((const char *) sqlite3_column_text (stmt, 0), &label))
        *out_labels |= 1u << label;
    }
  if (rc != SQLITE_DONE)
    return cohort_store_set_sqlite_error (self, rc, _("reading the labels"), error);
  return TRUE;
}

static int
compare_labels (gconstpointer a,
                gconstpointer b)
{
  const CohortAudienceLabel *first = *(CohortAudienceLabel *const *) a;
  const CohortAudienceLabel *second = *(CohortAudienceLabel *const *) b;

  return (int) first->label - (int) second->label;
}

/**
 * cohort_store_list_labels:
 *
 * Returns: (transfer full) (element-type CohortAudienceLabel): the labels
 *   of @audience in the order of CohortUsageLabel; %NULL with @error set
 *   when there is no such audience
 */
GPtrArray *
cohort_store_list_labels (CohortStore *self,
                          const char  *audience,
                          GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (GPtrArray) found = NULL;
  gint64 audience_id = cohort_store_find_named (self, "audience", audience, error);
  int rc;

  if (audience_id == 0)
    return NULL;
  stmt = cohort_store_prepare (self, "SELECT label, reason, added_at FROM audience_label WHERE audience_id = ?;",
                               error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, audience_id);
  found = g_ptr_array_new_with_free_func ((GDestroyNotify) cohort_audience_label_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CohortAudienceLabel *label = g_new0 (CohortAudienceLabel, 1);

      if (!cohort_usage_label_from_string ((const char *) sqlite3_column_text (stmt, 0), &label->label))
        {
          g_free (label);
          continue;
        }
      label->reason = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      label->added_at = sqlite3_column_int64 (stmt, 2);
      g_ptr_array_add (found, label);
    }
  if (rc != SQLITE_DONE)
    {
      cohort_store_set_sqlite_error (self, rc, _("reading the labels"), error);
      return NULL;
    }
  g_ptr_array_sort (found, compare_labels);
  return g_steal_pointer (&found);
}

/**
 * cohort_store_label_audience:
 * @reason: (nullable): kept with each label; a label already there keeps
 *   its reason unless a new one is given
 *
 * Adds labels and re-checks the audience's activations against their
 * destinations' policies, pausing those a new label is blocked or warned
 * about by.
 */
gboolean
cohort_store_label_audience (CohortStore *self,
                             gint64       audience_id,
                             const char  *audience,
                             guint        labels,
                             const char  *reason,
                             GPtrArray   *changes,
                             GError     **error)
{
  g_autoptr (sqlite3_stmt) upsert = NULL;
  g_autofree char *trimmed = g_strstrip (g_strdup (reason != NULL ? reason : ""));
  const char *what = _("saving the labels");

  if (!cohort_usage_label_check_reason (trimmed, error))
    return FALSE;
  upsert = cohort_store_prepare (self, "INSERT INTO audience_label (audience_id, label, reason, added_at) "
                                       "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (audience_id, label) DO UPDATE "
                                       "SET reason = excluded.reason "
                                       "WHERE excluded.reason <> '' AND excluded.reason <> reason;",
                                 error);
  if (upsert == NULL)
    return FALSE;
  sqlite3_bind_int64 (upsert, 1, audience_id);
  sqlite3_bind_text (upsert, 3, trimmed, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (upsert, 4, g_get_real_time () / G_USEC_PER_SEC);
  for (guint l = 0; l < COHORT_N_LABELS; l++)
    {
      g_autoptr (JsonObject) details = NULL;

      if (!(labels & (1u << l)))
        continue;
      sqlite3_bind_text (upsert, 2, cohort_usage_label_to_string (l), -1, SQLITE_STATIC);
      if (!cohort_store_step_done (self, upsert, what, error))
        return FALSE;
      if (sqlite3_changes (cohort_store_get_db (self)) == 0)
        continue;
      details = json_object_new ();
      json_object_set_string_member (details, "label", cohort_usage_label_to_string (l));
      json_object_set_string_member (details, "reason", trimmed);
      if (!cohort_store_audit (self, "label-add", audience, NULL, details, error))
        return FALSE;
    }
  return cohort_store_recheck_policies (self, audience_id, 0, changes, error);
}

/**
 * cohort_store_add_labels:
 * @labels: a bit per CohortUsageLabel
 * @reason: (nullable)
 * @out_changes: (out) (optional) (transfer full) (element-type CohortPolicyChange):
 *   the activations paused or let go by the change
 */
gboolean
cohort_store_add_labels (CohortStore *self,
                         const char  *audience,
                         guint        labels,
                         const char  *reason,
                         GPtrArray  **out_changes,
                         GError     **error)
{
  g_autoptr (GPtrArray) changes = g_ptr_array_new_with_free_func ((GDestroyNotify) cohort_policy_change_free);
  const char *what = _("saving the labels");
  gint64 audience_id;

  if (!cohort_store_exec (self, "BEGIN IMMEDIATE;", what, error))
    return FALSE;
  if ((audience_id = cohort_store_find_named (self, "audience", audience, error)) == 0 ||
      !cohort_store_label_audience (self, audience_id, audience, labels, reason, changes, error) ||
      !cohort_store_exec (self, "COMMIT;", what, error))
    {
      cohort_store_exec (self, "ROLLBACK;", what, NULL);
      return FALSE;
    }
  if (out_changes != NULL)
    *out_changes = g_steal_pointer (&changes);
  return TRUE;
}

/* See cohort_store_add_labels(). */
gboolean
cohort_store_remove_labels (CohortStore *self,
                            const char  *audience,
                            guint        labels,
                            GPtrArray  **out_changes,
                            GError     **error)
{
  g_autoptr (GPtrArray) changes = g_ptr_array_new_with_free_func ((GDestroyNotify) cohort_policy_change_free);
  g_autoptr (sqlite3_stmt) delete = NULL;
  const char *what = _("saving the labels");
  gint64 audience_id;

  if (!cohort_store_exec (self, "BEGIN IMMEDIATE;", what, error))
    return FALSE;
  if ((audience_id = cohort_store_find_named (self, "audience", audience, error)) == 0 ||
      (delete = cohort_store_prepare (self, "DELETE FROM audience_label WHERE audience_id = ? AND label = ?;",
                                      error)) == NULL)
    goto fail;
  sqlite3_bind_int64 (delete, 1, audience_id);
  for (guint l = 0; l < COHORT_N_LABELS; l++)
    {
      g_autoptr (JsonObject) details = NULL;

      if (!(labels & (1u << l)))
        continue;
      sqlite3_bind_text (delete, 2, cohort_usage_label_to_string (l), -1, SQLITE_STATIC);
      if (!cohort_store_step_done (self, delete, what, error))
        goto fail;
      if (sqlite3_changes (cohort_store_get_db (self)) == 0)
        continue;
      details = json_object_new ();
      json_object_set_string_member (details, "label", cohort_usage_label_to_string (l));
      if (!cohort_store_audit (self, "label-remove", audience, NULL, details, error))
        goto fail;
    }
  if (!cohort_store_recheck_policies (self, audience_id, 0, changes, error) ||
      !cohort_store_exec (self, "COMMIT;", what, error))
    goto fail;
  if (out_changes != NULL)
    *out_changes = g_steal_pointer (&changes);
  return TRUE;

fail:
  cohort_store_exec (self, "ROLLBACK;", what, NULL);
  return FALSE;
}
