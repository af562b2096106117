#!/usr/bin/env bash
# Installs every build, run and test dependency of Cohort on Debian 12.
# Idempotent: packages already installed are skipped, so a second run is quick.
set -euo pipefail

packages=(
  # build
  build-essential pkg-config meson ninja-build gettext
  desktop-file-utils appstream-util libglib2.0-dev-bin libglib2.0-bin
  # libraries
  libgtk-4-dev libadwaita-1-dev libsoup-3.0-dev libjson-glib-dev
  libgnutls28-dev libsecret-1-dev libsqlite3-dev
  libphonenumber-dev libprotobuf-dev libpcre2-dev
  glib-networking librsvg2-common adwaita-icon-theme fonts-cantarell hicolor-icon-theme
  gsettings-desktop-schemas iso-codes locales
  # tests
  xvfb xauth dbus dbus-x11 gnome-keyring libsecret-tools xdotool imagemagick
  at-spi2-core python3 sqlite3 time
  # sanitizers: gcc's runtimes
  libasan8 libubsan1
  # fuzzing (build-aux/fuzz.sh): clang, libFuzzer and the sanitizer runtimes,
  # llvm-symbolizer for readable stacks
  clang libclang-rt-14-dev llvm
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
