#!/usr/bin/env bash
# B4's training steps on two libtorch versions through DJL, to see how much of B4's gap to PyTorch 1.13 is the
# libtorch version (README, "B4: where a trial's time goes"): DJL 0.36 with libtorch 2.7.1 (jnas's default until
# 2026-12-01) against DJL 0.21 with libtorch 1.13.1 (its CPU default since). B4Steps.java is B4's network in plain
# DJL blocks (none of jnas's code), one fixed batch of 64 random images, 188 Adam steps a round; round 0 is a warm-up.
# The pairs alternate their order so that the host's drift favours neither. Prints one ROUND line per round.
# Usage: bench/libtorch-versions/run.sh [pairs=3] [rounds=6]; needs core/target/lib built on DJL 0.36
# (JNAS_LIBTORCH=2.7 ./jnas warmup) and fetches the DJL 0.21 jars with Maven (the build step; nothing is downloaded
# while timing).
set -euo pipefail
cd "$(dirname "$0")/../.."
PAIRS="${1:-3}"
ROUNDS="${2:-6}"
L=core/target/lib
[ -f $L/api-0.36.0.jar ] \
  || { echo "core/target/lib holds no DJL 0.36: build it with JNAS_LIBTORCH=2.7 ./jnas warmup" >&2; exit 2; }
REPO="${MAVEN_REPO:-$HOME/.m2/repository}" # where Maven keeps its jars
R="$REPO/ai/djl"
# DJL must not reach the network when it starts (../shared/FINDINGS.md): offline, tracking off, as ./jnas sets them
export DJL_OFFLINE=true OPT_OUT_TRACKING=true
OLD_JARS=("$R/api/0.21.0/api-0.21.0.jar" "$R/pytorch/pytorch-engine/0.21.0/pytorch-engine-0.21.0.jar"
  "$R/pytorch/pytorch-jni/1.13.1-0.21.0/pytorch-jni-1.13.1-0.21.0.jar"
  "$R/pytorch/pytorch-native-cpu/1.13.1/pytorch-native-cpu-1.13.1-linux-x86_64.jar")
ARTIFACTS=(ai.djl:api:0.21.0 ai.djl.pytorch:pytorch-engine:0.21.0 ai.djl.pytorch:pytorch-jni:1.13.1-0.21.0
  ai.djl.pytorch:pytorch-native-cpu:1.13.1:jar:linux-x86_64)
for i in "${!OLD_JARS[@]}"; do
  [ -f "${OLD_JARS[$i]}" ] && continue # Maven only for what the local repository lacks
  out="$(mvn -B -q -Dstyle.color=never -Dmaven.repo.local="$REPO" dependency:get -Dartifact="${ARTIFACTS[$i]}" \
    -Dtransitive=false 2>&1)" \
    || { echo "cannot fetch ${ARTIFACTS[$i]} with Maven:" >&2; echo "$out" >&2; exit 1; }
done
DEPS="$(ls $L/gson-*.jar $L/jna-*.jar $L/commons-compress-*.jar $L/commons-io-*.jar $L/slf4j-*.jar | tr '\n' ':')"
CP_NEW="$(ls $L/api-0.36.0.jar $L/pytorch-engine-0.36.0.jar $L/pytorch-jni-2.7.1-0.36.0.jar \
  $L/pytorch-native-cpu-2.7.1-linux-x86_64.jar | tr '\n' ':')$DEPS"
CP_OLD="$(IFS=:; echo "${OLD_JARS[*]}"):$DEPS"
run() { # $1: classpath
  OMP_NUM_THREADS=2 java -Drounds="$ROUNDS" -cp "$1" bench/libtorch-versions/B4Steps.java \
    2>/dev/null | grep -E '^(ENGINE|PARAMS|ROUND)'
}
for ((i = 0; i < PAIRS; i++)); do
  if ((i % 2 == 0)); then run "$CP_NEW"; run "$CP_OLD"; else run "$CP_OLD"; run "$CP_NEW"; fi
done
