/* tiktok-sim.h: CohortTiktokSim, a TikTok Business API simulator on the loopback, for tests and demos */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

#define COHORT_TYPE_TIKTOK_SIM (cohort_tiktok_sim_get_type ())
G_DECLARE_FINAL_TYPE (CohortTiktokSim, cohort_tiktok_sim, COHORT, TIKTOK_SIM, GObject)

/* The app and advertisers every simulator starts with. */
#define COHORT_TIKTOK_SIM_APP_ID     "7100000000000000001"
#define COHORT_TIKTOK_SIM_APP_SECRET "sim-secret-0123456789abcdef"

CohortTiktokSim *cohort_tiktok_sim_new           (void);
gboolean         cohort_tiktok_sim_listen        (CohortTiktokSim  *self,
                                                  guint             port,
                                                  GError          **error);
char            *cohort_tiktok_sim_dup_base_url  (CohortTiktokSim  *self);
void             cohort_tiktok_sim_set_qps       (CohortTiktokSim  *self,
                                                  guint             qps);
void             cohort_tiktok_sim_set_grant     (CohortTiktokSim  *self,
                                                  gboolean          grant_advertisers);
gboolean         cohort_tiktok_sim_set_faults    (CohortTiktokSim  *self,
                                                  JsonObject       *faults,
                                                  GError          **error);
JsonNode        *cohort_tiktok_sim_dump_state    (CohortTiktokSim  *self);

G_END_DECLS
