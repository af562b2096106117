/* oauth-flow-private.h: how CohortOAuthFlow reads one request to its listener, for tests and fuzzing */
#pragma once

#include "core/oauth-flow.h"

G_BEGIN_DECLS

typedef enum
{
  COHORT_OAUTH_CALLBACK_NOT_FOUND,   /* another path than /callback */
  COHORT_OAUTH_CALLBACK_BAD_METHOD,  /* not a GET */
  COHORT_OAUTH_CALLBACK_OTHER_STATE, /* no state, or not this flow's */
  COHORT_OAUTH_CALLBACK_CODE,        /* this flow's answer, with the auth code */
  COHORT_OAUTH_CALLBACK_DENIED,      /* this flow's answer, without a code */
} CohortOAuthCallback;

CohortOAuthCallback cohort_oauth_callback_read (const char  *method,
                                                const char  *path,
                                                GHashTable  *query,
                                                const char  *state,
                                                char       **out_code,
                                                GError     **out_denial);

G_END_DECLS
