/* sim-session.h: a data folder connected to cohort-tiktok-sim through cohort-cli, for the integration tests */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "cli-runner.h"

G_BEGIN_DECLS

typedef struct
{
  GSubprocess *sim;
  char        *base;
  char        *data_dir;
  char        *api_base_option; /* --api-base=BASE */
  SoupSession *session;
} SimSession;

void         sim_session_start           (SimSession  *session,
                                          const char  *sim_flag);
void         sim_session_stop            (SimSession  *session);
void         sim_session_fixture_set_up  (SimSession    *session,
                                          gconstpointer  data);
void         sim_session_fixture_tear_down (SimSession  *session,
                                            gconstpointer data);
gboolean     sim_session_have_keyring    (void);
void         sim_session_set_credentials (SimSession  *session);
GSubprocess *sim_session_start_connect   (SimSession  *session,
                                          guint        port,
                                          char       **out_url);
guint        sim_session_follow          (SimSession  *session,
                                          const char  *url,
                                          char       **out_page);
void         sim_session_connect         (SimSession  *session);
void         sim_session_control         (SimSession  *session,
                                          const char  *path,
                                          const char  *body);
JsonObject  *sim_session_state           (SimSession  *session);
char        *sim_session_keyring_lookup  (const char  *schema);
guint        sim_session_free_port       (void);
JsonNode    *sim_session_parse_json      (const char  *text);
void         sim_session_assert_absent   (const char         *where,
                                          const char         *text,
                                          gsize               length,
                                          const char * const *needles);
void         sim_session_assert_absent_from_files (const char         *path,
                                                   const char * const *needles);
GHashTable  *sim_session_expected_members (SimSession *session,
                                           const char *audience);
GHashTable  *sim_session_remote_members  (SimSession  *session,
                                          const char  *name);
void         sim_session_assert_in_sync  (SimSession  *session,
                                          const char  *audience);

#define run_cohort(session, run, ...) \
  cli_run (run, NULL, "--data-dir", (session)->data_dir, (session)->api_base_option, __VA_ARGS__, NULL)

G_END_DECLS
