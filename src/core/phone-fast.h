/* phone-fast.h: an exact fast path for the common shapes of phone numbers, checked against libphonenumber */
#pragma once

#include <string>

namespace cohort
{

/* Returns true and the E.164 form (with +) when the number is, for sure,
 * one libphonenumber reads as valid with the same result; false means
 * "ask libphonenumber", never "invalid". Thread-safe. */
bool phone_fast_normalize (const char  *value,
                           size_t       length,
                           const char  *region,
                           std::string *e164);

} // namespace cohort
