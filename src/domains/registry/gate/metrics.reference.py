#!/usr/bin/env python3
"""Reference values for metrics.test.ts, computed from sklearn's definitions in plain
Python (this machine's python has neither sklearn nor numpy). AUC is computed here by
counting every positive/negative pair (ties = 1/2), independently of the rank formula
metrics.ts uses. Run once; the numbers are pasted into the test, which never runs Python.

    /usr/bin/python3 src/domains/registry/gate/metrics.reference.py
"""
import json
import math

y = [1, 0, 1, 1, 0, 0, 1, 0, 1, 0, 1, 1]
p = [0.9, 0.4, 0.7, 0.4, 0.2, 0.6, 0.8, 0.4, 0.3, 0.1, 0.95, 0.6]
pred = [1 if v >= 0.5 else 0 for v in p]

tp = sum(1 for a, b in zip(y, pred) if a == 1 and b == 1)
fp = sum(1 for a, b in zip(y, pred) if a == 0 and b == 1)
fn = sum(1 for a, b in zip(y, pred) if a == 1 and b == 0)
tn = sum(1 for a, b in zip(y, pred) if a == 0 and b == 0)
precision = tp / (tp + fp)
recall = tp / (tp + fn)

pos = [s for s, t in zip(p, y) if t == 1]
neg = [s for s, t in zip(p, y) if t == 0]
auc = sum(1.0 if a > b else 0.5 if a == b else 0.0 for a in pos for b in neg) / (len(pos) * len(neg))

eps = 1e-15
clip = lambda v: min(1 - eps, max(eps, v))
logloss = -sum(math.log(clip(q)) if t == 1 else math.log(1 - clip(q)) for q, t in zip(p, y)) / len(y)

t = [3.0, -0.5, 2.0, 7.0, 4.2]
f = [2.5, 0.0, 2.1, 7.8, 3.9]
mean_t = sum(t) / len(t)
ss_res = sum((a - b) ** 2 for a, b in zip(t, f))
ss_tot = sum((a - mean_t) ** 2 for a in t)

classes = ["a", "b", "c"]
mt = ["a", "b", "c", "a", "b", "c", "a", "a"]
mp = ["a", "c", "c", "a", "b", "b", "b", "a"]
def per_class(cls):
    ctp = sum(1 for a, b in zip(mt, mp) if a == cls and b == cls)
    cfp = sum(1 for a, b in zip(mt, mp) if a != cls and b == cls)
    cfn = sum(1 for a, b in zip(mt, mp) if a == cls and b != cls)
    pr = ctp / (ctp + cfp) if ctp + cfp else 0.0  # zero_division=0
    rc = ctp / (ctp + cfn) if ctp + cfn else 0.0
    f1 = 2 * ctp / (2 * ctp + cfp + cfn) if ctp + cfp + cfn else 0.0
    return pr, rc, f1
scores = [per_class(c) for c in classes]
probs = [[0.7, 0.2, 0.1], [0.1, 0.3, 0.6], [0.2, 0.2, 0.6], [0.5, 0.25, 0.25]]
idx = [0, 1, 2, 0]
mlogloss = -sum(math.log(clip(row[i] / sum(row))) for row, i in zip(probs, idx)) / len(idx)

print(json.dumps({
    "confusion": {"tp": tp, "fp": fp, "tn": tn, "fn": fn},
    "accuracy": sum(1 for a, b in zip(y, pred) if a == b) / len(y),
    "precision": precision, "recall": recall, "f1": 2 * precision * recall / (precision + recall),
    "auc_pairs": auc, "logloss": logloss,
    "rmse": math.sqrt(ss_res / len(t)), "mae": sum(abs(a - b) for a, b in zip(t, f)) / len(t), "r2": 1 - ss_res / ss_tot,
    "macro_precision": sum(s[0] for s in scores) / 3, "macro_recall": sum(s[1] for s in scores) / 3,
    "macro_f1": sum(s[2] for s in scores) / 3, "multiclass_logloss": mlogloss,
}, indent=1))
