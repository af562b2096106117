/* import.h: CohortImport, a customer file read, mapped, normalised, hashed, deduplicated and stored */
#pragma once

#include <gio/gio.h>

#include "core/csv-reader.h"
#include "core/identity.h"
#include "core/import-report.h"
#include "core/normalize.h"
#include "core/store.h"

G_BEGIN_DECLS

#define COHORT_IMPORT_ERROR (cohort_import_error_quark ())

typedef enum
{
  COHORT_IMPORT_ERROR_NO_IDENTITY_COLUMN, /* nothing in the file can hold an identifier */
  COHORT_IMPORT_ERROR_BAD_OPTION,         /* a country, a mapping or a profile that does not exist */
  COHORT_IMPORT_ERROR_NO_ROW,             /* inspect: the file has fewer rows */
} CohortImportError;

/* What `inspect` shows of one mapped cell. */
typedef struct
{
  guint             column;     /* 0-based */
  CohortColumnType  type;       /* as mapped */
  CohortIdentity    identity;   /* what the value counted as */
  const char       *original;   /* the cell as read, trimmed */
  const char       *normalised; /* NULL when rejected or taken as a hash */
  const guint8     *hash;       /* NULL when rejected */
  gboolean          prehashed;
  CohortReason      reason;
} CohortCellTrace;

typedef void (*CohortCellTraceFunc) (const CohortCellTrace *trace,
                                     gpointer               user_data);
typedef void (*CohortImportProgressFunc) (guint64  bytes_read,
                                          guint64  rows,
                                          gpointer user_data);

#define COHORT_TYPE_IMPORT (cohort_import_get_type ())
G_DECLARE_FINAL_TYPE (CohortImport, cohort_import, COHORT, IMPORT, GObject)

GQuark        cohort_import_error_quark       (void);

CohortImport *cohort_import_new               (GFile                        *file);
void          cohort_import_set_delimiter     (CohortImport                 *self,
                                               char                          delimiter);
void          cohort_import_set_encoding      (CohortImport                 *self,
                                               CohortCsvEncoding             encoding);
void          cohort_import_set_has_header    (CohortImport                 *self,
                                               gboolean                      has_header);
void          cohort_import_set_detect        (CohortImport                 *self,
                                               gboolean                      detect);
void          cohort_import_add_mapping       (CohortImport                 *self,
                                               const char                   *column,
                                               CohortColumnType              type);
void          cohort_import_add_consent       (CohortImport                 *self,
                                               const char                   *column,
                                               guint                         identities);
void          cohort_import_set_country       (CohortImport                 *self,
                                               const char                   *country);
void          cohort_import_set_country_column (CohortImport                *self,
                                                const char                  *column);
void          cohort_import_set_options       (CohortImport                 *self,
                                               const CohortNormalizeOptions *options);
void          cohort_import_set_labels        (CohortImport                 *self,
                                               guint                         labels,
                                               const char                   *reason);

gboolean      cohort_import_prepare           (CohortImport                 *self,
                                               GCancellable                 *cancellable,
                                               GError                      **error);
guint         cohort_import_get_n_columns     (CohortImport                 *self);
const char   *cohort_import_get_column_name   (CohortImport                 *self,
                                               guint                         column);
CohortColumnType cohort_import_get_column_type (CohortImport                *self,
                                                guint                        column);
const char   *cohort_import_get_country       (CohortImport                 *self);
char          cohort_import_get_delimiter     (CohortImport                 *self);
CohortCsvEncoding cohort_import_get_encoding  (CohortImport                 *self);

gboolean      cohort_import_run               (CohortImport                 *self,
                                               CohortStore                  *store,
                                               const char                   *audience,
                                               GFile                        *rejects,
                                               gboolean                      dry_run,
                                               CohortImportProgressFunc      progress,
                                               gpointer                      progress_data,
                                               GCancellable                 *cancellable,
                                               GError                      **error);
gboolean      cohort_import_suppress          (CohortImport                 *self,
                                               CohortStore                  *store,
                                               GFile                        *rejects,
                                               CohortImportProgressFunc      progress,
                                               gpointer                      progress_data,
                                               GCancellable                 *cancellable,
                                               GError                      **error);
const CohortImportReport *cohort_import_get_report (CohortImport            *self);
const GArray *cohort_import_get_rejected_cells (CohortImport                *self);

gboolean      cohort_import_inspect_row       (CohortImport                 *self,
                                               guint64                       row,
                                               guint64                      *out_line,
                                               gboolean                     *out_excluded,
                                               CohortCellTraceFunc           func,
                                               gpointer                      user_data,
                                               GCancellable                 *cancellable,
                                               GError                      **error);

G_END_DECLS
