/* test-tiktok-error.c: TikTok's codes map to Cohort's errors and to what Cohort does about them */
#include "config.h"

#include <string.h>

#include <gio/gio.h>

#include "core/i18n.h"
#include "core/tiktok-error.h"

static void
test_table (void)
{
  const struct
  {
    int                 body_code;
    CohortTiktokError   error;
    CohortTiktokActions actions;
  } cases[] = {
    { 20001, COHORT_TIKTOK_ERROR_PARTIAL, COHORT_TIKTOK_ACTION_RETRY },
    { 40100, COHORT_TIKTOK_ERROR_RATE_LIMITED, COHORT_TIKTOK_ACTION_RETRY | COHORT_TIKTOK_ACTION_LONG_PAUSE },
    { 40133, COHORT_TIKTOK_ERROR_RATE_LIMITED, COHORT_TIKTOK_ACTION_RETRY },
    { 40016, COHORT_TIKTOK_ERROR_RATE_LIMITED, COHORT_TIKTOK_ACTION_RETRY },
    { 61000, COHORT_TIKTOK_ERROR_RATE_LIMITED, COHORT_TIKTOK_ACTION_RETRY },
    { 40001, COHORT_TIKTOK_ERROR_NO_PERMISSION, COHORT_TIKTOK_ACTION_PAUSE | COHORT_TIKTOK_ACTION_NEEDS_USER },
    { 40002, COHORT_TIKTOK_ERROR_BAD_PARAMETER, 0 },
    { 40102, COHORT_TIKTOK_ERROR_TOKEN_EXPIRED, COHORT_TIKTOK_ACTION_PAUSE | COHORT_TIKTOK_ACTION_NEEDS_USER },
    { 40104, COHORT_TIKTOK_ERROR_TOKEN_EMPTY, 0 },
    { 40105, COHORT_TIKTOK_ERROR_TOKEN_INVALID, COHORT_TIKTOK_ACTION_PAUSE | COHORT_TIKTOK_ACTION_NEEDS_USER },
    { 40106, COHORT_TIKTOK_ERROR_TOKEN_MISMATCH, COHORT_TIKTOK_ACTION_PAUSE | COHORT_TIKTOK_ACTION_NEEDS_USER },
    { 40110, COHORT_TIKTOK_ERROR_AUTH_CODE_INVALID, COHORT_TIKTOK_ACTION_NEEDS_USER },
    { 40118, COHORT_TIKTOK_ERROR_NOT_ALLOWLISTED, COHORT_TIKTOK_ACTION_PAUSE | COHORT_TIKTOK_ACTION_NEEDS_USER },
    { 50000, COHORT_TIKTOK_ERROR_SERVER, COHORT_TIKTOK_ACTION_RETRY },
    { 50002, COHORT_TIKTOK_ERROR_SERVER, COHORT_TIKTOK_ACTION_RETRY },
    { 51234, COHORT_TIKTOK_ERROR_SERVER, COHORT_TIKTOK_ACTION_RETRY },
    { 52999, COHORT_TIKTOK_ERROR_SERVER, COHORT_TIKTOK_ACTION_RETRY },
    { 60001, COHORT_TIKTOK_ERROR_MAINTENANCE, COHORT_TIKTOK_ACTION_RETRY | COHORT_TIKTOK_ACTION_LONG_PAUSE },
    { 40999, COHORT_TIKTOK_ERROR_UNKNOWN, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = cohort_tiktok_error_new (cases[i].body_code, "message", "req-1");

      g_test_message ("%d", cases[i].body_code);
      g_assert_error (error, COHORT_TIKTOK_ERROR, (int) cases[i].error);
      g_assert_cmpint (cohort_tiktok_error_get_actions (error), ==, cases[i].actions);
      g_assert_cmpint (cohort_tiktok_error_get_body_code (error), ==, cases[i].body_code);
    }
}

static void
test_message_and_request_id (void)
{
  g_autoptr (GError) error = cohort_tiktok_error_new (40001, "No permission to operate advertiser",
                                                      "2026112403501234");
  g_autoptr (GError) copy = g_error_copy (error);
  g_autoptr (GError) transport = cohort_tiktok_error_new_transport (COHORT_TIKTOK_ERROR_NETWORK,
                                                                    "Cannot reach TikTok.");
  g_autoptr (GError) other = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "x");

  g_assert_nonnull (strstr (error->message, "40001"));
  g_assert_nonnull (strstr (error->message, "No permission to operate advertiser"));
  g_assert_nonnull (strstr (error->message, "Admin or Operator"));
  g_assert_nonnull (strstr (error->message, "2026112403501234"));
  g_assert_cmpstr (cohort_tiktok_error_get_request_id (error), ==, "2026112403501234");
  /* The request ID survives a copy (the sync engine copies errors into runs). */
  g_assert_cmpstr (cohort_tiktok_error_get_request_id (copy), ==, "2026112403501234");
  g_assert_cmpint (cohort_tiktok_error_get_body_code (copy), ==, 40001);

  g_assert_error (transport, COHORT_TIKTOK_ERROR, COHORT_TIKTOK_ERROR_NETWORK);
  g_assert_null (cohort_tiktok_error_get_request_id (transport));
  g_assert_cmpint (cohort_tiktok_error_get_body_code (transport), ==, 0);
  g_assert_cmpint (cohort_tiktok_error_get_actions (transport), ==, COHORT_TIKTOK_ACTION_RETRY);
  g_assert_nonnull (strstr (transport->message, "try again later"));

  g_assert_cmpint (cohort_tiktok_error_get_actions (other), ==, 0);
  g_assert_null (cohort_tiktok_error_get_request_id (other));
}

/* An activation keeps the message as its reason: the code comes back from it. */
static void
test_parse_body_code (void)
{
  g_autoptr (GError) revoked = cohort_tiktok_error_new (40105, "Access token is invalid or revoked 12345678",
                                                        "2026112403501234");
  g_autoptr (GError) unexplained = cohort_tiktok_error_new (40001, NULL, NULL);
  g_autoptr (GError) transport = cohort_tiktok_error_new_transport (COHORT_TIKTOK_ERROR_NETWORK,
                                                                    "Cannot reach TikTok.");

  g_assert_cmpint (cohort_tiktok_error_parse_body_code (revoked->message), ==, 40105);
  g_assert_cmpint (cohort_tiktok_error_parse_body_code (unexplained->message), ==, 40001);
  g_assert_cmpint (cohort_tiktok_error_parse_body_code (transport->message), ==, 0);
  g_assert_cmpint (cohort_tiktok_error_parse_body_code ("TikTok a refusé la demande (code 40105) : x."), ==, 40105);
  g_assert_cmpint (cohort_tiktok_error_parse_body_code ("Port 8477 is busy."), ==, 0);
  g_assert_cmpint (cohort_tiktok_error_parse_body_code (""), ==, 0);
  g_assert_cmpint (cohort_tiktok_error_parse_body_code (NULL), ==, 0);
}

/* TikTok's own full stop does not make a second one. */
static void
test_one_full_stop (void)
{
  g_autoptr (GError) error = cohort_tiktok_error_new (40105, "The access token is invalid or has been revoked. ",
                                                      "2026");

  g_assert_null (strstr (error->message, ".."));
  g_assert_nonnull (strstr (error->message, "has been revoked. Connect to TikTok again."));
}

int
main (int   argc,
      char *argv[])
{
  cohort_i18n_init ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tiktok-error/table", test_table);
  g_test_add_func ("/tiktok-error/message-and-request-id", test_message_and_request_id);
  g_test_add_func ("/tiktok-error/parse-body-code", test_parse_body_code);
  g_test_add_func ("/tiktok-error/one-full-stop", test_one_full_stop);

  return g_test_run ();
}
