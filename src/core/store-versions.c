/* store-versions.c: CohortStore's audience versions, and deleting a whole audience */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "core/error.h"
#include "core/store-audit.h"
#include "core/store-private.h"
#include "core/store-versions.h"

void
cohort_version_info_free (CohortVersionInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->source_name);
  g_free (info->profile);
  cohort_import_report_clear (&info->report);
  g_free (info);
}

static guint64
count_member (JsonObject *object,
              const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) ? (guint64) MAX (json_node_get_int (node), 0) : 0;
}

static void
read_per_identity (JsonObject *report,
                   const char *name,
                   guint64     out[COHORT_N_IDENTITIES])
{
  JsonNode *node = json_object_get_member (report, name);
  JsonObject *object = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;

  for (CohortIdentity i = 0; i < COHORT_N_IDENTITIES; i++)
    out[i] = count_member (object, cohort_identity_to_string (i));
}

/* The report as cohort_import_report_to_json() stored it; a key a newer
 * or older Cohort left out counts as 0. */
static void
read_report (const char         *text,
             CohortImportReport *report)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonNode *root;
  JsonObject *object;

  if (!json_parser_load_from_data (parser, text, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (root = json_parser_get_root (parser)))
    return;
  object = json_node_get_object (root);
  report->rows = count_member (object, "rows");
  report->accepted = count_member (object, "accepted");
  report->rejected = count_member (object, "rejected");
  report->excluded = count_member (object, "excluded");
  report->duplicates = count_member (object, "duplicates");
  report->prehashed = count_member (object, "prehashed");
  read_per_identity (object, "unique", report->unique);
  read_per_identity (object, "added", report->added);
  read_per_identity (object, "removed", report->removed);
}

static gboolean
not_found (const char *audience,
           GError    **error)
{
  g_set_error (error, COHORT_STORE_ERROR, COHORT_STORE_ERROR_NOT_FOUND, _("There is no audience “%s”."), audience);
  return FALSE;
}

/**
 * cohort_store_list_versions:
 *
 * Returns: (transfer full) (element-type CohortVersionInfo): the
 *   audience's versions, newest first, or %NULL on error
 */
GPtrArray *
cohort_store_list_versions (CohortStore *self,
                            const char  *audience,
                            GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = cohort_store_prepare (self,
                                                        "SELECT v.version, v.created_at, v.source_name, v.profile, "
                                                        "  v.report, a.name "
                                                        "FROM audience a LEFT JOIN audience_version v "
                                                        "  ON v.audience_id = a.id "
                                                        "WHERE a.name = ? ORDER BY v.version DESC;",
                                                        error);
  g_autoptr (GPtrArray) versions = g_ptr_array_new_with_free_func ((GDestroyNotify) cohort_version_info_free);
  gboolean found = FALSE;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, audience, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CohortVersionInfo *info;

      found = TRUE;
      if (sqlite3_column_type (stmt, 0) == SQLITE_NULL)
        continue;
      info = g_new0 (CohortVersionInfo, 1);
      info->version = sqlite3_column_int64 (stmt, 0);
      info->created_at = sqlite3_column_int64 (stmt, 1);
      info->source_name = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      info->profile = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      read_report ((const char *) sqlite3_column_text (stmt, 4), &info->report);
      info->report.audience = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
      info->report.version = info->version;
      g_ptr_array_add (versions, info);
    }
  if (rc != SQLITE_DONE)
    {
      cohort_store_set_sqlite_error (self, rc, _("listing the versions"), error);
      return NULL;
    }
  if (!found)
    {
      not_found (audience, error);
      return NULL;
    }
  return g_steal_pointer (&versions);
}

/**
 * cohort_store_delete_audience:
 *
 * Deletes the audience, its versions, members and watch. An audience
 * still sent somewhere is refused: deactivating first decides what
 * becomes of TikTok's copy.
 */
gboolean
cohort_store_delete_audience (CohortStore *self,
                              const char  *audience,
                              GError     **error)
{
  g_autoptr (sqlite3_stmt) find = cohort_store_prepare (self,
                                                        "SELECT a.id, (SELECT COUNT(*) FROM activation "
                                                        "  WHERE audience_id = a.id), "
                                                        "  (SELECT COUNT(*) FROM audience_version "
                                                        "  WHERE audience_id = a.id) "
                                                        "FROM audience a WHERE a.name = ?;",
                                                        error);
  g_autoptr (sqlite3_stmt) remove = cohort_store_prepare (self, "DELETE FROM audience WHERE id = ?;", error);
  g_autoptr (JsonObject) details = json_object_new ();
  const char *what = _("deleting the audience");
  gint64 activations;
  int rc;

  if (find == NULL || remove == NULL || !cohort_store_exec (self, "BEGIN IMMEDIATE;", what, error))
    return FALSE;
  sqlite3_bind_text (find, 1, audience, -1, SQLITE_STATIC);
  if ((rc = sqlite3_step (find)) != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        not_found (audience, error);
      else
        cohort_store_set_sqlite_error (self, rc, what, error);
      goto fail;
    }
  activations = sqlite3_column_int64 (find, 1);
  if (activations > 0)
    {
      g_set_error (error, COHORT_STORE_ERROR, COHORT_STORE_ERROR_INVALID,
                   g_dngettext (GETTEXT_PACKAGE,
                                "“%s” is still sent to %lld destination: deactivate it first.",
                                "“%s” is still sent to %lld destinations: deactivate it first.",
                                (unsigned long) activations),
                   audience, (long long) activations);
      goto fail;
    }
  json_object_set_int_member (details, "versions", sqlite3_column_int64 (find, 2));
  sqlite3_bind_int64 (remove, 1, sqlite3_column_int64 (find, 0));
  if ((rc = sqlite3_step (remove)) != SQLITE_DONE)
    {
      cohort_store_set_sqlite_error (self, rc, what, error);
      goto fail;
    }
  if (!cohort_store_audit (self, "audience-delete", audience, NULL, details, error))
    goto fail;
  return cohort_store_exec (self, "COMMIT;", what, error);

fail:
  cohort_store_exec (self, "ROLLBACK;", what, NULL);
  return FALSE;
}
