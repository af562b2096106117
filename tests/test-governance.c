/* test-governance.c: suppression lists from files, usage labels and destination policies, checked
 * against the simulator's state and the audit log */
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

static JsonObject *
only_status (Fixture *fixture)
{
  g_autoptr (JsonNode) root = run_json (fixture, "status", NULL);

  g_assert_cmpuint (json_array_get_length (json_node_get_array (root)), ==, 1);
  return json_object_ref (json_array_get_object_element (json_node_get_array (root), 0));
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
 * rejects): the people already on TikTok leave it at the next sync, with
 * the other identifiers of their rows (client 3's advertising ID, client
 * 6's email: linked), a new activation never sends them, and the store
 * keeps no value of the file. */
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
  g_autofree char *gaid3 = member ("AAID_SHA256", "6d92078a-8246-4ba4-ae5b-000000000003");
  g_autofree char *client6 = member ("EMAIL_SHA256", "client.6@exemple.fr");
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
  const char *gone[] = { client3, jane, gaid6, gaid3, client6, NULL };
  const char *values[] = { "client.3@", "Client.3", "J.Doe", "j.doe", "jdoe", "000000000006", "not an address",
                           NULL };

  if (!sim_session_have_keyring ())
    return;
  /* The audience hashes Gmail addresses without their dots. */
  customers = write_customers (fixture, 0, 12);
  cohort (fixture, &imported, "import", customers, "--audience", "Clients FR", "--label", "consent-marketing",
          "--email-gmail-dots");
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
  g_assert_cmpuint (g_hash_table_size (after), ==, g_hash_table_size (before) - 5);

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

static gint64
count_of (JsonNode *root)
{
  return json_array_get_length (json_node_get_array (root));
}

/* A label the destination's policy blocks: activation is refused with a
 * message naming the label and the policy, and nothing changes. */
static void
test_blocked (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *customers = write_customers (fixture, 0, 6);
  g_autofree char *status_before = NULL;
  g_auto (CliRun) imported = { 0 };
  g_auto (CliRun) before = { 0 };
  g_auto (CliRun) refused = { 0 };
  g_auto (CliRun) accepting = { 0 };
  g_auto (CliRun) after = { 0 };
  g_auto (CliRun) unknown_label = { 0 };
  g_auto (CliRun) unknown_audience = { 0 };
  g_auto (CliRun) unknown_destination = { 0 };
  g_auto (CliRun) unknown_accept = { 0 };
  g_auto (CliRun) both = { 0 };
  g_auto (CliRun) reason_alone = { 0 };
  g_autoptr (JsonNode) audiences = NULL;
  g_autoptr (JsonNode) labels = NULL;
  g_autoptr (JsonNode) audit_before = NULL;
  g_autoptr (JsonNode) audit_after = NULL;
  g_autoptr (GHashTable) remote = NULL;
  JsonArray *list;

  if (!sim_session_have_keyring ())
    return;
  cohort (fixture, &imported, "import", customers, "--audience", "Clients FR", "--label", "sensitive",
          "--label", "consent-marketing", "--label-reason", "Patients of the clinic");
  g_assert_cmpint (imported.status, ==, 0);
  g_assert_nonnull (strstr (imported.out, "sensitive (Patients of the clinic)"));

  /* Shown where the audience is, with the reason. */
  audiences = run_json (fixture, "audiences", NULL);
  list = json_object_get_array_member (json_array_get_object_element (json_node_get_array (audiences), 0), "labels");
  g_assert_cmpuint (json_array_get_length (list), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, 1), "label"), ==,
                   "sensitive");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, 1), "reason"), ==,
                   "Patients of the clinic");
  labels = run_json (fixture, "label", "Clients FR");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (labels), "labels")),
                    ==, 2);

  connect_paris (fixture);
  cohort (fixture, &before, "status", "--json");
  status_before = g_strdup (before.out);
  audit_before = run_json (fixture, "audit", NULL);
  cohort (fixture, &refused, "activate", "Clients FR", "--destination", "Paris");
  g_assert_cmpint (refused.status, ==, 1);
  g_assert_nonnull (strstr (refused.err, "“sensitive”"));
  g_assert_nonnull (strstr (refused.err, "policy of “Paris” blocks"));
  g_assert_nonnull (strstr (refused.err, "Nothing was changed"));
  /* No acceptance overrides a block. */
  cohort (fixture, &accepting, "activate", "Clients FR", "--destination", "Paris", "--accept-warnings");
  g_assert_cmpint (accepting.status, ==, 1);

  cohort (fixture, &after, "status", "--json");
  g_assert_cmpstr (after.out, ==, status_before);
  audit_after = run_json (fixture, "audit", NULL);
  g_assert_cmpint (count_of (audit_after), ==, count_of (audit_before));
  sync_once (fixture, 0);
  remote = remote_members (fixture);
  g_assert_cmpuint (g_hash_table_size (remote), ==, 0);

  cohort (fixture, &unknown_label, "label", "Clients FR", "--add", "sometimes");
  g_assert_cmpint (unknown_label.status, ==, 2);
  g_assert_nonnull (strstr (unknown_label.err, "Unknown label “sometimes”"));
  g_assert_nonnull (strstr (unknown_label.err, "minors-possible"));
  cohort (fixture, &unknown_audience, "label", "Nobody", "--add", "sensitive");
  g_assert_cmpint (unknown_audience.status, ==, 1);
  g_assert_nonnull (strstr (unknown_audience.err, "There is no audience named “Nobody”"));
  cohort (fixture, &unknown_destination, "policy", "Nowhere");
  g_assert_cmpint (unknown_destination.status, ==, 1);
  g_assert_nonnull (strstr (unknown_destination.err, "There is no destination named “Nowhere”"));
  cohort (fixture, &unknown_accept, "activate", "Clients FR", "--destination", "Paris", "--accept-warning", "minor");
  g_assert_cmpint (unknown_accept.status, ==, 2);
  cohort (fixture, &both, "policy", "Paris", "--block", "sensitive", "--warn", "sensitive,minors-possible");
  g_assert_cmpint (both.status, ==, 2);
  cohort (fixture, &reason_alone, "label", "Clients FR", "--reason", "why not");
  g_assert_cmpint (reason_alone.status, ==, 2);
}

/* A warning must be accepted, and the override is in the audit log. */
static void
test_warning (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *customers = write_customers (fixture, 0, 6);
  g_auto (CliRun) imported = { 0 };
  g_auto (CliRun) refused = { 0 };
  g_auto (CliRun) half = { 0 };
  g_auto (CliRun) accepted = { 0 };
  g_autoptr (JsonNode) status = NULL;
  g_autoptr (JsonNode) audit = NULL;
  g_autoptr (GHashTable) remote = NULL;
  JsonArray *entries;
  gboolean overridden = FALSE;

  if (!sim_session_have_keyring ())
    return;
  cohort (fixture, &imported, "import", customers, "--audience", "Clients FR", "--label", "minors-possible");
  g_assert_cmpint (imported.status, ==, 0);
  connect_paris (fixture);
  cohort (fixture, &refused, "activate", "Clients FR", "--destination", "Paris");
  g_assert_cmpint (refused.status, ==, 1);
  g_assert_nonnull (strstr (refused.err, "“minors-possible”"));
  g_assert_nonnull (strstr (refused.err, "not labelled “consent-marketing”"));
  g_assert_nonnull (strstr (refused.err, "--accept-warning consent-marketing,minors-possible"));
  cohort (fixture, &half, "activate", "Clients FR", "--destination", "Paris", "--accept-warning", "minors-possible");
  g_assert_cmpint (half.status, ==, 1);
  status = run_json (fixture, "status", NULL);
  g_assert_cmpint (count_of (status), ==, 0);

  cohort (fixture, &accepted, "activate", "Clients FR", "--destination", "Paris", "--accept-warning",
          "minors-possible", "--accept-warning", "consent-marketing");
  g_assert_cmpint (accepted.status, ==, 0);
  g_assert_nonnull (strstr (accepted.out, "audit log"));
  audit = run_json (fixture, "audit", NULL);
  entries = json_node_get_array (audit);
  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonObject *entry = json_array_get_object_element (entries, i);

      if (!g_str_equal (json_object_get_string_member (entry, "action"), "policy-override"))
        continue;
      overridden = TRUE;
      g_assert_cmpstr (json_object_get_string_member (entry, "audience"), ==, "Clients FR");
      g_assert_cmpstr (json_object_get_string_member (entry, "destination"), ==, "Paris");
      g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (entry, "details"), "accepted"),
                       ==, "consent-marketing,minors-possible");
    }
  g_assert_true (overridden);
  sync_once (fixture, 0);
  remote = remote_members (fixture);
  /* Seven emails and two advertising IDs. */
  g_assert_cmpuint (g_hash_table_size (remote), ==, 9);
}

/* A label added to an activated audience: paused with an alert, nothing
 * more sent; removing it, or accepting a warning, lets it go again. */
static void
test_label_later (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *customers = write_customers (fixture, 0, 6);
  g_autofree char *actions = NULL;
  g_auto (CliRun) imported = { 0 };
  g_auto (CliRun) activate = { 0 };
  g_auto (CliRun) label = { 0 };
  g_auto (CliRun) grown = { 0 };
  g_auto (CliRun) unlabel = { 0 };
  g_auto (CliRun) minors = { 0 };
  g_auto (CliRun) again = { 0 };
  g_auto (CliRun) accept = { 0 };
  g_autoptr (JsonObject) held = NULL;
  g_autoptr (JsonObject) released = NULL;
  g_autoptr (JsonObject) warned = NULL;
  g_autoptr (JsonObject) accepted = NULL;
  g_autoptr (JsonNode) alerts = NULL;
  g_autoptr (JsonNode) runs_before = NULL;
  g_autoptr (JsonNode) runs_after = NULL;
  g_autoptr (GHashTable) first = NULL;
  g_autoptr (GHashTable) still = NULL;
  g_autoptr (GHashTable) last = NULL;
  JsonObject *alert;

  if (!sim_session_have_keyring ())
    return;
  cohort (fixture, &imported, "import", customers, "--audience", "Clients FR", "--label", "consent-marketing");
  connect_paris (fixture);
  cohort (fixture, &activate, "activate", "Clients FR", "--destination", "Paris");
  g_assert_cmpint (activate.status, ==, 0);
  sync_once (fixture, 0);
  first = remote_members (fixture);
  g_assert_cmpuint (g_hash_table_size (first), ==, 9);

  cohort (fixture, &label, "label", "Clients FR", "--add", "no-ad-targeting", "--reason", "Partner data");
  g_assert_cmpint (label.status, ==, 0);
  g_assert_nonnull (strstr (label.out, "“Clients FR” → “Paris” is paused"));
  held = only_status (fixture);
  g_assert_cmpstr (json_object_get_string_member (held, "state"), ==, "paused");
  g_assert_cmpstr (json_object_get_string_member (held, "hold"), ==, "no-ad-targeting");
  g_assert_nonnull (strstr (json_object_get_string_member (held, "reason"), "“no-ad-targeting”"));
  g_assert_nonnull (strstr (json_object_get_string_member (held, "reason"), "policy of “Paris” blocks"));
  /* The newest; below-minimum came with the first sync. */
  alerts = run_json (fixture, "alerts", NULL);
  alert = json_array_get_object_element (json_node_get_array (alerts), 0);
  g_assert_cmpstr (json_object_get_string_member (alert, "kind"), ==, "policy");
  g_assert_cmpstr (json_object_get_string_member (alert, "subject"), ==, "Clients FR → Paris");
  g_assert_nonnull (strstr (json_object_get_string_member (alert, "message"), "“no-ad-targeting”"));

  /* A new version waits: nothing is sent, no run is made. */
  g_free (write_customers (fixture, 0, 12));
  cohort (fixture, &grown, "import", customers, "--audience", "Clients FR");
  g_assert_cmpint (grown.status, ==, 0);
  runs_before = run_json (fixture, "runs", NULL);
  sync_once (fixture, 1);
  runs_after = run_json (fixture, "runs", NULL);
  g_assert_cmpint (count_of (runs_after), ==, count_of (runs_before));
  still = remote_members (fixture);
  g_assert_cmpuint (g_hash_table_size (still), ==, g_hash_table_size (first));

  cohort (fixture, &unlabel, "label", "Clients FR", "--remove", "no-ad-targeting");
  g_assert_cmpint (unlabel.status, ==, 0);
  g_assert_nonnull (strstr (unlabel.out, "resumes at the next sync"));
  released = only_status (fixture);
  g_assert_cmpstr (json_object_get_string_member (released, "state"), ==, "pending");
  g_assert_cmpstr (json_object_get_string_member (released, "hold"), ==, "");
  sync_once (fixture, 0);
  last = remote_members (fixture);
  /* Thirteen emails and four advertising IDs. */
  g_assert_cmpuint (g_hash_table_size (last), ==, 17);

  /* A label warned about pauses too, until the warning is accepted. */
  cohort (fixture, &minors, "label", "Clients FR", "--add", "minors-possible");
  g_assert_nonnull (strstr (minors.out, "is paused"));
  warned = only_status (fixture);
  g_assert_cmpstr (json_object_get_string_member (warned, "hold"), ==, "minors-possible");
  g_assert_nonnull (strstr (json_object_get_string_member (warned, "reason"), "until the warning is accepted"));
  cohort (fixture, &again, "activate", "Clients FR", "--destination", "Paris");
  g_assert_cmpint (again.status, ==, 1);
  g_assert_nonnull (strstr (again.err, "--accept-warning minors-possible"));
  cohort (fixture, &accept, "activate", "Clients FR", "--destination", "Paris", "--accept-warning",
          "minors-possible");
  g_assert_cmpint (accept.status, ==, 0);
  g_assert_nonnull (strstr (accept.out, "resumes at the next sync"));
  accepted = only_status (fixture);
  g_assert_cmpstr (json_object_get_string_member (accepted, "hold"), ==, "");
  sync_once (fixture, 0);

  actions = audit_actions (fixture);
  assert_in_order (actions, (const char *[]) { ",label-add", ",policy-pause", ",import", ",label-remove",
                                               ",policy-resume", ",sync", ",label-add", ",policy-pause",
                                               ",policy-override", ",policy-resume", ",sync", NULL });
}

/* Policies are per destination: the default, then edited, and each edit
 * re-checks the destination's activations. */
static void
test_policy (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *customers = write_customers (fixture, 0, 6);
  g_autofree char *actions = NULL;
  g_auto (CliRun) imported = { 0 };
  g_auto (CliRun) activate = { 0 };
  g_auto (CliRun) strict = { 0 };
  g_auto (CliRun) shown = { 0 };
  g_auto (CliRun) reset = { 0 };
  g_autoptr (JsonNode) initial = NULL;
  g_autoptr (JsonNode) edited = NULL;
  g_autoptr (JsonObject) held = NULL;
  g_autoptr (JsonObject) released = NULL;
  JsonObject *policy;

  if (!sim_session_have_keyring ())
    return;
  connect_paris (fixture);
  initial = run_json (fixture, "policy", "Paris");
  policy = json_node_get_object (initial);
  g_assert_true (json_object_get_boolean_member (policy, "default"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (policy, "block")), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (policy, "block"), 0), ==,
                   "no-ad-targeting");
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (policy, "warn"), 0), ==,
                   "consent-marketing");
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (policy, "warn"), 1), ==,
                   "minors-possible");

  cohort (fixture, &imported, "import", customers, "--audience", "Clients FR", "--label",
          "consent-marketing,minors-possible");
  cohort (fixture, &activate, "activate", "Clients FR", "--destination", "Paris", "--accept-warning",
          "minors-possible");
  g_assert_cmpint (activate.status, ==, 0);
  sync_once (fixture, 0);

  cohort (fixture, &strict, "policy", "Paris", "--block", "no-ad-targeting,sensitive,minors-possible");
  g_assert_cmpint (strict.status, ==, 0);
  g_assert_nonnull (strstr (strict.out, "is paused"));
  held = only_status (fixture);
  g_assert_cmpstr (json_object_get_string_member (held, "hold"), ==, "minors-possible");
  edited = run_json (fixture, "policy", "Paris");
  policy = json_node_get_object (edited);
  g_assert_false (json_object_get_boolean_member (policy, "default"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (policy, "block")), ==, 3);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (policy, "warn")), ==, 1);
  cohort (fixture, &shown, "policy", "Paris");
  g_assert_nonnull (strstr (shown.out, "consent-marketing (when missing)"));

  /* Back to the default: the warning accepted before still stands. */
  cohort (fixture, &reset, "policy", "Paris", "--reset");
  g_assert_cmpint (reset.status, ==, 0);
  g_assert_nonnull (strstr (reset.out, "(the default)"));
  g_assert_nonnull (strstr (reset.out, "resumes at the next sync"));
  released = only_status (fixture);
  g_assert_cmpstr (json_object_get_string_member (released, "hold"), ==, "");
  sync_once (fixture, 0);

  actions = audit_actions (fixture);
  assert_in_order (actions, (const char *[]) { ",activate", ",policy-override", ",policy-change", ",policy-pause",
                                               ",policy-change", ",policy-resume", NULL });
}

int
main (int   argc,
      char *argv[])
{
  cohort_i18n_init ();
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/governance/suppress-import", Fixture, NULL, fixture_set_up, test_suppress_import, fixture_tear_down);
  g_test_add ("/governance/blocked", Fixture, NULL, fixture_set_up, test_blocked, fixture_tear_down);
  g_test_add ("/governance/warning", Fixture, NULL, fixture_set_up, test_warning, fixture_tear_down);
  g_test_add ("/governance/label-later", Fixture, NULL, fixture_set_up, test_label_later, fixture_tear_down);
  g_test_add ("/governance/policy", Fixture, NULL, fixture_set_up, test_policy, fixture_tear_down);

  return g_test_run ();
}
