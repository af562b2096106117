/* test-tiktok-audiences.c: the segment/mapping body and the rows that fit in a request's weight */
#include "config.h"

#include <string.h>

#include "core/tiktok-audiences.h"

static gsize
body_length (const char         *audience_id,
             gboolean            add,
             const char * const *schema,
             guint               n_rows,
             guint               column)
{
  static const char hex[] = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
  guint n_columns = g_strv_length ((char **) schema);
  g_autofree const char **ids = g_new0 (const char *, (gsize) n_rows * n_columns);
  g_autoptr (JsonNode) body = NULL;
  g_autofree char *text = NULL;

  /* One ID a row, as the sync engine sends them, in any column. */
  for (guint r = 0; r < n_rows; r++)
    ids[(gsize) r * n_columns + (r + column) % n_columns] = hex;
  body = cohort_tiktok_mapping_body_new ("7000000000000000001", audience_id, add, schema, ids, n_rows);
  text = json_to_string (body, FALSE);
  return strlen (text);
}

/* The rows given for a weight are the most whose body is within it. */
static void
test_max_rows (void)
{
  const char *one[] = { "EMAIL_SHA256", NULL };
  const char *four[] = { "EMAIL_SHA256", "PHONE_SHA256", "AAID_SHA256", "IDFA_SHA256", NULL };
  const char *const *schemas[] = { one, four };
  const char *audiences[] = { "9", "9000000000010000123", "9000000000010000123000000000" };
  const gsize limits[] = { 300, 1000, 4096, 65536, 100000 };

  for (guint s = 0; s < G_N_ELEMENTS (schemas); s++)
    for (guint a = 0; a < G_N_ELEMENTS (audiences); a++)
      for (guint add = 0; add < 2; add++)
        for (guint l = 0; l < G_N_ELEMENTS (limits); l++)
          {
            guint rows = cohort_tiktok_mapping_max_rows ("7000000000000000001", audiences[a], add, schemas[s],
                                                         limits[l]);

            g_assert_cmpuint (rows, >=, 1);
            g_assert_cmpuint (body_length (audiences[a], add, schemas[s], rows, l), <=, limits[l]);
            if (rows < COHORT_TIKTOK_MAX_BATCH_ROWS)
              g_assert_cmpuint (body_length (audiences[a], add, schemas[s], rows + 1, l), >, limits[l]);
          }
}

/* 1,000 rows of four columns weigh less than 1 MB: the row limit binds
 * first with TikTok's defaults, and the weight with a smaller one. */
static void
test_defaults (void)
{
  const char *four[] = { "EMAIL_SHA256", "PHONE_SHA256", "AAID_SHA256", "IDFA_SHA256", NULL };
  const char *audience = "9000000000010000123";

  g_assert_cmpuint (cohort_tiktok_mapping_max_rows ("7000000000000000001", audience, FALSE, four,
                                                    COHORT_TIKTOK_MAX_BATCH_BYTES),
                    ==, COHORT_TIKTOK_MAX_BATCH_ROWS);
  g_assert_cmpuint (body_length (audience, FALSE, four, COHORT_TIKTOK_MAX_BATCH_ROWS, 0), <,
                    COHORT_TIKTOK_MAX_BATCH_BYTES);
  g_assert_cmpuint (cohort_tiktok_mapping_max_rows ("7000000000000000001", audience, FALSE, four, 65536), <,
                    COHORT_TIKTOK_MAX_BATCH_ROWS);
  /* Not even one row. */
  g_assert_cmpuint (cohort_tiktok_mapping_max_rows ("7000000000000000001", audience, FALSE, four, 100), ==, 0);
}

/* A body of rows holding one to four IDs, in any columns, weighs what
 * cohort_tiktok_mapping_weigh() says, to the byte. */
static void
test_weigh (void)
{
  static const char hex[] = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
  const char *one[] = { "EMAIL_SHA256", NULL };
  const char *two[] = { "EMAIL_SHA256", "PHONE_SHA256", NULL };
  const char *four[] = { "EMAIL_SHA256", "PHONE_SHA256", "AAID_SHA256", "IDFA_SHA256", NULL };
  const char *const *schemas[] = { one, two, four };
  const char *audiences[] = { "9", "9000000000010000123" };
  g_autoptr (GRand) rand = g_rand_new_with_seed (6);

  for (guint s = 0; s < G_N_ELEMENTS (schemas); s++)
    for (guint a = 0; a < G_N_ELEMENTS (audiences); a++)
      for (guint add = 0; add < 2; add++)
        for (guint round = 0; round < 20; round++)
          {
            guint n_columns = g_strv_length ((char **) schemas[s]);
            guint n_rows = g_rand_int_range (rand, 1, 50);
            g_autofree const char **ids = g_new0 (const char *, (gsize) n_rows * n_columns);
            g_autoptr (JsonNode) body = NULL;
            g_autofree char *text = NULL;
            gsize first, row, id, n_ids = 0;

            for (guint r = 0; r < n_rows; r++)
              {
                guint filled = 0;

                /* At least one ID a row, anywhere. */
                while (filled == 0)
                  for (guint c = 0; c < n_columns; c++)
                    if (g_rand_boolean (rand))
                      {
                        ids[(gsize) r * n_columns + c] = hex;
                        filled++;
                      }
                n_ids += filled;
              }
            body = cohort_tiktok_mapping_body_new ("7000000000000000001", audiences[a], add, schemas[s], ids,
                                                   n_rows);
            text = json_to_string (body, FALSE);
            cohort_tiktok_mapping_weigh ("7000000000000000001", audiences[a], add, schemas[s], &first, &row, &id);
            g_assert_cmpuint (strlen (text), ==, first + (n_rows - 1) * row + (n_ids - n_rows) * id);
            if (n_columns == 1)
              g_assert_cmpuint (id, ==, 0);
            else
              g_assert_cmpuint (id, >, 64);
          }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tiktok-audiences/max-rows", test_max_rows);
  g_test_add_func ("/tiktok-audiences/defaults", test_defaults);
  g_test_add_func ("/tiktok-audiences/weigh", test_weigh);

  return g_test_run ();
}
