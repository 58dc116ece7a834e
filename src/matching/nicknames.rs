//! Temporary: replaced by the nicknames helper's version.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Compat {
    Same,
    Nickname,
    CompoundPart,
    InitialOnly,
    Different,
}

pub fn canonical_first_name(folded: &str) -> &str {
    folded
}

pub fn first_names_compatible(a: &str, b: &str) -> Compat {
    if a == b {
        Compat::Same
    } else if a.split(' ').next() == b.split(' ').next() {
        Compat::CompoundPart
    } else if (a.len() == 1 && b.starts_with(a)) || (b.len() == 1 && a.starts_with(b)) {
        Compat::InitialOnly
    } else {
        Compat::Different
    }
}
