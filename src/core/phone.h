/* phone.h: phone numbers to E.164 through libphonenumber, behind a C interface */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  COHORT_PHONE_OK,
  COHORT_PHONE_INVALID,    /* not a number of any country, or not a valid one */
  COHORT_PHONE_NO_COUNTRY, /* written without a country code, and no country given */
} CohortPhoneResult;

CohortPhoneResult cohort_phone_normalize         (const char *value,
                                                  gsize       length,
                                                  const char *region,
                                                  gboolean    digits_only,
                                                  GString    *out);
CohortPhoneResult cohort_phone_normalize_reference (const char *value,
                                                  gsize       length,
                                                  const char *region,
                                                  gboolean    digits_only,
                                                  GString    *out);
gboolean          cohort_phone_region_is_known   (const char *region);
char             *cohort_phone_region_from_locale (void);

G_END_DECLS
