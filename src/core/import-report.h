/* import-report.h: CohortImportReport, the figures of one import, as shown and as stored */
#pragma once

#include <json-glib/json-glib.h>

#include "core/identity.h"
#include "core/normalize.h"

G_BEGIN_DECLS

/* Every data row ends in exactly one of accepted, rejected or excluded. */
typedef struct
{
  guint64 rows;
  guint64 accepted;
  guint64 rejected;
  guint64 excluded;
  guint64 duplicates; /* accepted rows that add no hash not already seen in the file */
  guint64 prehashed;  /* cells taken as existing SHA-256 hashes */
  guint64 reasons[COHORT_N_REASONS];
  guint64 unique[COHORT_N_IDENTITIES];
  guint64 added[COHORT_N_IDENTITIES];   /* against the audience's previous version */
  guint64 removed[COHORT_N_IDENTITIES];
  char   *audience;
  gint64  version;                      /* from 1; 0 when nothing was stored */
} CohortImportReport;

void      cohort_import_report_clear     (CohortImportReport *report);
JsonNode *cohort_import_report_to_json   (const CohortImportReport *report);
void      cohort_json_add_per_identity   (JsonBuilder              *builder,
                                          const char               *name,
                                          const guint64             values[COHORT_N_IDENTITIES]);

G_END_DECLS
