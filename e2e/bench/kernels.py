#!/usr/bin/python3
"""Methodic against ipykernel, side by side, through jupyter_client.

usage: /usr/bin/python3 e2e/bench/kernels.py [--starts N] [--cells N]

Both kernels must be installed as kernelspecs ("methodic" by `methodic
install`, "python3" by Debian's python3-ipykernel). For each kernel it
measures, alternating the two so that a busy machine affects both alike:

  start-up   launching the process until kernel_info_reply arrives, and
             until the reply to a first trivial cell sent right after it
             (Methodic answers kernel_info while its interpreter starts)
  trivial    round trip of a trivial cell (x := 1, x = 1), p50, four ways:
             - blocking client, execute(reply=True): execute_request sent
               until its execute_reply is back
             - blocking client, until the status idle that ends the cell
               (p50 and p90)
             - jupyter_client's Session on plain synchronous sockets, to
               the reply and to idle: the least a Python client of
               jupyter_client spends (no event loop per call)
             - at the wire: pyzmq sends a signed request made beforehand
               and waits for the reply's frames and the idle's frames,
               without parsing them: the kernel and the transport alone
  memory     resident set size of the kernel process after start-up and
             after the cells (VmRSS from /proc)

and prints the figures with the ratio methodic / ipykernel. The last
line is what jupyter_client's Session spends on a trivial cell with no
kernel and no network at all: signing and serialising one request and
verifying and parsing the four messages that come back (busy,
execute_input, execute_reply, idle). No kernel can answer a Session
client faster than that.
"""
import argparse
import hashlib
import hmac
import json
import statistics
import time
import uuid

import zmq

from jupyter_client.manager import KernelManager

CODE = {"methodic": "x := 1", "python3": "x = 1"}


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def start(name):
    """Start a kernel; return it with the time from launching the process
    to the arrival of the reply to a kernel_info_request sent at once (the
    request waits in ZeroMQ's queue until the kernel's socket is bound).
    jupyter_client's wait_for_ready is called after the clock stops: it
    adds fixed waits of its own (0.2 s of IOPub flushing) that belong to
    neither kernel."""
    km = KernelManager(kernel_name=name)
    t0 = time.perf_counter()
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    msg_id = kc.kernel_info()
    while True:
        reply = kc.get_shell_msg(timeout=60)
        if reply["parent_header"].get("msg_id") == msg_id:
            break
    dt = time.perf_counter() - t0
    msg_id = kc.execute(CODE[name])
    while True:
        reply = kc.get_shell_msg(timeout=60)
        if reply["parent_header"].get("msg_id") == msg_id:
            break
    dt_cell = time.perf_counter() - t0
    kc.wait_for_ready(timeout=60)
    return km, kc, dt, dt_cell


def ends(msg, msg_id):
    """Whether msg is the status idle that ends the request msg_id."""
    return (
        msg["parent_header"].get("msg_id") == msg_id
        and msg["msg_type"] == "status"
        and msg["content"]["execution_state"] == "idle"
    )


def trivial(kc, code, n):
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        msg_id = kc.execute(code)
        while True:
            if ends(kc.get_iopub_msg(timeout=30), msg_id):
                break
        times.append(time.perf_counter() - t0)
        kc.get_shell_msg(timeout=30)
    return times


def trivial_reply(kc, code, n):
    """execute(reply=True) of the blocking client: request to reply."""
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        kc.execute(code, reply=True, timeout=30)
        times.append(time.perf_counter() - t0)
    while True:  # their IOPub messages, outside the clock
        try:
            kc.get_iopub_msg(timeout=0.3)
        except Exception:
            break
    return times


def plain_sockets(km):
    """A context with a DEALER on the kernel's shell port and a SUB on its
    IOPub port, subscribed to everything."""
    info = km.get_connection_info()
    ctx = zmq.Context()
    shell = ctx.socket(zmq.DEALER)
    shell.connect(f"tcp://{info['ip']}:{info['shell_port']}")
    iopub = ctx.socket(zmq.SUB)
    iopub.setsockopt(zmq.SUBSCRIBE, b"")
    iopub.connect(f"tcp://{info['ip']}:{info['iopub_port']}")
    time.sleep(0.3)  # the subscription reaches the kernel
    return ctx, shell, iopub


def close_sockets(ctx, *socks):
    for s in socks:
        s.close(linger=0)
    ctx.term()


def trivial_session(km, code, n):
    """The trivial round trip with jupyter_client's Session (signing,
    serialising, parsing) on synchronous sockets of our own."""
    ctx, shell, iopub = plain_sockets(km)
    session = km.session
    content = {"code": code, "silent": False, "store_history": True,
               "user_expressions": {}, "allow_stdin": False, "stop_on_error": True}
    reply, idle = [], []
    try:
        for _ in range(n):
            t0 = time.perf_counter()
            msg_id = session.send(shell, "execute_request", content)["header"]["msg_id"]
            session.recv(shell, mode=0)
            reply.append(time.perf_counter() - t0)
            while True:
                if ends(session.recv(iopub, mode=0)[1], msg_id):
                    break
            idle.append(time.perf_counter() - t0)
    finally:
        close_sockets(ctx, shell, iopub)
    return reply, idle


def trivial_wire(km, code, n):
    """The trivial round trip at the wire: requests are made and signed
    before the clock starts, and what comes back is matched by searching
    the frames' bytes, not parsed."""
    key = km.get_connection_info()["key"]
    key = key.encode() if isinstance(key, str) else key
    ctx, shell, iopub = plain_sockets(km)
    content = json.dumps({"code": code, "silent": False, "store_history": True,
                          "user_expressions": {}, "allow_stdin": False, "stop_on_error": True}).encode()
    reply, idle = [], []
    try:
        for _ in range(n):
            msg_id = uuid.uuid4().hex
            header = json.dumps({"msg_id": msg_id, "msg_type": "execute_request", "username": "bench",
                                 "session": "bench", "date": "2026-01-01T00:00:00.000000Z",
                                 "version": "5.4"}).encode()
            frames = [header, b"{}", b"{}", content]
            sig = hmac.new(key, digestmod=hashlib.sha256)
            for f in frames:
                sig.update(f)
            frames = [b"<IDS|MSG>", sig.hexdigest().encode()] + frames
            mid = msg_id.encode()
            t0 = time.perf_counter()
            shell.send_multipart(frames)
            shell.recv_multipart()
            reply.append(time.perf_counter() - t0)
            while True:
                fr = iopub.recv_multipart()
                # frames: topic, <IDS|MSG>, signature, header, parent, metadata, content
                if mid in fr[-3] and b'"idle"' in fr[-1]:
                    break
            idle.append(time.perf_counter() - t0)
    finally:
        close_sockets(ctx, shell, iopub)
    return reply, idle


def session_floor(n=2000):
    """jupyter_client's Session work for one trivial cell, no kernel: sign
    and serialise the request, verify and parse the four replies."""
    from jupyter_client.session import Session
    s = Session(key=b"bench-key")
    content = {"code": "x := 1", "silent": False, "store_history": True,
               "user_expressions": {}, "allow_stdin": False, "stop_on_error": True}
    parent = s.msg("execute_request", content)
    back = [s.serialize(s.msg(t, c, parent=parent)) for t, c in [
        ("status", {"execution_state": "busy"}),
        ("execute_input", {"code": "x := 1", "execution_count": 1}),
        ("execute_reply", {"status": "ok", "execution_count": 1, "payload": [], "user_expressions": {}}),
        ("status", {"execution_state": "idle"}),
    ]]
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        s.serialize(s.msg("execute_request", content))
        for frames in back:
            s.digest_history.clear()  # the same four messages each time
            _, msg_frames = s.feed_identities(frames)
            s.deserialize(msg_frames)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--starts", type=int, default=5)
    ap.add_argument("--cells", type=int, default=500)
    args = ap.parse_args()
    keys = ["start", "first", "reply", "cells", "session_reply", "session", "wire_reply", "wire_idle", "rss0", "rss1"]
    res = {k: {key: [] for key in keys} for k in CODE}
    for _ in range(args.starts):
        for name in CODE:
            km, kc, dt, dt_cell = start(name)
            pid = km.provisioner.process.pid
            time.sleep(0.2)
            res[name]["start"].append(dt)
            res[name]["first"].append(dt_cell)
            res[name]["rss0"].append(rss_mb(pid))
            n = args.cells // args.starts
            res[name]["reply"] += trivial_reply(kc, CODE[name], n)
            res[name]["cells"] += trivial(kc, CODE[name], n)
            r, i = trivial_session(km, CODE[name], n)
            res[name]["session_reply"] += r
            res[name]["session"] += i
            r, i = trivial_wire(km, CODE[name], n)
            res[name]["wire_reply"] += r
            res[name]["wire_idle"] += i
            res[name]["rss1"].append(rss_mb(pid))
            kc.stop_channels()
            km.shutdown_kernel(now=True)

    def row(label, f, unit):
        m, p = f(res["methodic"]), f(res["python3"])
        print(f"{label:<28} {m:>10.3f} {p:>10.3f} {unit:<4} ratio {m / p:6.3f}")

    q = lambda xs, p: statistics.quantiles(xs, n=100)[p - 1]
    print(f"{'':<28} {'methodic':>10} {'ipykernel':>10}")
    row("start-up to kernel_info (med)", lambda r: statistics.median(r["start"]) * 1000, "ms")
    row("start-up to first cell (med)", lambda r: statistics.median(r["first"]) * 1000, "ms")
    row("trivial p50, reply", lambda r: q(r["reply"], 50) * 1000, "ms")
    row("trivial p50, idle", lambda r: q(r["cells"], 50) * 1000, "ms")
    row("trivial p90, idle", lambda r: q(r["cells"], 90) * 1000, "ms")
    row("trivial p50, Session reply", lambda r: q(r["session_reply"], 50) * 1000, "ms")
    row("trivial p50, Session idle", lambda r: q(r["session"], 50) * 1000, "ms")
    row("trivial p50, wire reply", lambda r: q(r["wire_reply"], 50) * 1000, "ms")
    row("trivial p50, wire idle", lambda r: q(r["wire_idle"], 50) * 1000, "ms")
    row("RSS after start-up (med)", lambda r: statistics.median(r["rss0"]), "MB")
    row(f"RSS after {args.cells // args.starts * 4} cells (med)", lambda r: statistics.median(r["rss1"]), "MB")
    print(f"{'Session floor (no kernel)':<28} {session_floor() * 1000:>10.3f} {'':>10} ms")


if __name__ == "__main__":
    main()
