//! Web domains: from a website cell or a company email to the bare domain
//! that identifies a company (`https://www.Acme.fr/contact` → `acme.fr`).

use super::{is_placeholder, trim_invisible};
use crate::model::IssueKind;
use crate::normalize::Normalized;
use crate::normalize::email::Email;

/// Hosts of pages about a company that are not its own site: a domain from
/// them would make every company with a Facebook page the same company.
const NOT_OWN_SITE: &[&str] = &[
    "facebook.com",
    "fb.com",
    "linkedin.com",
    "fr.linkedin.com",
    "instagram.com",
    "twitter.com",
    "x.com",
    "youtube.com",
    "tiktok.com",
    "google.com",
    "maps.google.com",
    "goo.gl",
    "g.page",
    "bit.ly",
    "pagesjaunes.fr",
    "societe.com",
    "infogreffe.fr",
    "pappers.fr",
    "verif.com",
    "annuaire-entreprises.data.gouv.fr",
    "yelp.com",
    "yelp.fr",
    "tripadvisor.com",
    "tripadvisor.fr",
];

/// A website cell → its bare domain (`https://www.Acme.fr/contact` →
/// `acme.fr`). Blank cells and placeholders give none without a problem;
/// text that is no web address, an email address and a social-network page
/// give none with [`IssueKind::InvalidWebsite`]. A second site in the cell
/// is named in a [`IssueKind::MultipleValues`] problem.
pub fn normalize_website(raw: &str) -> Normalized<String> {
    let s = trim_invisible(raw);
    if s.is_empty()
        || (s.len() <= 24 && !s.contains('.') && is_placeholder(&crate::ingest::synonyms::fold(s)))
    {
        return Normalized::none();
    }
    let mut parts = s
        .split([';', ',', '|', '\n', ' ', '\t'])
        .map(|p| p.trim_matches(|c: char| c.is_whitespace() || "\"'<>()[]".contains(c)))
        .filter(|p| !p.is_empty() && *p != "/" && *p != "-" && !p.eq_ignore_ascii_case("et"));
    let first = parts.next().unwrap_or("");
    let rest: Vec<&str> = parts.collect();
    // Several words that are not all addresses: a sentence, not a site.
    if !rest.is_empty() && !rest.iter().all(|p| p.contains('.')) {
        return Normalized::invalid(
            IssueKind::InvalidWebsite,
            format!("`{s}` is not a web address"),
        );
    }
    let mut out = match domain_of(first) {
        Ok(d) => Normalized::ok(d),
        Err(why) => return Normalized::invalid(IssueKind::InvalidWebsite, why),
    };
    if !rest.is_empty() {
        out = out.with(
            IssueKind::MultipleValues,
            format!(
                "{} sites in one cell: {first} is used, {} kept aside",
                rest.len() + 1,
                rest.join(", ")
            ),
        );
    }
    out
}

fn domain_of(s: &str) -> Result<String, String> {
    let lower = s.to_lowercase();
    let mut rest = lower.as_str();
    let mut had_scheme = false;
    for scheme in ["https://", "http://", "https//", "http//", "https:/", "http:/", "ftp://", "//"]
    {
        if let Some(r) = rest.strip_prefix(scheme) {
            rest = r;
            had_scheme = true;
            break;
        }
    }
    if !had_scheme && rest.contains("://") {
        return Err(format!("`{s}` is not a web address"));
    }
    let host_end = rest.find(['/', '?', '#', '\\']).unwrap_or(rest.len());
    let mut host = &rest[..host_end];
    if host.contains('@') {
        if !had_scheme {
            return Err(format!("`{s}` is an email address, not a website"));
        }
        host = host.rsplit('@').next().unwrap_or(host);
    }
    if let Some((h, port)) = host.rsplit_once(':')
        && port.bytes().all(|b| b.is_ascii_digit())
    {
        host = h;
    }
    let host = host.trim_end_matches('.');
    let stripped = strip_www(host);
    if stripped == host && host.starts_with("www") && host.matches('.').count() == 1 {
        return Err(format!("`{s}` has no domain suffix (.fr, .com…)"));
    }
    let host = stripped;
    if host.is_empty() {
        return Err(format!("`{s}` has no domain"));
    }
    let labels: Vec<&str> = host.split('.').collect();
    if labels.len() < 2 {
        return Err(format!("`{s}` has no domain suffix (.fr, .com…)"));
    }
    if labels.iter().all(|l| !l.is_empty() && l.bytes().all(|b| b.is_ascii_digit())) {
        return Err(format!("`{s}` is an IP address, not a company's domain"));
    }
    for l in &labels {
        if l.is_empty()
            || l.len() > 63
            || l.starts_with('-')
            || l.ends_with('-')
            || !l.chars().all(|c| c.is_alphanumeric() || c == '-')
        {
            return Err(format!("`{s}` is not a web address"));
        }
    }
    let tld = labels[labels.len() - 1];
    if tld.chars().count() < 2 || !(tld.chars().all(char::is_alphabetic) || tld.starts_with("xn--"))
    {
        return Err(format!("`{s}` does not end in a domain suffix (.fr, .com…)"));
    }
    if NOT_OWN_SITE.contains(&host) {
        return Err(format!("`{s}` is a page on {host}, not the company's own site"));
    }
    Ok(host.to_string())
}

/// `www.`, `www2.` and the like removed: they name a server, not the
/// company.
fn strip_www(host: &str) -> &str {
    if let Some(rest) = host.strip_prefix("www") {
        let rest = rest.trim_start_matches(|c: char| c.is_ascii_digit());
        if let Some(r) = rest.strip_prefix('.')
            && r.contains('.')
        {
            return r;
        }
    }
    host
}

/// The company's web domain from an email: the domain of a non-free-mail
/// address (`jean@acme.fr` → `acme.fr`); none for free-mail (`@orange.fr`
/// says nothing about the company), including likely typos of it.
pub fn company_domain(email: &Email) -> Option<String> {
    if email.free_mail {
        return None;
    }
    let d = strip_www(email.domain());
    (!d.is_empty()).then(|| d.to_string())
}
