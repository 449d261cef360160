#!/usr/bin/python3
"""Methodic against ipykernel, side by side, through jupyter_client.

usage: /usr/bin/python3 e2e/bench/kernels.py [--starts N] [--cells N]

Both kernels must be installed as kernelspecs ("methodic" by `methodic
install`, "python3" by Debian's python3-ipykernel). For each kernel it
measures, alternating the two so that a busy machine affects both alike:

  start-up   launching the process until kernel_info_reply arrives, and
             until the reply to a first trivial cell sent right after it
             (Methodic answers kernel_info while its interpreter starts)
  trivial    round trip of a trivial cell: execute_request sent until the
             status idle that ends it (p50 and p90), through the blocking
             client; and p50 again through jupyter_client's Session on
             plain synchronous sockets, without the blocking client's
             event loop per call (the least a Python client spends)
  memory     resident set size of the kernel process after start-up and
             after the cells (VmRSS from /proc)

and prints the figures with the ratio methodic / ipykernel.
"""
import argparse
import statistics
import time

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


def trivial(kc, code, n):
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        msg_id = kc.execute(code)
        while True:
            msg = kc.get_iopub_msg(timeout=30)
            if (
                msg["parent_header"].get("msg_id") == msg_id
                and msg["msg_type"] == "status"
                and msg["content"]["execution_state"] == "idle"
            ):
                break
        times.append(time.perf_counter() - t0)
        kc.get_shell_msg(timeout=30)
    return times


def trivial_session(km, code, n):
    """The trivial round trip with jupyter_client's Session (signing,
    serialising, parsing) on synchronous sockets of our own."""
    info = km.get_connection_info()
    ctx = zmq.Context()
    shell = ctx.socket(zmq.DEALER)
    shell.connect(f"tcp://{info['ip']}:{info['shell_port']}")
    iopub = ctx.socket(zmq.SUB)
    iopub.setsockopt(zmq.SUBSCRIBE, b"")
    iopub.connect(f"tcp://{info['ip']}:{info['iopub_port']}")
    time.sleep(0.3)  # the subscription reaches the kernel
    session = km.session
    content = {"code": code, "silent": False, "store_history": True,
               "user_expressions": {}, "allow_stdin": False, "stop_on_error": True}
    times = []
    try:
        for _ in range(n):
            t0 = time.perf_counter()
            msg_id = session.send(shell, "execute_request", content)["header"]["msg_id"]
            while True:
                _, msg = session.recv(iopub, mode=0)
                if (
                    msg["parent_header"].get("msg_id") == msg_id
                    and msg["msg_type"] == "status"
                    and msg["content"]["execution_state"] == "idle"
                ):
                    break
            times.append(time.perf_counter() - t0)
            session.recv(shell, mode=0)
    finally:
        shell.close(linger=0)
        iopub.close(linger=0)
        ctx.term()
    return times


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--starts", type=int, default=5)
    ap.add_argument("--cells", type=int, default=500)
    args = ap.parse_args()
    res = {k: {"start": [], "first": [], "cells": [], "session": [], "rss0": [], "rss1": []} for k in CODE}
    for _ in range(args.starts):
        for name in CODE:
            km, kc, dt, dt_cell = start(name)
            pid = km.provisioner.process.pid
            time.sleep(0.2)
            res[name]["start"].append(dt)
            res[name]["first"].append(dt_cell)
            res[name]["rss0"].append(rss_mb(pid))
            res[name]["cells"] += trivial(kc, CODE[name], args.cells // args.starts)
            res[name]["session"] += trivial_session(km, CODE[name], args.cells // args.starts)
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
    row("trivial cell p50", lambda r: q(r["cells"], 50) * 1000, "ms")
    row("trivial cell p90", lambda r: q(r["cells"], 90) * 1000, "ms")
    row("trivial cell p50, Session", lambda r: q(r["session"], 50) * 1000, "ms")
    row("RSS after start-up (med)", lambda r: statistics.median(r["rss0"]), "MB")
    row(f"RSS after {args.cells // args.starts} cells (med)", lambda r: statistics.median(r["rss1"]), "MB")


if __name__ == "__main__":
    main()
