/* run-details.h: one sync run in a window of its own: its counts, messages and TikTok request IDs */
#pragma once

#include <adwaita.h>

#include "core/store-activations.h"

G_BEGIN_DECLS

GtkWindow *cohort_run_details_new (GtkWindow           *parent,
                                   const CohortSyncRun *run);

G_END_DECLS
