/* fuzz-csv-reader.c: libFuzzer target for CohortCsvReader and the decoders of csv-encoding.h
 *
 * Input: a whole file, read as an import reads it: encoding and delimiter
 * detected, header, then every row. One file in four (by its length) is
 * read with the options of the command line instead: without a header and
 * with `;`, or in an encoding chosen whatever the bytes say.
 *
 * Beyond "no crash", it checks:
 * - a failure always comes with an error of COHORT_CSV_ERROR, and the errors
 *   of a place in the file name a line and a column, both from 1, the line
 *   within the file;
 * - the header has at least one column; rows have at least one cell, their
 *   line numbers grow and stay within the file; a cell's length is its
 *   string's (no NUL inside);
 * - a file detected as UTF-8 without a byte order mark, or decoded from
 *   UTF-16 or Windows-1252, gives valid UTF-8 cells; a file without a header
 *   has its columns named 1, 2…;
 * - each decoder gives valid UTF-8 (UTF-8 aside) and the same text whether
 *   the bytes come at once or cut in pieces, as chunks of a large file are.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "core/csv-reader.h"

#include "fuzz-common.h"

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static int memfd = -1;
static GFile *file;

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  g_autofree char *path = NULL;

  fuzz_init ();
  /* Plain files only: no GVfs daemon to ask about /proc. */
  g_setenv ("GIO_USE_VFS", "local", TRUE);
  /* The reader takes a GFile: the input lives in memory, reached through /proc. */
  memfd = memfd_create ("fuzz-csv-reader", MFD_CLOEXEC);
  g_assert_cmpint (memfd, >=, 0);
  path = g_strdup_printf ("/proc/self/fd/%d", memfd);
  file = g_file_new_for_path (path);
  g_type_ensure (COHORT_TYPE_CSV_READER);
  return 0;
}

static guint64
count_lines (const guint8 *data, size_t size)
{
  guint64 lines = 1;

  for (size_t i = 0; i < size; i++)
    if (data[i] == '\n' || (data[i] == '\r' && (i + 1 == size || data[i + 1] != '\n')))
      lines++;
  return lines;
}

/* UTF-16 counts a line in two bytes at least; the others in one. */
static void
check_error (const GError *error, guint64 max_line)
{
  const char *where;
  unsigned long long line = 0;
  unsigned column = 0;

  g_assert_nonnull (error);
  g_assert_true (error->domain == COHORT_CSV_ERROR);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  if (error->code != COHORT_CSV_ERROR_BAD_QUOTE && error->code != COHORT_CSV_ERROR_TOO_LONG &&
      !(error->code == COHORT_CSV_ERROR_BINARY && strstr (error->message, ", line ") != NULL))
    {
      g_assert_true (error->code == COHORT_CSV_ERROR_EMPTY || error->code == COHORT_CSV_ERROR_BINARY);
      return;
    }
  /* LC_ALL=C: “NAME”, line L, column C: problem */
  where = strstr (error->message, "\xe2\x80\x9d, line ");
  g_assert_nonnull (where);
  g_assert_cmpint (sscanf (where + 3, ", line %llu, column %u:", &line, &column), ==, 2);
  g_assert_cmpuint (line, >=, 1);
  g_assert_cmpuint (line, <=, max_line);
  g_assert_cmpuint (column, >=, 1);
}

static void
check_reader (const guint8 *data, size_t size)
{
  g_autoptr (CohortCsvReader) reader = cohort_csv_reader_new (file);
  g_autoptr (GError) error = NULL;
  guint64 max_line = count_lines (data, size);
  guint64 last_line = 0;
  gsize bom;
  CohortCsvEncoding bom_encoding = cohort_csv_encoding_from_bom (data, size, &bom);
  CohortCsvEncoding requested = COHORT_CSV_ENCODING_AUTO;
  gboolean has_header = TRUE;
  gboolean want_utf8;

  if (size % 8 == 2)
    {
      has_header = FALSE;
      cohort_csv_reader_set_has_header (reader, FALSE);
      cohort_csv_reader_set_delimiter (reader, ';');
    }
  else if (size % 8 == 6)
    {
      requested = COHORT_CSV_ENCODING_UTF8 + (size / 8) % 4;
      cohort_csv_reader_set_encoding (reader, requested);
    }

  if (!cohort_csv_reader_open (reader, NULL, &error))
    {
      check_error (error, max_line);
      return;
    }
  /* UTF-8 is read as it is when the user or a byte order mark says so. */
  want_utf8 = requested != COHORT_CSV_ENCODING_UTF8 &&
              !(requested == COHORT_CSV_ENCODING_AUTO && bom_encoding == COHORT_CSV_ENCODING_UTF8);
  g_assert_cmpint (cohort_csv_reader_get_encoding (reader), !=, COHORT_CSV_ENCODING_AUTO);
  if (requested != COHORT_CSV_ENCODING_AUTO)
    g_assert_cmpint (cohort_csv_reader_get_encoding (reader), ==, requested);
  if (!has_header)
    g_assert_cmpint (cohort_csv_reader_get_delimiter (reader), ==, ';');
  g_assert_cmpuint (cohort_csv_reader_get_n_columns (reader), >=, 1);
  for (guint i = 0; i < cohort_csv_reader_get_n_columns (reader); i++)
    {
      const char *name = cohort_csv_reader_get_column_name (reader, i);
      g_autoptr (GError) find_error = NULL;
      guint column = G_MAXUINT;

      g_assert_true (g_utf8_validate (name, -1, NULL));
      if (!has_header)
        {
          g_autofree char *number = g_strdup_printf ("%u", i + 1);

          g_assert_cmpstr (name, ==, number);
        }
      if (cohort_csv_reader_find_column (reader, name, &column, &find_error))
        g_assert_cmpuint (column, <, cohort_csv_reader_get_n_columns (reader));
      else
        g_assert_error (find_error, COHORT_CSV_ERROR, COHORT_CSV_ERROR_NO_COLUMN);
    }

  while (cohort_csv_reader_next_row (reader, NULL, &error))
    {
      guint64 line = cohort_csv_reader_get_line (reader);

      g_assert_cmpuint (line, >, last_line);
      g_assert_cmpuint (line, <=, max_line);
      last_line = line;
      g_assert_cmpuint (cohort_csv_reader_get_n_cells (reader), >=, 1);
      for (guint i = 0; i <= cohort_csv_reader_get_n_cells (reader); i++)
        {
          gsize length;
          const char *cell = cohort_csv_reader_get_cell (reader, i, &length);

          g_assert_cmpuint (strlen (cell), ==, length);
          if (want_utf8)
            g_assert_true (g_utf8_validate_len (cell, length, NULL));
        }
    }
  if (error != NULL)
    check_error (error, max_line);
  g_assert_cmpuint (cohort_csv_reader_get_bytes_read (reader), ==, size);
}

/* Valid UTF-8, where U+0000 counts as a character (the reader refuses it on its own). */
static gboolean
is_utf8 (const guint8 *text, gsize length)
{
  const char *end;

  while (!g_utf8_validate_len ((const char *) text, length, &end))
    {
      if (*end != '\0')
        return FALSE;
      length -= (const guint8 *) end + 1 - text;
      text = (const guint8 *) end + 1;
    }
  return TRUE;
}

/* One decoder, the input at once and in pieces of 1 to 7 bytes. */
static void
check_decoder (CohortCsvEncoding encoding, const guint8 *data, size_t size)
{
  g_autoptr (GByteArray) whole = g_byte_array_new ();
  g_autoptr (GByteArray) pieces = g_byte_array_new ();
  CohortTextDecoder decoder;
  gsize piece = 1 + size % 7;

  cohort_text_decoder_init (&decoder, encoding);
  cohort_text_decoder_decode (&decoder, data, size, whole);
  cohort_text_decoder_finish (&decoder, whole);

  cohort_text_decoder_init (&decoder, encoding);
  for (gsize i = 0; i < size; i += piece)
    cohort_text_decoder_decode (&decoder, data + i, MIN (piece, size - i), pieces);
  cohort_text_decoder_finish (&decoder, pieces);

  g_assert_cmpmem (pieces->data, pieces->len, whole->data, whole->len);
  if (encoding != COHORT_CSV_ENCODING_UTF8)
    g_assert_true (is_utf8 (whole->data, whole->len));
}

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  g_assert_cmpint (ftruncate (memfd, 0), ==, 0);
  g_assert_cmpint (pwrite (memfd, data, size, 0), ==, (gssize) size);
  check_reader (data, size);

  check_decoder (COHORT_CSV_ENCODING_UTF8, data, size);
  check_decoder (COHORT_CSV_ENCODING_UTF16LE, data, size);
  check_decoder (COHORT_CSV_ENCODING_UTF16BE, data, size);
  check_decoder (COHORT_CSV_ENCODING_WINDOWS_1252, data, size);
  return 0;
}
