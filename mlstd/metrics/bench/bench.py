#!/usr/bin/python3
"""scikit-learn's side of the mlstd/metrics benchmark (see main.go).

Usage: bench.py DIR REPS. DIR holds the raw little-endian arrays main.go
wrote (y.i64, s.f64, w.f64, pred.i64, ym.i64, pm.i64). Prints a JSON object:
for each operation, the wall times of REPS runs in milliseconds and the
peak memory numpy allocated during one run (tracemalloc).
"""
import json
import os
import sys
import time
import tracemalloc

import numpy as np
from sklearn import metrics as M


def load(d, name, dtype):
    return np.fromfile(os.path.join(d, name), dtype=dtype)


def main():
    d, reps = sys.argv[1], int(sys.argv[2])
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
    out = {}
    for name, f in ops.items():
        f()  # warm up
        times = []
        for _ in range(reps):
            t0 = time.perf_counter()
            f()
            times.append((time.perf_counter() - t0) * 1e3)
        tracemalloc.start()
        f()
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        out[name] = {"ms": times, "peak_bytes": peak}
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
