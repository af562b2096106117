/* test-cli.c: cohort-cli as a script sees it: exit codes, messages, --help, --json */
#include "config.h"

#include <json-glib/json-glib.h>

#include "cli-runner.h"
#include "core/i18n.h"
#include "core/store.h"

#define run_cli(run, ...) cli_run (run, NULL, __VA_ARGS__, NULL)

static void
test_cli_version (void)
{
  g_auto (CliRun) run = { 0 };

  run_cli (&run, "--version");
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "cohort-cli " PACKAGE_VERSION "\n");
}

static void
test_cli_help (void)
{
  g_auto (CliRun) run = { 0 };
  g_auto (CliRun) info_help = { 0 };
  g_auto (CliRun) help_info = { 0 };

  run_cli (&run, "--help");
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "--data-dir"));
  g_assert_nonnull (strstr (run.out, "info"));
  g_assert_nonnull (strstr (run.out, "config"));

  run_cli (&info_help, "info", "--help");
  g_assert_cmpint (info_help.status, ==, 0);
  g_assert_nonnull (strstr (info_help.out, "--json"));

  run_cli (&help_info, "help", "info");
  g_assert_cmpint (help_info.status, ==, 0);
  g_assert_cmpstr (help_info.out, ==, info_help.out);
}

static void
test_cli_usage_errors (void)
{
  struct
  {
    const char *args[4];
    const char *message;
  } cases[] = {
    { { "frobnicate", NULL }, "Unknown command “frobnicate”" },
    { { NULL }, "No command given" },
    { { "--bogus", NULL }, "--bogus" },
    { { "info", "--bogus", NULL }, "cohort-cli info:" },
    { { "info", "extra", NULL }, "Unexpected argument “extra”" },
    { { "help", "frobnicate", NULL }, "Unknown command “frobnicate”" },
    { { "config", "set", "only-key", NULL }, "cohort-cli config:" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto (CliRun) run = { 0 };

      cli_run (&run, NULL, cases[i].args[0], cases[i].args[1], cases[i].args[2],
                   cases[i].args[3], NULL);
      g_assert_cmpint (run.status, ==, 2);
      g_assert_cmpstr (run.out, ==, "");
      g_assert_nonnull (strstr (run.err, cases[i].message));
      g_assert_nonnull (strstr (run.err, "--help"));
    }
}

static void
test_cli_info_json (void)
{
  g_autofree char *dir = g_build_filename (g_get_user_cache_dir (), "cli-data", NULL);
  g_autofree char *db = g_build_filename (dir, "cohort.db", NULL);
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  g_auto (CliRun) run = { 0 };
  JsonObject *info;

  run_cli (&run, "--data-dir", dir, "info", "--json");
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, run.out, -1, &error));
  g_assert_no_error (error);
  info = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (info, "data_dir"), ==, dir);
  g_assert_cmpstr (json_object_get_string_member (info, "database"), ==, db);
  g_assert_cmpint (json_object_get_int_member (info, "schema_version"), ==,
                   cohort_store_get_latest_schema_version ());
  g_assert_cmpstr (json_object_get_string_member (info, "journal_mode"), ==, "wal");
  g_assert_cmpstr (json_object_get_string_member (info, "version"), ==, PACKAGE_VERSION);
  g_assert_true (g_file_test (db, G_FILE_TEST_IS_REGULAR));
}

static void
test_cli_info_default_dir (void)
{
  g_autofree char *expected = g_build_filename (g_get_user_data_dir (), "cohort", NULL);
  const char *env[] = { "LC_ALL=C.UTF-8", NULL };
  g_auto (CliRun) run = { 0 };

  cli_run (&run, env, "info", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, expected));
  g_assert_true (g_file_test (expected, G_FILE_TEST_IS_DIR));
}

static void
test_cli_bad_data_dir (void)
{
  g_autofree char *file = g_build_filename (g_get_user_cache_dir (), "plain-file", NULL);
  g_autofree char *below = g_build_filename (file, "data", NULL);
  g_auto (CliRun) run = { 0 };

  g_assert_cmpint (g_mkdir_with_parents (g_get_user_cache_dir (), 0700), ==, 0);
  g_assert_true (g_file_set_contents (file, "", 0, NULL));
  run_cli (&run, "--data-dir", below, "info");
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, below));
}

static void
test_cli_config (void)
{
  g_auto (CliRun) set = { 0 };
  g_auto (CliRun) get = { 0 };
  g_auto (CliRun) bad = { 0 };
  g_auto (CliRun) unknown = { 0 };
  g_auto (CliRun) list = { 0 };
  g_auto (CliRun) reset = { 0 };
  g_auto (CliRun) after_reset = { 0 };
  g_autoptr (JsonParser) parser = json_parser_new ();

  run_cli (&set, "config", "set", "requests-per-second", "20");
  g_assert_cmpint (set.status, ==, 0);
  run_cli (&get, "config", "get", "requests-per-second");
  g_assert_cmpint (get.status, ==, 0);
  g_assert_cmpstr (get.out, ==, "20\n");

  run_cli (&bad, "config", "set", "requests-per-second", "500");
  g_assert_cmpint (bad.status, ==, 1);
  g_assert_nonnull (strstr (bad.err, "1 to 50"));

  run_cli (&unknown, "config", "get", "no-such-key");
  g_assert_cmpint (unknown.status, ==, 1);
  g_assert_nonnull (strstr (unknown.err, "no-such-key"));

  run_cli (&list, "config", "list", "--json");
  g_assert_cmpint (list.status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, list.out, -1, NULL));
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (json_parser_get_root (parser)),
                                               "requests-per-second"), ==, 20);

  run_cli (&reset, "config", "reset", "requests-per-second");
  g_assert_cmpint (reset.status, ==, 0);
  run_cli (&after_reset, "config", "get", "requests-per-second");
  g_assert_cmpstr (after_reset.out, ==, "10\n");
}

static void
test_cli_no_schema (void)
{
  g_autofree char *empty = g_build_filename (g_get_user_cache_dir (), "no-schemas", NULL);
  g_autofree char *schema_env = g_strconcat ("GSETTINGS_SCHEMA_DIR=", empty, NULL);
  g_autofree char *data_env = g_strconcat ("XDG_DATA_DIRS=", empty, NULL);
  const char *env[] = { schema_env, data_env, NULL };
  g_auto (CliRun) run = { 0 };

  g_assert_cmpint (g_mkdir_with_parents (empty, 0700), ==, 0);
  cli_run (&run, env, "config", "list", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "io.github.cohortapp.Cohort"));
  g_assert_nonnull (strstr (run.err, "not installed"));
}

static void
test_cli_translated (void)
{
  const char *env[] = { "LC_ALL=C.UTF-8", "LANGUAGE=fr", NULL };
  g_auto (CliRun) run = { 0 };

  cli_run (&run, env, "frobnicate", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "Commande inconnue «\u00a0frobnicate\u00a0»"));
}

int
main (int   argc,
      char *argv[])
{
  cohort_i18n_init ();
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/cli/version", test_cli_version);
  g_test_add_func ("/cli/help", test_cli_help);
  g_test_add_func ("/cli/usage-errors", test_cli_usage_errors);
  g_test_add_func ("/cli/info-json", test_cli_info_json);
  g_test_add_func ("/cli/info-default-dir", test_cli_info_default_dir);
  g_test_add_func ("/cli/bad-data-dir", test_cli_bad_data_dir);
  g_test_add_func ("/cli/config", test_cli_config);
  g_test_add_func ("/cli/no-schema", test_cli_no_schema);
  g_test_add_func ("/cli/translated", test_cli_translated);

  return g_test_run ();
}
