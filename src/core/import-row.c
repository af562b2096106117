/* import-row.c: CohortImport's rules for one row: consent, then each identity cell normalised and hashed */
#include "config.h"

#include <string.h>

#include "core/import-private.h"
#include "core/phone.h"

/* Consent, in the languages of Cohort's users and as spreadsheets and psql
 * write booleans. Anything else, empty included, is no consent. */
static const char *const consent_yes[] = {
  "yes", "y", "true", "t", "1", "x", "oui", "o", "vrai", "ja", "j", "sant",
};

static gboolean
grants_consent (const char *value,
                gsize       length)
{
  if (!cohort_normalize_trim (value, length, &value, &length))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (consent_yes); i++)
    if (strlen (consent_yes[i]) == length && g_ascii_strncasecmp (value, consent_yes[i], length) == 0)
      return TRUE;
  return FALSE;
}

static guint
identity_bits (CohortColumnType type)
{
  if (type == COHORT_COLUMN_IGNORE)
    return 0;
  if (type == COHORT_COLUMN_MAID)
    return (1 << COHORT_IDENTITY_GAID) | (1 << COHORT_IDENTITY_IDFA);
  return 1 << cohort_column_type_get_identity (type);
}

static const char *
row_cell (const CohortRowView *row,
          guint                column,
          gsize               *length)
{
  if (column >= row->n_values)
    {
      *length = 0;
      return "";
    }
  *length = row->lengths[column];
  return row->values[column];
}

static const char *
row_region (CohortImport        *self,
            CohortRowScratch    *scratch,
            const CohortRowView *row)
{
  if (self->country_column >= 0)
    {
      const char *value;
      gsize length;

      value = row_cell (row, self->country_column, &length);
      if (cohort_normalize_trim (value, length, &value, &length) && length == 2)
        {
          scratch->region[0] = g_ascii_toupper (value[0]);
          scratch->region[1] = g_ascii_toupper (value[1]);
          scratch->region[2] = '\0';
          if (cohort_phone_region_is_known (scratch->region))
            return scratch->region;
        }
    }
  return self->country;
}

/* Normalises one trimmed cell into scratch->normalised and hashes it. */
static CohortReason
normalise_cell (CohortImport        *self,
                CohortRowScratch    *scratch,
                const CohortRowView *row,
                CohortColumnType     type,
                const CohortNormalizeOptions *options,
                const char       *value,
                gsize             length,
                CohortIdentity   *identity,
                gboolean         *prehashed,
                guint8            hash[COHORT_HASH_LENGTH])
{
  CohortReason reason;

  *prehashed = FALSE;
  if (type == COHORT_COLUMN_MAID)
    {
      const char *platform;
      gsize platform_length;
      g_autofree char *folded = NULL;

      platform = row_cell (row, self->platform_column, &platform_length);
      cohort_normalize_trim (platform, platform_length, &platform, &platform_length);
      folded = g_ascii_strdown (platform, platform_length);
      if (g_str_equal (folded, "android") || g_str_equal (folded, "google"))
        type = COHORT_COLUMN_GAID;
      else if (g_str_equal (folded, "ios") || g_str_equal (folded, "iphone") ||
               g_str_equal (folded, "ipad") || g_str_equal (folded, "apple"))
        type = COHORT_COLUMN_IDFA;
      else
        {
          *identity = COHORT_IDENTITY_GAID;
          return COHORT_REASON_MAID_INVALID;
        }
    }
  *identity = cohort_column_type_get_identity (type);

  /* An existing SHA-256 in any identity column is taken as it is. */
  if (cohort_is_sha256_hex (value, length))
    {
      *prehashed = TRUE;
      return cohort_normalize_prehashed (value, length, hash);
    }
  if (cohort_column_type_is_hashed (type))
    return COHORT_REASON_HASH_INVALID;

  switch (*identity)
    {
    case COHORT_IDENTITY_EMAIL:
      reason = cohort_normalize_email (value, length, options, scratch->normalised);
      break;
    case COHORT_IDENTITY_PHONE:
      switch (cohort_phone_normalize (value, length, row_region (self, scratch, row),
                                      options->phone_digits_only, scratch->normalised))
        {
        case COHORT_PHONE_OK:
          reason = COHORT_REASON_OK;
          break;
        case COHORT_PHONE_NO_COUNTRY:
          reason = COHORT_REASON_PHONE_NO_COUNTRY;
          break;
        case COHORT_PHONE_INVALID:
        default:
          reason = COHORT_REASON_PHONE_INVALID;
          break;
        }
      break;
    case COHORT_IDENTITY_GAID:
    case COHORT_IDENTITY_IDFA:
      reason = cohort_normalize_maid (*identity, value, length, options, scratch->normalised);
      break;
    case COHORT_N_IDENTITIES:
    default:
      g_assert_not_reached ();
    }

  if (reason == COHORT_REASON_OK)
    cohort_sha256 (scratch->normalised->str, scratch->normalised->len, hash);
  return reason;
}

/* The same value under the other profile options (Gmail's dots, a phone
 * number's +, an IDFA's case), when that changes it: a suppression list
 * then matches the person whatever options their audiences were imported
 * with. Kept as identity + COHORT_N_IDENTITIES, apart from the counts. */
static void
add_variant (CohortImport        *self,
             CohortRowScratch    *scratch,
             const CohortRowView *row,
             CohortColumnType     type,
             const char          *value,
             gsize                length,
             const guint8        *primary)
{
  CohortNormalizeOptions other = { !self->options.email_gmail_dots, !self->options.phone_digits_only,
                                   !self->options.idfa_uppercase };
  guint8 *hash = scratch->hashes + scratch->n_hashes * COHORT_HASH_LENGTH;
  CohortIdentity identity;
  gboolean prehashed;

  g_string_truncate (scratch->normalised, 0);
  if (normalise_cell (self, scratch, row, type, &other, value, length, &identity, &prehashed, hash) ==
          COHORT_REASON_OK &&
      memcmp (hash, primary, COHORT_HASH_LENGTH) != 0)
    scratch->identities[scratch->n_hashes++] = identity + COHORT_N_IDENTITIES;
  memset (scratch->normalised->str, 0, scratch->normalised->len);
}

/**
 * cohort_import_process_row:
 * @scratch: the calling thread's own
 * @func: (nullable): called for each cell examined, rejected ones included
 *
 * Consent first, then each consented identity cell: fills @scratch with
 * whether the row is excluded and the hashes it gave. Reads @self without
 * changing it: several threads may process rows at once.
 */
void
cohort_import_process_row (CohortImport        *self,
                           CohortRowScratch    *scratch,
                           const CohortRowView *row,
                           CohortCellTraceFunc  func,
                           gpointer             user_data)
{
  guint allowed = (1 << COHORT_N_IDENTITIES) - 1;
  guint mapped = 0;

  scratch->n_hashes = 0;
  scratch->excluded = FALSE;

  for (guint i = 0; i < self->consents->len; i++)
    {
      const CohortImportConsent *consent = &g_array_index (self->consents, CohortImportConsent, i);
      gsize length;
      const char *value = row_cell (row, consent->column, &length);

      if (!grants_consent (value, length))
        allowed &= consent->identities != 0 ? ~consent->identities : 0;
    }
  for (guint c = 0; c < self->column_names->len; c++)
    mapped |= identity_bits (self->types[c]);
  if ((allowed & mapped) == 0)
    {
      scratch->excluded = TRUE;
      return;
    }

  for (guint c = 0; c < self->column_names->len; c++)
    {
      CohortColumnType type = self->types[c];
      CohortCellTrace trace = { c, type, COHORT_IDENTITY_EMAIL, NULL, NULL, NULL, FALSE, COHORT_REASON_OK };
      guint8 *hash = scratch->hashes + scratch->n_hashes * COHORT_HASH_LENGTH;
      const char *value;
      gsize length;

      if ((identity_bits (type) & allowed) == 0)
        continue;
      value = row_cell (row, c, &length);
      if (!cohort_normalize_trim (value, length, &value, &length))
        continue;

      g_string_truncate (scratch->normalised, 0);
      trace.reason = normalise_cell (self, scratch, row, type, &self->options, value, length, &trace.identity,
                                     &trace.prehashed, hash);
      /* A MAID column's cell may turn out to be of an identity without consent. */
      if (trace.reason == COHORT_REASON_OK && !(allowed & (1 << trace.identity)))
        continue;
      if (trace.reason == COHORT_REASON_OK)
        scratch->identities[scratch->n_hashes++] = trace.identity;

      if (func != NULL)
        {
          g_autofree char *original = g_strndup (value, length);

          trace.original = original;
          trace.normalised = trace.reason == COHORT_REASON_OK && !trace.prehashed ? scratch->normalised->str : NULL;
          trace.hash = trace.reason == COHORT_REASON_OK ? hash : NULL;
          func (&trace, user_data);
        }
      if (self->variants && trace.reason == COHORT_REASON_OK && !trace.prehashed)
        add_variant (self, scratch, row, type, value, length, hash);
    }
}

void
cohort_row_scratch_init (CohortRowScratch *scratch,
                         guint             n_columns)
{
  scratch->normalised = g_string_sized_new (256);
  /* Room for a variant of each cell. */
  scratch->hashes = g_malloc (2 * MAX (n_columns, 1) * COHORT_HASH_LENGTH);
  scratch->identities = g_new (CohortIdentity, 2 * MAX (n_columns, 1));
  scratch->n_hashes = 0;
  scratch->excluded = FALSE;
}

void
cohort_row_scratch_clear (CohortRowScratch *scratch)
{
  g_string_free (scratch->normalised, TRUE);
  g_free (scratch->hashes);
  g_free (scratch->identities);
}
