#!/usr/bin/env python3
"""Pairs one tool gets right and the other wrong, with the records.

Usage: diff.py TRUTH A_CLUSTERS B_CLUSTERS CLEAN_DIR PREFIX [N]

Prints, for contacts: true pairs A links and B misses, true pairs B links and
A misses, false merges of A that B avoids and of B that A avoids, each with a
count by which fields agree and N random samples.
"""
import collections
import csv
import random
import sys

truth_path, a_path, b_path, clean_dir, prefix = sys.argv[1:6]
n = int(sys.argv[6]) if len(sys.argv) > 6 else 6
random.seed(1)
ENT = "contact"
FIELDS = ["first_name", "last_name", "email", "phone", "mobile", "company", "city"]


def strip(s):
    return s[len(prefix):] if s.startswith(prefix) else s


truth = {}
for r in csv.DictReader(open(truth_path, encoding="utf-8")):
    if r["entity"] == ENT:
        k = (r["source"], r["sheet"], r["row"])
        truth[k] = r["entity_id"] or "single:" + "|".join(k)


def load(path):
    p = {}
    for r in csv.DictReader(open(path, encoding="utf-8")):
        if r["entity"] == ENT:
            k = (strip(r["source"]), r["sheet"], r["row"])
            if k in truth:
                p[k] = r["cluster"]
    return p


def pairs(assign):
    groups = collections.defaultdict(list)
    for k, c in assign.items():
        groups[c].append(k)
    out = set()
    for m in groups.values():
        m.sort()
        for i in range(len(m)):
            for j in range(i + 1, len(m)):
                out.add((m[i], m[j]))
    return out


a, b = load(a_path), load(b_path)
keys = set(a) & set(b)
a = {k: a[k] for k in keys}
b = {k: b[k] for k in keys}
t = {k: truth[k] for k in keys}
tp_, ap, bp = pairs(t), pairs(a), pairs(b)

recs = {}
for r in csv.DictReader(open(f"{clean_dir}/contacts.csv", encoding="utf-8")):
    recs[(strip(r["source"]), r["sheet"], r["row"])] = r
for r in csv.DictReader(open(f"{clean_dir}/companies.csv", encoding="utf-8")):
    k = (strip(r["source"]), r["sheet"], r["row"])
    if k in recs:
        recs[k]["company"], recs[k]["city"] = r["company"], r["city"]


def show(k):
    r = recs.get(k, {})
    return f"{k[0]}:{k[2]} | " + " | ".join(r.get(f, "") for f in FIELDS)


def agree(x, y):
    rx, ry = recs.get(x, {}), recs.get(y, {})
    out = []
    for f in FIELDS:
        u, v = rx.get(f, "").lower(), ry.get(f, "").lower()
        if u and v:
            out.append(f + ("=" if u == v else "≠"))
    return " ".join(out)


for title, s in (
    ("true pairs A links, B misses", (tp_ & ap) - bp),
    ("true pairs B links, A misses", (tp_ & bp) - ap),
    ("false merges of A that B avoids", (ap - tp_) - bp),
    ("false merges of B that A avoids", (bp - tp_) - ap),
):
    s = sorted(s)
    print(f"== {title}: {len(s)}")
    for cls, cnt in collections.Counter(agree(x, y) for x, y in s).most_common(8):
        print(f"  {cnt:6}  {cls}")
    for x, y in random.sample(s, min(n, len(s))):
        print("   ", show(x))
        print("   ", show(y))
        print()
