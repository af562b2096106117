/* fuzz-tiktok-response.c: libFuzzer target for the readers of TikTok's answers
 *
 * Input: the body of an HTTP 200 answer. It goes through the envelope
 * reader (cohort_tiktok_read_answer(), what every call does), then its
 * `data`, if any, through every reader of an endpoint's data: token,
 * advertisers (both shapes), audience ID, audiences.
 *
 * Beyond "no crash" and no critical warning, it checks: an answer gives
 * data or a COHORT_TIKTOK_ERROR, never both nor neither; an error's message
 * is valid UTF-8 (the window shows it); an error read from the envelope
 * carries the envelope's own `code`, never 0; what the readers give has
 * no NULL where a string is promised, and only valid UTF-8.
 */
#include "config.h"

#include "core/tiktok-audiences-private.h"
#include "core/tiktok-client-private.h"

#include "fuzz-common.h"

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  fuzz_init ();
  g_type_ensure (JSON_TYPE_PARSER);
  g_type_ensure (JSON_TYPE_NODE);
  return 0;
}

static void
check_text (const char *text)
{
  g_assert_nonnull (text);
  g_assert_true (g_utf8_validate (text, -1, NULL));
}

/* The envelope's `code`, read apart: 0 when it has none that is an integer. */
static gint64
envelope_code (const guint8 *data, size_t size)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonNode *root;
  JsonNode *code;

  if (!json_parser_load_from_data (parser, (const char *) data, size, NULL))
    return 0;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return 0;
  code = json_object_get_member (json_node_get_object (root), "code");
  if (code == NULL || json_node_get_value_type (code) != G_TYPE_INT64)
    return 0;
  return json_node_get_int (code);
}

static void
check_data (JsonObject *data)
{
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) ids = NULL;
  g_autofree char *token = cohort_tiktok_read_token (data, &ids, &error);
  g_autofree char *audience_id = NULL;
  g_autoptr (GPtrArray) audiences = g_ptr_array_new_with_free_func ((GDestroyNotify) cohort_tiktok_audience_free);
  const char *name_members[] = { "advertiser_name", "name" };

  if (token != NULL)
    {
      g_assert_no_error (error);
      check_text (token);
      g_assert_cmpstr (token, !=, "");
      g_assert_nonnull (ids);
      for (guint i = 0; ids[i] != NULL; i++)
        check_text (ids[i]);
    }
  else
    {
      g_assert_error (error, COHORT_TIKTOK_ERROR, COHORT_TIKTOK_ERROR_PROTOCOL);
      g_clear_error (&error);
    }

  for (guint n = 0; n < G_N_ELEMENTS (name_members); n++)
    {
      g_autoptr (GPtrArray) advertisers = cohort_tiktok_read_advertisers (data, name_members[n]);

      for (guint i = 0; i < advertisers->len; i++)
        {
          CohortTiktokAdvertiser *advertiser = g_ptr_array_index (advertisers, i);

          check_text (advertiser->id);
          check_text (advertiser->name);
          check_text (advertiser->status);
        }
    }

  audience_id = cohort_tiktok_read_audience_id (data, &error);
  if (audience_id != NULL)
    check_text (audience_id);
  else
    g_assert_error (error, COHORT_TIKTOK_ERROR, COHORT_TIKTOK_ERROR_PROTOCOL);

  cohort_tiktok_read_audiences (data, audiences);
  for (guint i = 0; i < audiences->len; i++)
    {
      CohortTiktokAudience *audience = g_ptr_array_index (audiences, i);

      check_text (audience->id);
      check_text (audience->name);
      check_text (audience->type);
    }
}

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) answer = cohort_tiktok_read_answer (SOUP_STATUS_OK, (const char *) data,
                                                             size, &error);

  if (answer != NULL)
    {
      g_assert_no_error (error);
      g_assert_cmpint (envelope_code (data, size), ==, 0);
      check_data (answer);
      return 0;
    }

  g_assert_nonnull (error);
  g_assert_true (error->domain == COHORT_TIKTOK_ERROR);
  check_text (error->message);
  if (error->code != COHORT_TIKTOK_ERROR_PROTOCOL)
    {
      g_assert_cmpint (cohort_tiktok_error_get_body_code (error), !=, 0);
      g_assert_cmpint (cohort_tiktok_error_get_body_code (error), ==, envelope_code (data, size));
    }
  return 0;
}
