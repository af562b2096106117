/* phone.cc: phone numbers to E.164 through libphonenumber, behind a C interface */
#include "config.h"

#include <clocale>
#include <cstring>
#include <string>

#include <phonenumbers/phonenumberutil.h>

#include "core/phone.h"
#include "core/phone-fast.h"

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

/* libphonenumber wants upper-case region codes; files write "fr" as often as "FR". */
static bool
upper_region (const char *region,
              char        out[3])
{
  if (region == NULL || strlen (region) != 2)
    return false;
  out[0] = g_ascii_toupper (region[0]);
  out[1] = g_ascii_toupper (region[1]);
  out[2] = '\0';
  return true;
}

/**
 * cohort_phone_normalize_reference:
 *
 * cohort_phone_normalize() through libphonenumber alone: the reference the
 * fast path is tested against.
 */
CohortPhoneResult
cohort_phone_normalize_reference (const char *value,
                                  gsize       length,
                                  const char *region,
                                  gboolean    digits_only,
                                  GString    *out)
{
  const PhoneNumberUtil *util = PhoneNumberUtil::GetInstance ();
  PhoneNumber number;
  std::string formatted;
  PhoneNumberUtil::ErrorType error;
  char upper[3];
  /* An unknown region is no region: the caller falls back to its default. */
  bool has_region = upper_region (region, upper) && util->GetCountryCodeForRegion (upper) != 0;

  g_string_truncate (out, 0);
  error = util->Parse (std::string (value, length), has_region ? upper : "ZZ", &number);
  if (error == PhoneNumberUtil::INVALID_COUNTRY_CODE_ERROR && !has_region)
    return COHORT_PHONE_NO_COUNTRY;
  if (error != PhoneNumberUtil::NO_PARSING_ERROR || !util->IsValidNumber (number))
    return COHORT_PHONE_INVALID;

  util->Format (number, PhoneNumberUtil::E164, &formatted);
  g_string_append (out, formatted.c_str () + (digits_only && formatted[0] == '+' ? 1 : 0));
  return COHORT_PHONE_OK;
}

/**
 * cohort_phone_normalize:
 * @region: (nullable): ISO 3166 alpha-2 code for numbers written without
 *   their country code; %NULL when there is none
 * @digits_only: drop the leading `+` (TikTok's documents disagree on it)
 * @out: receives the number in E.164
 *
 * libphonenumber is the reference, quirks included: it reads letters as
 * digits, drops extensions and ignores leading text such as `tél :`. Its
 * parser costs about 20 µs a number; the common shapes (digits with spaces,
 * dots, dashes, parentheses, +, the international and national prefixes)
 * go through an exact fast path over its own metadata, and everything else
 * to libphonenumber. Thread-safe.
 */
CohortPhoneResult
cohort_phone_normalize (const char *value,
                        gsize       length,
                        const char *region,
                        gboolean    digits_only,
                        GString    *out)
{
  std::string e164;
  char upper[3];
  bool has_region = upper_region (region, upper);

  if (cohort::phone_fast_normalize (value, length, has_region ? upper : nullptr, &e164))
    {
      g_string_truncate (out, 0);
      g_string_append (out, e164.c_str () + (digits_only ? 1 : 0));
      return COHORT_PHONE_OK;
    }
  return cohort_phone_normalize_reference (value, length, region, digits_only, out);
}

/* An alpha-2 code, in any case, that libphonenumber has metadata for. */
gboolean
cohort_phone_region_is_known (const char *region)
{
  const PhoneNumberUtil *util = PhoneNumberUtil::GetInstance ();
  char upper[3];

  /* 0 is libphonenumber's answer for a region it has no metadata for. */
  return upper_region (region, upper) && util->GetCountryCodeForRegion (upper) != 0 ? TRUE : FALSE;
}

/**
 * cohort_phone_region_from_locale:
 *
 * The territory of the messages locale (`fr_FR.UTF-8` → `FR`) when
 * libphonenumber knows it.
 *
 * Returns: (transfer full) (nullable): the region, or %NULL
 */
char *
cohort_phone_region_from_locale (void)
{
  const char *const *names = g_get_language_names ();

  for (guint i = 0; names[i] != NULL; i++)
    {
      const char *underscore = strchr (names[i], '_');
      g_autofree char *region = NULL;

      if (underscore == NULL || strlen (underscore) < 3)
        continue;
      region = g_ascii_strup (underscore + 1, 2);
      if (cohort_phone_region_is_known (region))
        return (char *) g_steal_pointer (&region);
    }
  return NULL;
}
