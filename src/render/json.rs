//! The JSON reporter: the [`CallReport`] as serde writes it (documented in the README).

use crate::report::CallReport;

/// One report as a pretty JSON object; several (a multi-call file) as an array.
pub fn render(reports: &[CallReport]) -> String {
    let s = if reports.len() == 1 {
        serde_json::to_string_pretty(&reports[0])
    } else {
        serde_json::to_string_pretty(reports)
    };
    // Serialising plain data with string keys cannot fail.
    s.unwrap_or_default() + "\n"
}
