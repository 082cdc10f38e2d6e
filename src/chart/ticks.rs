//! Tick positions (linear, integer, logarithmic) and compact tick labels.

/// "Nice" tick positions covering `[lo, hi]`: multiples of a step `m·10^k` with
/// `m ∈ {1, 2, 2.5, 5}` (`m ∈ {1, 2, 5}` and step ≥ 1 when `integer`), at most `max_count`
/// ticks (`max_count` is taken as ≥ 2), all inside `[lo, hi]` up to rounding.
///
/// Each tick is computed as `i · step` (no accumulated error); values within `1e-9 · step` of 0
/// are snapped to exactly 0. Any finite range works, up to `[-f64::MAX, f64::MAX]` (beyond
/// `|v| = 1e300` the ticks are computed on the range scaled by 1e-10 and scaled back, so that
/// no span overflows). Returns `[lo]` when `lo == hi`, and an empty vector when a bound is
/// non-finite or `hi < lo`.
pub fn linear_ticks(lo: f64, hi: f64, max_count: usize, integer: bool) -> Vec<f64> {
    if !lo.is_finite() || !hi.is_finite() || hi < lo {
        return Vec::new();
    }
    if hi == lo {
        return vec![lo];
    }
    if lo.abs().max(hi.abs()) > 1e300 {
        const S: f64 = 1e10;
        return linear_ticks(lo / S, hi / S, max_count, integer && hi - lo < 1e300)
            .into_iter()
            .map(|v| v * S)
            .filter(|v| v.is_finite() && *v >= lo && *v <= hi)
            .collect();
    }
    let intervals = (max_count.max(2) - 1) as f64;
    let raw = (hi - lo) / intervals;
    if !raw.is_finite() || raw <= 0.0 {
        return Vec::new();
    }
    let mag = 10f64.powf(raw.log10().floor());
    let mults: &[f64] = if integer {
        &[1.0, 2.0, 5.0, 10.0]
    } else {
        &[1.0, 2.0, 2.5, 5.0, 10.0]
    };
    let mut step = mag * 10.0;
    for m in mults {
        if m * mag >= raw * (1.0 - 1e-9) {
            step = m * mag;
            break;
        }
    }
    if integer {
        step = step.max(1.0).round();
    }
    if !step.is_finite() || step <= 0.0 {
        return Vec::new();
    }
    let first = (lo / step - 1e-9).ceil();
    let last = (hi / step + 1e-9).floor();
    if !first.is_finite() || !last.is_finite() || last < first || last - first > 1000.0 {
        return Vec::new();
    }
    let (first, last) = (first as i64, last as i64);
    (first..=last)
        .map(|i| {
            let v = i as f64 * step;
            if v.abs() < step * 1e-9 {
                0.0
            } else {
                v
            }
        })
        .collect()
}

/// Tick positions for a log₁₀ axis over `[lo, hi]` (`0 < lo ≤ hi`), as `(major, minor)`.
///
/// `min_sep` is the smallest allowed distance between two labelled ticks, in decades (the
/// caller derives it from the label height and the axis length). Candidates, densest first:
/// multiples `{1..9}·10^k`, `{1, 1.5, 2, 3, 5, 7}·10^k`, `{1, 2, 3, 5}·10^k`, `{1, 2, 5}·10^k`,
/// `{1, 3}·10^k`, then every `n`-th power of ten;
/// the densest with ≥ 2 ticks whose gaps are all ≥ `min_sep` wins. On a short range (under
/// 1.5 decades) where that gives fewer than 3 ticks, linear "nice" ticks are used if they give
/// more. `minor` holds unlabelled grid positions (`{2..9}·10^k` or the skipped decades) when
/// they are not too dense. Returns empty vectors for an invalid range.
pub fn log_ticks(lo: f64, hi: f64, min_sep: f64) -> (Vec<f64>, Vec<f64>) {
    if !(lo > 0.0 && lo.is_finite() && hi.is_finite() && hi >= lo) {
        return (Vec::new(), Vec::new());
    }
    let (a, b) = (lo.log10(), hi.log10());
    let min_sep = if min_sep.is_finite() && min_sep > 0.0 {
        min_sep
    } else {
        0.05
    };
    let in_range = |v: f64| v >= lo * (1.0 - 1e-9) && v <= hi * (1.0 + 1e-9);
    let k0 = a.floor() as i32 - 1;
    let k1 = b.ceil() as i32 + 1;
    let with_mults = |mults: &[f64]| -> Vec<f64> {
        let mut out = Vec::new();
        for k in k0..=k1 {
            let p = pow10(k);
            for m in mults {
                let v = m * p;
                if v.is_finite() && in_range(v) {
                    out.push(v);
                }
            }
        }
        out
    };
    let ok = |t: &[f64]| t.len() >= 2 && min_gap_decades(t) >= min_sep * (1.0 - 1e-9);

    let all: [f64; 9] = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0];
    let mut major: Vec<f64> = Vec::new();
    let mut minor: Vec<f64> = Vec::new();
    let mut chosen = false;
    let candidates: [&[f64]; 5] = [
        &all,
        &[1.0, 1.5, 2.0, 3.0, 5.0, 7.0],
        &[1.0, 2.0, 3.0, 5.0],
        &[1.0, 2.0, 5.0],
        &[1.0, 3.0],
    ];
    for mults in candidates {
        let t = with_mults(mults);
        if ok(&t) {
            major = t;
            chosen = true;
            break;
        }
    }
    let decade_minor_ok = min_sep <= 0.5;
    if chosen {
        if major.len() < 9 * (b - a).ceil().max(1.0) as usize && decade_minor_ok {
            minor = with_mults(&all)
                .into_iter()
                .filter(|v| !major.iter().any(|m| rel_eq(*m, *v)))
                .collect();
        }
    } else {
        // Every n-th power of ten.
        for n in [1i32, 2, 3, 5, 10, 20, 50, 100] {
            let t: Vec<f64> = (k0..=k1)
                .filter(|k| k.rem_euclid(n) == 0)
                .map(pow10)
                .filter(|v| v.is_finite() && in_range(*v))
                .collect();
            if ok(&t) {
                major = t;
                chosen = true;
                if n == 1 && decade_minor_ok {
                    minor = with_mults(&all[1..]);
                } else if n > 1 && min_sep * 2.0 <= f64::from(n) {
                    minor = (k0..=k1)
                        .filter(|k| k.rem_euclid(n) != 0)
                        .map(pow10)
                        .filter(|v| v.is_finite() && in_range(*v))
                        .collect();
                }
                break;
            }
        }
    }
    if (!chosen || major.len() < 3) && b - a < 1.5 {
        // Linear ticks, as many as fit (the tightest gap of a linear set is at the top).
        for count in (2..=10).rev() {
            let t: Vec<f64> = linear_ticks(lo, hi, count, false)
                .into_iter()
                .filter(|v| *v > 0.0)
                .collect();
            if ok(&t) {
                if t.len() > major.len() {
                    major = t;
                    minor.clear();
                }
                break;
            }
        }
    }
    if major.is_empty() {
        // Nothing fits the spacing: label just the ends' round values.
        major = vec![lo];
    }
    (major, minor)
}

fn pow10(k: i32) -> f64 {
    10f64.powi(k)
}

fn rel_eq(a: f64, b: f64) -> bool {
    (a - b).abs() <= a.abs().max(b.abs()) * 1e-9
}

fn min_gap_decades(t: &[f64]) -> f64 {
    t.windows(2)
        .map(|w| (w[1].log10() - w[0].log10()).abs())
        .fold(f64::INFINITY, f64::min)
}

#[derive(Clone, Copy, PartialEq)]
enum Notation {
    Auto,
    Decimal,
    Scientific,
}

/// `v` rounded to `sig` significant digits, trailing zeros dropped, in the given notation.
fn fmt_sig(v: f64, sig: usize, notation: Notation) -> String {
    if !v.is_finite() {
        return "–".to_owned();
    }
    if v == 0.0 {
        return "0".to_owned();
    }
    let sig = sig.clamp(1, 17);
    let s = format!("{:.*e}", sig - 1, v);
    let (mant, exp) = match s.split_once('e') {
        Some((m, e)) => (m.to_owned(), e.parse::<i32>().unwrap_or(0)),
        None => (s.clone(), 0),
    };
    let mant = strip_zeros(&mant);
    let digits = mant.chars().filter(char::is_ascii_digit).count() as i32;
    let decimal = match notation {
        Notation::Decimal => true,
        Notation::Scientific => false,
        Notation::Auto => (-2..=4).contains(&exp),
    };
    if decimal {
        let decimals = (digits - 1 - exp).clamp(0, 30) as usize;
        let t = strip_zeros(&format!("{v:.decimals$}"));
        if t == "-0" {
            "0".to_owned()
        } else {
            t
        }
    } else {
        format!("{mant}e{exp}")
    }
}

fn strip_zeros(s: &str) -> String {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        s.to_owned()
    }
}

/// A compact label for one number: `v` rounded to at most `max_sig` significant digits
/// (clamped to 1..=17), trailing zeros dropped; plain decimals for `0.01 ≤ |v| < 1e5`
/// (`0.05`, `0.3`, `12.5`), otherwise `mantissa e exponent` (`1e-3`, `2.45e-3`, `1.5e6`).
/// `0.1 + 0.2` gives `"0.3"`; `0` gives `"0"`; a non-finite value gives `"–"`.
pub fn format_compact(v: f64, max_sig: usize) -> String {
    fmt_sig(v, max_sig, Notation::Auto)
}

/// Labels for a set of tick values, one per tick, in one notation for the whole axis: plain
/// decimals when the largest `|tick|` is in `[0.01, 1e5)`, otherwise scientific (`5e-4`,
/// `1e-3`, `1.5e-3`). Each label has the fewest significant digits (at most 15) that represent
/// its tick to within `1e-6` of the smallest tick spacing, so `0.30000000000000004` prints as
/// `0.3` and neighbouring ticks never share a label. Non-finite ticks get `"–"`.
pub fn format_ticks(ticks: &[f64]) -> Vec<String> {
    let mut finite: Vec<f64> = ticks.iter().copied().filter(|v| v.is_finite()).collect();
    crate::sort::sort_by(&mut finite, f64::total_cmp);
    finite.dedup();
    let max_abs = finite.iter().fold(0.0f64, |m, v| m.max(v.abs()));
    // Half the smallest spacing (halves: the difference of ±1.7e308 must not overflow).
    let half_step = finite
        .windows(2)
        .map(|w| w[1] * 0.5 - w[0] * 0.5)
        .filter(|d| *d > 0.0)
        .fold(f64::INFINITY, f64::min);
    let tol = if half_step.is_finite() {
        half_step * 2e-6
    } else {
        max_abs * 1e-9
    };
    let notation = if max_abs == 0.0 || (0.01..1e5).contains(&max_abs) {
        Notation::Decimal
    } else {
        Notation::Scientific
    };
    ticks
        .iter()
        .map(|&t| {
            if !t.is_finite() {
                return "–".to_owned();
            }
            if t.abs() <= tol {
                return "0".to_owned();
            }
            (1..=15)
                .map(|sig| fmt_sig(t, sig, notation))
                .find(|s| s.parse::<f64>().is_ok_and(|p| (p - t).abs() <= tol))
                .unwrap_or_else(|| fmt_sig(t, 15, notation))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn compact_rounds_away_float_noise() {
        assert_eq!(format_compact(0.1 + 0.2, 6), "0.3");
        assert_eq!(
            format_compact(0.30000000000000004, 17),
            "0.30000000000000004"
        );
        assert_eq!(format_compact(3.0 * 0.1, 6), "0.3");
    }

    #[test]
    fn compact_switches_notation_at_001_and_1e5() {
        assert_eq!(format_compact(0.1, 3), "0.1");
        assert_eq!(format_compact(0.05, 3), "0.05");
        assert_eq!(format_compact(0.01, 3), "0.01");
        assert_eq!(format_compact(1e-3, 3), "1e-3");
        assert_eq!(format_compact(2.5e-4, 3), "2.5e-4");
        assert_eq!(format_compact(0.00245, 3), "2.45e-3");
        assert_eq!(format_compact(12345.6, 6), "12345.6");
        assert_eq!(format_compact(1e5, 3), "1e5");
        assert_eq!(format_compact(99_999.7, 3), "1e5");
        assert_eq!(format_compact(-0.25, 3), "-0.25");
        assert_eq!(format_compact(1e300, 3), "1e300");
    }

    #[test]
    fn compact_handles_zero_and_non_finite() {
        assert_eq!(format_compact(0.0, 3), "0");
        assert_eq!(format_compact(-0.0, 3), "0");
        assert_eq!(format_compact(f64::NAN, 3), "–");
        assert_eq!(format_compact(f64::INFINITY, 3), "–");
        assert_eq!(format_compact(1.0, 0), "1");
    }

    #[test]
    fn tick_labels_decimal_axis() {
        let t: Vec<f64> = (0..4).map(|i| f64::from(i) * 0.05).collect();
        assert_eq!(format_ticks(&t), strings(&["0", "0.05", "0.1", "0.15"]));
        let t: Vec<f64> = (0..4).map(|i| f64::from(i) * 0.1).collect();
        assert_eq!(format_ticks(&t), strings(&["0", "0.1", "0.2", "0.3"]));
        // An axis reaching 0.02 keeps decimals even for its small ticks.
        let t = [0.0, 0.005, 0.01, 0.015, 0.02];
        assert_eq!(
            format_ticks(&t),
            strings(&["0", "0.005", "0.01", "0.015", "0.02"])
        );
        assert_eq!(
            format_ticks(&[0.0, 10.0, 20.0]),
            strings(&["0", "10", "20"])
        );
    }

    #[test]
    fn tick_labels_scientific_axis() {
        let t: Vec<f64> = (0..4).map(|i| f64::from(i) * 5e-4).collect();
        assert_eq!(format_ticks(&t), strings(&["0", "5e-4", "1e-3", "1.5e-3"]));
        let t: Vec<f64> = (0..3).map(|i| f64::from(i) * 2.5e-4).collect();
        assert_eq!(format_ticks(&t), strings(&["0", "2.5e-4", "5e-4"]));
        assert_eq!(
            format_ticks(&[0.0, 5e5, 1e6]),
            strings(&["0", "5e5", "1e6"])
        );
        assert_eq!(format_ticks(&[1e299, 1e300]), strings(&["1e299", "1e300"]));
        // Spacings that overflow f64 still give distinct labels.
        assert_eq!(
            format_ticks(&[-1.5e308, 0.0, 1.5e308]),
            strings(&["-1.5e308", "0", "1.5e308"])
        );
    }

    #[test]
    fn tick_labels_are_distinct_for_close_ticks() {
        let t = [1.0001, 1.0002, 1.0003];
        let l = format_ticks(&t);
        assert_eq!(l, strings(&["1.0001", "1.0002", "1.0003"]));
        assert_eq!(format_ticks(&[f64::NAN, 1.0]), strings(&["–", "1"]));
        assert!(format_ticks(&[]).is_empty());
    }

    #[test]
    fn linear_ticks_are_nice_and_bounded() {
        let t = linear_ticks(0.0, 0.1, 6, false);
        assert_eq!(
            format_ticks(&t),
            strings(&["0", "0.02", "0.04", "0.06", "0.08", "0.1"])
        );
        for (lo, hi, n) in [
            (0.0, 1.0, 5),
            (-3.0, 7.0, 8),
            (0.0, 1e300, 4),
            (1e-9, 3e-9, 3),
        ] {
            let t = linear_ticks(lo, hi, n, false);
            assert!(t.len() >= 2 && t.len() <= n, "{lo}..{hi}: {t:?}");
            assert!(t
                .iter()
                .all(|v| *v >= lo - 1e-9 * (hi - lo) && *v <= hi + 1e-9 * (hi - lo)));
        }
        // The whole f64 range: ticks inside, no overflow.
        for (lo, hi) in [(-f64::MAX, f64::MAX), (1e306, 1.7e308), (-1.7e308, -1e307)] {
            let t = linear_ticks(lo, hi, 6, false);
            assert!(t.len() >= 2 && t.len() <= 6, "{lo}..{hi}: {t:?}");
            assert!(t.iter().all(|v| v.is_finite() && *v >= lo && *v <= hi));
        }
        let t = linear_ticks(0.0, 7.0, 20, true);
        assert_eq!(t, (0..=7).map(f64::from).collect::<Vec<_>>());
        assert_eq!(linear_ticks(0.0, 3.0, 10, true), vec![0.0, 1.0, 2.0, 3.0]);
        assert_eq!(linear_ticks(2.0, 2.0, 5, false), vec![2.0]);
        assert!(linear_ticks(f64::NAN, 1.0, 5, false).is_empty());
        assert!(linear_ticks(1.0, 0.0, 5, false).is_empty());
    }

    #[test]
    fn log_ticks_pick_density_from_spacing() {
        let (major, minor) = log_ticks(1e-4, 10.0, 0.5);
        assert_eq!(major, vec![1e-4, 1e-3, 1e-2, 1e-1, 1.0, 10.0]);
        assert!(!minor.is_empty());
        let (major, _) = log_ticks(1e-12, 1e12, 3.0);
        assert!(
            major.len() >= 2 && min_gap_decades(&major) >= 3.0,
            "{major:?}"
        );
        let (major, _) = log_ticks(0.05, 0.8, 0.2);
        assert_eq!(
            format_ticks(&major),
            strings(&["0.05", "0.1", "0.2", "0.5"])
        );
        let (major, _) = log_ticks(0.065, 0.8, 0.11);
        assert_eq!(
            format_ticks(&major),
            strings(&["0.07", "0.1", "0.15", "0.2", "0.3", "0.5", "0.7"])
        );
        // A short range falls back to linear ticks.
        let (major, _) = log_ticks(0.061, 0.069, 0.005);
        assert!(major.len() >= 3, "{major:?}");
        assert!(major.iter().all(|v| (0.061..=0.069).contains(v)));
        assert_eq!(log_ticks(0.0, 1.0, 0.1).0, Vec::<f64>::new());
        assert_eq!(log_ticks(f64::NAN, 1.0, 0.1).0, Vec::<f64>::new());
    }
}
