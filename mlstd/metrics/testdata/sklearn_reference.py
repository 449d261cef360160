#!/usr/bin/python3
"""Reference values for mlstd/metrics, computed with scikit-learn.

Run with Debian's python3 (scikit-learn 1.2.1, numpy 1.24):

    /usr/bin/python3 sklearn_reference.py > sklearn_reference.json

Every input is generated here from fixed seeds and written to the JSON next
to the values, so the Go tests read both from one file. The data has ties,
weights (including zero weights) and class imbalance. Where scikit-learn has
no function (specificity, operating points, costs, coverage), the values
are computed by brute force over every threshold with scikit-learn's
confusion_matrix, precision_score and recall_score, independently of how
the Go code finds them.
"""
import json
import sys
import warnings

import numpy as np
import sklearn
from sklearn import metrics as M


def floats(a):
    return [float(x) for x in np.asarray(a, dtype=float).ravel()]


def ints(a):
    return [int(x) for x in np.asarray(a).ravel()]


# ---------------------------------------------------------------- binary data

def binary_cases():
    cases = []

    rs = np.random.RandomState(1)
    n = 400
    y = (rs.rand(n) < 0.15).astype(int)
    s = np.round(np.clip(0.3 * y + rs.normal(0.35, 0.2, n), 0, 1), 1)
    w = np.round(rs.uniform(0.1, 3.0, n), 3)
    w[rs.rand(n) < 0.05] = 0.0
    cases.append(("weighted heavy ties, 15% positives", y, s, w))

    rs = np.random.RandomState(2)
    n = 500
    y = (rs.rand(n) < 0.2).astype(int)
    s = np.round(rs.beta(2 + 3 * y, 5 - 2 * y), 2)
    cases.append(("unweighted ties, 20% positives", y, s, None))

    rs = np.random.RandomState(3)
    n = 300
    y = (rs.rand(n) < 0.05).astype(int)
    s = rs.normal(1.5 * y, 1.0)  # logits, negative and positive, no ties
    s[:20] = 0.0
    s[20:30] = -0.0
    w = rs.exponential(1.0, n)
    cases.append(("weighted logits, 5% positives, zeros of both signs", y, s, w))

    rs = np.random.RandomState(4)
    n = 200
    y = (rs.rand(n) < 0.5).astype(int)
    s = np.round(rs.rand(n) * 0.5 + 0.5 * y, 2)
    w = rs.randint(1, 4, n).astype(float)
    cases.append(("integer weights, balanced", y, s, w))

    rs = np.random.RandomState(6)
    n = 120
    y = (rs.rand(n) < 0.4).astype(int)
    s = rs.rand(n)
    w = np.full(n, 0.1)  # running sums of 0.1 round: which ROC points are dropped depends on the order of addition
    cases.append(("constant weights 0.1, no ties", y, s, w))

    y = np.array([0, 0, 1, 1])
    s = np.array([0.1, 0.4, 0.35, 0.8])
    cases.append(("scikit-learn docstring", y, s, None))

    y = np.array([1, 0, 1, 1, 0, 1, 0, 0])
    s = np.array([0.9, 0.9, 0.9, 0.5, 0.5, 0.2, 0.2, 0.2])
    cases.append(("all ties in groups", y, s, None))

    rs = np.random.RandomState(5)
    n = 1000
    y = (rs.rand(n) < 0.3).astype(int)
    s = rs.rand(n) * 0.7 + 0.3 * y * rs.rand(n)
    w = rs.uniform(0, 1, n)
    cases.append(("weighted, no ties", y, s, w))
    return cases


def brute_operating_points(y, s, w):
    """Every distinct threshold's precision and recall from scratch."""
    thr = np.unique(s)  # increasing
    if w is not None:
        thr = np.unique(s[w != 0])
    P, R = [], []
    for t in thr:
        pred = (s >= t).astype(int)
        P.append(M.precision_score(y, pred, sample_weight=w, zero_division=0))
        R.append(M.recall_score(y, pred, sample_weight=w, zero_division=0))
    return thr, np.array(P), np.array(R)


def fbeta(p, r, beta):
    if np.isposinf(beta):
        return r  # scikit-learn's F-beta at beta = inf is the recall
    b2 = beta * beta
    d = b2 * p + r
    return np.where(d == 0, 0.0, (1 + b2) * p * r / np.where(d == 0, 1, d))


def best(indices, keys):
    """Index in indices maximising keys (a tuple per index), last on ties."""
    out = None
    for i in indices:
        if out is None or keys(i) >= keys(out):
            out = i
    return out


# F-beta for these betas: 0 gives the precision, inf the recall.
BETAS = (1.0, 0.5, 2.0, 0.0, np.inf)

COSTS = {
    # positive = spam: a real message lost in the spam folder costs 10,
    # a spam in the inbox 1.
    "spam": dict(TN=0.0, FP=10.0, FN=1.0, TP=0.0),
    # positive = poisonous: eating a poisonous mushroom costs 1000,
    # discarding an edible one 1, and inspecting a flagged one 0.5.
    "mushroom": dict(TN=0.0, FP=1.0, FN=1000.0, TP=0.5),
    "equal": dict(TN=0.0, FP=1.0, FN=1.0, TP=0.0),
}


def brute_min_cost(y, s, w, c):
    cm_cost = np.array([[c["TN"], c["FP"]], [c["FN"], c["TP"]]])
    thr = np.unique(s if w is None else s[w != 0])[::-1]  # decreasing
    best_t, best_v = np.inf, None
    for t in np.r_[np.inf, thr]:
        pred = (s >= t).astype(int)
        cm = M.confusion_matrix(y, pred, labels=[0, 1], sample_weight=w)
        v = float((cm * cm_cost).sum() / cm.sum())
        if best_v is None or v < best_v - 1e-12 * max(1.0, abs(best_v)):
            best_t, best_v = t, v
    return best_t, best_v


def binary_reference():
    out = []
    for name, y, s, w in binary_cases():
        kw = {} if w is None else {"sample_weight": w}
        p, r, t = M.precision_recall_curve(y, s, **kw)
        fpr, tpr, rt = M.roc_curve(y, s, **kw)
        case = {
            "name": name,
            "y": ints(y),
            "scores": floats(s),
            "weights": None if w is None else floats(w),
            "pr": {"precision": floats(p), "recall": floats(r), "thresholds": floats(t)},
            "ap": float(M.average_precision_score(y, s, **kw)),
            # scikit-learn 1.2 puts max+1 first; the Go curve puts +Inf.
            "roc": {"fpr": floats(fpr), "tpr": floats(tpr), "thresholds": floats(rt[1:])},
            "auc": float(M.roc_auc_score(y, s, **kw)),
        }
        # Hard predictions at 0.5 (scores of the logits case at 0).
        cut = 0.0 if s.min() < 0 else 0.5
        pred = (s >= cut).astype(int)
        case["cut"] = cut
        case["confusion"] = floats(M.confusion_matrix(y, pred, labels=[0, 1], **kw))
        prfs = M.precision_recall_fscore_support(y, pred, average="binary", **kw)
        case["binary_scores"] = floats(prfs[:3])
        case["binary_f"] = {"%g" % beta: float(M.fbeta_score(y, pred, beta=beta, average="binary", **kw))
                            for beta in BETAS}
        tn, fp, fn, tp = M.confusion_matrix(y, pred, labels=[0, 1], **kw).ravel()
        case["binary_specificity"] = float(tn / (tn + fp))
        if s.min() >= 0 and s.max() <= 1:
            case["log_loss"] = float(M.log_loss(y, s, labels=[0, 1], **kw))

        # Operating points by brute force.
        thr, P, R = brute_operating_points(y, s, w)
        ops = {}
        for beta in BETAS:
            F = fbeta(P, R, beta)
            i = best(range(len(thr)), lambda i: F[i])
            ops["maxF%g" % beta] = [float(thr[i]), float(P[i]), float(R[i])]
        for target in (0.5, 0.8, 0.95):
            ok = [i for i in range(len(thr)) if P[i] >= target]
            i = best(ok, lambda i: (R[i], P[i]))
            ops["precision>=%g" % target] = None if i is None else [float(thr[i]), float(P[i]), float(R[i])]
        for target in (0.5, 0.8, 0.95):
            ok = [i for i in range(len(thr)) if R[i] >= target]
            i = best(ok, lambda i: (P[i], R[i]))
            # best() keeps the last index on ties, the higher threshold;
            # ties in (P, R) mean the same point anyway.
            ops["recall>=%g" % target] = None if i is None else [float(thr[i]), float(P[i]), float(R[i])]
        case["operating_points"] = ops
        case["min_cost"] = {}
        for cname, c in COSTS.items():
            t, v = brute_min_cost(y, s, w, c)
            case["min_cost"][cname] = {"threshold": float(t) if np.isfinite(t) else "+Inf", "cost": v}
        out.append(case)
    return out


def pr_only_reference():
    # No negatives: the PR curve is defined (precision 1), ROC is not.
    y = np.array([1, 1, 1, 1])
    s = np.array([0.2, 0.4, 0.4, 0.9])
    p, r, t = M.precision_recall_curve(y, s)
    return {"y": ints(y), "scores": floats(s), "precision": floats(p), "recall": floats(r),
            "thresholds": floats(t), "ap": float(M.average_precision_score(y, s))}


# ------------------------------------------------------------ multiclass data

def multiclass_cases():
    cases = []
    rs = np.random.RandomState(10)
    n = 600
    labels = np.array([-1, 2, 5, 7])
    yi = rs.choice(4, size=n, p=[0.6, 0.25, 0.1, 0.05])
    noise = rs.rand(n)
    pi = np.where(noise < 0.7, yi, rs.choice(4, size=n, p=[0.4, 0.4, 0.2, 0.0]))
    y, pred = labels[yi], labels[pi]
    pred[:3] = 11  # a class that is predicted but never true
    w = np.round(rs.uniform(0.2, 2.0, n), 2)
    w[rs.rand(n) < 0.03] = 0.0
    cases.append(("4 classes + 1 predicted only, weighted", y, pred, w, None))

    rs = np.random.RandomState(11)
    n = 300
    y = rs.choice(3, size=n, p=[0.5, 0.3, 0.2])
    pred = np.where(rs.rand(n) < 0.6, y, 0)  # class 1 and 2 under-predicted
    pred[pred == 2] = 0  # class 2 never predicted: precision ill-defined
    cases.append(("3 classes, one never predicted, unweighted", y, pred, None, None))

    rs = np.random.RandomState(12)
    n = 200
    y = rs.choice([0, 1, 3], size=n)
    pred = np.where(rs.rand(n) < 0.5, y, rs.choice([0, 1, 3], size=n))
    cases.append(("explicit labels with an absent class", y, pred, None, [3, 2, 1, 0]))
    return cases


def per_class_specificity(y, pred, w, labels):
    mcm = M.multilabel_confusion_matrix(y, pred, sample_weight=w, labels=labels)
    tn, fp, fn, tp = mcm[:, 0, 0], mcm[:, 0, 1], mcm[:, 1, 0], mcm[:, 1, 1]
    den = tn + fp
    spec = np.where(den == 0, 0.0, tn / np.where(den == 0, 1, den))
    support = tp + fn
    return spec, tn, fp, support


def multiclass_reference():
    out = []
    for name, y, pred, w, labels in multiclass_cases():
        kw = {} if w is None else {"sample_weight": w}
        labs = labels if labels is not None else sorted(set(ints(y)) | set(ints(pred)))
        case = {
            "name": name,
            "y": ints(y),
            "pred": ints(pred),
            "weights": None if w is None else floats(w),
            "labels_given": labels,
            "labels": [int(v) for v in labs],
            "confusion": {},
            "accuracy": float(M.accuracy_score(y, pred, **kw)),
            "balanced_accuracy": float(M.balanced_accuracy_score(y, pred, **kw)),
        }
        for norm in (None, "true", "pred", "all"):
            cm = M.confusion_matrix(y, pred, labels=labs, normalize=norm, **kw)
            case["confusion"][str(norm)] = floats(cm)
        spec, tn, fp, support = per_class_specificity(y, pred, w, labs)
        case["specificity"] = {
            "per_class": floats(spec),
            "macro": float(spec.mean()),
            "weighted": float(np.average(spec, weights=support)),
            "micro": float(tn.sum() / (tn.sum() + fp.sum())),
        }
        scores = {}
        for beta in BETAS:
            for avg in (None, "micro", "macro", "weighted"):
                p, r, f, s = M.precision_recall_fscore_support(
                    y, pred, beta=beta, average=avg, labels=labs, zero_division=0, **kw)
                key = "%s beta=%g" % (avg, beta)
                if avg is None:
                    scores[key] = {"precision": floats(p), "recall": floats(r), "f": floats(f), "support": floats(s)}
                else:
                    scores[key] = {"precision": float(p), "recall": float(r), "f": float(f)}
        case["scores"] = scores
        rep = M.classification_report(y, pred, labels=labs, output_dict=True, zero_division=0, **kw)
        case["report"] = {k: ({kk: float(vv) for kk, vv in v.items()} if isinstance(v, dict) else float(v))
                          for k, v in rep.items()}
        # A cost matrix (rows true, columns predicted) and its expected cost.
        k = len(labs)
        rs = np.random.RandomState(20 + k)
        cost = np.round(rs.uniform(1, 10, (k, k)), 1)
        np.fill_diagonal(cost, 0)
        cm = M.confusion_matrix(y, pred, labels=labs, **kw)
        case["cost_matrix"] = floats(cost)
        case["expected_cost"] = float((cm * cost).sum() / cm.sum())
        out.append(case)
    return out


def proba_reference():
    """Multiclass probabilities: log loss, min-cost decisions, coverage."""
    rs = np.random.RandomState(30)
    n, k = 250, 4
    y = rs.choice(k, size=n, p=[0.4, 0.3, 0.2, 0.1])
    logits = rs.normal(0, 1, (n, k))
    logits[np.arange(n), y] += 1.2
    proba = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    proba = np.round(proba, 2)  # ties in confidence; rows no longer sum to 1
    proba[0] = [1.0, 0.0, 0.0, 0.0]  # clipping
    proba[1, y[1]] = 0.0
    w = np.round(rs.uniform(0.5, 1.5, n), 2)
    cost = np.array([[0, 1, 1, 1], [5, 0, 1, 1], [5, 5, 0, 1], [50, 50, 50, 0]], dtype=float)
    ref = {
        "y": ints(y),
        "proba": floats(proba),
        "k": k,
        "weights": floats(w),
        "log_loss": float(M.log_loss(y, proba, labels=list(range(k)))),
        "log_loss_weighted": float(M.log_loss(y, proba, labels=list(range(k)), sample_weight=w)),
        "cost_matrix": floats(cost),
        "min_cost_predict": ints(np.argmin(proba @ cost, axis=1)),
    }
    # Coverage by brute force: answer when confidence >= t.
    pred = np.argmax(proba, axis=1)
    conf = proba.max(axis=1)
    correct = (pred == y).astype(float)
    for key, ww in (("coverage", None), ("coverage_weighted", w)):
        wv = np.ones(n) if ww is None else ww
        thr = np.unique(conf)[::-1]
        cov, acc = [], []
        for t in thr:
            m = conf >= t
            cov.append(wv[m].sum() / wv.sum())
            acc.append((wv * correct)[m].sum() / wv[m].sum())
        ref[key] = {"thresholds": floats(thr), "coverage": floats(cov), "accuracy": floats(acc),
                    "full_accuracy": float(M.accuracy_score(y, pred, sample_weight=ww))}
    return ref


def edge_reference():
    """Weights at the edges of float64."""
    y = np.array([0, 1, 1, 2, 2, 2, 0, 1])
    pred = np.array([0, 1, 2, 2, 2, 0, 0, 0])
    out = {"y": ints(y), "pred": ints(pred)}
    # Weights whose total is below 1/MaxFloat64 (5.6e-309): dividing by
    # the total works, multiplying by its reciprocal overflows.
    w = np.array([1, 2, 3, 1, 2, 3, 1, 2]) * 1e-310
    out["tiny"] = {
        "weights": floats(w),
        "confusion_all": floats(M.confusion_matrix(y, pred, sample_weight=w, normalize="all")),
        "accuracy": float(M.accuracy_score(y, pred, sample_weight=w)),
        "f1_macro": float(M.f1_score(y, pred, sample_weight=w, average="macro")),
    }
    # Weights whose sum overflows: scikit-learn's numbers are NaN or inf
    # (with warnings), which the Go functions refuse to return.
    w = np.full(len(y), 1e308)
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        got = {
            "confusion_all": M.confusion_matrix(y, pred, sample_weight=w, normalize="all").ravel(),
            "accuracy": [M.accuracy_score(y, pred, sample_weight=w)],
            "f1_macro": [M.f1_score(y, pred, sample_weight=w, average="macro")],
        }
    out["huge"] = {"weights": floats(w), "sklearn": {k: [repr(float(x)) for x in v] for k, v in got.items()}}
    return out


def main():
    ref = {
        "versions": {"sklearn": sklearn.__version__, "numpy": np.__version__},
        "binary": binary_reference(),
        "pr_no_negatives": pr_only_reference(),
        "multiclass": multiclass_reference(),
        "proba": proba_reference(),
        "edge": edge_reference(),
    }
    json.dump(ref, sys.stdout, sort_keys=True, indent=1, allow_nan=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
