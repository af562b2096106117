/* fuzz-normalize.c: libFuzzer target for the cell normalisers (normalize.h, phone.h)
 *
 * Input: one byte that picks the normaliser (low three bits: email, phone,
 * GAID, IDFA, prehashed hash, trim) and its option (bit 3: Gmail dots,
 * phone digits only, upper-case IDFA), then for phones two bytes of region
 * (none unless both are letters), then the cell.
 *
 * Beyond "no crash", it checks:
 * - an accepted value normalised again gives itself (idempotence), and a
 *   refused one leaves the output empty;
 * - emails are valid UTF-8 with one @ and no space or control character; MAIDs are 8-4-4-4-12 hexadecimal
 *   digits in the promised case; phones are + and digits, and the fast
 *   path gives exactly what libphonenumber alone gives;
 * - a prehashed hash reads back as the same 32 bytes, and every hash
 *   Cohort would send is 64 lower-case hexadecimal digits.
 */
#include "config.h"

#include <string.h>

#include "core/normalize.h"
#include "core/phone.h"

#include "fuzz-common.h"

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

enum
{
  PICK_EMAIL,
  PICK_PHONE,
  PICK_GAID,
  PICK_IDFA,
  PICK_PREHASHED,
  PICK_TRIM,
  N_PICKS,
};

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  g_autoptr (GString) out = g_string_new (NULL);

  fuzz_init ();
  /* libphonenumber's one-time set-up, out of the first input's leak check. */
  cohort_phone_normalize ("+33 6 12 34 56 78", 17, "FR", FALSE, out);
  cohort_phone_normalize_reference ("06 12 34 56 78", 14, "FR", FALSE, out);
  return 0;
}

/* Every hash Cohort sends: 64 lower-case hexadecimal digits. */
static void
check_hash_of (const GString *normalised)
{
  guint8 hash[32];
  char hex[65];

  cohort_sha256 (normalised->str, normalised->len, hash);
  cohort_hex_encode (hash, sizeof hash, hex);
  g_assert_cmpuint (strlen (hex), ==, 64);
  for (guint i = 0; i < 64; i++)
    g_assert_true (g_ascii_isdigit (hex[i]) || (hex[i] >= 'a' && hex[i] <= 'f'));
  g_assert_true (cohort_is_sha256_hex (hex, 64));
}

static void
check_email (const char *value, gsize length, gboolean gmail_dots)
{
  CohortNormalizeOptions options = { .email_gmail_dots = gmail_dots };
  g_autoptr (GString) out = g_string_new (NULL);
  g_autoptr (GString) again = g_string_new (NULL);
  CohortReason reason = cohort_normalize_email (value, length, &options, out);
  const char *at;

  if (reason != COHORT_REASON_OK)
    {
      g_assert_true (reason == COHORT_REASON_EMPTY || reason == COHORT_REASON_EMAIL_INVALID);
      g_assert_cmpuint (out->len, ==, 0);
      return;
    }
  g_assert_true (g_utf8_validate_len (out->str, out->len, NULL));
  for (const char *p = out->str; p < out->str + out->len; p = g_utf8_next_char (p))
    g_assert_false (g_unichar_iscntrl (g_utf8_get_char (p)) || g_unichar_isspace (g_utf8_get_char (p)));
  at = memchr (out->str, '@', out->len);
  g_assert_nonnull (at);
  g_assert_true (at > out->str);
  g_assert_null (memchr (at + 1, '@', out->str + out->len - at - 1));
  g_assert_cmpint (cohort_normalize_email (out->str, out->len, &options, again), ==, COHORT_REASON_OK);
  g_assert_cmpmem (again->str, again->len, out->str, out->len);
  check_hash_of (out);
}

static void
check_phone (const char *value, gsize length, const char *region, gboolean digits_only)
{
  g_autoptr (GString) out = g_string_new (NULL);
  g_autoptr (GString) reference = g_string_new (NULL);
  g_autoptr (GString) again = g_string_new (NULL);
  CohortPhoneResult result = cohort_phone_normalize (value, length, region, digits_only, out);
  const char *digits;

  g_assert_cmpint (cohort_phone_normalize_reference (value, length, region, digits_only, reference),
                   ==, result);
  g_assert_cmpstr (out->str, ==, reference->str);
  if (result != COHORT_PHONE_OK)
    {
      g_assert_cmpuint (out->len, ==, 0);
      return;
    }

  digits = digits_only ? out->str : out->str + 1;
  g_assert_true (digits_only || out->str[0] == '+');
  /* Not E.164's 15 digits at most: libphonenumber reads some German
   * numbers of 16 as valid, and it is the reference. Its own bounds: a
   * country code of 3 digits, a national number of 17. */
  g_assert_cmpuint (strlen (digits), >=, 2);
  g_assert_cmpuint (strlen (digits), <=, 20);
  for (const char *p = digits; *p != '\0'; p++)
    g_assert_true (g_ascii_isdigit (*p));
  if (!digits_only)
    {
      /* E.164 carries its country: no region needed to read it again. */
      g_assert_cmpint (cohort_phone_normalize (out->str, out->len, NULL, FALSE, again), ==,
                       COHORT_PHONE_OK);
      g_assert_cmpstr (again->str, ==, out->str);
    }
  check_hash_of (out);
}

static void
check_maid (CohortIdentity identity, const char *value, gsize length, gboolean upper)
{
  CohortNormalizeOptions options = { .idfa_uppercase = upper };
  g_autoptr (GString) out = g_string_new (NULL);
  g_autoptr (GString) again = g_string_new (NULL);
  CohortReason reason = cohort_normalize_maid (identity, value, length, &options, out);
  gboolean want_upper = upper && identity == COHORT_IDENTITY_IDFA;

  if (reason != COHORT_REASON_OK)
    {
      g_assert_true (reason == COHORT_REASON_EMPTY || reason == COHORT_REASON_MAID_INVALID ||
                     reason == COHORT_REASON_MAID_OPTED_OUT);
      g_assert_cmpuint (out->len, ==, 0);
      return;
    }
  g_assert_cmpuint (out->len, ==, 36);
  for (guint i = 0; i < 36; i++)
    {
      char c = out->str[i];

      if (i == 8 || i == 13 || i == 18 || i == 23)
        g_assert_cmpint (c, ==, '-');
      else
        g_assert_true (g_ascii_isdigit (c) ||
                       (want_upper ? (c >= 'A' && c <= 'F') : (c >= 'a' && c <= 'f')));
    }
  g_assert_cmpint (cohort_normalize_maid (identity, out->str, out->len, &options, again), ==,
                   COHORT_REASON_OK);
  g_assert_cmpstr (again->str, ==, out->str);
  check_hash_of (out);
}

static void
check_prehashed (const char *value, gsize length)
{
  guint8 hash[32];
  guint8 again[32];
  char hex[65];
  CohortReason reason = cohort_normalize_prehashed (value, length, hash);

  g_assert_true (reason == COHORT_REASON_OK || reason == COHORT_REASON_EMPTY ||
                 reason == COHORT_REASON_HASH_INVALID);
  if (reason == COHORT_REASON_OK)
    {
      const char *start;
      gsize trimmed;

      g_assert_true (cohort_is_sha256_hex (value, length));
      g_assert_true (cohort_normalize_trim (value, length, &start, &trimmed));
      cohort_hex_encode (hash, sizeof hash, hex);
      g_assert_cmpint (g_ascii_strncasecmp (hex, start, 64), ==, 0);
      g_assert_cmpint (cohort_normalize_prehashed (hex, 64, again), ==, COHORT_REASON_OK);
      g_assert_cmpmem (again, sizeof again, hash, sizeof hash);
    }
}

static void
check_trim (const char *value, gsize length)
{
  const char *start, *again_start;
  gsize trimmed, again_length;
  gboolean kept = cohort_normalize_trim (value, length, &start, &trimmed);

  g_assert_true (start >= value && start + trimmed <= value + length);
  g_assert_true (kept || trimmed <= 4);
  g_assert_cmpint (cohort_normalize_trim (start, trimmed, &again_start, &again_length), ==, kept);
  g_assert_true (again_start == start && again_length == trimmed);
}

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  guint pick;
  gboolean option;
  const char *value;
  gsize length;

  if (size < 1)
    return 0;
  pick = (data[0] & 7) % N_PICKS;
  option = (data[0] & 8) != 0;
  value = (const char *) data + 1;
  length = size - 1;

  switch (pick)
    {
    case PICK_EMAIL:
      check_email (value, length, option);
      break;
    case PICK_PHONE:
      {
        char region[3] = { 0 };

        if (length < 2)
          return 0;
        memcpy (region, value, 2);
        check_phone (value + 2, length - 2,
                     g_ascii_isalpha (region[0]) && g_ascii_isalpha (region[1]) ? region : NULL,
                     option);
        break;
      }
    case PICK_GAID:
      check_maid (COHORT_IDENTITY_GAID, value, length, option);
      break;
    case PICK_IDFA:
      check_maid (COHORT_IDENTITY_IDFA, value, length, option);
      break;
    case PICK_PREHASHED:
      check_prehashed (value, length);
      break;
    case PICK_TRIM:
    default:
      check_trim (value, length);
      break;
    }
  return 0;
}
