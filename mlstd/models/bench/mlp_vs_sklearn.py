#!/usr/bin/python3
"""Train the same MLP with scikit-learn's MLPClassifier and with mlstd's
models.MLP, on digits and on MNIST, in one run, and print the time per
epoch of each, their ratio and both test accuracies.

The network: one hidden layer of 128 ReLU units, softmax output, Adam
(learning rate 1e-3, betas 0.9/0.999), batches of 64, L2 alpha 1e-4
(scikit-learn's convention; mlstd's L2 is alpha/batch), shuffled every
epoch, no early stopping. Digits: pixels/16, the stratified 80/20 split of
data.TrainTest with seed 0 (the Go side prints its rows), 30 epochs.
MNIST: pixels/255, the standard 60,000/10,000 split, 5 epochs. Both sides
read the same files (scikit-learn's digits CSV, GoMNIST's IDX files).

Run from the repository root:

    /usr/bin/python3 mlstd/models/bench/mlp_vs_sklearn.py [--only digits|mnist] [--repeat N]
    /usr/bin/python3 mlstd/models/bench/mlp_vs_sklearn.py --ablation [--repeat N]

--ablation times mlstd alone on MNIST (3 epochs) with each speed choice
taken away in turn: assembly (build tag purego: portable Go loops), the
second core (-workers 1), skipping zeros (-dense: 1e-6 added to every
pixel, so that no input is zero), and all three.

scikit-learn runs twice per repeat, with the BLAS threads it has (both
cores) and with one BLAS thread (threadpoolctl), and the faster of the two
counts: on a busy machine OpenBLAS's two spinning threads can be several
times slower than one, which would flatter mlstd. mlstd runs with
GOMAXPROCS goroutines (both cores). The script alternates the sides and
reports the median over --repeat runs.
"""
import argparse
import gzip
import json
import os
import statistics
import subprocess
import sys
import time
import warnings

import numpy as np
from sklearn.datasets import load_digits
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier
from threadpoolctl import threadpool_limits

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
BIN = os.path.join("/tmp", "mlpbench-%d" % os.getpid())
BIN_PUREGO = BIN + "-purego"


def go_run(data, epochs, *flags, binary=None):
    out = subprocess.run([binary or BIN, "-data", data, "-epochs", str(epochs), *flags], check=True,
                         capture_output=True, text=True, cwd=ROOT).stdout
    return json.loads(out)


def ablation(repeat):
    variants = [
        ("all choices (AVX2 asm, 2 cores, sparse)", BIN, []),
        ("portable Go loops (purego)", BIN_PUREGO, []),
        ("one core (-workers 1)", BIN, ["-workers", "1"]),
        ("no zeros to skip (-dense)", BIN, ["-dense"]),
        ("none of them", BIN_PUREGO, ["-workers", "1", "-dense"]),
    ]
    times = {name: [] for name, _, _ in variants}
    cpus = {name: [] for name, _, _ in variants}
    acc = {}
    for _ in range(repeat):
        for name, binary, flags in variants:
            g = go_run("mnist", 3, *flags, binary=binary)
            times[name].append(statistics.median(g["epoch_seconds"]))
            cpus[name].append(g["fit_cpu_seconds"] / g["epochs"])
            acc[name] = g["test_accuracy"]
    base = statistics.median(times[variants[0][0]])
    cbase = statistics.median(cpus[variants[0][0]])
    print("%-42s %8s %7s %9s %7s %9s" % ("mlstd on MNIST, 3 epochs", "s/epoch", "x base", "cpu s/ep", "x base", "accuracy"))
    for name, _, _ in variants:
        t, c = statistics.median(times[name]), statistics.median(cpus[name])
        print("%-42s %8.3f %7.2f %9.3f %7.2f %9.4f" % (name, t, t / base, c, c / cbase, acc[name]))


def read_idx(path):
    with gzip.open(path, "rb") as f:
        raw = f.read()
    ndim = raw[3]
    dims = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def mnist():
    moddir = subprocess.run(["go", "env", "GOMODCACHE"], capture_output=True, text=True, check=True).stdout.strip()
    d = os.path.join(moddir, "github.com/petar/!go!m!n!i!s!t@v0.0.0-20150320212226-2fbe10d0fa63/data")
    xtr = read_idx(os.path.join(d, "train-images-idx3-ubyte.gz")).reshape(60000, -1) / 255.0
    ytr = read_idx(os.path.join(d, "train-labels-idx1-ubyte.gz"))
    xte = read_idx(os.path.join(d, "t10k-images-idx3-ubyte.gz")).reshape(10000, -1) / 255.0
    yte = read_idx(os.path.join(d, "t10k-labels-idx1-ubyte.gz"))
    return xtr, ytr, xte, yte


def sk_run(xtr, ytr, xte, yte, epochs, seed=0):
    m = MLPClassifier(hidden_layer_sizes=(128,), activation="relu", solver="adam",
                      learning_rate_init=1e-3, batch_size=64, alpha=1e-4, max_iter=epochs,
                      shuffle=True, tol=0.0, n_iter_no_change=epochs + 1,
                      early_stopping=False, random_state=seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        t, c = time.perf_counter(), time.process_time()
        m.fit(xtr, ytr)
        dt, dc = time.perf_counter() - t, time.process_time() - c
    return dt / m.n_iter_, dc / m.n_iter_, m.score(xte, yte)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", choices=["digits", "mnist"])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--ablation", action="store_true")
    args = ap.parse_args()
    subprocess.run(["go", "build", "-o", BIN, "./mlstd/models/bench/mlpbench"], check=True, cwd=ROOT)
    subprocess.run(["go", "build", "-tags", "purego", "-o", BIN_PUREGO, "./mlstd/models/bench/mlpbench"], check=True, cwd=ROOT)
    try:
        print("load average before: %.2f %.2f %.2f" % os.getloadavg())
        if args.ablation:
            ablation(args.repeat)
            print("load average after: %.2f %.2f %.2f" % os.getloadavg())
            return
        rows = []
        for name, epochs in [("digits", 30), ("mnist", 5)]:
            if args.only and name != args.only:
                continue
            g0 = go_run(name, epochs)
            if name == "digits":
                X, y = load_digits(return_X_y=True)
                X = X / 16.0
                tr, te = np.array(g0["train_rows"]), np.array(g0["test_rows"])
                xtr, ytr, xte, yte = X[tr], y[tr], X[te], y[te]
            else:
                xtr, ytr, xte, yte = mnist()
            sk_t, sk_c, go_t, go_c, sk_acc, go_acc = [], [], [], [], [], []
            for r in range(args.repeat):
                t, c, a = sk_run(xtr, ytr, xte, yte, epochs)
                with threadpool_limits(limits=1):
                    t1, c1, _ = sk_run(xtr, ytr, xte, yte, epochs)
                sk_t.append(min(t, t1))
                sk_c.append(min(c, c1))
                sk_acc.append(a)
                g = g0 if r == 0 else go_run(name, epochs)
                go_t.append(statistics.median(g["epoch_seconds"]))
                go_c.append(g["fit_cpu_seconds"] / g["epochs"])
                go_acc.append(g["test_accuracy"])
            skm, gom = statistics.median(sk_t), statistics.median(go_t)
            skc, goc = statistics.median(sk_c), statistics.median(go_c)
            rows.append((name, epochs, skm, gom, gom / skm, goc / skc, sk_acc[0], go_acc[0]))
        print("%-7s %6s %13s %13s %10s %10s %8s %8s" % ("data", "epochs", "sklearn s/ep", "mlstd s/ep", "wall ratio", "cpu ratio", "sk acc", "mlstd acc"))
        for r in rows:
            print("%-7s %6d %13.4f %13.4f %10.3f %10.3f %8.4f %8.4f" % r)
        print("(ratios are mlstd/sklearn; cpu ratio compares processor time per epoch,")
        print(" mlstd's including loading its data into the network, so it overstates mlstd)")
        print("load average after: %.2f %.2f %.2f" % os.getloadavg())
    finally:
        for b in (BIN, BIN_PUREGO):
            if os.path.exists(b):
                os.remove(b)


if __name__ == "__main__":
    sys.exit(main())
