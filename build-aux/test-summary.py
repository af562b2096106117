#!/usr/bin/env python3
"""Reads meson's testlog.json files and prints one line: N passed, N failed[, N skipped].

Counts the subtests of TAP programs one by one, from their output (a GTest
program with twelve tests is twelve tests), and any other test as one. A log that is missing counts
as a failure: its build or run did not happen. Exits 1 when anything failed."""
import json
import re
import sys

# GTest's TAP: "ok 3 /store/reopen", "not ok 4 /x", "ok 5 /y # SKIP why".
TAP_LINE = re.compile(r"^(not )?ok \d+\b[^#\n]*(?:#\s*(\S+))?", re.MULTILINE)

PASS = {"OK", "EXPECTEDFAIL"}
SKIP = {"SKIP"}

passed = failed = skipped = 0
for path in sys.argv[1:]:
    try:
        with open(path, encoding="utf-8") as log:
            lines = [json.loads(line) for line in log if line.strip()]
    except OSError as error:
        print(f"{path}: {error.strerror}", file=sys.stderr)
        failed += 1
        continue
    for test in lines:
        result = test.get("result")
        subtests = TAP_LINE.findall(test.get("stdout") or "")
        sub_failed = 0
        for not_ok, directive in subtests:
            if directive.upper().startswith("SKIP"):
                skipped += 1
            elif not_ok:
                sub_failed += 1
            else:
                passed += 1
        failed += sub_failed
        if not subtests:
            if result in PASS:
                passed += 1
            elif result in SKIP:
                skipped += 1
            else:
                failed += 1
        elif result not in PASS | SKIP and sub_failed == 0:
            # It crashed or timed out inside a test, before TAP's "not ok" line.
            failed += 1

line = f"{passed} passed, {failed} failed"
if skipped:
    line += f", {skipped} skipped"
print(line)
sys.exit(1 if failed else 0)
