#!/usr/bin/env bash
# Runs a command the way Cohort's tests need it: a private X display (Xvfb), a
# private session bus, an unlocked gnome-keyring, and throwaway XDG folders so
# that nothing touches a real profile. Usage: build-aux/test-env.sh COMMAND…
set -euo pipefail

if [ -z "${COHORT_TEST_ENV_INNER:-}" ]; then
  tmp=$(mktemp -d "${TMPDIR:-/tmp}/cohort-test.XXXXXX")
  trap 'rm -rf "$tmp"' EXIT
  mkdir -p "$tmp"/{home,data,config,cache,runtime}
  chmod 700 "$tmp/runtime"
  export HOME="$tmp/home" XDG_DATA_HOME="$tmp/data" XDG_CONFIG_HOME="$tmp/config" \
         XDG_CACHE_HOME="$tmp/cache" XDG_RUNTIME_DIR="$tmp/runtime"
  export GSK_RENDERER=cairo GTK_A11Y=test NO_AT_BRIDGE=1
  export COHORT_TEST_ENV_INNER=1
  unset DBUS_SESSION_BUS_ADDRESS DISPLAY WAYLAND_DISPLAY
  # Not exec: the trap above removes the folders when the run ends.
  status=0
  xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp" \
    dbus-run-session -- "$0" "$@" || status=$?
  exit $status
fi

# Inside the display and the bus: the keyring's login collection is created
# with this password and unlocked, so libsecret's default collection works.
eval "$(printf 'cohort-test' | gnome-keyring-daemon --unlock --components=secrets)"
export GNOME_KEYRING_CONTROL
exec "$@"
