/* tiktok-audiences-private.h: how the audience endpoints read TikTok's data, for tests and fuzzing */
#pragma once

#include "core/tiktok-audiences.h"

G_BEGIN_DECLS

char   *cohort_tiktok_read_audience_id (JsonObject  *data,
                                        GError     **error);
gint64  cohort_tiktok_read_audiences   (JsonObject  *data,
                                        GPtrArray   *audiences);

G_END_DECLS
