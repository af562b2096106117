#!/usr/bin/env bash
# Every user-visible string is translated in every language of po/LINGUAS:
# POTFILES lists every file with translatable strings, and each .po holds every
# current string, translated and not fuzzy.
set -euo pipefail
src=${1:?usage: check-translations.sh SOURCE_ROOT}
cd "$src"
status=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

listed=$(grep -v '^#' po/POTFILES | sed '/^$/d' | sort)
for f in $listed; do
  [ -f "$f" ] || { echo "po/POTFILES names $f, which does not exist"; status=1; }
done
marked=$(grep -rlE '(\b_|\bN_|\bC_|\bNC_|\bngettext)\s*\("|translatable="yes"|<summary>|<name>' \
           src data --include='*.c' --include='*.ui' --include='*.in' --include='*.gschema.xml' | sort)
for f in $marked; do
  grep -qxF "$f" <<<"$listed" || { echo "$f has translatable strings but is not in po/POTFILES"; status=1; }
done

# The same xgettext call meson's i18n module makes for the glib preset.
xgettext --package-name=cohort -f po/POTFILES -D . -o "$tmp/cohort.pot" \
  --from-code=UTF-8 --add-comments=Translators \
  --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
  --keyword=g_dcgettext:2 --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
  --flag=N_:1:pass-c-format --flag=C_:2:pass-c-format --flag=NC_:2:pass-c-format \
  --flag=g_dngettext:2:pass-c-format --flag=g_strdup_printf:1:c-format \
  --flag=g_string_printf:2:c-format --flag=g_string_append_printf:2:c-format \
  --flag=g_error_new:3:c-format --flag=g_set_error:4:c-format \
  --flag=g_markup_printf_escaped:1:c-format --flag=g_log:3:c-format \
  --flag=g_print:1:c-format --flag=g_printerr:1:c-format --flag=g_printf:1:c-format \
  --flag=g_fprintf:2:c-format --flag=g_sprintf:2:c-format --flag=g_snprintf:3:c-format

for lang in $(cat po/LINGUAS); do
  po="po/$lang.po"
  if ! stats=$(msgfmt --check --statistics -o /dev/null "$po" 2>&1); then
    echo "$po: msgfmt --check failed: $stats"; status=1; continue
  fi
  if grep -qE 'untranslated|fuzzy' <<<"$stats"; then
    echo "$po: $stats"; status=1
  fi
  # Every string of the sources is in the catalogue, translated.
  if ! out=$(msgcmp "$po" "$tmp/cohort.pot" 2>&1); then
    echo "$po is missing strings from the sources (update it with msgmerge):"; echo "$out"; status=1
  fi
  # And no string the sources no longer have lingers as if current.
  if ! out=$(msgcmp "$tmp/cohort.pot" "$po" --use-untranslated 2>&1); then
    echo "$po holds strings the sources no longer have (mark them obsolete):"; echo "$out"; status=1
  fi
  echo "$po: $stats"
done
exit $status
