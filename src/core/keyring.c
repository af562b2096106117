/* keyring.c: Cohort's secrets (app secret, access tokens) in the Secret Service, never in a file */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "core/keyring.h"

/* One schema a kind of secret, so that Seahorse and `secret-tool` show what
 * each item is; both are keyed by the TikTok developer app's ID. */
const SecretSchema *
cohort_keyring_get_schema (CohortSecretKind kind)
{
  static const SecretSchema app_secret = {
    "io.github.cohortapp.Cohort.AppSecret",
    SECRET_SCHEMA_NONE,
    {
      { "app_id", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
    0, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  };
  static const SecretSchema token = {
    "io.github.cohortapp.Cohort.Token",
    SECRET_SCHEMA_NONE,
    {
      { "app_id", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
    0, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  };

  switch (kind)
    {
    case COHORT_SECRET_APP_SECRET:
      return &app_secret;
    case COHORT_SECRET_ACCESS_TOKEN:
      return &token;
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

  if (!secret_password_store_sync (cohort_keyring_get_schema (kind), SECRET_COLLECTION_DEFAULT, label,
                                   secret, cancellable, &local_error, "app_id", id, NULL))
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

  secret = secret_password_lookup_nonpageable_sync (cohort_keyring_get_schema (kind), cancellable,
                                                    &local_error, "app_id", id, NULL);
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
  if (!secret_password_clear_sync (cohort_keyring_get_schema (kind), cancellable, &local_error,
                                   "app_id", id, NULL) &&
      local_error != NULL)
    return propagate (local_error, error);
  return TRUE;
}

/* libsecret's own async calls would need one code path a call; the sync
 * ones in a thread share the error handling above. */
typedef enum
{
  OP_LOOKUP,
  OP_STORE,
  OP_CLEAR,
} Operation;

typedef struct
{
  Operation         op;
  CohortSecretKind  kind;
  char             *id;
  char             *label;
  char             *secret;
} KeyringData;

static void
keyring_data_free (KeyringData *data)
{
  g_free (data->id);
  g_free (data->label);
  if (data->secret != NULL)
    secret_password_wipe (data->secret);
  g_free (data->secret);
  g_free (data);
}

static void
keyring_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  KeyringData *data = task_data;
  GError *error = NULL;
  char *secret = NULL;

  switch (data->op)
    {
    case OP_LOOKUP:
      secret = cohort_keyring_lookup_sync (data->kind, data->id, cancellable, &error);
      break;
    case OP_STORE:
      cohort_keyring_store_sync (data->kind, data->id, data->label, data->secret, cancellable, &error);
      break;
    case OP_CLEAR:
      cohort_keyring_clear_sync (data->kind, data->id, cancellable, &error);
      break;
    default:
      g_assert_not_reached ();
    }
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, secret, (GDestroyNotify) cohort_keyring_secret_free);
}

static void
run_async (KeyringData         *data,
           GCancellable        *cancellable,
           GAsyncReadyCallback  callback,
           gpointer             user_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_name (task, "cohort_keyring_async");
  g_task_set_task_data (task, data, (GDestroyNotify) keyring_data_free);
  g_task_run_in_thread (task, keyring_thread);
}

static KeyringData *
keyring_data_new (Operation         op,
                  CohortSecretKind  kind,
                  const char       *id)
{
  KeyringData *data = g_new0 (KeyringData, 1);

  data->op = op;
  data->kind = kind;
  data->id = g_strdup (id);
  return data;
}

void
cohort_keyring_lookup_async (CohortSecretKind     kind,
                             const char          *id,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  run_async (keyring_data_new (OP_LOOKUP, kind, id), cancellable, callback, user_data);
}

/* Returns: (transfer full) (nullable): as cohort_keyring_lookup_sync() */
char *
cohort_keyring_lookup_finish (GAsyncResult *result,
                              GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
cohort_keyring_store_async (CohortSecretKind     kind,
                            const char          *id,
                            const char          *label,
                            const char          *secret,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  KeyringData *data = keyring_data_new (OP_STORE, kind, id);

  data->label = g_strdup (label);
  data->secret = g_strdup (secret);
  run_async (data, cancellable, callback, user_data);
}

void
cohort_keyring_clear_async (CohortSecretKind     kind,
                            const char          *id,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  run_async (keyring_data_new (OP_CLEAR, kind, id), cancellable, callback, user_data);
}

/* Finishes a store or a clear. */
gboolean
cohort_keyring_change_finish (GAsyncResult *result,
                              GError      **error)
{
  GError *local_error = NULL;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  g_task_propagate_pointer (G_TASK (result), &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}

/* Wipes the secret's memory before freeing it. */
void
cohort_keyring_secret_free (char *secret)
{
  secret_password_free (secret);
}
