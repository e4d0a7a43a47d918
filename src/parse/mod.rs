//! Bytes in, [`Transcript`]s out: decoding, format detection and one module per format.
//!
//! Detection looks at content, never at the file name: users pipe files in and
//! rename them freely. Each format implements [`Format`]; [`FORMATS`] lists
//! them in the order they are tried, most specific first, so a looser format
//! (chat-style `Name: text`) never claims a file a stricter one can read.

use std::cell::OnceCell;

use crate::error::{Error, Location, Result};
use crate::transcript::Transcript;

pub mod assemblyai;
pub mod aws;
pub mod chat;
pub mod deepgram;
pub mod fathom;
pub mod fireflies;
pub mod gong;
pub mod google_meet;
pub mod google_stt;
pub mod json;
pub mod otter;
pub mod records;
pub mod rev;
pub mod srt;
pub mod text;
pub mod timecode;
pub mod webvtt;
pub mod whisper;
pub mod words;

/// A problem found while parsing, before it is tied to a file name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub line: Option<usize>,
    pub message: String,
}

impl ParseError {
    pub fn at(line: usize, message: impl Into<String>) -> Self {
        ParseError {
            line: Some(line),
            message: message.into(),
        }
    }

    pub fn new(message: impl Into<String>) -> Self {
        ParseError {
            line: None,
            message: message.into(),
        }
    }
}

/// Decoded input handed to the detectors and parsers. JSON is parsed at most once.
pub struct Input<'a> {
    /// The text with a BOM removed and every line ending turned into `\n`.
    pub text: &'a str,
    json: OnceCell<std::result::Result<serde_json::Value, serde_json::Error>>,
}

impl<'a> Input<'a> {
    pub fn new(text: &'a str) -> Self {
        Input {
            text,
            json: OnceCell::new(),
        }
    }

    /// True when the content starts like a JSON document.
    /// An array must open on an object, array or string: `[0:05] Name: hi` is chat, not JSON.
    pub fn looks_like_json(&self) -> bool {
        let t = self.text.trim_start();
        match t.as_bytes().first() {
            Some(b'{') => true,
            Some(b'[') => matches!(
                t[1..].trim_start().as_bytes().first(),
                Some(b'{' | b'[' | b'"' | b']') | None
            ),
            _ => false,
        }
    }

    /// The parsed JSON document, if the text is one.
    pub fn json(&self) -> Option<&serde_json::Value> {
        if !self.looks_like_json() {
            return None;
        }
        self.json
            .get_or_init(|| serde_json::from_str(self.text))
            .as_ref()
            .ok()
    }

    fn json_error(&self) -> Option<&serde_json::Error> {
        if !self.looks_like_json() {
            return None;
        }
        self.json
            .get_or_init(|| serde_json::from_str(self.text))
            .as_ref()
            .err()
    }

    /// Non-empty lines with their 1-based numbers.
    pub fn lines(&self) -> impl Iterator<Item = (usize, &'a str)> {
        self.text.lines().enumerate().map(|(i, l)| (i + 1, l))
    }

    /// The lines holding more than white space, without numbers: what the
    /// text-format detectors look at.
    pub fn nonblank_lines(&self) -> impl Iterator<Item = &'a str> {
        self.text.lines().filter(|l| !l.trim().is_empty())
    }
}

/// One transcript format: how to recognise it and how to read it.
pub trait Format: Sync {
    /// Stable name, used by `--input-format` and reported as `input_format`.
    fn name(&self) -> &'static str;
    /// One line on how the format is recognised, for `closecall formats`.
    fn detection(&self) -> &'static str;
    /// Whether the content is this format.
    fn detect(&self, input: &Input) -> bool;
    /// Reads the content. Most formats hold one call; some (Gong) hold several.
    fn parse(&self, input: &Input) -> std::result::Result<Vec<Transcript>, ParseError>;
}

/// Every supported format, in detection order.
pub static FORMATS: &[&dyn Format] = &[
    // JSON, by top-level keys: the most specific key sets first.
    &gong::GONG,
    &rev::REV_JSON,
    &aws::AWS_TRANSCRIBE,
    &aws::AWS_CALL_ANALYTICS,
    &deepgram::DEEPGRAM,
    &assemblyai::ASSEMBLYAI,
    &whisper::WHISPERX,
    &whisper::WHISPER,
    &google_stt::GOOGLE_STT,
    &fireflies::FIREFLIES,
    // Any other list of utterance objects, as a JSON array or JSON Lines.
    &records::RECORDS,
    // WebVTT: Teams and Zoom before the generic reader.
    &webvtt::TEAMS,
    &webvtt::ZOOM,
    &webvtt::GENERIC,
    &srt::SRT,
    // Header signatures, then the looser chat lines.
    &otter::OTTER,
    &fathom::FATHOM,
    &google_meet::GOOGLE_MEET,
    &rev::REV_TEXT,
    &chat::CHAT,
    &text::PLAIN,
];

/// For the format modules' unit tests: asserts that `format` claims `text`,
/// then reads it and gives the utterances of the first call.
#[cfg(test)]
pub(crate) fn detect_and_parse(
    format: &dyn Format,
    text: &str,
) -> std::result::Result<Vec<crate::transcript::Utterance>, ParseError> {
    let input = Input::new(text);
    assert!(format.detect(&input), "not detected: {text}");
    format.parse(&input).map(|mut t| t.remove(0).utterances)
}

/// Looks a format up by the name `--input-format` takes.
pub fn format_by_name(name: &str) -> Option<&'static dyn Format> {
    FORMATS
        .iter()
        .copied()
        .find(|f| f.name().eq_ignore_ascii_case(name))
}

/// Extensions (compared without regard to case) of files that are never a
/// transcript: audio and video recordings, images, slide decks, spreadsheets,
/// PDFs and archives. They sit next to transcripts (a Zoom cloud recording
/// downloads as `.m4a`, `.mp4` and `.vtt`), so a batch folder walk skips
/// them, and a file of this kind named on the command line is told to be
/// transcribed first.
#[rustfmt::skip]
pub const MEDIA_EXTENSIONS: &[&str] = &[
    // audio
    "aac", "aif", "aiff", "amr", "caf", "flac", "m4a", "mp3", "oga", "ogg", "opus", "wav", "weba", "wma",
    // video
    "3gp", "avi", "flv", "m4v", "mkv", "mov", "mp4", "mpeg", "mpg", "webm", "wmv",
    // images
    "bmp", "gif", "heic", "heif", "ico", "jpeg", "jpg", "png", "tif", "tiff", "webp",
    // slides, spreadsheets, PDFs
    "odp", "ods", "pdf", "ppt", "pptx", "xls", "xlsx",
    // archives
    "7z", "bz2", "gz", "rar", "tar", "tgz", "xz", "zip",
];

/// Word-processor documents. Not media: Teams and Google Meet export
/// transcripts as `.docx`, so a walk reads them and closecall says it cannot
/// (export the `.vtt` or `.txt` instead) rather than pass over them.
const DOCUMENT_EXTENSIONS: &[&str] = &["docx", "doc", "odt", "rtf"];

/// `path`'s extension, if it is one of `list` (compared without regard to case).
fn extension_in<'a>(path: &'a std::path::Path, list: &[&str]) -> Option<&'a str> {
    path.extension()
        .and_then(|e| e.to_str())
        .filter(|e| list.iter().any(|l| l.eq_ignore_ascii_case(e)))
}

/// `path`'s extension if it marks a media file ([`MEDIA_EXTENSIONS`]).
pub fn media_extension(path: &std::path::Path) -> Option<&str> {
    extension_in(path, MEDIA_EXTENSIONS)
}

/// What to say about a file that is not text, when its extension tells what
/// it is: a recording needs transcribing first, a Word document exporting.
fn binary_hint(path: &str) -> Option<String> {
    let p = std::path::Path::new(path);
    if let Some(ext) = media_extension(p) {
        Some(format!(
            "binary file (.{ext}: a recording, image or other media), not a transcript; \
             closecall reads transcripts (WebVTT, SRT, text, JSON), so transcribe it first"
        ))
    } else {
        extension_in(p, DOCUMENT_EXTENSIONS).map(|ext| {
            format!(
                "binary file (.{ext}: a word-processor document), not a transcript; \
                 export the transcript as .vtt or .txt (Teams and Meet offer both)"
            )
        })
    }
}

/// Turns raw bytes into text, or says why they are not a transcript.
///
/// UTF-8 (with or without BOM) and UTF-16 with a BOM are read; line endings
/// become `\n`. Binary data, invalid UTF-8 and empty input are errors.
pub fn decode(path: &str, bytes: &[u8]) -> Result<String> {
    let text = if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        utf8(path, rest)?
    } else if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        utf16(path, rest, u16::from_le_bytes)?
    } else if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        utf16(path, rest, u16::from_be_bytes)?
    } else {
        let head = &bytes[..bytes.len().min(8192)];
        let odd_nuls = head.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
        let even_nuls = head.iter().step_by(2).filter(|&&b| b == 0).count();
        if head.len() >= 8 && (odd_nuls * 10 >= head.len() * 4 || even_nuls * 10 >= head.len() * 4)
        {
            return Err(Error::input(
                path,
                "looks like UTF-16 text without a byte-order mark; re-save the file as UTF-8",
            ));
        }
        let hint = binary_hint(path);
        if bytes.iter().take(8192).any(|&b| b == 0) {
            return Err(Error::input(
                path,
                hint.unwrap_or_else(|| "binary file, not a transcript".into()),
            ));
        }
        match (utf8(path, bytes), hint) {
            (Ok(text), _) => text,
            // "Re-save as UTF-8" is the wrong advice for a recording.
            (Err(_), Some(hint)) => return Err(Error::input(path, hint)),
            (Err(e), None) => return Err(e),
        }
    };
    if text.trim().is_empty() {
        return Err(Error::input(path, "empty file, no transcript in it"));
    }
    if text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}'))
    {
        return Err(Error::input(
            path,
            "binary file (control characters), not a transcript",
        ));
    }
    Ok(normalise_newlines(text))
}

fn utf8(path: &str, bytes: &[u8]) -> Result<String> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => {
            let line = bytes[..e.valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
                + 1;
            Err(Error::Input {
                path: format!("{path}:{line}"),
                message: format!(
                    "not UTF-8 text (invalid byte at offset {}); re-save the file as UTF-8",
                    e.valid_up_to()
                ),
            })
        }
    }
}

fn utf16(path: &str, bytes: &[u8], conv: fn([u8; 2]) -> u16) -> Result<String> {
    if bytes.len() % 2 != 0 {
        return Err(Error::input(path, "not UTF-16 text (odd number of bytes)"));
    }
    let units = bytes.chunks_exact(2).map(|c| conv([c[0], c[1]]));
    char::decode_utf16(units)
        .collect::<std::result::Result<String, _>>()
        .map_err(|_| Error::input(path, "not UTF-16 text (unpaired surrogate)"))
}

fn normalise_newlines(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// The result of reading one file: the format it was read as and its calls.
#[derive(Debug, serde::Serialize)]
pub struct Parsed {
    pub format: &'static str,
    pub transcripts: Vec<Transcript>,
}

/// Detects the format of `text` (or uses `forced`) and parses it.
///
/// `path` only names the source in errors.
pub fn parse_text(path: &str, text: &str, forced: Option<&'static dyn Format>) -> Result<Parsed> {
    let input = Input::new(text);
    let format = match forced {
        Some(f) => f,
        None => detect(path, &input)?,
    };
    let transcripts = format.parse(&input).map_err(|e| Error::Parse {
        at: Location {
            path: path.to_string(),
            line: e.line,
        },
        format: format.name(),
        message: e.message,
    })?;
    if transcripts.iter().all(|t| t.utterances.is_empty()) {
        return Err(Error::input(
            path,
            format!("read as {} but it holds no utterances", format.name()),
        ));
    }
    check_times(&transcripts).map_err(|e| Error::Parse {
        at: Location {
            path: path.to_string(),
            line: e.line,
        },
        format: format.name(),
        message: e.message,
    })?;
    Ok(Parsed {
        format: format.name(),
        transcripts,
    })
}

/// Longest call closecall accepts: a week. Longer times are corrupt input.
const MAX_SECONDS: f64 = 7.0 * 24.0 * 3600.0;

/// Every format's times must be real: finite, from 0 to a week, and no
/// utterance may end before it starts. Anything else would silently skew the
/// shares, so it is refused with the utterance that broke it.
fn check_times(transcripts: &[Transcript]) -> std::result::Result<(), ParseError> {
    for t in transcripts {
        for (i, u) in t.utterances.iter().enumerate() {
            if let Some(what) = bad_times(u.start, u.end) {
                return Err(ParseError {
                    line: u.line,
                    message: format!("utterance {i} ({}): {what}", clip_text(&u.text)),
                });
            }
        }
    }
    Ok(())
}

/// What is wrong with a turn's times, if anything: a time that is not
/// finite or not from 0 to a week, or an end before the start.
pub(crate) fn bad_times(start: Option<f64>, end: Option<f64>) -> Option<String> {
    for (name, v) in [("start", start), ("end", end)] {
        if let Some(v) = v {
            if !v.is_finite() || !(0.0..=MAX_SECONDS).contains(&v) {
                return Some(format!(
                    "{name} time {v} is not a time in a call (0 s to 7 days)"
                ));
            }
        }
    }
    match (start, end) {
        (Some(s), Some(e)) if e < s => Some(format!("ends at {e} s, before it starts at {s} s")),
        _ => None,
    }
}

/// Up to six of an object's keys, to say what a JSON file holds.
pub(crate) fn some_keys(o: &serde_json::Map<String, serde_json::Value>) -> String {
    let k: Vec<&str> = o.keys().take(6).map(String::as_str).collect();
    k.join(", ")
}

fn clip_text(s: &str) -> String {
    if s.chars().count() > 40 {
        format!("{}…", s.chars().take(40).collect::<String>())
    } else {
        s.to_string()
    }
}

/// Picks the format of the content, or explains why it is not a transcript.
pub fn detect(path: &str, input: &Input) -> Result<&'static dyn Format> {
    if chat::is_zoom_chat_export(input) {
        return Err(Error::input(
            path,
            "a Zoom chat export (time, name, message in tabs), not a transcript of what was said",
        ));
    }
    if let Some(f) = FORMATS.iter().copied().find(|f| f.detect(input)) {
        return Ok(f);
    }
    if let Some(keys) = records::stream_of_other_json(input) {
        return Err(Error::input(
            path,
            format!("JSON Lines, but not a transcript format closecall knows ({keys}); see `closecall formats`"),
        ));
    }
    if let Some(e) = input.json_error() {
        return Err(Error::Parse {
            at: Location {
                path: path.to_string(),
                line: Some(e.line()),
            },
            format: "JSON",
            message: crate::error::json_message(e),
        });
    }
    if let Some(v) = input.json() {
        let keys = match v {
            serde_json::Value::Object(m) => format!("top-level keys: {}", some_keys(m)),
            serde_json::Value::Array(_) => "a top-level array".to_string(),
            _ => "a bare value".to_string(),
        };
        return Err(Error::input(
            path,
            format!("JSON, but not a transcript format closecall knows ({keys}); see `closecall formats`"),
        ));
    }
    Err(Error::input(
        path,
        "not a transcript: no format matched (see `closecall formats`, or force one with --input-format)",
    ))
}

/// How a source is named in reports and errors: the path, or `<stdin>` for `-`.
pub fn source_name(path: &str) -> &str {
    if path == "-" {
        "<stdin>"
    } else {
        path
    }
}

/// Reads a transcript from a file, or from stdin when `path` is `-`, and parses it.
pub fn load(path: &str, forced: Option<&'static dyn Format>) -> Result<Parsed> {
    let bytes = read_bytes(path)?;
    let name = source_name(path);
    let text = decode(name, &bytes)?;
    parse_text(name, &text, forced)
}

/// Reads all of a file, or of stdin for `-`.
pub fn read_bytes(path: &str) -> Result<Vec<u8>> {
    use std::io::Read;
    if path == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .map_err(|source| Error::Io {
                path: source_name(path).into(),
                source,
            })?;
        return Ok(buf);
    }
    let meta = std::fs::metadata(path).map_err(|source| Error::Io {
        path: path.into(),
        source,
    })?;
    if meta.is_dir() {
        return Err(Error::input(
            path,
            "is a folder; `closecall analyze` reads one file (use `closecall batch` for folders)",
        ));
    }
    std::fs::read(path).map_err(|source| Error::Io {
        path: path.into(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_rejects_binary_empty_and_bad_utf8() {
        assert!(decode("f", b"\x00\x01\x02").is_err());
        let e = decode("call.MP3", b"ID3\x00\x01").unwrap_err().to_string();
        assert!(e.contains("transcribe it first"), "{e}");
        let e = decode("notes.docx", b"PK\x03\x04\x00")
            .unwrap_err()
            .to_string();
        assert!(e.contains("export the transcript as .vtt or .txt"), "{e}");
        let e = decode("raw.mp3", b"\xff\xfb\x90\x64")
            .unwrap_err()
            .to_string();
        assert!(e.contains("transcribe it first"), "no NUL, not UTF-8: {e}");
        let e = decode("x.bin", b"\x00\x01").unwrap_err().to_string();
        assert_eq!(e, "x.bin: binary file, not a transcript");
        assert!(decode("f", b"  \n ").is_err());
        let e = decode("f", b"ok\n\xff\xfe bad").unwrap_err().to_string();
        assert!(e.starts_with("f:2: not UTF-8"), "{e}");
    }

    #[test]
    fn utf16_without_bom_is_named() {
        let bytes: Vec<u8> = "Dana: hello there\nTom: hi\n"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        let e = decode("f", &bytes).unwrap_err().to_string();
        assert!(e.contains("UTF-16 text without a byte-order mark"), "{e}");
        assert!(decode("f", b"\x00\x01\x02")
            .unwrap_err()
            .to_string()
            .contains("binary"));
    }

    #[test]
    fn decode_strips_bom_and_normalises_newlines() {
        assert_eq!(decode("f", b"\xEF\xBB\xBFa\r\nb\rc").unwrap(), "a\nb\nc");
        assert_eq!(decode("f", b"\xFF\xFEh\0i\0").unwrap(), "hi");
    }

    #[test]
    fn truncated_json_names_the_line() {
        let e = parse_text("x.json", "{\n \"segments\": [\n", None).unwrap_err();
        let msg = e.to_string();
        assert!(msg.starts_with("x.json:3: not valid JSON"), "{msg}");
    }

    #[test]
    fn impossible_times_are_refused() {
        let e = parse_text(
            "w.json",
            r#"{"segments": [{"start": 1e308, "end": 1e308, "text": " hi"}]}"#,
            None,
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("not a time in a call"), "{e}");
        let e = parse_text(
            "w.json",
            r#"{"segments": [{"start": -5, "end": -1, "text": " hi"}]}"#,
            None,
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("start time -5 is not a time in a call"), "{e}");
        let e = parse_text(
            "x.vtt",
            "WEBVTT\n\n1\n00:00:10.000 --> 00:00:01.000\nA: hi\n",
            None,
        )
        .unwrap_err()
        .to_string();
        assert!(
            e.starts_with("x.vtt:4: not valid webvtt: cue ends before it starts"),
            "{e}"
        );
    }

    #[test]
    fn foreign_json_is_named() {
        let e = parse_text("x.json", "{\"name\": \"pkg\"}", None).unwrap_err();
        assert!(e.to_string().contains("top-level keys: name"), "{e}");
    }
}
