/* csv-encoding.h: the text encodings of customer files, their detection and decoding to UTF-8 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  COHORT_CSV_ENCODING_AUTO,
  COHORT_CSV_ENCODING_UTF8,
  COHORT_CSV_ENCODING_UTF16LE,
  COHORT_CSV_ENCODING_UTF16BE,
  COHORT_CSV_ENCODING_WINDOWS_1252,
} CohortCsvEncoding;

/* Decodes a stream chunk by chunk: a character cut between two chunks is
 * kept for the next one. */
typedef struct
{
  CohortCsvEncoding encoding;
  gboolean          has_carry;
  guint8            carry;
  gunichar          high_surrogate;
} CohortTextDecoder;

const char *cohort_csv_encoding_to_string   (CohortCsvEncoding   encoding);
gboolean    cohort_csv_encoding_from_string (const char         *name,
                                             CohortCsvEncoding  *out_encoding);
CohortCsvEncoding cohort_csv_encoding_from_bom (const guint8    *data,
                                                gsize            length,
                                                gsize           *out_bom_length);
gboolean    cohort_file_is_utf8             (GFile              *file,
                                             GCancellable       *cancellable,
                                             gboolean           *out_is_utf8,
                                             GError            **error);

void        cohort_text_decoder_init        (CohortTextDecoder  *decoder,
                                             CohortCsvEncoding   encoding);
void        cohort_text_decoder_decode      (CohortTextDecoder  *decoder,
                                             const guint8       *bytes,
                                             gsize               length,
                                             GByteArray         *out);
void        cohort_text_decoder_finish      (CohortTextDecoder  *decoder,
                                             GByteArray         *out);

G_END_DECLS
