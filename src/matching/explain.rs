//! Why two records were linked, in numbers and in words.
//!
//! Each field's level and weight (the waterfall: the prior plus each
//! field's log₂ Bayes factor gives the score), and one line a sales
//! manager can read: `same email; company close: dupont conseil /
//! dupont conseils; first name differs: jean / marie`.

use serde::Serialize;

use super::compare::{FieldKind, Levels, MISSING};
use super::contest;
use super::features::Features;
use super::rules::Rule;
use super::weights::{Model, probability};

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Part {
    pub field: &'static str,
    pub level: &'static str,
    pub weight: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Explanation {
    pub prior: f64,
    pub parts: Vec<Part>,
    pub probability: f64,
    pub text: String,
}

/// `score` is the pair's probability when known (a link's): a deal row
/// weighed against all its contact's CRM deals (see [`super::contest`])
/// scores other than its fields alone say, and the waterfall shows the
/// difference as a part of its own.
pub fn explain(
    model: &Model,
    levels: &Levels,
    a: &Features,
    b: &Features,
    rule: Option<Rule>,
    score: Option<f64>,
) -> Explanation {
    let weights = model.weights(levels, a, b);
    let mut parts = Vec::new();
    let mut phrases: Vec<(f64, String)> = Vec::new();
    for (i, fm) in model.fields.iter().enumerate() {
        let level = levels[i];
        let label = fm.field.levels()[level as usize];
        parts.push(Part { field: fm.field.name(), level: label, weight: weights[i] });
        if level == MISSING {
            continue;
        }
        let name = fm.field.name().replace('_', " ");
        let (x, y) = (value(fm.field, a), value(fm.field, b));
        let phrase = if level == 1 {
            format!("same {name}")
        } else if label == "different" {
            format!("{name} differs: {x} / {y}")
        } else {
            format!("{name} {label}: {x} / {y}")
        };
        phrases.push((weights[i], phrase));
    }
    // Strongest evidence first, for and then against.
    phrases.sort_by(|p, q| q.0.abs().total_cmp(&p.0.abs()));
    let mut text: Vec<String> = Vec::new();
    if let Some(r) = rule {
        text.push(r.describe().to_string());
    }
    text.extend(phrases.iter().filter(|p| p.0 >= 0.0).map(|p| p.1.clone()));
    text.extend(phrases.iter().filter(|p| p.0 < 0.0).map(|p| p.1.clone()));
    let mut total = model.prior() + weights.iter().sum::<f64>();
    if let Some(p) = score
        && contest::is_contested(&model.field_kinds(), levels, a, b)
    {
        let clamped = p.clamp(1e-12, 1.0 - 1e-12);
        let weight = (clamped / (1.0 - clamped)).log2() - total;
        let deals = a.contact_crm_deals.max(b.contact_crm_deals);
        parts.push(Part { field: "customer", level: CONTEST_LEVEL, weight });
        text.push(if weight >= 0.0 {
            format!("fits best of the contact's {deals} CRM deals")
        } else {
            format!("not clearly one of the contact's {deals} CRM deals")
        });
        total += weight;
    }
    Explanation {
        prior: model.prior(),
        parts,
        probability: probability(total),
        text: text.join("; "),
    }
}

/// The waterfall's label for what weighing a row against all its
/// contact's CRM deals added.
const CONTEST_LEVEL: &str = "weighed against the contact's other CRM deals";

/// A field's value as the explanation shows it.
fn value(field: FieldKind, f: &Features) -> String {
    let s = |o: &Option<compact_str::CompactString>| o.as_deref().unwrap_or("").to_string();
    match field {
        FieldKind::FirstName => s(&f.first),
        FieldKind::LastName => s(&f.last),
        FieldKind::Email => f.emails.first().map(|e| e.address.to_string()).unwrap_or_default(),
        FieldKind::Phone => f.phones.first().map(|p| format!("+{}", p.digits)).unwrap_or_default(),
        FieldKind::Company => s(&f.company),
        FieldKind::Domain => s(&f.domain),
        FieldKind::Siren => f.siren.map(|x| format!("{x:09}")).unwrap_or_default(),
        FieldKind::City => s(&f.city),
        FieldKind::PostalCode => s(&f.postal_code),
        FieldKind::DealName => s(&f.deal_name),
        FieldKind::Amount => f.amount.map(|x| format!("{x}")).unwrap_or_default(),
        FieldKind::CloseDate => f
            .close_date
            .and_then(chrono::NaiveDate::from_num_days_from_ce_opt)
            .map(|d| d.to_string())
            .unwrap_or_default(),
        FieldKind::Owner => s(&f.owner),
        FieldKind::Contact => f.contact_ref.map(|c| format!("#{c}")).unwrap_or_default(),
        FieldKind::JobTitle => s(&f.job_title),
        FieldKind::Stage => f.stage.map(|st| st.id().to_string()).unwrap_or_default(),
        FieldKind::NextAction => s(&f.next_action),
        FieldKind::Custom(c) => f
            .custom
            .get(c.slot as usize)
            .and_then(Option::as_ref)
            .map(|v| v.display())
            .unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matching::compare::compare;
    use crate::matching::features::EmailKey;
    use crate::matching::patterns::count;
    use crate::matching::weights::RandomSample;
    use crate::model::Entity;

    fn person(first: &str, last: &str, email: &str) -> Features {
        Features {
            first: Some(first.into()),
            last: Some(last.into()),
            emails: vec![EmailKey {
                address: email.into(),
                at: email.find('@').unwrap() as u8,
                role: false,
                free: false,
            }],
            ..Features::default()
        }
    }

    #[test]
    fn the_waterfall_adds_up_and_the_sentence_names_each_field() {
        let fields = [FieldKind::FirstName, FieldKind::LastName, FieldKind::Email];
        let records: Vec<Features> = (0..60)
            .map(|i| person(&format!("p{i}"), &format!("n{i}"), &format!("p{i}@x.fr")))
            .collect();
        let pairs: Vec<(u32, u32)> = (0..59).map(|i| (i, i + 1)).collect();
        let compared: Vec<_> = pairs
            .iter()
            .map(|&(a, b)| compare(&fields, &records[a as usize], &records[b as usize]))
            .collect();
        let random = RandomSample::draw(&fields, &records);
        let model = Model::train(
            Entity::Contact,
            &fields,
            &records,
            &count(&compared),
            &random,
            None,
            None,
        );

        let (a, b) =
            (person("jean", "dupont", "jd@acme.fr"), person("marie", "dupont", "jd@acme.fr"));
        let levels = compare(&fields, &a, &b);
        let e = explain(&model, &levels, &a, &b, None, None);
        assert_eq!(e.parts.len(), 3);
        let total = e.prior + e.parts.iter().map(|p| p.weight).sum::<f64>();
        assert!((e.probability - probability(total)).abs() < 1e-12);
        assert!((e.probability - model.probability(&levels, &a, &b)).abs() < 1e-12);
        assert!(e.text.contains("same email"), "{}", e.text);
        assert!(e.text.contains("first name differs: jean / marie"), "{}", e.text);
        // Evidence for comes before evidence against.
        assert!(e.text.find("same email") < e.text.find("differs"), "{}", e.text);
        let ruled = explain(&model, &levels, &a, &b, Some(Rule::SameEmail), None);
        assert!(ruled.text.starts_with("same personal email"), "{}", ruled.text);
    }
}
