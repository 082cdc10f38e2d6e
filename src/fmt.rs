//! Number formatting: the one place that decides how a number is written, for people
//! (messages, labels, summaries), for Python (snippets, exact values) and for machines
//! (`anneal eval`, CSV). Pure.
//!
//! - [`eval`]: what `anneal eval` and the CSV downloads print (Rust's shortest round-trip
//!   form; `NaN`, `inf`, `-inf`), the CLI contract of DESIGN.md.
//! - [`py_repr`]: exactly Python's `repr(float)`.
//! - [`short`]: shortest round-trip, switched to exponent form when that is shorter.
//! - [`lr`]: a learning rate for running text (6 significant digits when long).
//! - [`objective`]: a training objective with fixed decimals.
//! - [`round_sig`]: rounding to significant digits (slider values).

/// A number as `anneal eval` prints it: Rust's `{}` for f64, the shortest digits that parse
/// back to the same f64 (`0.1`, `0.0000004`, `1e300` prints in full positional form), and
/// `NaN`, `inf`, `-inf` (DESIGN.md, "ScheduleSpec and the CLI contract"). The CSV downloads
/// use the same text, so a CSV row equals the CLI's line string for string.
pub fn eval(v: f64) -> String {
    format!("{v}")
}

/// Formats a number for people: Rust's shortest round-trip form (so it parses back to the
/// same f64), switched to exponent notation when the plain form would be long and the
/// exponent form is shorter (`1e-320`, `2.5e-9`, `1e23`), never hundreds of digits.
pub fn short(v: f64) -> String {
    let plain = format!("{v}");
    if plain.len() <= 12 {
        return plain;
    }
    let exp = format!("{v:e}");
    if exp.len() < plain.len() {
        exp
    } else {
        plain
    }
}

/// Rounds `x` to `digits` significant decimal digits, returning the f64 nearest to that
/// decimal (so it prints short).
pub fn round_sig(x: f64, digits: i32) -> f64 {
    if x == 0.0 || !x.is_finite() {
        return x;
    }
    let text = format!("{:.*e}", (digits - 1).max(0) as usize, x);
    text.parse().unwrap_or(x)
}

/// Formats a learning rate for text: the shortest round-trip form when it is short, else 6
/// significant digits (`0.0024471741852423235` → `0.00244717`).
pub fn lr(v: f64) -> String {
    let exact = short(v);
    if exact.len() <= 10 {
        return exact;
    }
    let rounded: f64 = format!("{v:.5e}").parse().unwrap_or(v);
    short(rounded)
}

/// A training objective for the summary: always 6 decimals (so values line up and compare),
/// or 4 significant digits in exponent form when it is large.
pub fn objective(v: f64) -> String {
    if v.abs() < 1e4 {
        format!("{v:.6}")
    } else {
        format!("{v:.3e}")
    }
}

/// A float exactly as Python's `repr` (and so `print`, and PyTorch's `get_last_lr()` in a
/// list) writes it: the shortest digits that round-trip, positional for 1e-4 ≤ |v| < 1e16
/// (with `.0` on whole numbers), otherwise `d.ddde±XX` with at least two exponent digits.
pub fn py_repr(v: f64) -> String {
    if v.is_nan() {
        return "nan".into();
    }
    if v.is_infinite() {
        return if v > 0.0 { "inf" } else { "-inf" }.into();
    }
    if v == 0.0 {
        return if v.is_sign_negative() { "-0.0" } else { "0.0" }.into();
    }
    let sci = format!("{v:e}");
    let (mantissa, exp) = sci.split_once('e').unwrap_or((sci.as_str(), "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    if (-4..16).contains(&exp) {
        let plain = format!("{v}");
        if plain.contains('.') {
            plain
        } else {
            format!("{plain}.0")
        }
    } else {
        let sign = if exp < 0 { '-' } else { '+' };
        format!("{mantissa}e{sign}{:02}", exp.abs())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_print_as_python_prints_them() {
        // Each expected string is CPython 3.11's repr() of the same float.
        for (v, py) in [
            (0.1, "0.1"),
            (3.0, "3.0"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (2.4673503667904657e-05, "2.4673503667904657e-05"),
            (1.5005000000000002, "1.5005000000000002"),
            (1e15, "1000000000000000.0"),
            (1e16, "1e+16"),
            (1.5e16, "1.5e+16"),
            (123456789012345.6, "123456789012345.6"),
            (1e-320, "1e-320"),
            (-0.5, "-0.5"),
            (0.0, "0.0"),
            (f64::INFINITY, "inf"),
        ] {
            assert_eq!(py_repr(v), py, "{v:e}");
        }
    }

    #[test]
    fn numbers_for_people_are_short() {
        assert_eq!(lr(0.1), "0.1");
        assert_eq!(lr(0.0024471741852423235), "0.00244717");
        assert_eq!(objective(0.1), "0.100000");
        assert_eq!(objective(0.10139412), "0.101394");
        assert_eq!(short(1e-320), "1e-320");
        assert_eq!(short(0.001), "0.001");
        assert_eq!(short(1e23), "1e23");
        assert_eq!(short(0.0024471741852423235), "0.0024471741852423235");
        assert_eq!(round_sig(0.058344510, 3), 0.0583);
    }

    #[test]
    fn eval_spells_non_finite_as_the_cli_contract_says() {
        assert_eq!(eval(f64::NAN), "NaN");
        assert_eq!(eval(f64::INFINITY), "inf");
        assert_eq!(eval(f64::NEG_INFINITY), "-inf");
        assert_eq!(eval(4e-7), "0.0000004");
        assert_eq!(eval(0.1), "0.1");
    }
}
