#!/usr/bin/env bash
# Configures a meson build folder, or reconfigures it when it exists, so that
# the build scripts can run again and again. Usage: setup-builddir.sh DIR [OPTION…]
set -euo pipefail
dir=$1
shift
if [ -f "$dir/build.ninja" ]; then
  meson setup --reconfigure "$dir" "$@" >/dev/null
else
  rm -rf "$dir"
  meson setup "$dir" "$@" >/dev/null
fi
