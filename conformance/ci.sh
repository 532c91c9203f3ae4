#!/usr/bin/env bash
# The conformance tier for CI: sets up and starts the real Tiledesk server from
# ../shared/real-tiledesk (seeded with this repository's fixtures), runs
# test/conformance/conformance.test.ts against it (writes and database check included), and
# always stops the server. Without ../shared the tier is skipped with one line, or fails when
# REQUIRE_REAL_SERVER=1 (.ci/run sets it: in CI a tier never passes empty).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SHARED="$ROOT/../shared/real-tiledesk"
if [ ! -d "$SHARED" ]; then
  if [ "${REQUIRE_REAL_SERVER:-}" = 1 ]; then
    echo "conformance: FAILED, REQUIRE_REAL_SERVER=1 but $SHARED is absent (no real Tiledesk server to compare with)"
    exit 1
  fi
  echo "conformance: skipped, $SHARED is absent (no real Tiledesk server to compare with)"
  exit 0
fi
export REALTD="${REALTD:-${XDG_CACHE_HOME:-$HOME/.cache}/real-tiledesk}"
export RUN="${RUN:-$(mktemp -d)/run}"
"$SHARED/setup.sh"
trap '"$SHARED/stop.sh" || true' EXIT
FIXTURES="$ROOT/fixtures/seed.json" "$SHARED/start.sh"
# shellcheck disable=SC1091
. "$RUN/env"
cd "$ROOT"
REAL_TILEDESK_BASE="$BASE" REAL_TILEDESK_MONGO="$MONGO" REAL_TILEDESK_MAIL="$MAIL" \
  npm run test:conformance
