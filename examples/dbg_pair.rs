use crmrecon::config::Config;
use crmrecon::matching::{self, Settings};
use crmrecon::model::{Entity, Origin};
use crmrecon::normalize::record;
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let key = &args[1];
    let config = Config::default();
    let bar = indicatif::ProgressBar::hidden();
    let paths: Vec<std::path::PathBuf> = args[2..].iter().map(Into::into).collect();
    let inputs = crmrecon::ingest::read_paths(&paths, &config.ingest, &bar);
    let records =
        record::normalize_tables(&inputs.tables, Origin::Side, &config.normalize_context());
    let m = matching::match_records(&records, Settings::default());
    let e = m.entities.iter().find(|e| e.entity == Entity::Company).unwrap();
    let idx: Vec<usize> = (0..e.features.len())
        .filter(|&k| e.features[k].company.as_deref() == Some(key.as_str()))
        .collect();
    for &k in &idx {
        let f = &e.features[k];
        println!(
            "{k} {:?} cl={} amb={} city={:?} pc={:?} dom={:?}",
            records[e.records[k]].provenance,
            e.cluster[k],
            f.ambiguous_name,
            f.city,
            f.postal_code,
            f.domain
        );
    }
    for l in e.links.iter().chain(e.review.iter()) {
        if idx.contains(&(l.a as usize)) || idx.contains(&(l.b as usize)) {
            println!("link {} {} {:.4} {:?}", l.a, l.b, l.probability, l.rule);
        }
    }
}
