/* countries.h: the countries phone numbers can be read for, with their names in the user's language */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char *code; /* ISO 3166 alpha-2, such as FR */
  char *name; /* in the user's language when iso-codes has it */
} CohortCountry;

void       cohort_country_free      (CohortCountry *country);
GPtrArray *cohort_countries_list    (void);
guint      cohort_countries_find    (GPtrArray     *countries,
                                     const char    *code);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CohortCountry, cohort_country_free)

G_END_DECLS
