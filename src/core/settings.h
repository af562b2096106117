/* settings.h: typed access to Cohort's GSettings, shared by the window and the command line */
#pragma once

#include <gio/gio.h>

#include "core/error.h"
#include "core/normalize.h"

G_BEGIN_DECLS

#define COHORT_API_BASE_PRODUCTION "https://business-api.tiktok.com"
#define COHORT_API_BASE_SANDBOX    "https://sandbox-ads.tiktok.com"

GSettings *cohort_settings_new                (GError     **error);
char      *cohort_settings_dup_api_base       (GSettings   *settings);
gboolean   cohort_settings_check_api_base     (const char  *url,
                                               GError     **error);
char     **cohort_settings_list_keys          (GSettings   *settings);
char      *cohort_settings_dup_value_text     (GSettings   *settings,
                                               const char  *key,
                                               GError     **error);
gboolean   cohort_settings_set_from_text      (GSettings   *settings,
                                               const char  *key,
                                               const char  *text,
                                               GError     **error);
gboolean   cohort_settings_reset_key          (GSettings   *settings,
                                               const char  *key,
                                               GError     **error);
char      *cohort_settings_dup_default_country (GSettings  *settings);
void       cohort_settings_get_normalize_options (GSettings              *settings,
                                                  CohortNormalizeOptions *out_options);

G_END_DECLS
