/* tiktok-account.c: connecting Cohort's TikTok app: credentials, the grant, its advertisers, revocation */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "core/keyring.h"
#include "core/store-accounts.h"
#include "core/tiktok-account.h"

/* One connection step after another, in the caller's main context: the
 * keyring in a thread, TikTok through the client. */
typedef struct
{
  CohortStore        *store;
  CohortTiktokClient *client;
  char               *app_id;
  char               *secret;
  char               *token; /* g_malloc()ed, unlike the secret */
  char               *auth_code;
  GPtrArray          *advertisers;
  char               *warning;
} Job;

static void
wipe (char **secret)
{
  if (*secret != NULL)
    memset (*secret, 0, strlen (*secret));
  g_clear_pointer (secret, g_free);
}

static void
job_free (Job *job)
{
  g_clear_object (&job->store);
  g_clear_object (&job->client);
  g_free (job->app_id);
  /* From the keyring, in memory that is never swapped out. */
  g_clear_pointer (&job->secret, cohort_keyring_secret_free);
  wipe (&job->token);
  wipe (&job->auth_code);
  g_clear_pointer (&job->advertisers, g_ptr_array_unref);
  g_free (job->warning);
  g_free (job);
}

/* The token is also set on the client, which copies it: one allocator. */
static char *
token_from_keyring (char *secret)
{
  char *copy = g_strdup (secret);

  cohort_keyring_secret_free (secret);
  return copy;
}

static char *
token_label (const char *app_id)
{
  return g_strdup_printf (_("Cohort: TikTok access token (app %s)"), app_id);
}

/* TikTok's app IDs are numbers; a pasted secret may carry spaces. */
gboolean
cohort_tiktok_account_set_credentials (CohortStore *store,
                                       const char  *app_id,
                                       const char  *secret,
                                       GError     **error)
{
  g_autofree char *current = NULL;
  g_autofree char *label = NULL;
  gboolean connected;
  GError *local_error = NULL;

  if (app_id == NULL || *app_id == '\0' || strspn (app_id, "0123456789") != strlen (app_id))
    {
      g_set_error (error, COHORT_ACCOUNT_ERROR, COHORT_ACCOUNT_ERROR_INVALID,
                   _("“%s” is not a TikTok app ID: it is the number shown on your app’s page "
                     "in the TikTok for Business developer portal."), app_id != NULL ? app_id : "");
      return FALSE;
    }
  if (secret == NULL || *secret == '\0' || strpbrk (secret, " \t\r\n") != NULL)
    {
      g_set_error (error, COHORT_ACCOUNT_ERROR, COHORT_ACCOUNT_ERROR_INVALID,
                   _("The app secret is empty or contains spaces: copy it again from the "
                     "developer portal."));
      return FALSE;
    }

  current = cohort_store_dup_app_id (store, &connected, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  if (connected && g_strcmp0 (current, app_id) != 0)
    {
      g_set_error (error, COHORT_ACCOUNT_ERROR, COHORT_ACCOUNT_ERROR_CONNECTED,
                   _("Cohort is connected through app %s: disconnect before changing the app."),
                   current);
      return FALSE;
    }

  /* The keyring first: a database naming an app whose secret is missing
   * would say "connect" and then fail. */
  label = g_strdup_printf (_("Cohort: TikTok app secret (app %s)"), app_id);
  if (!cohort_keyring_store_sync (COHORT_SECRET_APP_SECRET, app_id, label, secret, NULL, error))
    return FALSE;
  if (g_strcmp0 (current, app_id) == 0)
    return TRUE;
  return cohort_store_set_app_id (store, app_id, error);
}

static GError *
no_advertisers_error (void)
{
  return g_error_new (COHORT_ACCOUNT_ERROR, COHORT_ACCOUNT_ERROR_NO_ADVERTISERS,
                      _("The TikTok user granted Cohort no ad account. Connect again and, on "
                        "TikTok’s page, tick the ad accounts Cohort may manage; the user needs "
                        "Admin or Operator access to them in TikTok Business Center."));
}

static gboolean
fail (GTask  *task,
      GError *error)
{
  if (error == NULL)
    return FALSE;
  g_task_return_error (task, error);
  g_object_unref (task);
  return TRUE;
}

/* Starts a job: the app from the store, its secret from the keyring. */
static GTask *
job_task_new (CohortStore         *store,
              CohortTiktokClient  *client,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data,
              const char          *name)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  Job *job = g_new0 (Job, 1);
  GError *error = NULL;

  g_task_set_name (task, name);
  job->store = g_object_ref (store);
  job->client = g_object_ref (client);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  job->app_id = cohort_store_dup_app_id (store, NULL, &error);
  if (error == NULL && job->app_id == NULL)
    error = g_error_new (COHORT_ACCOUNT_ERROR, COHORT_ACCOUNT_ERROR_NO_CREDENTIALS,
                         _("No TikTok app is set: give Cohort your developer app’s ID and "
                           "secret first."));
  if (fail (task, error))
    return NULL;
  return task;
}

static gboolean
check_secret (GTask  *task,
              GError *error)
{
  Job *job = g_task_get_task_data (task);

  if (error == NULL && job->secret == NULL)
    error = g_error_new (COHORT_ACCOUNT_ERROR, COHORT_ACCOUNT_ERROR_NO_CREDENTIALS,
                         _("The secret of TikTok app %s is not in the keyring: set the app’s "
                           "credentials again."), job->app_id);
  return !fail (task, error);
}

/* Names and statuses of the granted advertisers, then the store. */
static void
info_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GTask *task = user_data;
  Job *job = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr (GPtrArray) info = cohort_tiktok_client_get_advertiser_info_finish (job->client, result, &error);

  if (info == NULL)
    {
      /* Statuses are a nicety: the grant and its names stand without them. */
      g_debug ("advertiser/info failed: %s", error->message);
      g_clear_error (&error);
    }
  for (guint i = 0; info != NULL && i < job->advertisers->len; i++)
    {
      CohortTiktokAdvertiser *advertiser = g_ptr_array_index (job->advertisers, i);

      for (guint j = 0; j < info->len; j++)
        {
          CohortTiktokAdvertiser *details = g_ptr_array_index (info, j);

          if (g_str_equal (details->id, advertiser->id))
            {
              g_free (advertiser->status);
              advertiser->status = g_strdup (details->status);
              if (*advertiser->name == '\0')
                {
                  g_free (advertiser->name);
                  advertiser->name = g_strdup (details->name);
                }
            }
        }
    }
  if (!cohort_store_set_connected (job->store, TRUE, &error) ||
      !cohort_store_update_advertisers (job->store, job->advertisers, &error))
    {
      fail (task, error);
      return;
    }
  g_task_return_pointer (task, g_ptr_array_ref (job->advertisers), (GDestroyNotify) g_ptr_array_unref);
  g_object_unref (task);
}

static void
advertisers_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  GTask *task = user_data;
  Job *job = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr (GStrvBuilder) ids = g_strv_builder_new ();
  g_auto (GStrv) id_list = NULL;

  job->advertisers = cohort_tiktok_client_get_advertisers_finish (job->client, result, &error);
  if (fail (task, error))
    return;
  if (job->advertisers->len == 0)
    {
      fail (task, no_advertisers_error ());
      return;
    }
  for (guint i = 0; i < job->advertisers->len; i++)
    g_strv_builder_add (ids, ((CohortTiktokAdvertiser *) g_ptr_array_index (job->advertisers, i))->id);
  id_list = g_strv_builder_end (ids);
  cohort_tiktok_client_get_advertiser_info_async (job->client, (const char * const *) id_list,
                                                  g_task_get_cancellable (task), info_cb, task);
}

static void
fetch_advertisers (GTask *task)
{
  Job *job = g_task_get_task_data (task);

  cohort_tiktok_client_set_access_token (job->client, job->token);
  cohort_tiktok_client_get_advertisers_async (job->client, job->app_id, job->secret,
                                              g_task_get_cancellable (task), advertisers_cb, task);
}

static void
token_stored_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = user_data;
  GError *error = NULL;

  if (!cohort_keyring_change_finish (result, &error))
    {
      fail (task, error);
      return;
    }
  fetch_advertisers (task);
}

static void
revoke_ignored_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr (GError) error = NULL;

  if (!cohort_tiktok_client_revoke_token_finish (COHORT_TIKTOK_CLIENT (source), result, &error))
    g_debug ("Revoking an unused grant failed: %s", error->message);
}

static void
exchanged_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask *task = user_data;
  Job *job = g_task_get_task_data (task);
  GError *error = NULL;
  g_auto (GStrv) granted = NULL;
  g_autofree char *label = NULL;

  job->token = cohort_tiktok_client_exchange_token_finish (job->client, result, &granted, &error);
  if (fail (task, error))
    return;
  if (granted == NULL || granted[0] == NULL)
    {
      /* A token for nothing is no use to keep anywhere. */
      cohort_tiktok_client_revoke_token_async (job->client, job->app_id, job->secret, job->token, NULL,
                                               revoke_ignored_cb, NULL);
      fail (task, no_advertisers_error ());
      return;
    }
  label = token_label (job->app_id);
  cohort_keyring_store_async (COHORT_SECRET_ACCESS_TOKEN, job->app_id, label, job->token,
                              g_task_get_cancellable (task), token_stored_cb, task);
}

static void
connect_secret_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GTask *task = user_data;
  Job *job = g_task_get_task_data (task);
  GError *error = NULL;

  job->secret = cohort_keyring_lookup_finish (result, &error);
  if (!check_secret (task, error))
    return;
  cohort_tiktok_client_exchange_token_async (job->client, job->app_id, job->secret, job->auth_code,
                                             g_task_get_cancellable (task), exchanged_cb, task);
}

/**
 * cohort_tiktok_account_connect_async:
 * @auth_code: from the OAuth redirect
 *
 * Exchanges the code for a token, keeps the token in the keyring and the
 * granted advertisers in the store.
 */
void
cohort_tiktok_account_connect_async (CohortStore         *store,
                                     CohortTiktokClient  *client,
                                     const char          *auth_code,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  GTask *task = job_task_new (store, client, cancellable, callback, user_data,
                              "cohort_tiktok_account_connect_async");
  Job *job;

  if (task == NULL)
    return;
  job = g_task_get_task_data (task);
  job->auth_code = g_strdup (auth_code);
  cohort_keyring_lookup_async (COHORT_SECRET_APP_SECRET, job->app_id, cancellable, connect_secret_cb, task);
}

/* Returns: (transfer full) (element-type CohortTiktokAdvertiser): the
 *   granted advertisers, at least one */
GPtrArray *
cohort_tiktok_account_connect_finish (GAsyncResult *result,
                                      GError      **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
refresh_token_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask *task = user_data;
  Job *job = g_task_get_task_data (task);
  GError *error = NULL;

  job->token = token_from_keyring (cohort_keyring_lookup_finish (result, &error));
  if (error == NULL && job->token == NULL)
    error = g_error_new (COHORT_ACCOUNT_ERROR, COHORT_ACCOUNT_ERROR_NOT_CONNECTED,
                         _("Cohort is not connected to TikTok: connect first."));
  if (fail (task, error))
    return;
  fetch_advertisers (task);
}

static void
refresh_secret_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GTask *task = user_data;
  Job *job = g_task_get_task_data (task);
  GError *error = NULL;

  job->secret = cohort_keyring_lookup_finish (result, &error);
  if (!check_secret (task, error))
    return;
  cohort_keyring_lookup_async (COHORT_SECRET_ACCESS_TOKEN, job->app_id, g_task_get_cancellable (task),
                               refresh_token_cb, task);
}

/* Asks TikTok again which advertisers the stored token may act for. */
void
cohort_tiktok_account_refresh_async (CohortStore         *store,
                                     CohortTiktokClient  *client,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  GTask *task = job_task_new (store, client, cancellable, callback, user_data,
                              "cohort_tiktok_account_refresh_async");
  Job *job;

  if (task == NULL)
    return;
  job = g_task_get_task_data (task);
  cohort_keyring_lookup_async (COHORT_SECRET_APP_SECRET, job->app_id, cancellable, refresh_secret_cb, task);
}

GPtrArray *
cohort_tiktok_account_refresh_finish (GAsyncResult *result,
                                      GError      **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
token_cleared_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask *task = user_data;
  Job *job = g_task_get_task_data (task);
  GError *error = NULL;

  if (!cohort_keyring_change_finish (result, &error) ||
      !cohort_store_set_connected (job->store, FALSE, &error))
    {
      fail (task, error);
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&job->warning), g_free);
  g_object_unref (task);
}

static void
clear_token (GTask *task)
{
  Job *job = g_task_get_task_data (task);

  cohort_keyring_clear_async (COHORT_SECRET_ACCESS_TOKEN, job->app_id, NULL, token_cleared_cb, task);
}

static void
revoked_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GTask *task = user_data;
  Job *job = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;

  /* A token TikTok no longer knows is as revoked as can be. Any other
   * failure still leaves no token on this machine, and the user is told
   * where to finish the job. */
  if (!cohort_tiktok_client_revoke_token_finish (job->client, result, &error) &&
      !g_error_matches (error, COHORT_TIKTOK_ERROR, COHORT_TIKTOK_ERROR_TOKEN_INVALID) &&
      !g_error_matches (error, COHORT_TIKTOK_ERROR, COHORT_TIKTOK_ERROR_TOKEN_EXPIRED))
    job->warning = g_strdup_printf (_("TikTok did not confirm the revocation (%s). The token is "
                                      "deleted from this computer; to be sure, remove Cohort’s "
                                      "access in TikTok Business Center."),
                                    error->message);
  clear_token (task);
}

static void
disconnect_token_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  GTask *task = user_data;
  Job *job = g_task_get_task_data (task);
  GError *error = NULL;

  job->token = token_from_keyring (cohort_keyring_lookup_finish (result, &error));
  if (fail (task, error))
    return;
  if (job->token == NULL || job->secret == NULL)
    {
      if (job->token != NULL)
        job->warning = g_strdup (_("The app secret is missing, so TikTok could not be asked to revoke "
                                   "the token. It is deleted from this computer; remove Cohort’s "
                                   "access in TikTok Business Center too."));
      clear_token (task);
      return;
    }
  cohort_tiktok_client_revoke_token_async (job->client, job->app_id, job->secret, job->token,
                                           g_task_get_cancellable (task), revoked_cb, task);
}

static void
disconnect_secret_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  GTask *task = user_data;
  Job *job = g_task_get_task_data (task);
  GError *error = NULL;

  job->secret = cohort_keyring_lookup_finish (result, &error);
  if (fail (task, error))
    return;
  cohort_keyring_lookup_async (COHORT_SECRET_ACCESS_TOKEN, job->app_id, g_task_get_cancellable (task),
                               disconnect_token_cb, task);
}

/* Revokes the token at TikTok and deletes it from the keyring. The app's
 * credentials stay, to connect again. */
void
cohort_tiktok_account_disconnect_async (CohortStore         *store,
                                        CohortTiktokClient  *client,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  GTask *task = job_task_new (store, client, cancellable, callback, user_data,
                              "cohort_tiktok_account_disconnect_async");
  Job *job;

  if (task == NULL)
    return;
  job = g_task_get_task_data (task);
  cohort_keyring_lookup_async (COHORT_SECRET_APP_SECRET, job->app_id, cancellable,
                               disconnect_secret_cb, task);
}

/**
 * cohort_tiktok_account_disconnect_finish:
 * @out_warning: (out) (optional) (nullable): what the user should still do
 */
gboolean
cohort_tiktok_account_disconnect_finish (GAsyncResult *result,
                                         char        **out_warning,
                                         GError      **error)
{
  GError *local_error = NULL;
  char *warning = g_task_propagate_pointer (G_TASK (result), &local_error);

  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  if (out_warning != NULL)
    *out_warning = warning;
  else
    g_free (warning);
  return TRUE;
}
