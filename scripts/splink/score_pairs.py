# Pairwise precision, recall and F1 per entity of a clustering against truth.csv.
# Usage: score_pairs.py TRUTH CLUSTERS [PREFIX]  (PREFIX is stripped from source paths)
# CLUSTERS: crmrecon matches.csv or compare.py <entity>_clusters.csv (entity,source,sheet,row,cluster).
# A truth row with an empty entity_id is an entity of its own.
import csv, sys, collections
truth = {}
for r in csv.DictReader(open(sys.argv[1])):
    truth[(r['entity'], r['source'], r['sheet'], r['row'])] = r['entity_id']
pred = {}
prefix = sys.argv[3] if len(sys.argv) > 3 else ''
for r in csv.DictReader(open(sys.argv[2])):
    src = r['source']
    if prefix and src.startswith(prefix): src = src[len(prefix):]
    pred[(r['entity'], src, r['sheet'], r['row'])] = r['cluster']
for ent in ['company', 'contact', 'deal']:
    keys = [k for k in truth if k[0] == ent and k in pred]
    missing = [k for k in truth if k[0] == ent and k not in pred]
    cont = collections.Counter(); tc = collections.Counter(); pc = collections.Counter()
    for i, k in enumerate(keys):
        t = truth[k] or f'__single{i}'
        p = pred[k]
        cont[(t, p)] += 1; tc[t] += 1; pc[p] += 1
    c2 = lambda n: n*(n-1)//2
    tp = sum(c2(n) for n in cont.values()); tt = sum(c2(n) for n in tc.values()); pp = sum(c2(n) for n in pc.values())
    P = tp/pp if pp else 1; R = tp/tt if tt else 1; F = 2*P*R/(P+R) if P+R else 0
    print(f"{ent:8} rows {len(keys):7} missing {len(missing):5}  true pairs {tt:8} pred pairs {pp:8} tp {tp:8}  P {P:.4f} R {R:.4f} F1 {F:.4f}")
