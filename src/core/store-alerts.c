/* store-alerts.c: CohortStore's alerts: raised by runs and imports, kept until acknowledged */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "core/store-alerts.h"
#include "core/store-audit.h"
#include "core/store-private.h"

void
cohort_alert_free (CohortAlert *alert)
{
  if (alert == NULL)
    return;
  g_free (alert->subject);
  g_free (alert->message);
  g_free (alert->request_id);
  g_free (alert);
}

/* Whether the activation's destination raises @kind; every kind when
 * there is no activation. */
static gboolean
destination_wants (CohortStore       *self,
                   gint64             activation_id,
                   CohortAlertKinds   kind,
                   gboolean          *out_wants,
                   GError           **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  CohortAlertKinds kinds = COHORT_ALERT_ALL;
  int rc;

  *out_wants = TRUE;
  if (activation_id == 0)
    return TRUE;
  stmt = cohort_store_prepare (self, "SELECT d.alerts FROM activation a JOIN destination d "
                                     "ON d.id = a.destination_id WHERE a.id = ?;",
                               error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, activation_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW && !cohort_alert_kinds_parse ((const char *) sqlite3_column_text (stmt, 0), &kinds, NULL))
    kinds = COHORT_ALERT_ALL;
  else if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return cohort_store_set_sqlite_error (self, rc, _("reading the destinations"), error);
  *out_wants = (kinds & kind) != 0;
  return TRUE;
}

/**
 * cohort_store_raise_alert:
 * @activation_id: 0 when the alert is about no activation
 *
 * Keeps an alert and emits CohortStore::alert-raised, unless the
 * destination turned that kind off or the same alert is still open: a
 * problem that lasts is one alert, not one a run.
 *
 * Returns: the alert's ID; 0 when none was raised or on error
 */
gint64
cohort_store_raise_alert (CohortStore      *self,
                          CohortAlertKinds  kind,
                          gint64            activation_id,
                          const char       *subject,
                          const char       *message,
                          const char       *request_id,
                          GError          **error)
{
  g_autoptr (sqlite3_stmt) open = NULL;
  g_autoptr (sqlite3_stmt) insert = NULL;
  gboolean wants;
  gint64 id;
  int rc;

  if (!destination_wants (self, activation_id, kind, &wants, error) || !wants)
    return 0;
  open = cohort_store_prepare (self, "SELECT id FROM alert WHERE kind = ? AND coalesce (activation_id, 0) = ? "
                                     "AND subject = ? AND acknowledged_at IS NULL;",
                               error);
  if (open == NULL)
    return 0;
  sqlite3_bind_text (open, 1, cohort_alert_kind_to_nick (kind), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (open, 2, activation_id);
  sqlite3_bind_text (open, 3, subject, -1, SQLITE_STATIC);
  rc = sqlite3_step (open);
  if (rc == SQLITE_ROW)
    return 0;
  if (rc != SQLITE_DONE)
    {
      cohort_store_set_sqlite_error (self, rc, _("reading the alerts"), error);
      return 0;
    }

  insert = cohort_store_prepare (self, "INSERT INTO alert (created_at, kind, activation_id, subject, message, "
                                       "request_id) VALUES (?, ?, nullif (?, 0), ?, ?, ?);",
                                 error);
  if (insert == NULL)
    return 0;
  sqlite3_bind_int64 (insert, 1, g_get_real_time () / G_USEC_PER_SEC);
  sqlite3_bind_text (insert, 2, cohort_alert_kind_to_nick (kind), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (insert, 3, activation_id);
  sqlite3_bind_text (insert, 4, subject, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 5, message != NULL ? message : "", -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 6, request_id != NULL ? request_id : "", -1, SQLITE_STATIC);
  rc = sqlite3_step (insert);
  if (rc != SQLITE_DONE)
    {
      cohort_store_set_sqlite_error (self, rc, _("saving the alert"), error);
      return 0;
    }
  id = sqlite3_last_insert_rowid (cohort_store_get_db (self));
  g_signal_emit_by_name (self, "alert-raised", id);
  return id;
}

/**
 * cohort_store_raise_rejection_alerts:
 * @threshold_percent: the share of rejected rows above which to alert
 *
 * After an import: one alert for each activation of the audience whose
 * destination wants it, or one about the audience when it has none.
 */
gboolean
cohort_store_raise_rejection_alerts (CohortStore              *self,
                                     const CohortImportReport *report,
                                     guint                     threshold_percent,
                                     GError                  **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autofree char *message = NULL;
  GError *local_error = NULL;
  guint activations = 0;
  int rc;

  if (report->rows == 0 || report->rejected * 100 <= (guint64) threshold_percent * report->rows)
    return TRUE;
  message = g_strdup_printf (_("The last import rejected %.1f %% of its rows (%llu of %llu), more than the "
                               "%u %% threshold: check the file and its column mapping."),
                             100.0 * report->rejected / report->rows, (unsigned long long) report->rejected,
                             (unsigned long long) report->rows, threshold_percent);
  stmt = cohort_store_prepare (self, "SELECT a.id, au.name || ' → ' || d.name FROM activation a "
                                     "JOIN audience au ON au.id = a.audience_id "
                                     "JOIN destination d ON d.id = a.destination_id WHERE au.name = ?;",
                               error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, report->audience, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      activations++;
      cohort_store_raise_alert (self, COHORT_ALERT_HIGH_REJECTION, sqlite3_column_int64 (stmt, 0),
                                (const char *) sqlite3_column_text (stmt, 1), message, NULL, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, local_error);
          return FALSE;
        }
    }
  if (rc != SQLITE_DONE)
    return cohort_store_set_sqlite_error (self, rc, _("reading the activations"), error);
  if (activations == 0)
    cohort_store_raise_alert (self, COHORT_ALERT_HIGH_REJECTION, 0, report->audience, message, NULL, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}

/* Returns: (transfer full) (element-type CohortAlert): newest first */
GPtrArray *
cohort_store_list_alerts (CohortStore *self,
                          gboolean     with_acknowledged,
                          GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = cohort_store_prepare (self,
                                                        "SELECT id, created_at, kind, coalesce (activation_id, 0), "
                                                        "  subject, message, request_id, acknowledged_at IS NOT NULL "
                                                        "FROM alert WHERE ? OR acknowledged_at IS NULL "
                                                        "ORDER BY id DESC;",
                                                        error);
  g_autoptr (GPtrArray) alerts = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int (stmt, 1, with_acknowledged);
  alerts = g_ptr_array_new_with_free_func ((GDestroyNotify) cohort_alert_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CohortAlert *alert = g_new0 (CohortAlert, 1);

      alert->id = sqlite3_column_int64 (stmt, 0);
      alert->created_at = sqlite3_column_int64 (stmt, 1);
      if (!cohort_alert_kinds_parse ((const char *) sqlite3_column_text (stmt, 2), &alert->kind, NULL))
        alert->kind = COHORT_ALERT_RUN_FAILED;
      alert->activation_id = sqlite3_column_int64 (stmt, 3);
      alert->subject = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      alert->message = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
      alert->request_id = g_strdup ((const char *) sqlite3_column_text (stmt, 6));
      alert->acknowledged = sqlite3_column_int (stmt, 7);
      g_ptr_array_add (alerts, alert);
    }
  if (rc != SQLITE_DONE)
    {
      cohort_store_set_sqlite_error (self, rc, _("reading the alerts"), error);
      return NULL;
    }
  return g_steal_pointer (&alerts);
}

gboolean
cohort_store_acknowledge_alert (CohortStore *self,
                                gint64       id,
                                GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = cohort_store_prepare (self, "UPDATE alert SET acknowledged_at = ? "
                                                              "WHERE id = ? AND acknowledged_at IS NULL;",
                                                        error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, g_get_real_time () / G_USEC_PER_SEC);
  sqlite3_bind_int64 (stmt, 2, id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    return cohort_store_set_sqlite_error (self, rc, _("saving the alert"), error);
  if (sqlite3_changes (cohort_store_get_db (self)) == 0)
    {
      g_set_error (error, COHORT_STORE_ERROR, COHORT_STORE_ERROR_NOT_FOUND,
                   _("There is no open alert %lld."), (long long) id);
      return FALSE;
    }
  {
    g_autoptr (JsonObject) details = json_object_new ();

    json_object_set_int_member (details, "alert", id);
    return cohort_store_audit (self, "alert-ack", NULL, NULL, details, error);
  }
}
