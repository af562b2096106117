#!/usr/bin/env bash
# Installs what is missing, builds Cohort, installs it into _install/ inside
# the checkout and launches the window. Arguments go to `cohort` (a CSV file…).
set -euo pipefail
cd "$(dirname "$0")/.."
top=$PWD

./build-aux/install-deps.sh
./build-aux/setup-builddir.sh _build --prefix="$top/_install" -Dwerror=true
meson install -C _build --quiet

export XDG_DATA_DIRS="$top/_install/share:${XDG_DATA_DIRS:-/usr/local/share:/usr/share}"
exec "$top/_install/bin/cohort" "$@"
