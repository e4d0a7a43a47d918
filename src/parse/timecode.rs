//! Clock-style timestamps shared by the text formats: `h:mm:ss.mmm`, `mm:ss`, `0:0:0.0`.

/// Parses `[h:]m:s[.frac]` (`,` also accepted before the fraction) into seconds.
///
/// Hours are optional; fields may be unpadded (Teams Graph API writes `0:0:1.5`).
/// Minutes and seconds must be below 60 when a larger unit is present.
pub fn parse_clock(s: &str) -> Option<f64> {
    let s = s.trim();
    if s.is_empty() || s.len() > 20 {
        return None;
    }
    let (main, frac) = match s.find(['.', ',']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let parts: Vec<&str> = main.split(':').collect();
    if parts.len() < 2 || parts.len() > 3 {
        return None;
    }
    let mut nums = [0u64; 3];
    for (i, p) in parts.iter().enumerate() {
        if p.is_empty() || p.len() > 3 || !p.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        nums[i] = p.parse().ok()?;
    }
    let (h, m, sec) = if parts.len() == 3 {
        (nums[0], nums[1], nums[2])
    } else {
        (0, nums[0], nums[1])
    };
    if sec >= 60 || (parts.len() == 3 && m >= 60) {
        return None;
    }
    let frac = match frac {
        Some(f) if !f.is_empty() && f.len() <= 9 && f.bytes().all(|b| b.is_ascii_digit()) => {
            f.parse::<f64>().ok()? / 10f64.powi(f.len() as i32)
        }
        Some(_) => return None,
        None => 0.0,
    };
    Some((h * 3600 + m * 60 + sec) as f64 + frac)
}

/// Formats seconds as `m:ss` or `h:mm:ss` for reports.
pub fn format_clock(secs: f64) -> String {
    let total = secs.max(0.0).round() as u64;
    let (h, m, s) = (total / 3600, (total / 60) % 60, total % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_common_shapes() {
        assert_eq!(parse_clock("00:00:04.859"), Some(4.859));
        assert_eq!(parse_clock("00:11.000"), Some(11.0));
        assert_eq!(parse_clock("01:02:03,5"), Some(3723.5));
        assert_eq!(parse_clock("0:0:1.25"), Some(1.25));
        assert_eq!(parse_clock("1:05"), Some(65.0));
        assert_eq!(parse_clock("75:30"), Some(4530.0));
    }

    #[test]
    fn rejects_garbage() {
        for s in [
            "", "12", "a:b", "00:61:00", "1:2:3:4", "00:00:0x", "00:00.", "1:60",
        ] {
            assert_eq!(parse_clock(s), None, "{s}");
        }
    }

    #[test]
    fn formats() {
        assert_eq!(format_clock(65.4), "1:05");
        assert_eq!(format_clock(3723.0), "1:02:03");
    }
}
