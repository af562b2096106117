/* test-import.c: cohort-cli import, inspect, audiences and export end to end, on a real database */
#include "config.h"

#include <string.h>
#include <json-glib/json-glib.h>

#include "cli-runner.h"

/* Under G_TEST_OPTION_ISOLATE_DIRS: each test has its own, removed after it. */
static char *
new_data_dir (void)
{
  return g_build_filename (g_get_user_cache_dir (), "data", NULL);
}

static char *
sha256_hex (const char *text)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
}

static char *
write_customers (const char *name,
                 gboolean    with_asa)
{
  g_autofree char *hashed = sha256_hex ("hashed@exemple.fr");
  g_autofree char *upper = g_ascii_strup (hashed, -1);
  g_autofree char *path = g_build_filename (g_get_user_cache_dir (), name, NULL);
  g_autoptr (GString) csv = g_string_new ("Nom;E-mail;Téléphone;Consentement;Pays\r\n");

  g_string_append (csv, "\"Dupont, Jean\";Jean.Dupont@Exemple.FR;06 12 34 56 78;oui;FR\r\n");
  if (with_asa)
    g_string_append (csv, "Åsa;asa@exempel.se;070-123 45 67;ja;SE\r\n");
  g_string_append (csv, "Nobody;;;oui;FR\r\n");
  g_string_append (csv, "Bad;not-an-email;12;yes;FR\r\n");
  g_string_append (csv, "Denied;denied@exemple.fr;06 12 34 56 79;non;FR\r\n");
  g_string_append (csv, "Dup; jean.dupont@exemple.fr ;;1;FR\r\n");
  g_string_append_printf (csv, "Hashed;%s;;x;FR\r\n", upper);

  g_assert_cmpint (g_mkdir_with_parents (g_get_user_cache_dir (), 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, csv->str, csv->len, NULL));
  return g_steal_pointer (&path);
}

static JsonObject *
import_json (JsonParser *parser,
             const char *data_dir,
             const char *file,
             const char *extra)
{
  g_auto (CliRun) run = { 0 };
  JsonObject *object;

  cli_run (&run, NULL, "--data-dir", data_dir, "import", file, "--audience", "Clients",
           "--consent-column", "Consentement", "--country-column", "pays", "--country", "FR",
           "--json", extra, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, run.out, -1, NULL));
  object = json_node_get_object (json_parser_get_root (parser));
  return object;
}

static gint64
member (JsonObject *object,
        const char *group,
        const char *key)
{
  JsonObject *inner = json_object_get_object_member (object, group);

  return json_object_has_member (inner, key) ? json_object_get_int_member (inner, key) : 0;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

static char *
sorted_hashes (const char *first,
               ...)
{
  g_autoptr (GPtrArray) hashes = g_ptr_array_new_with_free_func (g_free);
  GString *out = g_string_new (NULL);
  va_list args;

  va_start (args, first);
  for (const char *text = first; text != NULL; text = va_arg (args, const char *))
    g_ptr_array_add (hashes, sha256_hex (text));
  va_end (args);
  g_ptr_array_sort (hashes, compare_strings);
  for (guint i = 0; i < hashes->len; i++)
    g_string_append_printf (out, "%s\n", (char *) g_ptr_array_index (hashes, i));
  return g_string_free (out, FALSE);
}

static void
assert_file_lacks (const char *path,
                   const char *const *needles)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return;
  for (guint i = 0; needles[i] != NULL; i++)
    g_assert_null (g_strstr_len (contents, length, needles[i]));
}

static void
test_import_end_to_end (void)
{
  g_autofree char *data_dir = new_data_dir ();
  g_autofree char *file = write_customers ("clients.csv", TRUE);
  g_autofree char *smaller = write_customers ("clients-sans-asa.csv", FALSE);
  g_autofree char *rejects = g_build_filename (g_get_user_cache_dir (), "rejects.csv", NULL);
  g_autofree char *rejects_arg = g_strconcat ("--rejects=", rejects, NULL);
  g_autofree char *export_dir = g_build_filename (g_get_user_cache_dir (), "export", NULL);
  g_autofree char *email_path = g_build_filename (export_dir, "email_sha256.txt", NULL);
  g_autofree char *phone_path = g_build_filename (export_dir, "phone_sha256.txt", NULL);
  g_autofree char *gaid_path = g_build_filename (export_dir, "gaid_sha256.txt", NULL);
  g_autofree char *emails = NULL;
  g_autofree char *phones = NULL;
  g_autofree char *gaids = NULL;
  g_autofree char *expected_emails = sorted_hashes ("jean.dupont@exemple.fr", "asa@exempel.se",
                                                    "hashed@exemple.fr", NULL);
  g_autofree char *expected_phones = sorted_hashes ("+33612345678", "+46701234567", NULL);
  g_autofree char *rejected = NULL;
  g_autoptr (JsonParser) first = json_parser_new ();
  g_autoptr (JsonParser) again = json_parser_new ();
  g_autoptr (JsonParser) changed = json_parser_new ();
  g_autoptr (JsonParser) dry = json_parser_new ();
  g_autoptr (JsonParser) listing = json_parser_new ();
  g_auto (CliRun) export = { 0 };
  g_auto (CliRun) audiences = { 0 };
  g_autofree char *db = g_build_filename (data_dir, "cohort.db", NULL);
  g_autofree char *wal = g_build_filename (data_dir, "cohort.db-wal", NULL);
  const char *plaintext[] = { "jean.dupont", "Jean.Dupont", "exempel.se", "Dupont", "12 34 56 78",
                              "+33612345678", "33612345678", "not-an-email", NULL };
  JsonObject *report;

  report = import_json (first, data_dir, file, rejects_arg);
  g_assert_cmpint (json_object_get_int_member (report, "rows"), ==, 7);
  g_assert_cmpint (json_object_get_int_member (report, "accepted"), ==, 4);
  g_assert_cmpint (json_object_get_int_member (report, "rejected"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (report, "excluded"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (report, "duplicates"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (report, "prehashed"), ==, 1);
  g_assert_cmpint (member (report, "reasons", "email_invalid"), ==, 1);
  g_assert_cmpint (member (report, "reasons", "phone_invalid"), ==, 1);
  g_assert_cmpint (member (report, "reasons", "no_identifier"), ==, 2);
  g_assert_cmpint (member (report, "reasons", "no_consent"), ==, 1);
  g_assert_cmpint (member (report, "unique", "email"), ==, 3);
  g_assert_cmpint (member (report, "unique", "phone"), ==, 2);
  g_assert_cmpint (member (report, "unique", "gaid"), ==, 0);
  g_assert_cmpint (member (report, "added", "email"), ==, 3);
  g_assert_cmpint (member (report, "removed", "email"), ==, 0);
  g_assert_cmpstr (json_object_get_string_member (report, "audience"), ==, "Clients");
  g_assert_cmpint (json_object_get_int_member (report, "version"), ==, 1);

  /* The rejects file the user asked for names line, column, reason and value. */
  g_assert_true (g_file_get_contents (rejects, &rejected, NULL, NULL));
  g_assert_nonnull (strstr (rejected, "line,column,reason,value\n"));
  g_assert_nonnull (strstr (rejected, "5,\"E-mail\",email_invalid,\"not-an-email\"\n"));
  g_assert_nonnull (strstr (rejected, "5,\"Téléphone\",phone_invalid,\"12\"\n"));
  g_assert_nonnull (strstr (rejected, "4,,no_identifier,\"\"\n"));

  /* The same file again: a new version, no change. */
  report = import_json (again, data_dir, file, NULL);
  g_assert_cmpint (json_object_get_int_member (report, "version"), ==, 2);
  for (guint i = 0; i < 4; i++)
    {
      const char *identity = (const char *[]){ "email", "phone", "gaid", "idfa" }[i];

      g_assert_cmpint (member (report, "added", identity), ==, 0);
      g_assert_cmpint (member (report, "removed", identity), ==, 0);
    }

  /* Åsa left: one email and one phone removed. */
  report = import_json (changed, data_dir, smaller, NULL);
  g_assert_cmpint (json_object_get_int_member (report, "version"), ==, 3);
  g_assert_cmpint (member (report, "removed", "email"), ==, 1);
  g_assert_cmpint (member (report, "removed", "phone"), ==, 1);
  g_assert_cmpint (member (report, "added", "email"), ==, 0);

  /* A dry run against version 3 diffs, and stores nothing. */
  report = import_json (dry, data_dir, file, "--dry-run");
  g_assert_cmpint (json_object_get_int_member (report, "version"), ==, 0);
  g_assert_cmpint (member (report, "added", "email"), ==, 1);

  cli_run (&audiences, NULL, "--data-dir", data_dir, "audiences", "--json", NULL);
  g_assert_cmpint (audiences.status, ==, 0);
  g_assert_true (json_parser_load_from_data (listing, audiences.out, -1, NULL));
  report = json_array_get_object_element (json_node_get_array (json_parser_get_root (listing)), 0);
  g_assert_cmpstr (json_object_get_string_member (report, "name"), ==, "Clients");
  g_assert_cmpint (json_object_get_int_member (report, "versions"), ==, 3);
  g_assert_cmpint (member (report, "unique", "email"), ==, 2);

  /* The export is version 3 (without Åsa), computed here independently. */
  g_clear_pointer (&expected_emails, g_free);
  g_clear_pointer (&expected_phones, g_free);
  expected_emails = sorted_hashes ("jean.dupont@exemple.fr", "hashed@exemple.fr", NULL);
  expected_phones = sorted_hashes ("+33612345678", NULL);
  cli_run (&export, NULL, "--data-dir", data_dir, "export", "Clients", "--dir", export_dir, NULL);
  g_assert_cmpint (export.status, ==, 0);
  g_assert_true (g_file_get_contents (email_path, &emails, NULL, NULL));
  g_assert_true (g_file_get_contents (phone_path, &phones, NULL, NULL));
  g_assert_true (g_file_get_contents (gaid_path, &gaids, NULL, NULL));
  g_assert_cmpstr (emails, ==, expected_emails);
  g_assert_cmpstr (phones, ==, expected_phones);
  g_assert_cmpstr (gaids, ==, "");

  /* No plaintext identifier in anything Cohort wrote on its own. */
  assert_file_lacks (db, plaintext);
  assert_file_lacks (wal, plaintext);
}

static void
test_inspect (void)
{
  g_autofree char *file = write_customers ("inspect.csv", TRUE);
  g_autofree char *hash = sha256_hex ("jean.dupont@exemple.fr");
  g_auto (CliRun) run = { 0 };
  g_auto (CliRun) denied = { 0 };
  g_auto (CliRun) missing = { 0 };

  cli_run (&run, NULL, "inspect", file, "--row", "1", "--country", "FR", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "line 2"));
  g_assert_nonnull (strstr (run.out, "Jean.Dupont@Exemple.FR"));
  g_assert_nonnull (strstr (run.out, "→ jean.dupont@exemple.fr (email)"));
  g_assert_nonnull (strstr (run.out, hash));
  g_assert_nonnull (strstr (run.out, "+33612345678"));

  cli_run (&denied, NULL, "inspect", file, "--row", "5", "--consent-column", "consentement", NULL);
  g_assert_cmpint (denied.status, ==, 0);
  g_assert_nonnull (strstr (denied.out, "no_consent"));

  cli_run (&missing, NULL, "inspect", file, "--row", "50", NULL);
  g_assert_cmpint (missing.status, ==, 1);
  g_assert_nonnull (strstr (missing.err, "only 7 rows"));
}

static void
test_import_errors (void)
{
  g_autofree char *data_dir = new_data_dir ();
  g_autofree char *no_identity = g_build_filename (g_get_user_cache_dir (), "names.csv", NULL);
  g_autofree char *file = write_customers ("errors.csv", TRUE);
  g_auto (CliRun) nothing = { 0 };
  g_auto (CliRun) mapped = { 0 };
  g_auto (CliRun) bad_map = { 0 };
  g_auto (CliRun) bad_country = { 0 };
  g_auto (CliRun) bad_column = { 0 };
  g_auto (CliRun) no_country = { 0 };
  g_autoptr (JsonParser) parser = json_parser_new ();

  g_assert_true (g_file_set_contents (no_identity, "first,last\nJean,Dupont\n", -1, NULL));
  cli_run (&nothing, NULL, "--data-dir", data_dir, "import", no_identity, "--audience", "X", NULL);
  g_assert_cmpint (nothing.status, ==, 1);
  g_assert_nonnull (strstr (nothing.err, "no column that can hold an identifier"));
  g_assert_nonnull (strstr (nothing.err, "first, last"));

  /* Mapped by hand, the names become emails, all invalid: rejected, nothing lost. */
  cli_run (&mapped, NULL, "--data-dir", data_dir, "import", no_identity, "--audience", "X",
           "--map", "1=email", "--json", NULL);
  g_assert_cmpint (mapped.status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, mapped.out, -1, NULL));
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (json_parser_get_root (parser)),
                                               "rejected"), ==, 1);

  cli_run (&bad_map, NULL, "import", file, "--audience", "X", "--map", "E-mail=fax", NULL);
  g_assert_cmpint (bad_map.status, ==, 2);
  g_assert_nonnull (strstr (bad_map.err, "E-mail=fax"));

  cli_run (&bad_country, NULL, "import", file, "--audience", "X", "--country", "XX", NULL);
  g_assert_cmpint (bad_country.status, ==, 1);
  g_assert_nonnull (strstr (bad_country.err, "“XX”"));

  cli_run (&bad_column, NULL, "import", file, "--audience", "X", "--consent-column", "opt-in", NULL);
  g_assert_cmpint (bad_column.status, ==, 1);
  g_assert_nonnull (strstr (bad_column.err, "“opt-in”"));

  /* No --country and a locale without a territory: national numbers need a country. */
  cli_run (&no_country, NULL, "--data-dir", data_dir, "import", file, "--audience", "Y",
           "--dry-run", "--json", NULL);
  g_assert_cmpint (no_country.status, ==, 0);
  g_assert_nonnull (strstr (no_country.out, "\"phone_no_country\" : 4"));
}

/* A file refused half-way stores nothing: no audience, no version. */
static void
test_import_refused_file (void)
{
  g_autofree char *data_dir = new_data_dir ();
  g_autofree char *path = g_build_filename (g_get_user_cache_dir (), "broken.csv", NULL);
  g_autoptr (GString) csv = g_string_new ("email\n");
  g_auto (CliRun) run = { 0 };
  g_auto (CliRun) list = { 0 };

  for (guint i = 0; i < 20000; i++)
    g_string_append_printf (csv, "person%u@exemple.fr\n", i);
  g_string_append (csv, "\"never closed@exemple.fr\n");
  g_assert_cmpint (g_mkdir_with_parents (g_get_user_cache_dir (), 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, csv->str, csv->len, NULL));

  cli_run (&run, NULL, "--data-dir", data_dir, "import", path, "--audience", "Broken", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "line 20002, column 1"));

  cli_run (&list, NULL, "--data-dir", data_dir, "audiences", "--json", NULL);
  g_assert_cmpint (list.status, ==, 0);
  g_assert_cmpstr (g_strstrip (list.out), ==, "[]");
}

/* Consent for some identities only, explicit mapping without detection,
 * and the digits-only phone option. */
static void
test_import_options (void)
{
  g_autofree char *data_dir = new_data_dir ();
  g_autofree char *path = g_build_filename (g_get_user_cache_dir (), "shopify.csv", NULL);
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (JsonParser) digits = json_parser_new ();
  g_auto (CliRun) run = { 0 };
  g_auto (CliRun) digits_run = { 0 };
  g_auto (CliRun) export = { 0 };
  g_autofree char *export_dir = g_build_filename (g_get_user_cache_dir (), "export", NULL);
  g_autofree char *phone_path = g_build_filename (export_dir, "phone_sha256.txt", NULL);
  g_autofree char *phones = NULL;
  g_autofree char *expected = sorted_hashes ("33612345678", "33698765432", NULL);
  JsonObject *report;
  const char *csv = "Contact,Tel,Accepts Email Marketing\n"
                    "a@exemple.fr,06 12 34 56 78,yes\n"
                    "b@exemple.fr,06 98 76 54 32,no\n";

  g_assert_cmpint (g_mkdir_with_parents (g_get_user_cache_dir (), 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, csv, -1, NULL));

  /* "Contact" says nothing: without --map it would not be read at all. */
  cli_run (&run, NULL, "--data-dir", data_dir, "import", path, "--audience", "Shop",
           "--no-detect", "--map", "Contact=email", "--map", "2=phone", "--country", "FR",
           "--consent-column", "Accepts Email Marketing=email", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, run.out, -1, NULL));
  report = json_node_get_object (json_parser_get_root (parser));
  /* b@ has no email consent: the row stays for its phone only. */
  g_assert_cmpint (json_object_get_int_member (report, "accepted"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (report, "excluded"), ==, 0);
  g_assert_cmpint (member (report, "unique", "email"), ==, 1);
  g_assert_cmpint (member (report, "unique", "phone"), ==, 2);

  cli_run (&digits_run, NULL, "--data-dir", data_dir, "import", path, "--audience", "Shop",
           "--no-detect", "--map", "2=phone", "--country", "FR", "--phone-digits-only", "--json",
           NULL);
  g_assert_cmpint (digits_run.status, ==, 0);
  g_assert_true (json_parser_load_from_data (digits, digits_run.out, -1, NULL));
  report = json_node_get_object (json_parser_get_root (digits));
  /* Without the +, every phone hash changes. */
  g_assert_cmpint (member (report, "added", "phone"), ==, 2);
  g_assert_cmpint (member (report, "removed", "phone"), ==, 2);
  g_assert_cmpint (member (report, "removed", "email"), ==, 1);

  cli_run (&export, NULL, "--data-dir", data_dir, "export", "Shop", "--dir", export_dir, NULL);
  g_assert_cmpint (export.status, ==, 0);
  g_assert_true (g_file_get_contents (phone_path, &phones, NULL, NULL));
  g_assert_cmpstr (phones, ==, expected);
}

/* A generic advertising ID column is split by the platform column. */
static void
test_import_maid_platform (void)
{
  g_autofree char *data_dir = new_data_dir ();
  g_autofree char *path = g_build_filename (g_get_user_cache_dir (), "maids.csv", NULL);
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_auto (CliRun) run = { 0 };
  JsonObject *report;
  const char *csv = "advertising_id,Platform\n"
                    "FE175330-A11D-459A-AF97-8D8719999E3F,android\n"
                    "1ef2a4f0-4be0-4db0-9c25-74bdb94067ed,iOS\n"
                    "6d92078a-8246-4ba4-ae5b-76104861e7dc,web\n";

  g_assert_cmpint (g_mkdir_with_parents (g_get_user_cache_dir (), 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, csv, -1, NULL));
  cli_run (&run, NULL, "--data-dir", data_dir, "import", path, "--audience", "Apps", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, run.out, -1, NULL));
  report = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (member (report, "unique", "gaid"), ==, 1);
  g_assert_cmpint (member (report, "unique", "idfa"), ==, 1);
  /* An unknown platform cannot say which ID it is. */
  g_assert_cmpint (member (report, "reasons", "maid_invalid"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (report, "rejected"), ==, 1);
}

/* Versions newest first, with the counts each import reported; delete
 * takes everything of the audience and leaves a line in the audit log. */
static void
test_versions_and_delete (void)
{
  g_autofree char *data_dir = new_data_dir ();
  g_autofree char *first = write_customers ("first.csv", FALSE);
  g_autofree char *second = write_customers ("second.csv", TRUE);
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (JsonParser) versions_parser = json_parser_new ();
  g_auto (CliRun) versions = { 0 };
  g_auto (CliRun) delete = { 0 };
  g_auto (CliRun) again = { 0 };
  g_auto (CliRun) missing = { 0 };
  g_auto (CliRun) audit = { 0 };
  JsonArray *list;
  JsonObject *newest;

  import_json (parser, data_dir, first, NULL);
  import_json (parser, data_dir, second, NULL);
  cli_run (&versions, NULL, "--data-dir", data_dir, "versions", "Clients", "--json", NULL);
  g_assert_cmpint (versions.status, ==, 0);
  g_assert_true (json_parser_load_from_data (versions_parser, versions.out, -1, NULL));
  list = json_node_get_array (json_parser_get_root (versions_parser));
  g_assert_cmpuint (json_array_get_length (list), ==, 2);
  newest = json_array_get_object_element (list, 0);
  g_assert_cmpint (json_object_get_int_member (newest, "version"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (newest, "source"), ==, "second.csv");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (newest, "added"), "email"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (newest, "removed"), "email"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (list, 1), "version"), ==, 1);

  cli_run (&delete, NULL, "--data-dir", data_dir, "delete", "Clients", NULL);
  g_assert_cmpint (delete.status, ==, 0);
  cli_run (&again, NULL, "--data-dir", data_dir, "versions", "Clients", NULL);
  g_assert_cmpint (again.status, !=, 0);
  g_assert_nonnull (strstr (again.err, "There is no audience “Clients”."));
  cli_run (&missing, NULL, "--data-dir", data_dir, "delete", "Clients", NULL);
  g_assert_cmpint (missing.status, !=, 0);
  cli_run (&audit, NULL, "--data-dir", data_dir, "audit", "--json", NULL);
  g_assert_nonnull (strstr (audit.out, "\"audience-delete\""));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/import/end-to-end", test_import_end_to_end);
  g_test_add_func ("/import/inspect", test_inspect);
  g_test_add_func ("/import/errors", test_import_errors);
  g_test_add_func ("/import/refused-file", test_import_refused_file);
  g_test_add_func ("/import/options", test_import_options);
  g_test_add_func ("/import/maid-platform", test_import_maid_platform);
  g_test_add_func ("/import/versions-and-delete", test_versions_and_delete);

  return g_test_run ();
}
