/* countries.c: the countries phone numbers can be read for, with their names in the user's language */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "core/countries.h"
#include "core/phone.h"

/* Debian's iso-codes: the names, and their translations under this domain. */
#define ISO_CODES_JSON   "/usr/share/iso-codes/json/iso_3166-1.json"
#define ISO_CODES_DOMAIN "iso_3166-1"

void
cohort_country_free (CohortCountry *country)
{
  if (country == NULL)
    return;
  g_free (country->code);
  g_free (country->name);
  g_free (country);
}

static gint
compare_names (gconstpointer a,
               gconstpointer b)
{
  const CohortCountry *x = *(CohortCountry *const *) a;
  const CohortCountry *y = *(CohortCountry *const *) b;

  return g_utf8_collate (x->name, y->name);
}

/**
 * cohort_countries_list:
 *
 * Every country libphonenumber can read numbers of, sorted by name in the
 * user's language. Without iso-codes, the names are the codes: the list
 * still works, only less friendly.
 *
 * Returns: (transfer full) (element-type CohortCountry): the countries
 */
GPtrArray *
cohort_countries_list (void)
{
  GPtrArray *countries = g_ptr_array_new_with_free_func ((GDestroyNotify) cohort_country_free);
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonArray *entries = NULL;

  if (json_parser_load_from_mapped_file (parser, ISO_CODES_JSON, NULL))
    {
      JsonNode *root = json_parser_get_root (parser);

      if (JSON_NODE_HOLDS_OBJECT (root))
        entries = json_object_get_array_member (json_node_get_object (root), "3166-1");
    }
  for (guint i = 0; entries != NULL && i < json_array_get_length (entries); i++)
    {
      JsonNode *node = json_array_get_element (entries, i);
      JsonObject *entry = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *code = entry != NULL ? json_object_get_string_member_with_default (entry, "alpha_2", NULL) : NULL;
      const char *name = entry != NULL ? json_object_get_string_member_with_default (entry, "name", NULL) : NULL;
      CohortCountry *country;

      if (code == NULL || name == NULL || !cohort_phone_region_is_known (code))
        continue;
      country = g_new0 (CohortCountry, 1);
      country->code = g_strdup (code);
      country->name = g_strdup (g_dgettext (ISO_CODES_DOMAIN, name));
      g_ptr_array_add (countries, country);
    }
  if (countries->len == 0)
    {
      static const char *const fallback[] = { "DE", "ES", "FR", "GB", "IT", "SE", "US" };

      for (guint i = 0; i < G_N_ELEMENTS (fallback); i++)
        {
          CohortCountry *country = g_new0 (CohortCountry, 1);

          country->code = g_strdup (fallback[i]);
          country->name = g_strdup (fallback[i]);
          g_ptr_array_add (countries, country);
        }
    }
  g_ptr_array_sort (countries, compare_names);
  return countries;
}

/* Returns: the index of @code in @countries, or G_MAXUINT */
guint
cohort_countries_find (GPtrArray  *countries,
                       const char *code)
{
  for (guint i = 0; code != NULL && i < countries->len; i++)
    {
      const CohortCountry *country = g_ptr_array_index (countries, i);

      if (g_ascii_strcasecmp (country->code, code) == 0)
        return i;
    }
  return G_MAXUINT;
}
