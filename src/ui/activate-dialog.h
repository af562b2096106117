/* activate-dialog.h: CohortActivateDialog, sending an audience to destinations: mapping, name, policies */
#pragma once

#include <adwaita.h>

#include "core/store.h"

G_BEGIN_DECLS

#define COHORT_TYPE_ACTIVATE_DIALOG (cohort_activate_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CohortActivateDialog, cohort_activate_dialog, COHORT, ACTIVATE_DIALOG, AdwWindow)

CohortActivateDialog *cohort_activate_dialog_new          (GtkWindow            *parent,
                                                           CohortStore          *store,
                                                           const char           *audience);
const char           *cohort_activate_dialog_get_audience (CohortActivateDialog *self);
void                  cohort_activate_dialog_reload       (CohortActivateDialog *self);

G_END_DECLS
