/* audit-page.h: CohortAuditPage, the audit log in the window, and its CSV export */
#pragma once

#include <adwaita.h>

#include "core/store.h"

G_BEGIN_DECLS

#define COHORT_TYPE_AUDIT_PAGE (cohort_audit_page_get_type ())
G_DECLARE_FINAL_TYPE (CohortAuditPage, cohort_audit_page, COHORT, AUDIT_PAGE, AdwBin)

gboolean cohort_audit_page_show   (CohortAuditPage *self,
                                   CohortStore     *store,
                                   GError         **error);
gboolean cohort_audit_page_export (CohortAuditPage *self,
                                   GFile           *file,
                                   GError         **error);

G_END_DECLS
