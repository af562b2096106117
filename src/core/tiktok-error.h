/* tiktok-error.h: what TikTok's answer codes mean to Cohort: one table, in one place */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define COHORT_TIKTOK_ERROR (cohort_tiktok_error_quark ())

typedef enum
{
  COHORT_TIKTOK_ERROR_PARTIAL,           /* 20001: some of the request failed */
  COHORT_TIKTOK_ERROR_RATE_LIMITED,      /* 40100, 40133, 40016, 61000 */
  COHORT_TIKTOK_ERROR_NO_PERMISSION,     /* 40001 */
  COHORT_TIKTOK_ERROR_BAD_PARAMETER,     /* 40002 */
  COHORT_TIKTOK_ERROR_TOKEN_EXPIRED,     /* 40102 */
  COHORT_TIKTOK_ERROR_TOKEN_EMPTY,       /* 40104: a bug of Cohort's */
  COHORT_TIKTOK_ERROR_TOKEN_INVALID,     /* 40105: invalid or revoked */
  COHORT_TIKTOK_ERROR_TOKEN_MISMATCH,    /* 40106: token and advertiser do not match */
  COHORT_TIKTOK_ERROR_AUTH_CODE_INVALID, /* 40110 */
  COHORT_TIKTOK_ERROR_NOT_ALLOWLISTED,   /* 40118 */
  COHORT_TIKTOK_ERROR_SERVER,            /* 50000, 50002, 51xxx, 52xxx, HTTP 5xx */
  COHORT_TIKTOK_ERROR_MAINTENANCE,       /* 60001 */
  COHORT_TIKTOK_ERROR_NETWORK,           /* no answer: offline, dropped, TLS */
  COHORT_TIKTOK_ERROR_PROTOCOL,          /* an answer that is not TikTok's envelope */
  COHORT_TIKTOK_ERROR_UNKNOWN,           /* any other code */
} CohortTiktokError;

/* What Cohort does about an error: the sync engine and the window read this. */
typedef enum
{
  COHORT_TIKTOK_ACTION_RETRY = 1 << 0,          /* try again after a back-off */
  COHORT_TIKTOK_ACTION_PAUSE = 1 << 1,          /* stop the destination until fixed */
  COHORT_TIKTOK_ACTION_NEEDS_USER = 1 << 2,     /* only the user can fix it */
  COHORT_TIKTOK_ACTION_LONG_PAUSE = 1 << 3,     /* back off for minutes, not seconds */
} CohortTiktokActions;

GQuark              cohort_tiktok_error_quark          (void);

GError             *cohort_tiktok_error_new            (int            body_code,
                                                        const char    *tiktok_message,
                                                        const char    *request_id);
GError             *cohort_tiktok_error_new_transport  (CohortTiktokError code,
                                                        const char    *reason);
CohortTiktokError   cohort_tiktok_error_from_code      (int            body_code);
CohortTiktokActions cohort_tiktok_error_get_actions    (const GError  *error);
const char         *cohort_tiktok_error_get_request_id (const GError  *error);
int                 cohort_tiktok_error_get_body_code  (const GError  *error);
int                 cohort_tiktok_error_parse_body_code (const char   *message);

G_END_DECLS
