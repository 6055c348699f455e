#!/usr/bin/env bash
# Packs what bench/gpu-run.sh needs on a GPU machine that has a PyTorch with CUDA but no JDK, Maven or network, into
# one file small enough to carry (about 50 MB): a JRE made by jlink from this JDK (the modules jnas uses), jnas's
# classes and its runtime jars without DJL's CPU libtorch (the GPU machine's PyTorch provides libtorch) and without
# Tablesaw's fastutil and icu4j (the CLI's search and benchmarks do not load them), Fashion-MNIST (the training
# split whole: B4's peer draws from all 60,000 images; the first 2,000 test images), the B4 peer and the GPU
# search spec. Builds jnas on libtorch 2.7 first when needed (JNAS_LIBTORCH=2.7 ./jnas).
# Usage: bench/gpu-bundle.sh OUT.tar.xz      (XZ_LEVEL=0 for a quick, large bundle)
set -euo pipefail
cd "$(dirname "$0")/.."
OUTFILE="$(realpath -m "$1")"
S="$(mktemp -d)"
trap 'rm -rf "$S"' EXIT
# the GPU machine's libtorch is 2.7.1 (bench/gpu-run.sh), so the jars must be DJL 0.36's: the libtorch-2.7 build
JNAS_LIBTORCH=2.7 ./jnas warmup > /dev/null   # builds when needed
jlink --add-modules java.base,java.compiler,java.desktop,java.sql,jdk.management,jdk.unsupported,java.logging,java.xml,java.naming,java.management \
  --strip-debug --no-header-files --no-man-pages --output "$S/jre"   # uncompressed: xz packs it smaller
strip --strip-unneeded "$S/jre/lib/server/libjvm.so" 2>/dev/null || true
mkdir -p "$S/lib" "$S/fmnist" "$S/shared/bench"
cp core/target/lib/*.jar "$S/lib/"
rm -f "$S"/lib/pytorch-native-cpu-*.jar "$S"/lib/fastutil-*.jar "$S"/lib/icu4j-*.jar
# the jars stored, not deflated, so that xz compresses across their classes (a third smaller); DJL's JNI jar keeps
# its Linux x86-64 libraries only
python3 - "$S/lib" <<'PY'
import glob, os, sys, zipfile
for jar in glob.glob(os.path.join(sys.argv[1], "*.jar")):
    with zipfile.ZipFile(jar) as z:
        entries = [(i, z.read(i)) for i in z.infolist()
                   if not (i.filename.startswith("jnilib/") and "/linux-x86_64/" not in i.filename
                           and not i.filename.endswith(".properties") and not i.filename.endswith("/"))]
    with zipfile.ZipFile(jar, "w", zipfile.ZIP_STORED) as z:
        for info, data in entries:
            info.compress_type = zipfile.ZIP_STORED
            z.writestr(info, data)
PY
cp -r core/target/classes "$S/classes"
cp bench/gpu-check.json "$S/"
SHARED="${JNAS_SHARED:-../shared}"
cp "$SHARED/bench/train_reference.py" "$S/shared/bench/"
python3 - "${JNAS_FASHION_MNIST:-/usr/share/datasets/fashion-mnist}" "$S/fmnist" <<'PY'
import gzip, os, struct, sys
src, dst = sys.argv[1], sys.argv[2]
def read(name):
    path = os.path.join(src, name)
    return (gzip.open(path + ".gz") if os.path.exists(path + ".gz") else open(path, "rb")).read()
for name in ("train-images-idx3-ubyte", "train-labels-idx1-ubyte"):
    open(os.path.join(dst, name), "wb").write(read(name))
n = 2000  # the test split's first images only; the header says how many
images, labels = read("t10k-images-idx3-ubyte"), read("t10k-labels-idx1-ubyte")
open(os.path.join(dst, "t10k-images-idx3-ubyte"), "wb").write(images[:4] + struct.pack(">I", n) + images[8:16 + n * 784])
open(os.path.join(dst, "t10k-labels-idx1-ubyte"), "wb").write(labels[:4] + struct.pack(">I", n) + labels[8:8 + n])
PY
tar -C "$S" -cf - . | xz "-${XZ_LEVEL:-9}" -T0 > "$OUTFILE"
echo "bundle: $OUTFILE, $(du -h "$OUTFILE" | cut -f1)"
