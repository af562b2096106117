/* normalize.h: normalisation profile tiktok-v1: cells to the exact text TikTok hashes, and SHA-256 */
#pragma once

#include <glib.h>

#include "core/identity.h"

G_BEGIN_DECLS

#define COHORT_PROFILE_TIKTOK_V1 "tiktok-v1"

typedef enum
{
  COHORT_REASON_OK,
  COHORT_REASON_EMPTY, /* an empty or placeholder cell: not an error, not counted */
  COHORT_REASON_EMAIL_INVALID,
  COHORT_REASON_PHONE_INVALID,
  COHORT_REASON_PHONE_NO_COUNTRY,
  COHORT_REASON_MAID_INVALID,
  COHORT_REASON_MAID_OPTED_OUT,
  COHORT_REASON_HASH_INVALID,
  COHORT_REASON_NO_IDENTIFIER, /* row: consented, yet no usable identifier */
  COHORT_REASON_NO_CONSENT,    /* row: excluded */
  COHORT_N_REASONS,
} CohortReason;

typedef struct
{
  gboolean email_gmail_dots;
  gboolean phone_digits_only;
  gboolean idfa_uppercase;
} CohortNormalizeOptions;

const char   *cohort_reason_to_code       (CohortReason                  reason);
const char   *cohort_reason_describe      (CohortReason                  reason);

gboolean      cohort_normalize_trim       (const char                   *value,
                                           gsize                         length,
                                           const char                  **out_start,
                                           gsize                        *out_length);
CohortReason  cohort_normalize_email      (const char                   *value,
                                           gsize                         length,
                                           const CohortNormalizeOptions *options,
                                           GString                      *out);
CohortReason  cohort_normalize_maid       (CohortIdentity                identity,
                                           const char                   *value,
                                           gsize                         length,
                                           const CohortNormalizeOptions *options,
                                           GString                      *out);
gboolean      cohort_is_sha256_hex        (const char                   *value,
                                           gsize                         length);
CohortReason  cohort_normalize_prehashed  (const char                   *value,
                                           gsize                         length,
                                           guint8                        out_hash[32]);

void          cohort_sha256               (const void                   *data,
                                           gsize                         length,
                                           guint8                        out_hash[32]);
void          cohort_hex_encode           (const guint8                 *bytes,
                                           gsize                         n_bytes,
                                           char                         *out);

G_END_DECLS
