/* text-fold.c: folds names for matching: trimmed, without accents, case-folded */
#include "config.h"

#include <string.h>

#include "core/text-fold.h"

static gboolean
is_edge_space (gunichar c)
{
  /* Zero-width characters are not spaces to GLib, but spreadsheets leave them
   * at the edges of cells just the same. */
  return g_unichar_isspace (c) || c == 0x00a0 || c == 0x2007 || c == 0x202f || c == 0x200b ||
         c == 0xfeff;
}

/**
 * cohort_text_fold:
 * @text: UTF-8 text; invalid sequences are replaced
 * @length: its length in bytes, or -1 when NUL-terminated
 *
 * Folds a column name so that `  Téléphone ` and `telephone` match: the
 * edges trimmed, accents removed (NFD, marks dropped), case folded.
 *
 * Returns: (transfer full): the folded text
 */
char *
cohort_text_fold (const char *text,
                  gssize      length)
{
  g_autofree char *valid = g_utf8_make_valid (text, length);
  g_autofree char *decomposed = g_utf8_normalize (valid, -1, G_NORMALIZE_NFD);
  GString *stripped = g_string_sized_new (strlen (decomposed));
  g_autofree char *trimmed = NULL;
  const char *start = decomposed;
  const char *end = decomposed + strlen (decomposed);

  while (start < end && is_edge_space (g_utf8_get_char (start)))
    start = g_utf8_next_char (start);
  while (end > start)
    {
      const char *last = g_utf8_find_prev_char (start, end);

      if (last == NULL || !is_edge_space (g_utf8_get_char (last)))
        break;
      end = last;
    }

  for (const char *p = start; p < end; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_ismark (c))
        g_string_append_unichar (stripped, c);
    }

  trimmed = g_string_free (stripped, FALSE);
  return g_utf8_casefold (trimmed, -1);
}
