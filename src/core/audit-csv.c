/* audit-csv.c: the audit log as CSV, to keep or share */
#include "config.h"

#include "core/audit-csv.h"
#include "core/store-audit.h"

static void
append_field (GString    *csv,
              const char *text,
              gboolean    last)
{
  g_string_append_c (csv, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      /* Doubling a quote is all RFC 4180 asks inside quotes. */
      if (*p == '"')
        g_string_append_c (csv, '"');
      g_string_append_c (csv, *p);
    }
  g_string_append (csv, last ? "\"\r\n" : "\",");
}

/**
 * cohort_audit_to_csv:
 * @entries: (element-type CohortAuditEntry): as cohort_store_list_audit() gives them
 *
 * RFC 4180, with a header line; times in ISO 8601, UTC.
 *
 * Returns: (transfer full): the CSV text
 */
char *
cohort_audit_to_csv (GPtrArray *entries)
{
  GString *csv = g_string_new ("time,action,audience,destination,details\r\n");

  for (guint i = 0; i < entries->len; i++)
    {
      const CohortAuditEntry *entry = g_ptr_array_index (entries, i);
      g_autoptr (GDateTime) time = entry->time > 0 ? g_date_time_new_from_unix_utc (entry->time) : NULL;
      g_autofree char *when = time != NULL ? g_date_time_format_iso8601 (time) : g_strdup ("");

      append_field (csv, when, FALSE);
      append_field (csv, entry->action, FALSE);
      append_field (csv, entry->audience, FALSE);
      append_field (csv, entry->destination, FALSE);
      append_field (csv, entry->details, TRUE);
    }
  return g_string_free (csv, FALSE);
}
