#!/usr/bin/env bash
# The SARIF 2.1.0 JSON schema, for the test that validates `ssetopic check --format sarif`.
# It comes from the npm package @microsoft/jest-sarif, which ships it (lib/schemas/
# sarif-2.1.0-rtm.5.json, MIT); fetched once into target/, never committed.
set -euo pipefail
out="${1:-target/sarif-schema}"
schema="$out/sarif-2.1.0-rtm.5.json"
[ -s "$schema" ] && exit 0
mkdir -p "$out"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent @microsoft/jest-sarif@1.0.0-beta.0 >/dev/null)
tar -xzf "$work"/microsoft-jest-sarif-1.0.0-beta.0.tgz -C "$work" package/lib/schemas/sarif-2.1.0-rtm.5.json
mv "$work/package/lib/schemas/sarif-2.1.0-rtm.5.json" "$schema"
