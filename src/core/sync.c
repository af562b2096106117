/* sync.c: one sync pass: every activation's pending changes sent to TikTok, in order */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "core/identity.h"
#include "core/keyring.h"
#include "core/normalize.h"
#include "core/store-activations.h"
#include "core/store-alerts.h"
#include "core/sync.h"
#include "core/tiktok-audiences.h"

/* How many request IDs a run keeps: the ones of its failures first. */
#define MAX_REQUEST_IDS 20

/* TikTok's column for each CohortIdentity: GAID is "AAID" there. */
const char *
cohort_identity_to_tiktok_schema (guint identity)
{
  static const char *const schemas[COHORT_N_IDENTITIES] = {
    [COHORT_IDENTITY_EMAIL] = "EMAIL_SHA256",
    [COHORT_IDENTITY_PHONE] = "PHONE_SHA256",
    [COHORT_IDENTITY_GAID] = "AAID_SHA256",
    [COHORT_IDENTITY_IDFA] = "IDFA_SHA256",
  };

  g_return_val_if_fail (identity < COHORT_N_IDENTITIES, NULL);
  return schemas[identity];
}

typedef struct
{
  CohortStore        *store;
  CohortTiktokClient *client;
  CohortSyncOptions   options;
  GPtrArray          *activations;
  guint               index;
  guint               not_synced;
  char               *token_app; /* whose token the client holds */

  /* The activation being sent. */
  CohortActivation   *current;
  gint64              run_id;
  GArray             *batch;        /* taken from the outbox, not yet settled */
  gboolean            adding;
  guint               n_suppressed; /* of the batch, left out */
  gboolean            partial;
  GString            *request_ids;
  guint               n_request_ids;
  GString            *messages;
  gboolean            held; /* by its destination's policy, since the run began */
  CohortPauseCause    pause_cause; /* what a pause of the run waits for */
  GPtrArray          *failures;     /* Failure: the attempts that failed, by kind */
  gulong              attempt_failed_handler;
} SyncJob;

/* Failed attempts alike: same code from TikTok or from the transport. */
typedef struct
{
  GQuark  domain;
  int     code;
  int     body_code;
  guint   count;
  char   *message; /* the first one's */
} Failure;

static void
failure_free (Failure *failure)
{
  g_free (failure->message);
  g_free (failure);
}

static void
sync_job_free (SyncJob *job)
{
  g_clear_signal_handler (&job->attempt_failed_handler, job->client);
  g_clear_pointer (&job->failures, g_ptr_array_unref);
  g_clear_object (&job->store);
  g_clear_object (&job->client);
  g_clear_pointer (&job->activations, g_ptr_array_unref);
  g_free (job->token_app);
  g_clear_pointer (&job->batch, g_array_unref);
  if (job->request_ids != NULL)
    g_string_free (job->request_ids, TRUE);
  if (job->messages != NULL)
    g_string_free (job->messages, TRUE);
  g_free (job);
}

static void next_activation (GTask *task);
static void send_batch (GTask *task);

/* Stops the whole pass on a failure of this machine (database, keyring).
 * The run it interrupts says why, if the database still takes that much
 * (a full disk often does, once the failed write is rolled back). */
static gboolean
fail_local (GTask  *task,
            GError *error)
{
  SyncJob *job = g_task_get_task_data (task);

  if (error == NULL)
    return FALSE;
  if (job->run_id != 0)
    {
      g_autoptr (GError) end_error = NULL;

      if (!cohort_store_run_end (job->store, job->run_id, job->batch != NULL ? job->batch->len : 0, "failed",
                                 error->message, job->request_ids->str, &end_error) ||
          !cohort_store_set_activation_state (job->store, job->current->id, "failed", COHORT_PAUSE_NONE,
                                              error->message, &end_error))
        g_debug ("The run could not be ended: %s", end_error->message);
      job->run_id = 0;
    }
  g_task_return_error (task, error);
  g_object_unref (task);
  return TRUE;
}

static void
keep_request_id (SyncJob      *job,
                 const GError *error)
{
  const char *id = error != NULL ? cohort_tiktok_error_get_request_id (error) : NULL;

  if (id == NULL || job->n_request_ids >= MAX_REQUEST_IDS)
    return;
  job->n_request_ids++;
  g_string_append_printf (job->request_ids, "%s%s", job->request_ids->len > 0 ? "," : "", id);
}

/* TikTok limits the activation's requests: once that has lasted longer
 * than the options allow, without one answer between, it is said once. */
static gboolean
note_rate_limited (SyncJob       *job,
                   const GError  *attempt_error,
                   GError       **error)
{
  g_autofree char *subject = NULL;
  g_autofree char *message = NULL;
  g_autoptr (GDateTime) time = NULL;
  g_autofree char *since_text = NULL;
  gint64 since, now = g_get_real_time () / G_USEC_PER_SEC;
  gboolean alerted;

  if (!cohort_store_note_rate_limited (job->store, job->current->id, &since, &alerted, error))
    return FALSE;
  job->current->rate_limited_since = since;
  if (alerted || now - since <= (gint64) job->options.rate_limit_alert_seconds)
    return TRUE;

  time = g_date_time_new_from_unix_local (since);
  since_text = g_date_time_format (time, "%Y-%m-%d %H:%M:%S");
  subject = g_strdup_printf ("%s → %s", job->current->audience, job->current->destination);
  message = g_strdup_printf (_("TikTok has refused this audience’s requests as too many since %s, without a "
                               "break: its changes wait. Cohort keeps trying. If it lasts, lower the requests "
                               "per second in the preferences, or ask TikTok to raise your app’s limits. "
                               "TikTok said: %s"),
                             since_text, attempt_error->message);
  if (cohort_store_raise_alert (job->store, COHORT_ALERT_RATE_LIMITED, job->current->id, subject, message,
                                cohort_tiktok_error_get_request_id (attempt_error), error) == 0 &&
      error != NULL && *error != NULL)
    return FALSE;
  return cohort_store_set_rate_limit_alerted (job->store, job->current->id, error);
}

/* An answer for the current activation: whatever limit there was is over. */
static gboolean
note_answered (SyncJob  *job,
               GError  **error)
{
  if (job->current->rate_limited_since == 0)
    return TRUE;
  job->current->rate_limited_since = 0;
  return cohort_store_clear_rate_limited (job->store, job->current->id, error);
}

/* Every failed attempt of the current run: counted in the database at
 * once, its request ID kept, and its kind for the run's message. */
static void
attempt_failed_cb (CohortTiktokClient *client,
                   const GError       *attempt_error,
                   gboolean            retrying,
                   gpointer            user_data)
{
  SyncJob *job = user_data;
  Failure *failure = NULL;
  g_autoptr (GError) error = NULL;

  if (job->run_id == 0)
    return;
  keep_request_id (job, attempt_error);
  for (guint i = 0; i < job->failures->len && failure == NULL; i++)
    {
      Failure *known = g_ptr_array_index (job->failures, i);

      if (known->domain == attempt_error->domain && known->code == attempt_error->code &&
          known->body_code == cohort_tiktok_error_get_body_code (attempt_error))
        failure = known;
    }
  if (failure == NULL)
    {
      failure = g_new0 (Failure, 1);
      failure->domain = attempt_error->domain;
      failure->code = attempt_error->code;
      failure->body_code = cohort_tiktok_error_get_body_code (attempt_error);
      failure->message = g_strdup (attempt_error->message);
      g_ptr_array_add (job->failures, failure);
    }
  failure->count++;
  /* A database that cannot count stops the pass at its next write. */
  if (!cohort_store_run_count_error (job->store, job->run_id, &error) ||
      (g_error_matches (attempt_error, COHORT_TIKTOK_ERROR, COHORT_TIKTOK_ERROR_RATE_LIMITED) &&
       !note_rate_limited (job, attempt_error, &error)))
    g_warning ("%s", error->message);
}

/* Ends the current activation's run with @outcome; its state follows. */
static void
end_run (GTask      *task,
         const char *outcome,
         const char *state,
         const char *reason)
{
  SyncJob *job = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr (GString) text = g_string_new (job->messages->len > 0 ? job->messages->str : reason);
  const char *message;

  /* Each failure on the way, once by kind: the run's history is whole.
   * A single failure that is the run's end is told once, not twice. */
  if (job->failures->len > 0 &&
      !(job->failures->len == 1 && ((Failure *) g_ptr_array_index (job->failures, 0))->count == 1 &&
        strstr (text->str, ((Failure *) g_ptr_array_index (job->failures, 0))->message) != NULL))
    {
      g_string_append_printf (text, "%s%s", text->len > 0 ? "\n" : "", _("Failed attempts:"));
      for (guint i = 0; i < job->failures->len; i++)
        {
          Failure *failure = g_ptr_array_index (job->failures, i);

          g_string_append_printf (text, "\n%u × %s", failure->count, failure->message);
        }
    }
  message = text->str;
  g_autofree char *subject = g_strdup_printf ("%s → %s", job->current->audience, job->current->destination);
  g_autofree char *request_id = g_strndup (job->request_ids->str, strcspn (job->request_ids->str, ","));
  /* A hold raised its own alert, when it began. */
  CohortAlertKinds alert = job->held                          ? 0
                           : g_str_equal (outcome, "paused")  ? COHORT_ALERT_PAUSED
                           : g_str_equal (outcome, "failed")  ? COHORT_ALERT_RUN_FAILED
                           : g_str_equal (outcome, "partial") ? COHORT_ALERT_RUN_PARTIAL
                                                              : 0;

  if (!g_str_equal (state, "synced"))
    job->not_synced++;
  if (!cohort_store_run_end (job->store, job->run_id, job->batch != NULL ? job->batch->len : 0, outcome, message,
                             job->request_ids->str, &error) ||
      !cohort_store_set_activation_state (job->store, job->current->id, state, job->pause_cause, reason, &error) ||
      (alert != 0 && cohort_store_raise_alert (job->store, alert, job->current->id, subject, message, request_id,
                                               &error) == 0 && error != NULL))
    {
      fail_local (task, error);
      return;
    }
  job->run_id = 0;
  next_activation (task);
}

/* What the user can do about an error that pauses an activation. */
static CohortPauseCause
pause_cause_of (const GError *error)
{
  if (error->domain != COHORT_TIKTOK_ERROR)
    return COHORT_PAUSE_NONE;
  switch (error->code)
    {
    case COHORT_TIKTOK_ERROR_TOKEN_EXPIRED:
    case COHORT_TIKTOK_ERROR_TOKEN_INVALID:
    case COHORT_TIKTOK_ERROR_TOKEN_MISMATCH:
      return COHORT_PAUSE_CONNECTION;
    case COHORT_TIKTOK_ERROR_NO_PERMISSION:
    case COHORT_TIKTOK_ERROR_NOT_ALLOWLISTED:
      return COHORT_PAUSE_PERMISSION;
    default:
      return COHORT_PAUSE_NONE;
    }
}

/* TikTok's error decides: pause and ask the user, give up on the batch,
 * or end the run and keep the changes for the next one. */
static void
handle_error (GTask  *task,
              GError *error)
{
  SyncJob *job = g_task_get_task_data (task);
  CohortTiktokActions actions = cohort_tiktok_error_get_actions (error);
  GError *local_error = NULL;

  if (actions & COHORT_TIKTOK_ACTION_PAUSE)
    {
      job->pause_cause = pause_cause_of (error);
      end_run (task, "paused", "paused", error->message);
    }
  else if (g_error_matches (error, COHORT_TIKTOK_ERROR, COHORT_TIKTOK_ERROR_BAD_PARAMETER) && job->batch != NULL &&
           job->batch->len > 0)
    {
      /* This batch will never pass: count it as failed, go on with the rest. */
      job->partial = TRUE;
      g_string_append_printf (job->messages, "%s%s", job->messages->len > 0 ? "\n" : "", error->message);
      if (!cohort_store_outbox_done (job->store, job->current->id, job->batch, job->adding, TRUE,
                                     job->n_suppressed, job->run_id, &local_error))
        fail_local (task, local_error);
      else
        {
          g_clear_pointer (&job->batch, g_array_unref);
          send_batch (task);
        }
    }
  else
    end_run (task, "failed", "failed", error->message);
  g_error_free (error);
}

static void
tiktok_view_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  GTask *task = user_data;
  SyncJob *job = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) audiences = cohort_tiktok_client_list_audiences_finish (job->client, result, &error);
  GError *local_error = NULL;

  if (audiences != NULL && !note_answered (job, &local_error))
    {
      fail_local (task, local_error);
      return;
    }
  /* TikTok's own count is a nicety: the run stands without it. */
  if (audiences != NULL && audiences->len > 0)
    {
      CohortTiktokAudience *audience = g_ptr_array_index (audiences, 0);

      g_autofree char *subject = g_strdup_printf ("%s → %s", job->current->audience, job->current->destination);

      if (!cohort_store_set_activation_tiktok (job->store, job->current->id, audience->cover_num,
                                               audience->is_valid, &local_error) ||
          (!audience->is_valid &&
           cohort_store_raise_alert (job->store, COHORT_ALERT_BELOW_MINIMUM, job->current->id, subject,
                                     _("TikTok matched fewer than 1,000 people of this audience: it will not "
                                       "serve ads to it until it has 1,000. Matching takes 24 to 48 hours."),
                                     NULL, &local_error) == 0 &&
           local_error != NULL))
        {
          fail_local (task, local_error);
          return;
        }
    }
  end_run (task, job->partial ? "partial" : "succeeded", "synced", "");
}

static void
mapped_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GTask *task = user_data;
  SyncJob *job = g_task_get_task_data (task);
  GError *error = NULL;

  if (!cohort_tiktok_client_map_members_finish (job->client, result, &error))
    {
      handle_error (task, error);
      return;
    }
  /* Only now, with TikTok's code 0, do the changes leave the outbox. */
  if (!note_answered (job, &error) ||
      !cohort_store_outbox_done (job->store, job->current->id, job->batch, job->adding, FALSE, job->n_suppressed,
                                 job->run_id, &error))
    {
      fail_local (task, error);
      return;
    }
  g_clear_pointer (&job->batch, g_array_unref);
  send_batch (task);
}

/* Whether the batch's entry @r goes to TikTok: a suppressed person is
 * never added; removals always go. */
static gboolean
entry_sent (SyncJob *job,
            guint    r)
{
  const CohortOutboxEntry *entry = &g_array_index (job->batch, CohortOutboxEntry, r);

  return !(job->adding && entry->suppressed) && entry->identity < COHORT_N_IDENTITIES;
}

/* The batch's columns in a fixed order, whatever the batch's: fills
 * @column_of (-1 for an identity it has none of) and @schema. */
static guint
batch_columns (SyncJob    *job,
               int         column_of[COHORT_N_IDENTITIES],
               const char *schema[COHORT_N_IDENTITIES + 1])
{
  guint n_columns = 0;

  for (guint i = 0; i < COHORT_N_IDENTITIES; i++)
    column_of[i] = -1;
  for (guint r = 0; r < job->batch->len; r++)
    if (entry_sent (job, r))
      column_of[g_array_index (job->batch, CohortOutboxEntry, r).identity] = 0;
  for (guint i = 0; i < COHORT_N_IDENTITIES; i++)
    if (column_of[i] == 0)
      {
        column_of[i] = n_columns;
        schema[n_columns++] = cohort_identity_to_tiktok_schema (i);
      }
  schema[n_columns] = NULL;
  return n_columns;
}

/* Puts the batch's entries in rows, each row's entries one after the
 * other, and returns where each row ends. A person's identifiers go in one
 * row, better matched by TikTok and counted as one person there; a second
 * identifier of one identity (two email columns on a row) starts another
 * row. An entry without a person goes alone. The entries not sent go first
 * in their person's place, so that no cut between rows splits a person
 * none of whose identifiers is sent. */
static GArray *
arrange_rows (SyncJob *job)
{
  GArray *row_ends = g_array_new (FALSE, FALSE, sizeof (guint));
  GArray *sorted = g_array_sized_new (FALSE, FALSE, sizeof (CohortOutboxEntry), job->batch->len);
  g_autoptr (GByteArray) used = g_byte_array_new ();
  guint last;

  for (guint first = 0; first < job->batch->len; first = last)
    {
      gint64 person = g_array_index (job->batch, CohortOutboxEntry, first).person;
      gboolean more = TRUE;

      /* The outbox gives a person's entries one after the other. */
      for (last = first + 1; last < job->batch->len && person >= 0; last++)
        if (g_array_index (job->batch, CohortOutboxEntry, last).person != person)
          break;
      g_byte_array_set_size (used, last - first);
      memset (used->data, 0, used->len);
      for (guint r = first; r < last; r++)
        if (!entry_sent (job, r))
          {
            g_array_append_val (sorted, g_array_index (job->batch, CohortOutboxEntry, r));
            used->data[r - first] = TRUE;
          }
      while (more)
        {
          guint identities = 0;

          more = FALSE;
          for (guint r = first; r < last; r++)
            {
              const CohortOutboxEntry *entry = &g_array_index (job->batch, CohortOutboxEntry, r);

              if (used->data[r - first] || (identities & (1u << entry->identity)))
                continue;
              g_array_append_val (sorted, *entry);
              used->data[r - first] = TRUE;
              identities |= 1u << entry->identity;
              more = TRUE;
            }
          if (more)
            g_array_append_val (row_ends, sorted->len);
        }
    }
  g_array_unref (job->batch);
  job->batch = sorted;
  return row_ends;
}

/* Keeps the batch within the rows and the body's weight of a request: the
 * first rows, up to the last that fits, stay; the others wait for the next
 * request. A row's weight grows with its IDs: it is counted to the byte
 * (cohort_tiktok_mapping_weigh()), with the columns of the whole batch,
 * which the rows kept can only make fewer. */
static void
fit_batch (SyncJob            *job,
           GArray             *row_ends,
           const char * const *schema)
{
  gsize first, row, id, weight = 0;
  guint kept = 0, start = 0;

  cohort_tiktok_mapping_weigh (job->current->advertiser_id, job->current->remote_id, job->adding, schema, &first,
                               &row, &id);
  for (; kept < row_ends->len && kept < job->options.batch_rows; kept++)
    {
      guint end = g_array_index (row_ends, guint, kept);
      guint n_ids = 0;

      for (guint r = start; r < end; r++)
        n_ids += entry_sent (job, r);
      weight += (kept == 0 ? first : row) + (n_ids - 1) * id;
      /* The settings allow no weight under a row of every identity. */
      if (kept > 0 && weight > job->options.batch_bytes)
        break;
      start = end;
    }
  /* With every row, the people left out after the last go too. */
  if (kept < row_ends->len)
    {
      g_array_set_size (row_ends, kept);
      g_array_set_size (job->batch, g_array_index (row_ends, guint, kept - 1));
    }
}

static void
send_batch (GTask *task)
{
  SyncJob *job = g_task_get_task_data (task);
  GError *error = NULL;
  const char *schema[COHORT_N_IDENTITIES + 1] = { NULL };
  int column_of[COHORT_N_IDENTITIES];
  guint n_columns = 0;
  g_autofree char *hex = NULL;
  g_autofree const char **ids = NULL;
  g_autoptr (GArray) row_ends = NULL;
  guint start = 0;
  const char *remote[] = { job->current->remote_id, NULL };
  g_autofree char *hold = NULL;

  if (!cohort_store_get_activation_hold (job->store, job->current->id, &hold, &error))
    {
      fail_local (task, error);
      return;
    }
  if (*hold != '\0')
    {
      job->held = TRUE;
      end_run (task, "paused", "paused", _("Paused by the destination’s policy: see “status”."));
      return;
    }
  g_clear_pointer (&job->batch, g_array_unref);
  /* As many people as rows: more rows only for a person with two IDs
   * of one kind, cut below. */
  job->batch = cohort_store_outbox_next (job->store, job->current->id, job->options.batch_rows, &job->adding,
                                         &error);
  if (fail_local (task, error))
    return;
  if (job->batch->len == 0)
    {
      cohort_tiktok_client_list_audiences_async (job->client, job->current->advertiser_id, remote,
                                                 g_task_get_cancellable (task), tiktok_view_cb, task);
      return;
    }

  /* Whole batches of suppressed people leave the outbox unsent. */
  if (batch_columns (job, column_of, schema) == 0)
    {
      if (!cohort_store_outbox_done (job->store, job->current->id, job->batch, job->adding, FALSE,
                                     job->batch->len, job->run_id, &error))
        {
          fail_local (task, error);
          return;
        }
      g_clear_pointer (&job->batch, g_array_unref);
      send_batch (task);
      return;
    }
  row_ends = arrange_rows (job);
  fit_batch (job, row_ends, schema);
  n_columns = batch_columns (job, column_of, schema);
  /* The batch keeps its suppressed people, so that they leave the outbox
   * with it, counted apart. */
  job->n_suppressed = 0;
  for (guint r = 0; r < job->batch->len; r++)
    job->n_suppressed += !entry_sent (job, r);

  hex = g_malloc ((gsize) job->batch->len * (COHORT_HASH_LENGTH * 2 + 1));
  ids = g_new0 (const char *, (gsize) row_ends->len * n_columns);
  for (guint row = 0; row < row_ends->len; row++)
    {
      guint end = g_array_index (row_ends, guint, row);

      for (guint r = start; r < end; r++)
        {
          const CohortOutboxEntry *entry = &g_array_index (job->batch, CohortOutboxEntry, r);
          char *text = hex + (gsize) r * (COHORT_HASH_LENGTH * 2 + 1);

          if (!entry_sent (job, r))
            continue;
          cohort_hex_encode (entry->hash, COHORT_HASH_LENGTH, text);
          ids[(gsize) row * n_columns + column_of[entry->identity]] = text;
        }
      start = end;
    }
  cohort_tiktok_client_map_members_async (job->client, job->current->advertiser_id, job->current->remote_id,
                                          job->adding, schema, ids, row_ends->len,
                                          g_task_get_cancellable (task), mapped_cb, task);
}

static void
created_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GTask *task = user_data;
  SyncJob *job = g_task_get_task_data (task);
  GError *error = NULL;
  char *id = cohort_tiktok_client_create_audience_finish (job->client, result, &error);

  if (id == NULL)
    {
      handle_error (task, error);
      return;
    }
  job->current->remote_id = id;
  if (!note_answered (job, &error) || !cohort_store_set_activation_remote (job->store, job->current->id, id, &error))
    {
      fail_local (task, error);
      return;
    }
  send_batch (task);
}

/* An audience of that name may exist from a creation whose answer was
 * lost: adopt it rather than make a second one. */
static void
existing_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GTask *task = user_data;
  SyncJob *job = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr (GPtrArray) audiences = cohort_tiktok_client_list_audiences_finish (job->client, result, &error);

  if (audiences == NULL)
    {
      handle_error (task, error);
      return;
    }
  if (!note_answered (job, &error))
    {
      fail_local (task, error);
      return;
    }
  for (guint i = 0; i < audiences->len; i++)
    {
      CohortTiktokAudience *audience = g_ptr_array_index (audiences, i);

      if (g_str_equal (audience->name, job->current->remote_name))
        {
          job->current->remote_id = g_strdup (audience->id);
          if (!cohort_store_set_activation_remote (job->store, job->current->id, audience->id, &error))
            {
              fail_local (task, error);
              return;
            }
          send_batch (task);
          return;
        }
    }
  cohort_tiktok_client_create_audience_async (job->client, job->current->advertiser_id, job->current->remote_name,
                                              g_task_get_cancellable (task), created_cb, task);
}

/* A new run for the current activation, with nothing of the last one's. */
static gboolean
begin_run (SyncJob  *job,
           GError  **error)
{
  job->partial = FALSE;
  job->pause_cause = COHORT_PAUSE_NONE;
  g_string_truncate (job->request_ids, 0);
  job->n_request_ids = 0;
  g_string_truncate (job->messages, 0);
  g_ptr_array_set_size (job->failures, 0);
  job->run_id = cohort_store_run_begin (job->store, job->current->id, error);
  return job->run_id != 0;
}

static void
start_activation (GTask *task)
{
  SyncJob *job = g_task_get_task_data (task);
  GError *error = NULL;

  if (!begin_run (job, &error) ||
      !cohort_store_set_activation_state (job->store, job->current->id, "sending", COHORT_PAUSE_NONE, "", &error))
    {
      fail_local (task, error);
      return;
    }
  if (job->current->remote_id == NULL || *job->current->remote_id == '\0')
    {
      g_clear_pointer (&job->current->remote_id, g_free);
      cohort_tiktok_client_list_audiences_async (job->client, job->current->advertiser_id, NULL,
                                                 g_task_get_cancellable (task), existing_cb, task);
    }
  else
    send_batch (task);
}

static void
token_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  GTask *task = user_data;
  SyncJob *job = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr (CohortSecretText) token = cohort_keyring_lookup_finish (result, &error);

  if (fail_local (task, error))
    return;
  g_clear_pointer (&job->token_app, g_free);
  cohort_tiktok_client_set_access_token (job->client, token);
  if (token == NULL)
    {
      GError *run_error = NULL;

      if (!begin_run (job, &run_error))
        {
          fail_local (task, run_error);
          return;
        }
      job->pause_cause = COHORT_PAUSE_CONNECTION;
      end_run (task, "paused", "paused", _("Cohort is not connected to TikTok: connect, then sync again."));
      return;
    }
  job->token_app = g_strdup (job->current->app_id);
  start_activation (task);
}

static void
next_activation (GTask *task)
{
  SyncJob *job = g_task_get_task_data (task);

  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }
  if (job->index >= job->activations->len)
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }
  job->current = g_ptr_array_index (job->activations, job->index++);
  g_clear_pointer (&job->batch, g_array_unref);
  job->held = FALSE;
  /* Held by its destination's policy: nothing is sent, and no run is
   * recorded for it until the hold ends. */
  if (*job->current->hold != '\0')
    {
      job->not_synced++;
      next_activation (task);
      return;
    }
  if (g_strcmp0 (job->token_app, job->current->app_id) != 0)
    cohort_keyring_lookup_async (COHORT_SECRET_ACCESS_TOKEN, job->current->app_id, g_task_get_cancellable (task),
                                 token_cb, task);
  else
    start_activation (task);
}

/**
 * cohort_sync_options_init:
 * @settings: (nullable): Cohort's settings, or %NULL for TikTok's limits
 *
 * The options the settings give: rows and bytes a request, and how long
 * TikTok may limit an activation's requests before an alert says so.
 */
void
cohort_sync_options_init (CohortSyncOptions *options,
                          GSettings         *settings)
{
  options->batch_rows = COHORT_TIKTOK_MAX_BATCH_ROWS;
  options->batch_bytes = COHORT_TIKTOK_MAX_BATCH_BYTES;
  options->rate_limit_alert_seconds = COHORT_SYNC_RATE_LIMIT_ALERT_SECONDS;
  if (settings == NULL)
    return;
  options->batch_rows = g_settings_get_int (settings, "batch-rows");
  options->batch_bytes = g_settings_get_int (settings, "batch-bytes");
  options->rate_limit_alert_seconds = g_settings_get_int (settings, "rate-limit-alert-seconds");
}

/**
 * cohort_sync_once_async:
 * @options: the limits of each request
 *
 * Sends every activation's outbox, oldest change first, creating or
 * adopting TikTok's audience on the first run, and records a run for each.
 * The caller holds cohort_sync_lock().
 */
void
cohort_sync_once_async (CohortStore             *store,
                        CohortTiktokClient      *client,
                        const CohortSyncOptions *options,
                        GCancellable            *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  SyncJob *job = g_new0 (SyncJob, 1);
  GError *error = NULL;

  g_task_set_name (task, "cohort_sync_once_async");
  job->store = g_object_ref (store);
  job->client = g_object_ref (client);
  job->options = *options;
  job->options.batch_rows = CLAMP (options->batch_rows, 1, COHORT_TIKTOK_MAX_BATCH_ROWS);
  job->options.batch_bytes = MIN (options->batch_bytes, COHORT_TIKTOK_MAX_BATCH_BYTES);
  job->request_ids = g_string_new (NULL);
  job->messages = g_string_new (NULL);
  job->failures = g_ptr_array_new_with_free_func ((GDestroyNotify) failure_free);
  /* The sync sends one request at a time: a failure is the current run's. */
  job->attempt_failed_handler = g_signal_connect (client, "attempt-failed", G_CALLBACK (attempt_failed_cb), job);
  g_task_set_task_data (task, job, (GDestroyNotify) sync_job_free);
  if (cohort_store_close_interrupted_runs (store, &error))
    job->activations = cohort_store_list_activations (store, &error);
  if (fail_local (task, error))
    return;
  next_activation (task);
}

/**
 * cohort_sync_once_finish:
 * @out_not_synced: (out) (optional): activations left paused or failed
 */
gboolean
cohort_sync_once_finish (GAsyncResult *result,
                         guint        *out_not_synced,
                         GError      **error)
{
  SyncJob *job = g_task_get_task_data (G_TASK (result));

  if (out_not_synced != NULL)
    *out_not_synced = job->not_synced;
  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * cohort_sync_lock:
 *
 * Two senders would interleave an activation's changes: one sync at a
 * time per data folder. The lock goes when the descriptor is closed, or
 * the process dies.
 *
 * Returns: a descriptor to close when done, or -1 with @error set
 */
int
cohort_sync_lock (CohortStore *store,
                  GError     **error)
{
  g_autofree char *path = g_build_filename (cohort_store_get_dir (store), "sync.lock", NULL);
  int fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);

  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), _("Cannot open “%s”: %s"), path,
                   g_strerror (saved));
      return -1;
    }
  if (flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      close (fd);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_BUSY,
                   _("Another Cohort is already syncing these audiences: wait for it to finish, or stop it."));
      return -1;
    }
  return fd;
}
