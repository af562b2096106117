/* oauth-flow.h: CohortOAuthFlow, the loopback listener that receives TikTok's OAuth redirect */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

char *cohort_oauth_build_authorize_url (const char *base_url,
                                        const char *app_id,
                                        const char *state,
                                        const char *redirect_uri);

#define COHORT_TYPE_OAUTH_FLOW (cohort_oauth_flow_get_type ())
G_DECLARE_FINAL_TYPE (CohortOAuthFlow, cohort_oauth_flow, COHORT, OAUTH_FLOW, GObject)

CohortOAuthFlow *cohort_oauth_flow_new                (const char          *base_url,
                                                       const char          *app_id,
                                                       guint                port);
gboolean         cohort_oauth_flow_start              (CohortOAuthFlow     *self,
                                                       GError             **error);
const char      *cohort_oauth_flow_get_authorize_url  (CohortOAuthFlow     *self);
const char      *cohort_oauth_flow_get_redirect_uri   (CohortOAuthFlow     *self);
guint            cohort_oauth_flow_get_port           (CohortOAuthFlow     *self);
void             cohort_oauth_flow_wait_async         (CohortOAuthFlow     *self,
                                                       guint                timeout_seconds,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
char            *cohort_oauth_flow_wait_finish        (CohortOAuthFlow     *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);
void             cohort_oauth_flow_close              (CohortOAuthFlow     *self);

G_END_DECLS
