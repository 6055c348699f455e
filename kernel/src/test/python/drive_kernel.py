"""Drives a Jupyter kernel through jupyter_client, the way a notebook frontend does, and prints what came back.

usage: /usr/bin/python3 drive_kernel.py KERNEL_NAME < steps.json > replies.json
       /usr/bin/python3 drive_kernel.py --orphan KERNEL_NAME   (start a kernel, print its pid, die without
                                                               shutting it down: the kernel must exit by itself)

steps.json is a list of steps:
  {"op": "execute", "code": "...", "interrupt_after": 2.0 (optional, seconds), "timeout": 60 (optional),
   "silent": false, "store_history": true (optional)}
  {"op": "complete", "code": "...", "cursor": 7}
  {"op": "is_complete", "code": "..."}
  {"op": "inspect", "code": "...", "cursor": 7}
The reply list has one entry per step; an execute entry holds "status" (ok/error), "outputs" (nbformat-like:
stream / execute_result / display_data / update_display_data / error), "execution_count" (the reply's),
"input_counts" (the execution_count of each execute_input broadcast for it) and "seconds". After the steps the kernel
is shut down and the last entry tells whether its process ended.
"""
import json
import os
import sys
import time
from queue import Empty

from jupyter_client.manager import KernelManager


def collect(client, msg_id, timeout, inputs=None):
    """The request's iopub outputs until idle; the execution_count of each execute_input goes to inputs."""
    outputs = []
    deadline = time.time() + timeout
    while True:
        try:
            msg = client.get_iopub_msg(timeout=max(0.1, deadline - time.time()))
        except Empty:
            outputs.append({"output_type": "driver_timeout"})
            return outputs
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        kind = msg["msg_type"]
        content = msg["content"]
        if kind == "status" and content["execution_state"] == "idle":
            return outputs
        if kind == "execute_input" and inputs is not None:
            inputs.append(content["execution_count"])
        elif kind == "stream":
            outputs.append({"output_type": "stream", "name": content["name"], "text": content["text"]})
        elif kind in ("execute_result", "display_data", "update_display_data"):
            outputs.append({"output_type": kind, "data": content["data"],
                            "display_id": content.get("transient", {}).get("display_id")})
        elif kind == "error":
            outputs.append({"output_type": "error", "ename": content["ename"], "evalue": content["evalue"],
                            "traceback": content["traceback"]})


def shell_reply(client, msg_id, timeout=60):
    reply = client.get_shell_msg(timeout=timeout)
    while reply["parent_header"].get("msg_id") != msg_id:
        reply = client.get_shell_msg(timeout=timeout)
    return reply


def orphan(kernel_name):
    km = KernelManager(kernel_name=kernel_name)
    km.start_kernel()
    client = km.client()
    client.start_channels()
    client.wait_for_ready(timeout=120)
    print(km.provisioner.process.pid, flush=True)
    os._exit(0)


def main():
    if sys.argv[1] == "--orphan":
        orphan(sys.argv[2])
        return
    kernel_name = sys.argv[1]
    steps = json.load(sys.stdin)
    km = KernelManager(kernel_name=kernel_name)
    started = time.time()
    km.start_kernel()
    client = km.client()
    client.start_channels()
    client.wait_for_ready(timeout=120)
    replies = [{"op": "start", "seconds": time.time() - started}]
    try:
        for step in steps:
            op = step["op"]
            t0 = time.time()
            if op == "execute":
                msg_id = client.execute(step["code"], silent=step.get("silent", False),
                                        store_history=step.get("store_history", True))
                if "interrupt_after" in step:
                    time.sleep(step["interrupt_after"])
                    km.interrupt_kernel()
                inputs = []
                outputs = collect(client, msg_id, step.get("timeout", 120), inputs)
                reply = shell_reply(client, msg_id)
                replies.append({"op": op, "status": reply["content"]["status"], "outputs": outputs,
                                "execution_count": reply["content"].get("execution_count"),
                                "input_counts": inputs, "seconds": time.time() - t0})
            elif op == "complete":
                content = shell_reply(client, client.complete(step["code"], step["cursor"]))["content"]
                replies.append({"op": op, "matches": content["matches"], "cursor_start": content["cursor_start"],
                                "cursor_end": content["cursor_end"], "status": content["status"]})
            elif op == "inspect":
                content = shell_reply(client, client.inspect(step["code"], step["cursor"]))["content"]
                replies.append({"op": op, "found": content.get("found"), "data": content.get("data", {}),
                                "status": content["status"]})
            elif op == "is_complete":
                content = shell_reply(client, client.is_complete(step["code"]))["content"]
                replies.append({"op": op, "status": content["status"], "indent": content.get("indent")})
            else:
                raise ValueError("unknown op " + op)
    finally:
        client.stop_channels()
        km.shutdown_kernel(now=False)
        replies.append({"op": "shutdown", "alive_after": km.is_alive()})
    json.dump(replies, sys.stdout, indent=1)


if __name__ == "__main__":
    main()
