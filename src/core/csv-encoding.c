/* csv-encoding.c: the text encodings of customer files, their detection and decoding to UTF-8 */
#include "config.h"

#include <string.h>

#include "core/csv-encoding.h"

#define CHUNK_SIZE (256 * 1024)

/* Windows-1252's 0x80–0x9F. The five bytes it leaves undefined map to the C1
 * controls of the same value, as Windows' own conversion does. */
static const guint16 cp1252_high[32] = {
  0x20ac, 0x0081, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
  0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008d, 0x017d, 0x008f,
  0x0090, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
  0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x009d, 0x017e, 0x0178,
};

static const struct
{
  CohortCsvEncoding  encoding;
  const char        *name;
} encoding_names[] = {
  { COHORT_CSV_ENCODING_AUTO, "auto" },
  { COHORT_CSV_ENCODING_UTF8, "utf-8" },
  { COHORT_CSV_ENCODING_UTF16LE, "utf-16le" },
  { COHORT_CSV_ENCODING_UTF16BE, "utf-16be" },
  { COHORT_CSV_ENCODING_WINDOWS_1252, "windows-1252" },
};

const char *
cohort_csv_encoding_to_string (CohortCsvEncoding encoding)
{
  for (guint i = 0; i < G_N_ELEMENTS (encoding_names); i++)
    if (encoding_names[i].encoding == encoding)
      return encoding_names[i].name;
  g_return_val_if_reached (NULL);
}

/**
 * cohort_csv_encoding_from_string:
 *
 * Accepts the names of cohort_csv_encoding_to_string() and the usual
 * aliases (`utf8`, `cp1252`, `latin1`…), in any case.
 */
gboolean
cohort_csv_encoding_from_string (const char        *name,
                                 CohortCsvEncoding *out_encoding)
{
  static const struct
  {
    const char        *alias;
    CohortCsvEncoding  encoding;
  } aliases[] = {
    { "utf8", COHORT_CSV_ENCODING_UTF8 },
    { "utf16le", COHORT_CSV_ENCODING_UTF16LE },
    { "utf16be", COHORT_CSV_ENCODING_UTF16BE },
    { "cp1252", COHORT_CSV_ENCODING_WINDOWS_1252 },
    { "windows1252", COHORT_CSV_ENCODING_WINDOWS_1252 },
    /* What people say when they mean their Windows export. */
    { "latin1", COHORT_CSV_ENCODING_WINDOWS_1252 },
    { "latin-1", COHORT_CSV_ENCODING_WINDOWS_1252 },
    { "iso-8859-1", COHORT_CSV_ENCODING_WINDOWS_1252 },
    { "iso8859-1", COHORT_CSV_ENCODING_WINDOWS_1252 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (encoding_names); i++)
    if (g_ascii_strcasecmp (name, encoding_names[i].name) == 0)
      {
        *out_encoding = encoding_names[i].encoding;
        return TRUE;
      }
  for (guint i = 0; i < G_N_ELEMENTS (aliases); i++)
    if (g_ascii_strcasecmp (name, aliases[i].alias) == 0)
      {
        *out_encoding = aliases[i].encoding;
        return TRUE;
      }
  return FALSE;
}

/* Length of the UTF-8 sequence starting at p (1–4), or 0 when it is invalid;
 * -1 when it may be valid but is cut by the end of the buffer. */
static int
utf8_sequence_length (const guint8 *p,
                      const guint8 *end)
{
  guint8 c = p[0];
  guint8 lo = 0x80, hi = 0xbf;
  int length;

  if (c < 0x80)
    return 1;
  if (c >= 0xc2 && c <= 0xdf)
    length = 2;
  else if (c >= 0xe0 && c <= 0xef)
    {
      length = 3;
      if (c == 0xe0)
        lo = 0xa0;
      else if (c == 0xed)
        hi = 0x9f; /* no UTF-16 surrogates */
    }
  else if (c >= 0xf0 && c <= 0xf4)
    {
      length = 4;
      if (c == 0xf0)
        lo = 0x90;
      else if (c == 0xf4)
        hi = 0x8f;
    }
  else
    return 0;

  for (int i = 1; i < length; i++)
    {
      if (p + i >= end)
        return -1;
      if (p[i] < (i == 1 ? lo : 0x80) || p[i] > (i == 1 ? hi : 0xbf))
        return 0;
    }
  return length;
}

/**
 * cohort_file_is_utf8:
 *
 * Reads the whole file once: a legacy export may hold its first accented
 * byte deep inside, and the encoding must be right from the first row.
 * A NUL byte counts as valid here; the reader refuses it on its own.
 */
gboolean
cohort_file_is_utf8 (GFile        *file,
                     GCancellable *cancellable,
                     gboolean     *out_is_utf8,
                     GError      **error)
{
  g_autoptr (GInputStream) stream = NULL;
  g_autofree guint8 *buffer = g_malloc (CHUNK_SIZE + 4);
  gsize carry = 0;

  stream = G_INPUT_STREAM (g_file_read (file, cancellable, error));
  if (stream == NULL)
    return FALSE;

  for (;;)
    {
      gssize n = g_input_stream_read (stream, buffer + carry, CHUNK_SIZE, cancellable, error);
      const guint8 *p = buffer;
      const guint8 *end;

      if (n < 0)
        return FALSE;
      end = buffer + carry + n;
      if (n == 0)
        {
          /* A character cut by the end of the file is not UTF-8. */
          *out_is_utf8 = carry == 0;
          return TRUE;
        }

      while (p < end)
        {
          int length;

          /* ASCII, eight bytes at a time: most of any customer file. */
          while (end - p >= 8)
            {
              guint64 word;

              memcpy (&word, p, sizeof word);
              if (word & G_GUINT64_CONSTANT (0x8080808080808080))
                break;
              p += 8;
            }
          if (p >= end)
            break;

          length = utf8_sequence_length (p, end);
          if (length == 0)
            {
              *out_is_utf8 = FALSE;
              return TRUE;
            }
          if (length < 0)
            break;
          p += length;
        }

      carry = end - p;
      memmove (buffer, p, carry);
    }
}

static void
append_unichar (GByteArray *out,
                gunichar    c)
{
  guint8 utf8[6];
  int length = g_unichar_to_utf8 (c, (char *) utf8);

  g_byte_array_append (out, utf8, length);
}

static void
decode_utf16_unit (CohortTextDecoder *decoder,
                   gunichar           unit,
                   GByteArray        *out)
{
  if (decoder->high_surrogate != 0)
    {
      gunichar high = decoder->high_surrogate;

      decoder->high_surrogate = 0;
      if (unit >= 0xdc00 && unit <= 0xdfff)
        {
          append_unichar (out, 0x10000 + ((high - 0xd800) << 10) + (unit - 0xdc00));
          return;
        }
      append_unichar (out, 0xfffd);
    }
  if (unit >= 0xd800 && unit <= 0xdbff)
    decoder->high_surrogate = unit;
  else if (unit >= 0xdc00 && unit <= 0xdfff)
    append_unichar (out, 0xfffd);
  else
    append_unichar (out, unit);
}

static void
decode_utf16 (CohortTextDecoder *decoder,
              const guint8      *bytes,
              gsize              length,
              GByteArray        *out)
{
  gboolean big_endian = decoder->encoding == COHORT_CSV_ENCODING_UTF16BE;
  gsize i = 0;

  if (decoder->has_carry && length > 0)
    {
      guint8 first = decoder->carry;

      decoder->has_carry = FALSE;
      decode_utf16_unit (decoder, big_endian ? (first << 8) | bytes[0] : (bytes[0] << 8) | first,
                         out);
      i = 1;
    }
  for (; i + 1 < length; i += 2)
    decode_utf16_unit (decoder,
                       big_endian ? (bytes[i] << 8) | bytes[i + 1] : (bytes[i + 1] << 8) | bytes[i],
                       out);
  if (i < length)
    {
      decoder->carry = bytes[i];
      decoder->has_carry = TRUE;
    }
}

static void
decode_cp1252 (const guint8 *bytes,
               gsize         length,
               GByteArray   *out)
{
  gsize run = 0;

  for (gsize i = 0; i < length; i++)
    {
      guint8 c = bytes[i];

      if (c < 0x80)
        continue;
      g_byte_array_append (out, bytes + run, i - run);
      append_unichar (out, c < 0xa0 ? cp1252_high[c - 0x80] : c);
      run = i + 1;
    }
  g_byte_array_append (out, bytes + run, length - run);
}

/**
 * cohort_text_decoder_init:
 * @encoding: any but %COHORT_CSV_ENCODING_AUTO
 */
void
cohort_text_decoder_init (CohortTextDecoder *decoder,
                          CohortCsvEncoding  encoding)
{
  g_return_if_fail (encoding != COHORT_CSV_ENCODING_AUTO);

  memset (decoder, 0, sizeof *decoder);
  decoder->encoding = encoding;
}

/* Appends @bytes, decoded, to @out as UTF-8. */
void
cohort_text_decoder_decode (CohortTextDecoder *decoder,
                            const guint8      *bytes,
                            gsize              length,
                            GByteArray        *out)
{
  switch (decoder->encoding)
    {
    case COHORT_CSV_ENCODING_UTF8:
      g_byte_array_append (out, bytes, length);
      break;
    case COHORT_CSV_ENCODING_WINDOWS_1252:
      decode_cp1252 (bytes, length, out);
      break;
    case COHORT_CSV_ENCODING_UTF16LE:
    case COHORT_CSV_ENCODING_UTF16BE:
      decode_utf16 (decoder, bytes, length, out);
      break;
    case COHORT_CSV_ENCODING_AUTO:
    default:
      g_assert_not_reached ();
    }
}

/* At the end of the input: a character left incomplete becomes U+FFFD. */
void
cohort_text_decoder_finish (CohortTextDecoder *decoder,
                            GByteArray        *out)
{
  if (decoder->has_carry || decoder->high_surrogate != 0)
    append_unichar (out, 0xfffd);
  decoder->has_carry = FALSE;
  decoder->high_surrogate = 0;
}

/**
 * cohort_csv_encoding_from_bom:
 * @out_bom_length: (out): the length of the byte order mark, 0 without one
 *
 * Returns: the encoding a byte order mark announces, or
 *   %COHORT_CSV_ENCODING_AUTO when there is none
 */
CohortCsvEncoding
cohort_csv_encoding_from_bom (const guint8 *data,
                              gsize         length,
                              gsize        *out_bom_length)
{
  *out_bom_length = 0;
  if (length >= 3 && data[0] == 0xef && data[1] == 0xbb && data[2] == 0xbf)
    {
      *out_bom_length = 3;
      return COHORT_CSV_ENCODING_UTF8;
    }
  if (length >= 2 && data[0] == 0xff && data[1] == 0xfe)
    {
      *out_bom_length = 2;
      return COHORT_CSV_ENCODING_UTF16LE;
    }
  if (length >= 2 && data[0] == 0xfe && data[1] == 0xff)
    {
      *out_bom_length = 2;
      return COHORT_CSV_ENCODING_UTF16BE;
    }
  return COHORT_CSV_ENCODING_AUTO;
}
