//! `json`: the whole batch as one document (calls, errors, summary).

use super::Exporter;
use crate::batch::Results;

pub struct Json;

impl Exporter for Json {
    fn export(&self, r: &Results) -> String {
        // Plain data with string keys: serialising cannot fail.
        serde_json::to_string_pretty(r).unwrap_or_default() + "\n"
    }
}
