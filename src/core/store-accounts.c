/* store-accounts.c: CohortStore's TikTok app and the advertisers its user granted (no secret) */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "core/store-accounts.h"
#include "core/store-audit.h"
#include "core/store-private.h"

/* Cohort talks to TikTok through one developer app at a time; its secret
 * and the token its user granted are in the keyring under its ID. */

/**
 * cohort_store_dup_app_id:
 * @out_connected: (out) (optional): whether a user granted access
 *
 * Returns: (transfer full) (nullable): the app's ID, %NULL with no error
 *   when no credentials were set
 */
char *
cohort_store_dup_app_id (CohortStore *self,
                         gboolean    *out_connected,
                         GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = cohort_store_prepare (self, "SELECT app_id, connected_at IS NOT NULL "
                                                              "FROM tiktok_app;", error);
  int rc;

  if (out_connected != NULL)
    *out_connected = FALSE;
  if (stmt == NULL)
    return NULL;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return NULL;
  if (rc != SQLITE_ROW)
    {
      cohort_store_set_sqlite_error (self, rc, _("reading the TikTok app"), error);
      return NULL;
    }
  if (out_connected != NULL)
    *out_connected = sqlite3_column_int (stmt, 1);
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

/**
 * cohort_store_get_connected_at:
 *
 * Returns: when a user last granted the app access (Unix time), 0 when
 *   Cohort is not connected or on error
 */
gint64
cohort_store_get_connected_at (CohortStore *self,
                               GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = cohort_store_prepare (self, "SELECT coalesce (connected_at, 0) FROM tiktok_app;",
                                                        error);
  int rc;

  if (stmt == NULL)
    return 0;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return sqlite3_column_int64 (stmt, 0);
  if (rc != SQLITE_DONE)
    cohort_store_set_sqlite_error (self, rc, _("reading the TikTok app"), error);
  return 0;
}

/* Replaces the app; the advertisers of another app go with it. */
gboolean
cohort_store_set_app_id (CohortStore *self,
                         const char  *app_id,
                         GError     **error)
{
  g_autoptr (sqlite3_stmt) insert = NULL;
  int rc;

  if (!cohort_store_exec (self, "BEGIN IMMEDIATE;", _("saving the TikTok app"), error))
    return FALSE;
  insert = cohort_store_prepare (self, "INSERT INTO tiktok_app (app_id) VALUES (?);", error);
  if (insert == NULL || !cohort_store_exec (self, "DELETE FROM tiktok_app;", _("saving the TikTok app"), error))
    goto fail;
  sqlite3_bind_text (insert, 1, app_id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (insert);
  if (rc != SQLITE_DONE)
    {
      cohort_store_set_sqlite_error (self, rc, _("saving the TikTok app"), error);
      goto fail;
    }
  {
    g_autoptr (JsonObject) details = json_object_new ();

    json_object_set_string_member (details, "app_id", app_id);
    if (!cohort_store_audit (self, "credentials", NULL, NULL, details, error))
      goto fail;
  }
  return cohort_store_exec (self, "COMMIT;", _("saving the TikTok app"), error);

fail:
  cohort_store_exec (self, "ROLLBACK;", _("saving the TikTok app"), NULL);
  return FALSE;
}

gboolean
cohort_store_set_connected (CohortStore *self,
                            gboolean     connected,
                            GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = cohort_store_prepare (self, "UPDATE tiktok_app SET connected_at = ?;", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  if (connected)
    sqlite3_bind_int64 (stmt, 1, g_get_real_time () / G_USEC_PER_SEC);
  else
    sqlite3_bind_null (stmt, 1);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    return cohort_store_set_sqlite_error (self, rc, _("saving the TikTok connection"), error);
  return cohort_store_audit (self, connected ? "connect" : "disconnect", NULL, NULL, NULL, error);
}

/**
 * cohort_store_update_advertisers:
 * @advertisers: (element-type CohortTiktokAdvertiser): those granted now
 *
 * Records the advertisers of the last grant. One that is no longer granted
 * is kept, marked so, for the destinations that name it to explain why
 * they cannot sync.
 */
gboolean
cohort_store_update_advertisers (CohortStore *self,
                                 GPtrArray   *advertisers,
                                 GError     **error)
{
  g_autoptr (sqlite3_stmt) upsert = NULL;
  const char *what = _("saving the advertisers");

  if (!cohort_store_exec (self, "BEGIN IMMEDIATE;", what, error))
    return FALSE;
  upsert = cohort_store_prepare (self,
                                 "INSERT INTO advertiser (app_id, advertiser_id, name, status, granted) "
                                 "SELECT app_id, ?1, ?2, ?3, 1 FROM tiktok_app WHERE true "
                                 "ON CONFLICT (app_id, advertiser_id) DO UPDATE SET "
                                 "name = excluded.name, status = excluded.status, granted = 1;",
                                 error);
  if (upsert == NULL ||
      !cohort_store_exec (self, "UPDATE advertiser SET granted = 0;", what, error))
    goto fail;
  for (guint i = 0; i < advertisers->len; i++)
    {
      CohortTiktokAdvertiser *advertiser = g_ptr_array_index (advertisers, i);
      int rc;

      sqlite3_bind_text (upsert, 1, advertiser->id, -1, SQLITE_STATIC);
      sqlite3_bind_text (upsert, 2, advertiser->name != NULL ? advertiser->name : "", -1, SQLITE_STATIC);
      sqlite3_bind_text (upsert, 3, advertiser->status != NULL ? advertiser->status : "", -1, SQLITE_STATIC);
      rc = sqlite3_step (upsert);
      sqlite3_reset (upsert);
      if (rc != SQLITE_DONE)
        {
          cohort_store_set_sqlite_error (self, rc, what, error);
          goto fail;
        }
    }
  {
    g_autoptr (JsonObject) details = json_object_new ();

    json_object_set_int_member (details, "granted", advertisers->len);
    if (!cohort_store_audit (self, "advertisers", NULL, NULL, details, error))
      goto fail;
  }
  return cohort_store_exec (self, "COMMIT;", what, error);

fail:
  cohort_store_exec (self, "ROLLBACK;", what, NULL);
  return FALSE;
}

/* Returns: (transfer full) (element-type CohortTiktokAdvertiser): the
 *   app's advertisers, granted or not, by name */
GPtrArray *
cohort_store_list_advertisers (CohortStore *self,
                               GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = cohort_store_prepare (self,
                                                        "SELECT advertiser_id, name, status, granted "
                                                        "FROM advertiser JOIN tiktok_app USING (app_id) "
                                                        "ORDER BY granted DESC, name, advertiser_id;",
                                                        error);
  g_autoptr (GPtrArray) advertisers = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  advertisers = g_ptr_array_new_with_free_func ((GDestroyNotify) cohort_tiktok_advertiser_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CohortTiktokAdvertiser *advertiser = g_new0 (CohortTiktokAdvertiser, 1);

      advertiser->id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      advertiser->name = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      advertiser->status = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      advertiser->granted = sqlite3_column_int (stmt, 3);
      g_ptr_array_add (advertisers, advertiser);
    }
  if (rc != SQLITE_DONE)
    {
      cohort_store_set_sqlite_error (self, rc, _("reading the advertisers"), error);
      return NULL;
    }
  return g_steal_pointer (&advertisers);
}
