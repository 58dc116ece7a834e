//! Deal stages. STUB: contract only, being written.

use std::collections::BTreeMap;

use super::Normalized;

/// Where a stage sits in a pipeline.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StageState {
    Open,
    Won,
    Lost,
}

/// A side label mapped to a pipeline stage.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stage {
    /// The label as written, trimmed (`Devis envoyé`).
    pub label: String,
    /// The target CRM's stage id when mapped (`presentationscheduled`).
    pub key: Option<String>,
    pub state: StageState,
}

/// Side labels → CRM stages: `[stages]` from the config first, then the
/// built-in French and English synonyms.
#[derive(Clone, Debug, Default)]
pub struct StageMap {
    pub configured: BTreeMap<String, String>,
}

pub fn normalize_stage(raw: &str, map: &StageMap) -> Normalized<Stage> {
    let _ = (raw, map);
    Normalized::none()
}
