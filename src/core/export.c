/* export.c: an audience's hashes as TikTok customer files */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "core/export.h"
#include "core/normalize.h"
#include "core/store-audiences.h"

typedef struct
{
  FILE   *out;
  guint64 count;
} ExportState;

static void
write_hash (const guint8 *hash,
            gpointer      user_data)
{
  ExportState *state = user_data;
  char hex[2 * COHORT_HASH_LENGTH + 1];

  cohort_hex_encode (hash, COHORT_HASH_LENGTH, hex);
  fprintf (state->out, "%s\n", hex);
  state->count++;
}

/* email_sha256.txt… */
char *
cohort_export_file_name (CohortIdentity identity)
{
  return g_strdup_printf ("%s_sha256.txt", cohort_identity_to_string (identity));
}

static gboolean
set_write_error (GError    **error,
                 const char *path,
                 int         saved)
{
  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), _("Cannot write “%s”: %s"), path,
               g_strerror (saved));
  return FALSE;
}

/**
 * cohort_export_audience:
 * @dir: created (0700) when missing
 * @out_counts: (out) (optional): the hashes written per identity
 *
 * TikTok's customer-file format: one file per identity, one lower-case
 * SHA-256 a line. Hashes only: nothing here can be read back to a person.
 */
gboolean
cohort_export_audience (CohortStore *store,
                        const char  *audience,
                        const char  *dir,
                        guint64      out_counts[COHORT_N_IDENTITIES],
                        GError     **error)
{
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), _("Cannot create the folder “%s”: %s"), dir,
                   g_strerror (saved));
      return FALSE;
    }

  for (CohortIdentity id = 0; id < COHORT_N_IDENTITIES; id++)
    {
      g_autofree char *name = cohort_export_file_name (id);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      ExportState state = { g_fopen (path, "w"), 0 };
      gboolean ok;

      if (state.out == NULL)
        return set_write_error (error, path, errno);
      ok = cohort_store_foreach_member (store, audience, id, write_hash, &state, error);
      if (fclose (state.out) != 0 && ok)
        return set_write_error (error, path, errno);
      if (!ok)
        return FALSE;
      if (out_counts != NULL)
        out_counts[id] = state.count;
    }
  return TRUE;
}
