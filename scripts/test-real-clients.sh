#!/usr/bin/env bash
# The real-clients tier (npm run test:real-clients): Tiledesk's web widget and dashboard, built
# (../shared/real-clients), driven in headless Chromium against the emulator (dist/bin.js, built
# here) and, scenario by scenario, against the real Tiledesk server, which this script starts
# once for the whole tier from ../shared/real-tiledesk (seeded with fixtures/seed.json), while
# the build runs, and always stops.
#
# REAL_TILEDESK_BASE (and REAL_TILEDESK_MAIL, its e-mail folder) already set: that server is used
# and none is started. Without ../shared/real-tiledesk the comparisons are skipped, except in CI
# (CI=true), where they fail: the tier never passes without its real dependency.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SHARED="$ROOT/../shared/real-tiledesk"
cd "$ROOT"
if [[ "${CI:-}" == true ]]; then export REQUIRE_REAL_TILEDESK=1; fi

starting=
if [[ -z "${REAL_TILEDESK_BASE:-}" && -d "$SHARED" ]]; then
  export REALTD="${REALTD:-${XDG_CACHE_HOME:-$HOME/.cache}/real-tiledesk}"
  RUN="$(mktemp -d)/run"
  export RUN
  "$SHARED/setup.sh"
  trap '"$SHARED/stop.sh" >/dev/null || true' EXIT
  FIXTURES="$ROOT/fixtures/seed.json" "$SHARED/start.sh" >"$RUN.start.log" 2>&1 &
  starting=$!
elif [[ -z "${REAL_TILEDESK_BASE:-}" ]]; then
  echo "real-clients: $SHARED is absent; the comparisons with the real server are skipped"
fi

npm run build
if [[ -n "$starting" ]]; then
  if ! wait "$starting"; then
    cat "$RUN.start.log"
    echo "real-clients: the real server did not start"
    exit 1
  fi
  grep -E '^(BASE|MAIL)=|started in' "$RUN.start.log"
  # shellcheck disable=SC1091
  . "$RUN/env"
  export REAL_TILEDESK_BASE="$BASE" REAL_TILEDESK_MAIL="$MAIL"
fi

npx tap --disable-coverage --jobs=3 --timeout=170 --include='test/real-clients/**/*.test.ts'
