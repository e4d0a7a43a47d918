//! The batch summary, built one row at a time in the batch's order.
//!
//! It is an accumulator so a streamed batch never holds more than the rows it
//! must report (the failed calls and the errors), and so `merge` gets the same
//! floating-point sums as one run: it feeds the same rows in the same order.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::gate::Gates;
use super::{CallRow, FileError};
use crate::report::Shares;
use crate::taxonomy::MissedCloseKind;

/// Missed closes counted by kind, every kind present (0 when none).
pub type KindCounts = BTreeMap<MissedCloseKind, usize>;

fn zero_kinds() -> KindCounts {
    MissedCloseKind::ALL.iter().map(|k| (*k, 0)).collect()
}

/// Totals over the calls of one seller (or of the whole batch).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Group {
    pub calls: usize,
    pub failed: usize,
    /// The mean of the calls' shares.
    pub average_shares: Shares,
    /// The mean seller talk share over calls that have sides (null when none do).
    pub average_seller_talk_share: Option<f64>,
    pub average_discovery_questions: f64,
    pub missed_closes: KindCounts,
}

#[derive(Debug, Clone, Default)]
struct GroupAcc {
    calls: usize,
    failed: usize,
    shares: [f64; 5],
    talk: f64,
    talk_n: usize,
    dq: f64,
    kinds: Option<KindCounts>,
}

impl GroupAcc {
    fn add(&mut self, r: &CallRow) {
        self.calls += 1;
        self.failed += usize::from(!r.passed);
        let s = &r.shares;
        for (acc, v) in
            self.shares
                .iter_mut()
                .zip([s.small_talk, s.discovery, s.value, s.ask, s.other])
        {
            *acc += v;
        }
        if let Some(t) = r.figures.seller_talk_share {
            self.talk += t;
            self.talk_n += 1;
        }
        self.dq += r.figures.discovery_questions as f64;
        let kinds = self.kinds.get_or_insert_with(zero_kinds);
        for m in &r.missed_closes {
            *kinds.entry(m.kind).or_insert(0) += 1;
        }
    }

    fn finish(&self) -> Group {
        let n = self.calls.max(1) as f64;
        let a = self.shares.map(|x| x / n);
        Group {
            calls: self.calls,
            failed: self.failed,
            average_shares: Shares {
                small_talk: a[0],
                discovery: a[1],
                value: a[2],
                ask: a[3],
                other: a[4],
            },
            average_seller_talk_share: (self.talk_n > 0).then(|| self.talk / self.talk_n as f64),
            average_discovery_questions: self.dq / n,
            missed_closes: self.kinds.clone().unwrap_or_else(zero_kinds),
        }
    }
}

/// A call that broke a gate, as listed in the summary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FailedCall {
    pub source: String,
    pub call_id: Option<String>,
    pub seller: String,
    /// The names of the broken gates (`small_talk`, `missed_close:no_ask`, ...).
    pub gates: Vec<String>,
}

/// Pass, fail or error: what the batch as a whole comes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Pass,
    Fail,
    Error,
}

/// What a batch comes to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub status: Status,
    /// Files read (with or without calls in them) plus paths that could not be.
    pub files: usize,
    pub calls: usize,
    pub passed: usize,
    pub failed: usize,
    pub errors: usize,
    pub totals: Group,
    /// One row per seller (`report.roles.sellers` joined, or `unknown`), sorted by name.
    pub sellers: BTreeMap<String, Group>,
    pub failed_calls: Vec<FailedCall>,
    pub error_files: Vec<FileError>,
    pub gates: Gates,
    /// `K/N` when this is one shard of a batch; null for a whole batch or a merge.
    pub shard: Option<String>,
}

/// Builds a [`Summary`] from rows fed in the batch's order.
#[derive(Debug, Clone, Default)]
pub struct SummaryBuilder {
    files: usize,
    totals: GroupAcc,
    sellers: BTreeMap<String, GroupAcc>,
    failed: Vec<FailedCall>,
    errors: Vec<FileError>,
}

impl SummaryBuilder {
    /// Counts a file that was read (its calls come through [`SummaryBuilder::call`]).
    pub fn file(&mut self) {
        self.files += 1;
    }

    pub fn add_files(&mut self, n: usize) {
        self.files += n;
    }

    pub fn call(&mut self, r: &CallRow) {
        self.totals.add(r);
        self.sellers.entry(r.seller.clone()).or_default().add(r);
        if !r.passed {
            self.failed.push(FailedCall {
                source: r.source.clone(),
                call_id: r.call_id.clone(),
                seller: r.seller.clone(),
                gates: r.gate_names(),
            });
        }
    }

    pub fn error(&mut self, e: &FileError) {
        self.errors.push(e.clone());
    }

    pub fn finish(self, gates: &Gates, shard: Option<String>) -> Summary {
        let totals = self.totals.finish();
        let errors = self.errors.len();
        let status = if errors > 0 {
            Status::Error
        } else if totals.failed > 0 {
            Status::Fail
        } else {
            Status::Pass
        };
        Summary {
            status,
            files: self.files,
            calls: totals.calls,
            passed: totals.calls - totals.failed,
            failed: totals.failed,
            errors,
            sellers: self
                .sellers
                .iter()
                .map(|(k, v)| (k.clone(), v.finish()))
                .collect(),
            totals,
            failed_calls: self.failed,
            error_files: self.errors,
            gates: gates.clone(),
            shard,
        }
    }
}

impl Summary {
    /// 0 all calls pass, 1 some call broke a gate (unless `no_fail`), 2 some file could not be read.
    pub fn exit_code(&self, no_fail: bool) -> u8 {
        match self.status {
            Status::Error => 2,
            Status::Fail if !no_fail => 1,
            _ => 0,
        }
    }
}
