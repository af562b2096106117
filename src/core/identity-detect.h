/* identity-detect.h: which columns of a customer file hold which identity, from names and values */
#pragma once

#include "core/csv-reader.h"
#include "core/identity.h"

G_BEGIN_DECLS

/* Rows read to confirm what the header names say. */
#define COHORT_DETECT_SAMPLE_ROWS 1000

typedef enum
{
  COHORT_VALUE_SHAPE_EMAIL = 1 << 0,
  COHORT_VALUE_SHAPE_MAID = 1 << 1,
  COHORT_VALUE_SHAPE_SHA256 = 1 << 2,
  COHORT_VALUE_SHAPE_PHONE = 1 << 3,
} CohortValueShape;

CohortColumnType  cohort_detect_column_name  (const char        *name,
                                              gboolean          *out_is_platform);
guint             cohort_detect_value_shape  (const char        *value,
                                              gsize              length);
CohortColumnType *cohort_detect_columns      (CohortCsvReader   *reader,
                                              guint              max_rows,
                                              int               *out_platform_column,
                                              GCancellable      *cancellable,
                                              GError           **error);

G_END_DECLS
