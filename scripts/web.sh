#!/usr/bin/env bash
# The web application (web/): build it, or test it in a real browser against the whole platform.
#
#   scripts/web.sh build   install web/'s packages (npm ci) when needed and build web/dist
#   scripts/web.sh test    unit tests (vitest), then browser tests: start the platform with
#                          scripts/run.sh on its own database and gateway port, drive Debian's
#                          Chromium with playwright-core, stop the platform; ends with
#                          "N passed, M failed" and fails on any failure
#
# Installs what it needs on a fresh Debian machine: Chromium (apt, only when /usr/bin/chromium is
# missing), a CJK font for readable screenshots (apt, only when none is installed), and web/'s
# npm packages (npm ci, only when web/node_modules does not match web/package-lock.json).
# Node.js 20.19+ (or 22.12+) with npm must be on the machine.
#
# Settings for `test`: DESK_WEB_PORT_BASE (8090: the gateway there, the five services on the next
# five ports), DESK_WEB_DB_NAME (estate_desk_web), DESK_WEB_KAFKA_PORT (19094),
# DESK_WEB_PREVIEW_PORT (4173, used only when the gateway does not serve web/dist, see below);
# DESK_WEB_SPECS (space-separated words: only the browser-test files whose names contain one of
# them, e.g. "hq"; every file by default); DATABASE_URL and KAFKA_BROKERS pass through to run.sh.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WEB="$ROOT/web"
LOGS="$ROOT/.local/logs"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'web.sh: %s\n' "$*" >&2; exit 1; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

apt_install() {
  say "Installing $* (Debian packages)"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}

ensure_node() {
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    die "Node.js and npm are needed (Node 20.19+ or 22.12+); install them first."
  fi
  node -e '
    const [a, b] = process.versions.node.split(".").map(Number);
    process.exit(a > 22 || (a === 22 && b >= 12) || (a === 20 && b >= 19) ? 0 : 1);
  ' || die "Node.js $(node --version) is too old for Vite: use 20.19+ or 22.12+."
}

# npm ci only when node_modules does not reflect the lockfile (npm keeps its own copy of the
# lockfile in node_modules/.package-lock.json).
ensure_packages() {
  ensure_node
  local hidden="$WEB/node_modules/.package-lock.json"
  if [ ! -f "$hidden" ] || [ "$WEB/package-lock.json" -nt "$hidden" ] || [ "$WEB/package.json" -nt "$hidden" ]; then
    say "Installing the web application's packages (npm ci)"
    (cd "$WEB" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

ensure_browser() {
  if [ ! -x /usr/bin/chromium ]; then apt_install chromium; fi
  # Without a CJK font Chromium draws the Chinese labels as boxes in the screenshots.
  if ! fc-list :lang=zh 2>/dev/null | grep -q .; then apt_install fonts-noto-cjk fontconfig; fi
}

build() {
  ensure_packages
  say "Building the web application into web/dist"
  (cd "$WEB" && npm run --silent build)
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

ready() {
  node -e '
    fetch(process.argv[1], { signal: AbortSignal.timeout(2000) })
      .then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1));
  ' "http://127.0.0.1:$1/readyz"
}

# Sums the vitest JSON reports given: "passed failed".
count() {
  # shellcheck disable=SC2016 # JavaScript, not shell
  node -e '
    let passed = 0, failed = 0;
    for (const f of process.argv.slice(1)) {
      try {
        const r = JSON.parse(require("fs").readFileSync(f, "utf8"));
        passed += r.numPassedTests;
        failed += r.numFailedTests;
        // A file that did not even load counts as a failure of its own.
        for (const s of r.testResults) if (s.status === "failed" && s.assertionResults.length === 0) failed += 1;
      } catch {
        failed += 1;
      }
    }
    console.log(`${passed} ${failed}`);
  ' "$@"
}

# Whether the gateway answers a desk address with the application's index.html.
serves_app() {
  node -e '
    fetch(process.argv[1], { signal: AbortSignal.timeout(5000) })
      .then((r) => process.exit(r.ok && (r.headers.get("content-type") ?? "").startsWith("text/html") ? 0 : 1), () => process.exit(1));
  ' "http://127.0.0.1:$1/desk"
}

PREVIEW_PID=""
stop_preview() {
  if [ -n "$PREVIEW_PID" ]; then
    kill -TERM "$PREVIEW_PID" 2>/dev/null || true
    wait "$PREVIEW_PID" 2>/dev/null || true
    PREVIEW_PID=""
  fi
}

RUN_PID=""
stop_all() {
  stop_preview
  stop_platform
}
stop_platform() {
  if [ -n "$RUN_PID" ] && kill -0 "$RUN_PID" 2>/dev/null; then
    say "Stopping the platform"
    kill -TERM "$RUN_PID" 2>/dev/null || true
    for _ in $(seq 1 120); do kill -0 "$RUN_PID" 2>/dev/null || break; sleep 0.5; done
    # run.sh runs in a session of its own (setsid): what it left behind goes with its group.
    if kill -0 "$RUN_PID" 2>/dev/null; then kill -TERM -- "-$RUN_PID" 2>/dev/null || true; fi
    wait "$RUN_PID" 2>/dev/null || true
  fi
  RUN_PID=""
}

run_tests() {
  local started base gateway db kafka out rc_unit=0 rc_browser=0 port url preview
  started=$(date +%s)
  base="${DESK_WEB_PORT_BASE:-8090}"
  gateway="$base"
  preview="${DESK_WEB_PREVIEW_PORT:-4173}"
  db="${DESK_WEB_DB_NAME:-estate_desk_web}"
  kafka="${DESK_WEB_KAFKA_PORT:-19094}"
  out="$(mktemp -d)"
  mkdir -p "$LOGS"

  ensure_packages
  ensure_browser

  say "Unit tests"
  (cd "$WEB" && npx vitest run --config vitest.config.ts \
    --reporter=default --reporter=json --outputFile.json="$out/unit.json") || rc_unit=$?

  for port in $(seq "$base" $((base + 5))); do
    if port_open "$port"; then
      die "port $port is taken: the browser tests start the whole platform on ports $base–$((base + 5)) (gateway, then the five services; DESK_WEB_PORT_BASE moves them). Stop what runs there (another scripts/run.sh?) and try again."
    fi
  done

  say "Starting the platform (scripts/run.sh: database $db, gateway :$gateway, broker :$kafka; log in $LOGS/web-test-platform.log)"
  trap stop_all EXIT
  trap 'exit 130' INT TERM
  DESK_DB_NAME="$db" DESK_PORT_BASE="$base" DESK_GATEWAY_PORT="$gateway" DESK_KAFKA_PORT="$kafka" \
    setsid bash "$ROOT/scripts/run.sh" >"$LOGS/web-test-platform.log" 2>&1 &
  RUN_PID=$!

  # The first start builds the Rust workspace, which can take many minutes.
  local waited=0
  until ready "$gateway"; do
    if ! kill -0 "$RUN_PID" 2>/dev/null; then
      tail -n 40 "$LOGS/web-test-platform.log" >&2
      die "the platform did not start; the whole log is $LOGS/web-test-platform.log"
    fi
    if [ "$waited" -ge 2700 ]; then die "the gateway did not answer /readyz on :$gateway within 45 minutes"; fi
    sleep 2
    waited=$((waited + 2))
  done
  # run.sh prints the logins once every service answers /readyz.
  for _ in $(seq 1 150); do grep -q "Demo logins" "$LOGS/web-test-platform.log" && break; sleep 0.2; done
  say "The platform is up ($(( $(date +%s) - started ))s)"

  url="http://127.0.0.1:$gateway"
  # The gateway serves web/dist at / (GATEWAY__WEB__DIR, set by run.sh): test it there.
  serves_app "$gateway" || die "the gateway on :$gateway does not serve the web application (GET /desk is not index.html)"

  say "Browser tests in headless Chromium against $url"
  # shellcheck disable=SC2086 # DESK_WEB_SPECS is a list of words
  (cd "$WEB" && DESK_WEB_URL="$url" npx vitest run --config vitest.browser.config.ts ${DESK_WEB_SPECS:-} \
    --reporter=default --reporter=json --outputFile.json="$out/browser.json") || rc_browser=$?

  stop_all
  trap - EXIT INT TERM

  local counts passed failed
  counts="$(count "$out/unit.json" "$out/browser.json")"
  passed="${counts% *}"
  failed="${counts#* }"
  if [ "$failed" = 0 ] && { [ "$rc_unit" != 0 ] || [ "$rc_browser" != 0 ]; }; then failed=1; fi
  rm -rf "$out"
  say "Took $(( $(date +%s) - started ))s; screenshots in docs/screenshots/"
  echo "$passed passed, $failed failed"
  [ "$failed" = 0 ]
}

case "${1:-}" in
  build) build ;;
  test) run_tests ;;
  *)
    echo "usage: scripts/web.sh build|test" >&2
    exit 2
    ;;
esac
