/* store-watches.c: CohortStore's watched sources: an audience bound to its file and import options */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "core/store-audit.h"
#include "core/store-private.h"
#include "core/store-watches.h"

void
cohort_watch_free (CohortWatch *watch)
{
  if (watch == NULL)
    return;
  g_free (watch->audience);
  g_free (watch->path);
  g_strfreev (watch->options);
  g_free (watch);
}

/* Size and modification time (microseconds) of a file. */
gboolean
cohort_file_stat (const char   *path,
                  gint64       *out_size,
                  gint64       *out_mtime,
                  GCancellable *cancellable,
                  GError      **error)
{
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE ","
                                                  G_FILE_ATTRIBUTE_TIME_MODIFIED ","
                                                  G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC,
                                                  G_FILE_QUERY_INFO_NONE, cancellable, error);

  if (info == NULL)
    return FALSE;
  *out_size = g_file_info_get_size (info);
  *out_mtime = (gint64) g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED) * G_USEC_PER_SEC +
               g_file_info_get_attribute_uint32 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC);
  return TRUE;
}

/**
 * cohort_file_fingerprint:
 *
 * Size, modification time and SHA-256 of a file's content: a change of
 * time alone (a `touch`, a copy) is not a new version.
 */
gboolean
cohort_file_fingerprint (const char   *path,
                         gint64       *out_size,
                         gint64       *out_mtime,
                         guint8        out_hash[COHORT_HASH_LENGTH],
                         GCancellable *cancellable,
                         GError      **error)
{
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GFileInputStream) stream = NULL;
  g_autoptr (GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree guint8 *buffer = g_malloc (1 << 16);
  gsize length = COHORT_HASH_LENGTH;
  gssize n;

  if (!cohort_file_stat (path, out_size, out_mtime, cancellable, error) ||
      (stream = g_file_read (file, cancellable, error)) == NULL)
    return FALSE;
  while ((n = g_input_stream_read (G_INPUT_STREAM (stream), buffer, 1 << 16, cancellable, error)) > 0)
    g_checksum_update (checksum, buffer, n);
  if (n < 0)
    return FALSE;
  g_checksum_get_digest (checksum, out_hash, &length);
  return TRUE;
}

static gboolean
find_audience (CohortStore *self,
               const char  *audience,
               gint64      *out_id,
               GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = cohort_store_prepare (self, "SELECT id FROM audience WHERE name = ?;", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, audience, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *out_id = sqlite3_column_int64 (stmt, 0);
      return TRUE;
    }
  if (rc == SQLITE_DONE)
    g_set_error (error, COHORT_STORE_ERROR, COHORT_STORE_ERROR_NOT_FOUND,
                 _("There is no audience named “%s”."), audience);
  else
    cohort_store_set_sqlite_error (self, rc, _("reading the audience"), error);
  return FALSE;
}

/**
 * cohort_store_watch:
 * @path: absolute
 * @options: the import's options, kept as written
 *
 * Binds an audience to its source file, replacing an earlier binding. The
 * next check imports the file.
 */
gboolean
cohort_store_watch (CohortStore        *self,
                    const char         *audience,
                    const char         *path,
                    const char * const *options,
                    GError            **error)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) node = NULL;
  g_autofree char *options_text = NULL;
  g_autoptr (sqlite3_stmt) stmt = NULL;
  gint64 audience_id;
  int rc;

  g_return_val_if_fail (g_path_is_absolute (path), FALSE);

  if (!find_audience (self, audience, &audience_id, error))
    return FALSE;
  json_builder_begin_array (builder);
  for (guint i = 0; options != NULL && options[i] != NULL; i++)
    json_builder_add_string_value (builder, options[i]);
  json_builder_end_array (builder);
  node = json_builder_get_root (builder);
  options_text = json_to_string (node, FALSE);

  stmt = cohort_store_prepare (self, "INSERT OR REPLACE INTO watch (audience_id, path, options, size, mtime, hash) "
                                     "VALUES (?, ?, ?, -1, 0, zeroblob (32));",
                               error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, audience_id);
  sqlite3_bind_text (stmt, 2, path, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, options_text, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    return cohort_store_set_sqlite_error (self, rc, _("saving the watched file"), error);
  {
    g_autoptr (JsonObject) details = json_object_new ();

    json_object_set_string_member (details, "file", path);
    json_object_set_string_member (details, "options", options_text);
    return cohort_store_audit (self, "watch", audience, NULL, details, error);
  }
}

gboolean
cohort_store_unwatch (CohortStore *self,
                      const char  *audience,
                      GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = cohort_store_prepare (self, "DELETE FROM watch WHERE audience_id = "
                                                              "(SELECT id FROM audience WHERE name = ?);",
                                                        error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, audience, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    return cohort_store_set_sqlite_error (self, rc, _("saving the watched file"), error);
  if (sqlite3_changes (cohort_store_get_db (self)) == 0)
    {
      g_set_error (error, COHORT_STORE_ERROR, COHORT_STORE_ERROR_NOT_FOUND,
                   _("“%s” is not bound to a file."), audience);
      return FALSE;
    }
  return cohort_store_audit (self, "unwatch", audience, NULL, NULL, error);
}

/* Returns: (transfer full) (element-type CohortWatch) */
GPtrArray *
cohort_store_list_watches (CohortStore *self,
                           GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = cohort_store_prepare (self, "SELECT a.name, w.path, w.options, w.size, w.mtime, "
                                                              "w.hash FROM watch w JOIN audience a "
                                                              "ON a.id = w.audience_id ORDER BY a.name;",
                                                        error);
  g_autoptr (GPtrArray) watches = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  watches = g_ptr_array_new_with_free_func ((GDestroyNotify) cohort_watch_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CohortWatch *watch = g_new0 (CohortWatch, 1);
      g_autoptr (JsonParser) parser = json_parser_new ();
      g_autoptr (GStrvBuilder) options = g_strv_builder_new ();

      watch->audience = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      watch->path = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      if (json_parser_load_from_data (parser, (const char *) sqlite3_column_text (stmt, 2), -1, NULL) &&
          JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)))
        {
          JsonArray *array = json_node_get_array (json_parser_get_root (parser));

          for (guint i = 0; i < json_array_get_length (array); i++)
            g_strv_builder_add (options, json_array_get_string_element (array, i));
        }
      watch->options = g_strv_builder_end (options);
      watch->size = sqlite3_column_int64 (stmt, 3);
      watch->mtime = sqlite3_column_int64 (stmt, 4);
      if (sqlite3_column_bytes (stmt, 5) == COHORT_HASH_LENGTH)
        memcpy (watch->hash, sqlite3_column_blob (stmt, 5), COHORT_HASH_LENGTH);
      g_ptr_array_add (watches, watch);
    }
  if (rc != SQLITE_DONE)
    {
      cohort_store_set_sqlite_error (self, rc, _("reading the watched files"), error);
      return NULL;
    }
  return g_steal_pointer (&watches);
}

/* Records the fingerprint of what was imported last. */
gboolean
cohort_store_set_watch_imported (CohortStore  *self,
                                 const char   *audience,
                                 gint64        size,
                                 gint64        mtime,
                                 const guint8  hash[COHORT_HASH_LENGTH],
                                 GError      **error)
{
  g_autoptr (sqlite3_stmt) stmt = cohort_store_prepare (self, "UPDATE watch SET size = ?, mtime = ?, hash = ? "
                                                              "WHERE audience_id = "
                                                              "(SELECT id FROM audience WHERE name = ?);",
                                                        error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, size);
  sqlite3_bind_int64 (stmt, 2, mtime);
  sqlite3_bind_blob (stmt, 3, hash, COHORT_HASH_LENGTH, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, audience, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    return cohort_store_set_sqlite_error (self, rc, _("saving the watched file"), error);
  return TRUE;
}
