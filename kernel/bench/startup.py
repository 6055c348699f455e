"""Kernel start-up and idle memory, jnas against Debian's ipykernel, started the same way in the same run.

usage: /usr/bin/python3 startup.py [--runs N] KERNEL_NAME...   (JUPYTER_PATH must make the kernels findable)

For each kernel, N times: start it with jupyter_client (as a notebook server does), wait until it answers
kernel_info, execute a first cell and stop the clock when its result arrives. After the first run's cell the
kernel sits idle for 3 s and its resident memory (VmRSS, with children) is read from /proc. Prints one line per
kernel: the median and the range of start-to-first-result, and the idle RSS.
"""
import argparse
import os
import statistics
import time
from queue import Empty

from jupyter_client.manager import KernelManager

FIRST_CELL = {"python": "1 + 1", "java": "1 + 1"}


def rss_mib(pid):
    total = 0
    pids = [pid]
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            pids += [int(p) for p in f.read().split()]
    except OSError:
        pass
    for p in pids:
        try:
            with open(f"/proc/{p}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def one_start(name, measure_memory):
    km = KernelManager(kernel_name=name)
    language = km.kernel_spec.language
    t0 = time.perf_counter()
    km.start_kernel()
    client = km.client()
    client.start_channels()
    client.wait_for_ready(timeout=120)
    msg_id = client.execute(FIRST_CELL.get(language, "1 + 1"))
    result = None
    while result is None:
        try:
            msg = client.get_iopub_msg(timeout=120)
        except Empty:
            raise RuntimeError(name + ": no result within 120 s")
        if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] in ("execute_result", "error"):
            result = msg
    seconds = time.perf_counter() - t0
    memory = None
    if measure_memory:
        time.sleep(3)
        memory = rss_mib(km.provisioner.process.pid)
    client.stop_channels()
    km.shutdown_kernel(now=False)
    return seconds, memory


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("kernels", nargs="+")
    args = parser.parse_args()
    results = {name: [] for name in args.kernels}
    memory = {}
    # interleave kernels so both see the same machine load
    for run in range(args.runs):
        for name in args.kernels:
            seconds, mib = one_start(name, run == 0)
            results[name].append(seconds)
            if mib is not None:
                memory[name] = mib
    print(f"{'kernel':<16} {'median start->first result':>27} {'min':>7} {'max':>7} {'idle RSS':>10}   ({args.runs} starts, {os.cpu_count()} CPUs)")
    for name, times in results.items():
        print(f"{name:<16} {statistics.median(times):>26.2f}s {min(times):>6.2f}s {max(times):>6.2f}s"
              f" {memory[name]:>7.0f} MiB")


if __name__ == "__main__":
    main()
