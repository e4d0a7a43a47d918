//! The JSON reporter: the [`CallReport`] as serde writes it (documented in the README).

use serde::Serialize;
use serde_json::Value;

use crate::report::CallReport;

/// Decimal places kept in every JSON number a person reads: enough for a
/// share to a ten-thousandth of a percentage point and a time to the
/// microsecond, without float noise such as `28.30000000000001`.
const DECIMALS: i32 = 6;

/// One report as a pretty JSON object; several (a multi-call file) as an array.
pub fn render(reports: &[CallReport]) -> String {
    if reports.len() == 1 {
        pretty(&reports[0])
    } else {
        pretty(&reports)
    }
}

/// `v` as pretty JSON with a final newline, its floats rounded to [`DECIMALS`]
/// places. (`batch --format jsonl` keeps full precision: `merge` reads it back.)
pub fn pretty<T: Serialize + ?Sized>(v: &T) -> String {
    // Serialising plain data with string keys cannot fail.
    let mut value = serde_json::to_value(v).unwrap_or_default();
    round_floats(&mut value);
    serde_json::to_string_pretty(&value).unwrap_or_default() + "\n"
}

fn round_floats(v: &mut Value) {
    match v {
        Value::Number(n) if n.is_f64() => {
            let scale = 10f64.powi(DECIMALS);
            if let Some(r) = n
                .as_f64()
                .map(|x| (x * scale).round() / scale)
                .and_then(serde_json::Number::from_f64)
            {
                *n = r;
            }
        }
        Value::Array(items) => items.iter_mut().for_each(round_floats),
        Value::Object(map) => map.values_mut().for_each(round_floats),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_lose_their_noise_and_integers_stay() {
        let v = serde_json::json!({"seconds": 28.30000000000001, "share": 0.4010684199712346,
            "n": 7, "list": [0.1 + 0.2, null, "x"]});
        assert_eq!(
            pretty(&v),
            "{\n  \"seconds\": 28.3,\n  \"share\": 0.401068,\n  \"n\": 7,\n  \"list\": [\n    0.3,\n    null,\n    \"x\"\n  ]\n}\n"
        );
    }
}
