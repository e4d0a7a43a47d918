//! closecall: reads sales-call transcripts and shows where the call's time went
//! and where a close was missed.
//!
//! Data flows one way: bytes → [`parse`] → [`Transcript`] → [`roles`] →
//! [`classify`] → [`report::CallReport`] → a reporter in [`render`]. The
//! library never prints; the `closecall` binary is a thin layer over it.

pub mod batch;
pub mod classify;
pub mod error;
pub mod eval;
pub mod explain;
pub mod lexicon;
pub mod lexicon_check;
pub mod normalize;
pub mod parse;
pub mod render;
pub mod report;
pub mod roles;
pub mod suggest;
pub mod taxonomy;
pub mod transcript;

pub use error::{Error, Result};
pub use transcript::{Role, Transcript, Utterance};
