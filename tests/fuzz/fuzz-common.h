/* fuzz-common.h: what every fuzz target sets up first */
#pragma once

#include <stdlib.h>
#include <glib.h>

/* A warning or a critical (a failed g_return_if_fail() of GLib, json-glib,
 * libsoup…) is a bug too. GLib ends a fatal message with a breakpoint
 * trap, which libFuzzer does not catch: abort, so that it keeps the input. */
static inline GLogWriterOutput
fuzz_log_writer (GLogLevelFlags   log_level,
                 const GLogField *fields,
                 gsize            n_fields,
                 gpointer         user_data)
{
  g_log_writer_default (log_level, fields, n_fields, user_data);
  if (log_level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    abort ();
  return G_LOG_WRITER_HANDLED;
}

static inline void
fuzz_init (void)
{
  g_log_set_writer_func (fuzz_log_writer, NULL, NULL);
}
