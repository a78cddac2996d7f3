#!/usr/bin/env python3
"""Expected drift statistics from scipy, for src/domains/monitoring/*.test.ts.

Run once, commit the output; the test suite never needs Python:
    python3 scripts/gen-drift-fixtures.py   # needs numpy + scipy (this machine: the pyenv python3, scipy 1.17.1)
Samples are not stored: each is described by a seed and a transform of a mulberry32 stream that
test/fixtures/drift/samples.ts reproduces bit for bit (only exact IEEE operations are used).
"""
import json, math, os
import numpy as np
import scipy
from scipy import stats
from scipy.spatial import distance

OUT = os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures', 'drift', 'scipy-expected.json')
M32 = 0xFFFFFFFF

def mulberry32(seed):
    s = seed & M32
    while True:
        s = (s + 0x6D2B79F5) & M32
        t = s
        t = ((t ^ (t >> 15)) * (t | 1)) & M32
        t = t ^ ((t + (((t ^ (t >> 7)) * (t | 61)) & M32)) & M32)
        yield ((t ^ (t >> 14)) & M32) / 4294967296

def sample(spec):
    g = mulberry32(spec['seed'])
    out = []
    for _ in range(spec['n']):
        if spec['kind'] == 'uniform':
            out.append(spec['loc'] + spec['scale'] * next(g))
        elif spec['kind'] == 'bell':
            s = next(g) + next(g) + next(g) + next(g)
            out.append(spec['loc'] + spec['scale'] * (s - 2))
        elif spec['kind'] == 'int':
            out.append(float(math.floor(spec['loc'] + spec['scale'] * next(g))))
    return np.array(out, dtype=np.float64)

def spec(seed, n, kind='bell', loc=0.0, scale=1.0):
    return {'seed': seed, 'n': n, 'kind': kind, 'loc': loc, 'scale': scale}

# ---- two-sample KS ----
ks_cases = [
    ('exact unequal sizes', spec(1, 30), spec(2, 40, loc=0.5)),
    ('exact equal sizes (square formula)', spec(3, 50), spec(4, 50, loc=0.3)),
    ('exact with ties', spec(5, 200, 'int', 0, 10), spec(6, 150, 'int', 1, 10)),
    ('exact, tiny p', spec(7, 3000), spec(8, 2000, loc=0.35)),
    ('exact square, tiny p', spec(9, 5000), spec(10, 5000, loc=0.4)),
    ('exact, no drift', spec(11, 1000), spec(12, 999)),
    ('asymptotic, moderate p', spec(13, 12000), spec(14, 15000, loc=0.02)),
    ('asymptotic, tiny p', spec(15, 12000), spec(16, 11000, loc=0.3)),
    ('asymptotic, en = 7 (small-n kstwo)', spec(17, 20000), spec(18, 7, loc=0.5)),
    ('asymptotic, en ~ 99 (Pomeranz/Durbin region)', spec(19, 10001), spec(20, 100, loc=0.1)),
    ('asymptotic with ties', spec(21, 15000, 'int', 0, 20), spec(22, 12000, 'int', 0, 21)),
    ('identical samples', spec(23, 500), spec(23, 500)),
]
ks = []
for name, a, b in ks_cases:
    r = stats.ks_2samp(sample(a), sample(b), method='auto')
    ks.append({'name': name, 'reference': a, 'current': b, 'statistic': float(r.statistic), 'p_value': float(r.pvalue)})

kstwo = []
for n, x in [(5, 0.15), (5, 0.3), (5, 0.6), (20, 0.05), (20, 0.15), (20, 0.3), (20, 0.5), (100, 0.05), (100, 0.15), (100, 0.3), (140, 0.08), (500, 0.02), (500, 0.05), (500, 0.2), (5000, 0.01), (5000, 0.03), (5000, 0.1), (200000, 0.001), (200000, 0.003), (2000000, 0.0008), (2000000, 0.01)]:
    kstwo.append({'n': n, 'x': x, 'sf': float(stats.kstwo.sf(x, n))})

# ---- chi-squared on the 2 x k table ----
rng = np.random.default_rng(20261127)
chi_tables = [
    ('2x2 with Yates', [[30, 20], [25, 35]]),
    ('2x2, |O-E| < 0.5 under Yates', [[10, 10], [10, 11]]),
    ('2x3', [[100, 200, 300], [120, 180, 310]]),
    ('2x4, tiny p', [[1000, 500, 200, 50], [600, 900, 200, 50]]),
    ('2x50', (lambda row: [row, rng.poisson(row).tolist()])(rng.integers(20, 500, size=50).tolist())),
    ('2x2, tiny p', [[500, 100], [300, 300]]),
    ('2x2, p ~ 1e-196', [[3000, 600], [1800, 1800]]),
    ('2x3, p ~ 1e-290', [[3000, 600, 100], [1700, 1900, 120]]),
]
chi2 = []
for name, t in chi_tables:
    r = stats.chi2_contingency(np.array(t), correction=True)
    chi2.append({'name': name, 'reference': t[0], 'current': t[1], 'statistic': float(r.statistic), 'p_value': float(r.pvalue), 'dof': int(r.dof)})

# ---- Wasserstein (raw and normalized by the reference's ddof=0 std, Evidently) ----
w_cases = [
    ('bell vs shifted bell', spec(31, 800), spec(32, 1200, loc=0.4)),
    ('uniform vs bell, unequal', spec(33, 5000, 'uniform', -1, 2), spec(34, 3000)),
    ('ties', spec(35, 2000, 'int', 0, 5), spec(36, 2500, 'int', 1, 5)),
    ('large', spec(37, 200000), spec(38, 150000, loc=0.01, scale=1.1)),
]
wasserstein = []
for name, a, b in w_cases:
    x, y = sample(a), sample(b)
    d = stats.wasserstein_distance(x, y)
    wasserstein.append({'name': name, 'reference': a, 'current': b, 'distance': float(d), 'normalized': float(d / max(np.std(x), 0.001))})

# ---- Jensen-Shannon, base 2, Evidently's get_binned_data(feel_zeroes=False) ----
def evidently_js_numeric(x, y):
    if len(np.unique(x)) > 20:
        bins = np.histogram_bin_edges(np.concatenate([x, y]), bins='sturges')
        p = np.histogram(x, bins)[0] / len(x)
        q = np.histogram(y, bins)[0] / len(y)
    else:
        keys = sorted(set(np.unique(x)) | set(np.unique(y)))
        p = np.array([np.sum(x == k) for k in keys]) / len(x)
        q = np.array([np.sum(y == k) for k in keys]) / len(y)
    return float(distance.jensenshannon(p, q, 2))

js_numeric = []
for name, a, b in [('bell vs shifted', spec(41, 3000), spec(42, 4000, loc=0.2)), ('low cardinality', spec(43, 2000, 'int', 0, 6), spec(44, 2000, 'int', 0, 7)), ('wide', spec(45, 50000, 'uniform', 0, 100), spec(46, 30000))]:
    js_numeric.append({'name': name, 'reference': a, 'current': b, 'distance': evidently_js_numeric(sample(a), sample(b))})
js_counts = []
for name, p, q in [('3 categories', [50, 30, 20], [40, 40, 20]), ('new category in current', [100, 50, 0], [80, 40, 30]), ('identical', [5, 5], [10, 10]), ('disjoint', [10, 0], [0, 7])]:
    n1, n2 = sum(p), sum(q)
    js_counts.append({'name': name, 'reference': p, 'current': q, 'distance': float(distance.jensenshannon(np.array(p) / n1, np.array(q) / n2, 2))})

# ---- PSI: the documented binning, applied here in plain Python (no numpy quantile) ----
def psi_reference(x, y, bins=10, eps=1e-4):
    xs = sorted(x.tolist()); ys = y.tolist(); n = len(xs)
    edges = []
    for i in range(1, bins):
        pos = (i / bins) * (n - 1); lo = math.floor(pos); frac = pos - lo
        a = xs[lo]; b = xs[min(lo + 1, n - 1)]
        e = a if frac == 0 else a + (b - a) * frac
        if not edges or e != edges[-1]:
            edges.append(e)
    def counts(vals):
        c = [0] * (len(edges) + 1)
        for v in vals:
            c[sum(1 for e in edges if e < v)] += 1
        return c
    cr, cc = counts(xs), counts(ys)
    total = 0.0
    for r, c in zip(cr, cc):
        r = r / len(xs) or eps; c = c / len(ys) or eps
        total += (c - r) * math.log(c / r)
    return total

psi = []
for name, a, b in [('bell vs shifted', spec(51, 2000), spec(52, 3000, loc=0.3)), ('no drift', spec(53, 2000), spec(54, 2000)), ('ties and empty bins', spec(55, 1000, 'int', 0, 4), spec(56, 1000, 'int', 2, 4)), ('current outside reference range', spec(57, 500), spec(58, 500, loc=5))]:
    psi.append({'name': name, 'reference': a, 'current': b, 'psi': psi_reference(sample(a), sample(b))})

# ---- z-test for two proportions (2 * norm.sf(|z|)) ----
ztest = []
for h1, n1, h2, n2 in [(30, 100, 45, 100), (500, 1000, 520, 1000), (100, 10000, 900, 10000), (10, 50, 10, 50)]:
    p1, p2 = h1 / n1, h2 / n2
    P = (p1 * n1 + p2 * n2) / (n1 + n2)
    z = (p1 - p2) / math.sqrt(P * (1 - P) * (1 / n1 + 1 / n2))
    ztest.append({'reference_hits': h1, 'reference_n': n1, 'current_hits': h2, 'current_n': n2, 'statistic': z, 'p_value': float(2 * stats.norm.sf(abs(z)))})

bh_p = [0.01, 0.04, 0.03, 0.005, 0.5, 0.2, 0.049]
bh = {'p_values': bh_p, 'adjusted': [float(v) for v in stats.false_discovery_control(bh_p, method='bh')]}

with open(OUT, 'w') as f:
    json.dump({'generator': 'scripts/gen-drift-fixtures.py', 'scipy': scipy.__version__, 'numpy': np.__version__, 'ks_2samp': ks, 'kstwo_sf': kstwo, 'chi2_contingency': chi2,
               'wasserstein': wasserstein, 'jensenshannon_numeric': js_numeric, 'jensenshannon_counts': js_counts, 'psi': psi, 'ztest': ztest, 'benjamini_hochberg': bh}, f, indent=1)
print('wrote', OUT)
