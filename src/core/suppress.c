/* suppress.c: one person added to the suppression list from a typed value, hashed on the spot */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "core/normalize.h"
#include "core/phone.h"
#include "core/store-suppression.h"
#include "core/suppress.h"

/* Normalises @value under one set of profile options; FALSE when the value
 * is not one of @identity. */
static gboolean
normalise (CohortIdentity                identity,
           const char                   *value,
           const char                   *country,
           const CohortNormalizeOptions *options,
           GString                      *out)
{
  switch (identity)
    {
    case COHORT_IDENTITY_EMAIL:
      return cohort_normalize_email (value, strlen (value), options, out) == COHORT_REASON_OK;
    case COHORT_IDENTITY_PHONE:
      return cohort_phone_normalize (value, strlen (value), country, options->phone_digits_only, out) ==
             COHORT_PHONE_OK;
    case COHORT_IDENTITY_GAID:
    case COHORT_IDENTITY_IDFA:
      return cohort_normalize_maid (identity, value, strlen (value), options, out) == COHORT_REASON_OK;
    default:
      g_return_val_if_reached (FALSE);
    }
}

/**
 * cohort_suppress_value:
 * @country: (nullable): for a phone number written without its country code
 *
 * Suppresses a person by one identifier. Every form an import's profile
 * options can give it is hashed (Gmail's dots, digits-only phone numbers,
 * upper-case IDFA), so the person is suppressed whatever the options of
 * the lists they are in. The plain value is not kept.
 */
gboolean
cohort_suppress_value (CohortStore    *store,
                       CohortIdentity  identity,
                       const char     *value,
                       const char     *country,
                       guint64        *out_new,
                       GError        **error)
{
  static const CohortNormalizeOptions variants[] = {
    { FALSE, FALSE, FALSE },
    { TRUE, TRUE, TRUE },
  };
  g_autoptr (GByteArray) hashes = g_byte_array_new ();
  g_autoptr (GString) normalised = g_string_new (NULL);
  g_autoptr (GString) first = g_string_new (NULL);
  gboolean ok;

  for (guint v = 0; v < G_N_ELEMENTS (variants); v++)
    {
      guint8 hash[32];

      if (!normalise (identity, value, country, &variants[v], normalised))
        continue;
      if (v > 0 && g_string_equal (normalised, first))
        continue;
      if (v == 0)
        g_string_assign (first, normalised->str);
      cohort_sha256 (normalised->str, normalised->len, hash);
      g_byte_array_append (hashes, hash, sizeof hash);
    }
  memset (normalised->str, 0, normalised->len);
  memset (first->str, 0, first->len);
  if (hashes->len == 0)
    {
      g_set_error (error, COHORT_STORE_ERROR, COHORT_STORE_ERROR_INVALID,
                   identity == COHORT_IDENTITY_PHONE && country == NULL
                       ? _("This is not a phone number Cohort can read: write it with its country code "
                           "(+33…) or give the country.")
                       : _("This is not a valid %s: nothing was added."),
                   cohort_identity_to_string (identity));
      return FALSE;
    }
  ok = cohort_store_suppress (store, identity, hashes->data, hashes->len / 32, out_new, error);
  memset (hashes->data, 0, hashes->len);
  return ok;
}
