/* error.h: the GError domains of Cohort's core that are shared between areas */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define COHORT_STORE_ERROR (cohort_store_error_quark ())
#define COHORT_SETTINGS_ERROR (cohort_settings_error_quark ())
#define COHORT_KEYRING_ERROR (cohort_keyring_error_quark ())
#define COHORT_OAUTH_ERROR (cohort_oauth_error_quark ())
#define COHORT_ACCOUNT_ERROR (cohort_account_error_quark ())

typedef enum
{
  COHORT_STORE_ERROR_OPEN,           /* the directory or file cannot be created or opened */
  COHORT_STORE_ERROR_NOT_A_DATABASE, /* the file exists but is not SQLite, or is damaged */
  COHORT_STORE_ERROR_TOO_NEW,        /* written by a newer Cohort: refuse rather than damage it */
  COHORT_STORE_ERROR_MIGRATION,      /* an upgrade step failed and was rolled back */
  COHORT_STORE_ERROR_FAILED,         /* any other SQLite failure */
  COHORT_STORE_ERROR_NOT_FOUND,      /* no audience (or other record) of that name */
  COHORT_STORE_ERROR_INVALID,        /* a name or value the store cannot take */
  COHORT_STORE_ERROR_POLICY_BLOCKED, /* the destination's policy blocks one of the audience's labels */
  COHORT_STORE_ERROR_POLICY_WARNING, /* the destination's policy warns about a label: accept it first */
  COHORT_STORE_ERROR_FULL,           /* no space left on the disk: nothing was written */
  COHORT_STORE_ERROR_IN_USE,         /* still used: a destination audiences are sent to */
} CohortStoreError;

typedef enum
{
  COHORT_SETTINGS_ERROR_NO_SCHEMA,     /* the GSettings schema is not installed */
  COHORT_SETTINGS_ERROR_UNKNOWN_KEY,   /* no such setting */
  COHORT_SETTINGS_ERROR_INVALID_VALUE, /* the value has the wrong type or is out of range */
} CohortSettingsError;

typedef enum
{
  COHORT_KEYRING_ERROR_UNAVAILABLE, /* no Secret Service on the session bus */
  COHORT_KEYRING_ERROR_FAILED,      /* the Secret Service refused or failed */
} CohortKeyringError;

typedef enum
{
  COHORT_OAUTH_ERROR_PORT_IN_USE,    /* another program listens on the redirect URI's port */
  COHORT_OAUTH_ERROR_LISTEN_FAILED,  /* the port cannot be bound for another reason */
  COHORT_OAUTH_ERROR_TIMED_OUT,      /* no answer came from the browser in time */
  COHORT_OAUTH_ERROR_STATE_MISMATCH, /* timed out, and the answers that came were for another attempt */
  COHORT_OAUTH_ERROR_DENIED,         /* the user did not grant access on TikTok's page */
  COHORT_OAUTH_ERROR_FAILED,         /* no secure random state could be made */
} CohortOAuthError;

typedef enum
{
  COHORT_ACCOUNT_ERROR_NO_CREDENTIALS, /* no app ID, or its secret is not in the keyring */
  COHORT_ACCOUNT_ERROR_NOT_CONNECTED,  /* no token in the keyring */
  COHORT_ACCOUNT_ERROR_NO_ADVERTISERS, /* the user granted no ad account */
  COHORT_ACCOUNT_ERROR_INVALID,        /* an app ID or secret that cannot be right */
  COHORT_ACCOUNT_ERROR_CONNECTED,      /* changing the app while connected with another */
} CohortAccountError;

GQuark cohort_store_error_quark (void);
GQuark cohort_settings_error_quark (void);
GQuark cohort_keyring_error_quark (void);
GQuark cohort_account_error_quark (void);
GQuark cohort_oauth_error_quark (void);

G_END_DECLS
