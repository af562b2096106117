/* import-report.c: CohortImportReport, the figures of one import, as shown and as stored */
#include "config.h"

#include <string.h>

#include "core/import-report.h"

void
cohort_import_report_clear (CohortImportReport *report)
{
  g_free (report->audience);
  memset (report, 0, sizeof *report);
}

/* `NAME: { "email": N, "phone": N, … }`, the shape of every per-identity count Cohort prints. */
void
cohort_json_add_per_identity (JsonBuilder   *builder,
                              const char    *name,
                              const guint64  values[COHORT_N_IDENTITIES])
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_object (builder);
  for (CohortIdentity i = 0; i < COHORT_N_IDENTITIES; i++)
    {
      json_builder_set_member_name (builder, cohort_identity_to_string (i));
      json_builder_add_int_value (builder, values[i]);
    }
  json_builder_end_object (builder);
}

/**
 * cohort_import_report_to_json:
 *
 * The object `import --json` prints; its keys are a contract with scripts:
 * rows accepted rejected excluded duplicates prehashed reasons unique added
 * removed audience version. `reasons` holds only the reasons that occurred.
 *
 * Returns: (transfer full): the report as a JSON object
 */
JsonNode *
cohort_import_report_to_json (const CohortImportReport *report)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  const struct
  {
    const char *name;
    guint64     value;
  } counts[] = {
    { "rows", report->rows },
    { "accepted", report->accepted },
    { "rejected", report->rejected },
    { "excluded", report->excluded },
    { "duplicates", report->duplicates },
    { "prehashed", report->prehashed },
  };

  json_builder_begin_object (builder);
  for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
    {
      json_builder_set_member_name (builder, counts[i].name);
      json_builder_add_int_value (builder, counts[i].value);
    }

  json_builder_set_member_name (builder, "reasons");
  json_builder_begin_object (builder);
  for (CohortReason r = COHORT_REASON_EMAIL_INVALID; r < COHORT_N_REASONS; r++)
    if (report->reasons[r] > 0)
      {
        json_builder_set_member_name (builder, cohort_reason_to_code (r));
        json_builder_add_int_value (builder, report->reasons[r]);
      }
  json_builder_end_object (builder);

  cohort_json_add_per_identity (builder, "unique", report->unique);
  cohort_json_add_per_identity (builder, "added", report->added);
  cohort_json_add_per_identity (builder, "removed", report->removed);

  json_builder_set_member_name (builder, "audience");
  json_builder_add_string_value (builder, report->audience);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, report->version);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}
