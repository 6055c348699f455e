#!/usr/bin/env bash
# Measures the jnas kernel's start-up (start to first cell result, median of several starts) and idle memory
# against Debian's ipykernel, started the same way in the same run. Not a test: it prints figures.
#   kernel/bench/startup.sh [--runs N]
# Uses temporary kernel specs of the built kernel: "jnas" as installed (with its class data archive) and
# "jnas-nocds" without the archive. Other JVM options: JNAS_KERNEL_JAVA_OPTS (see install.sh).
set -euo pipefail
KERNEL_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
"$KERNEL_DIR/install.sh" --prefix "$TMP" 2>/dev/null
JNAS_KERNEL_CDS=0 "$KERNEL_DIR/install.sh" --prefix "$TMP" --name jnas-nocds 2>/dev/null
export JUPYTER_PATH="$TMP/share/jupyter" JUPYTER_RUNTIME_DIR="$TMP/runtime" PYDEVD_DISABLE_FILE_VALIDATION=1
exec /usr/bin/python3 "$KERNEL_DIR/bench/startup.py" "$@" jnas jnas-nocds python3
