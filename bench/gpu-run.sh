#!/usr/bin/env bash
# GPU checks on a machine that has an NVIDIA GPU and a PyTorch with CUDA (python3 -c "import torch") but no JDK, no
# Maven and no network: it runs the bundle that bench/gpu-bundle.sh made (a JRE, jnas's classes and jars without
# the CPU libtorch, Fashion-MNIST, the B4 peer). jnas loads the libtorch of that PyTorch through DJL's
# PYTORCH_LIBRARY_PATH (README, "GPU", way 2) with the JNI that DJL built for libtorch 2.7.1 and CUDA 12.8, so a
# PyTorch of another version is a mismatch that DJL does not support: this script first lists the JNI's symbols
# that the PyTorch lacks, and each step's exit status says whether the JVM survived it.
# Steps (each under its own time limit): B4 on the GPU with the PyTorch peer on the same GPU; B4 with batch 256;
# B1's jnas side (a DARTS step; DJL's default device is the GPU it sees); a 4-trial search from a spec with
# "devices": "gpu" (journal, report, pictures).
# Usage: bench/gpu-run.sh BUNDLE.tar.xz OUT_DIR
# A dry run on a machine without a GPU: JNAS_GPU_DEVICE=cpu, JNAS_GPU_LIBTORCH=<a libtorch 2.7.1 folder>,
# PYTORCH_FLAVOR=cpu, JNAS_GPU_PYTHON=<a python3 with torch>.
set -uo pipefail
BUNDLE="$1"
OUT="$2"
export B=/tmp/jnas-gpu
DEVICE="${JNAS_GPU_DEVICE:-gpu}"
rm -rf "$B"
mkdir -p "$OUT" "$B"
exec > >(tee -a "$OUT/gpu-run.log") 2>&1
say() { echo "GPU_RUN $(date +%T) $*"; }

say "unpacking $(du -h "$BUNDLE" | cut -f1)"
{ command -v xz >/dev/null && xz -dc -T0 "$BUNDLE" \
  || python3 -c 'import lzma, shutil, sys; shutil.copyfileobj(lzma.open(sys.argv[1]), sys.stdout.buffer)' "$BUNDLE"; } \
  | tar -C "$B" -xf - || { say "cannot unpack"; exit 2; }
say "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2) x $(nproc), $(free -g | awk '/Mem/{print $2}') GB"
nvidia-smi -L 2>&1 | sed 's/^/GPU_RUN nvidia-smi: /'
PY="${JNAS_GPU_PYTHON:-$(command -v python3)}"
TL="${JNAS_GPU_LIBTORCH:-$("$PY" -c 'import os, torch; print(os.path.join(os.path.dirname(torch.__file__), "lib"))')}" \
  || { say "python3 has no torch"; exit 2; }
FLAVOR="${PYTORCH_FLAVOR:-cu128}"
say "peer: $PY, $("$PY" -c 'import torch; print("torch", torch.__version__, "cuda", torch.version.cuda, "gpu", torch.cuda.is_available())')"
say "libtorch folder: $TL: $(ls "$TL" | tr '\n' ' ')"

# The JNI's undefined symbols that no library of that libtorch defines (a function among them fails when first
# called; a missing variable fails the load)
unzip -p "$B"/lib/pytorch-jni-*.jar "jnilib/linux-x86_64/$FLAVOR/libdjl_torch.so" > "$B/libdjl_torch.so" 2>/dev/null \
  || "$PY" -c "import zipfile,sys,glob; z=zipfile.ZipFile(glob.glob('$B/lib/pytorch-jni-*.jar')[0]); \
open('$B/libdjl_torch.so','wb').write(z.read('jnilib/linux-x86_64/$FLAVOR/libdjl_torch.so'))"
if command -v nm >/dev/null; then
  nm -D --defined-only "$TL"/lib*.so 2>/dev/null | awk '{print $NF}' | sort -u > "$B/defined"
  nm -D --undefined-only "$B/libdjl_torch.so" | awk '{print $NF}' | grep -v '@' | sort -u > "$B/needed"
  comm -23 "$B/needed" "$B/defined" > "$B/missing"
  say "JNI symbols: $(wc -l < "$B/needed") from libtorch and libc10 (glibc's excluded), $(wc -l < "$B/missing") not defined by this libtorch"
  c++filt < "$B/missing" | head -40 | sed 's/^/GPU_RUN missing: /'
else
  say "no nm here: symbols not checked"
fi

# JNAS_GPU_CLASSES: newer jnas classes than the bundle's (a fix tried without packing the bundle again)
[ -n "${JNAS_GPU_CLASSES:-}" ] && cp -r "$JNAS_GPU_CLASSES"/. "$B/classes/" && say "classes from $JNAS_GPU_CLASSES"
export JAVA_HOME="$B/jre" PATH="$B/jre/bin:$PATH" JNAS_TRACE=1
export DJL_OFFLINE=true OPT_OUT_TRACKING=true DJL_CACHE_DIR="$B/djl" ENGINE_CACHE_DIR="$B/djl"
export PYTORCH_LIBRARY_PATH="$TL" PYTORCH_VERSION=2.7.1 PYTORCH_FLAVOR="$FLAVOR"
export JNAS_FASHION_MNIST="$B/fmnist" JNAS_SHARED="$B/shared" JNAS_PEER_PYTHON="$PY" OMP_NUM_THREADS=2
# libtorch's RUNPATH finds the CUDA libraries of the PyTorch wheel; a loader path helps where it does not
NV="$("$PY" -c 'import glob, os, torch; s=os.path.dirname(os.path.dirname(torch.__file__)); print(":".join(sorted(glob.glob(s + "/nvidia/*/lib"))))')"
export LD_LIBRARY_PATH="$TL${NV:+:$NV}${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
JAVA=(java -Xmx8g -Xms32m -XX:+UseSerialGC -Djava.awt.headless=true -XX:ErrorFile="$OUT/hs_err_%p.log"
  -cp "$B/classes:$B/lib/*" org.jnas.cli.Main)
step() { # $1 seconds, $2 name, rest: the jnas command
  local limit="$1" name="$2" rc
  shift 2
  say "step $name: jnas $*"
  local t0=$SECONDS
  # java itself is timeout's child, so that the time limit stops it (and with it the step's peer)
  timeout "$limit" "${JAVA[@]}" "$@" 2>&1 | grep -v AutoNonVariableTypeMode
  rc=${PIPESTATUS[0]}
  say "step $name: exit $rc after $((SECONDS - t0)) s$([ "$rc" = 124 ] && echo ' (time limit)')"
  return "$rc"
}

say "java: $(command -v java), $(java -version 2>&1 | head -1); timeout: $(command -v timeout)"
step 120 b4-gpu bench train --device "$DEVICE" --with-peer --repeats 5
step 60 b4-gpu-256 bench train --device "$DEVICE" --with-peer --repeats 3 --batch 256
step 45 b1-gpu bench darts 20 5
sed -e "s/\"DEVICES\"/\"$DEVICE\"/" "$B/gpu-check.json" > "$B/search.json"
step 75 search-gpu search "$B/search.json" && {
  ls "$B/search.runs" | sed 's/^/GPU_RUN search wrote: /'
  grep -c '"status":"OK"' "$B/search.runs/journal.jsonl" | sed 's/^/GPU_RUN trials OK: /'
  cp "$B/search.runs/report.txt" "$OUT/" 2>/dev/null
}
nvidia-smi --query-gpu=name,memory.used,memory.total --format=csv 2>&1 | sed 's/^/GPU_RUN /'
say done
