#!/usr/bin/env bash
# One short GPU check, for a machine with an NVIDIA GPU, a JDK 17, Maven and either network access to Maven Central
# or ai.djl.pytorch:pytorch-native-cu128:2.7.1:linux-x86_64 already in ~/.m2 (it is large: several GB unpacked).
# Builds jnas with the CUDA profile, then runs the same 4-trial random search (Fashion-MNIST, 10k images, 1 epoch,
# batch 256) on the CPU and on the GPU(s), and prints one GPU_CHECK line per device kind:
#   GPU_CHECK devices=... trials=4 failed=0 mean_trial_s=... best_accuracy=...
# and GPU_SPEEDUP ratio=<cpu mean trial s / gpu mean trial s>. Then rebuilds the default (CPU) build.
# Usage: bench/gpu-check.sh [WORKERS]   (WORKERS > 1: one trial per GPU, workers pinned to GPUs in turn)
set -euo pipefail
cd "$(dirname "$0")/.."
WORKERS="${1:-1}"
export DJL_OFFLINE=true OPT_OUT_TRACKING=true
echo "GPU_CHECK java: $(java -version 2>&1 | head -1)"
command -v nvidia-smi >/dev/null && nvidia-smi -L | sed 's/^/GPU_CHECK nvidia-smi: /' || echo "GPU_CHECK no nvidia-smi"
[ -d /usr/share/datasets/fashion-mnist ] || [ -n "${JNAS_FASHION_MNIST:-}" ] \
  || { echo "GPU_CHECK needs Fashion-MNIST: apt-get install dataset-fashion-mnist or set JNAS_FASHION_MNIST" >&2; exit 2; }

# the CUDA build; target/lib must not keep the CPU native jar beside the CUDA one
rm -rf core/target/lib
mvn -B -q -Pcuda -DskipTests -pl core -am package >&2
# ./jnas must not rebuild the CPU flavour over it: the CUDA build is libtorch 2.7.1 (README, "libtorch versions")
echo 2.7 > core/target/lib/.libtorch && touch core/target/classes/.jnas-built
export JNAS_LIBTORCH=2.7
ls core/target/lib | grep pytorch-native | sed 's/^/GPU_CHECK native: /'

out="$(mktemp -d)"
run() { # $1: devices value for the spec, $2: name
  sed -e "s/\"DEVICES\"/$1/" -e "s/\"workers\": 1/\"workers\": $WORKERS/" bench/gpu-check.json > "$out/$2.json"
  JAVA_OPTS=-Xmx8g ./jnas search "$out/$2.json" > "$out/$2.log" 2>&1 || { tail -20 "$out/$2.log"; return 1; }
  python3 - "$out/$2.runs/journal.jsonl" "$1" <<'PY'
import json, sys
trials = [json.loads(l)["trial"] for l in open(sys.argv[1]) if l.startswith('{"toldBefore"')]
ok = [t for t in trials if t["status"] == "OK"]
mean = sum(t["costSeconds"] for t in trials) / max(1, len(trials))
best = max((t["metrics"]["accuracy"] for t in ok), default=float("nan"))
print(f"GPU_CHECK devices={sys.argv[2].strip(chr(34))} trials={len(trials)} failed={len(trials) - len(ok)} "
      f"mean_trial_s={mean:.2f} best_accuracy={best:.4f}")
print(mean, file=open(sys.argv[1] + ".mean", "w"))
PY
}
run '"cpu"' cpu
run '"gpu"' gpu
python3 -c "import sys; c=float(open(sys.argv[1]).read()); g=float(open(sys.argv[2]).read()); \
print(f'GPU_SPEEDUP ratio={c/g:.2f} (mean trial seconds cpu/gpu, 4 trials each, one run)')" \
  "$out/cpu.runs/journal.jsonl.mean" "$out/gpu.runs/journal.jsonl.mean"
grep -h "resuming\|Report\|best:" "$out/gpu.log" | head -3 | sed 's/^/GPU_CHECK gpu run: /'

# back to the default build: ./jnas replaces the 2.7 jars (.libtorch) itself
env -u JNAS_LIBTORCH ./jnas warmup > /dev/null
