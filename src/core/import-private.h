/* import-private.h: what CohortImport's files share: its fields, one row's view and its outcome */
#pragma once

#include "core/hash-runs.h"
#include "core/import.h"
#include "core/store-audiences.h"

G_BEGIN_DECLS

typedef struct
{
  char             *spec;
  CohortColumnType  type;
} CohortImportMapping;

typedef struct
{
  char  *spec;
  guint  identities; /* a bit per CohortIdentity; every identity when 0 */
  guint  column;
} CohortImportConsent;

/* The cells of one row, wherever they are kept (the reader, a batch). */
typedef struct
{
  const char  **values;
  const gsize  *lengths;
  guint         n_values;
} CohortRowView;

/* One thread's working space, and what the last row gave. */
typedef struct
{
  GString        *normalised;
  char            region[3];
  gboolean        excluded;
  guint           n_hashes;
  guint8         *hashes;     /* n_hashes × COHORT_HASH_LENGTH */
  CohortIdentity *identities;
} CohortRowScratch;

struct _CohortImport
{
  GObject                 parent_instance;

  GFile                  *file;
  char                    requested_delimiter;
  CohortCsvEncoding       requested_encoding;
  gboolean                has_header;
  gboolean                detect;
  GArray                 *mappings; /* CohortImportMapping */
  GArray                 *consents; /* CohortImportConsent */
  char                   *country;
  char                   *country_column_spec;
  CohortNormalizeOptions  options;
  guint                   labels;       /* CohortUsageLabel bits to add to the audience */
  char                   *label_reason;
  gboolean                variants;     /* also hash each value the other profile options give */

  /* Resolved by prepare(), then only read, by several threads at once. */
  gboolean                prepared;
  char                    delimiter;
  CohortCsvEncoding       encoding;
  GPtrArray              *column_names;
  CohortColumnType       *types;
  int                     platform_column;
  int                     country_column;

  CohortImportReport      report;
  GArray                 *rejected_cells; /* CohortRejectedCell, the first of each reason */
};

/* Where the hashes of a whole file go: @stream reads @stream_data's
 * identities, @variant_stream the variants of each (see
 * CohortImport.variants), or nothing when @variant_data's are %NULL. */
typedef gboolean (*CohortImportSink) (CohortImport     *self,
                                      const char       *source_name,
                                      CohortHashStream  stream,
                                      gpointer const    stream_data[COHORT_N_IDENTITIES],
                                      CohortHashStream  variant_stream,
                                      gpointer const    variant_data[COHORT_N_IDENTITIES],
                                      GArray           *rejects,
                                      gpointer          user_data,
                                      GError          **error);

CohortCsvReader *cohort_import_new_reader     (CohortImport        *self);
gboolean         cohort_import_run_into       (CohortImport        *self,
                                               const char          *audience,
                                               GFile               *rejects,
                                               CohortImportProgressFunc progress,
                                               gpointer             progress_data,
                                               CohortImportSink     sink,
                                               gpointer             sink_data,
                                               GCancellable        *cancellable,
                                               GError             **error);

void             cohort_row_scratch_init      (CohortRowScratch    *scratch,
                                               guint                n_columns);
void             cohort_row_scratch_clear     (CohortRowScratch    *scratch);
void             cohort_import_process_row    (CohortImport        *self,
                                               CohortRowScratch    *scratch,
                                               const CohortRowView *row,
                                               CohortCellTraceFunc  func,
                                               gpointer             user_data);

G_END_DECLS
