"""The PyTorch side of `./jnas bench train` (benchmark B4): drives ../shared/bench/train_reference.py trial by
trial, so that jnas and the peer alternate and contention hits both. Arguments: REFERENCE.py BATCH [DEVICE]; then
one seed per line on stdin. DEVICE (default cpu) may be cuda:N: the network lives there and each batch is copied
there from host memory, as jnas copies its batches; the clock stops after the device is done. Prints READY once
the data is loaded, then per trial: TRIAL_S <s> accuracy=<a> hwm_mb=<m>.
A line `profile SEED JNAS_TRACE.json` instead runs one trial under torch.profiler and prints, for the ops that take
most time on either side, `PROFILE <op> <jnas self ms> <jnas calls> <peer self ms> <peer calls>` (jnas's figures
from the Chrome trace libtorch wrote for jnas's own profiled trial), then `PROFILE_END`."""
import collections
import importlib.util
import json
import sys
import time

import numpy as np
import torch

spec = importlib.util.spec_from_file_location("train_reference", sys.argv[1])
ref = importlib.util.module_from_spec(spec)
spec.loader.exec_module(ref)
batch = int(sys.argv[2])
device = torch.device(sys.argv[3] if len(sys.argv) > 3 else "cpu")


def trial(x, y, seed):
    """ref.trial with the training batch and the device as parameters (ref.trial itself is used for batch 64 on the
    CPU). As in ref.trial, building the network is not timed; moving it to the device is not either."""
    torch.manual_seed(seed)
    net = ref.network().to(device)
    opt, loss = torch.optim.Adam(net.parameters(), 1e-3), torch.nn.CrossEntropyLoss()
    if device.type == "cuda":
        torch.cuda.synchronize(device)
    t = time.perf_counter()
    net.train()
    for i in range(0, 12000, batch):
        opt.zero_grad()
        loss(net(x[i:i + batch].to(device)), y[i:i + batch].to(device)).backward()
        opt.step()
    net.eval()
    correct = 0
    with torch.no_grad():
        for i in range(12000, 17000, 256):
            j = min(i + 256, 17000)
            correct += (net(x[i:j].to(device)).argmax(1) == y[i:j].to(device)).sum().item()
    if device.type == "cuda":
        torch.cuda.synchronize(device)
    return time.perf_counter() - t, correct / 5000


def run(seed):
    return ref.trial(x, y, seed) if batch == 64 and device.type == "cpu" else trial(x, y, seed)


def hwm_mb():
    # VmHWM belongs to this process's own memory map; ru_maxrss would carry the launching JVM's peak over exec
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return -1


def self_times(path):
    """Self time (microseconds) and calls per op name in a Chrome trace: each event's duration less its children's
    on the same thread. Both libtorch (jnas) and torch.profiler (the peer) write this format."""
    with open(path) as f:
        data = json.load(f)
    events = data["traceEvents"] if isinstance(data, dict) else data
    threads = collections.defaultdict(list)
    for e in events:
        if e.get("ph") == "X" and "dur" in e:
            threads[(e.get("pid"), e.get("tid"))].append(e)
    own, calls = collections.Counter(), collections.Counter()
    for evs in threads.values():
        evs.sort(key=lambda e: (float(e["ts"]), -float(e["dur"])))
        stack = []
        for e in evs:
            start, dur = float(e["ts"]), float(e["dur"])
            while stack and float(stack[-1]["ts"]) + float(stack[-1]["dur"]) <= start:
                stack.pop()
            if stack:
                own[stack[-1]["name"]] -= dur
            own[e["name"]] += dur
            calls[e["name"]] += 1
            stack.append(e)
    return own, calls


def profile(seed, jnas_trace):
    with torch.profiler.profile(activities=[torch.profiler.ProfilerActivity.CPU]) as p:
        run(seed)
    peer_trace = jnas_trace + ".peer.json"
    p.export_chrome_trace(peer_trace)
    (j_own, j_calls), (p_own, p_calls) = self_times(jnas_trace), self_times(peer_trace)
    print(f"PROFILE total {sum(j_own.values()) / 1e3:.0f} {sum(j_calls.values())}"
          f" {sum(p_own.values()) / 1e3:.0f} {sum(p_calls.values())}")
    for name in sorted(set(j_own) | set(p_own), key=lambda n: -max(j_own[n], p_own[n]))[:25]:
        print(f"PROFILE {name.replace(' ', '_')} {j_own[name] / 1e3:.0f} {j_calls[name]} {p_own[name] / 1e3:.0f}"
              f" {p_calls[name]}")
    print("PROFILE_END", flush=True)


images = ref.idx("train-images", 16).reshape(-1, 1, 28, 28).astype(np.float32) / 255
labels = ref.idx("train-labels", 8).astype(np.int64)
order = np.random.RandomState(0).permutation(len(images))[:17000]
x, y = torch.from_numpy(images[order]), torch.from_numpy(labels[order])
del images
where = torch.cuda.get_device_name(device) if device.type == "cuda" else "cpu"
print(f"READY torch {torch.__version__} threads {torch.get_num_threads()} device {device} ({where})", flush=True)
for line in sys.stdin:
    if line.startswith("profile "):
        _, seed, trace = line.split()
        profile(int(seed), trace)
        continue
    seed = int(line)
    s, acc = run(seed)
    print(f"TRIAL_S {s:.3f} accuracy={acc:.4f} hwm_mb={hwm_mb():.0f}", flush=True)
