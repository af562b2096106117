/* identity-detect.c: which columns of a customer file hold which identity, from names and values */
#include "config.h"

#include <string.h>

#include "core/identity-detect.h"
#include "core/normalize.h"
#include "core/text-fold.h"

/* Words that make a column about an identity rather than the identity itself:
 * "Accepts Email Marketing", "Phone country code", "email_verified"… */
static const char *const not_identity_words[] = {
  "consent", "consentement", "samtycke", "optin", "opt", "accepts", "accept", "accepted",
  "marketing", "newsletter", "subscribed", "subscription", "unsubscribed", "status",
  "verified", "bounce", "bounced", "domain", "type", "date", "count", "source", "permission",
  "country", "code", "format",
};

static const char *const hash_words[] = { "sha256", "sha", "hash", "hashed", "sha2" };

static const struct
{
  const char       *fragment;
  CohortColumnType  type;
} name_fragments[] = {
  /* Platform-specific advertising IDs first: "Google Advertising ID" is not generic. */
  { "gaid", COHORT_COLUMN_GAID },
  { "aaid", COHORT_COLUMN_GAID },
  { "googleadvertising", COHORT_COLUMN_GAID },
  { "googleadid", COHORT_COLUMN_GAID },
  { "androidadvertising", COHORT_COLUMN_GAID },
  { "idfa", COHORT_COLUMN_IDFA },
  { "appleadvertising", COHORT_COLUMN_IDFA },
  { "iosadvertising", COHORT_COLUMN_IDFA },
  { "identifierforadvertis", COHORT_COLUMN_IDFA },
  /* Not "adid": Adjust uses it for its own device ID. */
  { "advertisingid", COHORT_COLUMN_MAID },
  { "maid", COHORT_COLUMN_MAID },
  { "email", COHORT_COLUMN_EMAIL },
  { "courriel", COHORT_COLUMN_EMAIL },
  { "epost", COHORT_COLUMN_EMAIL },
  { "mejl", COHORT_COLUMN_EMAIL },
  { "mail", COHORT_COLUMN_EMAIL },
  { "phone", COHORT_COLUMN_PHONE },
  { "telephone", COHORT_COLUMN_PHONE },
  { "telefon", COHORT_COLUMN_PHONE },
  { "mobil", COHORT_COLUMN_PHONE },
  { "portable", COHORT_COLUMN_PHONE },
  { "cellular", COHORT_COLUMN_PHONE },
  { "msisdn", COHORT_COLUMN_PHONE },
  { "gsm", COHORT_COLUMN_PHONE },
};

/* Whole words only: "tel" in "hotel" is no phone. */
static const struct
{
  const char       *word;
  CohortColumnType  type;
} name_words[] = {
  { "tel", COHORT_COLUMN_PHONE },
  { "tfn", COHORT_COLUMN_PHONE },
  { "cell", COHORT_COLUMN_PHONE },
  { "sms", COHORT_COLUMN_PHONE },
};

static const char *const platform_names[] = {
  "platform", "os", "deviceos", "devicetype", "deviceplatform", "operatingsystem", "plateforme",
  "plattform",
};

static gboolean
in_list (const char        *word,
         const char *const *list,
         gsize              n)
{
  for (gsize i = 0; i < n; i++)
    if (g_str_equal (word, list[i]))
      return TRUE;
  return FALSE;
}

/**
 * cohort_detect_column_name:
 * @out_is_platform: (out): set when the column tells Android from iOS
 *
 * Reads a column name in English, French or Swedish (`E-mail`, `Courriel`,
 * `E-post`, `Téléphone portable`, `Mobilnummer`, `Google Advertising ID`,
 * `Email_LC_SHA256`…).
 *
 * Returns: what the name says the column holds, %COHORT_COLUMN_IGNORE when
 *   it says nothing
 */
CohortColumnType
cohort_detect_column_name (const char *name,
                           gboolean   *out_is_platform)
{
  g_autofree char *folded = cohort_text_fold (name, -1);
  g_auto (GStrv) words = NULL;
  g_autoptr (GString) joined = g_string_new (NULL);
  CohortColumnType type = COHORT_COLUMN_IGNORE;
  gboolean hashed = FALSE;

  *out_is_platform = FALSE;

  /* Words are runs of letters and digits: "E-mail", "email_address", "Phone Number". */
  for (char *p = folded; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && (guchar) *p < 0x80)
      *p = ' ';
  words = g_strsplit (folded, " ", -1);

  for (guint i = 0; words[i] != NULL; i++)
    g_string_append (joined, words[i]);
  if (in_list (joined->str, platform_names, G_N_ELEMENTS (platform_names)))
    {
      *out_is_platform = TRUE;
      return COHORT_COLUMN_IGNORE;
    }

  for (guint i = 0; words[i] != NULL; i++)
    {
      if (*words[i] == '\0')
        continue;
      if (in_list (words[i], not_identity_words, G_N_ELEMENTS (not_identity_words)))
        return COHORT_COLUMN_IGNORE;
      if (in_list (words[i], hash_words, G_N_ELEMENTS (hash_words)))
        hashed = TRUE;
      for (guint w = 0; w < G_N_ELEMENTS (name_words) && type == COHORT_COLUMN_IGNORE; w++)
        if (g_str_equal (words[i], name_words[w].word))
          type = name_words[w].type;
    }
  if (strstr (joined->str, "sha256") != NULL)
    hashed = TRUE;

  for (guint f = 0; f < G_N_ELEMENTS (name_fragments) && type == COHORT_COLUMN_IGNORE; f++)
    if (strstr (joined->str, name_fragments[f].fragment) != NULL)
      type = name_fragments[f].type;

  if (hashed && type != COHORT_COLUMN_IGNORE && type != COHORT_COLUMN_MAID)
    type = cohort_column_type_for_identity (cohort_column_type_get_identity (type), TRUE);
  return type;
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
 * cohort_detect_value_shape:
 *
 * Returns: the #CohortValueShape flags that the trimmed value has; loose on
 *   purpose: it confirms a name, the normalisers judge the value
 */
guint
cohort_detect_value_shape (const char *value,
                           gsize       length)
{
  const char *at;
  guint digits = 0;
  guint others = 0;

  if (length == 64 && all_hex (value, length))
    return COHORT_VALUE_SHAPE_SHA256;
  if ((length == 32 && all_hex (value, length)) ||
      (length == 36 && value[8] == '-' && value[13] == '-' && value[18] == '-' &&
       value[23] == '-' && all_hex (value, 8) && all_hex (value + 9, 4) &&
       all_hex (value + 14, 4) && all_hex (value + 19, 4) && all_hex (value + 24, 12)))
    return COHORT_VALUE_SHAPE_MAID;

  at = memchr (value, '@', length);
  if (at != NULL && at > value && memchr (at + 1, '.', value + length - at - 1) != NULL)
    return COHORT_VALUE_SHAPE_EMAIL;

  for (gsize i = 0; i < length; i++)
    {
      if (g_ascii_isdigit (value[i]))
        digits++;
      else if (!strchr (" +-.()/", value[i]))
        others++;
    }
  if (digits >= 6 && digits <= 17 && others <= digits / 2)
    return COHORT_VALUE_SHAPE_PHONE;
  return 0;
}

static guint
expected_shape (CohortColumnType type)
{
  switch (type)
    {
    case COHORT_COLUMN_EMAIL:
      return COHORT_VALUE_SHAPE_EMAIL | COHORT_VALUE_SHAPE_SHA256;
    case COHORT_COLUMN_PHONE:
      return COHORT_VALUE_SHAPE_PHONE | COHORT_VALUE_SHAPE_SHA256;
    case COHORT_COLUMN_GAID:
    case COHORT_COLUMN_IDFA:
    case COHORT_COLUMN_MAID:
      return COHORT_VALUE_SHAPE_MAID | COHORT_VALUE_SHAPE_SHA256;
    case COHORT_COLUMN_EMAIL_SHA256:
    case COHORT_COLUMN_PHONE_SHA256:
    case COHORT_COLUMN_GAID_SHA256:
    case COHORT_COLUMN_IDFA_SHA256:
      return COHORT_VALUE_SHAPE_SHA256;
    case COHORT_COLUMN_IGNORE:
    case COHORT_N_COLUMN_TYPES:
    default:
      return 0;
    }
}

/**
 * cohort_detect_columns:
 * @reader: opened; up to @max_rows of its rows are read
 * @out_platform_column: (out): the column telling Android from iOS, or -1
 *
 * Maps each column by its name, then keeps the mapping only when at least
 * half of the sampled non-empty values have the expected shape (a column of
 * yes/no is no email column, whatever its name). A column of existing
 * SHA-256 hashes becomes the hashed type. A generic advertising ID column is
 * kept only when there is a platform column to split it by.
 *
 * Returns: (transfer full): one #CohortColumnType per column
 */
CohortColumnType *
cohort_detect_columns (CohortCsvReader *reader,
                       guint            max_rows,
                       int             *out_platform_column,
                       GCancellable    *cancellable,
                       GError         **error)
{
  guint n_columns = cohort_csv_reader_get_n_columns (reader);
  g_autofree CohortColumnType *types = g_new0 (CohortColumnType, n_columns);
  g_autofree guint *non_empty = g_new0 (guint, n_columns);
  g_autofree guint *matching = g_new0 (guint, n_columns);
  g_autofree guint *hashes = g_new0 (guint, n_columns);
  int platform = -1;
  GError *local_error = NULL;

  for (guint c = 0; c < n_columns; c++)
    {
      gboolean is_platform = FALSE;

      types[c] = cohort_detect_column_name (cohort_csv_reader_get_column_name (reader, c),
                                            &is_platform);
      if (is_platform && platform < 0)
        platform = c;
    }

  for (guint row = 0; row < max_rows && cohort_csv_reader_next_row (reader, cancellable, &local_error);
       row++)
    for (guint c = 0; c < n_columns; c++)
      {
        const char *value;
        gsize length;
        guint shape;

        if (types[c] == COHORT_COLUMN_IGNORE)
          continue;
        value = cohort_csv_reader_get_cell (reader, c, &length);
        if (!cohort_normalize_trim (value, length, &value, &length))
          continue;
        shape = cohort_detect_value_shape (value, length);
        non_empty[c]++;
        if (shape & expected_shape (types[c]))
          matching[c]++;
        if (shape == COHORT_VALUE_SHAPE_SHA256)
          hashes[c]++;
      }
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }

  for (guint c = 0; c < n_columns; c++)
    {
      if (types[c] == COHORT_COLUMN_IGNORE || non_empty[c] == 0)
        continue;
      if (matching[c] * 2 < non_empty[c])
        types[c] = COHORT_COLUMN_IGNORE;
      else if (hashes[c] * 10 >= non_empty[c] * 9 && types[c] != COHORT_COLUMN_MAID &&
               !cohort_column_type_is_hashed (types[c]))
        types[c] = cohort_column_type_for_identity (cohort_column_type_get_identity (types[c]), TRUE);
    }

  for (guint c = 0; c < n_columns; c++)
    if (types[c] == COHORT_COLUMN_MAID && platform < 0)
      types[c] = COHORT_COLUMN_IGNORE;

  *out_platform_column = platform;
  return g_steal_pointer (&types);
}
