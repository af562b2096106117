/* store-alerts.h: CohortStore's alerts: raised by runs and imports, kept until acknowledged */
#pragma once

#include "core/alert-kind.h"
#include "core/import-report.h"
#include "core/store.h"

G_BEGIN_DECLS

typedef struct
{
  gint64            id;
  gint64            created_at;    /* Unix time */
  CohortAlertKinds  kind;
  gint64            activation_id; /* 0: none, or since deleted */
  char             *subject;       /* "audience → destination", or the audience */
  char             *message;
  char             *request_id;    /* TikTok's, empty when none */
  gboolean          acknowledged;
} CohortAlert;

void       cohort_alert_free                   (CohortAlert        *alert);

gint64     cohort_store_raise_alert            (CohortStore        *self,
                                                CohortAlertKinds    kind,
                                                gint64              activation_id,
                                                const char         *subject,
                                                const char         *message,
                                                const char         *request_id,
                                                GError            **error);
gboolean   cohort_store_raise_rejection_alerts (CohortStore        *self,
                                                const CohortImportReport *report,
                                                guint               threshold_percent,
                                                GError            **error);
GPtrArray *cohort_store_list_alerts            (CohortStore        *self,
                                                gboolean            with_acknowledged,
                                                GError            **error);
gboolean   cohort_store_acknowledge_alert      (CohortStore        *self,
                                                gint64              id,
                                                GError            **error);

G_END_DECLS
