"""A session with %%compile cells through jupyter_client.

Compiles a cell, calls it from an interpreted cell, passes a slice both
ways, interrupts a compiled loop that never looks at ctx (after it says
it started, on stdout), and checks that the session goes on. Prints one
JSON line, RESULT {...}; exits non-zero when a check fails.
"""
import json
import sys
import time

from jupyter_client.manager import start_new_kernel

TIMEOUT = 300  # the first compile of a machine builds the kernel's packages
km, kc = start_new_kernel(kernel_name="methodic", startup_timeout=60)
result = {}


def reply_for(msg_id, timeout=TIMEOUT):
    while True:
        reply = kc.get_shell_msg(timeout=timeout)
        if reply["parent_header"].get("msg_id") == msg_id:
            return reply


def run(code, timeout=TIMEOUT):
    """Executes code; returns the reply content, the text/plain result
    and the streamed text, once the kernel is idle again."""
    msg_id = kc.execute(code)
    reply = reply_for(msg_id, timeout)
    value, streams = None, ""
    while True:
        msg = kc.get_iopub_msg(timeout=timeout)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        t = msg["msg_type"]
        if t == "execute_result":
            value = msg["content"]["data"]["text/plain"]
        elif t == "stream":
            streams += msg["content"]["text"]
        elif t == "status" and msg["content"]["execution_state"] == "idle":
            return reply["content"], value, streams


try:
    t0 = time.monotonic()
    c, _, streams = run("%%compile\n"
                        "func pairSum(xs []float64) (s float64) {\n"
                        "\tfor i := range xs {\n"
                        "\t\tfor j := i + 1; j < len(xs); j++ {\n"
                        "\t\t\ts += xs[i] * xs[j]\n"
                        "\t\t}\n"
                        "\t}\n"
                        "\treturn s\n"
                        "}\n\n"
                        "func double(xs []float64) {\n"
                        "\tfor i := range xs {\n"
                        "\t\txs[i] *= 2\n"
                        "\t}\n"
                        "}\n")
    result["first_compile_s"] = time.monotonic() - t0
    assert c["status"] == "ok", c
    assert "compiled in" in streams, streams

    c, v, _ = run("xs := []float64{1, 2, 3}\npairSum(xs)")
    assert c["status"] == "ok", c
    assert v == "11", v
    c, v, _ = run("double(xs)\nxs")
    assert c["status"] == "ok" and v == "[2 4 6]", (c, v)

    t0 = time.monotonic()
    c, _, _ = run("%%compile\n"
                  "import \"fmt\"\n\n"
                  "func spin() int {\n"
                  "\tfmt.Println(\"spinning\")\n"
                  "\tn := 0\n"
                  "\tfor {\n"
                  "\t\tn++\n"
                  "\t}\n"
                  "}\n")
    result["second_compile_s"] = time.monotonic() - t0
    assert c["status"] == "ok", c

    msg_id = kc.execute("spin()")
    while True:  # wait until the compiled loop says it runs
        msg = kc.get_iopub_msg(timeout=TIMEOUT)
        if (msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "stream"
                and "spinning" in msg["content"]["text"]):
            break
    t0 = time.monotonic()
    km.interrupt_kernel()
    reply = reply_for(msg_id, timeout=30)
    result["interrupt_s"] = time.monotonic() - t0
    assert reply["content"]["status"] == "error", reply["content"]
    assert reply["content"]["ename"] == "Interrupted", reply["content"]

    c, v, _ = run("pairSum(xs)")
    assert c["status"] == "ok" and v == "44", (c, v)

    c, _, _ = run("%%compile\nfunc broken() int {\n\treturn \"x\"\n}\n")
    assert c["status"] == "error" and c["ename"] == "CompileError", c
    assert "line 3" in c["evalue"], c
finally:
    kc.stop_channels()
    km.shutdown_kernel(now=True)

print("RESULT " + json.dumps(result))
sys.stdout.flush()
