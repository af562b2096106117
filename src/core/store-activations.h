/* store-activations.h: CohortStore's activations, their outbox of unsent changes, and sync runs */
#pragma once

#include "core/hash-runs.h"
#include "core/identity.h"
#include "core/store.h"

G_BEGIN_DECLS

/* TikTok's limit on a Partner audience's name, in characters. */
#define COHORT_REMOTE_NAME_MAX 70

/* What a paused activation waits for: the one thing the user can do. */
typedef enum
{
  COHORT_PAUSE_NONE,       /* not paused, or nothing for the user to do */
  COHORT_PAUSE_CONNECTION, /* no token, or TikTok refused it (expired, revoked, mismatched): connect again */
  COHORT_PAUSE_PERMISSION, /* the ad account or the developer app lacks a permission: check it at TikTok */
  COHORT_PAUSE_POLICY,     /* held by its destination's policy: labels or warnings to review */
} CohortPauseCause;

typedef struct
{
  gint64   id;
  char    *audience;
  char    *destination;
  char    *app_id;
  char    *advertiser_id;
  guint    identities;   /* a bit per CohortIdentity sent */
  char    *remote_name;
  char    *remote_id;    /* NULL until created or adopted */
  char    *state;        /* pending, sending, synced, paused, failed */
  char    *reason;
  gint64   tiktok_size;  /* -1: not known yet */
  int      tiktok_valid; /* -1: not known yet */
  gint64   pending;      /* changes in the outbox */
  gint64   last_run_end; /* Unix time, 0: never */
  char    *last_outcome;
  char    *hold;         /* the labels its destination's policy holds it for; empty: none */
  gint64   not_mapped;   /* current members of identities it does not send */
  gint64   rate_limited_since; /* Unix time, 0: TikTok is not limiting it */
  CohortPauseCause paused_for; /* %COHORT_PAUSE_POLICY whenever it is held */
} CohortActivation;

typedef struct
{
  gint64   id;
  gint64   seq;
  gint64   person;     /* its row in the version's file; -1: alone */
  guint    identity;
  gboolean suppressed; /* an add whose person is on the suppression list */
  guint8   hash[COHORT_HASH_LENGTH];
} CohortOutboxEntry;

typedef struct
{
  gint64  id;
  gint64  activation_id;
  char   *audience;
  char   *destination;
  gint64  started_at;
  gint64  ended_at;
  gint64  received;   /* changes taken from the outbox, and those not mapped */
  gint64  added;
  gint64  removed;
  gint64  failed;
  gint64  excluded;   /* suppressed + unmapped */
  gint64  suppressed; /* adds left out: the person is on the suppression list */
  gint64  unmapped;   /* changes of identities the activation does not send */
  gint64  errors;     /* failed attempts, retried or not */
  char   *outcome;
  char   *message;
  char   *request_ids;
} CohortSyncRun;

void              cohort_activation_free             (CohortActivation   *activation);
void              cohort_sync_run_free               (CohortSyncRun      *run);
gboolean          cohort_activation_check_remote_name (const char        *name,
                                                       GError           **error);
const char       *cohort_pause_cause_to_nick         (CohortPauseCause    cause);
double            cohort_sync_run_get_progress       (const CohortSyncRun *run,
                                                      gint64              pending);

gboolean          cohort_store_activate              (CohortStore        *self,
                                                      const char         *audience,
                                                      const char         *destination,
                                                      guint               identities,
                                                      const char         *remote_name,
                                                      guint               accepted_warnings,
                                                      gboolean           *out_resumed,
                                                      GError            **error);
CohortActivation *cohort_store_find_activation       (CohortStore        *self,
                                                      const char         *audience,
                                                      const char         *destination,
                                                      GError            **error);
gboolean          cohort_store_delete_activation     (CohortStore        *self,
                                                      gint64              id,
                                                      GError            **error);
GPtrArray        *cohort_store_list_activations      (CohortStore        *self,
                                                      GError            **error);
gboolean          cohort_store_set_activation_remote (CohortStore        *self,
                                                      gint64              id,
                                                      const char         *remote_id,
                                                      GError            **error);
gboolean          cohort_store_set_activation_state  (CohortStore        *self,
                                                      gint64              id,
                                                      const char         *state,
                                                      CohortPauseCause    paused_for,
                                                      const char         *reason,
                                                      GError            **error);
gboolean          cohort_store_get_activation_hold   (CohortStore        *self,
                                                      gint64              id,
                                                      char              **out_hold,
                                                      GError            **error);
gboolean          cohort_store_set_activation_tiktok (CohortStore        *self,
                                                      gint64              id,
                                                      gint64              size,
                                                      gboolean            valid,
                                                      GError            **error);

gboolean          cohort_store_note_rate_limited     (CohortStore        *self,
                                                      gint64              id,
                                                      gint64             *out_since,
                                                      gboolean           *out_alerted,
                                                      GError            **error);
gboolean          cohort_store_set_rate_limit_alerted (CohortStore       *self,
                                                       gint64             id,
                                                       GError           **error);
gboolean          cohort_store_clear_rate_limited    (CohortStore        *self,
                                                      gint64              id,
                                                      GError            **error);

gint64            cohort_store_count_pending         (CohortStore        *self,
                                                      GError            **error);
GArray           *cohort_store_outbox_next           (CohortStore        *self,
                                                      gint64              activation_id,
                                                      guint               max_people,
                                                      gboolean           *out_adding,
                                                      GError            **error);
gboolean          cohort_store_outbox_done           (CohortStore        *self,
                                                      gint64              activation_id,
                                                      GArray             *entries,
                                                      gboolean            adding,
                                                      gboolean            failed,
                                                      guint               n_excluded,
                                                      gint64              run_id,
                                                      GError            **error);

gint64            cohort_store_run_begin             (CohortStore        *self,
                                                      gint64              activation_id,
                                                      GError            **error);
gboolean          cohort_store_run_end               (CohortStore        *self,
                                                      gint64              run_id,
                                                      guint               n_unsettled,
                                                      const char         *outcome,
                                                      const char         *message,
                                                      const char         *request_ids,
                                                      GError            **error);
gboolean          cohort_store_run_count_error       (CohortStore        *self,
                                                      gint64              run_id,
                                                      GError            **error);
gboolean          cohort_store_close_interrupted_runs (CohortStore   *self,
                                                       GError       **error);
GPtrArray        *cohort_store_list_runs             (CohortStore        *self,
                                                      gint64              activation_id,
                                                      guint               limit,
                                                      GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CohortActivation, cohort_activation_free)

G_END_DECLS
