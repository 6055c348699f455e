#!/usr/bin/env bash
# Installs the jnas Jupyter kernel spec ("jnas", shown as "Java (jnas)") pointing at this checkout's built jars.
#   kernel/install.sh                  # for the current user (~/.local/share/jupyter/kernels/jnas)
#   kernel/install.sh --sys-prefix     # into the Python environment's prefix
#   kernel/install.sh --system         # for all users (/usr/local/share/jupyter/kernels/jnas)
#   kernel/install.sh --prefix DIR     # into DIR/share/jupyter/kernels/jnas (set JUPYTER_PATH=DIR/share/jupyter)
# Options: --name NAME, --display-name TEXT. JNAS_KERNEL_JAVA_OPTS replaces the JVM options written into kernel.json;
# JNAS_KERNEL_CDS=0 skips the class data archive. ONEDNN_MAX_CPU_ISA, when set, goes into kernel.json's env.
# Build first: `mvn -pl kernel -am package` in the repository root (./jnas setup does it).
set -euo pipefail
KERNEL_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
NAME=jnas
DISPLAY_NAME="Java (jnas)"
WHERE=(--user)
while [ $# -gt 0 ]; do
  case "$1" in
    --user) WHERE=(--user) ;;
    --sys-prefix) WHERE=(--sys-prefix) ;;
    --system) WHERE=() ;;
    --prefix) [ $# -ge 2 ] || { echo "install.sh: --prefix needs a folder" >&2; exit 2; }
              WHERE=(--prefix "$2"); shift ;;
    --name) [ $# -ge 2 ] || { echo "install.sh: --name needs a value" >&2; exit 2; }
            NAME="$2"; shift ;;
    --display-name) [ $# -ge 2 ] || { echo "install.sh: --display-name needs a value" >&2; exit 2; }
                    DISPLAY_NAME="$2"; shift ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "install.sh: unknown option '$1' (try --help)" >&2; exit 2 ;;
  esac
  shift
done

JAR="$KERNEL_DIR/target/jnas-kernel.jar"
LIB="$KERNEL_DIR/target/lib"
if [ ! -f "$JAR" ] || [ ! -d "$LIB" ]; then
  echo "install.sh: $JAR is not built; run ./jnas setup (or mvn -pl kernel -am package at the root)" >&2
  exit 1
fi
command -v jupyter >/dev/null || { echo "install.sh: jupyter is not installed (apt-get install jupyter-client)" >&2; exit 1; }

if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then JAVA="$JAVA_HOME/bin/java"; else JAVA="$(command -v java)"; fi
[ -n "$JAVA" ] || { echo "install.sh: no java on PATH and no JAVA_HOME" >&2; exit 1; }
JAVA="$(readlink -f "$JAVA")"
# Serial GC and C1-only JIT roughly halve start-up (shared/FINDINGS.md); numeric work runs in libtorch anyway.
# MaxRAMPercentage=50: the JVM's default quarter of memory is 512 MB on Binder's 2 GB, and loading Fashion-MNIST
# as floats (and carving the validation split) does not fit in that; half leaves the rest to libtorch.
read -r -a JAVA_OPTS <<< "${JNAS_KERNEL_JAVA_OPTS:--XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:MaxRAMPercentage=50 -Xshare:auto}"

# JShell's compiler reads the jars' classes from one unpacked folder: javac indexes every jar on its class path entry
# by entry before its first compile (0.3 s of a start), and lists a folder lazily (CompileClasses.java). A kernel
# whose jars no longer match the folder (rebuilt, not reinstalled) compiles against the jars instead.
COMPILE_CLASSES="$KERNEL_DIR/target/compile-classes"
if ! "$JAVA" -cp "$JAR:$LIB/*" org.jnas.kernel.CompileClasses "$COMPILE_CLASSES" >&2; then
  echo "install.sh: could not unpack the kernel's classes into $COMPILE_CLASSES (disk full?)" >&2
  exit 1
fi
JAVA_OPTS+=("-Djnas.kernel.compileClasses=$COMPILE_CLASSES")

# Check that the kernel starts and runs a jnas cell, recording the classes it loads into a class data archive
# (AppCDS) that later starts map instead of loading from the jars. The JVM ignores a stale archive by itself.
ARCHIVE="$KERNEL_DIR/target/jnas-kernel.jsa"
FRESH="$ARCHIVE.$$"
if ! "$JAVA" "${JAVA_OPTS[@]}" -XX:ArchiveClassesAtExit="$FRESH" -Djava.awt.headless=true -cp "$JAR:$LIB/*" \
    org.jnas.kernel.KernelMain --selftest >"$KERNEL_DIR/target/selftest.log" 2>&1; then
  rm -f "$FRESH"
  echo "install.sh: the kernel failed its self-test:" >&2
  cat "$KERNEL_DIR/target/selftest.log" >&2
  exit 1
fi
# replace atomically: kernels starting right now map either the old archive or the new one, never half of one
[ -f "$FRESH" ] && mv -f "$FRESH" "$ARCHIVE"
if [ -f "$ARCHIVE" ] && [ "${JNAS_KERNEL_CDS:-1}" != 0 ]; then
  # a rebuilt jar makes the archive stale: the JVM then skips it; keep that note out of the server log
  JAVA_OPTS+=("-XX:SharedArchiveFile=$ARCHIVE" "-Xlog:cds=off" "-Xlog:cds+dynamic=off")
fi

SPEC="$(mktemp -d)"
trap 'rm -rf "$SPEC"' EXIT
SPEC_DIR="$SPEC/$NAME"
mkdir -p "$SPEC_DIR"
PYTHON="$(command -v python3 || echo /usr/bin/python3)"
"$PYTHON" - "$SPEC_DIR/kernel.json" "$JAVA" "$JAR:$LIB/*" "$DISPLAY_NAME" "${JAVA_OPTS[@]}" <<'PY'
import json, sys
out, java, classpath, display_name, *opts = sys.argv[1:]
spec = {
    "argv": [java, *opts, "-Djava.awt.headless=true", "-cp", classpath,
             "org.jnas.kernel.KernelMain", "{connection_file}"],
    "display_name": display_name,
    "language": "java",
    # SIGINT would kill the JVM; the kernel interrupts the running cell on an interrupt_request instead
    "interrupt_mode": "message",
    # MALLOC_ARENA_MAX: glibc gives each busy thread its own arena, and PyTorch's freed tensors stay cached in
    # all of them; two arenas cut the peak memory of notebook 02 from 2.8 to 2.0 GB at the same speed (Binder: 2 GB)
    "env": {"DJL_OFFLINE": "true", "OPT_OUT_TRACKING": "true", "MALLOC_ARENA_MAX": "2"},
    "metadata": {"debugger": False},
}
# a oneDNN ISA cap that ./jnas found correct on this CPU (its choose_onednn_isa), or that the user set: oneDNN reads
# it only when the kernel's libtorch starts, so it belongs to the kernel's environment
import os
if os.environ.get("ONEDNN_MAX_CPU_ISA"):
    spec["env"]["ONEDNN_MAX_CPU_ISA"] = os.environ["ONEDNN_MAX_CPU_ISA"]
with open(out, "w") as f:
    json.dump(spec, f, indent=2)
PY
jupyter kernelspec install --replace --name "$NAME" "${WHERE[@]}" "$SPEC_DIR" >&2
