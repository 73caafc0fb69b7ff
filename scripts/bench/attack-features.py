#!/usr/bin/env python3
"""An independent re-implementation of the ATT&CK hold-one-source-out benchmark
(shared/corpus/attack/README.md) in numpy, to try ranking features quickly and to cross-check
`kagami attack bench`: it reproduces the README's TF-IDF baseline (19.4 / 41.9 top-1) and Kagami's
cross-validated rows with the eight shipped features (31.5 / 53.7; the former six: 27.3 / 49.3) exactly.

  scripts/bench/attack-features.py [BUNDLE] [--sets "[[0,1,2,3,4,5,6,7]]"] [--size-interactions]

Feature columns: 0 direct, 1 via software, 2 shared software IDF, 3 ln(1+profile size), 4 TF-IDF cosine,
5 query-software technique coverage, 6 closest report (TF-IDF cosine with the best single (group,
source) row), 7 query software whose technique reports are also cited on the group (the eight of
RankingFeatures.swift). Candidates: 8 rare (shared items used by at most 2 groups), 9 max IDF shared,
10 parent roll-up (the group uses a sibling sub-technique), 11 naive-Bayes log-ratio, 12 share of query
items missing, 13/14 techniques/software that only the group's attributed campaigns use, 15 cosine in
a rank-8 SVD of the IDF-weighted group x item matrix, 16 mean positive PMI of query and group items,
17 technique->software inference (the group's software most like the query's techniques), 18 ln(1 +
sources cited on the group). The held-out source is deleted from every citation list first (uses,
campaign uses and attributed-to alike), and the SVD/PMI are recomputed per held-out source.
--size-interactions adds every chosen column times ln(1 + query items).

Measured top-1 (techniques / with software), 5-fold CV by group:
  six: 27.3 / 49.3; + closest report: 31.5 / 52.5; + software in group reports: 27.3 / 50.7;
  both (shipped eight): 31.5 / 53.7.
  Against the six: rare -0.4 / +0.9, max IDF +0.5 (software), naive Bayes +0.5, roll-up -0.2,
  all eleven +0.9.
  Against the eight: campaigns (13+14) +0.0 / -0.1 (folded into the profile instead, against the
  six: +0.5 / -0.1); svd8 +0.8 / +0.6; pmi -0.3 / +0.1; infer +0.5 / +0.4; logsrc -2.2 / -0.8
  (top-10 up); all nineteen -2.4 / -0.9; --size-interactions on the eight +2.8 / +1.1.
Tried outside this script (a throwaway harness with the same definitions), against the eight, all
within +-0.5 top-1: second-closest report, reports widened by every technique their source cites for
any software, attributed campaigns' reports, the query software's techniques added to the report
query, IDF over reports instead of groups for the closest report; and a conditional logit with a 4-unit tanh hidden layer on the eight: 30.2 / 53.1.
In 8.4 % of the queries with software the right group has no evidence left at all (no shared item,
none through software, no shared report); among the rest it is first in 58.7 %.

Needs numpy and scipy (not in the CI requirements: this is a benchmark, not a test). The shipped
eight take ~5 minutes on a loaded machine; candidate columns (SVD per held-out source) take longer.
"""
import argparse, gzip, json, math, sys, time
import numpy as np
from scipy.optimize import minimize
from scipy.special import logsumexp

NAMES = ['direct', 'via', 'soft', 'logsize', 'cos', 'qst', 'report', 'softrep', 'rare', 'maxidf', 'parent', 'nb', 'miss',
         'camp_t', 'camp_s', 'svd8', 'pmi', 'infer', 'logsrc']


def load(path):
    b = json.load(gzip.open(path) if path.endswith('.gz') else open(path))
    objs = {o['id']: o for o in b['objects'] if o['type'] in ('intrusion-set', 'attack-pattern', 'malware', 'tool', 'campaign')}
    live = lambda o: not o.get('revoked') and not o.get('x_mitre_deprecated')
    rels, crels, attrib = [], [], []   # uses (groups, software); uses by campaigns; campaign attributed-to group
    for o in b['objects']:
        if o['type'] != 'relationship' or o['relationship_type'] not in ('uses', 'attributed-to') or not live(o):
            continue
        s, t = o['source_ref'], o['target_ref']
        if s not in objs or t not in objs or not live(objs[s]) or not live(objs[t]):
            continue
        cites = []
        for r in o.get('external_references', []):
            n = r.get('source_name')
            if n and not (n.startswith('mitre-') and r.get('external_id')) and n not in cites:
                cites.append(n)
        if o['relationship_type'] == 'attributed-to':
            attrib.append((s, t, cites))
        elif objs[s]['type'] == 'campaign':
            crels.append((s, t, cites))
        else:
            rels.append((s, t, cites))
    kind = {k: v['type'] for k, v in objs.items()}
    ext = {k: next((r.get('external_id') for r in v.get('external_references', []) if r.get('source_name', '').startswith('mitre-')), '') for k, v in objs.items()}
    return kind, ext, rels, crels, attrib, [k for k, v in objs.items() if live(v)]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('bundle', nargs='?', default='../shared/corpus/attack/enterprise-attack-18.1.json.gz')
    ap.add_argument('--sets', default='[[0,1,2,3,4,5,6,7]]')
    ap.add_argument('--size-interactions', action='store_true', help='add every chosen column times ln(1 + query items)')
    args = ap.parse_args()
    kind, ext, rels, crels, attrib, live = load(args.bundle)
    groups = sorted(k for k in live if kind[k] == 'intrusion-set')   # STIX-id order (the folds use it)
    gslot = {g: i for i, g in enumerate(groups)}
    items = sorted({t for s, t, c in rels if kind[t] in ('attack-pattern', 'malware', 'tool')})
    islot = {x: i for i, x in enumerate(items)}
    V, G = len(items), len(groups)
    is_soft = np.array([kind[x] != 'attack-pattern' for x in items])
    cit_names = sorted({c for s, t, cs in rels + crels + attrib for c in cs})
    cidx = {c: i for i, c in enumerate(cit_names)}
    R = [(s, t, {cidx[c] for c in cs}) for s, t, cs in rels]
    CR = [(s, t, {cidx[c] for c in cs}) for s, t, cs in crels if t in islot]
    AT = [(s, gslot[t], {cidx[c] for c in cs}) for s, t, cs in attrib if t in gslot]
    C = len(cit_names)
    # A report: what one source says one group uses (a row per (group, source) pair).
    report_items = {}
    for s, t, cs in R:
        if s in gslot and t in islot:
            for c in cs:
                report_items.setdefault((gslot[s], c), set()).add(islot[t])
    report_keys = sorted(report_items)
    RI = np.zeros((len(report_keys), V))
    for j, k in enumerate(report_keys):
        RI[j, sorted(report_items[k])] = 1
    report_group = np.array([k[0] for k in report_keys])
    report_source = np.array([k[1] for k in report_keys])
    parent = np.array([ext.get(x, '').split('.')[0] for x in items])
    family = {}
    for i in range(V):
        if not is_soft[i]:
            family.setdefault(parent[i], []).append(i)

    def build(excluded, candidates):
        """Profiles with the source `excluded` deleted from every citation list (uses and attributed-to)."""
        M = np.zeros((G, V))
        ST = np.zeros((V, V), dtype=bool)
        GC = np.zeros((G, C))   # sources cited on the group's uses
        SC = np.zeros((V, C))   # sources cited on a software's technique uses
        for s, t, cs in R:
            left = cs - {excluded}
            if t not in islot or not left:
                continue
            if s in gslot:
                M[gslot[s], islot[t]] = 1
                GC[gslot[s], sorted(left)] = 1
            elif s in islot and kind[s] != 'attack-pattern' and kind[t] == 'attack-pattern':
                ST[islot[s], islot[t]] = True
                SC[islot[s], sorted(left)] = 1
        keep = report_source != excluded
        x = dict(M=M, ST=ST, via=(M[:, is_soft] @ ST[is_soft].astype(float)) > 0, GC=GC, SC=SC,
                 RI=RI[keep], RG=report_group[keep])
        if candidates:
            camp_items = {}
            for s, t, cs in CR:
                if cs - {excluded}:
                    camp_items.setdefault(s, set()).add(islot[t])
            CP = np.zeros((G, V))
            for s, g, cs in AT:
                if cs - {excluded} and s in camp_items:
                    CP[g, sorted(camp_items[s])] = 1
            idf = np.log((1 + G) / (1 + M.sum(0))) + 1
            U, sv, Vt = np.linalg.svd(M * idf, full_matrices=False)
            x.update(CP=CP, svd=(U[:, :8] * sv[:8], Vt[:8]))
        return x

    def features(x, tq, sq, row, candidates):
        M, ST, via_sets = x['M'], x['ST'], x['via']
        N = G
        df = M.sum(0)
        idf = np.log((1 + N) / (1 + df)) + 1
        size = M.sum(1)
        q = np.zeros(V); q[tq] = 1; q[sq] = 1
        keep = np.ones(V, bool) if row == 'ts' else ~is_soft
        Mb = M * keep
        w = (np.log((1 + N) / (1 + Mb.sum(0))) + 1) ** 2
        nb_, qn = np.sqrt((Mb * w).sum(1)), math.sqrt((q * w).sum())
        base = np.where(nb_ > 0, (Mb @ (q * w)) / np.where(nb_ > 0, nb_ * qn, 1), 0)
        tw = idf[tq].sum()
        zero = np.zeros(G)
        direct = (M[:, tq] @ idf[tq]) / tw if tq else zero
        via = ((via_sets[:, tq] & (M[:, tq] == 0)) @ idf[tq]) / tw if tq else zero
        soft = M[:, sq] @ idf[sq] if sq else zero
        w2 = idf ** 2
        norm, qn2 = np.sqrt((M * w2).sum(1)), math.sqrt((q * w2).sum())
        cos = np.where(norm > 0, (M @ (q * w2)) / np.where(norm > 0, norm * qn2, 1), 0)
        qst = zero
        if sq:
            qs = ST[sq].any(0)
            if qs.sum() > 0:
                qst = M[:, qs].sum(1) / qs.sum()
        # closest report: the best TF-IDF cosine of the query with one (group, source) row
        RIk, rn = x['RI'], np.sqrt(x['RI'] @ w2)
        rcos = np.where(rn > 0, (RIk @ (q * w2)) / np.maximum(rn * qn2, 1e-300), 0)
        report = np.zeros(G)
        np.maximum.at(report, x['RG'], rcos)
        # query software whose technique reports are also cited on the group
        softrep = ((x['GC'] @ x['SC'][sq].T) > 0).astype(float) @ idf[sq] if sq else zero
        qi = np.array(list(tq) + list(sq), dtype=int)
        shared = M[:, qi]
        if not candidates:
            return np.stack([direct, via, soft, np.log1p(size), cos, qst, report, softrep], 1), base
        rare = (shared * (df[qi] <= 2)).sum(1)
        maxidf = (shared * idf[qi]).max(1)
        roll = zero.copy()
        for t in tq:
            fam = family.get(parent[t], [])
            has = M[:, fam].max(1) if fam else zero
            roll += ((M[:, t] == 0) & (has > 0)) * idf[t]
        roll = roll / tw if tq else zero
        p = (df + 0.5) / (N + 1)
        pg = (shared + 2.0 * p[qi]) / 3.0
        nb = (np.log(pg) - np.log(p[qi])).sum(1) / len(qi)
        miss = 1 - shared.sum(1) / len(qi)
        # campaigns attributed to the group: items only they add
        cnew = x['CP'] * (M == 0)
        camp_t = (cnew[:, tq] @ idf[tq]) / tw if tq else zero
        camp_s = cnew[:, sq] @ idf[sq] if sq else zero
        # latent similarity: cosine in the rank-8 SVD of the IDF-weighted group x item matrix
        gl, vt = x['svd']
        ql = vt @ (q * idf)
        nrm = np.linalg.norm(gl, axis=1) * np.linalg.norm(ql)
        svd8 = np.where(nrm > 0, gl @ ql / np.maximum(nrm, 1e-300), 0)
        # co-occurrence: mean positive PMI (across groups) of the query's items with the group's items
        co = M.T[qi] @ M
        with np.errstate(divide='ignore', invalid='ignore'):
            pmi = np.log(co * N / np.outer(df[qi], df))
        ppmi = np.where(np.isfinite(pmi) & (pmi > 0), pmi, 0)
        pmi_mean = (M @ ppmi.T).sum(1) / np.maximum(size, 1) / len(qi)
        # technique -> software inference: the group's software most like the query's techniques
        infer = zero
        if tq:
            soft_idx = np.where(is_soft)[0]
            STs = ST[soft_idx].astype(float)
            qt = np.zeros(V); qt[tq] = 1
            den = np.sqrt(STs @ w2) * math.sqrt((qt * w2).sum())
            sim = np.where(den > 0, (STs @ (qt * w2)) / np.maximum(den, 1e-300), 0)
            infer = (M[:, soft_idx] * sim).max(1)
        logsrc = np.log1p(x['GC'].sum(1))
        return np.stack([direct, via, soft, np.log1p(size), cos, qst, report, softrep, rare, maxidf, roll, nb, miss,
                         camp_t, camp_s, svd8, pmi_mean, infer, logsrc], 1), base

    byg = {}
    for s, t, cs in R:
        if s in gslot and t in islot:
            byg.setdefault(s, []).append((t, cs))
    queries = {'t': [], 'ts': []}
    for g in sorted(byg):
        sources = set().union(*[cs for t, cs in byg[g]])
        if len(sources) < 2:
            continue
        for S in sorted(sources, key=lambda c: cit_names[c]):
            tq = [islot[t] for t, cs in byg[g] if S in cs and kind[t] == 'attack-pattern']
            sq = [islot[t] for t, cs in byg[g] if S in cs and kind[t] != 'attack-pattern']
            if tq:
                queries['t'].append((gslot[g], S, tq, []))
            if tq or sq:
                queries['ts'].append((gslot[g], S, tq, sq))
    sets = json.loads(args.sets)
    candidates = any(c >= 8 for cols in sets for c in cols)
    for row in ('t', 'ts'):
        qs = queries[row]
        by_citation = {}
        for i, (g, S, tq, sq) in enumerate(qs):
            by_citation.setdefault(S, []).append(i)
        F, B = [None] * len(qs), [None] * len(qs)
        for S, idx in by_citation.items():
            x = build(S, candidates)
            for i in idx:
                F[i], B[i] = features(x, qs[i][2], qs[i][3], row, candidates)
        F, B, T = np.array(F), np.array(B), np.array([q[0] for q in qs])
        size = np.log1p(np.array([len(q[2]) + len(q[3]) for q in qs]))[:, None, None]
        label = 'techniques' if row == 't' else 'techniques+software'
        print(f'| {label} | TF-IDF cosine (baseline) | {len(T)} | ' + ' | '.join(fmt(stats(B, T))) + ' |')
        eligible = sorted(set(T))
        fold_of = {g: i % 5 for i, g in enumerate(eligible)}
        fold = np.array([fold_of[t] for t in T])
        for cols in sets:
            Fc = F[:, :, cols]
            if args.size_interactions:
                Fc = np.concatenate([Fc, Fc * size], 2)
            S = np.zeros(F.shape[:2])
            for k in range(5):
                w = fit(Fc[fold != k], T[fold != k])
                S[fold == k] = Fc[fold == k] @ w
            print(f'| {label} | {"+".join(NAMES[c] for c in cols)}{" (each also x ln(1+query size))" if args.size_interactions else ""} (5-fold CV) | {len(T)} | ' + ' | '.join(fmt(stats(S, T))) + ' |')


def stats(S, T):
    t1 = t5 = t10 = rr = 0.0
    for s, t in zip(S, T):
        v = s[t]; hi = (s > v).sum(); ti = (s == v).sum()
        top = lambda k: 0 if hi >= k else min(1, (k - hi) / ti)
        t1 += top(1); t5 += top(5); t10 += top(10)
        rr += sum(1 / (hi + j) for j in range(1, ti + 1)) / ti
    n = len(T)
    return 100 * t1 / n, 100 * t5 / n, 100 * t10 / n, rr / n


def fmt(s):
    return ['%.1f' % s[0], '%.1f' % s[1], '%.1f' % s[2], '%.3f' % s[3]]


def fit(F, T, l2=1e-3):
    """Conditional logit, the same ridge as RankingModel.fitWeights."""
    n, _, k = F.shape
    def f(w):
        s = F @ w
        lse = logsumexp(s, 1)
        p = np.exp(s - lse[:, None])
        ll = (s[np.arange(n), T] - lse).sum()
        grad = (F[np.arange(n), T] - (p[:, :, None] * F).sum(1)).sum(0)
        return -(ll - 0.5 * l2 * n * w @ w), -(grad - l2 * n * w)
    return minimize(f, np.zeros(k), jac=True, method='L-BFGS-B').x


if __name__ == '__main__':
    main()
