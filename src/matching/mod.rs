pub mod nicknames;
pub mod phonetic;
