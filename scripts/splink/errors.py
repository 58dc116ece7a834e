#!/usr/bin/env python3
"""Show sample false merges and missed pairs of a clustering, with the records.

Usage: errors.py TRUTH CLUSTERS CLEAN_DIR PREFIX [ENTITY] [N] [SEED]

CLUSTERS is crmrecon's matches.csv or compare.py's <entity>_clusters.csv;
PREFIX is stripped from their source paths (as in score_pairs.py).  Records
are shown with the normalized values of `crmrecon clean` (company and city
joined from the company record of the same row).  Also prints counts of the
wrong pairs by which fields agree, to see the classes of error.
"""

import collections
import csv
import random
import sys

truth_path, clusters_path, clean_dir, prefix = sys.argv[1:5]
entity = sys.argv[5] if len(sys.argv) > 5 else "contact"
n = int(sys.argv[6]) if len(sys.argv) > 6 else 8
random.seed(int(sys.argv[7]) if len(sys.argv) > 7 else 1)


def strip(s):
    return s[len(prefix):] if prefix and s.startswith(prefix) else s


truth = {}
for r in csv.DictReader(open(truth_path, encoding="utf-8")):
    if r["entity"] == entity:
        k = (r["source"], r["sheet"], r["row"])
        truth[k] = r["entity_id"] or "single:" + "|".join(k)
pred = {}
for r in csv.DictReader(open(clusters_path, encoding="utf-8")):
    if r["entity"] == entity:
        k = (strip(r["source"]), r["sheet"], r["row"])
        if k in truth:
            pred[k] = r["cluster"]

recs = {}
fname = "contacts.csv" if entity == "contact" else "companies.csv" if entity == "company" else "deals.csv"
for r in csv.DictReader(open(f"{clean_dir}/{fname}", encoding="utf-8")):
    recs[(strip(r["source"]), r["sheet"], r["row"])] = r
if entity == "contact":
    for r in csv.DictReader(open(f"{clean_dir}/companies.csv", encoding="utf-8")):
        k = (strip(r["source"]), r["sheet"], r["row"])
        if k in recs:
            recs[k]["company"] = r["company"]
            recs[k]["city"] = r["city"]

FIELDS = {
    "contact": ["first_name", "last_name", "email", "phone", "mobile", "company", "city"],
    "company": ["company", "siren", "website", "city", "postal_code", "phone"],
    "deal": ["deal_name", "company", "amount", "close_date", "owner"],
}[entity]


def show(k):
    r = recs.get(k, {})
    return f"{k[0]}:{k[2]} | " + " | ".join(r.get(f, "") for f in FIELDS)


def agree(a, b):
    ra, rb = recs.get(a, {}), recs.get(b, {})
    out = []
    for f in FIELDS:
        x, y = ra.get(f, "").lower(), rb.get(f, "").lower()
        if x and y:
            out.append(f + ("=" if x == y else "≠"))
    return " ".join(out)


by_pred = collections.defaultdict(list)
by_truth = collections.defaultdict(list)
for k, c in pred.items():
    by_pred[c].append(k)
    by_truth[truth[k]].append(k)

false_pairs = []
for members in by_pred.values():
    for i in range(len(members)):
        for j in range(i + 1, len(members)):
            if truth[members[i]] != truth[members[j]]:
                false_pairs.append((members[i], members[j]))
missed = []
for members in by_truth.values():
    for i in range(len(members)):
        for j in range(i + 1, len(members)):
            if pred[members[i]] != pred[members[j]]:
                missed.append((members[i], members[j]))

for title, pairs in (("FALSE MERGES", false_pairs), ("MISSED PAIRS", missed)):
    print(f"== {title}: {len(pairs)} pairs")
    classes = collections.Counter(agree(a, b) for a, b in pairs)
    for cls, cnt in classes.most_common(12):
        print(f"  {cnt:6}  {cls}")
    for a, b in random.sample(pairs, min(n, len(pairs))):
        print("   ", show(a))
        print("   ", show(b))
        print()
