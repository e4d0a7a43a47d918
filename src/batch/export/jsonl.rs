//! `jsonl`: one `{"type": "call"|"error"|"summary", "data": …}` per line, as
//! ripgrep's JSON printer does, so a consumer can stream it and `merge` can
//! recombine shards. The summary line comes last; a file without one is from a
//! run that did not finish.

use serde::{Deserialize, Serialize};

use super::Exporter;
use crate::batch::summary::Summary;
use crate::batch::{CallRow, Event, FileError, Results};

/// One line of the stream.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "type", content = "data", rename_all = "lowercase")]
pub enum Line {
    Call(CallRow),
    Error(FileError),
    Summary(Summary),
}

#[derive(Serialize)]
#[serde(tag = "type", content = "data", rename_all = "lowercase")]
enum LineRef<'a> {
    Call(&'a CallRow),
    Error(&'a FileError),
    Summary(&'a Summary),
}

fn encode(l: &LineRef) -> String {
    serde_json::to_string(l).unwrap_or_default() + "\n"
}

/// The line for a call or an error, with its newline.
pub fn event_line(e: Event) -> String {
    match e {
        Event::Call(r) => encode(&LineRef::Call(r)),
        Event::Error(e) => encode(&LineRef::Error(e)),
    }
}

/// The closing summary line, with its newline.
pub fn summary_line(s: &Summary) -> String {
    encode(&LineRef::Summary(s))
}

pub struct Jsonl;

impl Exporter for Jsonl {
    fn export(&self, r: &Results) -> String {
        let mut o = String::new();
        for ev in r.events() {
            o.push_str(&event_line(ev));
        }
        o.push_str(&summary_line(&r.summary));
        o
    }
}
