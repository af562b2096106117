/* application.h: CohortApplication, the AdwApplication that owns windows, actions and settings */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define COHORT_TYPE_APPLICATION (cohort_application_get_type ())
G_DECLARE_FINAL_TYPE (CohortApplication, cohort_application, COHORT, APPLICATION, AdwApplication)

CohortApplication *cohort_application_new          (GApplicationFlags  extra_flags);
GSettings         *cohort_application_get_settings (CohortApplication *self);

G_END_DECLS
