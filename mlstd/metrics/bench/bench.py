#!/usr/bin/python3
"""scikit-learn's side of the mlstd/metrics benchmark (see main.go).

Usage: bench.py DIR. DIR holds the raw little-endian arrays main.go wrote
(y.i64, s.f64, w.f64, pred.i64, ym.i64, pm.i64). The script then serves
main.go over stdin and stdout, one request per line, so that the two sides
take turns and see the same load on a shared machine:

    OP        run operation OP once; answer its wall and processor times
              in milliseconds
    peak OP   run OP under tracemalloc; answer the peak bytes numpy took
"""
import os
import sys
import time
import tracemalloc

import numpy as np
from sklearn import metrics as M


def load(d, name, dtype):
    return np.fromfile(os.path.join(d, name), dtype=dtype)


def main():
    d = sys.argv[1]
    y = load(d, "y.i64", "<i8")
    s = load(d, "s.f64", "<f8")
    w = load(d, "w.f64", "<f8")
    pred = load(d, "pred.i64", "<i8")
    ym = load(d, "ym.i64", "<i8")
    pm = load(d, "pm.i64", "<i8")

    def pr_ap():
        M.precision_recall_curve(y, s)
        M.average_precision_score(y, s)

    def pr_ap_weighted():
        M.precision_recall_curve(y, s, sample_weight=w)
        M.average_precision_score(y, s, sample_weight=w)

    ops = {
        "pr+ap": pr_ap,
        "pr": lambda: M.precision_recall_curve(y, s),
        "roc_auc": lambda: M.roc_auc_score(y, s),
        "roc": lambda: M.roc_curve(y, s),
        "confusion": lambda: M.confusion_matrix(y, pred),
        "confusion10": lambda: M.confusion_matrix(ym, pm),
        "pr+ap weighted": pr_ap_weighted,
    }
    print("ready", flush=True)
    for line in sys.stdin:
        req = line.strip()
        if req.startswith("peak "):
            tracemalloc.start()
            ops[req[5:]]()
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            print(peak, flush=True)
            continue
        t0, c0 = time.perf_counter(), time.process_time()
        ops[req]()
        c1, t1 = time.process_time(), time.perf_counter()
        print((t1 - t0) * 1e3, (c1 - c0) * 1e3, flush=True)


if __name__ == "__main__":
    main()
