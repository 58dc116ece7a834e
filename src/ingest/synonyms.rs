//! French and English header synonyms for each role, and the folding that
//! lets `Tél. portable`, `TEL PORTABLE` and `tel_portable` meet.
//!
//! Lookup goes from the most to the least certain evidence: the whole folded
//! header in a table of known headers (`Prénom`, `Deal Stage`, Salesforce
//! `MailingCity`…), the same without a parenthesised part (`Email (Work)`),
//! a CRM entity prefix (`Deal - Title`, `Organization - Name`, or a merged
//! group label `Contact - Nom`), then keywords anywhere in the header
//! (`Tél. portable perso` → mobile). Some single words (`Nom`, `Contact`,
//! `Client`, `Date`, `Statut`, `Name`, `Title`) cannot be decided from the
//! header alone: they come back as [`Ambiguous`] for `roles` to settle with
//! the other columns and the values.

use std::collections::HashMap;
use std::sync::OnceLock;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use crate::model::{Entity, Role};

/// Confidence of a whole-header match in the table.
const EXACT: f32 = 0.95;
/// Confidence of a match after removing an entity prefix or a parenthesis.
const PREFIXED: f32 = 0.85;
/// Confidence of a keyword match inside a longer header.
const KEYWORD: f32 = 0.75;

/// A header word whose role depends on the rest of the sheet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ambiguous {
    /// French `Nom`: a last name next to a `Prénom` column, a full name when
    /// the values hold two words, a company in a company list.
    Nom,
    /// English `Name`: full name, deal name (Salesforce opportunities, Odoo
    /// leads) or company name (Salesforce accounts) depending on the sheet.
    Name,
    /// `Contact`: a person's name, or their email or phone by the values.
    Contact,
    /// `Client`, `Compte`, `Account`: usually the company.
    Client,
    /// `Date`: which date depends on the sheet and on past or future values.
    Date,
    /// `Statut`, `Status`, `État`: a deal stage only in a deal sheet.
    Status,
    /// `Titre`, `Title`: a job title, or the deal name in a deal sheet.
    Title,
}

impl Ambiguous {
    /// The role taken when nothing else decides.
    pub fn default_role(self) -> Role {
        match self {
            Ambiguous::Nom => Role::LastName,
            Ambiguous::Name | Ambiguous::Contact => Role::FullName,
            Ambiguous::Client => Role::Company,
            Ambiguous::Date => Role::Custom,
            Ambiguous::Status => Role::Custom,
            Ambiguous::Title => Role::JobTitle,
        }
    }
}

/// What the header alone says about a column.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Guess {
    /// `Role::Custom` with a non-zero confidence means "a known header that
    /// is not one of our roles" (`Fax`, `Industry`, `Lead Source`): values
    /// must not turn it into something else.
    pub role: Role,
    pub confidence: f32,
    pub ambiguous: Option<Ambiguous>,
}

impl Guess {
    fn new(role: Role, confidence: f32) -> Guess {
        Guess { role, confidence, ambiguous: None }
    }

    fn ambiguous(word: Ambiguous, confidence: f32) -> Guess {
        Guess { role: word.default_role(), confidence, ambiguous: Some(word) }
    }

    /// True when the header is known not to be one of our roles.
    pub fn is_known_other(&self) -> bool {
        self.role == Role::Custom && self.ambiguous.is_none() && self.confidence > 0.0
    }
}

/// Fold a header (or a short value) for comparison: accents removed (NFD,
/// combining marks dropped), `œ` → `oe`, `ß` → `ss`, lowercase, camelCase and
/// letter/digit boundaries split (`MailingCity` → `mailing city`, `Email2`
/// → `email 2`), every other character (punctuation, apostrophes, NBSP, `°`)
/// a single space, trimmed.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    // Kind of the previous base character: 0 separator, 1 lower, 2 upper, 3 digit.
    let mut prev = 0u8;
    let push_sep = |out: &mut String| {
        if !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
    };
    for c in s.nfd() {
        if is_combining_mark(c) {
            continue;
        }
        let expanded: Option<&str> = match c {
            'œ' | 'Œ' => Some("oe"),
            'æ' | 'Æ' => Some("ae"),
            'ß' | 'ẞ' => Some("ss"),
            'ø' | 'Ø' => Some("o"),
            'đ' | 'Đ' => Some("d"),
            'ł' | 'Ł' => Some("l"),
            _ => None,
        };
        if let Some(e) = expanded {
            if prev == 3 {
                push_sep(&mut out);
            }
            out.push_str(e);
            prev = 1;
            continue;
        }
        if c.is_alphabetic() {
            let kind = if c.is_uppercase() { 2 } else { 1 };
            if (prev == 1 && kind == 2) || prev == 3 {
                push_sep(&mut out);
            }
            out.extend(c.to_lowercase());
            prev = kind;
        } else if c.is_numeric() {
            if prev == 1 || prev == 2 {
                push_sep(&mut out);
            }
            out.push(c);
            prev = 3;
        } else {
            push_sep(&mut out);
            prev = 0;
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// The header with every parenthesised or bracketed part removed
/// (`Email (Work)` → `Email`, `Commentaire(s)` → `Commentaire`).
fn without_parens(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut depth = 0u32;
    for c in s.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// Whole folded headers. `Role::Custom` entries are headers we know are not
/// one of our roles.
const EXACT_HEADERS: &[(Role, &[&str])] = &[
    (
        Role::Email,
        &[
            "email",
            "e mail",
            "mail",
            "courriel",
            "adresse mail",
            "adresse email",
            "adresse e mail",
            "adresse courriel",
            "adresse electronique",
            "email address",
            "e mail address",
            "mail address",
            "email pro",
            "email professionnel",
            "mail pro",
            "email work",
            "work email",
            "email from",
            "secondary email",
            "email 2",
            "emails",
            "mel",
            "mels",
            "person email",
            "contact email",
        ],
    ),
    (
        Role::Phone,
        &[
            "tel",
            "telephone",
            "phone",
            "fixe",
            "ligne directe",
            "standard",
            "phone number",
            "telephone fixe",
            "tel fixe",
            "numero de telephone",
            "num tel",
            "n tel",
            "no tel",
            "tel bureau",
            "telephone bureau",
            "office phone",
            "business phone",
            "work phone",
            "tel pro",
            "telephone professionnel",
            "home phone",
            "other phone",
            "phone perso",
            "tel standard",
            "telephone standard",
            "person phone",
            "contact phone",
            "tel direct",
        ],
    ),
    (
        Role::Mobile,
        &[
            "portable",
            "mobile",
            "gsm",
            "cell",
            "cellulaire",
            "tel portable",
            "tel mobile",
            "telephone portable",
            "telephone mobile",
            "mobile phone",
            "mobile phone number",
            "cell phone",
            "cellphone",
            "phone mobile",
            "num portable",
            "n portable",
            "tel port",
            "port",
            "mobile number",
            "portable pro",
        ],
    ),
    (
        Role::Company,
        &[
            "societe",
            "entreprise",
            "raison sociale",
            "company",
            "organisation",
            "organization",
            "company name",
            "nom de la societe",
            "nom societe",
            "nom de societe",
            "nom entreprise",
            "nom de l entreprise",
            "account name",
            "associated company",
            "organization name",
            "organisation name",
            "partner",
            "partner name",
            "customer name",
            "nom du client",
            "structure",
            "etablissement",
            "enseigne",
            "nom commercial",
            "employeur",
            "employer",
            "compagnie",
            "related company",
            "account account name",
            "nom de l organisation",
            "denomination",
            "denomination sociale",
            "nom de la structure",
            "firme",
        ],
    ),
    (
        Role::LastName,
        &["nom de famille", "last name", "lastname", "surname", "family name", "nom usuel"],
    ),
    (Role::FirstName, &["prenom", "prenoms", "first name", "firstname", "given name", "forename"]),
    (
        Role::FullName,
        &[
            "nom complet",
            "full name",
            "fullname",
            "interlocuteur",
            "nom et prenom",
            "nom prenom",
            "prenom nom",
            "prenom et nom",
            "contact name",
            "person name",
            "nom du contact",
            "contact person",
            "personne",
            "personne a contacter",
            "associated contact",
            "contact principal",
            "nom de l interlocuteur",
            "nom interlocuteur",
            "decideur",
        ],
    ),
    (
        Role::JobTitle,
        &[
            "fonction",
            "poste",
            "job title",
            "job position",
            "position",
            "function",
            "intitule de poste",
            "intitule du poste",
            "qualite",
            "role",
            "jobtitle",
        ],
    ),
    (
        Role::Address,
        &[
            "adresse",
            "rue",
            "address",
            "street",
            "adresse postale",
            "street address",
            "adresse 1",
            "adresse 2",
            "address 1",
            "address 2",
            "address line 1",
            "address line 2",
            "adresse ligne 1",
            "adresse ligne 2",
            "complement d adresse",
            "complement adresse",
            "street 2",
            "mailing street",
            "billing street",
            "shipping street",
            "voie",
        ],
    ),
    (
        Role::PostalCode,
        &[
            "cp",
            "code postal",
            "zip",
            "postal code",
            "zip code",
            "postcode",
            "c p",
            "billing postal code",
            "mailing postal code",
            "mailing zip",
            "billing zip",
            "billing code",
            "shipping code",
            "mailing zip postal code",
            "zipcode",
        ],
    ),
    (
        Role::City,
        &[
            "ville",
            "city",
            "commune",
            "localite",
            "town",
            "billing city",
            "mailing city",
            "shipping city",
        ],
    ),
    (
        Role::Country,
        &[
            "pays",
            "country",
            "country region",
            "nation",
            "billing country",
            "mailing country",
            "country id id",
        ],
    ),
    (
        Role::Website,
        &[
            "site web",
            "site",
            "website",
            "url",
            "domaine",
            "site internet",
            "web",
            "domain",
            "company domain name",
            "domain name",
            "nom de domaine",
            "page web",
            "www",
        ],
    ),
    (
        Role::Siren,
        &["siren", "n siren", "numero siren", "siren number", "no siren", "company registry"],
    ),
    (Role::Siret, &["siret", "n siret", "numero siret", "no siret"]),
    (
        Role::VatNumber,
        &[
            "tva intracom",
            "n tva",
            "vat",
            "tva intracommunautaire",
            "numero de tva",
            "vat number",
            "tax id",
            "tva",
            "n tva intracom",
            "tva intra",
            "vat id",
            "numero tva intracommunautaire",
            "n tva intracommunautaire",
            "identifiant tva",
            "numero tva",
        ],
    ),
    (
        Role::Owner,
        &[
            "proprietaire",
            "commercial",
            "owner",
            "responsable",
            "suivi par",
            "contact owner",
            "deal owner",
            "company owner",
            "account owner",
            "lead owner",
            "opportunity owner",
            "salesperson",
            "sales rep",
            "commercial en charge",
            "vendeur",
            "attribue a",
            "assigned to",
            "user id",
            "user id id",
            "owner id",
            "account manager",
            "gestionnaire",
            "referent",
            "charge de compte",
            "charge d affaires",
            "responsable commercial",
            "person owner",
            "deal owner name",
        ],
    ),
    (
        Role::DealName,
        &[
            "affaire",
            "opportunite",
            "projet",
            "deal",
            "deal name",
            "opportunity name",
            "objet",
            "nom de l affaire",
            "nom affaire",
            "opportunity",
            "nom du projet",
            "deal title",
            "nom de l opportunite",
            "intitule affaire",
            "intitule",
        ],
    ),
    (
        Role::Amount,
        &[
            "montant",
            "montant ht",
            "montant ttc",
            "ca previsionnel",
            "ca",
            "amount",
            "value",
            "budget",
            "prix",
            "montant estime",
            "valeur",
            "chiffre d affaires",
            "expected revenue",
            "deal value",
            "montant du devis",
            "price",
            "ca potentiel",
            "montant total",
            "opportunity amount",
            "ca ht",
            "montant previsionnel",
            "amount eur",
            "montant eur",
        ],
    ),
    (
        Role::Currency,
        &["devise", "currency", "monnaie", "currency of value", "currency code", "code devise"],
    ),
    (
        Role::Stage,
        &[
            "etape",
            "phase",
            "stage",
            "deal stage",
            "avancement",
            "stage name",
            "etape du pipeline",
            "etape de vente",
            "pipeline stage",
            "stade",
            "stage id id",
            "stage pipeline",
            "etape commerciale",
            "sales stage",
        ],
    ),
    (
        Role::CloseDate,
        &[
            "date de cloture",
            "echeance",
            "close date",
            "closing date",
            "date de signature prevue",
            "date de signature",
            "date cloture",
            "date de cloture prevue",
            "expected close date",
            "date previsionnelle",
            "date deadline",
            "date de closing",
            "date signature",
        ],
    ),
    (
        Role::NextAction,
        &[
            "prochaine action",
            "next step",
            "next action",
            "relance",
            "action a faire",
            "a faire",
            "prochaine etape",
            "todo",
            "to do",
            "suite a donner",
            "action",
            "actions",
            "activity subject",
        ],
    ),
    (
        Role::NextActionDate,
        &[
            "date prochaine action",
            "date de relance",
            "next action date",
            "follow up date",
            "date relance",
            "date de la prochaine action",
            "next activity date",
            "date rappel",
            "date de rappel",
            "a relancer le",
            "relance le",
            "activity due date",
            "due date",
        ],
    ),
    (
        Role::LastActivity,
        &[
            "dernier contact",
            "derniere activite",
            "last activity date",
            "last contacted",
            "date dernier rdv",
            "last activity",
            "date dernier contact",
            "dernier rdv",
            "last activity time",
            "derniere interaction",
            "last engagement date",
            "date du dernier contact",
            "date dernier echange",
            "dernier echange",
            "last activity date time",
        ],
    ),
    (
        Role::CreatedAt,
        &[
            "date de creation",
            "create date",
            "created",
            "created date",
            "created time",
            "date creation",
            "cree le",
            "creation date",
            "object create date time",
            "datec",
            "date d ajout",
            "ajoute le",
            "created at",
            "creation",
        ],
    ),
    (
        Role::UpdatedAt,
        &[
            "date de modification",
            "last modified date",
            "updated",
            "modified time",
            "date modification",
            "modifie le",
            "mis a jour le",
            "derniere modification",
            "last modified",
            "updated at",
            "date de mise a jour",
            "modified",
            "modified date",
        ],
    ),
    (
        Role::CompanyId,
        &[
            "associated company ids",
            "associated company id",
            "primary associated company id",
            "accountid",
            "account id",
            "organization id",
            "organisation id",
            "deal - organization id",
            "person - organization id",
            "id societe",
            "id entreprise",
        ],
    ),
    (
        Role::ContactId,
        // Not `contact id`: in a contacts export it is the record's own id.
        &["associated contact ids", "associated contact id", "deal - person id", "person id"],
    ),
    (
        Role::RecordId,
        &[
            "record id",
            "id",
            "identifiant",
            "contact id",
            "deal id",
            "opportunity id",
            "lead id",
            "crm id",
            "id crm",
            "external id",
            "hubspot id",
            "salesforce id",
            "pipedrive system id",
            "hs object id",
            "record id hubspot",
            "id hubspot",
            "identifiant crm",
        ],
    ),
    (
        Role::Notes,
        &[
            "notes",
            "note",
            "commentaire",
            "commentaires",
            "remarques",
            "remarque",
            "description",
            "comments",
            "comment",
            "observations",
            "observation",
            "infos",
            "informations",
            "memo",
            "note content",
            "precisions",
            "note private",
            "note public",
            "message",
        ],
    ),
    (
        Role::Custom,
        &[
            "fax",
            "fax number",
            "industry",
            "secteur",
            "secteur d activite",
            "lead source",
            "source",
            "origine",
            "probability",
            "probabilite",
            "civilite",
            "salutation",
            "gender",
            "sexe",
            "department",
            "service",
            "type",
            "tags",
            "tag",
            "pipeline",
            "lifecycle stage",
            "lead status",
            "annual revenue",
            "chiffre d affaires annuel",
            "number of employees",
            "effectif",
            "employees",
            "account number",
            "account site",
            "parent account",
            "account type",
            "company id",
            "created by",
            "modified by",
            "created by id",
            "last modified by id",
            "created by user id",
            "master record id",
            "parent id",
            "reports to",
            "reports to id",
            "campaign id",
            "date of birth",
            "date de naissance",
            "birthdate",
            "naf",
            "code naf",
            "ape",
            "code ape",
            "rating",
            "ownership",
            "ticker symbol",
            "sic code",
            "sic",
            "state",
            "region",
            "province",
            "departement",
            "fiscal period",
            "fiscal quarter",
            "fiscal year",
            "forecast category name",
            "system modstamp",
            "is deleted",
            "is closed",
            "is won",
            "title id",
            "lang",
            "ref",
            "reference",
            "labels",
            "label",
            "visible to",
            "followers",
            "lost reason",
            "won time",
            "lost time",
            "closed on",
            "campaign source",
            "email opt out",
            "do not call",
            "has opted out of email",
            "partner id id",
            "parent id id",
            "account id id",
            "code",
            "state id id",
            "team id id",
            "category id id",
            "tag ids id",
            "priority",
            "active",
            "is a company",
            "is company",
            "marketing contact status",
            "job function",
            "age",
        ],
    ),
];

/// Ambiguous whole headers.
const AMBIGUOUS_HEADERS: &[(Ambiguous, &[&str])] = &[
    (Ambiguous::Nom, &["nom", "noms", "nom contact", "nom du contact principal", "s nom"]),
    (Ambiguous::Name, &["name", "names"]),
    (Ambiguous::Contact, &["contact", "contacts"]),
    (
        Ambiguous::Client,
        &["client", "clients", "compte", "account", "customer", "nom client", "prospect"],
    ),
    (Ambiguous::Date, &["date", "dates", "le", "jour"]),
    (Ambiguous::Status, &["statut", "status", "etat", "statuts", "deal status"]),
    (Ambiguous::Title, &["titre", "title"]),
];

/// CRM entity prefixes (`Deal - Title`, `Person - Email`) and merged group
/// labels (`Société - Nom`): the rest of the header is looked up, and some
/// words take the entity's meaning.
const PREFIXES: &[(&str, Option<Entity>)] = &[
    ("person", Some(Entity::Contact)),
    ("personne", Some(Entity::Contact)),
    ("contact", Some(Entity::Contact)),
    ("interlocuteur", Some(Entity::Contact)),
    ("lead", Some(Entity::Contact)),
    ("organization", Some(Entity::Company)),
    ("organisation", Some(Entity::Company)),
    ("company", Some(Entity::Company)),
    ("societe", Some(Entity::Company)),
    ("entreprise", Some(Entity::Company)),
    ("account", Some(Entity::Company)),
    ("compte", Some(Entity::Company)),
    ("client", Some(Entity::Company)),
    ("deal", Some(Entity::Deal)),
    ("affaire", Some(Entity::Deal)),
    ("opportunity", Some(Entity::Deal)),
    ("opportunite", Some(Entity::Deal)),
    ("projet", Some(Entity::Deal)),
    ("activity", None),
    ("note", None),
    ("s", None),
];

/// Keyword rules for headers not in the table, in priority order: the first
/// rule whose words all appear (as whole words, or as prefixes when written
/// with a trailing `*`) wins. Dates come first so that `Date dernier mail`
/// is not an email column; known non-roles come before everything.
const KEYWORD_RULES: &[(Role, &[&str])] = &[
    (Role::Custom, &["type"]),
    (Role::Custom, &["fax"]),
    (Role::Custom, &["civilite"]),
    (Role::Custom, &["salutation"]),
    (Role::Custom, &["source"]),
    (Role::Custom, &["secteur"]),
    (Role::Custom, &["industr*"]),
    (Role::Custom, &["effectif*"]),
    (Role::Custom, &["employee*"]),
    (Role::Custom, &["naf"]),
    (Role::Custom, &["tag*"]),
    (Role::Custom, &["label*"]),
    (Role::Custom, &["probabilit*"]),
    (Role::Custom, &["naissance"]),
    (Role::Custom, &["birth*"]),
    (Role::Custom, &["region"]),
    (Role::Custom, &["departement"]),
    (Role::CloseDate, &["date", "cloture"]),
    (Role::CloseDate, &["date", "closing"]),
    (Role::CloseDate, &["close", "date"]),
    (Role::CloseDate, &["date", "signature"]),
    (Role::CloseDate, &["echeance"]),
    (Role::NextActionDate, &["date", "relance"]),
    (Role::NextActionDate, &["date", "rappel"]),
    (Role::NextActionDate, &["date", "action"]),
    (Role::NextActionDate, &["next", "date"]),
    (Role::NextActionDate, &["follow", "up"]),
    (Role::NextActionDate, &["date", "suivi"]),
    (Role::NextActionDate, &["due", "date"]),
    (Role::UpdatedAt, &["modif*"]),
    (Role::UpdatedAt, &["updated"]),
    (Role::UpdatedAt, &["mise", "jour"]),
    (Role::UpdatedAt, &["mis", "jour"]),
    (Role::CreatedAt, &["date", "creation"]),
    (Role::CreatedAt, &["creat*"]),
    (Role::CreatedAt, &["cree"]),
    (Role::LastActivity, &["dernier*", "contact*"]),
    (Role::LastActivity, &["dernier*", "activite*"]),
    (Role::LastActivity, &["dernier*", "rdv"]),
    (Role::LastActivity, &["dernier*", "rendez"]),
    (Role::LastActivity, &["dernier*", "echange*"]),
    (Role::LastActivity, &["dernier*", "appel*"]),
    (Role::LastActivity, &["dernier*", "mail*"]),
    (Role::LastActivity, &["dernier*", "email*"]),
    (Role::LastActivity, &["last", "activit*"]),
    (Role::LastActivity, &["last", "contact*"]),
    (Role::LastActivity, &["last", "meeting"]),
    (Role::LastActivity, &["last", "engagement"]),
    (Role::Email, &["e", "mail"]),
    (Role::Email, &["email*"]),
    (Role::Email, &["mail"]),
    (Role::Email, &["courriel*"]),
    (Role::Mobile, &["portable*"]),
    (Role::Mobile, &["mobile*"]),
    (Role::Mobile, &["gsm"]),
    (Role::Mobile, &["cell*"]),
    (Role::Phone, &["tel"]),
    (Role::Phone, &["telephone*"]),
    (Role::Phone, &["phone*"]),
    (Role::Phone, &["fixe"]),
    (Role::Phone, &["ligne", "directe"]),
    (Role::Phone, &["standard"]),
    (Role::PostalCode, &["cp"]),
    (Role::PostalCode, &["code", "postal"]),
    (Role::PostalCode, &["zip"]),
    (Role::PostalCode, &["postal"]),
    (Role::PostalCode, &["postcode"]),
    (Role::City, &["ville"]),
    (Role::City, &["city"]),
    (Role::City, &["commune"]),
    (Role::City, &["town"]),
    (Role::City, &["localite"]),
    (Role::Country, &["pays"]),
    (Role::Country, &["country"]),
    (Role::Address, &["adresse*"]),
    (Role::Address, &["rue"]),
    (Role::Address, &["address*"]),
    (Role::Address, &["street*"]),
    (Role::Website, &["site*"]),
    (Role::Website, &["url"]),
    (Role::Website, &["web"]),
    (Role::Website, &["domaine"]),
    (Role::Website, &["domain"]),
    (Role::Website, &["internet"]),
    (Role::Siret, &["siret"]),
    (Role::Siren, &["siren"]),
    (Role::VatNumber, &["tva"]),
    (Role::VatNumber, &["vat"]),
    (Role::FirstName, &["prenom*"]),
    (Role::FirstName, &["first", "name"]),
    (Role::FirstName, &["firstname"]),
    (Role::FirstName, &["given", "name"]),
    (Role::LastName, &["nom", "famille"]),
    (Role::LastName, &["last", "name"]),
    (Role::LastName, &["lastname"]),
    (Role::LastName, &["surname"]),
    (Role::FullName, &["nom", "complet"]),
    (Role::FullName, &["full", "name"]),
    (Role::FullName, &["interlocuteur*"]),
    (Role::FullName, &["contact", "name"]),
    (Role::Stage, &["etape*"]),
    (Role::Stage, &["stage*"]),
    (Role::Stage, &["phase"]),
    (Role::Stage, &["avancement"]),
    (Role::Owner, &["owner*"]),
    (Role::Owner, &["proprietaire"]),
    (Role::Owner, &["commercial"]),
    (Role::Owner, &["responsable"]),
    (Role::Owner, &["suivi", "par"]),
    (Role::Owner, &["vendeur"]),
    (Role::Notes, &["note*"]),
    (Role::Notes, &["commentaire*"]),
    (Role::Notes, &["comment*"]),
    (Role::Notes, &["remarque*"]),
    (Role::Notes, &["description"]),
    (Role::Notes, &["observation*"]),
    (Role::NextAction, &["prochaine", "action"]),
    (Role::NextAction, &["next", "step"]),
    (Role::NextAction, &["next", "action"]),
    (Role::NextAction, &["a", "faire"]),
    (Role::NextAction, &["relance*"]),
    (Role::NextAction, &["todo"]),
    (Role::Amount, &["montant*"]),
    (Role::Amount, &["amount"]),
    (Role::Amount, &["ca"]),
    (Role::Amount, &["budget"]),
    (Role::Amount, &["prix"]),
    (Role::Amount, &["valeur"]),
    (Role::Amount, &["value"]),
    (Role::Amount, &["price"]),
    (Role::Amount, &["revenue"]),
    (Role::Amount, &["chiffre"]),
    (Role::Currency, &["devise"]),
    (Role::Currency, &["currency"]),
    (Role::Currency, &["monnaie"]),
    (Role::JobTitle, &["fonction"]),
    (Role::JobTitle, &["poste"]),
    (Role::JobTitle, &["job"]),
    (Role::DealName, &["affaire*"]),
    (Role::DealName, &["opportunit*"]),
    (Role::DealName, &["projet"]),
    (Role::DealName, &["deal*"]),
    (Role::Company, &["societe*"]),
    (Role::Company, &["entreprise*"]),
    (Role::Company, &["raison", "sociale"]),
    (Role::Company, &["company"]),
    (Role::Company, &["organisation*"]),
    (Role::Company, &["organization*"]),
    (Role::Company, &["etablissement"]),
    (Role::Company, &["enseigne"]),
    (Role::Company, &["client*"]),
    // Identifiers that are not ours (`Transaction No`, `N° facture`,
    // `Code article`): known, so their digits never make them phones.
    (Role::Custom, &["no"]),
    (Role::Custom, &["n"]),
    (Role::Custom, &["num"]),
    (Role::Custom, &["numero"]),
    (Role::Custom, &["number"]),
    (Role::Custom, &["ref*"]),
    (Role::Custom, &["code"]),
    (Role::Custom, &["transaction*"]),
    (Role::Custom, &["facture*"]),
    (Role::Custom, &["invoice*"]),
    (Role::Custom, &["commande*"]),
    (Role::Custom, &["order*"]),
];

/// Words that stop the keyword pass: counters, flags, foreign keys and
/// marketing metadata (`Email Opt Out`, `Number of Employees`,
/// `Primary Associated Company ID`, `is_company`).
const BLOCKING_WORDS: &[&str] = &[
    "opt",
    "opted",
    "optout",
    "bounce",
    "bounced",
    "quarantine",
    "quarantined",
    "confirmed",
    "invalid",
    "nb",
    "nombre",
    "count",
    "is",
    "has",
    "id",
    "ids",
    "reason",
    "marketing",
    "ip",
    "sequence",
    "sequences",
    "number of",
    "nbre",
    "pourcentage",
    "percent",
    "taux",
];

struct Tables {
    exact: HashMap<&'static str, Guess>,
}

fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(|| {
        let mut exact = HashMap::new();
        for (role, names) in EXACT_HEADERS {
            for name in *names {
                exact.insert(*name, Guess::new(*role, EXACT));
            }
        }
        for (word, names) in AMBIGUOUS_HEADERS {
            for name in *names {
                exact.insert(*name, Guess::ambiguous(*word, 0.5));
            }
        }
        Tables { exact }
    })
}

/// What a header says about its column, or `None` when nothing is known.
pub fn lookup(header: &str) -> Option<Guess> {
    let full = fold(header);
    if full.is_empty() {
        return None;
    }
    if let Some(g) = tables().exact.get(full.as_str()) {
        return Some(*g);
    }
    let bare = fold(&without_parens(header));
    if !bare.is_empty()
        && bare != full
        && let Some(g) = tables().exact.get(bare.as_str())
    {
        return Some(Guess { confidence: g.confidence.min(PREFIXED), ..*g });
    }
    let bare = if bare.is_empty() { full.clone() } else { bare };
    if let Some(g) = lookup_prefixed(&bare) {
        return Some(g);
    }
    keyword(&bare).or_else(|| if bare != full { keyword(&full) } else { None })
}

/// Look up the rest of a header after an entity prefix; the entity decides
/// the ambiguous words (`Deal - Title` is the deal name, `Organization -
/// Name` the company, `Person - Name` the full name).
fn lookup_prefixed(folded: &str) -> Option<Guess> {
    for (prefix, entity) in PREFIXES {
        let Some(rest) = folded.strip_prefix(prefix).and_then(|r| r.strip_prefix(' ')) else {
            continue;
        };
        let rest = rest.trim();
        if rest.is_empty() {
            continue;
        }
        let guess = tables().exact.get(rest).copied().or_else(|| keyword(rest));
        let resolved = match (*prefix, entity, guess) {
            ("activity", _, _) if rest == "subject" || rest == "type" => {
                Some(Guess::new(Role::NextAction, PREFIXED))
            }
            ("note", _, _) if rest == "content" => Some(Guess::new(Role::Notes, PREFIXED)),
            (_, Some(entity), Some(g)) if g.ambiguous.is_some() => {
                resolve_by_entity(*entity, g).or(Some(Guess { confidence: 0.6, ..g }))
            }
            (_, Some(Entity::Deal), Some(g)) if g.role == Role::Custom && rest == "status" => {
                Some(Guess::new(Role::Stage, 0.7))
            }
            (_, _, Some(g)) => Some(Guess { confidence: g.confidence.min(PREFIXED), ..g }),
            (_, _, None) => None,
        };
        if resolved.is_some() {
            return resolved;
        }
    }
    None
}

fn resolve_by_entity(entity: Entity, g: Guess) -> Option<Guess> {
    let role = match (entity, g.ambiguous?) {
        (Entity::Contact, Ambiguous::Name) => Role::FullName,
        (Entity::Contact, Ambiguous::Title) => Role::JobTitle,
        (Entity::Company, Ambiguous::Nom | Ambiguous::Name) => Role::Company,
        (Entity::Deal, Ambiguous::Nom | Ambiguous::Name | Ambiguous::Title) => Role::DealName,
        (Entity::Deal, Ambiguous::Status) => Role::Stage,
        (Entity::Deal, Ambiguous::Date) => Role::CloseDate,
        _ => return None,
    };
    Some(Guess::new(role, PREFIXED))
}

/// Keyword rules over the words of a folded header.
fn keyword(folded: &str) -> Option<Guess> {
    let words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
    let padded = format!(" {folded} ");
    for block in BLOCKING_WORDS {
        if block.contains(' ') {
            if padded.contains(&format!(" {block} ")) {
                return None;
            }
        } else if words.contains(block) {
            return None;
        }
    }
    let has = |pattern: &str| match pattern.strip_suffix('*') {
        Some(stem) => words.iter().any(|w| w.starts_with(stem)),
        None => words.contains(&pattern),
    };
    let mentions_date = words.iter().any(|w| matches!(*w, "date" | "dates" | "le" | "jour"));
    for (role, pattern) in KEYWORD_RULES {
        // A bare `Numéro` or `Num` is often the phone: let values decide.
        let bare_number_word = *role == Role::Custom
            && words.len() == 1
            && matches!(pattern, ["no" | "n" | "num" | "numero" | "number"]);
        if !bare_number_word && pattern.iter().all(|p| has(p)) {
            // `Date dernier mail` or `Date RDV` must not become the email
            // or another non-date role.
            if mentions_date && !role.is_date() && *role != Role::Custom {
                break;
            }
            return Some(Guess::new(*role, if *role == Role::Custom { 0.6 } else { KEYWORD }));
        }
    }
    if mentions_date {
        return Some(Guess::ambiguous(Ambiguous::Date, 0.4));
    }
    if words.contains(&"nom") {
        return Some(Guess::ambiguous(Ambiguous::Nom, 0.45));
    }
    if words.contains(&"name") {
        return Some(Guess::ambiguous(Ambiguous::Name, 0.45));
    }
    None
}

/// Entity named by a sheet or file name (`Contacts`, `Sociétés`, `Pipeline`).
pub fn entity_hint(name: &str) -> Option<Entity> {
    let folded = fold(name);
    let words: Vec<&str> = folded.split(' ').collect();
    let any = |list: &[&str]| words.iter().any(|w| list.contains(w));
    if any(&[
        "deals",
        "deal",
        "opportunites",
        "opportunite",
        "opportunities",
        "opportunity",
        "pipeline",
        "affaires",
        "affaire",
        "ventes",
        "devis",
        "forecast",
    ]) {
        Some(Entity::Deal)
    } else if any(&[
        "societes",
        "societe",
        "entreprises",
        "entreprise",
        "companies",
        "company",
        "comptes",
        "accounts",
        "organisations",
        "organizations",
        "clients",
    ]) {
        Some(Entity::Company)
    } else if any(&[
        "contacts",
        "contact",
        "personnes",
        "people",
        "persons",
        "interlocuteurs",
        "leads",
    ]) {
        Some(Entity::Contact)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_removes_case_accents_and_punctuation() {
        let cases = [
            ("Tél.", "tel"),
            ("Téléphone", "telephone"),
            ("  E-mail ", "e mail"),
            ("Prénom", "prenom"),
            ("PRÉNOM", "prenom"),
            ("Date de clôture", "date de cloture"),
            ("Nom de l’entreprise", "nom de l entreprise"),
            ("Nom de l'entreprise", "nom de l entreprise"),
            ("N° TVA", "n tva"),
            ("Cœur de cible", "coeur de cible"),
            ("Straße", "strasse"),
            ("Code\u{a0}postal", "code postal"),
            ("MailingCity", "mailing city"),
            ("FirstName", "first name"),
            ("email_from", "email from"),
            ("Account.Name", "account name"),
            ("Email2", "email 2"),
            ("SIREN", "siren"),
            ("Commentaire(s)", "commentaire s"),
            ("Person - Name*", "person name"),
            ("Échéance", "echeance"),
            ("À faire", "a faire"),
            ("Date\nde relance", "date de relance"),
            ("", ""),
            ("***", ""),
        ];
        for (input, want) in cases {
            assert_eq!(fold(input), want, "fold({input:?})");
        }
    }

    /// Real headers from French side files and CRM exports, with the role
    /// each must get from its header alone.
    #[test]
    fn real_headers_map_to_their_roles() {
        use Role::*;
        let cases: &[(&str, Role)] = &[
            ("E-mail", Email),
            ("Email", Email),
            ("Courriel", Email),
            ("Adresse mail", Email),
            ("Mail", Email),
            ("Adresse e-mail", Email),
            ("Email 2", Email),
            ("Person - Email (Work)", Email),
            ("email_from", Email),
            ("Tél.", Phone),
            ("Téléphone", Phone),
            ("Tel", Phone),
            ("Phone", Phone),
            ("Fixe", Phone),
            ("Ligne directe", Phone),
            ("Standard", Phone),
            ("Phone Number", Phone),
            ("Portable", Mobile),
            ("Mobile", Mobile),
            ("GSM", Mobile),
            ("Cell", Mobile),
            ("Tél. portable", Mobile),
            ("Tél mobile", Mobile),
            ("Tél. portable perso", Mobile),
            ("Mobile Phone Number", Mobile),
            ("MobilePhone", Mobile),
            ("Société", Company),
            ("Entreprise", Company),
            ("Raison sociale", Company),
            ("Company", Company),
            ("Organisation", Company),
            ("Company name", Company),
            ("Nom de la société", Company),
            ("Associated Company", Company),
            ("Account Name", Company),
            ("Account.Name", Company),
            ("Organization - Name*", Company),
            ("Organization", Company),
            ("Partner", Company),
            ("Nom de famille", LastName),
            ("Last name", LastName),
            ("Surname", LastName),
            ("LastName", LastName),
            ("Prénom", FirstName),
            ("First name", FirstName),
            ("Given name", FirstName),
            ("Nom complet", FullName),
            ("Full name", FullName),
            ("Interlocuteur", FullName),
            ("Person - Name*", FullName),
            ("Contact person", FullName),
            ("Fonction", JobTitle),
            ("Poste", JobTitle),
            ("Job title", JobTitle),
            ("Job Position", JobTitle),
            ("Adresse", Address),
            ("Rue", Address),
            ("Address", Address),
            ("Street", Address),
            ("Mailing Street", Address),
            ("CP", PostalCode),
            ("Code postal", PostalCode),
            ("Zip", PostalCode),
            ("Postal code", PostalCode),
            ("Mailing Zip/Postal Code", PostalCode),
            ("Ville", City),
            ("City", City),
            ("Commune", City),
            ("MailingCity", City),
            ("Pays", Country),
            ("Country", Country),
            ("Country/Region", Country),
            ("Site web", Website),
            ("Site", Website),
            ("Website", Website),
            ("URL", Website),
            ("Domaine", Website),
            ("Company Domain Name", Website),
            ("SIREN", Siren),
            ("SIRET", Siret),
            ("N° SIRET", Siret),
            ("TVA intracom", VatNumber),
            ("N° TVA", VatNumber),
            ("VAT", VatNumber),
            ("Propriétaire", Owner),
            ("Commercial", Owner),
            ("Owner", Owner),
            ("Responsable", Owner),
            ("Suivi par", Owner),
            ("Contact owner", Owner),
            ("Deal owner", Owner),
            ("Deal - Owner", Owner),
            ("Affaire", DealName),
            ("Opportunité", DealName),
            ("Projet", DealName),
            ("Deal", DealName),
            ("Deal name", DealName),
            ("Opportunity name", DealName),
            ("Objet", DealName),
            ("Deal - Title", DealName),
            ("Montant", Amount),
            ("Montant HT", Amount),
            ("Montant TTC", Amount),
            ("CA prévisionnel", Amount),
            ("CA", Amount),
            ("Amount", Amount),
            ("Value", Amount),
            ("Budget", Amount),
            ("Prix", Amount),
            ("Montant (€)", Amount),
            ("Deal - Value", Amount),
            ("Expected Revenue", Amount),
            ("Devise", Currency),
            ("Currency", Currency),
            ("Deal - Currency of value", Currency),
            ("Étape", Stage),
            ("Phase", Stage),
            ("Stage", Stage),
            ("Deal stage", Stage),
            ("Avancement", Stage),
            ("StageName", Stage),
            ("Deal - Stage (pipeline)", Stage),
            ("Date de clôture", CloseDate),
            ("Échéance", CloseDate),
            ("Close date", CloseDate),
            ("Closing date", CloseDate),
            ("Date de signature prévue", CloseDate),
            ("Deal - Expected close date", CloseDate),
            ("date_deadline", CloseDate),
            ("Prochaine action", NextAction),
            ("Next step", NextAction),
            ("Next action", NextAction),
            ("Relance", NextAction),
            ("Action à faire", NextAction),
            ("À faire", NextAction),
            ("Activity - Subject*", NextAction),
            ("Date prochaine action", NextActionDate),
            ("Date de relance", NextActionDate),
            ("Next action date", NextActionDate),
            ("Follow-up date", NextActionDate),
            ("Activity - Due date", NextActionDate),
            ("Dernier contact", LastActivity),
            ("Dernière activité", LastActivity),
            ("Last activity date", LastActivity),
            ("Last contacted", LastActivity),
            ("Date dernier RDV", LastActivity),
            ("Date du dernier mail", LastActivity),
            ("Date de création", CreatedAt),
            ("Create date", CreatedAt),
            ("Created", CreatedAt),
            ("CreatedDate", CreatedAt),
            ("Deal - Creation date", CreatedAt),
            ("Date de modification", UpdatedAt),
            ("Last modified date", UpdatedAt),
            ("Updated", UpdatedAt),
            ("Modified Time", UpdatedAt),
            ("Record ID", RecordId),
            ("Id", RecordId),
            ("ID", RecordId),
            ("Identifiant", RecordId),
            ("Contact ID", RecordId),
            ("Deal - Pipedrive System ID", RecordId),
            ("Notes", Notes),
            ("Commentaire(s)", Notes),
            ("Commentaires", Notes),
            ("Remarques", Notes),
            ("Description", Notes),
            ("Comments", Notes),
            ("Note - Content*", Notes),
            ("s.note_private", Notes),
            ("s.town", City),
            ("s.phone_mobile", Mobile),
            ("s.tva_intra", VatNumber),
        ];
        assert!(cases.len() >= 60);
        for (header, want) in cases {
            let got = lookup(header).map(|g| g.role);
            assert_eq!(got, Some(*want), "header {header:?}");
        }
    }

    #[test]
    fn association_ids_name_the_linked_record() {
        for (header, role) in [
            ("Associated Company IDs", Role::CompanyId),
            ("Primary Associated Company ID", Role::CompanyId),
            ("AccountId", Role::CompanyId),
            ("Account ID", Role::CompanyId),
            ("Associated Contact IDs", Role::ContactId),
        ] {
            assert_eq!(lookup(header).map(|g| g.role), Some(role), "{header}");
        }
    }

    #[test]
    fn known_non_roles_and_foreign_keys_stay_custom() {
        let cases = [
            "Fax",
            "Industry",
            "Lead Source",
            "Email Opt Out",
            "Number of Employees",
            "is_company",
            "MasterRecordId",
            "Lifecycle Stage",
            "Pipeline",
            "Probability (%)",
            "Civilité",
            "Type de client",
            "Annual Revenue",
            "Transaction No",
            "N° de facture",
            "Numéro de commande",
        ];
        for header in cases {
            let g = lookup(header);
            assert!(
                g.is_none_or(|g| g.role == Role::Custom && g.ambiguous.is_none()),
                "header {header:?} got {g:?}"
            );
        }
    }

    #[test]
    fn ambiguous_words_are_flagged_for_context() {
        let cases = [
            ("Nom", Ambiguous::Nom),
            ("NOM", Ambiguous::Nom),
            ("Name", Ambiguous::Name),
            ("Contact", Ambiguous::Contact),
            ("Client", Ambiguous::Client),
            ("Compte", Ambiguous::Client),
            ("Date", Ambiguous::Date),
            ("Statut", Ambiguous::Status),
            ("Status", Ambiguous::Status),
            ("Titre", Ambiguous::Title),
            ("Title", Ambiguous::Title),
            ("Date RDV", Ambiguous::Date),
        ];
        for (header, want) in cases {
            let g = lookup(header).expect(header);
            assert_eq!(g.ambiguous, Some(want), "header {header:?}");
        }
        assert_eq!(lookup("Inconnu au bataillon"), None);
        assert_eq!(lookup(""), None);
    }

    #[test]
    fn sheet_and_file_names_hint_an_entity() {
        let cases = [
            ("Contacts", Some(Entity::Contact)),
            ("Sociétés", Some(Entity::Company)),
            ("Deals", Some(Entity::Deal)),
            ("Opportunités 2026", Some(Entity::Deal)),
            ("Pipeline T3", Some(Entity::Deal)),
            ("Affaires en cours", Some(Entity::Deal)),
            ("Feuil1", None),
        ];
        for (name, want) in cases {
            assert_eq!(entity_hint(name), want, "{name}");
        }
    }
}
