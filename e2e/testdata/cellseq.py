"""Run sequences of cells through jupyter_client, one kernel per sequence.

Reads a JSON file: [[{"code": ..., "timeout": seconds}, ...], ...] (a list
of sequences). Each cell runs to its execute_reply; a cell with a timeout
is interrupted (interrupt_request) when it has not replied by then. Prints
one line "RESULT " + JSON: for each sequence, the list of what each cell
did ({"name", "value", "traceback", "stdout", "stderr", "result"}); a
sequence stops early when the kernel stops answering.
"""
import json
import sys

from jupyter_client.manager import start_new_kernel

LIMIT = 60


def run_cell(km, kc, code, timeout):
    msg_id = kc.execute(code)
    got = {"name": "", "value": "", "traceback": "", "stdout": "", "stderr": "", "result": ""}
    reply = None
    interrupted = False
    wait = timeout if timeout > 0 else LIMIT
    while reply is None:
        try:
            msg = kc.get_shell_msg(timeout=wait)
        except Exception:
            if timeout > 0 and not interrupted:
                km.interrupt_kernel()
                interrupted = True
                wait = LIMIT
                continue
            got["name"] = "Hang"
            got["value"] = "no execute_reply within %ss" % wait
            return got, False
        if msg["parent_header"].get("msg_id") == msg_id:
            reply = msg
    # Everything the cell published comes before its status idle.
    while True:
        try:
            msg = kc.get_iopub_msg(timeout=LIMIT)
        except Exception:
            got["name"] = "Hang"
            got["value"] = "no status idle"
            return got, False
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        t, c = msg["msg_type"], msg["content"]
        if t == "stream":
            got[c["name"]] += c["text"]
        elif t == "execute_result":
            got["result"] = c["data"].get("text/plain", "")
        elif t == "error":
            got["name"], got["value"] = c["ename"], c["evalue"]
            got["traceback"] = "\n".join(c["traceback"])
        elif t == "status" and c["execution_state"] == "idle":
            break
    if reply["content"]["status"] == "error" and not got["name"]:
        got["name"] = reply["content"].get("ename", "Error")
        got["value"] = reply["content"].get("evalue", "")
    return got, True


def main():
    with open(sys.argv[1]) as f:
        sequences = json.load(f)
    results = []
    for cells in sequences:
        km, kc = start_new_kernel(kernel_name="methodic", startup_timeout=60)
        gots = []
        try:
            for cell in cells:
                got, alive = run_cell(km, kc, cell["code"], cell.get("timeout", 0))
                gots.append(got)
                if not alive:
                    break
        finally:
            kc.stop_channels()
            km.shutdown_kernel(now=True)
        results.append(gots)
    print("RESULT " + json.dumps(results))


main()
