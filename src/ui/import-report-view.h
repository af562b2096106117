/* import-report-view.h: CohortImportReportView, the pre-flight report of an import, and its "show me the hash" */
#pragma once

#include <adwaita.h>

#include "core/import.h"

G_BEGIN_DECLS

#define COHORT_TYPE_IMPORT_REPORT_VIEW (cohort_import_report_view_get_type ())
G_DECLARE_FINAL_TYPE (CohortImportReportView, cohort_import_report_view, COHORT, IMPORT_REPORT_VIEW, AdwBin)

void        cohort_import_report_view_show          (CohortImportReportView *self,
                                                     CohortImport           *import,
                                                     const char             *file_name,
                                                     gboolean                saved);
void        cohort_import_report_view_inspect       (CohortImportReportView *self,
                                                     guint64                 row);
GtkListBox *cohort_import_report_view_get_hash_list (CohortImportReportView *self);

G_END_DECLS
