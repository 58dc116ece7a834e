//! Scores a `matches.csv` (DESIGN.md: `entity,origin,source,sheet,row,
//! crm_id,cluster,status,score`) against a generator's `truth.csv`
//! (`entity,origin,source,sheet,row,entity_id`): pairwise precision,
//! recall and F1 per entity, overall and split by pair type (side–side,
//! side–CRM, CRM–CRM).
//!
//! Pairs are never enumerated: every row lands in one cell of the
//! (predicted cluster × true entity) contingency table of its entity, and
//! the pair counts follow from the cell and margin sizes (`n·(n−1)/2` pairs
//! inside a group of `n`, `s·c` side–CRM pairs in a group of `s` side and
//! `c` CRM rows). Two million rows score in a few seconds.
//!
//! Conventions, each chosen so that the score cannot look better than the
//! output is:
//! - rows are joined on (entity, origin, source, sheet, row). A matches
//!   `source` that is not a truth source is also tried with its leading
//!   directories dropped (`fixtures/demo/side/a.xlsx` → `side/a.xlsx`), since
//!   DESIGN.md keeps the path as given on the command line;
//! - a truth row with an empty `entity_id` (an invalid side row) is its own
//!   entity, and so is a matches row with an empty `cluster`;
//! - a truth row missing from `matches.csv` counts as a predicted singleton
//!   (its true pairs are missed) and is listed; a matches row absent from the
//!   truth cannot be scored, is left out of the counts, and is listed; a
//!   matches row given twice is listed and only its first line counts.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::hash::{BuildHasherDefault, Hasher};
use std::io::Read;

use serde::Serialize;

/// How many listed rows a report keeps per kind (the counts stay exact).
pub const LISTED_ROWS: usize = 1000;

/// Pair counts of one entity and one pair type.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Pairs {
    /// Pairs of rows that are the same real-world entity.
    pub true_pairs: u64,
    /// Pairs of rows put in the same cluster.
    pub predicted_pairs: u64,
    /// Pairs that are both.
    pub correct_pairs: u64,
}

impl Pairs {
    /// `None` when nothing was predicted (precision is undefined, not 1).
    pub fn precision(&self) -> Option<f64> {
        (self.predicted_pairs > 0).then(|| self.correct_pairs as f64 / self.predicted_pairs as f64)
    }

    pub fn recall(&self) -> Option<f64> {
        (self.true_pairs > 0).then(|| self.correct_pairs as f64 / self.true_pairs as f64)
    }

    /// F1 = 2·correct / (true + predicted); `None` when both are zero.
    pub fn f1(&self) -> Option<f64> {
        let d = self.true_pairs + self.predicted_pairs;
        (d > 0).then(|| 2.0 * self.correct_pairs as f64 / d as f64)
    }

    fn add(&mut self, o: Pairs) {
        self.true_pairs += o.true_pairs;
        self.predicted_pairs += o.predicted_pairs;
        self.correct_pairs += o.correct_pairs;
    }
}

/// Scores of one entity.
#[derive(Clone, Debug, Default, Serialize)]
pub struct EntityScore {
    pub entity: String,
    /// Rows scored (truth rows, including those missing from matches).
    pub rows: u64,
    pub all: Pairs,
    pub side_side: Pairs,
    pub side_crm: Pairs,
    pub crm_crm: Pairs,
}

/// One row named by its join key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RowKey {
    pub entity: String,
    pub origin: String,
    pub source: String,
    pub sheet: String,
    pub row: String,
}

impl std::fmt::Display for RowKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sheet =
            if self.sheet.is_empty() { String::new() } else { format!(" › {}", self.sheet) };
        write!(f, "{} {} {}{} row {}", self.entity, self.origin, self.source, sheet, self.row)
    }
}

/// Rows of one kind of mismatch: the exact count and the first
/// [`LISTED_ROWS`].
#[derive(Clone, Debug, Default, Serialize)]
pub struct Listed {
    pub count: u64,
    pub rows: Vec<RowKey>,
}

impl Listed {
    fn push(&mut self, k: impl FnOnce() -> RowKey) {
        self.count += 1;
        if self.rows.len() < LISTED_ROWS {
            self.rows.push(k());
        }
    }
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct Report {
    pub entities: Vec<EntityScore>,
    /// In truth, not in matches: scored as unmatched singletons.
    pub missing_from_matches: Listed,
    /// In matches, not in truth: not scored.
    pub not_in_truth: Listed,
    /// Second and later lines of a row given twice in matches: not scored.
    pub duplicate_in_matches: Listed,
}

/// FxHash (rustc's hasher): the keys here are our own strings and
/// integers, not attacker input, and SipHash made scoring three times
/// slower.
#[derive(Default, Clone, Copy)]
struct Fx(u64);

impl Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut b = [0u8; 8];
            b[..chunk.len()].copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(b));
        }
    }
    fn write_u64(&mut self, x: u64) {
        self.0 = (self.0.rotate_left(5) ^ x).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_u32(&mut self, x: u32) {
        self.write_u64(u64::from(x));
    }
    fn write_u8(&mut self, x: u8) {
        self.write_u64(u64::from(x));
    }
    fn write_usize(&mut self, x: usize) {
        self.write_u64(x as u64);
    }
    /// A final mix: a product's low bits depend only on the input's low
    /// bits, and hashbrown picks buckets with the low bits.
    fn finish(&self) -> u64 {
        let z = (self.0 ^ (self.0 >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z ^ (z >> 31)
    }
}

type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<Fx>>;

/// Interns labels (entity ids, clusters) to dense ids, without keeping
/// them in order: millions of them, never printed.
#[derive(Default)]
struct Labels(FxMap<Box<str>, u32>);

impl Labels {
    fn id(&mut self, s: &str) -> u32 {
        if let Some(&i) = self.0.get(s) {
            return i;
        }
        let i = self.0.len() as u32;
        self.0.insert(s.into(), i);
        i
    }
}

/// Interns names (entities, sources, sheets: few) to dense ids.
#[derive(Default)]
struct Interner {
    ids: FxMap<Box<str>, u32>,
    names: Vec<Box<str>>,
}

impl Interner {
    fn id(&mut self, s: &str) -> u32 {
        if let Some(&i) = self.ids.get(s) {
            return i;
        }
        let i = self.names.len() as u32;
        self.names.push(s.into());
        self.ids.insert(s.into(), i);
        i
    }

    fn get(&self, s: &str) -> Option<u32> {
        self.ids.get(s).copied()
    }

    fn name(&self, i: u32) -> &str {
        self.names.get(i as usize).map_or("", |s| s)
    }
}

/// (entity, origin is side, source, sheet, row).
type Key = (u32, bool, u32, u32, u32);

/// One truth row once read: its true label and, once matches are read,
/// its predicted label.
struct Row {
    entity: u32,
    side: bool,
    truth: u64,
    predicted: Option<u64>,
}

fn err(which: &str, line: u64, e: impl std::fmt::Display) -> String {
    format!("{which} line {line}: {e}")
}

/// Column positions of `names` in a header, by name (order-independent).
fn columns(which: &str, header: &csv::StringRecord, names: &[&str]) -> Result<Vec<usize>, String> {
    names
        .iter()
        .map(|n| {
            header
                .iter()
                .position(|h| h.trim_start_matches('\u{feff}') == *n)
                .ok_or_else(|| format!("{which}: no column `{n}` in the header"))
        })
        .collect()
}

fn origin_is_side(which: &str, line: u64, o: &str) -> Result<bool, String> {
    match o {
        "side" => Ok(true),
        "crm" => Ok(false),
        other => Err(err(which, line, format!("origin `{other}` is neither side nor crm"))),
    }
}

/// Scores `matches` against `truth`, both CSV with headers.
///
/// # Errors
///
/// A file that is not CSV, lacks a required column, or has an origin other
/// than `side`/`crm` or a row that is not a number, with the line.
pub fn score(truth: impl Read, matches: impl Read) -> Result<Report, String> {
    let mut entities = Interner::default();
    let mut sources = Interner::default();
    let mut sheets = Interner::default();
    let mut rows: Vec<Row> = Vec::new();
    let mut index: FxMap<Key, u32> = FxMap::default();
    // Labels: true entity ids and clusters share one u64 space per kind;
    // singletons get fresh labels above every interned one.
    let mut truth_ids = Labels::default();
    let mut fresh: u64 = 1 << 40;
    let mut report = Report::default();

    let mut rdr = csv::ReaderBuilder::new().flexible(true).from_reader(truth);
    let h = rdr.headers().map_err(|e| format!("truth: {e}"))?.clone();
    let c = columns("truth", &h, &["entity", "origin", "source", "sheet", "row", "entity_id"])?;
    let mut rec = csv::StringRecord::new();
    let mut line = 1;
    while rdr.read_record(&mut rec).map_err(|e| format!("truth: {e}"))? {
        line += 1;
        let f = |i: usize| rec.get(c[i]).unwrap_or("");
        let row: u32 = f(4).parse().map_err(|_| err("truth", line, "row is not a number"))?;
        let entity = entities.id(f(0));
        let side = origin_is_side("truth", line, f(1))?;
        let key = (entity, side, sources.id(f(2)), sheets.id(f(3)), row);
        let id = f(5);
        let truth = if id.is_empty() {
            fresh += 1;
            fresh
        } else {
            // One id space per entity: `contact-1` and `company-1` differ
            // anyway, but a custom truth may reuse ids across entities.
            u64::from(truth_ids.id(id)) | (u64::from(entity) << 32)
        };
        if index.insert(key, rows.len() as u32).is_some() {
            return Err(err("truth", line, "this row is given twice"));
        }
        rows.push(Row { entity, side, truth, predicted: None });
    }

    let mut rdr = csv::ReaderBuilder::new().flexible(true).from_reader(matches);
    let h = rdr.headers().map_err(|e| format!("matches: {e}"))?.clone();
    let c = columns("matches", &h, &["entity", "origin", "source", "sheet", "row", "cluster"])?;
    let mut clusters = Labels::default();
    // A matches source → the truth source it names (None: not in truth).
    let mut source_map: HashMap<String, Option<u32>> = HashMap::new();
    let mut line = 1;
    while rdr.read_record(&mut rec).map_err(|e| format!("matches: {e}"))? {
        line += 1;
        let f = |i: usize| rec.get(c[i]).unwrap_or("");
        let key_of = || RowKey {
            entity: f(0).to_string(),
            origin: f(1).to_string(),
            source: f(2).to_string(),
            sheet: f(3).to_string(),
            row: f(4).to_string(),
        };
        let side = origin_is_side("matches", line, f(1))?;
        let source = match source_map.get(f(2)) {
            Some(s) => *s,
            None => {
                let s = resolve_source(&sources, f(2));
                source_map.insert(f(2).to_string(), s);
                s
            }
        };
        let found = (|| {
            let row: u32 = f(4).parse().ok()?;
            let key = (entities.get(f(0))?, side, source?, sheets.get(f(3))?, row);
            index.get(&key).copied()
        })();
        let Some(i) = found else {
            report.not_in_truth.push(key_of);
            continue;
        };
        let row = &mut rows[i as usize];
        if row.predicted.is_some() {
            report.duplicate_in_matches.push(key_of);
            continue;
        }
        let cluster = f(5);
        row.predicted = Some(if cluster.is_empty() {
            fresh += 1;
            fresh
        } else {
            u64::from(clusters.id(cluster)) | (u64::from(row.entity) << 32)
        });
    }

    // Index → key, only to list the missing rows.
    let mut keys: Vec<Option<Key>> = Vec::new();
    if rows.iter().any(|r| r.predicted.is_none()) {
        keys = vec![None; rows.len()];
        for (k, &i) in &index {
            keys[i as usize] = Some(*k);
        }
    }
    for (i, row) in rows.iter_mut().enumerate() {
        if row.predicted.is_none() {
            fresh += 1;
            row.predicted = Some(fresh);
            if let Some(Some((e, side, so, sh, r))) = keys.get(i) {
                report.missing_from_matches.push(|| RowKey {
                    entity: entities.name(*e).to_string(),
                    origin: if *side { "side" } else { "crm" }.to_string(),
                    source: sources.name(*so).to_string(),
                    sheet: sheets.name(*sh).to_string(),
                    row: r.to_string(),
                });
            }
        }
    }
    // Listed rows in file order, whatever the hash map's order was.
    report.missing_from_matches.rows.sort_by(|a, b| {
        (&a.entity, &a.origin, &a.source, &a.sheet, a.row.parse::<u64>().unwrap_or(0)).cmp(&(
            &b.entity,
            &b.origin,
            &b.source,
            &b.sheet,
            b.row.parse::<u64>().unwrap_or(0),
        ))
    });

    report.entities = (0..entities.names.len() as u32)
        .map(|e| {
            let mut s = count(rows.iter().filter(|r| r.entity == e));
            s.entity = entities.name(e).to_string();
            s
        })
        .collect();
    Ok(report)
}

/// The truth source a matches source names: itself, or itself with leading
/// directories dropped one at a time.
fn resolve_source(sources: &Interner, s: &str) -> Option<u32> {
    let s = s.strip_prefix("./").unwrap_or(s);
    let mut rest = s;
    loop {
        if let Some(i) = sources.get(rest) {
            return Some(i);
        }
        rest = &rest[rest.find(['/', '\\'])? + 1..];
    }
}

/// Side and CRM row counts of a group.
#[derive(Clone, Copy, Default)]
struct Sc(u64, u64);

fn choose2(n: u64) -> u64 {
    n * n.saturating_sub(1) / 2
}

/// (side–side, side–CRM, CRM–CRM) pairs inside a group.
fn group_pairs(g: Sc) -> [u64; 3] {
    [choose2(g.0), g.0 * g.1, choose2(g.1)]
}

fn count<'a>(rows: impl Iterator<Item = &'a Row>) -> EntityScore {
    let mut cells: FxMap<(u64, u64), Sc> = FxMap::default();
    let mut pred: FxMap<u64, Sc> = FxMap::default();
    let mut truth: FxMap<u64, Sc> = FxMap::default();
    let mut n = 0;
    for r in rows {
        n += 1;
        let p = r.predicted.unwrap_or_default();
        for g in [
            cells.entry((p, r.truth)).or_default(),
            pred.entry(p).or_default(),
            truth.entry(r.truth).or_default(),
        ] {
            if r.side {
                g.0 += 1;
            } else {
                g.1 += 1;
            }
        }
    }
    let mut by_type = [Pairs::default(); 3];
    for g in cells.values() {
        for (t, p) in by_type.iter_mut().zip(group_pairs(*g)) {
            t.correct_pairs += p;
        }
    }
    for g in pred.values() {
        for (t, p) in by_type.iter_mut().zip(group_pairs(*g)) {
            t.predicted_pairs += p;
        }
    }
    for g in truth.values() {
        for (t, p) in by_type.iter_mut().zip(group_pairs(*g)) {
            t.true_pairs += p;
        }
    }
    let mut all = Pairs::default();
    for t in by_type {
        all.add(t);
    }
    EntityScore {
        entity: String::new(),
        rows: n,
        all,
        side_side: by_type[0],
        side_crm: by_type[1],
        crm_crm: by_type[2],
    }
}

fn pct(x: Option<f64>) -> String {
    x.map_or_else(|| "-".to_string(), |v| format!("{v:.4}"))
}

/// The report as a table a person reads.
pub fn render(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<8} {:<10} {:>9} {:>12} {:>12} {:>12} {:>9} {:>9} {:>9}",
        "entity", "pairs", "rows", "true", "predicted", "correct", "precision", "recall", "F1"
    );
    for e in &report.entities {
        for (label, p, rows) in [
            ("all", e.all, e.rows.to_string()),
            ("side–side", e.side_side, String::new()),
            ("side–CRM", e.side_crm, String::new()),
            ("CRM–CRM", e.crm_crm, String::new()),
        ] {
            let name = if label == "all" { e.entity.as_str() } else { "" };
            // `{:<10}` pads by chars, and the en dash is one.
            let _ = writeln!(
                out,
                "{:<8} {:<10} {:>9} {:>12} {:>12} {:>12} {:>9} {:>9} {:>9}",
                name,
                label,
                rows,
                p.true_pairs,
                p.predicted_pairs,
                p.correct_pairs,
                pct(p.precision()),
                pct(p.recall()),
                pct(p.f1())
            );
        }
    }
    for (title, l) in [
        ("in truth but not in matches (scored as unmatched)", &report.missing_from_matches),
        ("in matches but not in truth (not scored)", &report.not_in_truth),
        ("given twice in matches (later lines not scored)", &report.duplicate_in_matches),
    ] {
        if l.count == 0 {
            continue;
        }
        let _ = writeln!(out, "\n{} rows {title}:", l.count);
        for k in l.rows.iter().take(20) {
            let _ = writeln!(out, "  {k}");
        }
        if l.count > 20 {
            let _ = writeln!(
                out,
                "  … and {} more (all of the first {LISTED_ROWS} with --json)",
                l.count - 20
            );
        }
    }
    out
}

#[cfg(test)]
mod tests;
