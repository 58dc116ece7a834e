//! The Summary sheet: what a manager reads first. From the top: what to
//! do first (each line links to its sheet), the KPIs in words, records by
//! entity and status, the pipeline in the CRM against the pipeline that
//! lives only in spreadsheets, adoption per owner, the inputs, and an index
//! of the sheets. Charts sit on the right, drawn from these tables.

use std::collections::BTreeMap;

use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::utility::quote_sheet_name;
use rust_xlsxwriter::{Chart, ChartType, ColNum, RowNum, Workbook, Worksheet};

use super::style::{Cell, Look, Styles};
use super::text::{entity, status, tr};
use super::{Run, SUMMARY};
use crate::model::Entity;
use crate::reconcile::kpi::{self, Lang};
use crate::reconcile::status::Status;

/// Column of the charts (J), right of the tables.
const CHART_COL: ColNum = 9;

/// Per entity (with records), per status: records shown on the sheets.
pub fn counts(run: &Run<'_>) -> Vec<(Entity, BTreeMap<Status, usize>)> {
    Entity::ALL
        .into_iter()
        .filter_map(|e| {
            let mut by: BTreeMap<Status, usize> = Status::ALL.iter().map(|&s| (s, 0)).collect();
            let mut any = false;
            for (i, (r, o)) in run.records.iter().zip(run.outcomes).enumerate() {
                if r.entity == e && run.shown(i) {
                    *by.entry(o.status).or_default() += 1;
                    any = true;
                }
            }
            any.then_some((e, by))
        })
        .collect()
}

struct Cursor<'a> {
    ws: &'a mut Worksheet,
    styles: &'a mut Styles,
    row: RowNum,
}

impl Cursor<'_> {
    fn cells(&mut self, cells: &[Cell]) -> anyhow::Result<()> {
        for (c, cell) in cells.iter().enumerate() {
            self.styles.write(self.ws, self.row, c as ColNum, cell, Look::Plain, false)?;
        }
        self.row += 1;
        Ok(())
    }

    fn header(&mut self, headers: &[&str]) -> anyhow::Result<()> {
        for (c, h) in headers.iter().enumerate() {
            self.ws.write_string_with_format(self.row, c as ColNum, *h, &self.styles.header)?;
        }
        // Two lines: headers such as "Deals without next action" wrap.
        self.ws.set_row_height(self.row, 30)?;
        self.row += 1;
        Ok(())
    }

    fn title(&mut self, text: &str) -> anyhow::Result<()> {
        self.row += 1;
        self.ws.write_string_with_format(self.row, 0, text, &self.styles.subtitle)?;
        self.row += 1;
        Ok(())
    }
}

/// One chart series per table column: named by the header above `top`,
/// categories from column A, values from `top..=last`.
fn column_series(
    chart: &mut Chart,
    top: RowNum,
    last: RowNum,
    columns: impl IntoIterator<Item = ColNum>,
) {
    for col in columns {
        chart
            .add_series()
            .set_name((SUMMARY, top - 1, col))
            .set_categories((SUMMARY, top, 0, last, 0))
            .set_values((SUMMARY, top, col, last, col));
    }
}

fn link(sheet: &str, text: String) -> Cell {
    Cell::Link { url: format!("internal:{}!A1", quote_sheet_name(sheet)), text }
}

/// `written`: `(sheet, sheets written, data rows)` of the other sheets.
pub fn write(
    run: &Run<'_>,
    wb: &mut Workbook,
    styles: &mut Styles,
    written: &[(&'static str, Vec<String>, usize)],
    dup_clusters: usize,
) -> anyhow::Result<()> {
    let lang = run.lang;
    let ws = wb.worksheet_from_name(SUMMARY)?;
    ws.set_column_width(0, 36)?;
    for c in 1..=7 {
        ws.set_column_width(c, 15)?;
    }
    ws.set_tab_color(0x1F4E79);
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    let mut at = Cursor { ws, styles, row: 0 };
    let title = if run.reconciliation.is_some() {
        tr(
            lang,
            "Reconciliation of the CRM and the sales spreadsheets",
            "Rapprochement du CRM et des fichiers commerciaux",
        )
    } else {
        tr(lang, "Duplicates in the sales spreadsheets", "Doublons dans les fichiers commerciaux")
    };
    at.ws.write_string_with_format(0, 0, title, &at.styles.title)?;
    at.row = 1;
    let mut run_line = format!(
        "{} {} · crmrecon {} · {} {}",
        tr(lang, "Run", "Exécution"),
        run.started.format("%Y-%m-%d %H:%M"),
        run.version,
        tr(lang, "reference date", "date de référence"),
        run.today.format("%Y-%m-%d"),
    );
    if let Some(t) = run.target {
        run_line.push_str(&format!(" · {} {t}", tr(lang, "import for", "import pour")));
    }
    at.cells(&[Cell::text(run_line)])?;

    // What to do first: decisions, then what to import, then what to fix.
    let rows_of = |name: &str| written.iter().find(|w| w.0 == name).map_or(0, |w| w.2);
    let overdue = run.quality.map_or(0, |q| {
        q.findings
            .iter()
            .filter(|f| {
                run.shown(f.record)
                    && matches!(
                        f.kind,
                        crate::reconcile::quality::FindingKind::OverdueNextAction
                            | crate::reconcile::quality::FindingKind::StaleCloseDate
                    )
            })
            .count()
    });
    at.title(tr(lang, "What to do first", "Par quoi commencer"))?;
    let mut todo: Vec<(usize, &str, String)> = Vec::new();
    let mut push = |n: usize, sheet: &'static str, en: &str, fr: &str| {
        if written.iter().any(|w| w.0 == sheet) {
            todo.push((n, sheet, tr_owned(lang, en, fr)));
        }
    };
    push(
        rows_of(super::CONFLICTS),
        super::CONFLICTS,
        "conflicting fields: choose keep CRM or take side in the Decision column",
        "champs en conflit : choisir keep CRM ou take side dans la colonne Decision",
    );
    push(
        rows_of(super::REVIEW),
        super::REVIEW,
        "possible matches: answer same or different",
        "correspondances possibles : répondre same ou different",
    );
    push(
        dup_clusters,
        super::DUPLICATES,
        "groups of duplicates: check them, split a wrong member",
        "groupes de doublons : les vérifier, split pour séparer une fiche",
    );
    push(
        overdue,
        super::QUALITY,
        "open deals with an overdue next action or a past close date",
        "affaires ouvertes en retard (prochaine action ou date de clôture dépassée)",
    );
    push(
        rows_of(super::QUALITY),
        super::QUALITY,
        "data quality findings, each pointing at its cell",
        "problèmes de qualité, chacun avec sa cellule",
    );
    push(
        rows_of(super::NEW),
        super::NEW,
        "records to create in the CRM (see the import folder)",
        "fiches à créer dans le CRM (voir le dossier import)",
    );
    push(
        rows_of(super::UPDATES),
        super::UPDATES,
        "empty CRM fields the spreadsheets fill",
        "champs vides du CRM que les fichiers complètent",
    );
    // Nothing to do is said too: a manager sees that it was checked.
    for (n, sheet, text) in todo {
        at.cells(&[link(sheet, format!("{n} {text} → {sheet}"))])?;
    }

    if let Some(k) = run.kpis {
        at.title(tr(lang, "Key figures", "Chiffres clés"))?;
        for line in kpi::lines(k, lang) {
            at.cells(&[Cell::text(line)])?;
        }
    }

    // Records by entity and status.
    at.title(tr(lang, "Records by status", "Fiches par statut"))?;
    let counts = counts(run);
    let statuses: Vec<Status> =
        Status::ALL.into_iter().filter(|s| counts.iter().any(|(_, by)| by[s] > 0)).collect();
    let mut headers = vec![tr(lang, "Entity", "Entité")];
    headers.extend(statuses.iter().map(|&s| status(lang, s)));
    at.header(&headers)?;
    let status_top = at.row;
    for (e, by) in &counts {
        let mut cells = vec![Cell::text(entity(lang, *e))];
        cells.extend(statuses.iter().map(|s| Cell::Int(by[s] as i64)));
        at.cells(&cells)?;
    }
    let mut chart_row = 2;
    // The chart shows side records: CRM records (status `crm`) would dwarf
    // the statuses a person acts on.
    let charted = statuses.iter().take_while(|&&s| s != Status::Crm).count();
    if !counts.is_empty() && charted > 0 {
        let mut chart = Chart::new(ChartType::ColumnStacked);
        chart.title().set_name(tr(lang, "Records by status", "Fiches par statut"));
        for (k, _) in counts.iter().enumerate() {
            let r = status_top + k as RowNum;
            chart
                .add_series()
                .set_name((SUMMARY, r, 0))
                .set_categories((SUMMARY, status_top - 1, 1, status_top - 1, charted as ColNum))
                .set_values((SUMMARY, r, 1, r, charted as ColNum));
        }
        chart.set_width(560).set_height(300);
        at.ws.insert_chart(chart_row, CHART_COL, &chart)?;
        chart_row += 16;
    }

    if let Some(k) = run.kpis {
        pipeline(&mut at, lang, k, &mut chart_row)?;
        owners(&mut at, lang, k, &mut chart_row)?;
    }
    if let Some(t) = run.trend {
        trend(&mut at, lang, t, &mut chart_row)?;
    }

    // Inputs.
    at.title(tr(lang, "Inputs", "Fichiers lus"))?;
    at.header(&[
        tr(lang, "File", "Fichier"),
        tr(lang, "Sheet", "Feuille"),
        tr(lang, "Origin", "Origine"),
        tr(lang, "Entity", "Entité"),
        tr(lang, "Rows", "Lignes"),
    ])?;
    for s in run.sources {
        at.cells(&[
            Cell::text(s.source.clone()),
            Cell::text(s.sheet.clone()),
            Cell::text(s.origin.as_str()),
            Cell::opt(s.entity.map(|e| entity(lang, e))),
            Cell::Int(s.rows_read as i64),
        ])?;
    }

    // Index.
    at.title(tr(lang, "Sheets", "Feuilles"))?;
    at.header(&[tr(lang, "Sheet", "Feuille"), tr(lang, "Lines", "Lignes")])?;
    for (_, names, n) in written {
        for (k, name) in names.iter().enumerate() {
            let lines = if k == 0 { Cell::Int(*n as i64) } else { Cell::Empty };
            at.cells(&[link(name, name.clone()), lines])?;
        }
    }
    Ok(())
}

fn tr_owned(lang: Lang, en: &str, fr: &str) -> String {
    match lang {
        Lang::En => en.to_string(),
        Lang::Fr => fr.to_string(),
    }
}

fn pipeline(
    at: &mut Cursor<'_>,
    lang: Lang,
    k: &kpi::Kpis,
    chart_row: &mut RowNum,
) -> anyhow::Result<()> {
    let p = &k.pipeline;
    let currencies: Vec<&String> = p
        .crm
        .amounts
        .keys()
        .chain(p.side_only.amounts.keys())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    if currencies.is_empty() {
        return Ok(());
    }
    at.title(tr(lang, "Open pipeline", "Pipeline ouvert"))?;
    at.header(&[
        tr(lang, "Currency", "Devise"),
        tr(lang, "In the CRM", "Dans le CRM"),
        tr(lang, "Only in spreadsheets", "Seulement dans les fichiers"),
    ])?;
    let top = at.row;
    for c in &currencies {
        let cur = (c.as_str() != kpi::NO_CURRENCY).then_some(c.as_str());
        let amount = |m: &BTreeMap<String, rust_decimal::Decimal>| {
            m.get(*c)
                .and_then(|d| d.to_f64())
                .map_or(Cell::Amount(0.0, None), |x| Cell::Amount(x, None))
        };
        let (crm, side) = (amount(&p.crm.amounts), amount(&p.side_only.amounts));
        let name = cur.unwrap_or(tr(lang, "(no currency)", "(sans devise)"));
        at.styles.write(at.ws, at.row, 0, &Cell::text(name), Look::Plain, false)?;
        for (col, cell) in [(1, crm), (2, side)] {
            if let Cell::Amount(x, _) = cell {
                let f = at.styles.amount(cur).clone();
                at.ws.write_number_with_format(at.row, col, x, &f)?;
            }
        }
        at.row += 1;
    }
    let mut chart = Chart::new(ChartType::Column);
    chart.y_axis().set_num_format("#,##0");
    chart.title().set_name(tr(
        lang,
        "Open pipeline: CRM vs spreadsheets only",
        "Pipeline ouvert : CRM / fichiers seuls",
    ));
    let last = at.row - 1;
    column_series(&mut chart, top, last, [1, 2]);
    chart.set_width(560).set_height(300);
    at.ws.insert_chart(*chart_row, CHART_COL, &chart)?;
    *chart_row += 16;
    Ok(())
}

fn owners(
    at: &mut Cursor<'_>,
    lang: Lang,
    k: &kpi::Kpis,
    chart_row: &mut RowNum,
) -> anyhow::Result<()> {
    if k.owners.is_empty() {
        return Ok(());
    }
    at.title(tr(lang, "Adoption by owner", "Adoption par commercial"))?;
    at.header(&[
        tr(lang, "Owner", "Commercial"),
        tr(lang, "Active in the CRM", "Actif dans le CRM"),
        tr(lang, "CRM records", "Fiches CRM"),
        tr(lang, "Only in spreadsheets", "Seulement dans les fichiers"),
        tr(lang, "Open deals", "Affaires ouvertes"),
        tr(lang, "Deals without next action", "Affaires sans prochaine action"),
        tr(lang, "CRM lagging", "CRM en retard"),
        tr(lang, "Median lag (days)", "Retard médian (jours)"),
    ])?;
    let top = at.row;
    for o in &k.owners {
        let name = o
            .owner
            .clone()
            .unwrap_or_else(|| tr(lang, "(no owner)", "(sans commercial)").to_string());
        let active = if o.active { tr(lang, "yes", "oui") } else { tr(lang, "no", "non") };
        at.cells(&[
            Cell::text(name),
            Cell::text(active),
            Cell::Int(o.crm_records as i64),
            Cell::Int(o.side_only as i64),
            Cell::Int(o.open_deals as i64),
            Cell::Int(o.deals_without_next_action as i64),
            Cell::Int(o.crm_lag as i64),
            o.crm_lag_median_days.map_or(Cell::Empty, |d| Cell::Int(d.round() as i64)),
        ])?;
    }
    let last = at.row - 1;
    let mut chart = Chart::new(ChartType::Bar);
    chart.title().set_name(tr(lang, "By owner", "Par commercial"));
    column_series(&mut chart, top, last, [3, 5, 6]);
    let height = (200 + 40 * k.owners.len() as u32).clamp(300, 900);
    chart.set_width(560).set_height(height);
    at.ws.insert_chart(*chart_row, CHART_COL, &chart)?;
    *chart_row += height / 20 + 1;
    Ok(())
}

/// The KPIs whose trend the Summary shows, in this order, when a run
/// measured them: the ones a manager follows week after week.
const TREND_KPIS: &[(&str, &str, &str)] = &[
    ("duplicate_rate.side", "Duplicates (side)", "Doublons (fichiers)"),
    ("next_action_rate.side", "Next action (side)", "Prochaine action (fichiers)"),
    ("next_action_rate.crm", "Next action (CRM)", "Prochaine action (CRM)"),
    ("overdue_next_action_rate.crm", "Overdue (CRM)", "En retard (CRM)"),
    ("missing_critical_rate.contact", "Contacts incomplete", "Contacts incomplets"),
    ("missing_critical_rate.deal", "Deals incomplete", "Affaires incomplètes"),
];

/// The trend of the main KPIs over the last runs (`--history`): one row
/// per run, one column per KPI, and a line chart of the same table.
fn trend(
    at: &mut Cursor<'_>,
    lang: Lang,
    t: &crate::reconcile::history::Trend,
    chart_row: &mut RowNum,
) -> anyhow::Result<()> {
    let shown: Vec<&(&str, &str, &str)> =
        TREND_KPIS.iter().filter(|(key, _, _)| t.kpis.contains_key(*key)).collect();
    if shown.is_empty() || t.dates.is_empty() {
        return Ok(());
    }
    at.title(tr(lang, "Trend over the last runs", "Évolution sur les dernières exécutions"))?;
    let mut headers = vec![tr(lang, "Run", "Exécution")];
    headers.extend(shown.iter().map(|(_, en, fr)| tr(lang, en, fr)));
    at.header(&headers)?;
    let top = at.row;
    let percent = rust_xlsxwriter::Format::new().set_num_format("0.0%");
    for (run, date) in t.dates.iter().enumerate() {
        let label = date.map_or_else(|| format!("#{}", run + 1), |d| d.to_string());
        at.ws.write_string(at.row, 0, label)?;
        for (col, (key, _, _)) in shown.iter().enumerate() {
            if let Some(Some(v)) = t.kpis[*key].get(run) {
                at.ws.write_number_with_format(at.row, col as ColNum + 1, *v, &percent)?;
            }
        }
        at.row += 1;
    }
    let last = at.row - 1;
    let mut chart = Chart::new(ChartType::Line);
    chart.title().set_name(tr(lang, "Trend", "Évolution"));
    chart.y_axis().set_num_format("0%");
    column_series(&mut chart, top, last, 1..=shown.len() as ColNum);
    chart.set_width(560).set_height(300);
    at.ws.insert_chart(*chart_row, CHART_COL, &chart)?;
    *chart_row += 16;
    Ok(())
}
