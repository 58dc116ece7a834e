#!/usr/bin/env python3
"""Deduplicate the contacts of a crmrecon data set with Splink.

Input: the folder written by `crmrecon clean DATA/crm DATA/side --out CLEAN`
(one normalized CSV per entity, with provenance source/sheet/row), so Splink
sees exactly the normalized values crmrecon's matcher sees: E.164 phones,
lowercase emails, names split from full names.  This script only folds them
further for comparison (lowercase, no accents, hyphens as spaces, legal forms
dropped from company names), as any Splink user would.

Output: CLUSTERS.csv with columns entity,source,sheet,row,cluster (the same
columns as crmrecon's matches.csv), which `score_pairs.py` scores against
truth.csv.  Timings of each step go to stdout.

Usage: compare.py CLEAN_DIR OUT_DIR [--entities contact]
                  [--threshold 0.92] [--sweep]

`--sweep` also clusters at other thresholds and writes
OUT_DIR/<entity>_sweep_<t>.csv for the "best threshold, tuned on the answer"
figure; it runs after the timed part and is not counted.
"""

import argparse
import logging
import os
import re
import sys
import time

import duckdb
import pandas as pd
import splink
import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on

T0 = time.perf_counter()


def log(msg):
    print(f"[{time.perf_counter() - T0:8.2f}s] {msg}", flush=True)


# Shared mailboxes: an exact match on these says "same company", not
# "same person" (crmrecon excludes them from its deterministic email rule).
ROLE_LOCAL_PARTS = [
    "contact", "info", "infos", "accueil", "commercial", "direction",
    "secretariat", "admin", "administration", "compta", "comptabilite",
    "sales", "office", "hello", "bonjour", "support", "rh", "jobs",
    "recrutement", "service.client", "serviceclient", "facturation",
    "achats", "marketing", "reception", "mail", "noreply", "no-reply",
]

# Legal forms of FR/BE/CH/UK/US/DE companies, dropped from the company key.
LEGAL_FORMS = [
    "sas", "sasu", "sarl", "eurl", "sa", "sci", "snc", "scop", "sca", "scs",
    "selarl", "gie", "sprl", "srl", "bv", "bvba", "nv", "asbl", "ag", "gmbh",
    "sarl", "ltd", "limited", "plc", "llp", "llc", "inc", "corp", "co",
    "cie", "et cie", "group", "groupe",
]
LEGAL_RE = r"\b(" + "|".join(sorted(set(LEGAL_FORMS), key=len, reverse=True)) + r")\b"


def fold(s: pd.Series) -> pd.Series:
    """Lowercase, strip accents, punctuation to spaces, squeeze spaces; '' → NULL."""
    s = (
        s.fillna("")
        .astype(str)
        .str.normalize("NFKD")
        .str.encode("ascii", "ignore")
        .str.decode("ascii")
        .str.lower()
        .str.replace(r"[^a-z0-9@.]+", " ", regex=True)
        .str.replace(r"\s+", " ", regex=True)
        .str.strip()
    )
    return s.where(s != "", None)


def is_mobile(p: pd.Series) -> pd.Series:
    """E.164 mobile ranges of FR, BE, CH, UK, DE, ES, IT; US numbers don't say."""
    return p.fillna("").str.match(r"^\+(33[67]|324|417[5-9]|447|491[5-7]|346|347|393)")


def read_clean(clean_dir: str, name: str) -> pd.DataFrame:
    return pd.read_csv(
        os.path.join(clean_dir, name), dtype=str, keep_default_na=False
    )


def records_only(df: pd.DataFrame) -> pd.Series:
    """The rows that are records of this entity (contacts.csv or companies.csv).

    A CRM export row is a record of the entity of its file, with a CRM record
    id; the contact or company named on a CRM deal or contact row is a
    reference to another CRM record (crmrecon's matches.csv does not list it
    either).  Every side row is a record, even an empty one.
    """
    crm = df.source.str.contains(r"[/\\]crm[/\\]", regex=True)
    return ~crm | (df.record_id != "")


def prepare_contacts(clean_dir: str) -> pd.DataFrame:
    c = read_clean(clean_dir, "contacts.csv")
    c = c[records_only(c)].copy()
    # The company and city of a contact are written as a company record of the
    # same source row in companies.csv: join them back.
    co = read_clean(clean_dir, "companies.csv")[
        ["source", "sheet", "row", "company", "city", "postal_code"]
    ].drop_duplicates(["source", "sheet", "row"])
    c = c.merge(co, on=["source", "sheet", "row"], how="left")
    out = pd.DataFrame({"source": c.source, "sheet": c.sheet, "row": c.row})
    out["unique_id"] = range(len(out))
    out["first_name"] = fold(c.first_name)
    out["last_name"] = fold(c.last_name)
    out["full_name"] = (out.first_name.fillna("") + " " + out.last_name.fillna("")).str.strip()
    out.loc[out.full_name == "", "full_name"] = None
    out["first_initial"] = out.first_name.str[:1]
    email = c.email.str.strip().str.lower()
    out["email"] = email.where(email != "", None)
    local = out.email.str.split("@").str[0]
    out["email_local"] = local
    out["email_domain"] = out.email.str.split("@").str[1]
    out["email_is_role"] = local.isin(ROLE_LOCAL_PARTS)
    # A shared mailbox says where someone works, not who they are: it is
    # compared in the "org" comparison, and is missing for the email one.
    out["email_person"] = out.email.where(~out.email_is_role, None)
    out["email_local"] = out.email_local.where(~out.email_is_role, None)
    out["email_role"] = out.email.where(out.email_is_role, None)
    # One mobile and one landline per contact, whichever column the sheet put
    # them in (side files often have a single "Tél" column holding mobiles).
    phone = c.phone.where(c.phone != "", None)
    mobile = c.mobile.where(c.mobile != "", None)
    out["mobile"] = mobile.fillna(phone.where(is_mobile(phone)))
    land = phone.where(~is_mobile(phone))
    land = land.fillna(mobile.where(~is_mobile(mobile) & phone.isna()))
    out["landline"] = land
    company = fold(c.company.fillna(""))
    key = company.fillna("").str.replace(LEGAL_RE, " ", regex=True).str.replace(r"\s+", " ", regex=True).str.strip()
    out["company_key"] = key.where(key != "", None)
    out["city"] = fold(c.city.fillna(""))
    pc = c.postal_code.fillna("").str.strip()
    out["postal_code"] = pc.where(pc != "", None)
    return out


def contact_settings(user_name_level: bool = True) -> SettingsCreator:
    levels = [
        cll.NullLevel("email_person"),
        cll.ExactMatchLevel("email_person").configure(tf_adjustment_column="email_person"),
    ]
    if user_name_level:
        # Same personal user name at another domain (gmail vs work address).
        # Also what two homonyms at two companies share (jean.martin@a.fr,
        # jean.martin@b.fr): --no-user-name-level measures without it.
        levels.append(
            cll.ExactMatchLevel("email_local").configure(label_for_charts="same user name, other domain")
        )
    levels += [
        cll.JaroWinklerLevel("email_person", 0.95).configure(label_for_charts="typo"),
        cll.ElseLevel(),
    ]
    email = cl.CustomComparison(output_column_name="email", comparison_levels=levels)
    # Company, landline (a switchboard, often) and city all say "works at the
    # same place".  Colleagues agree on all three, so as separate comparisons
    # their weights add up (Fellegi-Sunter assumes independence) and outvote
    # different names.  One comparison with ordered levels counts that
    # evidence once.
    org = cl.CustomComparison(
        output_column_name="org",
        comparison_levels=[
            cll.And(
                cll.NullLevel("company_key"),
                cll.NullLevel("landline"),
                cll.NullLevel("city"),
                cll.NullLevel("email_role"),
            ),
            cll.And(cll.ExactMatchLevel("company_key"), cll.ExactMatchLevel("landline")).configure(
                label_for_charts="same company and landline"
            ),
            cll.And(cll.ExactMatchLevel("company_key"), cll.ExactMatchLevel("city")).configure(
                label_for_charts="same company and city", tf_adjustment_column="company_key"
            ),
            cll.ExactMatchLevel("company_key").configure(tf_adjustment_column="company_key"),
            cll.ExactMatchLevel("landline").configure(tf_adjustment_column="landline"),
            cll.ExactMatchLevel("email_role").configure(
                label_for_charts="same shared mailbox", tf_adjustment_column="email_role"
            ),
            cll.JaroWinklerLevel("company_key", 0.92).configure(label_for_charts="company close"),
            cll.ExactMatchLevel("city").configure(tf_adjustment_column="city"),
            cll.ElseLevel(),
        ],
    )
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        probability_two_random_records_match=1e-5,
        comparisons=[
            cl.ForenameSurnameComparison(
                "first_name",
                "last_name",
                jaro_winkler_thresholds=[0.92, 0.88],
                forename_surname_concat_col_name="full_name",
            ),
            email,
            # Personal numbers: a shared mobile is strong evidence.
            cl.ExactMatch("mobile").configure(term_frequency_adjustments=True),
            org,
        ],
        blocking_rules_to_generate_predictions=[
            block_on("email"),
            block_on("mobile"),
            block_on("landline", "first_initial"),
            block_on("last_name", "first_initial"),
            block_on("company_key", "last_name"),
            block_on("company_key", "first_name"),
            # Swapped first and last name.
            "l.first_name = r.last_name and l.last_name = r.first_name",
            block_on("email_local"),
        ],
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
    )


def run_entity(entity, df, settings, em_sessions, det_rules, det_recall, args):
    timings = {}
    t = time.perf_counter()
    db_api = DuckDBAPI(connection=duckdb.connect())
    sdf = db_api.register(df, table_name=f"{entity}_input")
    linker = Linker(sdf, settings, log_level=logging.WARNING)
    linker.training.estimate_probability_two_random_records_match(det_rules, recall=det_recall)
    linker.training.estimate_u_using_random_sampling(max_pairs=args.u_pairs, seed=1)
    for rule in em_sessions:
        linker.training.estimate_parameters_using_expectation_maximisation(rule)
    timings["train"] = time.perf_counter() - t
    log(f"{entity}: trained ({timings['train']:.1f}s)")
    t = time.perf_counter()
    pred = linker.inference.predict(threshold_match_probability=args.predict_floor)
    timings["predict"] = time.perf_counter() - t
    npairs = pred.as_duckdbpyrelation().count("*").fetchall()[0][0]
    log(f"{entity}: {npairs} scored pairs >= {args.predict_floor} ({timings['predict']:.1f}s)")
    t = time.perf_counter()
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        pred, threshold_match_probability=args.threshold
    )
    cdf = clusters.as_pandas_dataframe()[["unique_id", "cluster_id"]]
    timings["cluster"] = time.perf_counter() - t
    log(f"{entity}: clustered at {args.threshold} ({timings['cluster']:.1f}s)")
    write_clusters(entity, df, cdf, os.path.join(args.out, f"{entity}_clusters.csv"))
    if args.save_model:
        linker.misc.save_model_to_json(os.path.join(args.out, f"{entity}_model.json"), overwrite=True)
    if args.sweep:
        edges = pred.as_pandas_dataframe()[["unique_id_l", "unique_id_r", "match_probability"]]
        edges.to_csv(os.path.join(args.out, f"{entity}_edges.csv"), index=False)
        for th in SWEEP:
            c = linker.clustering.cluster_pairwise_predictions_at_threshold(
                pred, threshold_match_probability=th
            ).as_pandas_dataframe()[["unique_id", "cluster_id"]]
            write_clusters(entity, df, c, os.path.join(args.out, f"{entity}_sweep_{th}.csv"))
    return timings


SWEEP = [0.5, 0.8, 0.9, 0.95, 0.98, 0.99, 0.995, 0.999, 0.9999]


def write_clusters(entity, df, cdf, path):
    m = df[["unique_id", "source", "sheet", "row"]].merge(cdf, on="unique_id", how="left")
    m["entity"] = entity
    m["cluster"] = f"{entity}-" + m.cluster_id.astype(str)
    m[["entity", "source", "sheet", "row", "cluster"]].to_csv(path, index=False)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("clean_dir")
    ap.add_argument("out")
    ap.add_argument("--entities", default="contact")
    ap.add_argument("--threshold", type=float, default=0.92)
    ap.add_argument("--predict-floor", type=float, default=0.5)
    ap.add_argument("--u-pairs", type=float, default=1e7)
    ap.add_argument("--sweep", action="store_true")
    ap.add_argument("--save-model", action="store_true")
    ap.add_argument("--no-user-name-level", action="store_true")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    log(f"splink {splink.__version__}, duckdb {duckdb.__version__}")
    total = {}
    for entity in args.entities.split(","):
        t = time.perf_counter()
        if entity == "contact":
            df = prepare_contacts(args.clean_dir)
            settings = contact_settings(not args.no_user_name_level)
            # Train on personal mailboxes only: pairs sharing contact@ are
            # mostly colleagues and would teach EM that matches' names differ.
            em = [block_on("email_person"), block_on("first_name", "last_name")]
            det = [block_on("email_person"), block_on("mobile", "last_name"), block_on("first_name", "last_name", "company_key")]
            recall = 0.8
        else:
            sys.exit(f"unknown entity {entity}")
        prep = time.perf_counter() - t
        log(f"{entity}: {len(df)} records prepared ({prep:.1f}s)")
        tm = run_entity(entity, df, settings, em, det, recall, args)
        tm["prepare"] = prep
        total[entity] = tm
    for entity, tm in total.items():
        print(
            f"TIMING {entity}: prepare {tm['prepare']:.1f}s train {tm['train']:.1f}s "
            f"predict {tm['predict']:.1f}s cluster {tm['cluster']:.1f}s "
            f"total {sum(tm.values()):.1f}s"
        )


if __name__ == "__main__":
    main()
