/* keyring.h: Cohort's secrets (app secret, access tokens) in the Secret Service, never in a file */
#pragma once

#include <gio/gio.h>
#include <libsecret/secret.h>

#include "core/error.h"

G_BEGIN_DECLS

typedef enum
{
  COHORT_SECRET_APP_SECRET,   /* the TikTok developer app's secret */
  COHORT_SECRET_ACCESS_TOKEN, /* the access token a user granted that app */
} CohortSecretKind;

const SecretSchema *cohort_keyring_get_schema   (CohortSecretKind kind);

gboolean  cohort_keyring_store_sync   (CohortSecretKind   kind,
                                       const char        *id,
                                       const char        *label,
                                       const char        *secret,
                                       GCancellable      *cancellable,
                                       GError           **error);
char     *cohort_keyring_lookup_sync  (CohortSecretKind   kind,
                                       const char        *id,
                                       GCancellable      *cancellable,
                                       GError           **error);
gboolean  cohort_keyring_clear_sync   (CohortSecretKind   kind,
                                       const char        *id,
                                       GCancellable      *cancellable,
                                       GError           **error);

void      cohort_keyring_lookup_async  (CohortSecretKind     kind,
                                        const char          *id,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
char     *cohort_keyring_lookup_finish (GAsyncResult        *result,
                                        GError             **error);

void      cohort_keyring_store_async   (CohortSecretKind     kind,
                                        const char          *id,
                                        const char          *label,
                                        const char          *secret,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
void      cohort_keyring_clear_async   (CohortSecretKind     kind,
                                        const char          *id,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
gboolean  cohort_keyring_change_finish (GAsyncResult        *result,
                                        GError             **error);

void      cohort_keyring_secret_free   (char                *secret);

/* A secret returned by the keyring: g_autoptr (CohortSecretText) wipes it when freed. */
typedef char CohortSecretText;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CohortSecretText, cohort_keyring_secret_free)

G_END_DECLS
