//! Python's `math.log`, bit for bit, on every platform.
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
    let r = ln_2e.add(ln_m);
    r.hi + r.lo
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
