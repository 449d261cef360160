"""Interrupt an endless cell by interrupt_request and by SIGINT.

Prints one JSON line with the measured times; exits non-zero when a check
fails.
"""
import json
import signal
import sys
import time

from jupyter_client.manager import start_new_kernel

TIMEOUT = 30
km, kc = start_new_kernel(kernel_name="methodic", startup_timeout=60)
result = {}


def execute(code, wait=True):
    msg_id = kc.execute(code)
    if not wait:
        return msg_id, None
    return msg_id, reply_for(msg_id)


def reply_for(msg_id, timeout=TIMEOUT):
    while True:
        reply = kc.get_shell_msg(timeout=timeout)
        if reply["parent_header"].get("msg_id") == msg_id:
            return reply


def wait_for_stream(msg_id, text):
    """Read IOPub until the cell msg_id has printed text."""
    seen = ""
    while text not in seen:
        msg = kc.get_iopub_msg(timeout=TIMEOUT)
        if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "stream":
            seen += msg["content"]["text"]


def interrupted_in(interrupt):
    msg_id, _ = execute('fmt.Println("running")\nn := 0\nfor {\n\tn++\n}', wait=False)
    wait_for_stream(msg_id, "running")  # the loop runs: interrupt it
    t0 = time.monotonic()
    interrupt()
    reply = reply_for(msg_id, timeout=10)
    dt = time.monotonic() - t0
    assert reply["content"]["status"] == "error", reply["content"]
    return dt


try:
    _, r = execute("state := 41")
    assert r["content"]["status"] == "ok", r["content"]

    result["interrupt_request_s"] = interrupted_in(km.interrupt_kernel)
    result["sigint_s"] = interrupted_in(lambda: km.signal_kernel(signal.SIGINT))

    _, r = execute('panic("on purpose")')
    assert r["content"]["status"] == "error", r["content"]
    assert r["content"]["ename"], r["content"]

    # The state from before the interrupts and the panic is intact.
    msg_id, r = execute("state + 1")
    assert r["content"]["status"] == "ok", r["content"]
    while True:
        msg = kc.get_iopub_msg(timeout=TIMEOUT)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "execute_result":
            result["after"] = msg["content"]["data"]["text/plain"]
            break
    assert result["after"] == "42", result
    assert km.is_alive()
finally:
    print("RESULT " + json.dumps(result))
    kc.stop_channels()
    km.shutdown_kernel(now=True)
