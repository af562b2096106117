/* text-sniff.c: tells from a file's first bytes whether it can be a text table */
#include "config.h"

#include <string.h>
#include <gio/gio.h>

#include "core/text-sniff.h"

/**
 * cohort_text_sniff:
 * @data: the first bytes of a file, up to %COHORT_TEXT_SNIFF_LENGTH
 *
 * A file's name says little: an image renamed `.csv` is still an image.
 * This looks at the bytes: UTF-16 with a byte order mark (Excel's "Unicode
 * text") is text; otherwise a NUL byte or a recognised binary format
 * (PNG, ZIP, PDF…) is not.
 *
 * Returns: %TRUE when the data can be a text table
 */
gboolean
cohort_text_sniff (const guint8 *data,
                   gsize         length)
{
  g_autofree char *content_type = NULL;
  gboolean uncertain = FALSE;

  /* Empty is not binary: the reader says "empty file", which is clearer. */
  if (length == 0)
    return TRUE;
  if (length >= 2 && ((data[0] == 0xff && data[1] == 0xfe) || (data[0] == 0xfe && data[1] == 0xff)))
    return TRUE;
  if (memchr (data, '\0', length) != NULL)
    return FALSE;

  content_type = g_content_type_guess (NULL, data, length, &uncertain);
  return uncertain || g_content_type_is_a (content_type, "text/plain");
}
