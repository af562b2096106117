/* store-audit.h: CohortStore's audit log: what was imported, sent and changed, append-only */
#pragma once

#include <json-glib/json-glib.h>

#include "core/store.h"

G_BEGIN_DECLS

typedef struct
{
  gint64  id;
  gint64  time;        /* Unix time */
  char   *action;      /* import, activate, deactivate, sync, destination-add… */
  char   *audience;    /* empty when none */
  char   *destination; /* empty when none */
  char   *details;     /* a JSON object: counts, outcome, request IDs; never personal data */
} CohortAuditEntry;

void       cohort_audit_entry_free  (CohortAuditEntry *entry);

gboolean   cohort_store_audit       (CohortStore      *self,
                                     const char       *action,
                                     const char       *audience,
                                     const char       *destination,
                                     JsonObject       *details,
                                     GError          **error);
GPtrArray *cohort_store_list_audit  (CohortStore      *self,
                                     gint64            since,
                                     GError          **error);

G_END_DECLS
