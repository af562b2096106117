/* main.c: `cohort-tiktok-sim`, the TikTok simulator as a program: point Cohort at it for demos */
#include "config.h"

#include <stdio.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "tiktok-sim.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GOptionContext) context = g_option_context_new (NULL);
  g_autoptr (CohortTiktokSim) sim = NULL;
  g_autoptr (GMainLoop) loop = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) faults = json_object_new ();
  g_autofree char *url = NULL;
  g_auto (GStrv) codes = NULL;
  int port = 8765;
  int qps = 10;
  int latency = 0;
  double error_rate = 0, drop_before = 0, drop_after = 0;
  gboolean no_grant = FALSE;
  pid_t parent = getppid ();

  /* A test that crashes must not leave its simulator holding the test
   * runner's pipes open. */
  prctl (PR_SET_PDEATHSIG, SIGTERM);
  if (getppid () != parent)
    return 1;
  const GOptionEntry entries[] = {
    { "port", 'p', 0, G_OPTION_ARG_INT, &port, "Port on 127.0.0.1 (0: any free port)", "PORT" },
    { "qps", 0, 0, G_OPTION_ARG_INT, &qps, "Requests a second before 40100 (0: no limit)", "N" },
    { "no-grant", 0, 0, G_OPTION_ARG_NONE, &no_grant, "The user grants no advertiser", NULL },
    { "error-rate", 0, 0, G_OPTION_ARG_DOUBLE, &error_rate, "Share of calls answered with an error", "R" },
    { "error-codes", 0, 0, G_OPTION_ARG_STRING_ARRAY, &codes, "Codes to answer with (TikTok's, or HTTP 4xx and 5xx)", "CODE" },
    { "latency", 0, 0, G_OPTION_ARG_INT, &latency, "Milliseconds before each answer", "MS" },
    { "drop-before", 0, 0, G_OPTION_ARG_DOUBLE, &drop_before, "Share of calls dropped before applying", "R" },
    { "drop-after", 0, 0, G_OPTION_ARG_DOUBLE, &drop_after, "Share of calls dropped after applying", "R" },
    { NULL },
  };

  g_option_context_set_summary (context,
                                "A TikTok Business API simulator on 127.0.0.1, for tests and demos.\n"
                                "App ID " COHORT_TIKTOK_SIM_APP_ID ", secret " COHORT_TIKTOK_SIM_APP_SECRET ".\n"
                                "Control: GET /sim/state, POST /sim/faults, POST /sim/revoke-all.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("cohort-tiktok-sim: %s\n", error->message);
      return 2;
    }

  sim = cohort_tiktok_sim_new ();
  cohort_tiktok_sim_set_qps (sim, MAX (qps, 0));
  cohort_tiktok_sim_set_grant (sim, !no_grant);
  json_object_set_double_member (faults, "error_rate", error_rate);
  json_object_set_int_member (faults, "latency_ms", MAX (latency, 0));
  json_object_set_double_member (faults, "drop_before_rate", drop_before);
  json_object_set_double_member (faults, "drop_after_rate", drop_after);
  if (codes != NULL)
    {
      JsonArray *array = json_array_new ();

      for (guint i = 0; codes[i] != NULL; i++)
        json_array_add_int_element (array, atoi (codes[i]));
      json_object_set_array_member (faults, "error_codes", array);
    }
  if (!cohort_tiktok_sim_set_faults (sim, faults, &error) ||
      !cohort_tiktok_sim_listen (sim, port, &error))
    {
      g_printerr ("cohort-tiktok-sim: %s\n", error->message);
      return 1;
    }

  url = cohort_tiktok_sim_dup_base_url (sim);
  printf ("%s\n", url);
  fflush (stdout);
  loop = g_main_loop_new (NULL, FALSE);
  g_main_loop_run (loop);
  return 0;
}
