//! Path-aware navigation of the JSON formats.
//!
//! Speech-to-text and call-recorder APIs return large documents of which a
//! parser needs a few fields. When one is missing the user must be told which
//! one and where (`segments[3].start missing`), not that "the JSON is invalid",
//! so every step remembers the path it took. Nothing here indexes or unwraps:
//! any input yields a value or a [`ParseError`].

use serde_json::Value;

use super::{Input, ParseError};

/// A JSON value together with the path that led to it.
#[derive(Clone, Debug)]
pub struct Node<'a> {
    pub value: &'a Value,
    pub path: String,
}

impl<'a> Node<'a> {
    pub fn root(value: &'a Value) -> Self {
        Node {
            value,
            path: String::new(),
        }
    }

    /// The whole document of a JSON format, where its parser starts reading;
    /// an error when the text is not JSON (a parser forced with `--input-format`).
    pub fn document(input: &'a Input<'_>) -> Result<Self, ParseError> {
        input
            .json()
            .map(Node::root)
            .ok_or_else(|| ParseError::new("not a JSON document"))
    }

    fn child_path(&self, key: &str) -> String {
        if self.path.is_empty() {
            key.to_string()
        } else {
            format!("{}.{key}", self.path)
        }
    }

    /// Where this node is, for messages; the document itself is "the document".
    pub fn at(&self) -> &str {
        if self.path.is_empty() {
            "the document"
        } else {
            &self.path
        }
    }

    /// A field, or `None` when it is absent or `null`.
    pub fn get(&self, key: &str) -> Option<Node<'a>> {
        match self.value.get(key) {
            Some(Value::Null) | None => None,
            Some(v) => Some(Node {
                value: v,
                path: self.child_path(key),
            }),
        }
    }

    /// A field that must be there.
    pub fn req(&self, key: &str) -> Result<Node<'a>, ParseError> {
        self.get(key)
            .ok_or_else(|| ParseError::new(format!("{} missing", self.child_path(key))))
    }

    /// Whether the field is present (even as `null`).
    pub fn has(&self, key: &str) -> bool {
        self.value.get(key).is_some()
    }

    /// The elements of a list.
    pub fn items(&self) -> Result<Vec<Node<'a>>, ParseError> {
        match self.value {
            Value::Array(a) => Ok(a
                .iter()
                .enumerate()
                .map(|(i, v)| Node {
                    value: v,
                    path: format!("{}[{i}]", self.path),
                })
                .collect()),
            _ => Err(ParseError::new(format!("{} is not a list", self.at()))),
        }
    }

    /// The elements of a list field that must be there.
    pub fn req_items(&self, key: &str) -> Result<Vec<Node<'a>>, ParseError> {
        self.req(key)?.items()
    }

    /// The elements of an optional list field (absent or `null` → empty).
    pub fn opt_items(&self, key: &str) -> Result<Vec<Node<'a>>, ParseError> {
        match self.get(key) {
            Some(n) => n.items(),
            None => Ok(Vec::new()),
        }
    }

    /// A number; numeric strings (`"1.25"`, AWS writes times so) and
    /// Google's `"1.300s"` durations count too.
    pub fn num(&self) -> Result<f64, ParseError> {
        let bad = || ParseError::new(format!("{} is not a number", self.at()));
        match self.value {
            Value::Number(n) => n.as_f64().filter(|f| f.is_finite()).ok_or_else(bad),
            Value::String(s) => {
                let s = s.trim();
                let s = s.strip_suffix('s').unwrap_or(s);
                s.parse::<f64>()
                    .ok()
                    .filter(|f| f.is_finite())
                    .ok_or_else(bad)
            }
            // protobuf's Duration as some clients serialise it: {"seconds": 1, "nanos": 300000000}
            Value::Object(_) if self.has("seconds") || self.has("nanos") => {
                let secs = match self.get("seconds") {
                    Some(n) => n.num()?,
                    None => 0.0,
                };
                let nanos = match self.get("nanos") {
                    Some(n) => n.num()?,
                    None => 0.0,
                };
                Ok(secs + nanos / 1e9)
            }
            _ => Err(bad()),
        }
    }

    pub fn req_num(&self, key: &str) -> Result<f64, ParseError> {
        self.req(key)?.num()
    }

    /// An optional number: absent or `null` is `None`, a non-number is an error.
    pub fn opt_num(&self, key: &str) -> Result<Option<f64>, ParseError> {
        self.get(key).map(|n| n.num()).transpose()
    }

    pub fn str(&self) -> Result<&'a str, ParseError> {
        self.value
            .as_str()
            .ok_or_else(|| ParseError::new(format!("{} is not a string", self.at())))
    }

    pub fn req_str(&self, key: &str) -> Result<&'a str, ParseError> {
        self.req(key)?.str()
    }

    pub fn opt_str(&self, key: &str) -> Result<Option<&'a str>, ParseError> {
        self.get(key).map(|n| n.str()).transpose()
    }

    /// A label that tools write as a string or as an integer (speaker ids).
    pub fn label(&self) -> Result<String, ParseError> {
        match self.value {
            Value::String(s) => Ok(s.trim().to_string()),
            Value::Number(n) => Ok(n.to_string()),
            _ => Err(ParseError::new(format!(
                "{} is not a string or a number",
                self.at()
            ))),
        }
    }

    pub fn opt_label(&self, key: &str) -> Result<Option<String>, ParseError> {
        Ok(self
            .get(key)
            .map(|n| n.label())
            .transpose()?
            .filter(|s| !s.is_empty()))
    }
}

/// Whether `v` is an object holding every key in `keys`.
pub fn has_keys(v: &Value, keys: &[&str]) -> bool {
    v.as_object()
        .is_some_and(|m| keys.iter().all(|k| m.contains_key(*k)))
}

/// Follows a path of object keys.
pub fn pointer<'a>(v: &'a Value, keys: &[&str]) -> Option<&'a Value> {
    keys.iter().try_fold(v, |v, k| v.get(*k))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn paths_name_the_missing_field() {
        let v = json!({"segments": [{"start": 0}, {"end": 1}]});
        let root = Node::root(&v);
        let segs = root.req_items("segments").unwrap();
        assert_eq!(segs[0].req_num("start").unwrap(), 0.0);
        let e = segs[1].req_num("start").unwrap_err();
        assert_eq!(e.message, "segments[1].start missing");
        assert_eq!(root.req("x").unwrap_err().message, "x missing");
    }

    #[test]
    fn numbers_in_the_shapes_apis_write() {
        let v = json!({"a": "1.300s", "b": "2.5", "c": {"seconds": "3", "nanos": 500000000}, "d": "x", "e": null});
        let n = Node::root(&v);
        assert_eq!(n.req_num("a").unwrap(), 1.3);
        assert_eq!(n.req_num("b").unwrap(), 2.5);
        assert_eq!(n.req_num("c").unwrap(), 3.5);
        assert_eq!(n.req_num("d").unwrap_err().message, "d is not a number");
        assert_eq!(n.opt_num("e").unwrap(), None);
        assert!(n.items().is_err());
    }
}
