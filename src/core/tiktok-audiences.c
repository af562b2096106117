/* tiktok-audiences.c: TikTok's audience endpoints: create, delete, members, list, get */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "core/tiktok-audiences.h"
#include "core/tiktok-audiences-private.h"
#include "core/tiktok-client-private.h"

#define LIST_PAGE_SIZE 100

void
cohort_tiktok_audience_free (CohortTiktokAudience *audience)
{
  if (audience == NULL)
    return;
  g_free (audience->id);
  g_free (audience->name);
  g_free (audience->type);
  g_free (audience);
}

/* Creates a Partner audience. Not idempotent: after a lost answer, look for
 * the audience by name before creating it again. */
void
cohort_tiktok_client_create_audience_async (CohortTiktokClient  *self,
                                            const char          *advertiser_id,
                                            const char          *name,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  g_autoptr (JsonNode) body = cohort_tiktok_object_node ("advertiser_id", advertiser_id, "action", "create",
                                                         "custom_audience_name", name, NULL);

  cohort_tiktok_client_call_for (self, "cohort_tiktok_client_create_audience_async", "POST",
                                 "segment/audience/", body, FALSE, cancellable, callback, user_data);
}

/**
 * cohort_tiktok_read_audience_id:
 * @data: the `data` of segment/audience/ (create)
 *
 * Returns: (transfer full): the new audience's ID
 */
char *
cohort_tiktok_read_audience_id (JsonObject  *data,
                                GError     **error)
{
  char *id = cohort_tiktok_dup_string (data, "audience_id", NULL);

  if (id == NULL)
    g_propagate_error (error, cohort_tiktok_error_new_transport (
                                  COHORT_TIKTOK_ERROR_PROTOCOL, _("TikTok gave no audience ID.")));
  return id;
}

/* Returns: (transfer full): the new audience's ID */
char *
cohort_tiktok_client_create_audience_finish (CohortTiktokClient *self,
                                             GAsyncResult       *result,
                                             GError            **error)
{
  g_autoptr (JsonObject) data = g_task_propagate_pointer (G_TASK (result), error);

  if (data == NULL)
    return NULL;
  return cohort_tiktok_read_audience_id (data, error);
}

/* Deletes an audience at TikTok. Not retried after a lost answer: a second
 * delete of a deleted audience is refused, which would read as a failure. */
void
cohort_tiktok_client_delete_audience_async (CohortTiktokClient  *self,
                                            const char          *advertiser_id,
                                            const char          *audience_id,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  g_autoptr (JsonNode) body = cohort_tiktok_object_node ("advertiser_id", advertiser_id, "action", "delete",
                                                         "delete_audience_id", audience_id, NULL);

  cohort_tiktok_client_call_for (self, "cohort_tiktok_client_delete_audience_async", "POST",
                                 "segment/audience/", body, FALSE, cancellable, callback, user_data);
}

gboolean
cohort_tiktok_client_delete_audience_finish (CohortTiktokClient *self,
                                             GAsyncResult       *result,
                                             GError            **error)
{
  g_autoptr (JsonObject) data = g_task_propagate_pointer (G_TASK (result), error);

  return data != NULL;
}

/**
 * cohort_tiktok_mapping_body_new:
 * @add: %TRUE to add the rows' people, %FALSE to remove them
 * @id_schema: (array zero-terminated=1): TikTok's names of the columns,
 *   such as `EMAIL_SHA256`
 * @ids: @n_rows × the length of @id_schema hashes, row by row: 64
 *   lower-case hexadecimal digits, or %NULL where a person has no such ID
 *
 * Returns: (transfer full): the body of a `segment/mapping/` request
 */
JsonNode *
cohort_tiktok_mapping_body_new (const char         *advertiser_id,
                                const char         *audience_id,
                                gboolean            add,
                                const char * const *id_schema,
                                const char * const *ids,
                                guint               n_rows)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  guint n_columns = g_strv_length ((char **) id_schema);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "advertiser_ids");
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, advertiser_id);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "action");
  json_builder_add_string_value (builder, add ? "add" : "delete");
  json_builder_set_member_name (builder, "id_schema");
  json_builder_begin_array (builder);
  for (guint c = 0; c < n_columns; c++)
    json_builder_add_string_value (builder, id_schema[c]);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "batch_data");
  json_builder_begin_array (builder);
  for (guint r = 0; r < n_rows; r++)
    {
      json_builder_begin_array (builder);
      for (guint c = 0; c < n_columns; c++)
        {
          const char *id = ids[(gsize) r * n_columns + c];

          json_builder_begin_object (builder);
          if (id != NULL)
            {
              json_builder_set_member_name (builder, "id");
              json_builder_add_string_value (builder, id);
              json_builder_set_member_name (builder, "audience_ids");
              json_builder_begin_array (builder);
              json_builder_add_string_value (builder, audience_id);
              json_builder_end_array (builder);
            }
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* The length of a body of @n_rows rows, the first holding @first_ids IDs
 * and the others one, from the first column: every filled cell has the
 * same text, and every empty one, whichever its column. */
static gsize
body_length (const char         *advertiser_id,
             const char         *audience_id,
             gboolean            add,
             const char * const *id_schema,
             guint               n_rows,
             guint               first_ids)
{
  static const char hex[] = "0000000000000000000000000000000000000000000000000000000000000000";
  guint n_columns = g_strv_length ((char **) id_schema);
  g_autofree const char **ids = g_new0 (const char *, (gsize) n_rows * n_columns);
  g_autoptr (JsonNode) body = NULL;
  g_autofree char *text = NULL;

  for (guint r = 0; r < n_rows; r++)
    ids[(gsize) r * n_columns] = hex;
  for (guint c = 1; c < MIN (first_ids, n_columns); c++)
    ids[c] = hex;
  body = cohort_tiktok_mapping_body_new (advertiser_id, audience_id, add, id_schema, ids, n_rows);
  text = json_to_string (body, FALSE);
  return strlen (text);
}

/**
 * cohort_tiktok_mapping_weigh:
 * @out_first: (out): the length of a body of one row holding one ID
 * @out_row: (out): what each further row of one ID adds, its comma included
 * @out_id: (out): what each further ID of a row adds (0 with one column)
 *
 * Measures a `segment/mapping/` body as it would be written: one of @n
 * rows holding @ids IDs in all weighs exactly
 * @out_first + (@n − 1) × @out_row + (@ids − @n) × @out_id bytes.
 */
void
cohort_tiktok_mapping_weigh (const char         *advertiser_id,
                             const char         *audience_id,
                             gboolean            add,
                             const char * const *id_schema,
                             gsize              *out_first,
                             gsize              *out_row,
                             gsize              *out_id)
{
  gsize one = body_length (advertiser_id, audience_id, add, id_schema, 1, 1);

  *out_first = one;
  *out_row = body_length (advertiser_id, audience_id, add, id_schema, 2, 1) - one;
  *out_id = g_strv_length ((char **) id_schema) > 1
                ? body_length (advertiser_id, audience_id, add, id_schema, 1, 2) - one
                : 0;
}

/**
 * cohort_tiktok_mapping_max_rows:
 * @max_bytes: the most a body may weigh
 *
 * How many rows of one ID each a `segment/mapping/` body may hold within
 * @max_bytes and %COHORT_TIKTOK_MAX_BATCH_ROWS: see
 * cohort_tiktok_mapping_weigh().
 *
 * Returns: the rows, 0 when not even one fits
 */
guint
cohort_tiktok_mapping_max_rows (const char         *advertiser_id,
                                const char         *audience_id,
                                gboolean            add,
                                const char * const *id_schema,
                                gsize               max_bytes)
{
  gsize one, row, id;

  cohort_tiktok_mapping_weigh (advertiser_id, audience_id, add, id_schema, &one, &row, &id);
  if (one > max_bytes)
    return 0;
  return (guint) MIN ((max_bytes - one) / row + 1, COHORT_TIKTOK_MAX_BATCH_ROWS);
}

/**
 * cohort_tiktok_client_map_members_async:
 * @add: %TRUE to add the rows' people, %FALSE to remove them
 * @id_schema: (array zero-terminated=1): TikTok's names of the columns
 * @ids: @n_rows × the length of @id_schema hashes: see
 *   cohort_tiktok_mapping_body_new()
 *
 * Adds or removes people of a Partner audience (`segment/mapping/`). Sending
 * the same batch twice leaves the same audience, so it is retried. The
 * caller keeps the body within %COHORT_TIKTOK_MAX_BATCH_BYTES
 * (cohort_tiktok_mapping_max_rows()).
 */
void
cohort_tiktok_client_map_members_async (CohortTiktokClient  *self,
                                        const char          *advertiser_id,
                                        const char          *audience_id,
                                        gboolean             add,
                                        const char * const  *id_schema,
                                        const char * const  *ids,
                                        guint                n_rows,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr (JsonNode) body = NULL;
  guint n_columns = g_strv_length ((char **) id_schema);

  g_return_if_fail (n_rows > 0 && n_rows <= COHORT_TIKTOK_MAX_BATCH_ROWS && n_columns > 0);

  body = cohort_tiktok_mapping_body_new (advertiser_id, audience_id, add, id_schema, ids, n_rows);
  cohort_tiktok_client_call_for (self, "cohort_tiktok_client_map_members_async", "POST",
                                 "segment/mapping/", body, TRUE, cancellable, callback, user_data);
}

gboolean
cohort_tiktok_client_map_members_finish (CohortTiktokClient *self,
                                         GAsyncResult       *result,
                                         GError            **error)
{
  g_autoptr (JsonObject) data = g_task_propagate_pointer (G_TASK (result), error);

  return data != NULL;
}

typedef struct
{
  char      *advertiser_id;
  char      *ids; /* the escaped JSON array of `get`, NULL to list them all */
  guint      page;
  GPtrArray *audiences;
} ListData;

static void
list_data_free (ListData *data)
{
  g_free (data->advertiser_id);
  g_free (data->ids);
  g_ptr_array_unref (data->audiences);
  g_free (data);
}

static void list_page (GTask *task);

static CohortTiktokAudience *
audience_from_json (JsonObject *item)
{
  CohortTiktokAudience *audience;
  char *id = cohort_tiktok_dup_string (item, "audience_id", NULL);

  if (id == NULL)
    return NULL;
  audience = g_new0 (CohortTiktokAudience, 1);
  audience->id = id;
  audience->name = cohort_tiktok_dup_string (item, "name", "");
  audience->type = cohort_tiktok_dup_string (item, "audience_type", "");
  audience->cover_num = cohort_tiktok_get_int (item, "cover_num", 0);
  audience->is_valid = cohort_tiktok_get_boolean (item, "is_valid", FALSE);
  audience->is_expiring = cohort_tiktok_get_boolean (item, "is_expiring", FALSE);
  audience->create_time = cohort_tiktok_get_int (item, "create_time", 0);
  return audience;
}

/**
 * cohort_tiktok_read_audiences:
 * @data: the `data` of dmp/custom_audience/list/ or get/
 * @audiences: (element-type CohortTiktokAudience): where to append those of
 *   `data.list[]`
 *
 * Returns: how many pages TikTok has (`page_info.total_page`); 1 when it
 *   does not say
 */
gint64
cohort_tiktok_read_audiences (JsonObject *data,
                              GPtrArray  *audiences)
{
  JsonNode *list = json_object_get_member (data, "list");
  JsonObject *page_info;

  for (guint i = 0; list != NULL && JSON_NODE_HOLDS_ARRAY (list) &&
                    i < json_array_get_length (json_node_get_array (list));
       i++)
    {
      JsonObject *item = cohort_tiktok_get_object_element (json_node_get_array (list), i);
      CohortTiktokAudience *audience = item != NULL ? audience_from_json (item) : NULL;

      if (audience != NULL)
        g_ptr_array_add (audiences, audience);
    }

  page_info = json_object_has_member (data, "page_info") &&
                      JSON_NODE_HOLDS_OBJECT (json_object_get_member (data, "page_info"))
                  ? json_object_get_object_member (data, "page_info")
                  : NULL;
  return page_info != NULL ? cohort_tiktok_get_int (page_info, "total_page", 1) : 1;
}

static void
list_page_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  ListData *data = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr (JsonObject) answer = cohort_tiktok_client_call_finish (COHORT_TIKTOK_CLIENT (source), result, &error);
  gint64 total_pages;

  if (answer == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  total_pages = cohort_tiktok_read_audiences (answer, data->audiences);
  if (data->ids == NULL && (gint64) data->page < total_pages)
    {
      data->page++;
      list_page (task);
      return;
    }
  g_task_return_pointer (task, g_ptr_array_ref (data->audiences), (GDestroyNotify) g_ptr_array_unref);
}

static void
list_page (GTask *task)
{
  ListData *data = g_task_get_task_data (task);
  g_autofree char *advertiser = g_uri_escape_string (data->advertiser_id, NULL, FALSE);
  g_autofree char *endpoint = NULL;

  if (data->ids != NULL)
    endpoint = g_strdup_printf ("dmp/custom_audience/get/?advertiser_id=%s&custom_audience_ids=%s",
                                advertiser, data->ids);
  else
    endpoint = g_strdup_printf ("dmp/custom_audience/list/?advertiser_id=%s&page=%u&page_size=%d",
                                advertiser, data->page, LIST_PAGE_SIZE);
  cohort_tiktok_client_call_async (g_task_get_source_object (task), "GET", endpoint, NULL, TRUE,
                                   g_task_get_cancellable (task), list_page_cb, g_object_ref (task));
}

/**
 * cohort_tiktok_client_list_audiences_async:
 * @audience_ids: (nullable): those to describe (`get`), or %NULL for every
 *   audience of the advertiser (`list`, page after page)
 *
 * TikTok's own view of audiences: matched size, validity, expiry.
 */
void
cohort_tiktok_client_list_audiences_async (CohortTiktokClient  *self,
                                           const char          *advertiser_id,
                                           const char * const  *audience_ids,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  g_autoptr (GTask) task = g_task_new (self, cancellable, callback, user_data);
  ListData *data = g_new0 (ListData, 1);

  data->advertiser_id = g_strdup (advertiser_id);
  data->ids = audience_ids != NULL ? cohort_tiktok_query_array (audience_ids) : NULL;
  data->page = 1;
  data->audiences = g_ptr_array_new_with_free_func ((GDestroyNotify) cohort_tiktok_audience_free);
  g_task_set_name (task, "cohort_tiktok_client_list_audiences_async");
  g_task_set_task_data (task, data, (GDestroyNotify) list_data_free);
  list_page (task);
}

/* Returns: (transfer full) (element-type CohortTiktokAudience) */
GPtrArray *
cohort_tiktok_client_list_audiences_finish (CohortTiktokClient *self,
                                            GAsyncResult       *result,
                                            GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
