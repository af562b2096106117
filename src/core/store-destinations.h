/* store-destinations.h: CohortStore's destinations, the TikTok ad accounts audiences go to */
#pragma once

#include "core/alert-kind.h"
#include "core/store.h"

G_BEGIN_DECLS

#define COHORT_DESTINATION_NAME_MAX 100

typedef struct
{
  gint64            id;
  char             *name;
  char             *description;
  char             *app_id;          /* the keyring's reference to the token */
  char             *advertiser_id;
  char             *advertiser_name; /* empty when the app no longer knows it */
  gboolean          granted;         /* whether the token may still act for it */
  CohortAlertKinds  alerts;
  gint64            created_at;      /* Unix time */
} CohortDestination;

void       cohort_destination_free          (CohortDestination  *destination);

gboolean   cohort_store_check_destination_name (CohortStore     *self,
                                                const char      *name,
                                                GError         **error);
gboolean   cohort_store_add_destination     (CohortStore        *self,
                                             const char         *name,
                                             const char         *description,
                                             const char         *advertiser_id,
                                             CohortAlertKinds    alerts,
                                             GError            **error);
GPtrArray *cohort_store_list_destinations   (CohortStore        *self,
                                             GError            **error);
gboolean   cohort_store_check_destination_removable (CohortStore *self,
                                                     const char  *name,
                                                     GError     **error);
gboolean   cohort_store_remove_destination  (CohortStore        *self,
                                             const char         *name,
                                             GError            **error);
gboolean   cohort_store_set_destination_alerts (CohortStore     *self,
                                                const char      *name,
                                                CohortAlertKinds alerts,
                                                GError         **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CohortDestination, cohort_destination_free)

G_END_DECLS
