#!/usr/bin/python3
"""Reference coefficients of scikit-learn's LogisticRegression for
models.Logistic's test.

Reads the breast cancer data from the CSV that scikit-learn ships (the
same file mlstd/data embeds), standardises it with the population
statistics (as data.FitStandardizer does), and fits
LogisticRegression for a few values of C with a tight tolerance.

The reference uses solver="newton-cg": it reaches the optimum of the
objective (mean log loss + ||W||^2/(2 C n)) to about 1e-9. The "lbfgs"
solver, run through scipy's L-BFGS-B, also stops when the relative
decrease of the objective falls below its ftol, before reaching tol: on
standardised breast cancer with C=1 it stops about 1.1e-4 from the
optimum (checked with Newton's method), and models.Logistic, which stops
on the gradient alone, lands on the optimum. Both solvers minimise the
same objective, so the optimum is the reference. Writes JSON to stdout:

    /usr/bin/python3 testdata/logistic_sklearn.py > testdata/logistic_sklearn.json

Also fits iris (three classes, multinomial) unstandardised.

"defaults" holds what LogisticRegression(C=1) with its default tolerance
reaches on unscaled digits (pixel counts 0 to 16), trained on the first
1,500 rows: the held-out probabilities of the other 297 rows, from
newton-cg at the default tol=1e-4 (which scikit-learn applies to the
gradient of the sum of the losses, n times the mean's) and from
newton-cg at tol=1e-10, the optimum. They agree to about 1e-3. The lbfgs
solver stops early here, at its default max_iter=100 with a
ConvergenceWarning (0.57 from the optimum) and at max_iter=10000 on its
ftol (0.023 from it), so its numbers are not a reference: the optimum is.
"""
import json
import sys
import warnings

import numpy as np
import sklearn
from sklearn.datasets import load_breast_cancer, load_digits, load_iris
from sklearn.linear_model import LogisticRegression

TOL = 1e-8
out = {"sklearn": sklearn.__version__, "tol": TOL, "cases": []}
for name, loader, standardise in [("breast_cancer", load_breast_cancer, True), ("iris", load_iris, False)]:
    X, y = loader(return_X_y=True)
    if standardise:
        X = (X - X.mean(axis=0)) / X.std(axis=0)
    for C in [0.01, 1.0, 100.0]:
        m = LogisticRegression(C=C, solver="newton-cg", tol=TOL, max_iter=1000)
        with warnings.catch_warnings():
            # newton-cg's line search warns when rounding stops it at the optimum
            warnings.simplefilter("ignore")
            m.fit(X, y)
        out["cases"].append({
            "data": name,
            "standardise": standardise,
            "C": C,
            "coef": m.coef_.tolist(),
            "intercept": m.intercept_.tolist(),
            "n_iter": int(m.n_iter_[0]),
        })

X, y = load_digits(return_X_y=True)
Xtr, ytr, Xte = X[:1500], y[:1500], X[1500:]
out["defaults"] = {"data": "digits", "train_rows": 1500, "C": 1.0}
for key, kw in (("proba_default_tol", {}), ("proba_optimum", {"tol": 1e-10, "max_iter": 10000})):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        m = LogisticRegression(C=1.0, solver="newton-cg", **kw).fit(Xtr, ytr)
    out["defaults"][key] = m.predict_proba(Xte).tolist()
json.dump(out, sys.stdout, indent=1)
sys.stdout.write("\n")
