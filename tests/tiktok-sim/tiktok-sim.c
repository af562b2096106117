/* tiktok-sim.c: CohortTiktokSim, a TikTok Business API simulator on the loopback, for tests and demos */
#include "config.h"

#include <string.h>

#include "tiktok-sim.h"

#define API "/open_api/v1.3/"
#define MAX_BATCH_ROWS 1000

typedef struct
{
  char *id;
  char *name;
} Advertiser;

static const Advertiser advertisers[] = {
  { (char *) "7000000000000000001", (char *) "Boutique Paris" },
  { (char *) "7000000000000000002", (char *) "Butik Stockholm" },
};

static const char *const id_schemas[] = {
  "EMAIL_SHA256", "PHONE_SHA256", "IDFA_SHA256", "IDFA_MD5", "AAID_SHA256", "AAID_MD5",
};

typedef struct
{
  char       *id;
  char       *advertiser_id;
  char       *name;
  GHashTable *members; /* "SCHEMA:hex" → TRUE */
  gint64      created;
} Audience;

struct _CohortTiktokSim
{
  GObject     parent_instance;

  SoupServer *server;
  guint       port;
  GRand      *rand;
  guint       next_id;

  gboolean    grant_advertisers;
  GHashTable *withdrawn;  /* advertisers the user took back from the app, until the next grant */
  GHashTable *auth_codes; /* code → "unused" or "used" */
  GHashTable *tokens;     /* token → "valid" or "revoked" */
  GHashTable *audiences;  /* id → Audience */

  /* Rate limit: a token bucket per app, refilled every second. */
  guint       qps;
  double      bucket;
  gint64      bucket_time;
  guint       rate_limited;

  /* Faults. */
  double      error_rate;
  GArray     *error_codes;
  guint       latency_ms;
  double      drop_before_rate;
  double      drop_after_rate;
  guint       revoke_after_mappings; /* 0: never; else the tokens go after that many more */

  guint       requests;
  guint       injected;    /* faults answered instead of the request */
  guint       dropped;     /* answers never sent, before or after applying */
  guint       mappings;    /* segment/mapping requests applied */
  guint       mapped_rows; /* their rows */
  guint       mapped_ids;  /* the IDs of those rows */
  JsonNode   *last_mapping; /* the last applied: action, id_schema, rows of IDs or nulls */
  gsize       largest_mapping;
};

G_DEFINE_FINAL_TYPE (CohortTiktokSim, cohort_tiktok_sim, G_TYPE_OBJECT)

static void
audience_free (Audience *audience)
{
  g_free (audience->id);
  g_free (audience->advertiser_id);
  g_free (audience->name);
  g_hash_table_unref (audience->members);
  g_free (audience);
}

static void
cohort_tiktok_sim_finalize (GObject *object)
{
  CohortTiktokSim *self = COHORT_TIKTOK_SIM (object);

  if (self->server != NULL)
    soup_server_disconnect (self->server);
  g_clear_object (&self->server);
  g_rand_free (self->rand);
  g_hash_table_unref (self->auth_codes);
  g_hash_table_unref (self->withdrawn);
  g_hash_table_unref (self->tokens);
  g_hash_table_unref (self->audiences);
  g_array_unref (self->error_codes);
  g_clear_pointer (&self->last_mapping, json_node_unref);

  G_OBJECT_CLASS (cohort_tiktok_sim_parent_class)->finalize (object);
}

static void
cohort_tiktok_sim_class_init (CohortTiktokSimClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cohort_tiktok_sim_finalize;
}

static char *
new_id (CohortTiktokSim *self,
        const char      *prefix)
{
  return g_strdup_printf ("%s%012u%04u", prefix, ++self->next_id, g_rand_int_range (self->rand, 0, 10000));
}

/* TikTok's envelope: HTTP 200, the outcome in `code`. */
static void
reply (CohortTiktokSim   *self,
       SoupServerMessage *msg,
       int                code,
       const char        *message,
       JsonNode          *data)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *request_id = new_id (self, "2026");
  char *body;
  gsize length;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_int_value (builder, code);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  json_builder_set_member_name (builder, "request_id");
  json_builder_add_string_value (builder, request_id);
  json_builder_set_member_name (builder, "data");
  if (data != NULL)
    json_builder_add_value (builder, json_node_copy (data));
  else
    {
      json_builder_begin_object (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  body = json_generator_to_data (generator, &length);
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, body, length);
}

static JsonObject *
parse_body (SoupServerMessage *msg)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonNode *root;

  if (body->length == 0 || !json_parser_load_from_data (parser, body->data, body->length, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  return json_object_ref (json_node_get_object (root));
}

/* json-glib 1.6 has no json_object_get_array_member_with_default(). */
static JsonArray *
member_array (JsonObject *object,
              const char *name,
              gpointer    fallback)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : fallback;
}

static gboolean
is_sha256_hex (const char *text)
{
  if (text == NULL || strlen (text) != 64)
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p) && !(*p >= 'a' && *p <= 'f'))
      return FALSE;
  return TRUE;
}

static const Advertiser *
find_advertiser (const char *id)
{
  for (guint i = 0; i < G_N_ELEMENTS (advertisers); i++)
    if (g_strcmp0 (advertisers[i].id, id) == 0)
      return &advertisers[i];
  return NULL;
}

/* The Access-Token header, checked: NULL after replying with the error. */
static const char *
check_token (CohortTiktokSim   *self,
             SoupServerMessage *msg)
{
  const char *token = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                    "Access-Token");

  if (token == NULL || *token == '\0')
    {
      reply (self, msg, 40104, "Access token is null.", NULL);
      return NULL;
    }
  if (g_strcmp0 (g_hash_table_lookup (self->tokens, token), "valid") != 0)
    {
      reply (self, msg, 40105, "The access token is invalid or has been revoked.", NULL);
      return NULL;
    }
  return token;
}

static gboolean
check_advertiser (CohortTiktokSim   *self,
                  SoupServerMessage *msg,
                  const char        *advertiser_id)
{
  if (find_advertiser (advertiser_id) == NULL || !self->grant_advertisers ||
      g_hash_table_contains (self->withdrawn, advertiser_id))
    {
      reply (self, msg, 40001, "No permission to operate advertiser.", NULL);
      return FALSE;
    }
  return TRUE;
}

static JsonNode *
advertiser_list (gboolean with_details)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "list");
  json_builder_begin_array (builder);
  for (guint i = 0; i < G_N_ELEMENTS (advertisers); i++)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "advertiser_id");
      json_builder_add_string_value (builder, advertisers[i].id);
      json_builder_set_member_name (builder, with_details ? "name" : "advertiser_name");
      json_builder_add_string_value (builder, advertisers[i].name);
      if (with_details)
        {
          json_builder_set_member_name (builder, "currency");
          json_builder_add_string_value (builder, i == 0 ? "EUR" : "SEK");
          json_builder_set_member_name (builder, "status");
          json_builder_add_string_value (builder, "STATUS_ENABLE");
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* `advertiser_ids` is a JSON array in the query: every one must be granted. */
static void
handle_advertiser_info (CohortTiktokSim   *self,
                        SoupServerMessage *msg,
                        GHashTable        *query)
{
  const char *ids_text = query != NULL ? g_hash_table_lookup (query, "advertiser_ids") : NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (JsonNode) data = NULL;
  JsonArray *ids;

  if (ids_text == NULL || !json_parser_load_from_data (parser, ids_text, -1, NULL) ||
      !JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)) ||
      json_array_get_length (json_node_get_array (json_parser_get_root (parser))) == 0)
    {
      reply (self, msg, 40002, "advertiser_ids must be a non-empty JSON array.", NULL);
      return;
    }
  ids = json_node_get_array (json_parser_get_root (parser));
  for (guint i = 0; i < json_array_get_length (ids); i++)
    {
      JsonNode *id = json_array_get_element (ids, i);

      if (!JSON_NODE_HOLDS_VALUE (id) || json_node_get_value_type (id) != G_TYPE_STRING ||
          !check_advertiser (self, msg, json_node_get_string (id)))
        {
          if (!JSON_NODE_HOLDS_VALUE (id) || json_node_get_value_type (id) != G_TYPE_STRING)
            reply (self, msg, 40002, "advertiser_ids must hold strings.", NULL);
          return;
        }
    }
  data = advertiser_list (TRUE);
  reply (self, msg, 0, "OK", data);
}

static void
handle_auth (CohortTiktokSim   *self,
             SoupServerMessage *msg,
             GHashTable        *query)
{
  const char *app_id = query != NULL ? g_hash_table_lookup (query, "app_id") : NULL;
  const char *state = query != NULL ? g_hash_table_lookup (query, "state") : NULL;
  const char *redirect = query != NULL ? g_hash_table_lookup (query, "redirect_uri") : NULL;
  g_autofree char *code = NULL;
  g_autofree char *location = NULL;
  g_autofree char *escaped_state = NULL;

  if (g_strcmp0 (app_id, COHORT_TIKTOK_SIM_APP_ID) != 0 || redirect == NULL || state == NULL)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_BAD_REQUEST, NULL);
      soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_STATIC,
                                        "Unknown app, or no redirect_uri or state.", 41);
      return;
    }

  /* The simulated user consents at once. */
  code = new_id (self, "code");
  g_hash_table_insert (self->auth_codes, g_strdup (code), (char *) "unused");
  escaped_state = g_uri_escape_string (state, NULL, FALSE);
  location = g_strdup_printf ("%s%sauth_code=%s&code=%s&state=%s", redirect,
                              strchr (redirect, '?') != NULL ? "&" : "?", code, code, escaped_state);
  soup_server_message_set_redirect (msg, SOUP_STATUS_FOUND, location);
}

static void
handle_access_token (CohortTiktokSim   *self,
                     SoupServerMessage *msg,
                     JsonObject        *body)
{
  const char *code = body != NULL ? json_object_get_string_member_with_default (body, "auth_code", NULL) : NULL;
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) data = NULL;
  g_autofree char *token = NULL;

  if (body == NULL ||
      g_strcmp0 (json_object_get_string_member_with_default (body, "app_id", NULL), COHORT_TIKTOK_SIM_APP_ID) != 0 ||
      g_strcmp0 (json_object_get_string_member_with_default (body, "secret", NULL), COHORT_TIKTOK_SIM_APP_SECRET) != 0)
    {
      reply (self, msg, 40002, "app_id or secret is invalid.", NULL);
      return;
    }
  if (code == NULL || g_strcmp0 (g_hash_table_lookup (self->auth_codes, code), "unused") != 0)
    {
      reply (self, msg, 40110, "auth_code is invalid or has been used.", NULL);
      return;
    }
  g_hash_table_insert (self->auth_codes, g_strdup (code), (char *) "used");
  /* A new grant covers every advertiser again. */
  g_hash_table_remove_all (self->withdrawn);

  token = new_id (self, "act.");
  g_hash_table_insert (self->tokens, g_strdup (token), (char *) "valid");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "access_token");
  json_builder_add_string_value (builder, token);
  json_builder_set_member_name (builder, "advertiser_ids");
  json_builder_begin_array (builder);
  for (guint i = 0; self->grant_advertisers && i < G_N_ELEMENTS (advertisers); i++)
    json_builder_add_string_value (builder, advertisers[i].id);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "scope");
  json_builder_begin_array (builder);
  json_builder_add_int_value (builder, 4);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  data = json_builder_get_root (builder);
  reply (self, msg, 0, "OK", data);
}

static void
handle_revoke (CohortTiktokSim   *self,
               SoupServerMessage *msg,
               JsonObject        *body)
{
  const char *token = body != NULL ? json_object_get_string_member_with_default (body, "access_token", NULL) : NULL;

  if (body == NULL ||
      g_strcmp0 (json_object_get_string_member_with_default (body, "secret", NULL), COHORT_TIKTOK_SIM_APP_SECRET) != 0)
    {
      reply (self, msg, 40002, "app_id or secret is invalid.", NULL);
      return;
    }
  if (token == NULL || !g_hash_table_contains (self->tokens, token))
    {
      reply (self, msg, 40105, "The access token is invalid or has been revoked.", NULL);
      return;
    }
  g_hash_table_insert (self->tokens, g_strdup (token), (char *) "revoked");
  reply (self, msg, 0, "OK", NULL);
}

static void
handle_audience (CohortTiktokSim   *self,
                 SoupServerMessage *msg,
                 JsonObject        *body)
{
  const char *advertiser_id = json_object_get_string_member_with_default (body, "advertiser_id", NULL);
  const char *action = json_object_get_string_member_with_default (body, "action", NULL);

  if (!check_advertiser (self, msg, advertiser_id))
    return;

  if (g_strcmp0 (action, "create") == 0)
    {
      const char *name = json_object_get_string_member_with_default (body, "custom_audience_name", NULL);
      g_autoptr (JsonBuilder) builder = json_builder_new ();
      g_autoptr (JsonNode) data = NULL;
      Audience *audience;

      if (name == NULL || *name == '\0' || g_utf8_strlen (name, -1) > 70)
        {
          reply (self, msg, 40002, "custom_audience_name must have 1 to 70 characters.", NULL);
          return;
        }
      audience = g_new0 (Audience, 1);
      audience->id = new_id (self, "9");
      audience->advertiser_id = g_strdup (advertiser_id);
      audience->name = g_strdup (name);
      audience->members = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      audience->created = g_get_real_time () / G_USEC_PER_SEC;
      g_hash_table_insert (self->audiences, audience->id, audience);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "audience_id");
      json_builder_add_string_value (builder, audience->id);
      json_builder_end_object (builder);
      data = json_builder_get_root (builder);
      reply (self, msg, 0, "OK", data);
    }
  else if (g_strcmp0 (action, "delete") == 0)
    {
      const char *id = json_object_get_string_member_with_default (body, "delete_audience_id", NULL);
      Audience *audience = id != NULL ? g_hash_table_lookup (self->audiences, id) : NULL;

      if (audience == NULL || g_strcmp0 (audience->advertiser_id, advertiser_id) != 0)
        {
          reply (self, msg, 40002, "The audience does not exist.", NULL);
          return;
        }
      g_hash_table_remove (self->audiences, id);
      reply (self, msg, 0, "OK", NULL);
    }
  else
    reply (self, msg, 40002, "action must be create or delete.", NULL);
}

static gboolean
valid_schema (const char *schema)
{
  for (guint i = 0; i < G_N_ELEMENTS (id_schemas); i++)
    if (g_strcmp0 (schema, id_schemas[i]) == 0)
      return TRUE;
  return FALSE;
}

static void
revoke_all (CohortTiktokSim *self)
{
  GHashTableIter iter;
  gpointer token;

  g_hash_table_iter_init (&iter, self->tokens);
  while (g_hash_table_iter_next (&iter, &token, NULL))
    g_hash_table_iter_replace (&iter, (char *) "revoked");
}

/* The shape of the last applied request, for tests to see which IDs went
 * in one row: {action, id_schema, rows: [[hex or null, ...], ...]}. */
static void
keep_mapping (CohortTiktokSim *self,
              const char      *action,
              JsonArray       *schema,
              JsonArray       *batch)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "action");
  json_builder_add_string_value (builder, action);
  json_builder_set_member_name (builder, "id_schema");
  json_builder_begin_array (builder);
  for (guint s = 0; s < json_array_get_length (schema); s++)
    json_builder_add_string_value (builder, json_array_get_string_element (schema, s));
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "rows");
  json_builder_begin_array (builder);
  for (guint r = 0; r < json_array_get_length (batch); r++)
    {
      JsonArray *row = json_array_get_array_element (batch, r);

      json_builder_begin_array (builder);
      for (guint c = 0; c < json_array_get_length (row); c++)
        {
          JsonObject *cell = json_array_get_object_element (row, c);

          if (json_object_has_member (cell, "id"))
            json_builder_add_string_value (builder, json_object_get_string_member (cell, "id"));
          else
            json_builder_add_null_value (builder);
        }
      json_builder_end_array (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  g_clear_pointer (&self->last_mapping, json_node_unref);
  self->last_mapping = json_builder_get_root (builder);
}

/* Checks the whole request before changing anything: TikTok refuses a batch
 * as a whole. */
static void
handle_mapping (CohortTiktokSim   *self,
                SoupServerMessage *msg,
                JsonObject        *body)
{
  JsonArray *advertiser_ids = member_array (body, "advertiser_ids", NULL);
  JsonArray *schema = member_array (body, "id_schema", NULL);
  JsonArray *batch = member_array (body, "batch_data", NULL);
  const char *action = json_object_get_string_member_with_default (body, "action", NULL);
  const char *advertiser_id;
  gboolean add = g_strcmp0 (action, "add") == 0;

  if (advertiser_ids == NULL || json_array_get_length (advertiser_ids) != 1)
    {
      reply (self, msg, 40002, "advertiser_ids must hold one advertiser.", NULL);
      return;
    }
  advertiser_id = json_array_get_string_element (advertiser_ids, 0);
  if (!check_advertiser (self, msg, advertiser_id))
    return;
  if (!add && g_strcmp0 (action, "delete") != 0)
    {
      reply (self, msg, 40002, "action must be add or delete.", NULL);
      return;
    }
  if (schema == NULL || json_array_get_length (schema) == 0)
    {
      reply (self, msg, 40002, "id_schema is required.", NULL);
      return;
    }
  for (guint s = 0; s < json_array_get_length (schema); s++)
    if (!valid_schema (json_array_get_string_element (schema, s)))
      {
        reply (self, msg, 40002, "id_schema holds an unknown value.", NULL);
        return;
      }
  if (batch == NULL || json_array_get_length (batch) == 0 ||
      json_array_get_length (batch) > MAX_BATCH_ROWS)
    {
      reply (self, msg, 40002, "batch_data must hold 1 to 1000 rows.", NULL);
      return;
    }

  for (guint pass = 0; pass < 2; pass++)
    for (guint r = 0; r < json_array_get_length (batch); r++)
      {
        JsonNode *row_node = json_array_get_element (batch, r);
        JsonArray *row = JSON_NODE_HOLDS_ARRAY (row_node) ? json_node_get_array (row_node) : NULL;
        guint n_ids = 0;

        if (row == NULL || json_array_get_length (row) != json_array_get_length (schema))
          {
            reply (self, msg, 40002, "Each row of batch_data must follow id_schema.", NULL);
            return;
          }
        for (guint c = 0; c < json_array_get_length (row); c++)
          {
            JsonObject *cell = json_array_get_object_element (row, c);
            const char *id;
            JsonArray *audience_ids;

            if (cell == NULL)
              {
                reply (self, msg, 40002, "Each cell of batch_data must be an object.", NULL);
                return;
              }
            if (json_object_get_size (cell) == 0)
              continue;
            n_ids++;
            id = json_object_get_string_member_with_default (cell, "id", NULL);
            audience_ids = member_array (cell, "audience_ids", NULL);
            if (!is_sha256_hex (id) || audience_ids == NULL || json_array_get_length (audience_ids) == 0)
              {
                reply (self, msg, 40002, "id must be 64 lower-case hexadecimal digits, with audience_ids.", NULL);
                return;
              }
            for (guint a = 0; a < json_array_get_length (audience_ids); a++)
              {
                Audience *audience = g_hash_table_lookup (self->audiences,
                                                          json_array_get_string_element (audience_ids, a));

                if (audience == NULL || g_strcmp0 (audience->advertiser_id, advertiser_id) != 0)
                  {
                    reply (self, msg, 40002, "An audience of audience_ids does not belong to the advertiser.", NULL);
                    return;
                  }
                if (pass == 1)
                  {
                    char *key = g_strdup_printf ("%s:%s", json_array_get_string_element (schema, c), id);

                    if (add)
                      g_hash_table_add (audience->members, key);
                    else
                      {
                        g_hash_table_remove (audience->members, key);
                        g_free (key);
                      }
                  }
              }
          }
        /* A person with no ID at all is a sender's bug. */
        if (n_ids == 0)
          {
            reply (self, msg, 40002, "Each row of batch_data must hold an id.", NULL);
            return;
          }
        if (pass == 1)
          self->mapped_ids += n_ids;
      }
  self->mappings++;
  self->mapped_rows += json_array_get_length (batch);
  keep_mapping (self, action, schema, batch);
  /* The user revokes the app's access between two requests. */
  if (self->revoke_after_mappings > 0 && --self->revoke_after_mappings == 0)
    revoke_all (self);
  self->largest_mapping = MAX (self->largest_mapping, (gsize) soup_server_message_get_request_body (msg)->length);
  reply (self, msg, 0, "OK", NULL);
}

static void
add_audience_json (JsonBuilder *builder,
                   Audience    *audience)
{
  guint size = g_hash_table_size (audience->members);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "audience_id");
  json_builder_add_string_value (builder, audience->id);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, audience->name);
  json_builder_set_member_name (builder, "audience_type");
  json_builder_add_string_value (builder, "Partner");
  json_builder_set_member_name (builder, "cover_num");
  json_builder_add_int_value (builder, size);
  /* TikTok's minimum for a usable audience. */
  json_builder_set_member_name (builder, "is_valid");
  json_builder_add_boolean_value (builder, size >= 1000);
  json_builder_set_member_name (builder, "is_expiring");
  json_builder_add_boolean_value (builder, FALSE);
  json_builder_set_member_name (builder, "create_time");
  json_builder_add_int_value (builder, audience->created);
  json_builder_end_object (builder);
}

static void
handle_audience_list (CohortTiktokSim   *self,
                      SoupServerMessage *msg,
                      GHashTable        *query,
                      gboolean           by_ids)
{
  const char *advertiser_id = query != NULL ? g_hash_table_lookup (query, "advertiser_id") : NULL;
  const char *ids_text = query != NULL ? g_hash_table_lookup (query, "custom_audience_ids") : NULL;
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) data = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonArray *ids = NULL;
  GHashTableIter iter;
  Audience *audience;
  guint total = 0;

  if (!check_advertiser (self, msg, advertiser_id))
    return;
  if (by_ids)
    {
      if (ids_text == NULL || !json_parser_load_from_data (parser, ids_text, -1, NULL) ||
          !JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)))
        {
          reply (self, msg, 40002, "custom_audience_ids must be a JSON array.", NULL);
          return;
        }
      ids = json_node_get_array (json_parser_get_root (parser));
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, by_ids ? "list" : "list");
  json_builder_begin_array (builder);
  g_hash_table_iter_init (&iter, self->audiences);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &audience))
    {
      gboolean wanted = g_strcmp0 (audience->advertiser_id, advertiser_id) == 0;

      if (wanted && ids != NULL)
        {
          wanted = FALSE;
          for (guint i = 0; i < json_array_get_length (ids); i++)
            wanted = wanted || g_strcmp0 (json_array_get_string_element (ids, i), audience->id) == 0;
        }
      if (wanted)
        {
          add_audience_json (builder, audience);
          total++;
        }
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "page_info");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "total_number");
  json_builder_add_int_value (builder, total);
  json_builder_set_member_name (builder, "page");
  json_builder_add_int_value (builder, 1);
  json_builder_set_member_name (builder, "total_page");
  json_builder_add_int_value (builder, 1);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  data = json_builder_get_root (builder);
  reply (self, msg, 0, "OK", data);
}

/* The app's bucket: qps requests a second, then 40100. */
static gboolean
take_rate_token (CohortTiktokSim *self)
{
  gint64 now = g_get_monotonic_time ();

  if (self->qps == 0)
    return TRUE;
  self->bucket = MIN ((double) self->qps,
                      self->bucket + (now - self->bucket_time) * self->qps / (double) G_USEC_PER_SEC);
  self->bucket_time = now;
  if (self->bucket < 1.0)
    return FALSE;
  self->bucket -= 1.0;
  return TRUE;
}

/* A dropped connection: the client gets no answer at all. */
static void
drop (SoupServerMessage *msg)
{
  g_autoptr (GIOStream) stream = soup_server_message_steal_connection (msg);

  g_object_set_data (G_OBJECT (msg), "cohort-dropped", GINT_TO_POINTER (TRUE));
  if (stream != NULL)
    g_io_stream_close (stream, NULL, NULL);
}

static void
handle_api (CohortTiktokSim   *self,
            SoupServerMessage *msg,
            const char        *endpoint,
            GHashTable        *query)
{
  g_autoptr (JsonObject) body = NULL;
  const char *method = soup_server_message_get_method (msg);
  gboolean drop_after;

  if (!take_rate_token (self))
    {
      self->rate_limited++;
      reply (self, msg, 40100, "Too many requests: the app's QPS limit was reached.", NULL);
      return;
    }
  if (self->error_codes->len > 0 && g_rand_double (self->rand) < self->error_rate)
    {
      int code = g_array_index (self->error_codes, int, g_rand_int_range (self->rand, 0, self->error_codes->len));

      self->injected++;
      /* 4xx and 5xx are HTTP statuses (429 Too Many Requests, 503…), the
       * others TikTok's codes in an HTTP 200 envelope. */
      if (code >= 400 && code < 600)
        soup_server_message_set_status (msg, code, NULL);
      else
        reply (self, msg, code, "Injected fault.", NULL);
      return;
    }
  if (g_rand_double (self->rand) < self->drop_before_rate)
    {
      self->dropped++;
      drop (msg);
      return;
    }
  drop_after = g_rand_double (self->rand) < self->drop_after_rate;

  if (g_str_equal (method, "POST"))
    {
      body = parse_body (msg);
      if (body == NULL)
        {
          reply (self, msg, 40002, "The body must be a JSON object.", NULL);
          return;
        }
    }

  if (g_str_equal (endpoint, "oauth2/access_token/") && body != NULL)
    handle_access_token (self, msg, body);
  else if (g_str_equal (endpoint, "oauth2/revoke_token/") && body != NULL)
    handle_revoke (self, msg, body);
  else if (check_token (self, msg) == NULL)
    return;
  else if (g_str_equal (endpoint, "oauth2/advertiser/get/"))
    {
      g_autoptr (JsonNode) data = advertiser_list (FALSE);

      if (query == NULL || g_strcmp0 (g_hash_table_lookup (query, "secret"), COHORT_TIKTOK_SIM_APP_SECRET) != 0)
        reply (self, msg, 40002, "app_id or secret is invalid.", NULL);
      else if (!self->grant_advertisers)
        reply (self, msg, 0, "OK", NULL);
      else
        reply (self, msg, 0, "OK", data);
    }
  else if (g_str_equal (endpoint, "advertiser/info/"))
    handle_advertiser_info (self, msg, query);
  else if (g_str_equal (endpoint, "segment/audience/") && body != NULL)
    handle_audience (self, msg, body);
  else if (g_str_equal (endpoint, "segment/mapping/") && body != NULL)
    handle_mapping (self, msg, body);
  else if (g_str_equal (endpoint, "dmp/custom_audience/list/"))
    handle_audience_list (self, msg, query, FALSE);
  else if (g_str_equal (endpoint, "dmp/custom_audience/get/"))
    handle_audience_list (self, msg, query, TRUE);
  else
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }

  /* Applied, and the answer lost: the case that must not double anything. */
  if (drop_after)
    {
      self->dropped++;
      drop (msg);
    }
}

static void
handle_control (CohortTiktokSim   *self,
                SoupServerMessage *msg,
                const char        *path)
{
  if (g_str_equal (path, "/sim/state"))
    {
      g_autoptr (JsonNode) state = cohort_tiktok_sim_dump_state (self);
      g_autoptr (JsonGenerator) generator = json_generator_new ();
      char *text;
      gsize length;

      json_generator_set_root (generator, state);
      text = json_generator_to_data (generator, &length);
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, text, length);
    }
  else if (g_str_equal (path, "/sim/faults"))
    {
      g_autoptr (JsonObject) faults = parse_body (msg);
      g_autoptr (GError) error = NULL;

      if (faults == NULL || !cohort_tiktok_sim_set_faults (self, faults, &error))
        {
          soup_server_message_set_status (msg, SOUP_STATUS_BAD_REQUEST, NULL);
          return;
        }
      soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
    }
  else if (g_str_equal (path, "/sim/revoke-all"))
    {
      revoke_all (self);
      soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
    }
  else if (g_str_equal (path, "/sim/withdraw-advertiser"))
    {
      /* The user takes one ad account back from the app: 40001 for it. */
      g_autoptr (JsonObject) body = parse_body (msg);
      const char *id = body != NULL ? json_object_get_string_member_with_default (body, "advertiser_id", NULL) : NULL;

      if (id == NULL)
        {
          soup_server_message_set_status (msg, SOUP_STATUS_BAD_REQUEST, NULL);
          return;
        }
      g_hash_table_add (self->withdrawn, g_strdup (id));
      soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
    }
  else
    soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
}

typedef struct
{
  CohortTiktokSim   *self;
  SoupServerMessage *msg;
  char              *path;
  GHashTable        *query;
} Pending;

static gboolean
handle_later (gpointer user_data)
{
  Pending *pending = user_data;
  const char *path = pending->path;

  if (g_str_has_prefix (path, API))
    handle_api (pending->self, pending->msg, path + strlen (API), pending->query);
  else if (g_str_equal (path, "/portal/auth"))
    handle_auth (pending->self, pending->msg, pending->query);
  else
    handle_control (pending->self, pending->msg, path);

  if (g_object_get_data (G_OBJECT (pending->msg), "cohort-dropped") == NULL)
    soup_server_message_unpause (pending->msg);
  g_object_unref (pending->msg);
  g_free (pending->path);
  g_clear_pointer (&pending->query, g_hash_table_unref);
  g_free (pending);
  return G_SOURCE_REMOVE;
}

static void
handler (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  CohortTiktokSim *self = user_data;
  Pending *pending = g_new0 (Pending, 1);

  self->requests++;
  pending->self = self;
  pending->msg = g_object_ref (msg);
  pending->path = g_strdup (path);
  pending->query = query != NULL ? g_hash_table_ref (query) : NULL;

  /* Every answer goes through the main loop, after the injected latency. */
  soup_server_message_pause (msg);
  if (self->latency_ms > 0 && g_str_has_prefix (path, API))
    g_timeout_add (self->latency_ms, handle_later, pending);
  else
    g_idle_add (handle_later, pending);
}

static void
cohort_tiktok_sim_init (CohortTiktokSim *self)
{
  self->rand = g_rand_new ();
  self->grant_advertisers = TRUE;
  self->auth_codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->withdrawn = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->audiences = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) audience_free);
  self->error_codes = g_array_new (FALSE, FALSE, sizeof (int));
  self->qps = 10;
  self->bucket = self->qps;
  self->bucket_time = g_get_monotonic_time ();
}

CohortTiktokSim *
cohort_tiktok_sim_new (void)
{
  return g_object_new (COHORT_TYPE_TIKTOK_SIM, NULL);
}

/**
 * cohort_tiktok_sim_listen:
 * @port: 0 for any free port
 *
 * Listens on 127.0.0.1 only: the simulator never answers another address.
 */
gboolean
cohort_tiktok_sim_listen (CohortTiktokSim *self,
                          guint            port,
                          GError         **error)
{
  g_autoptr (GSocketAddress) address = g_inet_socket_address_new_from_string ("127.0.0.1", port);
  GSList *uris;

  self->server = soup_server_new ("server-header", "cohort-tiktok-sim", NULL);
  soup_server_add_handler (self->server, NULL, handler, self, NULL);
  if (!soup_server_listen (self->server, address, 0, error))
    return FALSE;
  uris = soup_server_get_uris (self->server);
  self->port = g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return TRUE;
}

char *
cohort_tiktok_sim_dup_base_url (CohortTiktokSim *self)
{
  return g_strdup_printf ("http://127.0.0.1:%u", self->port);
}

/* 0 for no limit. */
void
cohort_tiktok_sim_set_qps (CohortTiktokSim *self,
                           guint            qps)
{
  self->qps = qps;
  self->bucket = qps;
}

/* FALSE: the consenting user grants no advertiser (a common mistake). */
void
cohort_tiktok_sim_set_grant (CohortTiktokSim *self,
                             gboolean         grant_advertisers)
{
  self->grant_advertisers = grant_advertisers;
}

/**
 * cohort_tiktok_sim_set_faults:
 * @faults: `error_rate` (0–1) with `error_codes` (TikTok codes, or HTTP
 *   4xx and 5xx), `latency_ms`, `drop_before_rate`, `drop_after_rate`, `qps`,
 *   `revoke_after_mappings` (the tokens are revoked after that many more
 *   applied segment/mapping requests)
 */
gboolean
cohort_tiktok_sim_set_faults (CohortTiktokSim *self,
                              JsonObject      *faults,
                              GError         **error)
{
  JsonArray *codes = member_array (faults, "error_codes", NULL);

  self->error_rate = json_object_get_double_member_with_default (faults, "error_rate", self->error_rate);
  self->latency_ms = json_object_get_int_member_with_default (faults, "latency_ms", self->latency_ms);
  self->drop_before_rate = json_object_get_double_member_with_default (faults, "drop_before_rate", self->drop_before_rate);
  self->drop_after_rate = json_object_get_double_member_with_default (faults, "drop_after_rate", self->drop_after_rate);
  if (json_object_has_member (faults, "revoke_after_mappings"))
    self->revoke_after_mappings = json_object_get_int_member (faults, "revoke_after_mappings");
  if (json_object_has_member (faults, "qps"))
    cohort_tiktok_sim_set_qps (self, json_object_get_int_member (faults, "qps"));
  if (codes != NULL)
    {
      g_array_set_size (self->error_codes, 0);
      for (guint i = 0; i < json_array_get_length (codes); i++)
        {
          int code = json_array_get_int_element (codes, i);

          g_array_append_val (self->error_codes, code);
        }
    }
  if (self->error_rate < 0 || self->error_rate > 1 || self->drop_before_rate < 0 ||
      self->drop_before_rate > 1 || self->drop_after_rate < 0 || self->drop_after_rate > 1)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "A rate is between 0 and 1.");
      return FALSE;
    }
  return TRUE;
}

/**
 * cohort_tiktok_sim_dump_state:
 *
 * Returns: (transfer full): audiences with their members by id_schema,
 *   token and request counts, the rows and IDs applied and the shape of
 *   the last mapping request, for tests to compare with what was intended
 */
JsonNode *
cohort_tiktok_sim_dump_state (CohortTiktokSim *self)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  GHashTableIter iter;
  Audience *audience;
  gpointer value;
  guint valid = 0;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "requests");
  json_builder_add_int_value (builder, self->requests);
  json_builder_set_member_name (builder, "rate_limited");
  json_builder_add_int_value (builder, self->rate_limited);
  json_builder_set_member_name (builder, "injected");
  json_builder_add_int_value (builder, self->injected);
  json_builder_set_member_name (builder, "dropped");
  json_builder_add_int_value (builder, self->dropped);
  json_builder_set_member_name (builder, "mappings");
  json_builder_add_int_value (builder, self->mappings);
  json_builder_set_member_name (builder, "mapped_rows");
  json_builder_add_int_value (builder, self->mapped_rows);
  json_builder_set_member_name (builder, "mapped_ids");
  json_builder_add_int_value (builder, self->mapped_ids);
  json_builder_set_member_name (builder, "last_mapping");
  if (self->last_mapping != NULL)
    json_builder_add_value (builder, json_node_copy (self->last_mapping));
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "largest_mapping");
  json_builder_add_int_value (builder, self->largest_mapping);
  g_hash_table_iter_init (&iter, self->tokens);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    valid += g_strcmp0 (value, "valid") == 0;
  json_builder_set_member_name (builder, "valid_tokens");
  json_builder_add_int_value (builder, valid);
  json_builder_set_member_name (builder, "audiences");
  json_builder_begin_array (builder);
  g_hash_table_iter_init (&iter, self->audiences);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &audience))
    {
      GHashTableIter members;
      gpointer key;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "audience_id");
      json_builder_add_string_value (builder, audience->id);
      json_builder_set_member_name (builder, "advertiser_id");
      json_builder_add_string_value (builder, audience->advertiser_id);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, audience->name);
      json_builder_set_member_name (builder, "members");
      json_builder_begin_array (builder);
      g_hash_table_iter_init (&members, audience->members);
      while (g_hash_table_iter_next (&members, &key, NULL))
        json_builder_add_string_value (builder, key);
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}
