//! Python's `math.log`, `math.cos` and `**`, bit for bit, on every platform.
//!
//! Where a library finds a restart cycle with `math.log` (PyTorch's
//! `CosineAnnealingWarmRestarts.step(epoch)`, timm's `cycle_mul`), whether it lands in the
//! wrong cycle depends on the last bit of the logarithms: `int(math.log(243, 3))` is 4 on
//! CPython because `log(3)` rounds to `1.0986122886681098`. CPython calls the C library's
//! `log`, which on Linux (glibc) is correctly rounded. Rust's `f64::ln` calls the platform's
//! `log` natively but a port of musl's in wasm, which gives `1.0986122886681096`, so the
//! page and the CLI would disagree about which restarts PyTorch gets wrong.
//!
//! [`ln`] is a correctly rounded natural logarithm computed in double-double arithmetic
//! (about 106 bits), identical on every platform: the bits CPython prints on Linux, except in
//! rare cases a millionth of an ulp from a tie, where glibc's 0.52-ulp bound lets it round the
//! other way (tested against glibc natively).
//!
//! [`cos`] and [`pow`] exist for the same reason: `f64::cos` and `f64::powf` are glibc's
//! natively but musl ports in wasm, and they differ in the last bit often enough (one rate in
//! ten of OneCycleLR's default run) that the page's CSV would not equal `anneal eval`'s. Both
//! are computed in double-double and rounded once, so they give glibc's (and so CPython's and
//! PyTorch's) bits except a hair from a tie, on every platform.

/// `a + b` exactly, as `s + e` (Knuth's TwoSum).
fn two_sum(a: f64, b: f64) -> (f64, f64) {
    let s = a + b;
    let bb = s - a;
    (s, (a - (s - bb)) + (b - bb))
}

/// A double-double number `hi + lo` with `|lo| ≤ ulp(hi) / 2`.
#[derive(Clone, Copy, Debug)]
struct Dd {
    hi: f64,
    lo: f64,
}

impl Dd {
    fn new(hi: f64, lo: f64) -> Dd {
        let (hi, lo) = two_sum(hi, lo);
        Dd { hi, lo }
    }

    fn add(self, o: Dd) -> Dd {
        let (s, e) = two_sum(self.hi, o.hi);
        Dd::new(s, e + self.lo + o.lo)
    }

    fn mul(self, o: Dd) -> Dd {
        let p = self.hi * o.hi;
        // The exact error of the product (fused multiply-add: exact on every platform).
        let e = self.hi.mul_add(o.hi, -p);
        Dd::new(p, e + self.hi * o.lo + self.lo * o.hi)
    }

    fn div(self, o: Dd) -> Dd {
        let q1 = self.hi / o.hi;
        let r = self.add(o.mul(Dd { hi: -q1, lo: 0.0 }));
        let q2 = r.hi / o.hi;
        let r = r.add(o.mul(Dd { hi: -q2, lo: 0.0 }));
        let q3 = r.hi / o.hi;
        Dd::new(q1, q2).add(Dd { hi: q3, lo: 0.0 })
    }
}

/// ln 2 as a double-double (hi = the f64 nearest ln 2).
const LN2: Dd = Dd {
    hi: std::f64::consts::LN_2,
    lo: 2.319_046_813_846_299_6e-17,
};

/// The natural logarithm, correctly rounded to the nearest f64 (as glibc's `log`, which
/// CPython's `math.log` calls on Linux). `ln(0) = -inf`, `ln(x < 0) = NaN`, `ln(inf) = inf`,
/// `ln(NaN) = NaN`, as IEEE-754 `log`; callers that must raise like Python check first.
pub fn ln(x: f64) -> f64 {
    if x.is_nan() || x < 0.0 {
        return f64::NAN;
    }
    if x == 0.0 {
        return f64::NEG_INFINITY;
    }
    if x.is_infinite() {
        return f64::INFINITY;
    }
    if x == 1.0 {
        return 0.0;
    }
    let r = ln_dd(x);
    r.hi + r.lo
}

/// ln x to about 106 bits, for positive finite `x`.
fn ln_dd(x: f64) -> Dd {
    // x = m · 2^e with m in [√½, √2): exact scaling by powers of two.
    let (mut m, mut e) = (x, 0i32);
    if m < f64::MIN_POSITIVE {
        m *= 2f64.powi(54);
        e -= 54;
    }
    let bits = m.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i32 - 1023;
    m = f64::from_bits((bits & !(0x7ff << 52)) | (1023u64 << 52));
    e += exp;
    if m > std::f64::consts::SQRT_2 {
        m /= 2.0;
        e += 1;
    }
    // ln m = 2 atanh(s), s = (m − 1)/(m + 1), |s| ≤ 0.1716: 2 (s + s³/3 + s⁵/5 + …).
    let num = Dd {
        hi: m - 1.0,
        lo: 0.0,
    }; // exact (Sterbenz)
    let (den_hi, den_lo) = two_sum(m, 1.0);
    let s = num.div(Dd {
        hi: den_hi,
        lo: den_lo,
    });
    let s2 = s.mul(s);
    let mut power = s;
    let mut sum = s;
    for k in 1..=30u32 {
        power = power.mul(s2);
        let term = power.div(Dd {
            hi: f64::from(2 * k + 1),
            lo: 0.0,
        });
        sum = sum.add(term);
        if term.hi.abs() < 1e-36 * sum.hi.abs() {
            break;
        }
    }
    let ln_m = sum.add(sum);
    let ln_2e = LN2.mul(Dd {
        hi: f64::from(e),
        lo: 0.0,
    });
    ln_2e.add(ln_m)
}

/// π/2 in four parts: the first three have 33 significant bits, so `k · part` is exact for
/// integers k < 2^20; the sum is π/2 to about 2^-160 (fdlibm's `pio2_1`, `pio2_2`, `pio2_3`,
/// `pio2_3t`).
const PIO2: [f64; 4] = [
    1.570_796_326_734_125_6,
    6.077_100_506_303_966e-11,
    2.022_266_248_711_166_5e-21,
    8.478_427_660_368_9e-32,
];

/// Past this |x| the quadrant count no longer fits the exact reduction: [`cos`] returns the
/// platform's `cos` (no schedule's argument comes near it).
const COS_REDUCTION_LIMIT: f64 = 823_549.0;

/// The series Σ sign^n · r^(2n+first) / (2n+first)! in double-double (cos: first = 0, sin:
/// first = 1), for |r| ≤ π/4 + a little.
fn trig_series(r: Dd, first: u32) -> Dd {
    let r2 = r.mul(r);
    let mut term = if first == 0 {
        Dd { hi: 1.0, lo: 0.0 }
    } else {
        r
    };
    let mut sum = term;
    let mut n = first;
    for _ in 0..20 {
        let d = f64::from((n + 1) * (n + 2));
        n += 2;
        let next = term.mul(r2).div(Dd { hi: -d, lo: 0.0 });
        term = next;
        sum = sum.add(term);
        if term.hi.abs() <= 1e-40 * sum.hi.abs().max(f64::MIN_POSITIVE) {
            break;
        }
    }
    sum
}

/// Python's `math.cos(x)` (C `cos`), rounded once from a double-double evaluation, so the
/// same bits on every platform: reduction by π/2 in four exact parts, then the Taylor series
/// of cos or sin of the remainder. NaN for infinite or NaN `x` (callers that must raise
/// `ValueError` check first, as [`crate::schedule::torch::py::cos`] does). For |x| above
/// 823,549 it returns the platform's `f64::cos`.
pub fn cos(x: f64) -> f64 {
    if !x.is_finite() {
        return f64::NAN;
    }
    let ax = x.abs();
    if ax > COS_REDUCTION_LIMIT {
        return ax.cos();
    }
    let k = (ax * std::f64::consts::FRAC_2_PI).round();
    let mut r = Dd { hi: ax, lo: 0.0 };
    for part in &PIO2[..3] {
        r = r.add(Dd {
            hi: -k * part,
            lo: 0.0,
        });
    }
    let p = k * PIO2[3];
    r = r.add(Dd {
        hi: -p,
        lo: -k.mul_add(PIO2[3], -p),
    });
    let v = match (k as u64) & 3 {
        0 => trig_series(r, 0),
        1 => neg(trig_series(r, 1)),
        2 => neg(trig_series(r, 0)),
        _ => trig_series(r, 1),
    };
    v.hi + v.lo
}

fn neg(d: Dd) -> Dd {
    Dd {
        hi: -d.hi,
        lo: -d.lo,
    }
}

/// e^z for a double-double z with −708 < z < 709, rounded once.
fn exp_dd(z: Dd) -> f64 {
    let k = (z.hi / LN2.hi).round();
    let r = z.add(LN2.mul(Dd { hi: -k, lo: 0.0 }));
    let mut term = Dd { hi: 1.0, lo: 0.0 };
    let mut sum = term;
    for n in 1..=30u32 {
        term = term.mul(r).div(Dd {
            hi: f64::from(n),
            lo: 0.0,
        });
        sum = sum.add(term);
        if term.hi.abs() <= 1e-40 * sum.hi {
            break;
        }
    }
    // 2^k is exact for k in −1022..=1023; k = 1024 goes in two steps.
    let k = k as i32;
    let (k1, k2) = if k > 1000 { (k - 1000, 1000) } else { (k, 0) };
    (sum.hi + sum.lo) * 2f64.powi(k1) * 2f64.powi(k2)
}

/// Python's `x ** y` on floats (C `pow`), rounded once from double-double `exp(y · ln x)`,
/// so the same bits on every platform. IEEE-754's special cases (zero, infinite or NaN
/// operands, `y = 0`, `x = 1`) and results outside e^±708 are exact or overflow either way:
/// those go to `f64::powf`. A negative `x` with an integer `y` is ±|x|^y; with a non-integer
/// `y` NaN (Python returns a complex: [`crate::schedule::torch::py::pow`] raises first).
pub fn pow(x: f64, y: f64) -> f64 {
    if y == 0.0 || x == 1.0 {
        return 1.0;
    }
    if !x.is_finite() || !y.is_finite() || x == 0.0 {
        return x.powf(y);
    }
    if x < 0.0 {
        if y.fract() != 0.0 {
            return f64::NAN;
        }
        let m = pow(-x, y);
        let odd = y.abs() < 9_007_199_254_740_992.0 && (y / 2.0).fract() != 0.0;
        return if odd { -m } else { m };
    }
    let z = ln_dd(x).mul(Dd { hi: y, lo: 0.0 });
    if !(-708.0..709.0).contains(&z.hi) {
        return x.powf(y);
    }
    exp_dd(z)
}

/// Python `math.log(x, base)` for positive finite floats: `log(x) / log(base)`, two
/// correctly rounded logarithms and one division, as CPython's `math_log_impl` computes it.
pub fn log_base(x: f64, base: f64) -> f64 {
    ln(x) / ln(base)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_cpython_values() {
        // repr(math.log(v)) on CPython 3.11 / Linux.
        assert_eq!(ln(3.0), 1.0986122886681098);
        assert_eq!(ln(243.0), 5.493061443340548);
        assert_eq!(ln(10.0), std::f64::consts::LN_10);
        assert_eq!(ln(1000.0), 6.907755278982137);
        assert_eq!(ln(2.0), std::f64::consts::LN_2);
        assert_eq!(ln(0.5), -std::f64::consts::LN_2);
        // The float-log restart points of SEMANTICS.md §1.2 (4 and 2, not 5 and 3).
        assert_eq!(log_base(243.0, 3.0).trunc(), 4.0);
        assert_eq!(log_base(1000.0, 10.0).trunc(), 2.0);
    }

    /// A deterministic spread of arguments: schedule-shaped ones (π·t/T) and a geometric sweep.
    fn arguments() -> Vec<f64> {
        let mut v = Vec::new();
        for t_max in [1u32, 3, 7, 10, 50, 100, 1000, 4096] {
            for t in 0..=t_max.min(2000) {
                v.push(std::f64::consts::PI * f64::from(t) / f64::from(t_max));
            }
        }
        let mut x = 1e-9_f64;
        while x < 8e5 {
            v.extend([x, x * 1.000_000_3, x * 2.9]);
            x *= 1.013;
        }
        v
    }

    #[test]
    fn cos_special_values() {
        assert_eq!(cos(0.0), 1.0);
        assert_eq!(cos(-0.0), 1.0);
        assert_eq!(cos(std::f64::consts::PI), -1.0);
        assert_eq!(cos(std::f64::consts::FRAC_PI_2), 6.123233995736766e-17);
        assert!(cos(f64::INFINITY).is_nan() && cos(f64::NAN).is_nan());
        assert_eq!(cos(1e7), 1e7_f64.cos());
    }

    #[test]
    fn pow_special_values() {
        assert_eq!(pow(2.0, 10.0), 1024.0);
        assert_eq!(pow(0.5, 2.0), 0.25);
        assert_eq!(pow(-2.0, 3.0), -8.0);
        assert_eq!(pow(-2.0, 2.0), 4.0);
        assert!(pow(-2.0, 0.5).is_nan());
        assert_eq!(pow(0.0, 2.0), 0.0);
        assert_eq!(pow(f64::NAN, 0.0), 1.0);
        assert_eq!(pow(10.0, 400.0), f64::INFINITY);
        assert_eq!(pow(0.1, 2.0), 0.010000000000000002);
    }

    /// glibc's `cos` and `pow` are within about 0.52 ulp, not correctly rounded: they agree
    /// with the double-double value except a hair from a tie. Mismatches must be rare and
    /// 1 ulp apart.
    #[test]
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    fn cos_and_pow_agree_with_glibc() {
        let xs = arguments();
        let mut differ = 0;
        for &x in &xs {
            let (a, b) = (cos(x).to_bits(), x.cos().to_bits());
            if a != b {
                assert_eq!(a.abs_diff(b), 1, "cos({x:e})");
                differ += 1;
            }
        }
        // Measured: 10 of 11,150, each where the true cosine lies within 0.01 ulp of a tie and
        // glibc rounds the wrong way (checked against a 80-digit evaluation).
        assert!(
            differ * 500 < xs.len(),
            "cos: {differ} of {} differ",
            xs.len()
        );
        let mut n = 0;
        differ = 0;
        for base in [0.1, 0.5, 0.9, 0.95, 0.99, 0.999, 1.5, 2.0, 3.0, 10.0, 0.316] {
            for e in 0..3000 {
                for y in [
                    f64::from(e),
                    f64::from(e) / 7.0,
                    f64::from(e) * 0.01,
                    -f64::from(e) / 3.0,
                ] {
                    n += 1;
                    let (a, b) = (pow(base, y).to_bits(), base.powf(y).to_bits());
                    if a != b {
                        assert_eq!(a.abs_diff(b), 1, "pow({base}, {y})");
                        differ += 1;
                    }
                }
            }
        }
        // Measured: 100 of 132,000, each within 0.01 ulp of a tie (glibc rounds the wrong way).
        assert!(differ * 500 < n, "pow: {differ} of {n} differ");
    }

    #[test]
    fn edge_values() {
        assert_eq!(ln(1.0), 0.0);
        assert_eq!(ln(0.0), f64::NEG_INFINITY);
        assert!(ln(-1.0).is_nan() && ln(f64::NAN).is_nan());
        assert_eq!(ln(f64::INFINITY), f64::INFINITY);
        assert!((ln(f64::MIN_POSITIVE / 8.0) - (f64::MIN_POSITIVE / 8.0).ln()).abs() < 1e-12);
        assert!((ln(f64::MAX) - 709.782712893384).abs() < 1e-12);
    }

    /// Natively `f64::ln` is glibc's `log`, which is within 0.52 ulp: it agrees with the
    /// correctly rounded value except where the true logarithm lies a hair from a tie
    /// between two doubles (e.g. `ln(2.937109890897295e-69)`, 2e-6 ulp from the midpoint,
    /// where glibc rounds the wrong way). Those cases must stay rare and 1 ulp apart.
    #[test]
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    fn agrees_with_glibc_log() {
        let mut values = Vec::new();
        let mut x = 1e-300_f64;
        while x < 1e300 {
            values.extend([x, x * 1.000_000_1, x * 3.3, x * 7.77]);
            x *= 1.37;
        }
        values.extend((1..20_000u32).map(|k| f64::from(k) * 0.25));
        let mut differ = 0;
        for &y in &values {
            let (a, b) = (ln(y).to_bits(), y.ln().to_bits());
            if a != b {
                assert_eq!(a.abs_diff(b), 1, "ln({y:e})");
                differ += 1;
            }
        }
        assert!(
            values.len() > 20_000 && differ * 2000 < values.len(),
            "{differ} differ"
        );
    }
}
