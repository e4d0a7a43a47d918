//! `json`: the whole batch as one document (calls, errors, summary).

use super::Exporter;
use crate::batch::Results;

pub struct Json;

impl Exporter for Json {
    fn export(&self, r: &Results) -> String {
        crate::render::json::pretty(r)
    }
}
