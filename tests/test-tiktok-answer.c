/* test-tiktok-answer.c: the readers of TikTok's answers take any body, shaped as TikTok's or not */
#include "config.h"

#include <string.h>

#include "core/i18n.h"
#include "core/tiktok-audiences-private.h"
#include "core/tiktok-client-private.h"

/* Reads @body as an HTTP 200 answer; criticals are fatal in tests. */
static JsonObject *
read_body (const char  *body,
           GError     **error)
{
  return cohort_tiktok_read_answer (SOUP_STATUS_OK, body, strlen (body), error);
}

static void
test_envelope (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) data = read_body ("{\"code\":0,\"message\":\"OK\",\"data\":{\"audience_id\":\"69\"}}", &error);

  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (data, "audience_id"), ==, "69");
  g_clear_pointer (&data, json_object_unref);

  /* No data object: an empty one. */
  data = read_body ("{\"code\":0,\"data\":null}", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_object_get_size (data), ==, 0);
  g_clear_pointer (&data, json_object_unref);

  data = read_body ("{\"code\":40100,\"message\":\"Too many requests\",\"request_id\":\"r1\"}", &error);
  g_assert_null (data);
  g_assert_error (error, COHORT_TIKTOK_ERROR, COHORT_TIKTOK_ERROR_RATE_LIMITED);
  g_assert_cmpint (cohort_tiktok_error_get_body_code (error), ==, 40100);
  g_assert_cmpstr (cohort_tiktok_error_get_request_id (error), ==, "r1");
  g_clear_error (&error);

  /* Any code of an int is TikTok's, known or not. */
  data = read_body ("{\"code\":-2147483648}", &error);
  g_assert_error (error, COHORT_TIKTOK_ERROR, COHORT_TIKTOK_ERROR_UNKNOWN);
  g_assert_cmpint (cohort_tiktok_error_get_body_code (error), ==, G_MININT);
  g_clear_error (&error);

  data = cohort_tiktok_read_answer (502, "<html>Bad Gateway</html>", 24, &error);
  g_assert_null (data);
  g_assert_error (error, COHORT_TIKTOK_ERROR, COHORT_TIKTOK_ERROR_SERVER);
  g_clear_error (&error);
}

static void
test_not_tiktok (void)
{
  /* Empty and blank bodies parse with no root at all (found by
   * fuzz-tiktok-response: a critical of json-glib, then a protocol error). */
  const char *bodies[] = {
    "", " \r\n\t", "<html>502</html>", "[]", "null", "42", "{}", "{\"code\":\"0\"}",
    "{\"code\":1.5}", "{\"code\":null}", "{\"code\":{}}", "{\"code\":0", "{\"code\":0}}",
    /* Beyond an int: once cut to one, 0 or 40100 (found by fuzz-tiktok-response). */
    "{\"code\":4294967296}", "{\"code\":4295007396}", "{\"code\":-4294927196}",
    "{\"code\":9223372036854775807}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (JsonObject) data = read_body (bodies[i], &error);

      g_test_message ("body %u: %s", i, bodies[i]);
      g_assert_null (data);
      g_assert_error (error, COHORT_TIKTOK_ERROR, COHORT_TIKTOK_ERROR_PROTOCOL);
    }
}

/* The data of an answer, asserting that it is one. */
static JsonObject *
data_of (const char *body)
{
  g_autoptr (GError) error = NULL;
  JsonObject *data = read_body (body, &error);

  g_assert_no_error (error);
  g_assert_nonnull (data);
  return data;
}

/* A member of another type than TikTok's counts as missing, without a
 * critical of json-glib or a NULL string (found by fuzz-tiktok-response). */
static void
test_other_types (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) data = NULL;
  g_autoptr (GPtrArray) advertisers = NULL;
  g_autoptr (GPtrArray) audiences = g_ptr_array_new_with_free_func ((GDestroyNotify) cohort_tiktok_audience_free);
  g_auto (GStrv) ids = NULL;
  CohortTiktokAdvertiser *advertiser;
  CohortTiktokAudience *audience;
  char *text;

  data = read_body ("{\"code\":40001,\"message\":{\"text\":\"x\"},\"request_id\":[1]}", &error);
  g_assert_null (data);
  g_assert_error (error, COHORT_TIKTOK_ERROR, COHORT_TIKTOK_ERROR_NO_PERMISSION);
  g_assert_null (cohort_tiktok_error_get_request_id (error));
  g_clear_error (&error);

  data = data_of ("{\"code\":0,\"data\":{\"access_token\":{},\"audience_id\":[\"69\"]}}");
  g_assert_null (cohort_tiktok_read_token (data, &ids, &error));
  g_assert_error (error, COHORT_TIKTOK_ERROR, COHORT_TIKTOK_ERROR_PROTOCOL);
  g_clear_error (&error);
  g_assert_null (cohort_tiktok_read_audience_id (data, &error));
  g_assert_error (error, COHORT_TIKTOK_ERROR, COHORT_TIKTOK_ERROR_PROTOCOL);
  g_clear_error (&error);
  g_clear_pointer (&data, json_object_unref);

  data = data_of ("{\"code\":0,\"data\":{\"access_token\":\"act\",\"advertiser_ids\":[\"7\",{},5,null]}}");
  text = cohort_tiktok_read_token (data, &ids, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, "act");
  g_free (text);
  g_assert_cmpuint (g_strv_length (ids), ==, 1);
  g_assert_cmpstr (ids[0], ==, "7");
  g_clear_pointer (&data, json_object_unref);

  data = data_of ("{\"code\":0,\"data\":{\"list\":[\"x\",7,null,{\"advertiser_id\":{}},"
                  "{\"advertiser_id\":\"71\",\"advertiser_name\":5,\"status\":true}]}}");
  advertisers = cohort_tiktok_read_advertisers (data, "advertiser_name");
  g_assert_cmpuint (advertisers->len, ==, 1);
  advertiser = g_ptr_array_index (advertisers, 0);
  g_assert_cmpstr (advertiser->id, ==, "71");
  g_assert_cmpstr (advertiser->name, ==, "");
  g_assert_cmpstr (advertiser->status, ==, "");
  g_clear_pointer (&data, json_object_unref);

  data = data_of ("{\"code\":0,\"data\":{\"list\":[[],{\"audience_id\":\"69\",\"name\":[],"
                  "\"cover_num\":{},\"is_valid\":1,\"create_time\":\"1710500000\"}],"
                  "\"page_info\":{\"total_page\":[]}}}");
  g_assert_cmpint (cohort_tiktok_read_audiences (data, audiences), ==, 1);
  g_assert_cmpuint (audiences->len, ==, 1);
  audience = g_ptr_array_index (audiences, 0);
  g_assert_cmpstr (audience->id, ==, "69");
  g_assert_cmpstr (audience->name, ==, "");
  g_assert_cmpint (audience->cover_num, ==, 0);
  g_assert_false (audience->is_valid);
  g_assert_cmpint (audience->create_time, ==, 0);
}

/* json-glib 1.6 reads "\ud800x" as bytes that are not UTF-8 (dropping the
 * x, and refusing "\ud800" right before a quote): what the readers give is
 * valid (found by fuzz-tiktok-response). */
static void
test_lone_surrogates (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) data = NULL;
  g_autoptr (GPtrArray) advertisers = NULL;
  g_autoptr (GPtrArray) audiences = g_ptr_array_new_with_free_func ((GDestroyNotify) cohort_tiktok_audience_free);
  g_auto (GStrv) ids = NULL;
  g_autofree char *token = NULL;
  g_autofree char *audience_id = NULL;
  CohortTiktokAdvertiser *advertiser;
  CohortTiktokAudience *audience;

  data = read_body ("{\"code\":40002,\"message\":\"Bad \\ud800x\",\"request_id\":\"r\\udbffy\"}", &error);
  g_assert_null (data);
  g_assert_error (error, COHORT_TIKTOK_ERROR, COHORT_TIKTOK_ERROR_BAD_PARAMETER);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_nonnull (strstr (error->message, "Bad "));
  g_assert_true (g_utf8_validate (cohort_tiktok_error_get_request_id (error), -1, NULL));
  g_clear_error (&error);

  data = data_of ("{\"code\":0,\"data\":{\"access_token\":\"a\\ud800b\",\"advertiser_ids\":[\"7\\ud800z\"],"
                  "\"audience_id\":\"6\\ud800z\",\"list\":[{\"advertiser_id\":\"71\\ud800z\","
                  "\"audience_id\":\"69\",\"advertiser_name\":\"Shop \\ud800x\",\"name\":\"\\udbff!\","
                  "\"status\":\"\\ud800S\",\"audience_type\":\"P\\ud800z\"}]}}");
  token = cohort_tiktok_read_token (data, &ids, &error);
  g_assert_no_error (error);
  g_assert_true (g_utf8_validate (token, -1, NULL));
  g_assert_true (g_utf8_validate (ids[0], -1, NULL));
  audience_id = cohort_tiktok_read_audience_id (data, &error);
  g_assert_no_error (error);
  g_assert_true (g_utf8_validate (audience_id, -1, NULL));

  advertisers = cohort_tiktok_read_advertisers (data, "advertiser_name");
  g_assert_cmpuint (advertisers->len, ==, 1);
  advertiser = g_ptr_array_index (advertisers, 0);
  g_assert_true (g_utf8_validate (advertiser->id, -1, NULL));
  g_assert_true (g_str_has_prefix (advertiser->name, "Shop "));
  g_assert_true (g_utf8_validate (advertiser->name, -1, NULL));
  g_assert_true (g_utf8_validate (advertiser->status, -1, NULL));

  cohort_tiktok_read_audiences (data, audiences);
  g_assert_cmpuint (audiences->len, ==, 1);
  audience = g_ptr_array_index (audiences, 0);
  g_assert_true (g_utf8_validate (audience->name, -1, NULL));
  g_assert_true (g_utf8_validate (audience->type, -1, NULL));
}

int
main (int   argc,
      char *argv[])
{
  cohort_i18n_init ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tiktok-answer/envelope", test_envelope);
  g_test_add_func ("/tiktok-answer/not-tiktok", test_not_tiktok);
  g_test_add_func ("/tiktok-answer/other-types", test_other_types);
  g_test_add_func ("/tiktok-answer/lone-surrogates", test_lone_surrogates);

  return g_test_run ();
}
