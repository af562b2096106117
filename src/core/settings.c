/* settings.c: typed access to Cohort's GSettings, shared by the window and the command line */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "core/phone.h"
#include "core/settings.h"

/**
 * cohort_settings_new:
 *
 * Unlike g_settings_new(), fails with an error instead of aborting when the
 * schema is not installed (a build run without `meson install` and without
 * `GSETTINGS_SCHEMA_DIR`).
 *
 * Returns: (transfer full) (nullable): Cohort's settings
 */
GSettings *
cohort_settings_new (GError **error)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr (GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE);
  if (schema == NULL)
    {
      g_set_error (error, COHORT_SETTINGS_ERROR, COHORT_SETTINGS_ERROR_NO_SCHEMA,
                   _("The settings schema “%s” is not installed. Install Cohort with "
                     "“meson install”, or set GSETTINGS_SCHEMA_DIR to the build’s data folder."),
                   APPLICATION_ID);
      return NULL;
    }
  return g_settings_new_full (schema, NULL, NULL);
}

/**
 * cohort_settings_check_api_base:
 *
 * The API base is the host root (`https://business-api.tiktok.com`): the
 * client appends the paths. Plain http is accepted for the simulator on
 * the loopback.
 */
gboolean
cohort_settings_check_api_base (const char *url,
                                GError    **error)
{
  g_autoptr (GUri) uri = NULL;
  const char *scheme;

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;
  if (uri == NULL || (g_strcmp0 (scheme, "https") != 0 && g_strcmp0 (scheme, "http") != 0) ||
      g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      g_set_error (error, COHORT_SETTINGS_ERROR, COHORT_SETTINGS_ERROR_INVALID_VALUE,
                   _("“%s” is not a web address. Write it as https://host or https://host:port."),
                   url);
      return FALSE;
    }
  if (g_uri_get_query (uri) != NULL || g_uri_get_fragment (uri) != NULL ||
      g_uri_get_userinfo (uri) != NULL)
    {
      g_set_error (error, COHORT_SETTINGS_ERROR, COHORT_SETTINGS_ERROR_INVALID_VALUE,
                   _("“%s” must be the server’s address alone, without a user name, "
                     "query or fragment."),
                   url);
      return FALSE;
    }
  return TRUE;
}

/**
 * cohort_settings_dup_api_base:
 *
 * `COHORT_API_BASE` in the environment wins over the settings, so a test or
 * a demo can point any Cohort at the simulator.
 *
 * Returns: (transfer full): the API base URL, without a trailing slash
 */
char *
cohort_settings_dup_api_base (GSettings *settings)
{
  const char *env = g_getenv ("COHORT_API_BASE");
  g_autofree char *server = NULL;
  g_autofree char *url = NULL;

  if (env != NULL && *env != '\0')
    url = g_strdup (env);
  else
    {
      server = g_settings_get_string (settings, "api-server");
      if (g_str_equal (server, "sandbox"))
        url = g_strdup (COHORT_API_BASE_SANDBOX);
      else if (g_str_equal (server, "custom"))
        url = g_settings_get_string (settings, "api-custom-url");
      if (url == NULL || !cohort_settings_check_api_base (url, NULL))
        {
          g_free (url);
          url = g_strdup (COHORT_API_BASE_PRODUCTION);
        }
    }

  while (g_str_has_suffix (url, "/"))
    url[strlen (url) - 1] = '\0';
  return g_steal_pointer (&url);
}

static int
compare_strings (const void *a,
                 const void *b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

/**
 * cohort_settings_list_keys:
 *
 * Returns: (transfer full): the settings' keys, sorted
 */
char **
cohort_settings_list_keys (GSettings *settings)
{
  g_autoptr (GSettingsSchema) schema = NULL;
  char **keys;

  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  qsort (keys, g_strv_length (keys), sizeof (char *), compare_strings);
  return keys;
}

static GSettingsSchemaKey *
lookup_key (GSettings  *settings,
            const char *key,
            GError    **error)
{
  g_autoptr (GSettingsSchema) schema = NULL;

  g_object_get (settings, "settings-schema", &schema, NULL);
  if (!g_settings_schema_has_key (schema, key))
    {
      g_set_error (error, COHORT_SETTINGS_ERROR, COHORT_SETTINGS_ERROR_UNKNOWN_KEY,
                   _("There is no setting called “%s”."), key);
      return NULL;
    }
  return g_settings_schema_get_key (schema, key);
}

/**
 * cohort_settings_dup_value_text:
 *
 * Returns: (transfer full) (nullable): the value as a person would type it:
 *   strings bare, other types in GVariant text form
 */
char *
cohort_settings_dup_value_text (GSettings  *settings,
                                const char *key,
                                GError    **error)
{
  g_autoptr (GSettingsSchemaKey) schema_key = lookup_key (settings, key, error);
  g_autoptr (GVariant) value = NULL;

  if (schema_key == NULL)
    return NULL;
  value = g_settings_get_value (settings, key);
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
    return g_variant_dup_string (value, NULL);
  return g_variant_print (value, FALSE);
}

static char *
describe_range (GSettingsSchemaKey *schema_key)
{
  g_autoptr (GVariant) range = g_settings_schema_key_get_range (schema_key);
  g_autoptr (GVariant) detail = NULL;
  const char *kind = NULL;

  g_variant_get (range, "(&sv)", &kind, &detail);
  if (g_str_equal (kind, "enum"))
    {
      g_autofree const char **choices = g_variant_get_strv (detail, NULL);
      g_autofree char *joined = g_strjoinv (", ", (char **) choices);

      return g_strdup_printf (_("one of: %s"), joined);
    }
  if (g_str_equal (kind, "range"))
    {
      g_autoptr (GVariant) min = g_variant_get_child_value (detail, 0);
      g_autoptr (GVariant) max = g_variant_get_child_value (detail, 1);
      g_autofree char *min_text = g_variant_print (min, FALSE);
      g_autofree char *max_text = g_variant_print (max, FALSE);

      return g_strdup_printf (_("a value from %s to %s"), min_text, max_text);
    }
  {
    g_autofree char *type =
        g_variant_type_dup_string (g_settings_schema_key_get_value_type (schema_key));

    return g_strdup_printf (_("a value of type %s"), type);
  }
}

/**
 * cohort_settings_set_from_text:
 *
 * Parses @text for @key (a string key takes the text as it is), checks the
 * key's range and, for the API address, that it is a web address.
 */
gboolean
cohort_settings_set_from_text (GSettings  *settings,
                               const char *key,
                               const char *text,
                               GError    **error)
{
  g_autoptr (GSettingsSchemaKey) schema_key = lookup_key (settings, key, error);
  g_autoptr (GVariant) value = NULL;
  const GVariantType *type;

  if (schema_key == NULL)
    return FALSE;

  type = g_settings_schema_key_get_value_type (schema_key);
  if (g_variant_type_equal (type, G_VARIANT_TYPE_STRING))
    value = g_variant_ref_sink (g_variant_new_string (text));
  else
    value = g_variant_parse (type, text, NULL, NULL, NULL);

  if (value == NULL || !g_settings_schema_key_range_check (schema_key, value))
    {
      g_autofree char *range_text = describe_range (schema_key);

      g_set_error (error, COHORT_SETTINGS_ERROR, COHORT_SETTINGS_ERROR_INVALID_VALUE,
                   _("“%s” is not a valid value for “%s” (expected %s)."),
                   text, key, range_text);
      return FALSE;
    }

  if (g_str_equal (key, "api-custom-url") && *text != '\0' &&
      !cohort_settings_check_api_base (text, error))
    return FALSE;
  if (g_str_equal (key, "default-country") && *text != '\0')
    {
      if (!cohort_phone_region_is_known (text))
        {
          g_set_error (error, COHORT_SETTINGS_ERROR, COHORT_SETTINGS_ERROR_INVALID_VALUE,
                       _("“%s” is not a country Cohort can read phone numbers of: give an ISO 3166 code "
                         "such as FR or SE."), text);
          return FALSE;
        }
      g_clear_pointer (&value, g_variant_unref);
      value = g_variant_ref_sink (g_variant_new_take_string (g_ascii_strup (text, -1)));
    }

  if (!g_settings_set_value (settings, key, value))
    {
      g_set_error (error, COHORT_SETTINGS_ERROR, COHORT_SETTINGS_ERROR_INVALID_VALUE,
                   _("The setting “%s” cannot be changed."), key);
      return FALSE;
    }
  g_settings_sync ();
  return TRUE;
}

/**
 * cohort_settings_dup_default_country:
 * @settings: (nullable): Cohort's settings, or %NULL without them
 *
 * The country of phone numbers written without a country code: the
 * user's choice, else the region of the messages locale.
 *
 * Returns: (transfer full) (nullable): an ISO 3166 code, or %NULL
 */
char *
cohort_settings_dup_default_country (GSettings *settings)
{
  g_autofree char *country = settings != NULL ? g_settings_get_string (settings, "default-country") : NULL;

  if (country != NULL && *country != '\0' && cohort_phone_region_is_known (country))
    return g_steal_pointer (&country);
  return cohort_phone_region_from_locale ();
}

/* The normalisation options new imports start from. */
void
cohort_settings_get_normalize_options (GSettings              *settings,
                                       CohortNormalizeOptions *out_options)
{
  out_options->email_gmail_dots = settings != NULL && g_settings_get_boolean (settings, "email-gmail-dots");
  out_options->phone_digits_only = settings != NULL && g_settings_get_boolean (settings, "phone-digits-only");
  out_options->idfa_uppercase = settings != NULL && g_settings_get_boolean (settings, "idfa-uppercase");
}

gboolean
cohort_settings_reset_key (GSettings  *settings,
                           const char *key,
                           GError    **error)
{
  g_autoptr (GSettingsSchemaKey) schema_key = lookup_key (settings, key, error);

  if (schema_key == NULL)
    return FALSE;
  g_settings_reset (settings, key);
  g_settings_sync ();
  return TRUE;
}
