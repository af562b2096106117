/* import-page.h: CohortImportPage, a customer file from preview to saved audience */
#pragma once

#include <adwaita.h>

#include "core/import.h"
#include "core/store.h"

G_BEGIN_DECLS

#define COHORT_TYPE_IMPORT_PAGE (cohort_import_page_get_type ())
G_DECLARE_FINAL_TYPE (CohortImportPage, cohort_import_page, COHORT, IMPORT_PAGE, AdwBin)

void          cohort_import_page_load            (CohortImportPage *self,
                                                  CohortStore      *store,
                                                  GFile            *file);
const char   *cohort_import_page_get_step        (CohortImportPage *self);
CohortImport *cohort_import_page_get_import      (CohortImportPage *self);
void          cohort_import_page_set_column_type (CohortImportPage *self,
                                                  guint             column,
                                                  CohortColumnType  type);
void          cohort_import_page_set_audience    (CohortImportPage *self,
                                                  const char       *name);

G_END_DECLS
