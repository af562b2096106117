/* test-csv-rows.c: CohortCsvRows holds the rows CohortCsvReader reads, in any order, few at a time */
#include "config.h"

#include <glib/gstdio.h>

#include "core/csv-reader.h"
#include "core/csv-rows-private.h"
#include "core/i18n.h"

static GThread *main_thread;

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

/* Every row the reader gives, as "line:cell|cell", and the error it ends on. */
static GPtrArray *
reader_rows (const char         *path,
             char                delimiter,
             CohortCsvEncoding   encoding,
             gboolean            has_header,
             GError            **error)
{
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (CohortCsvReader) reader = cohort_csv_reader_new (file);
  GPtrArray *rows = g_ptr_array_new_with_free_func (g_free);

  cohort_csv_reader_set_delimiter (reader, delimiter);
  cohort_csv_reader_set_encoding (reader, encoding);
  cohort_csv_reader_set_has_header (reader, has_header);
  if (cohort_csv_reader_open (reader, NULL, error))
    while (cohort_csv_reader_next_row (reader, NULL, error))
      {
        GString *row = g_string_new (NULL);

        g_string_append_printf (row, "%" G_GUINT64_FORMAT ":", cohort_csv_reader_get_line (reader));
        for (guint i = 0; i < cohort_csv_reader_get_n_cells (reader); i++)
          g_string_append_printf (row, "%s%s", i > 0 ? "|" : "", cohort_csv_reader_get_cell (reader, i, NULL));
        g_ptr_array_add (rows, g_string_free (row, FALSE));
      }
  return rows;
}

static char *
row_text (CohortCsvRow *row)
{
  GString *text = g_string_new (NULL);

  g_string_append_printf (text, "%" G_GUINT64_FORMAT ":", cohort_csv_row_get_line (row));
  for (guint i = 0; i < cohort_csv_row_get_n_cells (row); i++)
    g_string_append_printf (text, "%s%s", i > 0 ? "|" : "", cohort_csv_row_get_cell (row, i));
  return g_string_free (text, FALSE);
}

static char *
item_text (CohortCsvRows *rows,
           guint          position)
{
  g_autoptr (CohortCsvRow) row = g_list_model_get_item (G_LIST_MODEL (rows), position);

  g_assert_nonnull (row);
  return row_text (row);
}

typedef struct
{
  guint     n_batches;
  guint     n_rows;
  gboolean  done;
  GError   *error;
} Indexing;

/* Each batch continues the previous one, on the main thread. */
static void
count_batch (GListModel *model,
             guint       position,
             guint       removed,
             guint       added,
             Indexing   *indexing)
{
  g_assert_true (g_thread_self () == main_thread);
  g_assert_cmpuint (position, ==, indexing->n_rows);
  g_assert_cmpuint (removed, ==, 0);
  g_assert_cmpuint (added, >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, position + added);
  indexing->n_batches++;
  indexing->n_rows += added;
}

static void
index_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Indexing *indexing = user_data;

  g_assert_true (g_thread_self () == main_thread);
  cohort_csv_rows_index_finish (COHORT_CSV_ROWS (source), result, &indexing->error);
  indexing->done = TRUE;
}

static void
wait_for_index (CohortCsvRows *rows,
                Indexing      *indexing,
                GCancellable  *cancellable)
{
  cohort_csv_rows_index_async (rows, cancellable, index_done, indexing);
  while (!indexing->done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (indexing->n_rows, ==, g_list_model_get_n_items (G_LIST_MODEL (rows)));
}

static CohortCsvRows *
index_file (const char         *path,
            char                delimiter,
            CohortCsvEncoding   encoding,
            gboolean            has_header,
            GError            **error)
{
  g_autoptr (GFile) file = g_file_new_for_path (path);
  CohortCsvRows *rows = cohort_csv_rows_new (file, delimiter, encoding, has_header);
  Indexing indexing = { 0 };

  g_signal_connect (rows, "items-changed", G_CALLBACK (count_batch), &indexing);
  wait_for_index (rows, &indexing, NULL);
  g_signal_handlers_disconnect_by_data (rows, &indexing);
  if (indexing.error != NULL)
    g_propagate_error (error, indexing.error);
  return rows;
}

/* The model's rows are the reader's: in order and in a random order;
 * and the index ends on the reader's error, word for word. Returns the rows. */
static CohortCsvRows *
check_same (const char        *name,
            const void        *contents,
            gssize             length,
            char               delimiter,
            CohortCsvEncoding  encoding,
            gboolean           has_header)
{
  g_autofree char *path = write_temp (name, contents, length < 0 ? strlen (contents) : (gsize) length);
  g_autoptr (GError) reader_error = NULL;
  g_autoptr (GError) rows_error = NULL;
  g_autoptr (GPtrArray) expected = reader_rows (path, delimiter, encoding, has_header, &reader_error);
  CohortCsvRows *rows = index_file (path, delimiter, encoding, has_header, &rows_error);
  g_autofree guint *order = g_new (guint, expected->len + 1);

  g_test_message ("%s: %" G_GSIZE_FORMAT " bytes, %u rows, %s", name,
                  length < 0 ? strlen (contents) : (gsize) length, expected->len,
                  reader_error != NULL ? reader_error->message : "no error");
  if (reader_error != NULL)
    {
      g_assert_nonnull (rows_error);
      g_assert_cmpuint (rows_error->domain, ==, reader_error->domain);
      g_assert_cmpint (rows_error->code, ==, reader_error->code);
      g_assert_cmpstr (rows_error->message, ==, reader_error->message);
    }
  else
    g_assert_no_error (rows_error);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (rows)), ==, expected->len);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (rows), expected->len));
  for (guint i = 0; i < expected->len; i++)
    {
      g_autofree char *text = item_text (rows, i);

      g_assert_cmpstr (text, ==, g_ptr_array_index (expected, i));
      order[i] = i;
    }
  /* A sample in a random order: each row there is a block to read. */
  for (guint i = expected->len; i > 1; i--)
    {
      guint j = g_test_rand_int_range (0, i);
      guint swap = order[i - 1];

      order[i - 1] = order[j];
      order[j] = swap;
    }
  for (guint i = 0; i < MIN (expected->len, 300); i++)
    {
      g_autofree char *text = item_text (rows, order[i]);

      g_assert_cmpstr (text, ==, g_ptr_array_index (expected, order[i]));
    }
  g_assert_null (cohort_csv_rows_get_error (rows));
  return rows;
}

static void
check_utf8 (const char *contents,
            char        delimiter)
{
  g_object_unref (check_same ("header.csv", contents, -1, delimiter, COHORT_CSV_ENCODING_UTF8, TRUE));
  g_object_unref (check_same ("no-header.csv", contents, -1, delimiter, COHORT_CSV_ENCODING_UTF8, FALSE));
}

static void
test_shapes (void)
{
  g_autoptr (CohortCsvRows) rows = NULL;
  g_autoptr (CohortCsvRow) row = NULL;

  check_utf8 ("email,phone\na@b.fr,0612\nc@d.fr,0613\n", ',');
  check_utf8 ("email,phone\r\na@b.fr,0612\r\n", ',');
  check_utf8 ("email,phone\ra@b.fr,0612\rc@d.fr,0613", ',');
  check_utf8 ("email,phone\r\na@b.fr,0612\rc@d.fr,0613\nx,y", ',');
  check_utf8 ("name,email\n\"Dupont, Jean\",j@d.fr\n\"say \"\"hi\"\"\",h@i.fr\n", ',');
  check_utf8 ("name,email\n\"two\r\nlines\",a@b.fr\nnext,c@d.fr\n\"\r\n\",\"\n\r\",\"\r\r\"\n", ',');
  check_utf8 ("name,email\nO\"Brien,o@b.ie\n\"abc\"def,x@y.fr\n\"a\"\"\",\"\"\"\"\n", ',');
  check_utf8 ("a,b,c\n1\n1,2,3,4\n", ',');
  check_utf8 ("email;phone\n\n;;;;\n  ;  \na@b.fr;0612\n\n", ';');
  check_utf8 ("\n\n  \nemail\na@b.fr\n\t\n\"\"\n\" \",\"\t\"\nz\n", ',');
  check_utf8 ("email|phone\na@b.fr|0612\n(1 row)\n", '|');
  check_utf8 ("a,b,c\n\"\",x,\n", ',');
  check_utf8 ("email\na@b.fr", ',');
  check_utf8 ("a\tb\n1\t\"2\t3\"\n", '\t');
  check_utf8 ("\xef\xbb\xbfnom,email\nH\xc3\xa9l\xc3\xa8ne,h@x.fr\n", ',');
  check_utf8 ("\xef\xbb\xbf" "a\n\xef\xbb\xbf" "b\n", ',');

  /* A cell past the row's end is empty. */
  rows = check_same ("short.csv", "a,b,c\n1\n", -1, ',', COHORT_CSV_ENCODING_UTF8, TRUE);
  row = g_list_model_get_item (G_LIST_MODEL (rows), 0);
  g_assert_cmpuint (cohort_csv_row_get_n_cells (row), ==, 1);
  g_assert_cmpstr (cohort_csv_row_get_cell (row, 0), ==, "1");
  g_assert_cmpstr (cohort_csv_row_get_cell (row, 1), ==, "");
  g_assert_cmpstr (cohort_csv_row_get_cell (row, 1000), ==, "");
  g_assert_cmpuint (cohort_csv_row_get_line (row), ==, 2);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (rows)) == COHORT_TYPE_CSV_ROW);
}

/* Appends @piece with its # written as @delimiter. */
static void
append_piece (GString    *text,
              const char *piece,
              char        delimiter)
{
  for (const char *p = piece; *p != '\0'; p++)
    g_string_append_c (text, *p == '#' ? delimiter : *p);
}

/* A file of @n_rows rows of every shape, with blank lines between them,
 * every kind of line end and line breaks inside quotes, in UTF-8. */
static GString *
random_file (guint    n_rows,
             char     delimiter,
             gboolean wide)
{
  static const char *const plain[] = { "a@b.fr", "0612345678", "Zoë", "œuvre €5", "O\"Brien", "  ", "", "x" };
  static const char *const quoted[] = { "\"Dupont# Jean\"", "\"two\nlines\"", "\"two\r\nlines\"", "\"cr\rline\"",
                                        "\"say \"\"hi\"\"\"", "\"\"", "\"abc\"def", "\" \"" };
  static const char *const ends[] = { "\n", "\r\n", "\r" };
  static const char *const blanks[] = { "", "  ", "\t", "##", "\"\"" };
  GString *text = g_string_new ("email,phone,name\r\n");

  for (guint r = 0; r < n_rows; r++)
    {
      guint n_cells = g_test_rand_int_range (1, 6);

      if (g_test_rand_int_range (0, 10) == 0)
        {
          append_piece (text, blanks[g_test_rand_int_range (0, G_N_ELEMENTS (blanks))], delimiter);
          g_string_append (text, ends[g_test_rand_int_range (0, G_N_ELEMENTS (ends))]);
        }
      for (guint c = 0; c < n_cells; c++)
        {
          if (c > 0)
            g_string_append_c (text, delimiter);
          if (g_test_rand_bit ())
            append_piece (text, quoted[g_test_rand_int_range (0, G_N_ELEMENTS (quoted))], delimiter);
          else
            g_string_append (text, plain[g_test_rand_int_range (0, G_N_ELEMENTS (plain))]);
          if (c == 0)
            g_string_append_printf (text, "%u", r);
        }
      if (wide && g_test_rand_int_range (0, 7) == 0)
        g_string_append (text, "😀");
      g_string_append (text, ends[g_test_rand_int_range (0, G_N_ELEMENTS (ends))]);
    }
  return text;
}

static GString *
to_utf16 (const char *utf8,
          gsize       length,
          gboolean    big_endian,
          const char *bom)
{
  glong n_units = 0;
  g_autofree gunichar2 *units = g_utf8_to_utf16 (utf8, length, NULL, &n_units, NULL);
  GString *out = g_string_new (bom);

  g_assert_nonnull (units);
  for (glong i = 0; i < n_units; i++)
    {
      guint8 bytes[2] = { units[i] & 0xff, units[i] >> 8 };

      if (big_endian)
        {
          guint8 swap = bytes[0];

          bytes[0] = bytes[1];
          bytes[1] = swap;
        }
      g_string_append_len (out, (const char *) bytes, 2);
    }
  return out;
}

static void
test_encodings (void)
{
  static const guint8 utf16le[] = { 0xff, 0xfe, 'n', 0, 'o', 0, 'm', 0, '\n', 0,
                                    0xe9, 0, 'l', 0, 0x3d, 0xd8, 0x00, 0xde, '\r', 0, '\n', 0,
                                    /* a lone low surrogate, then a unit cut by the end */
                                    0x00, 0xdc, '\n', 0, ' ', 0, '\n', 0, 'x', 0, '\n', 0, 0x3d };
  static const guint8 cp1252[] = { 'n', 'o', 'm', '\n', 'H', 0xe9, 'l', 0xe8, 'n', 'e', ' ',
                                   0x80, 0x81, 0x8d, 0x8f, 0x90, 0x9d, 0x9c, '\n', 0xa0, '\n' };
  g_autoptr (GString) small = random_file (300, ';', TRUE);
  /* Several chunks of the index's reads, many blocks. */
  g_autoptr (GString) big = random_file (8000, ',', TRUE);
  g_autoptr (GString) big_latin = random_file (8000, ';', FALSE);
  g_autofree char *latin = g_convert (big_latin->str, big_latin->len, "WINDOWS-1252", "UTF-8", NULL, NULL, NULL);
  CohortCsvRows *rows;

  g_assert_nonnull (latin);
  g_object_unref (check_same ("le.csv", utf16le, sizeof utf16le, ',', COHORT_CSV_ENCODING_UTF16LE, TRUE));
  g_object_unref (check_same ("1252.csv", cp1252, sizeof cp1252, ',', COHORT_CSV_ENCODING_WINDOWS_1252, TRUE));
  g_object_unref (check_same ("1252-big.csv", latin, -1, ';', COHORT_CSV_ENCODING_WINDOWS_1252, TRUE));
  g_object_unref (check_same ("utf8-big.csv", big->str, big->len, ',', COHORT_CSV_ENCODING_UTF8, TRUE));
  g_object_unref (check_same ("utf8-small.csv", small->str, small->len, ';', COHORT_CSV_ENCODING_UTF8, FALSE));

  for (guint i = 0; i < 2; i++)
    {
      gboolean big_endian = i == 1;
      CohortCsvEncoding encoding = big_endian ? COHORT_CSV_ENCODING_UTF16BE : COHORT_CSV_ENCODING_UTF16LE;
      g_autoptr (GString) with_bom = to_utf16 (big->str, big->len, big_endian, big_endian ? "\xfe\xff" : "\xff\xfe");
      /* A UTF-8 byte order mark before UTF-16: dropped, and every unit is at
       * an odd offset, cut by each of the index's reads. The first bytes
       * must look like text: no ASCII (and so no NUL) in a long header. */
      g_autoptr (GString) odd_text = g_string_new (NULL);
      g_autoptr (GString) odd = NULL;

      for (guint c = 0; c < 3000; c++)
        g_string_append (odd_text, "中");
      g_string_append (odd_text, "\n");
      g_string_append (odd_text, big->str);
      odd = to_utf16 (odd_text->str, odd_text->len, big_endian, "\xef\xbb\xbf");

      g_autoptr (GString) small16 = to_utf16 (small->str, small->len, big_endian, big_endian ? "\xfe\xff" : "\xff\xfe");

      rows = check_same ("16-bom.csv", with_bom->str, with_bom->len, ',', encoding, TRUE);
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (rows)), >=, 8000);
      g_clear_object (&rows);
      rows = check_same ("16-small.csv", small16->str, small16->len, ';', encoding, FALSE);
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (rows)), >=, 300);
      g_clear_object (&rows);
      rows = check_same ("16-odd.csv", odd->str, odd->len, ',', encoding, TRUE);
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (rows)), >, 8000);
      g_clear_object (&rows);
    }
}

/* A UTF-8 file's bytes that are not UTF-8 come out repaired: a label takes them. */
static void
test_invalid_utf8 (void)
{
  g_autoptr (CohortCsvRows) rows = NULL;
  g_autoptr (CohortCsvRow) row = NULL;
  g_autofree char *path = write_temp ("bad.csv", "a,b\nRen\xe9,ok\n", 12);

  rows = index_file (path, ',', COHORT_CSV_ENCODING_UTF8, TRUE, NULL);
  row = g_list_model_get_item (G_LIST_MODEL (rows), 0);
  g_assert_cmpstr (cohort_csv_row_get_cell (row, 0), ==, "Ren\xef\xbf\xbd");
  g_assert_cmpstr (cohort_csv_row_get_cell (row, 1), ==, "ok");
}

/* Reading everything in any order keeps no more than the cache's blocks;
 * rows of a block that leaves the cache are freed unless someone holds them. */
static void
test_cache (void)
{
  guint n_rows = 50 * COHORT_CSV_ROWS_BLOCK_SIZE + 17;
  g_autoptr (GString) text = g_string_new ("n,name\n");
  g_autoptr (CohortCsvRows) rows = NULL;
  g_autofree char *path = NULL;
  g_autoptr (CohortCsvRow) held = NULL;
  CohortCsvRow *first;

  for (guint i = 0; i < n_rows; i++)
    g_string_append_printf (text, "%u,name %u\n", i, i);
  path = write_temp ("cache.csv", text->str, text->len);
  rows = index_file (path, ',', COHORT_CSV_ENCODING_UTF8, TRUE, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (rows)), ==, n_rows);
  g_assert_cmpuint (cohort_csv_rows_get_n_cached_blocks (rows), ==, 0);

  for (guint i = 0; i < 1500; i++)
    {
      guint position = g_test_rand_int_range (0, n_rows);
      g_autoptr (CohortCsvRow) row = g_list_model_get_item (G_LIST_MODEL (rows), position);
      g_autofree char *name = g_strdup_printf ("name %u", position);

      g_assert_cmpstr (cohort_csv_row_get_cell (row, 1), ==, name);
      g_assert_cmpuint (cohort_csv_row_get_line (row), ==, position + 2);
      g_assert_cmpuint (cohort_csv_rows_get_n_cached_blocks (rows), <=, COHORT_CSV_ROWS_CACHED_BLOCKS);
    }
  g_assert_cmpuint (cohort_csv_rows_get_n_cached_blocks (rows), ==, COHORT_CSV_ROWS_CACHED_BLOCKS);

  /* The same object while its block is cached. */
  first = g_list_model_get_item (G_LIST_MODEL (rows), 0);
  held = g_list_model_get_item (G_LIST_MODEL (rows), COHORT_CSV_ROWS_BLOCK_SIZE);
  g_object_add_weak_pointer (G_OBJECT (first), (gpointer *) &first);
  g_object_unref (first);
  g_assert_nonnull (first);
  {
    g_autoptr (CohortCsvRow) again = g_list_model_get_item (G_LIST_MODEL (rows), 0);

    g_assert_true (again == first);
  }
  for (guint b = 2; b < 2 + COHORT_CSV_ROWS_CACHED_BLOCKS; b++)
    g_object_unref (g_list_model_get_item (G_LIST_MODEL (rows), b * COHORT_CSV_ROWS_BLOCK_SIZE));
  g_assert_null (first);
  g_assert_cmpstr (cohort_csv_row_get_cell (held, 1), ==, "name 128");
  g_assert_cmpuint (cohort_csv_rows_get_n_cached_blocks (rows), ==, COHORT_CSV_ROWS_CACHED_BLOCKS);
}

typedef struct
{
  Indexing      indexing;
  CohortCsvRows *rows;
  GCancellable  *cancel_on_first;
  CohortCsvRow  *partial;     /* the last row of the first batch */
  guint          partial_position;
  gboolean       partial_checked;
} Growing;

static void
check_batch (GListModel *model,
             guint       position,
             guint       removed,
             guint       added,
             Growing    *growing)
{
  guint last = position + added - 1;
  g_autoptr (CohortCsvRow) first_row = g_list_model_get_item (model, position);
  g_autoptr (CohortCsvRow) last_row = g_list_model_get_item (model, last);
  g_autofree char *first_name = g_strdup_printf ("%u", position);
  g_autofree char *last_name = g_strdup_printf ("%u", last);

  /* Rows can be read while the index grows, a block still filling included. */
  g_assert_cmpstr (cohort_csv_row_get_cell (first_row, 0), ==, first_name);
  g_assert_cmpstr (cohort_csv_row_get_cell (last_row, 0), ==, last_name);
  if (growing->partial == NULL)
    {
      growing->partial = g_object_ref (last_row);
      growing->partial_position = last;
    }
  else if (!growing->partial_checked)
    {
      /* The same block, read again with more rows: its rows are the same objects. */
      g_autoptr (CohortCsvRow) again = g_list_model_get_item (model, growing->partial_position);

      g_assert_true (again == growing->partial);
      growing->partial_checked = TRUE;
    }
  if (growing->cancel_on_first != NULL)
    g_cancellable_cancel (growing->cancel_on_first);
}

static GString *
numbered_file (guint n_rows)
{
  GString *text = g_string_new ("n,name\n");

  for (guint i = 0; i < n_rows; i++)
    g_string_append_printf (text, "%u,n%u\n", i, i);
  return text;
}

/* The model grows by batches that add up to every row, on the main thread. */
static void
test_batches (void)
{
  guint n_rows = 100000;
  g_autoptr (GString) text = numbered_file (n_rows);
  g_autofree char *path = write_temp ("batches.csv", text->str, text->len);
  g_autoptr (GFile) file = g_file_new_for_path (path);

  /* As it runs: few batches, whatever the main thread's speed. */
  for (guint lockstep = 0; lockstep < 2; lockstep++)
    {
      Growing growing = { { 0 } };

      growing.rows = cohort_csv_rows_new (file, ',', COHORT_CSV_ENCODING_UTF8, TRUE);
      /* Then a batch for each read, taken before the index reads on: rows
       * read while the model grows, a block read again as it fills. */
      if (lockstep)
        cohort_csv_rows_set_lockstep (growing.rows);
      g_signal_connect (growing.rows, "items-changed", G_CALLBACK (check_batch), &growing);
      g_signal_connect (growing.rows, "items-changed", G_CALLBACK (count_batch), &growing.indexing);
      wait_for_index (growing.rows, &growing.indexing, NULL);
      g_assert_no_error (growing.indexing.error);
      g_test_message ("%u rows in %u batches%s", n_rows, growing.indexing.n_batches,
                      lockstep ? ", in lockstep" : "");
      g_assert_cmpuint (growing.indexing.n_rows, ==, n_rows);
      g_assert_cmpuint (growing.indexing.n_batches, >=, lockstep ? 4 : 1);
      g_assert_cmpuint (growing.indexing.n_batches, <, n_rows / 1000);
      if (lockstep)
        g_assert_true (growing.partial_checked);
      g_clear_object (&growing.partial);
      g_object_unref (growing.rows);
    }
}

static void
test_cancel (void)
{
  guint n_rows = 100000;
  g_autoptr (GString) text = numbered_file (n_rows);
  g_autofree char *path = write_temp ("cancel.csv", text->str, text->len);
  g_autoptr (GFile) file = g_file_new_for_path (path);

  /* Before it starts: no rows. */
  {
    g_autoptr (CohortCsvRows) rows = cohort_csv_rows_new (file, ',', COHORT_CSV_ENCODING_UTF8, TRUE);
    g_autoptr (GCancellable) cancellable = g_cancellable_new ();
    Indexing indexing = { 0 };

    g_signal_connect (rows, "items-changed", G_CALLBACK (count_batch), &indexing);
    g_cancellable_cancel (cancellable);
    wait_for_index (rows, &indexing, cancellable);
    g_assert_error (indexing.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&indexing.error);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (rows)), ==, 0);
  }
  /* At the first batch: the rows found stay, and can be read. */
  {
    g_autoptr (GCancellable) cancellable = g_cancellable_new ();
    Growing growing = { { 0 } };
    guint n_items;

    growing.rows = cohort_csv_rows_new (file, ',', COHORT_CSV_ENCODING_UTF8, TRUE);
    cohort_csv_rows_set_lockstep (growing.rows);
    growing.cancel_on_first = cancellable;
    g_signal_connect (growing.rows, "items-changed", G_CALLBACK (count_batch), &growing.indexing);
    g_signal_connect (growing.rows, "items-changed", G_CALLBACK (check_batch), &growing);
    wait_for_index (growing.rows, &growing.indexing, cancellable);
    g_assert_error (growing.indexing.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&growing.indexing.error);
    n_items = g_list_model_get_n_items (G_LIST_MODEL (growing.rows));
    g_test_message ("cancelled after %u rows of %u", n_items, n_rows);
    g_assert_cmpuint (n_items, >, 0);
    g_assert_cmpuint (n_items, <, n_rows);
    {
      g_autoptr (CohortCsvRow) last = g_list_model_get_item (G_LIST_MODEL (growing.rows), n_items - 1);
      g_autofree char *name = g_strdup_printf ("n%u", n_items - 1);

      g_assert_cmpstr (cohort_csv_row_get_cell (last, 1), ==, name);
    }
    g_clear_object (&growing.partial);
    g_object_unref (growing.rows);
  }
}

/* The index stops where the reader stops, with the reader's error. */
static void
test_errors (void)
{
  g_autoptr (GString) rows = numbered_file (1000);
  g_autoptr (GString) text = NULL;
  gsize huge_length = COHORT_CSV_MAX_ROW_BYTES + 100;
  g_autofree char *huge = NULL;

  text = g_string_new (rows->str);
  g_string_append (text, "x,\"never closed\n");
  g_string_append (text, rows->str + strlen ("n,name\n"));
  g_object_unref (check_same ("quote.csv", text->str, text->len, ',', COHORT_CSV_ENCODING_UTF8, TRUE));

  g_string_assign (text, rows->str);
  g_string_append_len (text, "c@d.fr,06\0" "13\n", 13);
  g_string_append (text, rows->str);
  g_object_unref (check_same ("nul.csv", text->str, text->len, ',', COHORT_CSV_ENCODING_UTF8, TRUE));

  g_string_assign (text, rows->str);
  g_string_append_len (text, "\0\n", 2);
  g_object_unref (check_same ("nul-first.csv", text->str, text->len, ',', COHORT_CSV_ENCODING_UTF8, TRUE));

  {
    g_autoptr (GString) utf16 = to_utf16 (rows->str, rows->len, FALSE, "\xff\xfe");

    g_string_append_len (utf16, "x\0,\0\0\0\n\0", 8);
    g_object_unref (check_same ("nul16.csv", utf16->str, utf16->len, ',', COHORT_CSV_ENCODING_UTF16LE, TRUE));
  }

  /* Too long for the reader, and long but fine. */
  huge = g_malloc (huge_length);
  memset (huge, 'x', huge_length);
  huge[huge_length - 1] = '\n';
  g_string_assign (text, rows->str);
  g_string_append_len (text, huge, huge_length);
  g_string_append (text, "after,1\n");
  g_object_unref (check_same ("huge.csv", text->str, text->len, ',', COHORT_CSV_ENCODING_UTF8, TRUE));
  g_string_assign (text, rows->str);
  g_string_append_len (text, huge, COHORT_CSV_MAX_ROW_BYTES / 3 + 1000);
  g_string_append (text, "\nafter,1\n");
  g_object_unref (check_same ("long.csv", text->str, text->len, ',', COHORT_CSV_ENCODING_UTF8, TRUE));
  /* A quote never closed, for longer than a row may be. */
  g_string_assign (text, rows->str);
  g_string_append_c (text, '"');
  g_string_append_len (text, huge, huge_length);
  g_object_unref (check_same ("huge-quote.csv", text->str, text->len, ',', COHORT_CSV_ENCODING_UTF8, TRUE));

  /* Refused at the start, as the reader refuses it. */
  g_object_unref (check_same ("empty.csv", "", 0, ',', COHORT_CSV_ENCODING_UTF8, TRUE));
  g_object_unref (check_same ("blank.csv", "\n\r\n  \n;;;\n", -1, ';', COHORT_CSV_ENCODING_UTF8, TRUE));
  g_object_unref (check_same ("header-only.csv", "a,b\n\n", -1, ',', COHORT_CSV_ENCODING_UTF8, TRUE));
  {
    g_autofree char *path = g_build_filename (g_get_user_cache_dir (), "missing.csv", NULL);
    g_autoptr (GError) error = NULL;
    g_autoptr (CohortCsvRows) missing = index_file (path, ',', COHORT_CSV_ENCODING_UTF8, TRUE, &error);

    g_assert_error (error, COHORT_CSV_ERROR, COHORT_CSV_ERROR_IO);
    g_assert_nonnull (strstr (error->message, "missing.csv"));
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (missing)), ==, 0);
  }
}

/* A file changed or removed after its index: its rows are empty, never
 * another file's, and the model says why. */
static void
test_changed (void)
{
  g_autoptr (GString) text = numbered_file (2000);
  g_autofree char *path = write_temp ("changed.csv", text->str, text->len);
  g_autoptr (CohortCsvRows) rows = index_file (path, ',', COHORT_CSV_ENCODING_UTF8, TRUE, NULL);
  g_autoptr (CohortCsvRow) cached = g_list_model_get_item (G_LIST_MODEL (rows), 0);
  g_autoptr (CohortCsvRow) changed = NULL;
  g_autoptr (GString) other = numbered_file (3000);
  const GError *error;

  g_assert_null (cohort_csv_rows_get_error (rows));
  g_assert_true (g_file_set_contents (path, other->str + 1, other->len - 1, NULL));
  changed = g_list_model_get_item (G_LIST_MODEL (rows), 1500);
  g_assert_cmpuint (cohort_csv_row_get_n_cells (changed), ==, 0);
  g_assert_cmpstr (cohort_csv_row_get_cell (changed, 0), ==, "");
  g_assert_cmpuint (cohort_csv_row_get_line (changed), ==, 0);
  error = cohort_csv_rows_get_error (rows);
  g_assert_error ((GError *) error, COHORT_CSV_ERROR, COHORT_CSV_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "changed.csv"));
  g_test_message ("%s", error->message);

  g_assert_cmpint (g_unlink (path), ==, 0);
  g_clear_object (&changed);
  changed = g_list_model_get_item (G_LIST_MODEL (rows), 1000);
  g_assert_cmpuint (cohort_csv_row_get_n_cells (changed), ==, 0);
  /* The first error stays. */
  g_assert_true (cohort_csv_rows_get_error (rows) == error);
  g_assert_cmpstr (cohort_csv_row_get_cell (cached, 1), ==, "n0");

  {
    g_autofree char *removed_path = write_temp ("removed.csv", text->str, text->len);
    g_autoptr (CohortCsvRows) removed = index_file (removed_path, ',', COHORT_CSV_ENCODING_UTF8, TRUE, NULL);

    g_assert_cmpint (g_unlink (removed_path), ==, 0);
    g_clear_object (&changed);
    changed = g_list_model_get_item (G_LIST_MODEL (removed), 10);
    g_assert_cmpuint (cohort_csv_row_get_n_cells (changed), ==, 0);
    g_assert_error ((GError *) cohort_csv_rows_get_error (removed), COHORT_CSV_ERROR, COHORT_CSV_ERROR_IO);
    g_test_message ("%s", cohort_csv_rows_get_error (removed)->message);
  }
}

int
main (int   argc,
      char *argv[])
{
  cohort_i18n_init ();
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  main_thread = g_thread_self ();

  g_test_add_func ("/csv-rows/shapes", test_shapes);
  g_test_add_func ("/csv-rows/encodings", test_encodings);
  g_test_add_func ("/csv-rows/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/csv-rows/cache", test_cache);
  g_test_add_func ("/csv-rows/batches", test_batches);
  g_test_add_func ("/csv-rows/cancel", test_cancel);
  g_test_add_func ("/csv-rows/errors", test_errors);
  g_test_add_func ("/csv-rows/changed", test_changed);

  return g_test_run ();
}
