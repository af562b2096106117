/* test-hostile.c: files no customer list should be, through `cohort-cli import`: a clear error or a
 * correct result, never a crash, a hang or a partial version */
#include "config.h"

#include <sys/stat.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "cli-runner.h"
#include "core/csv-reader.h"
#include "core/i18n.h"
#include "core/import.h"
#include "core/store-audiences.h"

typedef struct
{
  const char *name;
  int         status;
  const char *message; /* in the error, or NULL when the import succeeds */
} Case;

static char *data_dir;

/* Writes the file of case @name in @dir; NULL when it cannot be made here. */
static char *
make_file (const char *dir,
           const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr (GString) text = g_string_new (NULL);

  if (g_str_equal (name, "empty.csv"))
    ;
  else if (g_str_equal (name, "bom-only.csv"))
    g_string_append (text, "\xef\xbb\xbf");
  else if (g_str_equal (name, "nul.csv"))
    g_string_append_len (text, "email\na@b.fr\0x\nc@d.fr\n", 22);
  else if (g_str_equal (name, "late-latin1.csv"))
    {
      /* Valid UTF-8 for 300 KB, then one Windows-1252 byte. */
      g_string_append (text, "email,name\n");
      for (guint i = 0; i < 20000; i++)
        g_string_append (text, "ann@exemple.fr,Ann\n");
      g_string_append (text, "rene@exemple.fr,Ren\xe9\n");
    }
  else if (g_str_equal (name, "10000-columns.csv"))
    {
      for (guint row = 0; row < 2; row++)
        {
          for (guint i = 0; i < 10000; i++)
            g_string_append_printf (text, "%sc%u", i > 0 ? "," : "", i);
          g_string_append_c (text, '\n');
        }
    }
  else if (g_str_equal (name, "open-quote.csv"))
    g_string_append (text, "email\n\"ann@exemple.fr\nbob@exemple.fr\n");
  else if (g_str_equal (name, "image.csv"))
    {
      g_string_append_len (text, "\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
      for (guint i = 0; i < 2048; i++)
        g_string_append_c (text, (char) (i * 7));
    }
  else if (g_str_equal (name, "archive.csv"))
    {
      g_string_append_len (text, "PK\x03\x04\x14\0\0\0\x08\0", 10);
      for (guint i = 0; i < 2048; i++)
        g_string_append_c (text, (char) (i * 13 + 1));
    }
  else if (g_str_equal (name, "long-line.csv"))
    {
      g_string_append (text, "email\n");
      for (guint i = 0; i < 100 * 1024 * 1024 / 64; i++)
        g_string_append (text, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
      g_string_append (text, "@exemple.fr\n");
    }
  else if (g_str_equal (name, "folder.csv"))
    {
      g_assert_cmpint (g_mkdir (path, 0700), ==, 0);
      return g_steal_pointer (&path);
    }
  else if (g_str_equal (name, "pipe.csv"))
    {
      /* Nobody writes to it: reading it would wait for ever. */
      g_assert_cmpint (mkfifo (path, 0600), ==, 0);
      return g_steal_pointer (&path);
    }
  else if (g_str_equal (name, "unreadable.csv"))
    {
      if (geteuid () == 0)
        return NULL;
      g_string_append (text, "email\nann@exemple.fr\n");
      g_assert_true (g_file_set_contents (path, text->str, text->len, NULL));
      g_assert_cmpint (g_chmod (path, 0), ==, 0);
      return g_steal_pointer (&path);
    }
  else
    g_assert_not_reached ();
  g_assert_true (g_file_set_contents (path, text->str, text->len, NULL));
  return g_steal_pointer (&path);
}

static void
test_case (gconstpointer data)
{
  const Case *c = data;
  g_autofree char *dir = g_dir_make_tmp ("cohort-hostile-XXXXXX", NULL);
  g_autofree char *path = make_file (dir, c->name);
  g_auto (CliRun) run = { 0 };
  g_auto (CliRun) audiences = { 0 };
  g_autofree char *audience = g_strdup_printf ("Hostile %s", c->name);

  if (path == NULL)
    {
      g_test_skip ("root reads every file");
      return;
    }
  cli_run (&run, NULL, "--data-dir", data_dir, "import", path, "--audience", audience, NULL);
  g_assert_cmpint (run.status, ==, c->status);
  if (c->message != NULL)
    {
      g_assert_nonnull (strstr (run.err, c->name));
      g_assert_nonnull (strstr (run.err, c->message));
      g_assert_cmpuint (strlen (run.err), <, 1000);
    }

  /* A refused file stores nothing, not even an empty audience. */
  cli_run (&audiences, NULL, "--data-dir", data_dir, "audiences", "--json", NULL);
  g_assert_cmpint (audiences.status, ==, 0);
  g_assert_true ((strstr (audiences.out, audience) != NULL) == (c->status == 0));

  g_chmod (path, 0600);
  g_unlink (path);
  g_rmdir (path);
  g_rmdir (dir);
}

typedef enum
{
  GROWS,
  SHRINKS,
  DISAPPEARS,
  IS_REPLACED,
} Change;

typedef struct
{
  const char *path;
  gsize       size;
  Change      change;
  gboolean    done;
} Changer;

/* Called by the import between batches, on the thread that reads: the
 * file changes while it is being read, at a known point, every time. */
static void
change_file (guint64  bytes_read,
             guint64  rows,
             gpointer user_data)
{
  Changer *changer = user_data;

  if (changer->done)
    return;
  changer->done = TRUE;
  /* Mid-read, or the test proves nothing. */
  g_assert_cmpuint (bytes_read, <, changer->size);
  switch (changer->change)
    {
    case GROWS:
      {
        FILE *file = fopen (changer->path, "a");

        g_assert_nonnull (file);
        for (guint i = 0; i < 1000; i++)
          fprintf (file, "late.%u@exemple.fr\n", i);
        g_assert_cmpint (fclose (file), ==, 0);
        break;
      }
    case SHRINKS:
      g_assert_cmpint (truncate (changer->path, changer->size / 2), ==, 0);
      break;
    case DISAPPEARS:
      g_assert_cmpint (g_unlink (changer->path), ==, 0);
      break;
    case IS_REPLACED:
      {
        g_autofree char *other = g_strconcat (changer->path, ".new", NULL);

        g_assert_true (g_file_set_contents (other, "email\nnew@exemple.fr\n", -1, NULL));
        g_assert_cmpint (g_rename (other, changer->path), ==, 0);
        break;
      }
    }
}

/* A file that grows, is cut, disappears or is replaced while it is
 * imported: a clear error, and no version, not even a partial one. */
static void
test_changed_while_read (gconstpointer data)
{
  Change change = GPOINTER_TO_INT (data);
  g_autofree char *dir = g_dir_make_tmp ("cohort-hostile-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "customers.csv", NULL);
  g_autoptr (GString) text = g_string_new ("email\n");
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (CohortImport) import = cohort_import_new (file);
  g_autoptr (CohortStore) store = NULL;
  g_autoptr (GPtrArray) audiences = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *audience = g_strdup_printf ("Changed %d", change);
  Changer changer = { path, 0, change, FALSE };

  for (guint i = 0; i < 200000; i++)
    g_string_append_printf (text, "client.%u@exemple.fr\n", i);
  g_assert_true (g_file_set_contents (path, text->str, text->len, NULL));
  changer.size = text->len;

  store = cohort_store_open (data_dir, &error);
  g_assert_no_error (error);
  g_assert_false (cohort_import_run (import, store, audience, NULL, FALSE, change_file, &changer, NULL, &error));
  g_assert_true (changer.done);
  g_assert_error (error, COHORT_CSV_ERROR, COHORT_CSV_ERROR_CHANGED);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "customers.csv"));
  g_assert_nonnull (strstr (error->message, "nothing of it was imported"));
  g_clear_error (&error);

  audiences = cohort_store_list_audiences (store, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < audiences->len; i++)
    g_assert_cmpstr (((CohortAudienceInfo *) g_ptr_array_index (audiences, i))->name, !=, audience);

  g_unlink (path);
  g_rmdir (dir);
}

/* What Cohort writes is for its user alone. */
static void
test_modes (void)
{
  g_autofree char *db = g_build_filename (data_dir, "cohort.db", NULL);
  g_autofree char *wal = g_build_filename (data_dir, "cohort.db-wal", NULL);
  GStatBuf st;

  g_assert_cmpint (g_stat (data_dir, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  g_assert_cmpint (g_stat (db, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  if (g_stat (wal, &st) == 0)
    g_assert_cmpint (st.st_mode & 0777, ==, 0600);
}

static const Case cases[] = {
  { "empty.csv", 1, "is empty" },
  { "bom-only.csv", 1, "is empty" },
  { "nul.csv", 1, "binary file" },
  { "late-latin1.csv", 0, NULL },
  { "10000-columns.csv", 1, "and 9980 more" },
  { "open-quote.csv", 1, "line 2, column 1" },
  { "image.csv", 1, "binary file" },
  { "archive.csv", 1, "binary file" },
  { "long-line.csv", 1, "larger than 16 MB" },
  { "folder.csv", 1, "not a file" },
  { "pipe.csv", 1, "not a file" },
  { "unreadable.csv", 1, "Cannot read" },
};

int
main (int   argc,
      char *argv[])
{
  g_autofree char *root = NULL;
  int status;

  cohort_i18n_init ();
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  root = g_dir_make_tmp ("cohort-hostile-data-XXXXXX", NULL);
  data_dir = g_build_filename (root, "data", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *test_path = g_strdup_printf ("/hostile/%s", cases[i].name);

      g_test_add_data_func (test_path, &cases[i], test_case);
    }
  g_test_add_data_func ("/hostile/grows-while-read", GINT_TO_POINTER (GROWS), test_changed_while_read);
  g_test_add_data_func ("/hostile/shrinks-while-read", GINT_TO_POINTER (SHRINKS), test_changed_while_read);
  g_test_add_data_func ("/hostile/disappears-while-read", GINT_TO_POINTER (DISAPPEARS), test_changed_while_read);
  g_test_add_data_func ("/hostile/replaced-while-read", GINT_TO_POINTER (IS_REPLACED), test_changed_while_read);
  g_test_add_func ("/hostile/modes", test_modes);

  status = g_test_run ();
  {
    g_autofree char *db = g_build_filename (data_dir, "cohort.db", NULL);
    const char *suffixes[] = { "", "-wal", "-shm" };

    for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
      {
        g_autofree char *file = g_strconcat (db, suffixes[i], NULL);

        g_unlink (file);
      }
    g_rmdir (data_dir);
    g_rmdir (root);
  }
  g_free (data_dir);
  return status;
}
