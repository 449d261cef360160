#!/usr/bin/python3
"""Train the same networks with PyTorch and with mlstd on MNIST (and a GRU
on the 3-bit flip-flop sequences), in one run, and print the time per
epoch of each side, their ratio, both test accuracies and both peak
memories.

The networks, float32, batches of 64, the same number of threads on both
sides (--threads, default 2: torch.set_num_threads and GOMAXPROCS):

  mlp   784-128-10, ReLU, Adam at 1e-3, 3 epochs;
  conv  3x3 conv 16 (padding 1) -> ReLU -> 2x2 max pool -> 3x3 conv 32
        (padding 1) -> ReLU -> 2x2 max pool -> dense 10; Adam at 3e-3
        multiplied by 0.3 each epoch (mlstd's Exponential schedule), 3
        epochs;
  gru   one GRU layer of 32 units over 30 steps of 3 inputs, its last
        state -> dense 8 (nn.GRU(batch_first=True) + nn.Linear), Adam at
        3e-3, 3 epochs, on data.FlipFlop: 20,000 training sequences and
        4,000 test sequences, which netbench writes (-dump) so that both
        sides train on the same rows.

Both sides read the same MNIST files (GoMNIST's IDX files, pixels / 255),
shuffle every epoch, and draw their own initial weights (PyTorch's
defaults, mlstd's He initialisation). PyTorch runs a plain loop over
tensor indices (no DataLoader, the fastest loop it offers) with
OMP_WAIT_POLICY=PASSIVE, so that its idle threads do not spin on a busy
machine. mlstd runs bench/netbench as a subprocess.

Run from the repository root:

    /usr/bin/python3 mlstd/models/bench/nets_vs_pytorch.py [--only mlp|conv|gru] [--repeat N] [--threads N]

The sides alternate, each repeat trains each model once on each side,
and the medians over the repeats are printed. The machine's load average
is printed before and after: on a shared machine compare the ratios, not
the times.
"""
import argparse
import gzip
import json
import os
import statistics
import subprocess
import sys
import time

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
BIN = os.path.join("/tmp", "netbench-%d" % os.getpid())
EPOCHS = 3


def read_idx(path):
    with gzip.open(path, "rb") as f:
        raw = f.read()
    ndim = raw[3]
    dims = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def mnist():
    moddir = subprocess.run(["go", "env", "GOMODCACHE"], capture_output=True, text=True, check=True).stdout.strip()
    d = os.path.join(moddir, "github.com/petar/!go!m!n!i!s!t@v0.0.0-20150320212226-2fbe10d0fa63/data")
    f = lambda name: read_idx(os.path.join(d, name))
    xtr = torch.tensor(f("train-images-idx3-ubyte.gz").reshape(-1, 1, 28, 28) / 255.0, dtype=torch.float32)
    ytr = torch.tensor(f("train-labels-idx1-ubyte.gz").astype(np.int64))
    xte = torch.tensor(f("t10k-images-idx3-ubyte.gz").reshape(-1, 1, 28, 28) / 255.0, dtype=torch.float32)
    yte = torch.tensor(f("t10k-labels-idx1-ubyte.gz").astype(np.int64))
    return xtr, ytr, xte, yte


def flipflop():
    """The flip-flop sets netbench -dump writes (see its doc)."""
    path = BIN + ".flipflop"
    subprocess.run([BIN, "-model", "gru", "-dump", path], check=True, cwd=ROOT)
    try:
        raw = open(path, "rb").read()
    finally:
        os.remove(path)
    sets, off = [], 0
    for _ in range(2):
        n, steps, feats = np.frombuffer(raw, dtype="<i8", count=3, offset=off)
        off += 24
        x = np.frombuffer(raw, dtype="<f4", count=n * steps * feats, offset=off).reshape(n, steps, feats)
        off += 4 * n * steps * feats
        y = np.frombuffer(raw, dtype="<i8", count=n, offset=off)
        off += 8 * n
        sets += [torch.tensor(x.copy()), torch.tensor(y.astype(np.int64))]
    return tuple(sets)


class GRUNet(nn.Module):
    def __init__(self, features, units, classes):
        super().__init__()
        self.gru = nn.GRU(features, units, batch_first=True)
        self.out = nn.Linear(units, classes)

    def forward(self, x):
        _, h = self.gru(x)
        return self.out(h[-1])


def torch_net(model):
    if model == "gru":
        return GRUNet(3, 32, 8), 3e-3, False
    if model == "mlp":
        return nn.Sequential(nn.Flatten(), nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10)), 1e-3, False
    return nn.Sequential(
        nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(32 * 7 * 7, 10)), 3e-3, True


def torch_run(model, data, seed):
    xtr, ytr, xte, yte = data
    torch.manual_seed(seed)
    net, lr0, decay = torch_net(model)
    opt = torch.optim.Adam(net.parameters(), lr=lr0)
    n = xtr.shape[0]
    wall, cpu = [], []
    for e in range(EPOCHS):
        if decay:  # mlstd's Exponential schedule, factor 0.3
            for g in opt.param_groups:
                g["lr"] = lr0 * 0.3 ** e
        t, c = time.perf_counter(), time.process_time()
        net.train()
        perm = torch.randperm(n)
        for i in range(0, n, 64):
            idx = perm[i:i + 64]
            opt.zero_grad()
            loss = F.cross_entropy(net(xtr[idx]), ytr[idx])
            loss.backward()
            opt.step()
        wall.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    net.eval()
    with torch.no_grad():
        acc = sum((net(xte[i:i + 1000]).argmax(1) == yte[i:i + 1000]).sum().item() for i in range(0, xte.shape[0], 1000)) / xte.shape[0]
    return {"epoch_seconds": wall, "epoch_cpu_seconds": cpu, "test_accuracy": acc}


def go_run(model, threads, seed):
    flags = ["-model", model, "-epochs", str(EPOCHS), "-seed", str(seed)]
    if model == "conv":
        flags += ["-lr", "0.003", "-exp", "0.3"]
    if model == "gru":
        flags += ["-lr", "0.003"]
    env = dict(os.environ, GOMAXPROCS=str(threads))
    out = subprocess.run([BIN, *flags], check=True, capture_output=True, text=True, cwd=ROOT, env=env).stdout
    return json.loads(out)


def peak_memory():
    """The peak resident memory of this process in MB (VmHWM)."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", choices=["mlp", "conv", "gru"])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    subprocess.run(["go", "build", "-o", BIN, "./mlstd/models/bench/netbench"], check=True, cwd=ROOT)
    try:
        data = {}
        if args.only in (None, "mlp", "conv"):
            data["mnist"] = mnist()
        if args.only in (None, "gru"):
            data["flipflop"] = flipflop()
        print("torch %s, %d threads, OMP_WAIT_POLICY=%s; mlstd GOMAXPROCS=%d" % (torch.__version__, torch.get_num_threads(), os.environ["OMP_WAIT_POLICY"], args.threads))
        print("load average before: %.2f %.2f %.2f" % os.getloadavg())
        rows = []
        for model in ["mlp", "conv", "gru"]:
            if args.only and model != args.only:
                continue
            tw, tc, gw, gc, tacc, gacc, grss = [], [], [], [], [], [], []
            for r in range(args.repeat):
                t = torch_run(model, data["flipflop" if model == "gru" else "mnist"], r)
                g = go_run(model, args.threads, r)
                tw.append(statistics.median(t["epoch_seconds"]))
                tc.append(statistics.median(t["epoch_cpu_seconds"]))
                tacc.append(t["test_accuracy"])
                gw.append(statistics.median(g["epoch_seconds"]))
                gc.append(statistics.median(g["epoch_cpu_seconds"]))
                gacc.append(g["test_accuracy"])
                grss.append(g["max_rss_mb"])
                print("  %s repeat %d: pytorch %.2f s/epoch (acc %.4f), mlstd %.2f s/epoch (acc %.4f), ratio %.2f (processor time %.2f); load %.2f"
                      % (model, r + 1, tw[-1], tacc[-1], gw[-1], gacc[-1], gw[-1] / tw[-1], gc[-1] / tc[-1], os.getloadavg()[0]), flush=True)
            ratios = [g / t for g, t in zip(gw, tw)]
            rows.append((model, statistics.median(tw), statistics.median(gw), statistics.median(ratios),
                         statistics.median(gc) / statistics.median(tc), statistics.median(tacc), statistics.median(gacc),
                         max(grss)))
        torch_rss = peak_memory()
        print("%-5s %14s %12s %11s %10s %8s %9s %10s" % ("model", "pytorch s/ep", "mlstd s/ep", "wall ratio", "cpu ratio", "pt acc", "mlstd acc", "mlstd MB"))
        for r in rows:
            print("%-5s %14.3f %12.3f %11.2f %10.2f %8.4f %9.4f %10.0f" % r)
        print("(ratios are mlstd/pytorch, medians over %d repeats of %d epochs; the wall ratio is the median of the" % (args.repeat, EPOCHS))
        print(" repeats' ratios; peak memory: mlstd %.0f MB (the largest run; MNIST is held as float64, 359 MB, and a float32 copy), PyTorch process %.0f MB)"
              % (max(r[7] for r in rows), torch_rss))
        print("load average after: %.2f %.2f %.2f" % os.getloadavg())
    finally:
        if os.path.exists(BIN):
            os.remove(BIN)


if __name__ == "__main__":
    sys.exit(main())
