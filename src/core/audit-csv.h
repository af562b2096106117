/* audit-csv.h: the audit log as CSV, to keep or share */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *cohort_audit_to_csv (GPtrArray *entries);

G_END_DECLS
