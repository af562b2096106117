/* sim-session.c: a data folder connected to cohort-tiktok-sim through cohort-cli, for the integration tests */
#include "config.h"

#include <glib/gstdio.h>

#include "sim-session.h"
#include "tiktok-sim.h"

void
sim_session_start (SimSession *session,
                   const char *sim_flag)
{
  g_autoptr (GError) error = NULL;

  /* The simulator's flag for this test, or a harmless one. */
  session->sim = sim_start (&session->base, sim_flag != NULL ? sim_flag : "--qps=10", NULL);
  session->data_dir = g_dir_make_tmp ("cohort-sim-XXXXXX", &error);
  g_assert_no_error (error);
  session->api_base_option = g_strconcat ("--api-base=", session->base, NULL);
  session->session = soup_session_new ();
}

static void
remove_tree (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

void
sim_session_stop (SimSession *session)
{
  sim_stop (session->sim);
  remove_tree (session->data_dir);
  g_free (session->data_dir);
  g_free (session->base);
  g_free (session->api_base_option);
  g_object_unref (session->session);
}

gboolean
sim_session_have_keyring (void)
{
  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    {
      g_test_skip ("no session bus: run under build-aux/test-env.sh");
      return FALSE;
    }
  return TRUE;
}

/* A port nobody listens on now. */
guint
sim_session_free_port (void)
{
  g_autoptr (GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                             G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr (GSocketAddress) bound = NULL;

  g_assert_true (g_socket_bind (socket, any, TRUE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

void
sim_session_set_credentials (SimSession *session)
{
  g_auto (CliRun) run = { 0 };
  const char *clear[] = { "secret-tool", "clear", "xdg:schema", "io.github.cohortapp.Cohort.Token", "app_id",
                          COHORT_TIKTOK_SIM_APP_ID, NULL };

  /* The keyring outlives each test: start without the last one's token. */
  g_assert_true (g_spawn_sync (NULL, (char **) clear, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                               NULL, NULL));
  cli_run_input (&run, NULL, COHORT_TIKTOK_SIM_APP_SECRET "\n", "--data-dir", session->data_dir,
                 "credentials", "set", "--app-id", COHORT_TIKTOK_SIM_APP_ID, NULL);
  g_assert_cmpint (run.status, ==, 0);
}

/* What `secret-tool lookup` finds for the simulator's app, or NULL. */
char *
sim_session_keyring_lookup (const char *schema)
{
  g_autofree char *out = NULL;
  int status = 0;
  const char *argv[] = { "secret-tool", "lookup", "xdg:schema", schema, "app_id",
                         COHORT_TIKTOK_SIM_APP_ID, NULL };
  g_autoptr (GError) error = NULL;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, &out, NULL, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL) || out == NULL || *out == '\0')
    return NULL;
  return g_steal_pointer (&out);
}

/* A browser following the address `connect` printed: TikTok's consent page
 * redirects to the listener, which answers the page. */
guint
sim_session_follow (SimSession *session,
                    const char *url,
                    char      **out_page)
{
  g_autoptr (SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr (GBytes) page = soup_session_send_and_read (session->session, msg, NULL, NULL);

  if (out_page != NULL)
    *out_page = page != NULL ? g_strndup (g_bytes_get_data (page, NULL), g_bytes_get_size (page)) : NULL;
  return soup_message_get_status (msg);
}

GSubprocess *
sim_session_start_connect (SimSession *session,
                           guint       port,
                           char      **out_url)
{
  g_autofree char *port_text = g_strdup_printf ("%u", port);
  GSubprocess *process = cli_spawn (NULL, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                                    "--data-dir", session->data_dir, session->api_base_option,
                                    "connect", "--no-browser", "--port", port_text, NULL);
  g_autoptr (GDataInputStream) out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  g_autoptr (GError) error = NULL;

  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (out), FALSE);
  /* One line, unbuffered beyond it: the rest is read by cli_finish(). */
  g_buffered_input_stream_set_buffer_size (G_BUFFERED_INPUT_STREAM (out), 1);
  *out_url = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (*out_url);
  g_assert_true (g_str_has_prefix (*out_url, session->base));
  return process;
}

/* Credentials, then a connection the simulated user grants. */
void
sim_session_connect (SimSession *session)
{
  g_autoptr (GSubprocess) connect = NULL;
  g_auto (CliRun) connected = { 0 };
  g_autofree char *url = NULL;

  sim_session_set_credentials (session);
  connect = sim_session_start_connect (session, sim_session_free_port (), &url);
  g_assert_cmpuint (sim_session_follow (session, url, NULL), ==, SOUP_STATUS_OK);
  cli_finish (&connected, connect, NULL);
  g_assert_cmpint (connected.status, ==, 0);
}

void
sim_session_control (SimSession *session,
                     const char *path,
                     const char *body)
{
  g_autofree char *url = g_strconcat (session->base, path, NULL);
  g_autoptr (SoupMessage) msg = soup_message_new ("POST", url);
  g_autoptr (GBytes) request = g_bytes_new (body, strlen (body));
  g_autoptr (GBytes) reply = NULL;

  soup_message_set_request_body_from_bytes (msg, "application/json", request);
  reply = soup_session_send_and_read (session->session, msg, NULL, NULL);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 204);
}

JsonObject *
sim_session_state (SimSession *session)
{
  g_autofree char *url = g_strconcat (session->base, "/sim/state", NULL);
  g_autoptr (SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr (GBytes) reply = soup_session_send_and_read (session->session, msg, NULL, NULL);
  g_autoptr (JsonParser) parser = json_parser_new ();

  g_assert_nonnull (reply);
  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (reply, NULL), g_bytes_get_size (reply), NULL));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

JsonNode *
sim_session_parse_json (const char *text)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

/* For g_test_add(): @data is the simulator's flag, or NULL. */
void
sim_session_fixture_set_up (SimSession    *session,
                            gconstpointer  data)
{
  sim_session_start (session, data);
}

void
sim_session_fixture_tear_down (SimSession    *session,
                               gconstpointer  data)
{
  sim_session_stop (session);
}

/* Fails naming @where when any of @needles is in @text. */
void
sim_session_assert_absent (const char         *where,
                           const char         *text,
                           gsize               length,
                           const char * const *needles)
{
  for (guint i = 0; needles[i] != NULL; i++)
    if (g_strstr_len (text, length, needles[i]) != NULL)
      g_error ("“%s” found in %s", needles[i], where);
}

/* Fails when any of @needles is in a file under @path. */
void
sim_session_assert_absent_from_files (const char         *path,
                                      const char * const *needles)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      g_autofree char *contents = NULL;
      gsize length;

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        sim_session_assert_absent_from_files (child, needles);
      else if (g_file_get_contents (child, &contents, &length, NULL))
        sim_session_assert_absent (child, contents, length, needles);
    }
}

/* What TikTok should hold: the audience's hashes as `export` writes them,
 * named as the simulator names them (SCHEMA:hex). */
GHashTable *
sim_session_expected_members (SimSession *session,
                              const char *audience)
{
  g_autofree char *dir = g_build_filename (session->data_dir, "export", NULL);
  g_auto (CliRun) run = { 0 };
  GHashTable *members = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const char *files[][2] = { { "email_sha256.txt", "EMAIL_SHA256" }, { "phone_sha256.txt", "PHONE_SHA256" },
                             { "gaid_sha256.txt", "AAID_SHA256" }, { "idfa_sha256.txt", "IDFA_SHA256" } };

  run_cohort (session, &run, "export", audience, "--dir", dir);
  g_assert_cmpint (run.status, ==, 0);
  for (guint f = 0; f < G_N_ELEMENTS (files); f++)
    {
      g_autofree char *path = g_build_filename (dir, files[f][0], NULL);
      g_autofree char *contents = NULL;
      g_auto (GStrv) lines = NULL;

      g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
      lines = g_strsplit (contents, "\n", -1);
      for (guint i = 0; lines[i] != NULL; i++)
        if (*lines[i] != '\0')
          g_hash_table_add (members, g_strdup_printf ("%s:%s", files[f][1], lines[i]));
      g_unlink (path);
    }
  g_rmdir (dir);
  return members;
}

/* The members of the one simulated audience named @name. */
GHashTable *
sim_session_remote_members (SimSession *session,
                            const char *name)
{
  g_autoptr (JsonObject) state = sim_session_state (session);
  JsonArray *audiences = json_object_get_array_member (state, "audiences");
  GHashTable *members = NULL;

  for (guint i = 0; i < json_array_get_length (audiences); i++)
    {
      JsonObject *audience = json_array_get_object_element (audiences, i);
      JsonArray *list = json_object_get_array_member (audience, "members");

      if (!g_str_equal (json_object_get_string_member (audience, "name"), name))
        continue;
      /* Never two: a lost creation is adopted, not repeated. */
      g_assert_null (members);
      members = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      for (guint m = 0; m < json_array_get_length (list); m++)
        g_hash_table_add (members, g_strdup (json_array_get_string_element (list, m)));
    }
  g_assert_nonnull (members);
  return members;
}

/* TikTok's audience named @audience holds exactly the audience's members
 * (of every identity: for an activation that sends them all). */
void
sim_session_assert_in_sync (SimSession *session,
                            const char *audience)
{
  g_autoptr (GHashTable) expected = sim_session_expected_members (session, audience);
  g_autoptr (GHashTable) remote = sim_session_remote_members (session, audience);
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, expected);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_assert_true (g_hash_table_contains (remote, key));
  g_assert_cmpuint (g_hash_table_size (remote), ==, g_hash_table_size (expected));
}
