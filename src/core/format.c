/* format.c: numbers as the user's locale writes them */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "core/format.h"

/* 1204 as the locale writes it: 1,204, 1 204… printf's ' flag would do
 * it, but it is not ISO C. */
char *
cohort_format_count (guint64 n)
{
  const struct lconv *conventions = localeconv ();
  const char *separator = conventions->thousands_sep != NULL && *conventions->thousands_sep != '\0'
                              ? conventions->thousands_sep
                              : ",";
  g_autofree char *digits = g_strdup_printf ("%" G_GUINT64_FORMAT, n);
  GString *text = g_string_new (NULL);
  gsize length = strlen (digits);

  for (gsize i = 0; i < length; i++)
    {
      if (i > 0 && (length - i) % 3 == 0)
        g_string_append (text, separator);
      g_string_append_c (text, digits[i]);
    }
  return g_string_free (text, FALSE);
}
