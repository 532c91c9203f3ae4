#!/bin/sh
# scripts/tier-deps.sh DIR...: installs the tools a tier uses alone (DIR/package.json, e.g.
# bench, test/distribution, test/docker) into DIR/node_modules, so that the top-level `npm ci`
# stays light. `npm ci` from DIR's package-lock.json, skipped when that lock is already installed.
set -e
cd "$(dirname "$0")/.."
for dir in "$@"; do
  stamp="$dir/node_modules/.installed-lock.json"
  if cmp -s "$dir/package-lock.json" "$stamp"; then continue; fi
  echo "installing $dir's own dependencies ($dir/package.json)"
  npm ci --prefix "$dir" --no-audit --no-fund --loglevel=error
  cp "$dir/package-lock.json" "$stamp"
done
