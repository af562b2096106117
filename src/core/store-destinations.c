/* store-destinations.c: CohortStore's destinations, the TikTok ad accounts audiences go to */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "core/store-audit.h"
#include "core/store-destinations.h"
#include "core/store-private.h"

void
cohort_destination_free (CohortDestination *destination)
{
  if (destination == NULL)
    return;
  g_free (destination->name);
  g_free (destination->description);
  g_free (destination->app_id);
  g_free (destination->advertiser_id);
  g_free (destination->advertiser_name);
  g_free (destination);
}

/* Whether the connected app's user granted @advertiser_id; sets the error
 * that says what to do when not. */
static gboolean
check_advertiser (CohortStore *self,
                  const char  *advertiser_id,
                  GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = cohort_store_prepare (self,
                                                        "SELECT tiktok_app.connected_at IS NOT NULL, "
                                                        "  (SELECT granted FROM advertiser "
                                                        "   WHERE advertiser.app_id = tiktok_app.app_id "
                                                        "   AND advertiser_id = ?) "
                                                        "FROM tiktok_app;",
                                                        error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, advertiser_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return cohort_store_set_sqlite_error (self, rc, _("reading the advertisers"), error);
  if (rc == SQLITE_DONE || !sqlite3_column_int (stmt, 0))
    {
      g_set_error (error, COHORT_STORE_ERROR, COHORT_STORE_ERROR_INVALID,
                   _("Cohort is not connected to TikTok: connect first, then add the destination."));
      return FALSE;
    }
  if (sqlite3_column_type (stmt, 1) == SQLITE_NULL || !sqlite3_column_int (stmt, 1))
    {
      g_set_error (error, COHORT_STORE_ERROR, COHORT_STORE_ERROR_NOT_FOUND,
                   _("The TikTok user who connected Cohort did not grant the ad account “%s”. "
                     "List the granted accounts, or connect again and tick this account."),
                   advertiser_id);
      return FALSE;
    }
  return TRUE;
}

/**
 * cohort_store_check_destination_name:
 * @name: (nullable): as typed; surrounding spaces do not count
 *
 * What cohort_store_add_destination() checks of a name, for a form to say
 * before anything is saved: there is one, it is not too long, and no
 * destination has it already, regardless of case.
 */
gboolean
cohort_store_check_destination_name (CohortStore *self,
                                     const char  *name,
                                     GError     **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (name != NULL ? name : ""));
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int rc;

  if (*trimmed == '\0')
    {
      g_set_error (error, COHORT_STORE_ERROR, COHORT_STORE_ERROR_INVALID,
                   _("A destination needs a name."));
      return FALSE;
    }
  if (!g_utf8_validate (trimmed, -1, NULL) || g_utf8_strlen (trimmed, -1) > COHORT_DESTINATION_NAME_MAX)
    {
      g_set_error (error, COHORT_STORE_ERROR, COHORT_STORE_ERROR_INVALID,
                   _("A destination name has at most %d characters."), COHORT_DESTINATION_NAME_MAX);
      return FALSE;
    }
  stmt = cohort_store_prepare (self, "SELECT 1 FROM destination WHERE name = ?;", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, trimmed, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      g_set_error (error, COHORT_STORE_ERROR, COHORT_STORE_ERROR_INVALID,
                   _("There is already a destination named “%s”."), trimmed);
      return FALSE;
    }
  if (rc != SQLITE_DONE)
    return cohort_store_set_sqlite_error (self, rc, _("reading the destinations"), error);
  return TRUE;
}

/**
 * cohort_store_add_destination:
 * @name: required, unique regardless of case
 * @description: (nullable)
 * @advertiser_id: one the connected user granted
 */
gboolean
cohort_store_add_destination (CohortStore       *self,
                              const char        *name,
                              const char        *description,
                              const char        *advertiser_id,
                              CohortAlertKinds   alerts,
                              GError           **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (name != NULL ? name : ""));
  g_autofree char *alert_text = cohort_alert_kinds_to_string (alerts);
  g_autoptr (sqlite3_stmt) insert = NULL;
  int rc;

  if (!cohort_store_check_destination_name (self, trimmed, error) || !check_advertiser (self, advertiser_id, error))
    return FALSE;

  insert = cohort_store_prepare (self,
                                 "INSERT INTO destination (name, description, app_id, advertiser_id, "
                                 "  alerts, created_at) "
                                 "SELECT ?, ?, app_id, ?, ?, ? FROM tiktok_app;",
                                 error);
  if (insert == NULL)
    return FALSE;
  sqlite3_bind_text (insert, 1, trimmed, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 2, description != NULL ? description : "", -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 3, advertiser_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 4, alert_text, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (insert, 5, g_get_real_time () / G_USEC_PER_SEC);
  rc = sqlite3_step (insert);
  if ((rc & 0xff) == SQLITE_CONSTRAINT)
    {
      g_set_error (error, COHORT_STORE_ERROR, COHORT_STORE_ERROR_INVALID,
                   _("There is already a destination named “%s”."), trimmed);
      return FALSE;
    }
  if (rc != SQLITE_DONE)
    return cohort_store_set_sqlite_error (self, rc, _("saving the destination"), error);
  {
    g_autoptr (JsonObject) details = json_object_new ();

    json_object_set_string_member (details, "advertiser_id", advertiser_id);
    json_object_set_string_member (details, "alerts", alert_text);
    return cohort_store_audit (self, "destination-add", NULL, trimmed, details, error);
  }
}

/* Returns: (transfer full) (element-type CohortDestination): by name */
GPtrArray *
cohort_store_list_destinations (CohortStore *self,
                                GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = cohort_store_prepare (self,
                                                        "SELECT d.id, d.name, d.description, d.app_id, "
                                                        "  d.advertiser_id, coalesce (a.name, ''), "
                                                        "  coalesce (a.granted, 0) "
                                                        "  AND (SELECT connected_at IS NOT NULL FROM tiktok_app "
                                                        "       WHERE tiktok_app.app_id = d.app_id), "
                                                        "  d.alerts, d.created_at "
                                                        "FROM destination d LEFT JOIN advertiser a "
                                                        "  ON a.app_id = d.app_id AND a.advertiser_id = d.advertiser_id "
                                                        "ORDER BY d.name COLLATE NOCASE;",
                                                        error);
  g_autoptr (GPtrArray) destinations = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  destinations = g_ptr_array_new_with_free_func ((GDestroyNotify) cohort_destination_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CohortDestination *destination = g_new0 (CohortDestination, 1);

      destination->id = sqlite3_column_int64 (stmt, 0);
      destination->name = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      destination->description = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      destination->app_id = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      destination->advertiser_id = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      destination->advertiser_name = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
      destination->granted = sqlite3_column_int (stmt, 6);
      /* Stored by cohort_alert_kinds_to_string(): parses unless edited by hand. */
      if (!cohort_alert_kinds_parse ((const char *) sqlite3_column_text (stmt, 7), &destination->alerts, NULL))
        destination->alerts = COHORT_ALERT_ALL;
      destination->created_at = sqlite3_column_int64 (stmt, 8);
      g_ptr_array_add (destinations, destination);
    }
  if (rc != SQLITE_DONE)
    {
      cohort_store_set_sqlite_error (self, rc, _("reading the destinations"), error);
      return NULL;
    }
  return g_steal_pointer (&destinations);
}

/**
 * cohort_store_check_destination_removable:
 * @name: the destination's name as stored
 *
 * Whether audiences are still sent to @name: removing it would drop their
 * unsent changes. The error names them.
 */
gboolean
cohort_store_check_destination_removable (CohortStore *self,
                                          const char  *name,
                                          GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = cohort_store_prepare (self,
                                                        "SELECT count (*), coalesce (group_concat (a.name, ', '), '') "
                                                        "FROM activation JOIN audience a ON a.id = activation.audience_id "
                                                        "JOIN destination d ON d.id = activation.destination_id "
                                                        "WHERE d.name = ?;",
                                                        error);
  gint64 count;
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return cohort_store_set_sqlite_error (self, rc, _("reading the activations"), error);
  count = sqlite3_column_int64 (stmt, 0);
  if (count == 0)
    return TRUE;
  if (count == 1)
    g_set_error (error, COHORT_STORE_ERROR, COHORT_STORE_ERROR_IN_USE,
                 _("The audience “%s” is still sent to “%s”. Stop sending it there first, then remove "
                   "the destination."),
                 (const char *) sqlite3_column_text (stmt, 1), name);
  else
    g_set_error (error, COHORT_STORE_ERROR, COHORT_STORE_ERROR_IN_USE,
                 /* Translators: %s are the destination, then its audiences, comma-separated */
                 _("Audiences are still sent to “%s”: %s. Stop sending them there first, then remove "
                   "the destination."),
                 name, (const char *) sqlite3_column_text (stmt, 1));
  return FALSE;
}

/**
 * cohort_store_remove_destination:
 *
 * Refuses while audiences are sent to the destination: removing it would
 * drop their unsent changes and leave their TikTok audiences orphaned.
 */
gboolean
cohort_store_remove_destination (CohortStore *self,
                                 const char  *name,
                                 GError     **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (name != NULL ? name : ""));
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (sqlite3_stmt) lookup = NULL;
  g_autofree char *stored = NULL;
  int rc;

  /* The stored name, for messages and the audit log, whatever the case typed. */
  lookup = cohort_store_prepare (self, "SELECT name FROM destination WHERE name = ?;", error);
  if (lookup == NULL)
    return FALSE;
  sqlite3_bind_text (lookup, 1, trimmed, -1, SQLITE_STATIC);
  rc = sqlite3_step (lookup);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, COHORT_STORE_ERROR, COHORT_STORE_ERROR_NOT_FOUND,
                   _("There is no destination named “%s”."), trimmed);
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    return cohort_store_set_sqlite_error (self, rc, _("removing the destination"), error);
  stored = g_strdup ((const char *) sqlite3_column_text (lookup, 0));
  if (!cohort_store_check_destination_removable (self, stored, error))
    return FALSE;

  stmt = cohort_store_prepare (self, "DELETE FROM destination WHERE name = ?;", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, stored, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    return cohort_store_set_sqlite_error (self, rc, _("removing the destination"), error);
  return cohort_store_audit (self, "destination-remove", NULL, stored, NULL, error);
}

/* The alerts the destination raises from now on. */
gboolean
cohort_store_set_destination_alerts (CohortStore       *self,
                                     const char        *name,
                                     CohortAlertKinds   alerts,
                                     GError           **error)
{
  g_autofree char *alert_text = cohort_alert_kinds_to_string (alerts);
  g_autoptr (sqlite3_stmt) stmt = cohort_store_prepare (self, "UPDATE destination SET alerts = ? WHERE name = ? "
                                                              "RETURNING name;", error);
  g_autoptr (JsonObject) details = NULL;
  g_autofree char *stored = NULL;
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, alert_text, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    stored = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  if (rc == SQLITE_ROW)
    rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    return cohort_store_set_sqlite_error (self, rc, _("saving the destination"), error);
  if (stored == NULL)
    {
      g_set_error (error, COHORT_STORE_ERROR, COHORT_STORE_ERROR_NOT_FOUND,
                   _("There is no destination named “%s”."), name);
      return FALSE;
    }
  details = json_object_new ();
  json_object_set_string_member (details, "alerts", alert_text);
  return cohort_store_audit (self, "destination-alerts", NULL, stored, details, error);
}
