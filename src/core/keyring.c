/* keyring.c: Cohort's secrets (app secret, access tokens) in the Secret Service, never in a file */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "core/keyring.h"

const SecretSchema *
cohort_keyring_get_schema (void)
{
  static const SecretSchema schema = {
    "io.github.cohortapp.Cohort.Token",
    SECRET_SCHEMA_NONE,
    {
      { "kind", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "id", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
    0, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  };

  return &schema;
}

static const char *
kind_to_string (CohortSecretKind kind)
{
  switch (kind)
    {
    case COHORT_SECRET_APP_SECRET:
      return "app-secret";
    case COHORT_SECRET_ACCESS_TOKEN:
      return "access-token";
    default:
      g_assert_not_reached ();
    }
}

/* libsecret reports a missing Secret Service as a D-Bus error: say what the
 * user can do about it instead of repeating D-Bus's words alone. */
static gboolean
propagate (GError  *libsecret_error,
           GError **error)
{
  if (g_error_matches (libsecret_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_propagate_error (error, libsecret_error);
      return FALSE;
    }
  if (libsecret_error->domain == G_DBUS_ERROR || libsecret_error->domain == G_IO_ERROR)
    g_set_error (error, COHORT_KEYRING_ERROR, COHORT_KEYRING_ERROR_UNAVAILABLE,
                 _("The keyring is not available (%s). Cohort keeps tokens only in the "
                   "keyring: start GNOME Keyring or another Secret Service and try again."),
                 libsecret_error->message);
  else
    g_set_error (error, COHORT_KEYRING_ERROR, COHORT_KEYRING_ERROR_FAILED,
                 _("The keyring refused the request: %s"), libsecret_error->message);
  g_error_free (libsecret_error);
  return FALSE;
}

gboolean
cohort_keyring_store_sync (CohortSecretKind  kind,
                           const char       *id,
                           const char       *label,
                           const char       *secret,
                           GCancellable     *cancellable,
                           GError          **error)
{
  GError *local_error = NULL;

  g_return_val_if_fail (id != NULL && label != NULL && secret != NULL, FALSE);

  if (!secret_password_store_sync (cohort_keyring_get_schema (), SECRET_COLLECTION_DEFAULT, label,
                                   secret, cancellable, &local_error,
                                   "kind", kind_to_string (kind), "id", id, NULL))
    return propagate (local_error, error);
  return TRUE;
}

/**
 * cohort_keyring_lookup_sync:
 *
 * Returns: (transfer full) (nullable): the secret, to free with
 *   cohort_keyring_secret_free(), or %NULL with no error when there is none
 */
char *
cohort_keyring_lookup_sync (CohortSecretKind  kind,
                            const char       *id,
                            GCancellable     *cancellable,
                            GError          **error)
{
  GError *local_error = NULL;
  char *secret;

  g_return_val_if_fail (id != NULL, NULL);

  secret = secret_password_lookup_nonpageable_sync (cohort_keyring_get_schema (), cancellable,
                                                    &local_error,
                                                    "kind", kind_to_string (kind), "id", id, NULL);
  if (local_error != NULL)
    {
      propagate (local_error, error);
      return NULL;
    }
  return secret;
}

gboolean
cohort_keyring_clear_sync (CohortSecretKind  kind,
                           const char       *id,
                           GCancellable     *cancellable,
                           GError          **error)
{
  GError *local_error = NULL;

  g_return_val_if_fail (id != NULL, FALSE);

  /* FALSE without an error means there was nothing to clear, which is what was asked. */
  if (!secret_password_clear_sync (cohort_keyring_get_schema (), cancellable, &local_error,
                                   "kind", kind_to_string (kind), "id", id, NULL) &&
      local_error != NULL)
    return propagate (local_error, error);
  return TRUE;
}

typedef struct
{
  CohortSecretKind  kind;
  char             *id;
} LookupData;

static void
lookup_data_free (LookupData *data)
{
  g_free (data->id);
  g_free (data);
}

static void
lookup_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  LookupData *data = task_data;
  GError *error = NULL;
  char *secret = cohort_keyring_lookup_sync (data->kind, data->id, cancellable, &error);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, secret, (GDestroyNotify) cohort_keyring_secret_free);
}

void
cohort_keyring_lookup_async (CohortSecretKind     kind,
                             const char          *id,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  LookupData *data = g_new0 (LookupData, 1);

  data->kind = kind;
  data->id = g_strdup (id);
  g_task_set_name (task, "cohort_keyring_lookup_async");
  g_task_set_task_data (task, data, (GDestroyNotify) lookup_data_free);
  g_task_run_in_thread (task, lookup_thread);
}

char *
cohort_keyring_lookup_finish (GAsyncResult *result,
                              GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Wipes the secret's memory before freeing it. */
void
cohort_keyring_secret_free (char *secret)
{
  secret_password_free (secret);
}
