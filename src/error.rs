//! The library's one error type. Every variant names the file it is about (and
//! the line where there is one) so `main` can print it as a single line.

use std::fmt;

/// Where in a source a problem was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub path: String,
    pub line: Option<usize>,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(l) => write!(f, "{}:{}", self.path, l),
            None => write!(f, "{}", self.path),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file could not be read at all.
    #[error("{path}: cannot read: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    /// The bytes are not a transcript we can read (binary, bad encoding, empty, unknown format).
    #[error("{path}: {message}")]
    Input { path: String, message: String },
    /// The file was recognised as a format but is broken.
    #[error("{at}: not valid {format}: {message}")]
    Parse {
        at: Location,
        format: &'static str,
        message: String,
    },
    /// A lexicon file is malformed or one of its examples fails.
    #[error("{at}: lexicon: {message}")]
    Lexicon { at: Location, message: String },
    /// A labelled (gold) file is malformed.
    #[error("{at}: gold: {message}")]
    Gold { at: Location, message: String },
    /// A configuration file is malformed.
    #[error("{at}: config: {message}")]
    Config { at: Location, message: String },
    /// The command line asked for something that cannot be done.
    #[error("{0}")]
    Usage(String),
}

impl Error {
    pub fn input(path: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Input {
            path: path.into(),
            message: message.into(),
        }
    }

    pub fn lexicon(
        path: impl Into<String>,
        line: Option<usize>,
        message: impl Into<String>,
    ) -> Self {
        Error::Lexicon {
            at: Location {
                path: path.into(),
                line,
            },
            message: message.into(),
        }
    }
}

/// serde_json's message without its " at line L column C" tail, for a
/// location that names the line already: "expected value (column 1)",
/// "missing field `label`". The column is kept where the text itself is
/// broken; for a well-formed value of the wrong shape it only says where the
/// value ended.
pub fn json_message(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let what = text.split(" at line ").next().unwrap_or_default();
    match e.classify() {
        serde_json::error::Category::Syntax | serde_json::error::Category::Eof
            if e.column() > 0 =>
        {
            format!("{what} (column {})", e.column())
        }
        _ => what.to_string(),
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
