//! Throughput of the hot path, per stage, on the calls shipped in `fixtures/calls/`:
//! `cargo bench --bench throughput`. Bytes per second are reported so the
//! figure compares across machines and with `rg` scanning the same text.

use divan::counter::BytesCount;
use divan::Bencher;

use closecall::lexicon::Lexicons;
use closecall::report::{analyze, AnalyzeOptions};

fn main() {
    divan::main();
}

/// All fixture calls, concatenated as one chat transcript (about 25 KB), repeated to ~1 MB.
fn corpus() -> String {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/calls/cold-call.txt");
    let one = std::fs::read_to_string(dir).expect("fixture");
    one.repeat((1 << 20) / one.len() + 1)
}

#[divan::bench]
fn lexicon_compile() -> Lexicons {
    Lexicons::build(&[]).expect("built-ins compile")
}

#[divan::bench]
fn parse_chat(b: Bencher) {
    let text = corpus();
    b.counter(BytesCount::new(text.len())).bench(|| {
        closecall::parse::parse_text("bench", divan::black_box(&text), None).expect("parses")
    });
}

#[divan::bench]
fn scan_only(b: Bencher) {
    let text = corpus();
    let lex = Lexicons::builtin();
    let parsed = closecall::parse::parse_text("bench", &text, None).expect("parses");
    let utterances = parsed.transcripts[0].utterances.clone();
    b.counter(BytesCount::new(text.len()))
        .bench(|| closecall::classify::scan(lex, divan::black_box(&utterances)));
}

#[divan::bench]
fn end_to_end(b: Bencher) {
    let text = corpus();
    let lex = Lexicons::builtin();
    let opts = AnalyzeOptions::default();
    b.counter(BytesCount::new(text.len())).bench(|| {
        let parsed =
            closecall::parse::parse_text("bench", divan::black_box(&text), None).expect("parses");
        for t in parsed.transcripts {
            analyze("bench", parsed.format, t, lex, &opts).expect("analyses");
        }
    });
}
