#!/usr/bin/env bash
# Installs ethics-policy the way a new user would: `npm pack` (which builds through `prepack`),
# then `npm install <tarball>` in an empty folder, then the `ethics-policy` command from there.
# Fails when the tarball lacks what runs, ships test tooling, or the command does not work.
# Used by .ci/run and .github/workflows/ci.yml. Dependencies come from the npm cache when they
# can (`--prefer-offline`; the cache is warm after `npm ci`).
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$PWD"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fail() {
  echo "pack-smoke: $*" >&2
  exit 1
}

npm pack --silent --pack-destination "$work" >/dev/null
tarball="$(ls "$work"/ethics-policy-*.tgz)"
echo "pack-smoke: packed $(basename "$tarball") ($(du -k "$tarball" | cut -f1) KiB)"

listing="$(tar -tzf "$tarball")"
for required in package/package.json package/lib/index.js package/lib/bin/cli.js package/lib/bin/licenses.txt \
  package/lib/entry/actions.js package/schema/ethics-policy.schema.json package/app.yml package/LICENSE; do
  grep -qx "$required" <<<"$listing" || fail "the tarball has no ${required#package/}"
done
if grep -E '^package/(src|test|bench|scripts|dist|lib-tools|lib-bench)/|^package/lib/(standin|demo|docs)/|\.map$|\.ts$' \
  <<<"$listing"; then
  fail "the tarball ships test tooling, sources or source maps (listed above)"
fi

mkdir "$work/app"
cd "$work/app"
echo '{"name":"pack-smoke","version":"1.0.0","private":true}' >package.json
npm install --prefer-offline --no-audit --no-fund --loglevel=error "$tarball"

version="$(npx ethics-policy --version)"
expected="$(node -p 'require(process.argv[1]).version' "$repo/package.json")"
[ "$version" = "$expected" ] || fail "--version printed '$version', expected '$expected'"

cp "$repo/examples/minimal.yml" policy.yml
npx ethics-policy validate policy.yml
cp "$repo/examples/invalid/unknown-key.yml" invalid.yml
status=0
npx ethics-policy validate invalid.yml >invalid.out || status=$?
[ "$status" -eq 1 ] || fail "validate of an invalid policy exited $status, expected 1"
grep -q '^invalid.yml:[0-9]*:[0-9]*: ' invalid.out || fail "validate printed no FILE:LINE:COL problem"

cp "$repo/test/fixtures/policies/entropic.yml" entropic.yml
cp "$repo/test/fixtures/evidence/flagged-author.json" evidence.json
npx ethics-policy check --policy entropic.yml --evidence evidence.json >decision.json
node -e 'const d = require("./decision.json"); if (d.flagged !== true) process.exit(1)' ||
  fail "check did not flag the flagged fixture"

# The installed command is a link into the package (what a global install makes, too).
[ -x node_modules/.bin/ethics-policy ] || fail "npm made no node_modules/.bin/ethics-policy"
echo "pack-smoke: ok — npx ethics-policy --version ($version), validate and check work from the tarball"
