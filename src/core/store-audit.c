/* store-audit.c: CohortStore's audit log: what was imported, sent and changed, append-only */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "core/store-audit.h"
#include "core/store-private.h"

void
cohort_audit_entry_free (CohortAuditEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->action);
  g_free (entry->audience);
  g_free (entry->destination);
  g_free (entry->details);
  g_free (entry);
}

/**
 * cohort_store_audit:
 * @audience: (nullable)
 * @destination: (nullable)
 * @details: (nullable): a JSON object of counts, outcomes and request IDs;
 *   the callers put no identifier, name of a person or secret in it
 *
 * Appends to the audit log, inside the caller's transaction when there is
 * one, so that the record and the change it records stand or fall together.
 */
gboolean
cohort_store_audit (CohortStore *self,
                    const char  *action,
                    const char  *audience,
                    const char  *destination,
                    JsonObject  *details,
                    GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = cohort_store_prepare (self, "INSERT INTO audit (time, action, audience, "
                                                              "destination, details) VALUES (?, ?, ?, ?, ?);",
                                                        error);
  g_autoptr (JsonObject) empty = json_object_new ();
  g_autoptr (JsonNode) node = json_node_init_object (json_node_alloc (), details != NULL ? details : empty);
  g_autofree char *text = json_to_string (node, FALSE);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, g_get_real_time () / G_USEC_PER_SEC);
  sqlite3_bind_text (stmt, 2, action, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, audience != NULL ? audience : "", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, destination != NULL ? destination : "", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, text, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    return cohort_store_set_sqlite_error (self, rc, _("writing the audit log"), error);
  return TRUE;
}

/**
 * cohort_store_list_audit:
 * @since: Unix time; 0 for the whole log
 *
 * Returns: (transfer full) (element-type CohortAuditEntry): oldest first
 */
GPtrArray *
cohort_store_list_audit (CohortStore *self,
                         gint64       since,
                         GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = cohort_store_prepare (self, "SELECT id, time, action, audience, destination, "
                                                              "details FROM audit WHERE time >= ? ORDER BY id;",
                                                        error);
  g_autoptr (GPtrArray) entries = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, since);
  entries = g_ptr_array_new_with_free_func ((GDestroyNotify) cohort_audit_entry_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CohortAuditEntry *entry = g_new0 (CohortAuditEntry, 1);

      entry->id = sqlite3_column_int64 (stmt, 0);
      entry->time = sqlite3_column_int64 (stmt, 1);
      entry->action = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      entry->audience = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      entry->destination = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      entry->details = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
      g_ptr_array_add (entries, entry);
    }
  if (rc != SQLITE_DONE)
    {
      cohort_store_set_sqlite_error (self, rc, _("reading the audit log"), error);
      return NULL;
    }
  return g_steal_pointer (&entries);
}
