/* test-governance.c: suppression lists from files, checked against the simulator's state and the
 * audit log */
#include "config.h"

#include <glib/gstdio.h>

#include "core/i18n.h"
#include "sim-session.h"

#define ADVERTISER_FR "7000000000000000001"

typedef struct
{
  SimSession  session;
  char       *inputs; /* the customer files, outside the data folder */
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  sim_session_start (&fixture->session, data);
  fixture->inputs = g_dir_make_tmp ("cohort-inputs-XXXXXX", NULL);
  g_assert_nonnull (fixture->inputs);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr (GDir) dir = g_dir_open (fixture->inputs, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->inputs, name, NULL);

      g_unlink (path);
    }
  g_rmdir (fixture->inputs);
  g_free (fixture->inputs);
  sim_session_stop (&fixture->session);
}

#define cohort(fixture, run, ...) run_cohort (&(fixture)->session, run, __VA_ARGS__)

static char *
write_input (Fixture    *fixture,
             const char *name,
             const char *contents)
{
  char *path = g_build_filename (fixture->inputs, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  return path;
}

/* People @first to @last - 1: an email each, an advertising ID for every
 * third; and Jane Doe's Gmail address, written with a dot. */
static char *
write_customers (Fixture *fixture,
                 guint    first,
                 guint    last)
{
  g_autoptr (GString) text = g_string_new ("email,gaid\nj.doe@gmail.com,\n");

  for (guint i = first; i < last; i++)
    {
      g_string_append_printf (text, "client.%u@exemple.fr,", i);
      if (i % 3 == 0)
        g_string_append_printf (text, "6d92078a-8246-4ba4-ae5b-%012x", i);
      g_string_append_c (text, '\n');
    }
  return write_input (fixture, "customers.csv", text->str);
}

static JsonNode *
run_json (Fixture    *fixture,
          const char *command,
          const char *argument)
{
  g_auto (CliRun) run = { 0 };

  cohort (fixture, &run, command, argument != NULL ? argument : "--json", argument != NULL ? "--json" : NULL);
  g_assert_cmpint (run.status, ==, 0);
  return sim_session_parse_json (run.out);
}

static void
connect_paris (Fixture *fixture)
{
  g_auto (CliRun) destination = { 0 };

  sim_session_connect (&fixture->session);
  cohort (fixture, &destination, "destination", "add", "--name", "Paris", "--advertiser-id", ADVERTISER_FR);
  g_assert_cmpint (destination.status, ==, 0);
}

static void
sync_once (Fixture *fixture,
           int      status)
{
  g_auto (CliRun) run = { 0 };

  cohort (fixture, &run, "sync", "--once");
  g_assert_cmpint (run.status, ==, status);
}

/* "EMAIL_SHA256:<hex>", as the simulator names a member. */
static char *
member (const char *schema,
        const char *normalised)
{
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, normalised, -1);

  return g_strconcat (schema, ":", hash, NULL);
}

/* The members of the simulated audience "Clients FR"; empty when TikTok
 * has none. */
static GHashTable *
remote_members (Fixture *fixture)
{
  g_autoptr (JsonObject) state = sim_session_state (&fixture->session);
  JsonArray *audiences = json_object_get_array_member (state, "audiences");
  GHashTable *members = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < json_array_get_length (audiences); i++)
    {
      JsonObject *audience = json_array_get_object_element (audiences, i);
      JsonArray *list = json_object_get_array_member (audience, "members");

      if (!g_str_equal (json_object_get_string_member (audience, "name"), "Clients FR"))
        continue;
      for (guint m = 0; m < json_array_get_length (list); m++)
        g_hash_table_add (members, g_strdup (json_array_get_string_element (list, m)));
    }
  return members;
}

/* The audit log's actions, comma-separated, oldest first. */
static char *
audit_actions (Fixture *fixture)
{
  g_autoptr (JsonNode) root = run_json (fixture, "audit", NULL);
  JsonArray *entries = json_node_get_array (root);
  GString *actions = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (entries); i++)
    g_string_append_printf (actions, ",%s",
                            json_object_get_string_member (json_array_get_object_element (entries, i), "action"));
  return g_string_free (actions, FALSE);
}

static void
assert_in_order (const char         *text,
                 const char * const *steps)
{
  const char *from = text;

  for (guint i = 0; steps[i] != NULL; i++)
    {
      const char *found = strstr (from, steps[i]);

      if (found == NULL)
        g_error ("“%s” is not in “%s” after what came before it", steps[i], text);
      from = found + strlen (steps[i]);
    }
}

/* A suppression list imported like an audience (mapping, normalisation,
 * rejects): the people already on TikTok leave it at the next sync, a new
 * activation never sends them, and the store keeps no value of the file. */
static void
test_suppress_import (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *customers = NULL;
  g_autofree char *optouts = NULL;
  g_autofree char *rejects = g_build_filename (fixture->inputs, "rejects.csv", NULL);
  g_autofree char *client3 = member ("EMAIL_SHA256", "client.3@exemple.fr");
  g_autofree char *client4 = member ("EMAIL_SHA256", "client.4@exemple.fr");
  g_autofree char *jane = member ("EMAIL_SHA256", "jdoe@gmail.com");
  g_autofree char *gaid6 = member ("AAID_SHA256", "6d92078a-8246-4ba4-ae5b-000000000006");
  g_autofree char *actions = NULL;
  g_auto (CliRun) imported = { 0 };
  g_auto (CliRun) activate = { 0 };
  g_auto (CliRun) suppressed = { 0 };
  g_auto (CliRun) again = { 0 };
  g_auto (CliRun) bad = { 0 };
  g_auto (CliRun) deactivate = { 0 };
  g_auto (CliRun) reactivate = { 0 };
  g_auto (CliRun) audit = { 0 };
  g_autoptr (JsonNode) report = NULL;
  g_autoptr (JsonNode) second = NULL;
  g_autoptr (GHashTable) before = NULL;
  g_autoptr (GHashTable) after = NULL;
  g_autoptr (GHashTable) fresh = NULL;
  JsonObject *object;
  const char *gone[] = { client3, jane, gaid6, NULL };
  const char *values[] = { "client.3@", "Client.3", "J.Doe", "j.doe", "jdoe", "000000000006", "not an address",
                           NULL };

  if (!sim_session_have_keyring ())
    return;
  /* The audience hashes Gmail addresses without their dots. */
  customers = write_customers (fixture, 0, 12);
  cohort (fixture, &imported, "import", customers, "--audience", "Clients FR", "--email-gmail-dots");
  g_assert_cmpint (imported.status, ==, 0);
  connect_paris (fixture);
  cohort (fixture, &activate, "activate", "Clients FR", "--destination", "Paris");
  g_assert_cmpint (activate.status, ==, 0);
  sync_once (fixture, 0);
  before = remote_members (fixture);
  for (guint i = 0; gone[i] != NULL; i++)
    g_assert_true (g_hash_table_contains (before, gone[i]));

  /* Other column names, mapped by hand; values as people type them. */
  optouts = write_input (fixture, "optouts.csv",
                         "Adresse;Android\n"
                         " Client.3@EXEMPLE.fr ;\n"
                         "J.Doe@Gmail.com;\n"
                         ";6D92078A-8246-4BA4-AE5B-000000000006\n"
                         "not an address;\n"
                         "client.3@exemple.fr;\n");
  cohort (fixture, &suppressed, "suppress", "import", optouts, "--map", "Adresse=email", "--map", "Android=gaid",
          "--no-detect", "--rejects", rejects, "--json");
  g_assert_cmpint (suppressed.status, ==, 0);
  report = sim_session_parse_json (suppressed.out);
  object = json_node_get_object (report);
  g_assert_cmpint (json_object_get_int_member (object, "rows"), ==, 5);
  g_assert_cmpint (json_object_get_int_member (object, "accepted"), ==, 4);
  g_assert_cmpint (json_object_get_int_member (object, "rejected"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (object, "duplicates"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (object, "reasons"), "email_invalid"),
                   ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (object, "added"), "email"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (object, "added"), "gaid"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (object, "already"), "email"), ==, 0);
  g_assert_false (json_object_has_member (object, "audience"));

  sync_once (fixture, 0);
  after = remote_members (fixture);
  for (guint i = 0; gone[i] != NULL; i++)
    g_assert_false (g_hash_table_contains (after, gone[i]));
  g_assert_true (g_hash_table_contains (after, client4));
  g_assert_cmpuint (g_hash_table_size (after), ==, g_hash_table_size (before) - 3);

  /* A second time: all were suppressed already. */
  cohort (fixture, &again, "suppress", "import", optouts, "--map", "Adresse=email", "--map", "Android=gaid",
          "--no-detect", "--json");
  g_assert_cmpint (again.status, ==, 0);
  second = sim_session_parse_json (again.out);
  object = json_node_get_object (second);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (object, "added"), "email"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (object, "already"), "email"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (object, "already"), "gaid"), ==, 1);
  cohort (fixture, &bad, "suppress", "import", optouts, "--map", "Adresse=postcode");
  g_assert_cmpint (bad.status, ==, 2);

  /* A new activation of the same list never sends them. */
  cohort (fixture, &deactivate, "deactivate", "Clients FR", "--destination", "Paris", "--delete-remote");
  g_assert_cmpint (deactivate.status, ==, 0);
  cohort (fixture, &reactivate, "activate", "Clients FR", "--destination", "Paris");
  g_assert_cmpint (reactivate.status, ==, 0);
  sync_once (fixture, 0);
  fresh = remote_members (fixture);
  for (guint i = 0; gone[i] != NULL; i++)
    g_assert_false (g_hash_table_contains (fresh, gone[i]));
  g_assert_cmpuint (g_hash_table_size (fresh), ==, g_hash_table_size (after));

  actions = audit_actions (fixture);
  assert_in_order (actions, (const char *[]) { ",import", ",activate", ",sync", ",suppress-import", ",sync",
                                               ",suppress-import", ",deactivate", ",activate", ",sync", NULL });
  cohort (fixture, &audit, "audit", "--csv");
  sim_session_assert_absent ("the audit log", audit.out, strlen (audit.out), values);
  sim_session_assert_absent_from_files (fixture->session.data_dir, values);
}


int
main (int   argc,
      char *argv[])
{
  cohort_i18n_init ();
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/governance/suppress-import", Fixture, NULL, fixture_set_up, test_suppress_import, fixture_tear_down);

  return g_test_run ();
}
