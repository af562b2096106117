/* cli-import-options.c: the mapping options `import` and `inspect` share */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "cli/cli.h"
#include "cli/cli-import-options.h"
#include "core/settings.h"

/**
 * cohort_cli_import_option_entries:
 * @extra: the command's own entries, put first
 *
 * Returns: (transfer full): the entries, NULL-terminated, to g_free()
 */
GOptionEntry *
cohort_cli_import_option_entries (CohortCliImportOptions *o,
                                  const GOptionEntry     *extra)
{
  const GOptionEntry shared[] = {
    { "country", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, &o->country,
      N_("Country of phone numbers written without a country code (ISO 3166, such as FR)"), N_("CC") },
    { "country-column", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, &o->country_column,
      N_("Column holding each row’s country code"), N_("COLUMN") },
    { "map", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING_ARRAY, &o->maps,
      N_("Map a column (name or number) to email, phone, gaid, idfa, their -sha256 forms, or ignore"),
      N_("COLUMN=TYPE") },
    { "no-detect", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, &o->no_detect,
      N_("Read only the columns given with --map"), NULL },
    { "consent-column", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING_ARRAY, &o->consents,
      N_("Only rows with yes in this column are used; =TYPE,… limits it to some identities"),
      N_("COLUMN[=TYPE,…]") },
    { "no-header", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, &o->no_header,
      N_("The first line is data: columns are named by number"), NULL },
    { "delimiter", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, &o->delimiter,
      N_("The delimiter: , ; | or tab (detected by default)"), N_("C") },
    { "encoding", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, &o->encoding,
      N_("utf-8, utf-16le, utf-16be or windows-1252 (detected by default)"), N_("ENCODING") },
    { "profile", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, &o->profile,
      N_("Normalisation profile (tiktok-v1)"), N_("PROFILE") },
    { "email-gmail-dots", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, &o->email_gmail_dots,
      N_("Remove dots before the @ of Gmail addresses"), NULL },
    { "phone-digits-only", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, &o->phone_digits_only,
      N_("Hash phone numbers without their leading +"), NULL },
    { "idfa-uppercase", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, &o->idfa_uppercase,
      N_("Hash IDFAs in upper case"), NULL },
  };
  gsize n_extra = 0;
  GOptionEntry *entries;

  while (extra != NULL && extra[n_extra].long_name != NULL)
    n_extra++;
  entries = g_new0 (GOptionEntry, n_extra + G_N_ELEMENTS (shared) + 1);
  if (n_extra > 0)
    memcpy (entries, extra, n_extra * sizeof (GOptionEntry));
  memcpy (entries + n_extra, shared, sizeof shared);
  return entries;
}

void
cohort_cli_import_options_clear (CohortCliImportOptions *o)
{
  g_free (o->country);
  g_free (o->country_column);
  g_strfreev (o->maps);
  g_strfreev (o->consents);
  g_free (o->delimiter);
  g_free (o->encoding);
  g_free (o->profile);
}

static gboolean
parse_delimiter (const char *text,
                 char       *out)
{
  if (g_str_equal (text, "tab") || g_str_equal (text, "\\t") || g_str_equal (text, "\t"))
    *out = '\t';
  else if (strlen (text) == 1 && (guchar) text[0] < 0x80 && text[0] != '"' &&
           text[0] != '\n' && text[0] != '\r')
    *out = text[0];
  else
    return FALSE;
  return TRUE;
}

/* "email,phone" → bits; FALSE when a word is not an identity. */
static gboolean
parse_identities (const char *text,
                  guint      *out)
{
  g_auto (GStrv) names = g_strsplit (text, ",", -1);

  *out = 0;
  for (guint i = 0; names[i] != NULL; i++)
    {
      CohortIdentity identity;

      if (!cohort_identity_from_string (g_strstrip (names[i]), &identity))
        return FALSE;
      *out |= 1 << identity;
    }
  return *out != 0;
}

/**
 * cohort_cli_import_new:
 * @path: the file, as given on the command line
 * @exit_code: (out): 2 when an option is wrong (and a message was printed)
 *
 * Returns: (transfer full) (nullable): the import, set up from the options
 */
CohortImport *
cohort_cli_import_new (const CohortCliImportOptions *o,
                       const char                   *command,
                       const char                   *path,
                       int                          *exit_code)
{
  g_autoptr (GFile) file = g_file_new_for_commandline_arg (path);
  g_autoptr (CohortImport) import = cohort_import_new (file);
  g_autoptr (GSettings) settings = cohort_settings_new (NULL);
  g_autofree char *default_country = NULL;
  CohortNormalizeOptions normalize;

  *exit_code = COHORT_CLI_EXIT_USAGE;
  /* The preferences give the defaults; an option can only turn a rule on. */
  cohort_settings_get_normalize_options (settings, &normalize);
  normalize.email_gmail_dots |= o->email_gmail_dots;
  normalize.phone_digits_only |= o->phone_digits_only;
  normalize.idfa_uppercase |= o->idfa_uppercase;

  if (o->profile != NULL && !g_str_equal (o->profile, COHORT_PROFILE_TIKTOK_V1))
    {
      cohort_cli_usage_error (command, _("Unknown profile “%s”: run “cohort-cli profiles”."),
                              o->profile);
      return NULL;
    }
  if (o->delimiter != NULL)
    {
      char delimiter;

      if (!parse_delimiter (o->delimiter, &delimiter))
        {
          cohort_cli_usage_error (command, _("“%s” cannot be a delimiter: give one character, "
                                             "such as ; or tab."), o->delimiter);
          return NULL;
        }
      cohort_import_set_delimiter (import, delimiter);
    }
  if (o->encoding != NULL)
    {
      CohortCsvEncoding encoding;

      if (!cohort_csv_encoding_from_string (o->encoding, &encoding))
        {
          cohort_cli_usage_error (command, _("Unknown encoding “%s”: use utf-8, utf-16le, "
                                             "utf-16be or windows-1252."), o->encoding);
          return NULL;
        }
      cohort_import_set_encoding (import, encoding);
    }

  for (guint i = 0; o->maps != NULL && o->maps[i] != NULL; i++)
    {
      const char *equal = strrchr (o->maps[i], '=');
      g_autofree char *column = NULL;
      CohortColumnType type;

      if (equal == NULL || equal == o->maps[i] || !cohort_column_type_from_string (equal + 1, &type))
        {
          cohort_cli_usage_error (command, _("“%s” is not COLUMN=TYPE with a TYPE among email, "
                                             "phone, gaid, idfa, email-sha256, phone-sha256, "
                                             "gaid-sha256, idfa-sha256 and ignore."), o->maps[i]);
          return NULL;
        }
      column = g_strndup (o->maps[i], equal - o->maps[i]);
      cohort_import_add_mapping (import, column, type);
    }

  for (guint i = 0; o->consents != NULL && o->consents[i] != NULL; i++)
    {
      const char *equal = strrchr (o->consents[i], '=');
      guint identities = 0;

      if (equal != NULL && equal != o->consents[i] && parse_identities (equal + 1, &identities))
        {
          g_autofree char *column = g_strndup (o->consents[i], equal - o->consents[i]);

          cohort_import_add_consent (import, column, identities);
        }
      else
        cohort_import_add_consent (import, o->consents[i], 0);
    }

  cohort_import_set_has_header (import, !o->no_header);
  cohort_import_set_detect (import, !o->no_detect);
  if (o->country == NULL)
    default_country = cohort_settings_dup_default_country (settings);
  cohort_import_set_country (import, o->country != NULL ? o->country : default_country);
  if (o->country_column != NULL)
    cohort_import_set_country_column (import, o->country_column);
  cohort_import_set_options (import, &normalize);

  *exit_code = COHORT_CLI_EXIT_OK;
  return g_steal_pointer (&import);
}
