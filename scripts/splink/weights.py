#!/usr/bin/env python3
"""Print the trained Splink model's match weights per level: weights.py MODEL.json"""
import json
import math
import sys

m = json.load(open(sys.argv[1]))
lam = m["probability_two_random_records_match"]
print(f"lambda {lam:.3g} (prior weight {math.log2(lam / (1 - lam)):.2f})")
for c in m["comparisons"]:
    print(c["output_column_name"])
    for lv in c["comparison_levels"]:
        if lv.get("is_null_level"):
            continue
        mp, up = lv.get("m_probability"), lv.get("u_probability")
        w = f"{math.log2(mp / up):6.2f}" if mp and up else "   n/a"
        tf = " tf" if lv.get("tf_adjustment_column") else ""
        print(f"  {w}{tf:3}  m={mp or 0:.4f} u={up or 0:.2e}  {lv.get('label_for_charts', lv.get('sql_condition'))[:70]}")
