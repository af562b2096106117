/* normalize.c: normalisation profile tiktok-v1: cells to the exact text TikTok hashes, and SHA-256 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <gnutls/crypto.h>

#include "core/normalize.h"

/* SHA-256 of the empty string: a hash of an empty cell made upstream. */
static const guint8 empty_sha256[32] = {
  0xe3, 0xb0, 0xc4, 0x42, 0x98, 0xfc, 0x1c, 0x14, 0x9a, 0xfb, 0xf4, 0xc8, 0x99, 0x6f, 0xb9, 0x24,
  0x27, 0xae, 0x41, 0xe4, 0x64, 0x9b, 0x93, 0x4c, 0xa4, 0x95, 0x99, 0x1b, 0x78, 0x52, 0xb8, 0x55,
};

static const char *const reason_codes[COHORT_N_REASONS] = {
  "ok", "empty", "email_invalid", "phone_invalid", "phone_no_country", "maid_invalid",
  "maid_opted_out", "hash_invalid", "no_identifier", "no_consent",
};

/* The codes are stable: JSON output and scripts use them. */
const char *
cohort_reason_to_code (CohortReason reason)
{
  g_return_val_if_fail ((guint) reason < COHORT_N_REASONS, NULL);

  return reason_codes[reason];
}

const char *
cohort_reason_describe (CohortReason reason)
{
  switch (reason)
    {
    case COHORT_REASON_OK:
      return _("Accepted.");
    case COHORT_REASON_EMPTY:
      return _("The cell is empty.");
    case COHORT_REASON_EMAIL_INVALID:
      return _("The email address is not valid: it needs one @, a name before it and a domain "
               "such as example.com after it, with no spaces.");
    case COHORT_REASON_PHONE_INVALID:
      return _("The phone number is not a valid number of its country.");
    case COHORT_REASON_PHONE_NO_COUNTRY:
      return _("The phone number has no country code (such as +33) and no country was chosen "
               "for the file: choose the country of these numbers.");
    case COHORT_REASON_MAID_INVALID:
      return _("The advertising ID is not valid: it must be 32 hexadecimal digits, such as "
               "6d92078a-8246-4ba4-ae5b-76104861e7dc.");
    case COHORT_REASON_MAID_OPTED_OUT:
      return _("The advertising ID is all zeros: the person opted out of tracking.");
    case COHORT_REASON_HASH_INVALID:
      return _("The hash is not a valid SHA-256 (64 hexadecimal digits), or it is the hash "
               "of an empty value.");
    case COHORT_REASON_NO_IDENTIFIER:
      return _("The row has no usable identifier.");
    case COHORT_REASON_NO_CONSENT:
      return _("The row has no consent for the identifiers it holds.");
    case COHORT_N_REASONS:
    default:
      g_return_val_if_reached (NULL);
    }
}

/* Length of the space at p: ASCII whitespace, no-break spaces (U+00A0,
 * U+2007, U+202F) and zero-width characters (U+200B, U+FEFF); 0 for none. */
static gsize
space_at (const guint8 *p,
          const guint8 *end)
{
  if (*p == ' ' || (*p >= '\t' && *p <= '\r'))
    return 1;
  if (end - p >= 2 && p[0] == 0xc2 && p[1] == 0xa0)
    return 2;
  if (end - p >= 3 && p[0] == 0xe2 && p[1] == 0x80 &&
      (p[2] == 0x87 || p[2] == 0xaf || p[2] == 0x8b))
    return 3;
  if (end - p >= 3 && p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf)
    return 3;
  return 0;
}

static gsize
space_before (const guint8 *start,
              const guint8 *p)
{
  if (p - start >= 1 && (p[-1] == ' ' || (p[-1] >= '\t' && p[-1] <= '\r')))
    return 1;
  if (p - start >= 2 && p[-2] == 0xc2 && p[-1] == 0xa0)
    return 2;
  if (p - start >= 3 && space_at (p - 3, p) == 3)
    return 3;
  return 0;
}

/**
 * cohort_normalize_trim:
 * @out_start: (out): the first byte after the spaces
 * @out_length: (out): the length without the spaces
 *
 * Returns: %FALSE when the cell is empty: nothing but spaces, or a
 *   placeholder (`-`, `n/a`, `na`, `null`, `none`, `#n/a`, in any case)
 */
gboolean
cohort_normalize_trim (const char  *value,
                       gsize        length,
                       const char **out_start,
                       gsize       *out_length)
{
  static const char *const placeholders[] = { "-", "n/a", "na", "null", "none", "#n/a" };
  const guint8 *start = (const guint8 *) value;
  const guint8 *end = start + length;
  gsize n;

  while (start < end && (n = space_at (start, end)) > 0)
    start += n;
  while (end > start && (n = space_before (start, end)) > 0)
    end -= n;

  *out_start = (const char *) start;
  *out_length = end - start;
  if (*out_length == 0)
    return FALSE;
  if (*out_length <= 4)
    for (guint i = 0; i < G_N_ELEMENTS (placeholders); i++)
      if (strlen (placeholders[i]) == *out_length &&
          g_ascii_strncasecmp (*out_start, placeholders[i], *out_length) == 0)
        return FALSE;
  return TRUE;
}

static gboolean
is_ascii (const char *value,
          gsize       length)
{
  for (gsize i = 0; i < length; i++)
    if ((guchar) value[i] >= 0x80)
      return FALSE;
  return TRUE;
}

/* Spaces and control characters (C0, DEL, C1) have no place in an address. */
static gboolean
has_unicode_space (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || g_unichar_iscntrl (c) || c == 0x00a0 || c == 0x2007 ||
          c == 0x202f || c == 0x200b || c == 0xfeff)
        return TRUE;
    }
  return FALSE;
}

static gboolean
email_is_valid (const char *email,
                gsize       length)
{
  const char *at = memchr (email, '@', length);
  const char *domain;
  const char *end = email + length;
  guint labels = 0;

  if (at == NULL || at == email || memchr (at + 1, '@', end - at - 1) != NULL)
    return FALSE;
  /* Spaces, and control characters: NUL included, which ends the text early. */
  for (const char *p = email; p < end; p++)
    if ((guchar) *p <= ' ' || *p == 0x7f)
      return FALSE;

  /* At least two labels, none empty: no leading, trailing or doubled dot. */
  domain = at + 1;
  for (const char *label = domain; label <= end;)
    {
      const char *dot = memchr (label, '.', end - label);
      const char *label_end = dot != NULL ? dot : end;

      if (label_end == label)
        return FALSE;
      labels++;
      if (dot == NULL)
        break;
      label = dot + 1;
    }
  return labels >= 2;
}

static gboolean
domain_is (const char *domain,
           gsize       length,
           const char *name)
{
  return length == strlen (name) && memcmp (domain, name, length) == 0;
}

/* Gmail ignores dots in the local part, so a list may write one mailbox
 * several ways. @email is valid, lower case and composed (NFC), and stays
 * composed: a combining mark that followed a dot may now follow a letter
 * (g, dot, U+0301 becomes U+01F5). Returns %FALSE when nothing is left of
 * the local part (`...@gmail.com`). */
static gboolean
strip_gmail_dots (GString *email)
{
  gsize at = (const char *) memchr (email->str, '@', email->len) - email->str;
  gsize domain_length = email->len - at - 1;
  gsize j = 0;

  if (!domain_is (email->str + at + 1, domain_length, "gmail.com") &&
      !domain_is (email->str + at + 1, domain_length, "googlemail.com"))
    return TRUE;
  for (gsize i = 0; i < at; i++)
    if (email->str[i] != '.')
      email->str[j++] = email->str[i];
  if (j == 0)
    return FALSE;
  memmove (email->str + j, email->str + at, domain_length + 1);
  g_string_truncate (email, j + domain_length + 1);
  if (!is_ascii (email->str, email->len))
    {
      g_autofree char *composed = g_utf8_normalize (email->str, email->len, G_NORMALIZE_NFC);

      g_string_assign (email, composed);
    }
  return TRUE;
}

/**
 * cohort_normalize_email:
 * @options: (nullable): the profile's options
 * @out: receives the normalised address; emptied on failure
 *
 * Takes the address inside the last `<…>` (`"Jean" <jean@exemple.fr>`),
 * trims it, composes it (NFC) and lowercases it in full Unicode. The domain
 * is kept as written: no punycode.
 *
 * Returns: %COHORT_REASON_EMPTY for an empty or placeholder cell,
 *   %COHORT_REASON_EMAIL_INVALID or %COHORT_REASON_OK
 */
CohortReason
cohort_normalize_email (const char                   *value,
                        gsize                         length,
                        const CohortNormalizeOptions *options,
                        GString                      *out)
{
  const char *open = NULL;

  g_string_truncate (out, 0);
  if (!cohort_normalize_trim (value, length, &value, &length))
    return COHORT_REASON_EMPTY;
  for (gsize i = 0; i < length; i++)
    if (value[i] == '<')
      open = value + i;
  if (open != NULL)
    {
      const char *close = memchr (open, '>', value + length - open);

      if (close != NULL)
        {
          length = close - open - 1;
          value = open + 1;
        }
    }
  /* The cell was not empty: nothing usable between the brackets is an error. */
  if (!cohort_normalize_trim (value, length, &value, &length))
    return COHORT_REASON_EMAIL_INVALID;

  if (is_ascii (value, length))
    {
      /* Most addresses: no allocation. */
      g_string_append_len (out, value, length);
      for (gsize i = 0; i < out->len; i++)
        out->str[i] = g_ascii_tolower (out->str[i]);
    }
  else
    {
      g_autofree char *composed = NULL;
      g_autofree char *lower = NULL;
      g_autofree char *normal = NULL;

      if (!g_utf8_validate_len (value, length, NULL))
        return COHORT_REASON_EMAIL_INVALID;
      composed = g_utf8_normalize (value, length, G_NORMALIZE_NFC);
      lower = g_utf8_strdown (composed, -1);
      /* Lower case may need composing again: U+0130 becomes i and U+0307,
       * which goes after a mark below that followed it (U+0316). */
      normal = g_utf8_normalize (lower, -1, G_NORMALIZE_NFC);
      if (has_unicode_space (normal))
        return COHORT_REASON_EMAIL_INVALID;
      g_string_append (out, normal);
    }

  if (!email_is_valid (out->str, out->len))
    {
      g_string_truncate (out, 0);
      return COHORT_REASON_EMAIL_INVALID;
    }
  if (options != NULL && options->email_gmail_dots && !strip_gmail_dots (out))
    {
      g_string_truncate (out, 0);
      return COHORT_REASON_EMAIL_INVALID;
    }
  return COHORT_REASON_OK;
}

static gboolean
all_hex (const char *value,
         gsize       length)
{
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isxdigit (value[i]))
      return FALSE;
  return TRUE;
}

/**
 * cohort_normalize_maid:
 * @identity: %COHORT_IDENTITY_GAID or %COHORT_IDENTITY_IDFA
 * @options: (nullable): the profile's options
 * @out: receives the normalised ID; emptied on failure
 *
 * Accepts 8-4-4-4-12 or 32 hexadecimal digits, in any case, and writes the
 * 8-4-4-4-12 form in lower case (upper case for IDFA with the option).
 *
 * Returns: %COHORT_REASON_EMPTY for an empty or placeholder cell,
 *   %COHORT_REASON_MAID_OPTED_OUT for the all-zero ID a device sends when
 *   its user limits ad tracking, %COHORT_REASON_MAID_INVALID or
 *   %COHORT_REASON_OK
 */
CohortReason
cohort_normalize_maid (CohortIdentity                identity,
                       const char                   *value,
                       gsize                         length,
                       const CohortNormalizeOptions *options,
                       GString                      *out)
{
  static const guint groups[] = { 8, 4, 4, 4, 12 };
  gboolean upper = identity == COHORT_IDENTITY_IDFA && options != NULL && options->idfa_uppercase;
  gboolean hyphens;
  gboolean zero = TRUE;

  g_return_val_if_fail (identity == COHORT_IDENTITY_GAID || identity == COHORT_IDENTITY_IDFA,
                        COHORT_REASON_MAID_INVALID);

  g_string_truncate (out, 0);
  if (!cohort_normalize_trim (value, length, &value, &length))
    return COHORT_REASON_EMPTY;
  if (length == 36)
    hyphens = TRUE;
  else if (length == 32)
    hyphens = FALSE;
  else
    return COHORT_REASON_MAID_INVALID;

  for (guint g = 0; g < G_N_ELEMENTS (groups); g++)
    {
      if (!all_hex (value, groups[g]))
        {
          g_string_truncate (out, 0);
          return COHORT_REASON_MAID_INVALID;
        }
      for (guint i = 0; i < groups[g]; i++)
        {
          g_string_append_c (out, upper ? g_ascii_toupper (value[i]) : g_ascii_tolower (value[i]));
          zero = zero && value[i] == '0';
        }
      value += groups[g];
      if (g + 1 < G_N_ELEMENTS (groups))
        {
          if (hyphens && *value++ != '-')
            {
              g_string_truncate (out, 0);
              return COHORT_REASON_MAID_INVALID;
            }
          g_string_append_c (out, '-');
        }
    }

  if (zero)
    {
      g_string_truncate (out, 0);
      return COHORT_REASON_MAID_OPTED_OUT;
    }
  return COHORT_REASON_OK;
}

/* An existing SHA-256: exactly 64 hexadecimal digits once trimmed. */
gboolean
cohort_is_sha256_hex (const char *value,
                      gsize       length)
{
  return cohort_normalize_trim (value, length, &value, &length) && length == 64 &&
         all_hex (value, length);
}

/**
 * cohort_normalize_prehashed:
 * @out_hash: (out): the 32 bytes of the hash, when %COHORT_REASON_OK
 *
 * Takes a value hashed upstream as it is, in any case: never hashed again.
 *
 * Returns: %COHORT_REASON_EMPTY for an empty or placeholder cell,
 *   %COHORT_REASON_HASH_INVALID for anything but 64 hexadecimal digits and
 *   for the hash of the empty string, or %COHORT_REASON_OK
 */
CohortReason
cohort_normalize_prehashed (const char *value,
                            gsize       length,
                            guint8      out_hash[32])
{
  if (!cohort_normalize_trim (value, length, &value, &length))
    return COHORT_REASON_EMPTY;
  if (!cohort_is_sha256_hex (value, length))
    return COHORT_REASON_HASH_INVALID;
  for (guint i = 0; i < 32; i++)
    out_hash[i] = (g_ascii_xdigit_value (value[2 * i]) << 4) | g_ascii_xdigit_value (value[2 * i + 1]);
  if (memcmp (out_hash, empty_sha256, 32) == 0)
    return COHORT_REASON_HASH_INVALID;
  return COHORT_REASON_OK;
}

void
cohort_sha256 (const void *data,
               gsize       length,
               guint8      out_hash[32])
{
  int rc = gnutls_hash_fast (GNUTLS_DIG_SHA256, data, length, out_hash);

  /* Only fails when SHA-256 is missing from GnuTLS: nothing can go on then. */
  if (rc < 0)
    g_error ("SHA-256 failed: %s", gnutls_strerror (rc));
}

/* Writes 2 × @n_bytes lower-case hexadecimal digits and a NUL to @out. */
void
cohort_hex_encode (const guint8 *bytes,
                   gsize         n_bytes,
                   char         *out)
{
  static const char digits[] = "0123456789abcdef";

  for (gsize i = 0; i < n_bytes; i++)
    {
      out[2 * i] = digits[bytes[i] >> 4];
      out[2 * i + 1] = digits[bytes[i] & 0xf];
    }
  out[2 * n_bytes] = '\0';
}
