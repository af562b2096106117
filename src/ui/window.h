/* window.h: CohortWindow, the main window */
#pragma once

#include <adwaita.h>

#include "core/store-alerts.h"

G_BEGIN_DECLS

#define COHORT_TYPE_WINDOW (cohort_window_get_type ())
G_DECLARE_FINAL_TYPE (CohortWindow, cohort_window, COHORT, WINDOW, AdwApplicationWindow)

CohortWindow *cohort_window_new            (GtkApplication *application,
                                            GSettings      *settings);
void          cohort_window_open_file      (CohortWindow   *self,
                                            GFile          *file);
void          cohort_window_open_file_async  (CohortWindow        *self,
                                              GFile               *file,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean      cohort_window_open_file_finish (CohortWindow        *self,
                                              GAsyncResult        *result,
                                              GError             **error);
GFile        *cohort_window_get_file       (CohortWindow   *self);
const char   *cohort_window_get_view       (CohortWindow   *self);
void          cohort_window_add_toast      (CohortWindow   *self,
                                            const char     *message);
void          cohort_window_show_audience  (CohortWindow   *self,
                                            const char     *audience);
void          cohort_window_show_view      (CohortWindow   *self,
                                            const char     *view);
const char   *cohort_window_get_top_view   (CohortWindow   *self);
GtkWindow    *cohort_window_new_destination (CohortWindow  *self);
GtkWindow    *cohort_window_activate_audience (CohortWindow *self,
                                               const char   *audience);
void          cohort_window_show_activation (CohortWindow  *self,
                                             gint64         activation_id);
void          cohort_window_alert_raised   (CohortWindow      *self,
                                            const CohortAlert *alert);

G_END_DECLS
