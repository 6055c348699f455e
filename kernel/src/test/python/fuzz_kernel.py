"""Sends malformed, badly signed, replayed and garbage messages to every port of a real kernel, each followed by a
valid execute request that must succeed, and reports what the kernel did with each.

usage: /usr/bin/python3 fuzz_kernel.py KERNEL_NAME KERNEL_STDERR_FILE [RANDOM_CASES] > report.json

The kernel is started by jupyter_client (as a notebook server starts it) with its stderr in KERNEL_STDERR_FILE.
Every malformed execute request carries code that increments a counter; at the end the counter must still be 0.
The report is a JSON object:
  cases:    [{"kind", "channel", "outcome" ("no reply" or "reply <msg_type> <status> <ename>"), "next_ok",
              "next_seconds"}]  one per malformed message, in the order sent
  counters: the final values of fuzzRuns (malformed executes that ran: must be 0) and replayRuns (1: only the
            original of the replayed message ran)
  stdin:    the value a cell read from System.in after junk was sent to the stdin port (must be the real answer)
  heartbeat_ok: the heartbeat still echoes after junk;  key_in_log: whether the key appears in the kernel's stderr
  unexpected_execute_inputs: execute_input messages on iopub whose request the test did not send validly
"""
import json
import os
import random
import socket
import sys
import time
from queue import Empty

import zmq
from jupyter_client.manager import KernelManager
from jupyter_client.session import DELIM

PROBE = "fuzzRuns"          # the valid request after each malformed one
MALICIOUS = "fuzzRuns++;"   # the code of every malformed execute request: it must never run


class Fuzzer:
    def __init__(self, kernel_name, stderr_path):
        self.km = KernelManager(kernel_name=kernel_name)
        self.stderr = open(stderr_path, "wb")
        self.km.start_kernel(stderr=self.stderr)
        self.client = self.km.client()
        self.client.start_channels()
        self.client.wait_for_ready(timeout=120)
        self.session = self.km.session
        self.ctx = zmq.Context()
        self.raw = {}
        for channel in ("shell", "control", "stdin"):
            sock = self.ctx.socket(zmq.DEALER)
            sock.setsockopt(zmq.LINGER, 0)
            sock.connect(self.address(channel))
            self.raw[channel] = sock
        self.cases = []
        self.valid_ids = set()
        self.iopub = []

    def address(self, channel):
        port = getattr(self.km, channel + "_port")
        return f"{self.km.transport}://{self.km.ip}:{port}"

    # ------------------------------------------------------------------------------------------ building frames

    def message(self, msg_type, content):
        return self.session.msg(msg_type, content)

    def signed(self, msg):
        """The frames a DEALER sends for msg, correctly signed (a ROUTER adds the sender's identity itself)."""
        return self.session.serialize(msg)

    def signed_parts(self, header, parent, metadata, content):
        """Arbitrary bytes as the four signed parts, with the right signature: what passes the signature check."""
        parts = [header, parent, metadata, content]
        return [DELIM, self.session.sign(parts)] + parts

    def execute(self, code=MALICIOUS):
        return self.message("execute_request", {"code": code, "silent": False, "store_history": True,
                                                "user_expressions": {}, "allow_stdin": False,
                                                "stop_on_error": True})

    # ------------------------------------------------------------------------------------------ sending, checking

    def raw_reply(self, channel, wait):
        """The first reply on the raw socket within `wait` seconds, as text, or 'no reply'."""
        sock = self.raw[channel]
        if not sock.poll(int(wait * 1000)):
            return "no reply"
        frames = sock.recv_multipart()
        _, rest = self.session.feed_identities(frames)
        msg = self.session.deserialize(rest)
        content = msg["content"]
        return f"reply {msg['header']['msg_type']} {content.get('status')} {content.get('ename', '')}".strip()

    def probe(self):
        """A valid execute request through the real client: (ok, seconds)."""
        t0 = time.time()
        msg_id = self.client.execute(PROBE)
        self.valid_ids.add(msg_id)
        try:
            while True:
                reply = self.client.get_shell_msg(timeout=30)
                if reply["parent_header"].get("msg_id") == msg_id:
                    return reply["content"]["status"] == "ok", time.time() - t0
        except Empty:
            return False, time.time() - t0

    def send(self, kind, channel, frames, expect_reply=False):
        self.raw[channel].send_multipart(frames)
        outcome = self.raw_reply(channel, 15 if expect_reply else 0.3)
        ok, seconds = self.probe()
        self.cases.append({"kind": kind, "channel": channel, "outcome": outcome, "expect_reply": expect_reply,
                           "next_ok": ok, "next_seconds": round(seconds, 3)})

    def value(self, code):
        msg_id = self.client.execute(code)
        self.valid_ids.add(msg_id)
        deadline = time.time() + 30
        result = None
        while time.time() < deadline:
            msg = self.client.get_iopub_msg(timeout=30)
            self.iopub.append(msg)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "execute_result":
                result = msg["content"]["data"]["text/plain"]
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                break
        return result

    # ------------------------------------------------------------------------------------------ the cases

    def malformed(self, channel):
        ex = self.execute()
        good = self.signed(ex)
        header, parent, metadata, content = good[2:6]
        h = json.loads(header)

        def hdr(**changes):
            d = dict(h, msg_id=self.session.msg_id)
            for k, v in changes.items():
                if v is None:
                    d.pop(k, None)
                else:
                    d[k] = v
            return json.dumps(d).encode()

        def request(msg_type, content_obj):
            return self.signed_parts(hdr(msg_type=msg_type), b"{}", b"{}", json.dumps(content_obj).encode())

        yield "invalid signature", [DELIM, b"0" * 64] + good[2:6], False
        yield "unsigned (empty signature)", [DELIM, b""] + good[2:6], False
        yield "signature of another message", [DELIM, self.signed(self.execute())[1]] + good[2:6], False
        yield "one garbage frame", [b"garbage"], False
        yield "garbage frames", [b"\x00\xff\xfe", b"more", b"", b"<IDS|MSG"], False
        yield "only the delimiter", [DELIM], False
        yield "truncated after the header", good[:3], False
        yield "truncated after the metadata", good[:5], False
        yield "six frames without the delimiter", good[1:] + [b"x"], False
        yield "empty frames after the delimiter", [DELIM, b"", b"", b"", b"", b""], False
        yield "invalid JSON in the header", self.signed_parts(b"{not json", parent, metadata, content), False
        yield "invalid JSON in the parent header", self.signed_parts(hdr(), b"{]", metadata, content), False
        yield "invalid JSON in the metadata", self.signed_parts(hdr(), parent, b"nul", content), False
        yield "invalid JSON in the content", self.signed_parts(hdr(), parent, metadata,
                                                               b'{"code": "fuzzRuns++;"'), False
        yield "content not UTF-8", self.signed_parts(hdr(), parent, metadata, b'{"code": "\xff\xfe"}'), False
        yield "header is a JSON array", self.signed_parts(b"[1, 2]", parent, metadata, content), False
        yield "content is a JSON string", self.signed_parts(hdr(), parent, metadata, b'"fuzzRuns++;"'), False
        yield "header without msg_id", self.signed_parts(hdr(msg_id=None), parent, metadata, content), False
        yield "header without msg_type", self.signed_parts(hdr(msg_type=None), parent, metadata, content), False
        yield "msg_type is a number", self.signed_parts(hdr(msg_type=7), parent, metadata, content), False
        yield "username is an object", self.signed_parts(hdr(username={"a": 1}), parent, metadata, content), False
        yield "unknown message type", request("fuzz_request", {"code": MALICIOUS}), False
        yield "a reply sent as a request", request("execute_reply", {"status": "ok"}), False
        yield "execute_request without code", request("execute_request", {"silent": False}), True
        yield "execute_request with numeric code", request("execute_request", {"code": 5}), True
        yield "execute_request with silent a string", request("execute_request",
                                                              {"code": MALICIOUS, "silent": "yes"}), True
        yield "execute_request with user_expressions a list", request(
            "execute_request", {"code": MALICIOUS, "user_expressions": [1]}), True
        yield "complete_request without cursor_pos", request("complete_request", {"code": "Math."}), True
        yield "complete_request with cursor_pos past the end", request("complete_request",
                                                                       {"code": "Math.", "cursor_pos": 99}), True
        yield "inspect_request with cursor_pos a string", request("inspect_request",
                                                                  {"code": "Math", "cursor_pos": "4"}), True
        yield "is_complete_request with code null", request("is_complete_request", {"code": None}), True
        yield "history_request without hist_access_type", request("history_request", {"output": False}), True
        yield "shutdown_request with restart a string", request("shutdown_request", {"restart": "no"}), True
        yield "comm_open without comm_id", request("comm_open", {"target_name": "x", "data": {}}), False
        yield "comm_msg for no comm", request("comm_msg", {"comm_id": "nope", "data": {}}), False

    def random_cases(self, channel, n, rng):
        """Seeded random damage to a valid signed execute request: flipped bytes, dropped, added, cut frames."""
        for i in range(n):
            frames = list(self.signed(self.execute()))
            what = rng.choice(["flip", "drop", "insert", "cut", "replace"])
            at = rng.randrange(1, 6)  # the signature or a signed part: the damage always breaks the message
            if what == "flip":
                frame = bytearray(frames[at])
                if frame:
                    frame[rng.randrange(len(frame))] ^= 1 << rng.randrange(8)
                frames[at] = bytes(frame)
            elif what == "drop":
                del frames[at]
            elif what == "insert":
                frames.insert(at, rng.randbytes(rng.randrange(0, 40)))
            elif what == "cut":
                frames[at] = frames[at][: rng.randrange(len(frames[at]) or 1)]
            else:
                frames[at] = rng.randbytes(len(frames[at]))
            yield f"random #{i}: {what} frame {at}", frames, False

    def replay(self, channel):
        """A valid request runs once; the same frames sent again must not run."""
        frames = self.signed(self.execute("replayRuns++;"))
        self.valid_ids.add(json.loads(frames[2])["msg_id"])
        self.raw[channel].send_multipart(frames)
        first = self.raw_reply(channel, 30)
        self.send("replay of a valid request (original: " + first + ")", channel, frames)

    def raw_tcp(self):
        """Bytes that are not ZeroMQ at all, to every port."""
        for channel in ("shell", "control", "stdin", "hb", "iopub"):
            port = getattr(self.km, channel + "_port")
            for data in (b"GET / HTTP/1.1\r\nHost: x\r\n\r\n", bytes(range(256)) * 4, b"\xff" + b"\x00" * 8 + b"\x7f"):
                try:
                    with socket.create_connection((self.km.ip, port), timeout=2) as s:
                        s.sendall(data)
                        time.sleep(0.05)
                except OSError:
                    pass
            ok, seconds = self.probe()
            self.cases.append({"kind": "raw TCP bytes, not ZeroMQ", "channel": channel, "outcome": "no reply",
                               "next_ok": ok, "next_seconds": round(seconds, 3)})

    def heartbeat(self):
        """Garbage and multipart pings to the heartbeat; then a real ping must still be echoed."""
        dealer = self.ctx.socket(zmq.DEALER)
        dealer.setsockopt(zmq.LINGER, 0)
        dealer.connect(self.address("hb"))
        dealer.send_multipart([b"no empty envelope frame"])
        dealer.send_multipart([b"", b"ping", b"two", b"three"])  # a multipart ping
        echoed = dealer.poll(3000) and dealer.recv_multipart()
        dealer.close()
        self.cases.append({"kind": "multipart ping and a ping without envelope", "channel": "hb",
                           "outcome": "echoed " + str(echoed[1:] if echoed else None), "next_ok": self.probe()[0],
                           "next_seconds": 0})
        req = self.ctx.socket(zmq.REQ)
        req.setsockopt(zmq.LINGER, 0)
        req.connect(self.address("hb"))
        req.send(b"ping")
        ok = bool(req.poll(3000)) and req.recv() == b"ping"
        req.close()
        return ok

    def iopub_junk(self):
        """An XSUB peer sending subscription-like and other frames to the PUB socket."""
        xsub = self.ctx.socket(zmq.XSUB)
        xsub.setsockopt(zmq.LINGER, 0)
        xsub.connect(self.address("iopub"))
        for frame in (b"\x01", b"\x01" + b"t" * 1000, b"\x00nothing", b"\x05junk", b"", b"\xff" * 64):
            xsub.send(frame)
        time.sleep(0.2)
        xsub.close()
        ok, seconds = self.probe()
        self.cases.append({"kind": "junk subscriptions and frames", "channel": "iopub", "outcome": "no reply",
                           "next_ok": ok, "next_seconds": round(seconds, 3)})

    def stdin(self):
        """Junk on the stdin port while a cell waits for input: the cell must get the real answer."""
        self.raw["stdin"].send_multipart([b"early garbage"])
        msg_id = self.client.execute("new java.util.Scanner(System.in).nextLine()", allow_stdin=True)
        self.valid_ids.add(msg_id)
        request = self.client.get_stdin_msg(timeout=30)
        junk = [[b"garbage"], [DELIM, b"0" * 64] + self.signed(self.message("input_reply", {"value": "forged"}))[2:6],
                self.signed(self.session.msg("input_reply", {"value": "stale"},  # answers another request
                                             parent=self.message("input_request", {"prompt": ""})["header"])),
                self.signed_parts(json.dumps(dict(self.message("input_reply", {})["header"]), default=str).encode(),
                                  json.dumps(request["header"], default=str).encode(), b"{}", b'{"value": 5}')]
        for frames in junk:
            self.raw["stdin"].send_multipart(frames)
        time.sleep(0.5)
        self.client.input("the real answer")
        value = None
        while True:
            msg = self.client.get_iopub_msg(timeout=30)
            self.iopub.append(msg)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "execute_result":
                value = msg["content"]["data"]["text/plain"]
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                break
        self.cases.append({"kind": "garbage, forged, stale and ill-typed input_reply while input is pending",
                           "channel": "stdin", "outcome": "cell read " + str(value), "next_ok": self.probe()[0],
                           "next_seconds": 0})
        return value

    def run(self, random_count):
        assert self.value("int fuzzRuns = 0; int replayRuns = 0; fuzzRuns + replayRuns") == "0"
        rng = random.Random(20)
        for channel in ("shell", "control"):
            for kind, frames, expect_reply in self.malformed(channel):
                self.send(kind, channel, frames, expect_reply)
            for kind, frames, expect_reply in self.random_cases(channel, random_count, rng):
                self.send(kind, channel, frames, expect_reply)
            self.replay(channel)
        for kind, frames, _ in list(self.malformed("stdin"))[:22]:  # frame and JSON damage, unknown types
            self.send(kind, "stdin", frames)
        self.raw_tcp()
        heartbeat_ok = self.heartbeat()
        self.iopub_junk()
        stdin_value = self.stdin()
        counters = self.value('fuzzRuns + " " + replayRuns')
        # every execute_input on iopub belongs to a request the test sent validly
        while True:
            try:
                self.iopub.append(self.client.get_iopub_msg(timeout=0.5))
            except Empty:
                break
        unexpected = [m["parent_header"].get("msg_id") for m in self.iopub
                      if m["msg_type"] == "execute_input" and m["parent_header"].get("msg_id") not in self.valid_ids]
        report = {"cases": self.cases, "counters": counters, "stdin": stdin_value, "heartbeat_ok": heartbeat_ok,
                  "unexpected_execute_inputs": unexpected}
        return report

    def close(self):
        for sock in self.raw.values():
            sock.close()
        self.client.stop_channels()
        self.km.shutdown_kernel(now=False)
        alive = self.km.is_alive()
        self.stderr.close()
        self.ctx.term()
        return alive


def main():
    fuzzer = Fuzzer(sys.argv[1], sys.argv[2])
    random_count = int(sys.argv[3]) if len(sys.argv) > 3 else 20
    try:
        report = fuzzer.run(random_count)
        key = fuzzer.session.key
    finally:
        report_alive = fuzzer.close()
    with open(sys.argv[2], "rb") as f:
        log = f.read()
    report["key_in_log"] = bool(key) and key in log
    report["alive_after_shutdown"] = report_alive
    json.dump(report, sys.stdout, indent=1)


if __name__ == "__main__":
    main()
