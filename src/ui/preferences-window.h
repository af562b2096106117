/* preferences-window.h: CohortPreferencesWindow, the settings a user may change */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define COHORT_TYPE_PREFERENCES_WINDOW (cohort_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (CohortPreferencesWindow, cohort_preferences_window, COHORT,
                      PREFERENCES_WINDOW, AdwPreferencesWindow)

CohortPreferencesWindow *cohort_preferences_window_new (GSettings *settings);

G_END_DECLS
