/* error.c: the GError domains of Cohort's core that are shared between areas */
#include "core/error.h"

G_DEFINE_QUARK (cohort-store-error-quark, cohort_store_error)
G_DEFINE_QUARK (cohort-settings-error-quark, cohort_settings_error)
G_DEFINE_QUARK (cohort-keyring-error-quark, cohort_keyring_error)
G_DEFINE_QUARK (cohort-oauth-error-quark, cohort_oauth_error)
G_DEFINE_QUARK (cohort-account-error-quark, cohort_account_error)
