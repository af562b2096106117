/* test-csv-reader.c: CohortCsvReader reads every shape of CSV a marketer's tools write */
#include "config.h"

#include <glib/gstdio.h>

#include "core/csv-reader.h"
#include "core/i18n.h"

static char *
write_temp (const char *name,
            const void *contents,
            gsize       length)
{
  char *path = g_build_filename (g_get_user_cache_dir (), name, NULL);

  g_assert_cmpint (g_mkdir_with_parents (g_get_user_cache_dir (), 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, contents, length, NULL));
  return path;
}

/* Opens @contents written to a file called @name; asserts that it opens. */
static CohortCsvReader *
open_text (const char *name,
           const void *contents,
           gssize      length,
           gboolean    has_header)
{
  g_autofree char *path = write_temp (name, contents, length < 0 ? strlen (contents) : (gsize) length);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  CohortCsvReader *reader = cohort_csv_reader_new (file);
  g_autoptr (GError) error = NULL;

  cohort_csv_reader_set_has_header (reader, has_header);
  g_assert_true (cohort_csv_reader_open (reader, NULL, &error));
  g_assert_no_error (error);
  return reader;
}

/* Reads every row as "line:cell|cell|cell" joined by newlines. */
static char *
dump_rows (CohortCsvReader *reader)
{
  GString *out = g_string_new (NULL);
  g_autoptr (GError) error = NULL;

  while (cohort_csv_reader_next_row (reader, NULL, &error))
    {
      g_string_append_printf (out, "%" G_GUINT64_FORMAT ":", cohort_csv_reader_get_line (reader));
      for (guint i = 0; i < cohort_csv_reader_get_n_cells (reader); i++)
        g_string_append_printf (out, "%s%s", i > 0 ? "|" : "", cohort_csv_reader_get_cell (reader, i, NULL));
      g_string_append_c (out, '\n');
    }
  g_assert_no_error (error);
  return g_string_free (out, FALSE);
}

static char *
header_of (CohortCsvReader *reader)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < cohort_csv_reader_get_n_columns (reader); i++)
    g_string_append_printf (out, "%s%s", i > 0 ? "|" : "", cohort_csv_reader_get_column_name (reader, i));
  return g_string_free (out, FALSE);
}

static void
check (const char *contents,
       char        delimiter,
       const char *header,
       const char *rows)
{
  g_autoptr (CohortCsvReader) reader = open_text ("check.csv", contents, -1, TRUE);
  g_autofree char *got_header = header_of (reader);
  g_autofree char *got_rows = dump_rows (reader);

  g_assert_cmpint (cohort_csv_reader_get_delimiter (reader), ==, delimiter);
  g_assert_cmpstr (got_header, ==, header);
  g_assert_cmpstr (got_rows, ==, rows);
}

static void
test_shapes (void)
{
  /* Plain, with every kind of line end. */
  check ("email,phone\na@b.fr,0612\nc@d.fr,0613\n", ',', "email|phone", "2:a@b.fr|0612\n3:c@d.fr|0613\n");
  check ("email,phone\r\na@b.fr,0612\r\n", ',', "email|phone", "2:a@b.fr|0612\n");
  check ("email,phone\ra@b.fr,0612\rc@d.fr,0613", ',', "email|phone", "2:a@b.fr|0612\n3:c@d.fr|0613\n");
  check ("email,phone\r\na@b.fr,0612\rc@d.fr,0613\nx,y", ',', "email|phone",
         "2:a@b.fr|0612\n3:c@d.fr|0613\n4:x|y\n");
  /* RFC 4180 quoting: delimiters, doubled quotes, line breaks inside quotes. */
  check ("name,email\n\"Dupont, Jean\",j@d.fr\n\"say \"\"hi\"\"\",h@i.fr\n", ',', "name|email",
         "2:Dupont, Jean|j@d.fr\n3:say \"hi\"|h@i.fr\n");
  check ("name,email\n\"two\r\nlines\",a@b.fr\nnext,c@d.fr\n", ',', "name|email",
         "2:two\r\nlines|a@b.fr\n4:next|c@d.fr\n");
  /* A quote inside an unquoted field is a character, as Excel writes it. */
  check ("name,email\nO\"Brien,o@b.ie\n", ',', "name|email", "2:O\"Brien|o@b.ie\n");
  check ("name,email\n\"abc\"def,x@y.fr\n", ',', "name|email", "2:abcdef|x@y.fr\n");
  /* Ragged rows: missing cells are empty, extra cells are read but beyond the header. */
  check ("a,b,c\n1\n1,2,3,4\n", ',', "a|b|c", "2:1\n3:1|2|3|4\n");
  /* Blank lines and Excel's ;;;; rows are skipped and keep the line count. */
  check ("email;phone\n\n;;;;\n  ;  \na@b.fr;0612\n\n", ';', "email|phone", "5:a@b.fr|0612\n");
  check ("\n\n  \nemail\na@b.fr\n", ',', "email", "5:a@b.fr\n");
  /* psql's footer is an ordinary row. */
  check ("email|phone\na@b.fr|0612\n(1 row)\n", '|', "email|phone", "2:a@b.fr|0612\n3:(1 row)\n");
  /* Empty quoted cells and a delimiter at the end. */
  check ("a,b,c\n\"\",x,\n", ',', "a|b|c", "2:|x|\n");
  /* …and at the end of a file without a final line break: its last cell is
   * empty, not a copy of the row (found by fuzz-csv-reader). */
  check ("a,b,c\n1,2,", ',', "a|b|c", "2:1|2|\n");
  check ("a,b,c\n\"1\",\"2\",", ',', "a|b|c", "2:1|2|\n");
  check ("email,", ',', "email|", "");
  /* A single column has no delimiter at all. */
  check ("email\na@b.fr\n", ',', "email", "2:a@b.fr\n");
}

static void
test_delimiters (void)
{
  /* French Excel: semicolons, and commas in decimals. */
  check ("nom;email;montant\nDupont;a@b.fr;12,50\nMartin;c@d.fr;3,20\n", ';', "nom|email|montant",
         "2:Dupont|a@b.fr|12,50\n3:Martin|c@d.fr|3,20\n");
  check ("email\tphone\na@b.fr\t0612\n", '\t', "email|phone", "2:a@b.fr|0612\n");
  check ("email|phone\na@b.fr|0612\n", '|', "email|phone", "2:a@b.fr|0612\n");
  /* Quoted commas do not vote. */
  check ("\"a,b\";c\n\"x,y,z\";w\n", ';', "a,b|c", "2:x,y,z|w\n");

  {
    g_autofree char *path = write_temp ("forced.csv", "a;b,c\n1;2,3\n", 12);
    g_autoptr (GFile) file = g_file_new_for_path (path);
    g_autoptr (CohortCsvReader) reader = cohort_csv_reader_new (file);
    g_autofree char *header = NULL;

    cohort_csv_reader_set_delimiter (reader, ',');
    g_assert_true (cohort_csv_reader_open (reader, NULL, NULL));
    header = header_of (reader);
    g_assert_cmpstr (header, ==, "a;b|c");
  }
}

static void
test_encodings (void)
{
  static const guint8 utf16le[] = { 0xff, 0xfe, 'n', 0, 'o', 0, 'm', 0, '\n', 0,
                                    0xe9, 0, 'l', 0, 0x3d, 0xd8, 0x00, 0xde, '\r', 0, '\n', 0 };
  static const guint8 utf16be[] = { 0xfe, 0xff, 0, 'n', 0, 'o', 0, 'm', 0, '\n',
                                    0, 0xe9, 0, 'l', 0xd8, 0x3d, 0xde, 0x00, 0, '\n' };
  static const guint8 cp1252[] = { 'n', 'o', 'm', '\n', 'H', 0xe9, 'l', 0xe8, 'n', 'e', ' ',
                                   0x80, 0x81, 0x8d, 0x8f, 0x90, 0x9d, 0x9c, '\n' };
  const char *bom = "\xef\xbb\xbfnom,email\nH\xc3\xa9l\xc3\xa8ne,h@x.fr\n";

  {
    g_autoptr (CohortCsvReader) reader = open_text ("bom.csv", bom, -1, TRUE);
    g_autofree char *rows = dump_rows (reader);

    g_assert_cmpint (cohort_csv_reader_get_encoding (reader), ==, COHORT_CSV_ENCODING_UTF8);
    g_assert_cmpstr (cohort_csv_reader_get_column_name (reader, 0), ==, "nom");
    g_assert_cmpstr (rows, ==, "2:Hélène|h@x.fr\n");
  }
  {
    g_autoptr (CohortCsvReader) reader = open_text ("le.csv", utf16le, sizeof utf16le, TRUE);
    g_autofree char *rows = dump_rows (reader);

    g_assert_cmpint (cohort_csv_reader_get_encoding (reader), ==, COHORT_CSV_ENCODING_UTF16LE);
    g_assert_cmpstr (cohort_csv_reader_get_column_name (reader, 0), ==, "nom");
    g_assert_cmpstr (rows, ==, "2:él😀\n");
  }
  {
    g_autoptr (CohortCsvReader) reader = open_text ("be.csv", utf16be, sizeof utf16be, TRUE);
    g_autofree char *rows = dump_rows (reader);

    g_assert_cmpint (cohort_csv_reader_get_encoding (reader), ==, COHORT_CSV_ENCODING_UTF16BE);
    g_assert_cmpstr (rows, ==, "2:él😀\n");
  }
  {
    g_autoptr (CohortCsvReader) reader = open_text ("1252.csv", cp1252, sizeof cp1252, TRUE);
    g_autofree char *rows = dump_rows (reader);

    g_assert_cmpint (cohort_csv_reader_get_encoding (reader), ==, COHORT_CSV_ENCODING_WINDOWS_1252);
    /* The five undefined bytes become the C1 controls of the same value. */
    g_assert_cmpstr (rows, ==, "2:Hélène €\xc2\x81\xc2\x8d\xc2\x8f\xc2\x90\xc2\x9dœ\n");
  }
}

/* A legacy export whose first accented byte comes after 300 KB of ASCII. */
static void
test_encoding_whole_file (void)
{
  GString *contents = g_string_new ("name,email\n");
  g_autoptr (CohortCsvReader) reader = NULL;
  g_autoptr (GError) error = NULL;
  guint rows = 0;
  guint read = 0;
  g_autofree char *last = NULL;

  for (; contents->len < 300 * 1024; rows++)
    g_string_append_printf (contents, "person%u,p%u@example.com\n", rows, rows);
  g_string_append (contents, "Ren\xe9,rene@example.fr\n");

  reader = open_text ("late.csv", contents->str, contents->len, TRUE);
  g_assert_cmpint (cohort_csv_reader_get_encoding (reader), ==, COHORT_CSV_ENCODING_WINDOWS_1252);
  while (cohort_csv_reader_next_row (reader, NULL, &error))
    {
      g_free (last);
      last = g_strdup (cohort_csv_reader_get_cell (reader, 0, NULL));
      read++;
    }
  g_assert_no_error (error);
  g_assert_cmpuint (read, ==, rows + 1);
  g_assert_cmpstr (last, ==, "René");
  g_string_free (contents, TRUE);
}

static void
test_encoding_override (void)
{
  const char *utf8 = "nom\nH\xc3\xa9l\xc3\xa8ne\n";
  g_autofree char *path = write_temp ("override.csv", utf8, strlen (utf8));
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (CohortCsvReader) reader = cohort_csv_reader_new (file);
  g_autofree char *rows = NULL;
  CohortCsvEncoding encoding;

  cohort_csv_reader_set_encoding (reader, COHORT_CSV_ENCODING_WINDOWS_1252);
  g_assert_true (cohort_csv_reader_open (reader, NULL, NULL));
  rows = dump_rows (reader);
  g_assert_cmpstr (rows, ==, "2:HÃ©lÃ¨ne\n");

  g_assert_true (cohort_csv_encoding_from_string ("UTF8", &encoding));
  g_assert_cmpint (encoding, ==, COHORT_CSV_ENCODING_UTF8);
  g_assert_true (cohort_csv_encoding_from_string ("latin1", &encoding));
  g_assert_cmpint (encoding, ==, COHORT_CSV_ENCODING_WINDOWS_1252);
  g_assert_false (cohort_csv_encoding_from_string ("ebcdic", &encoding));
  g_assert_cmpstr (cohort_csv_encoding_to_string (COHORT_CSV_ENCODING_UTF16LE), ==, "utf-16le");
}

/* Rows that cross the reader's chunks at every possible place, in UTF-16
 * (where a character or a surrogate pair can be cut) and with CRLF in quotes. */
static void
test_chunk_boundaries (void)
{
  GString *utf8 = g_string_new ("name,email\r\n");
  g_autoptr (GString) utf16 = g_string_new ("\xff\xfe");
  g_autofree gunichar2 *units = NULL;
  g_autoptr (CohortCsvReader) reader = NULL;
  g_autoptr (GError) error = NULL;
  glong n_units = 0;
  guint row = 0;

  for (guint i = 0; i < 30000; i++)
    g_string_append_printf (utf8, "\"Zoë \"\"%u\"\"\r\n😀\",z%u@exemple.fr\r\n", i, i);
  units = g_utf8_to_utf16 (utf8->str, utf8->len, NULL, &n_units, NULL);
  g_string_append_len (utf16, (const char *) units, n_units * 2);

  reader = open_text ("big16.csv", utf16->str, utf16->len, TRUE);
  while (cohort_csv_reader_next_row (reader, NULL, &error))
    {
      g_autofree char *name = g_strdup_printf ("Zoë \"%u\"\r\n😀", row);
      g_autofree char *email = g_strdup_printf ("z%u@exemple.fr", row);

      g_assert_cmpstr (cohort_csv_reader_get_cell (reader, 0, NULL), ==, name);
      g_assert_cmpstr (cohort_csv_reader_get_cell (reader, 1, NULL), ==, email);
      g_assert_cmpuint (cohort_csv_reader_get_line (reader), ==, 2 + 2 * row);
      row++;
    }
  g_assert_no_error (error);
  g_assert_cmpuint (row, ==, 30000);
  g_assert_cmpuint (cohort_csv_reader_get_bytes_read (reader), ==, utf16->len);
  g_string_free (utf8, TRUE);
}

static void
test_no_header (void)
{
  g_autoptr (CohortCsvReader) reader = open_text ("noheader.csv", "a@b.fr;0612\nc@d.fr;0613\n", -1, FALSE);
  g_autofree char *header = header_of (reader);
  g_autofree char *rows = dump_rows (reader);

  g_assert_cmpstr (header, ==, "1|2");
  g_assert_cmpstr (rows, ==, "1:a@b.fr|0612\n2:c@d.fr|0613\n");
}

/* Reading from a row's offset: no detection, no header, lines of the whole file. */
static void
test_start (void)
{
  const char *text = "a;b\n1;2\r\n\n\"x\ny\";3\n  \n4;5";
  g_autofree char *path = write_temp ("start.csv", text, strlen (text));
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GString) utf16 = g_string_new (NULL);
  g_autofree gunichar2 *units = g_utf8_to_utf16 (text, -1, NULL, NULL, NULL);
  glong offset = strstr (text, "\"x") - text;

  {
    g_autoptr (CohortCsvReader) reader = cohort_csv_reader_new (file);
    g_autofree char *rows = NULL;

    cohort_csv_reader_set_delimiter (reader, ';');
    cohort_csv_reader_set_encoding (reader, COHORT_CSV_ENCODING_UTF8);
    cohort_csv_reader_set_start (reader, offset, 4);
    g_assert_true (cohort_csv_reader_open (reader, NULL, NULL));
    g_assert_cmpuint (cohort_csv_reader_get_n_columns (reader), ==, 0);
    rows = dump_rows (reader);
    g_assert_cmpstr (rows, ==, "4:x\ny|3\n7:4|5\n");
    g_assert_cmpuint (cohort_csv_reader_get_bytes_read (reader), ==, strlen (text));
  }
  {
    /* UTF-16, with a byte order mark that is not there to read. */
    g_autofree char *path16 = NULL;
    g_autoptr (GFile) file16 = NULL;
    g_autoptr (CohortCsvReader) reader = NULL;
    g_autofree char *rows = NULL;

    g_string_append_len (utf16, "\xff\xfe", 2);
    g_string_append_len (utf16, (const char *) units, strlen (text) * 2);
    path16 = write_temp ("start16.csv", utf16->str, utf16->len);
    file16 = g_file_new_for_path (path16);
    reader = cohort_csv_reader_new (file16);
    cohort_csv_reader_set_delimiter (reader, ';');
    cohort_csv_reader_set_encoding (reader, COHORT_CSV_ENCODING_UTF16LE);
    cohort_csv_reader_set_start (reader, 2 + 2 * offset, 4);
    g_assert_true (cohort_csv_reader_open (reader, NULL, NULL));
    rows = dump_rows (reader);
    g_assert_cmpstr (rows, ==, "4:x\ny|3\n7:4|5\n");
  }
  {
    /* Past the end: no rows, no error. */
    g_autoptr (CohortCsvReader) reader = cohort_csv_reader_new (file);
    g_autofree char *rows = NULL;

    cohort_csv_reader_set_delimiter (reader, ';');
    cohort_csv_reader_set_encoding (reader, COHORT_CSV_ENCODING_UTF8);
    cohort_csv_reader_set_start (reader, 1000, 1);
    g_assert_true (cohort_csv_reader_open (reader, NULL, NULL));
    rows = dump_rows (reader);
    g_assert_cmpstr (rows, ==, "");
  }
}

static void
test_find_column (void)
{
  g_autoptr (CohortCsvReader) reader =
      open_text ("columns.csv", "  Téléphone ,E-mail,,Phone,phone,PHONE\n1,2,3,4,5,6\n", -1, TRUE);
  g_autoptr (GError) error = NULL;
  guint column = 99;

  g_assert_true (cohort_csv_reader_find_column (reader, "telephone", &column, &error));
  g_assert_cmpuint (column, ==, 0);
  g_assert_true (cohort_csv_reader_find_column (reader, "TÉLÉPHONE", &column, &error));
  g_assert_cmpuint (column, ==, 0);
  g_assert_true (cohort_csv_reader_find_column (reader, "e-mail", &column, &error));
  g_assert_cmpuint (column, ==, 1);
  g_assert_true (cohort_csv_reader_find_column (reader, "3", &column, &error));
  g_assert_cmpuint (column, ==, 2);
  g_assert_true (cohort_csv_reader_find_column (reader, "phone", &column, &error));
  g_assert_cmpuint (column, ==, 3);
  g_assert_true (cohort_csv_reader_find_column (reader, "phone#2", &column, &error));
  g_assert_cmpuint (column, ==, 4);
  g_assert_true (cohort_csv_reader_find_column (reader, "Phone#3", &column, &error));
  g_assert_cmpuint (column, ==, 5);
  g_assert_no_error (error);
  g_assert_cmpstr (cohort_csv_reader_get_column_name (reader, 0), ==, "  Téléphone ");

  g_assert_false (cohort_csv_reader_find_column (reader, "phone#4", &column, &error));
  g_assert_error (error, COHORT_CSV_ERROR, COHORT_CSV_ERROR_NO_COLUMN);
  g_clear_error (&error);
  g_assert_false (cohort_csv_reader_find_column (reader, "7", &column, &error));
  g_assert_error (error, COHORT_CSV_ERROR, COHORT_CSV_ERROR_NO_COLUMN);
  g_assert_nonnull (strstr (error->message, "6 columns"));
  g_clear_error (&error);
  g_assert_false (cohort_csv_reader_find_column (reader, "", &column, &error));
  g_clear_error (&error);
  g_assert_false (cohort_csv_reader_find_column (reader, "mobile", &column, &error));
  g_assert_nonnull (strstr (error->message, "“mobile”"));
  g_assert_nonnull (strstr (error->message, "columns.csv"));
  g_assert_nonnull (strstr (error->message, "E-mail, 3, Phone"));
}

static void
expect_error (const char *name,
              const void *contents,
              gsize       length,
              int         code,
              const char *fragment)
{
  g_autofree char *path = write_temp (name, contents, length);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (CohortCsvReader) reader = cohort_csv_reader_new (file);
  g_autoptr (GError) error = NULL;

  if (cohort_csv_reader_open (reader, NULL, &error))
    while (cohort_csv_reader_next_row (reader, NULL, &error))
      ;
  g_test_message ("%s: %s", name, error != NULL ? error->message : "no error");
  g_assert_error (error, COHORT_CSV_ERROR, code);
  g_assert_nonnull (strstr (error->message, name));
  if (fragment != NULL)
    g_assert_nonnull (strstr (error->message, fragment));
}

static void
test_errors (void)
{
  static const guint8 png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, '\r',
                                'I', 'H', 'D', 'R', 0, 0, 0, 1, 0, 0, 0, 1, 8, 6 };
  g_autoptr (GString) nul = g_string_new ("email,phone\n");
  g_autofree char *huge = g_malloc (COHORT_CSV_MAX_ROW_BYTES + 100);

  expect_error ("quote.csv", "a,b\n1,2\nx,\"never closed\n3,4\n", 27, COHORT_CSV_ERROR_BAD_QUOTE,
                "line 3, column 2");
  expect_error ("empty.csv", "", 0, COHORT_CSV_ERROR_EMPTY, NULL);
  expect_error ("bom-only.csv", "\xef\xbb\xbf", 3, COHORT_CSV_ERROR_EMPTY, NULL);
  expect_error ("blank.csv", "\n\r\n  \n;;;\n", 10, COHORT_CSV_ERROR_EMPTY, NULL);
  expect_error ("image.csv", png, sizeof png, COHORT_CSV_ERROR_BINARY, NULL);
  expect_error ("nul-head.csv", "a,b\n1,\0\n", 8, COHORT_CSV_ERROR_BINARY, "binary file");
  /* Past the first bytes, the error says where. */
  for (guint i = 0; i < 500; i++)
    g_string_append (nul, "someone@example.com,+33612345678\n");
  g_string_append_len (nul, "c@d.fr,06\0" "13\n", 13);
  expect_error ("nul.csv", nul->str, nul->len, COHORT_CSV_ERROR_BINARY, "line 502, column 2");

  memset (huge, 'x', COHORT_CSV_MAX_ROW_BYTES + 99);
  huge[COHORT_CSV_MAX_ROW_BYTES + 99] = '\n';
  expect_error ("huge.csv", huge, COHORT_CSV_MAX_ROW_BYTES + 100, COHORT_CSV_ERROR_TOO_LONG,
                "line 1");

  {
    g_autofree char *path = g_build_filename (g_get_user_cache_dir (), "missing.csv", NULL);
    g_autoptr (GFile) file = g_file_new_for_path (path);
    g_autoptr (CohortCsvReader) reader = cohort_csv_reader_new (file);
    g_autoptr (GError) error = NULL;

    g_assert_false (cohort_csv_reader_open (reader, NULL, &error));
    g_assert_error (error, COHORT_CSV_ERROR, COHORT_CSV_ERROR_IO);
    g_assert_nonnull (strstr (error->message, "missing.csv"));
  }
}

int
main (int   argc,
      char *argv[])
{
  cohort_i18n_init ();
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/csv-reader/shapes", test_shapes);
  g_test_add_func ("/csv-reader/delimiters", test_delimiters);
  g_test_add_func ("/csv-reader/encodings", test_encodings);
  g_test_add_func ("/csv-reader/encoding-whole-file", test_encoding_whole_file);
  g_test_add_func ("/csv-reader/encoding-override", test_encoding_override);
  g_test_add_func ("/csv-reader/chunk-boundaries", test_chunk_boundaries);
  g_test_add_func ("/csv-reader/no-header", test_no_header);
  g_test_add_func ("/csv-reader/start", test_start);
  g_test_add_func ("/csv-reader/find-column", test_find_column);
  g_test_add_func ("/csv-reader/errors", test_errors);

  return g_test_run ();
}
