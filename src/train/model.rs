//! Binary logistic regression: p = σ(w·x + b), its objective and gradient, on flat slices.
//!
//! With labels y ∈ {0, 1} and signs t = 2y − 1 ∈ {−1, +1}, the margin of sample i is
//! s_i = t_i (w·x_i + b) and its loss is log(1 + exp(−s_i)) = softplus(−s_i). The objective is
//!
//! f(w, b) = (1/n) Σ_i softplus(−s_i) + (λ/2) ‖w‖²   (the bias is not regularized),
//!
//! with gradient ∂f/∂w = (1/n) Σ_i −t_i σ(−s_i) x_i + λ w and ∂f/∂b = (1/n) Σ_i −t_i σ(−s_i).
//! Both `softplus` and `σ` are evaluated in forms that never overflow (the branch form of
//! scikit-learn's `log_logistic`, `sklearn/utils/_logistic_sigmoid` / linfa-logistic).
//!
//! Determinism (the same bits natively and in wasm, issue "Live at 60 fps"): every value is
//! computed by plain f64 additions, multiplications and divisions in a fixed order, never a
//! fused multiply-add and never a platform `exp`/`log` (those differ in the last bit between
//! libms). [`exp`] and [`log1p`] are this module's own polynomial evaluations (within 1 ulp of
//! the `libm` crate's, tested), falling back to `libm` outside their ranges. Sums of
//! products ([`dot`]) use four interleaved accumulators in one fixed order, which the SIMD
//! kernels (x86-64 AVX when the CPU has it, wasm `simd128` when compiled with it) and the
//! scalar kernel all follow lane for lane, so every target gives the same bits.

/// ln 2 to 32 bits (so k·`EXP_LN2_HI` is exact for |k| < 2²⁰), and the rest.
const EXP_LN2_HI: f64 = f64::from_bits(0x3fe6_2e42_fee0_0000); // 0.693147180369123816490
const EXP_LN2_LO: f64 = f64::from_bits(0x3dea_39ef_3579_3c76); // 1.90821492927058770002e-10

/// 1/n! for n = 2..=13 (each a correctly rounded f64 division at compile time).
const EXP_C: [f64; 12] = [
    1.0 / 2.0,
    1.0 / 6.0,
    1.0 / 24.0,
    1.0 / 120.0,
    1.0 / 720.0,
    1.0 / 5040.0,
    1.0 / 40320.0,
    1.0 / 362_880.0,
    1.0 / 3_628_800.0,
    1.0 / 39_916_800.0,
    1.0 / 479_001_600.0,
    1.0 / 6_227_020_800.0,
];

/// 2 / (2n + 1) for n = 1..=9: 2 atanh(s) = 2s + s·Σ LOG_A[n−1]·s²ⁿ.
const LOG_A: [f64; 9] = [
    2.0 / 3.0,
    2.0 / 5.0,
    2.0 / 7.0,
    2.0 / 9.0,
    2.0 / 11.0,
    2.0 / 13.0,
    2.0 / 15.0,
    2.0 / 17.0,
    2.0 / 19.0,
];

/// e^x, to within 1 ulp of the correctly rounded value (checked against `libm::exp`), in plain
/// f64 arithmetic: x = k·ln 2 + r with k = round(x / ln 2) and |r| ≤ ln 2 / 2 (ln 2 split in
/// a 32-bit head and a tail, so k·head is exact), e^r by its Taylor series to r¹³ (truncation
/// below 2⁻⁵⁷) as 1 + (r + r²·h(r)) with h evaluated by Estrin's scheme, then scaled by 2^k
/// through the exponent bits. Outside [−708, 708] (and for NaN) it returns `libm::exp(x)`.
#[inline(always)]
pub fn exp(x: f64) -> f64 {
    // Two comparisons (NaN fails both), not `RangeInclusive::contains`, which the size-
    // optimized build leaves as a call.
    #[allow(clippy::manual_range_contains)]
    if !(x >= -708.0 && x <= 708.0) {
        return libm::exp(x);
    }
    const LOG2E: f64 = std::f64::consts::LOG2_E;
    // 1.5 · 2^52: adding and subtracting it rounds |v| < 2^51 to the nearest integer.
    const SHIFT: f64 = 6_755_399_441_055_744.0;
    let c = &EXP_C;
    let kf = (x * LOG2E + SHIFT) - SHIFT;
    let r = (x - kf * EXP_LN2_HI) - kf * EXP_LN2_LO;
    let r2 = r * r;
    let r4 = r2 * r2;
    // h(r) = Σ_{n=2..13} rⁿ⁻² / n!
    let q0 = (c[0] + r * c[1]) + r2 * (c[2] + r * c[3]);
    let q1 = (c[4] + r * c[5]) + r2 * (c[6] + r * c[7]);
    let q2 = (c[8] + r * c[9]) + r2 * (c[10] + r * c[11]);
    let h = (q0 + r4 * q1) + (r4 * r4) * q2;
    let er = 1.0 + (r + r2 * h);
    // |x| <= 708 keeps k in [-1021, 1021]: 2^k is a normal number.
    let k = kf as i64;
    er * f64::from_bits(((k + 1023) as u64) << 52)
}

/// ln(1 + x) for x ∈ [0, 1] (the range softplus needs: x = e^−|z|), to within 1 ulp of the
/// correctly rounded value (checked against `libm::log1p`), in plain f64 arithmetic:
/// u = 1 + x rounded, with the rounding corrected by c = (x − (u − 1)) / u; u = 2^k (1 + f)
/// with k ∈ {0, 1} and f ∈ [√2/2 − 1, √2 − 1]; ln(1 + f) = 2 atanh(s), s = f / (2 + f), by its
/// series to s¹⁹ (truncation below 2⁻⁵⁵ relative), arranged as f − (f²/2 − s (f²/2 + R)) to
/// keep the rounding small. Other x (and NaN) go to `libm::log1p(x)`.
#[inline(always)]
pub fn log1p(x: f64) -> f64 {
    #[allow(clippy::manual_range_contains)] // as in `exp`
    if !(x >= 0.0 && x <= 1.0) {
        return libm::log1p(x);
    }
    const SQRT2: f64 = std::f64::consts::SQRT_2;
    // 2 atanh(s) = 2s + s·R, R = Σ_{n≥1} 2 z^n / (2n + 1), z = s².
    let a = &LOG_A;
    let u = 1.0 + x;
    // u − 1 is exact (u ∈ [1, 2]); c is the part of x that 1 + x rounded away, over u.
    let c = (x - (u - 1.0)) / u;
    let (k, f) = if u > SQRT2 {
        (1.0, u * 0.5 - 1.0)
    } else {
        (0.0, u - 1.0)
    };
    let s = f / (2.0 + f);
    let z = s * s;
    let z2 = z * z;
    let z4 = z2 * z2;
    let p0 = (a[0] + z * a[1]) + z2 * (a[2] + z * a[3]);
    let p1 = (a[4] + z * a[5]) + z2 * (a[6] + z * a[7]);
    let r = z * ((p0 + z4 * p1) + (z4 * z4) * a[8]);
    let hfsq = 0.5 * f * f;
    k * EXP_LN2_HI + (f - (hfsq - (s * (hfsq + r) + (k * EXP_LN2_LO + c))))
}

/// softplus(z) = log(1 + exp(z)) without overflow: max(z, 0) + log1p(exp(−|z|)) ([`exp`],
/// [`log1p`]).
#[inline(always)]
pub fn softplus(z: f64) -> f64 {
    z.max(0.0) + log1p(exp(-z.abs()))
}

/// The logistic function σ(z) = 1 / (1 + exp(−z)) without overflow (exp is only taken of a
/// non-positive number; [`exp`]).
#[inline(always)]
pub fn sigmoid(z: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + exp(-z))
    } else {
        let e = exp(z);
        e / (1.0 + e)
    }
}

/// The linear score w·x + b of one row `x` (length `w.len()`), summed as [`dot`] does.
#[inline(always)]
pub fn score(x: &[f64], w: &[f64], b: f64) -> f64 {
    b + dot(x, w)
}

/// The objective f(w, b) above over the rows of `x` (row-major, `t.len()` rows of `w.len()`
/// features) with signs `t` (±1). Returns 0 plus the L2 term for zero rows.
pub fn objective(x: &[f64], t: &[f64], w: &[f64], b: f64, l2: f64) -> f64 {
    let (loss, _) = loss_and_correct(x, t, w, b);
    let n = t.len().max(1) as f64;
    loss / n + 0.5 * l2 * dot(w, w)
}

/// Σ_i softplus(−s_i) and the number of correctly classified rows (predicted label 1 when
/// w·x + b > 0, i.e. p > 0.5, as scikit-learn's `predict`; a score of exactly 0 predicts 0).
/// The losses are summed in row order. One pass over the rows.
pub fn loss_and_correct(x: &[f64], t: &[f64], w: &[f64], b: f64) -> (f64, usize) {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the CPU has AVX2 (checked just above).
        return unsafe { loss_and_correct_avx2(x, t, w, b) };
    }
    loss_and_correct_k::<Native>(x, t, w, b)
}

/// The fraction of rows classified correctly (see [`loss_and_correct`]); `None` for no rows.
pub fn accuracy(x: &[f64], t: &[f64], w: &[f64], b: f64) -> Option<f64> {
    if t.is_empty() {
        return None;
    }
    let d = w.len();
    let correct = t
        .iter()
        .enumerate()
        .filter(|&(i, &ti)| (score(row(x, i, d), w, b) > 0.0) == (ti > 0.0))
        .count();
    Some(correct as f64 / t.len() as f64)
}

/// Writes the gradient of the objective over the rows `rows` of `x` (a mini-batch; the mean is
/// over `rows.len()`) into `gw` (length `w.len()`) and returns ∂f/∂b. Allocates nothing.
/// An empty `rows` gives the L2 term alone.
///
/// Order (fixed, every target): the per-row coefficients c_i = −t_i σ(−s_i) are computed
/// first (a block of rows at a time), then Σ c_i x_i and Σ c_i are accumulated in row order,
/// then gw = Σ c_i x_i · (1/|rows|) + λ w.
///
/// # Panics
/// If `gw.len() != w.len()`, `x` has fewer than `t.len()` rows of `w.len()` features, or a row
/// index is not below `t.len()`.
pub fn gradient_rows(
    x: &[f64],
    t: &[f64],
    rows: &[u32],
    w: &[f64],
    b: f64,
    l2: f64,
    gw: &mut [f64],
) -> f64 {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the CPU has AVX2 (checked just above).
        return unsafe { gradient_rows_avx2(x, t, rows, w, b, l2, gw) };
    }
    gradient_rows_k::<Native>(x, t, rows, w, b, l2, gw)
}

/// Row `i` of a row-major matrix with `d` columns (empty if out of range).
#[inline(always)]
pub fn row(x: &[f64], i: usize, d: usize) -> &[f64] {
    x.get(i * d..(i + 1) * d).unwrap_or(&[])
}

/// The dot product of two slices (over the shorter length) in the fixed order every kernel
/// uses: four accumulators a_k += x_{4m+k} y_{4m+k} (m = 0, 1, …; each product rounded, then
/// added), combined as (a₀ + a₂) + (a₁ + a₃), then the last `len % 4` products added left to
/// right.
#[inline]
pub fn dot(a: &[f64], b: &[f64]) -> f64 {
    let n = a.len().min(b.len());
    // SAFETY: both slices hold at least n elements.
    unsafe { Native::dot(a.as_ptr(), b.as_ptr(), n) }
}

/// One plain SGD step θ_j ← θ_j − lr·g_j over the shorter length (a `for` loop the size-
/// optimized build keeps tight).
pub(crate) fn descend(theta: &mut [f64], lr: f64, g: &[f64]) {
    let n = theta.len().min(g.len());
    let (theta, g) = (&mut theta[..n], &g[..n]);
    let mut j = 0;
    while j < n {
        theta[j] -= lr * g[j];
        j += 1;
    }
}

/// SGD's momentum step (dampening 0): v_j ← μ·v_j + g_j, then θ_j ← θ_j − lr·v_j.
pub(crate) fn descend_momentum(theta: &mut [f64], v: &mut [f64], mu: f64, lr: f64, g: &[f64]) {
    let n = theta.len().min(v.len()).min(g.len());
    let (theta, v, g) = (&mut theta[..n], &mut v[..n], &g[..n]);
    let mut j = 0;
    while j < n {
        v[j] = mu * v[j] + g[j];
        theta[j] -= lr * v[j];
        j += 1;
    }
}

/// How many rows' coefficients (or scores) are computed before they are used (a stack
/// buffer: independent rows give the CPU work to overlap).
const BLOCK: usize = 32;

/// The vector primitives the hot loops are written in, on raw pointers so that the
/// size-optimized build (`opt-level = "z"`) keeps no bounds checks or iterator calls in them.
/// Every implementation gives the same bits as [`Scalar`].
trait Kernel {
    /// [`dot`]'s order over `n` elements.
    ///
    /// # Safety
    /// `a` and `b` are valid for reading `n` f64 each.
    unsafe fn dot(a: *const f64, b: *const f64, n: usize) -> f64;
    /// y_j ← y_j + c·x_j for j < n (each product rounded, then added).
    ///
    /// # Safety
    /// `y` is valid for reading and writing `n` f64, `x` for reading `n`; they do not overlap.
    unsafe fn axpy(y: *mut f64, c: f64, x: *const f64, n: usize);

    /// gw_j ← gw_j + Σ_k coef[k]·x[rows[k]·d + j] for j < d, the sum taken in k order for
    /// every j (what `axpy` row after row gives).
    ///
    /// # Safety
    /// `gw` is valid for reading and writing `d` f64; for every k < len(coef) (rows as long),
    /// `x + rows[k]·d` is valid for reading `d` f64; `gw` does not overlap `x`.
    #[inline(always)]
    unsafe fn accumulate(gw: *mut f64, d: usize, x: *const f64, rows: &[u32], coef: &[f64]) {
        for (&c, &r) in coef.iter().zip(rows) {
            // SAFETY: the caller's contract.
            unsafe { Self::axpy(gw, c, x.add(r as usize * d), d) };
        }
    }

    /// zt[k] ← −t[k]·σ(−t[k]·zt[k]) ([`coefficient`]) for k < len(zt) (t as long).
    #[inline(always)]
    fn coefficients(zt: &mut [f64], t: &[f64]) {
        for (z, &tk) in zt.iter_mut().zip(t) {
            *z = coefficient(tk, *z);
        }
    }

    /// zt[k] ← softplus(−t[k]·zt[k]) for k < len(zt) (t as long).
    #[inline(always)]
    fn losses(zt: &mut [f64], t: &[f64]) {
        for (z, &tk) in zt.iter_mut().zip(t) {
            *z = softplus(-tk * *z);
        }
    }
}

/// Plain f64, one operation at a time, in the kernels' lane order.
#[cfg_attr(
    all(target_arch = "wasm32", target_feature = "simd128"),
    allow(dead_code)
)]
struct Scalar;

impl Kernel for Scalar {
    #[inline(always)]
    unsafe fn dot(a: *const f64, b: *const f64, n: usize) -> f64 {
        let m = n / 4 * 4;
        let (mut a0, mut a1, mut a2, mut a3) = (0.0, 0.0, 0.0, 0.0);
        let mut i = 0;
        // SAFETY (all reads): i + 3 < m <= n in the loop, i < n after it.
        unsafe {
            while i < m {
                a0 += *a.add(i) * *b.add(i);
                a1 += *a.add(i + 1) * *b.add(i + 1);
                a2 += *a.add(i + 2) * *b.add(i + 2);
                a3 += *a.add(i + 3) * *b.add(i + 3);
                i += 4;
            }
            let mut s = (a0 + a2) + (a1 + a3);
            while i < n {
                s += *a.add(i) * *b.add(i);
                i += 1;
            }
            s
        }
    }

    #[inline(always)]
    unsafe fn axpy(y: *mut f64, c: f64, x: *const f64, n: usize) {
        let mut i = 0;
        // SAFETY: i < n.
        unsafe {
            while i < n {
                *y.add(i) += c * *x.add(i);
                i += 1;
            }
        }
    }
}

/// The kernel of targets without run-time dispatch: wasm `simd128` when the build enables it,
/// otherwise [`Scalar`] (which x86-64 also uses on CPUs without AVX).
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
type Native = Simd128;
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
type Native = Scalar;

/// x86-64 AVX2: four lanes of f64, `vmulpd` then `vaddpd` (never FMA), and [`exp`],
/// [`log1p`], σ four rows at a time with exactly the scalar operations lane by lane. Only
/// used inside the `#[target_feature(enable = "avx2")]` functions below, which are entered
/// after `is_x86_feature_detected!("avx2")`.
#[cfg(target_arch = "x86_64")]
struct Avx2;

#[cfg(target_arch = "x86_64")]
impl Kernel for Avx2 {
    #[inline(always)]
    unsafe fn dot(a: *const f64, b: *const f64, n: usize) -> f64 {
        use std::arch::x86_64::*;
        let m = n / 4 * 4;
        // SAFETY: AVX2 is available (see the type); each vector load reads 4 f64 at i with
        // i + 4 <= m <= n (unaligned loads allowed), each scalar read is at i < n.
        unsafe {
            let mut acc = _mm256_setzero_pd();
            let mut i = 0;
            // Two vectors per turn, added one after the other (the same order as one).
            while i + 8 <= m {
                let p = _mm256_mul_pd(_mm256_loadu_pd(a.add(i)), _mm256_loadu_pd(b.add(i)));
                let q = _mm256_mul_pd(_mm256_loadu_pd(a.add(i + 4)), _mm256_loadu_pd(b.add(i + 4)));
                acc = _mm256_add_pd(_mm256_add_pd(acc, p), q);
                i += 8;
            }
            if i < m {
                let p = _mm256_mul_pd(_mm256_loadu_pd(a.add(i)), _mm256_loadu_pd(b.add(i)));
                acc = _mm256_add_pd(acc, p);
                i += 4;
            }
            // (a0 + a2, a1 + a3), then their sum.
            let v = _mm_add_pd(_mm256_castpd256_pd128(acc), _mm256_extractf128_pd(acc, 1));
            let mut s = _mm_cvtsd_f64(v) + _mm_cvtsd_f64(_mm_unpackhi_pd(v, v));
            while i < n {
                s += *a.add(i) * *b.add(i);
                i += 1;
            }
            s
        }
    }

    #[inline(always)]
    unsafe fn axpy(y: *mut f64, c: f64, x: *const f64, n: usize) {
        use std::arch::x86_64::*;
        let m = n / 4 * 4;
        // SAFETY: AVX2 is available; vector accesses at i with i + 4 <= m <= n, scalar ones at
        // i < n.
        unsafe {
            let cv = _mm256_set1_pd(c);
            let mut i = 0;
            while i < m {
                let v = _mm256_add_pd(
                    _mm256_loadu_pd(y.add(i)),
                    _mm256_mul_pd(cv, _mm256_loadu_pd(x.add(i))),
                );
                _mm256_storeu_pd(y.add(i), v);
                i += 4;
            }
            while i < n {
                *y.add(i) += c * *x.add(i);
                i += 1;
            }
        }
    }

    #[inline(always)]
    unsafe fn accumulate(gw: *mut f64, d: usize, x: *const f64, rows: &[u32], coef: &[f64]) {
        use std::arch::x86_64::*;
        let n = coef.len().min(rows.len());
        // Columns in register blocks of 16, 8 and 4, then the last d % 4 one at a time: each
        // gw_j still sums its products in row order.
        let mut j = 0;
        // SAFETY: AVX2 is available; vector accesses cover columns j..j + 4·blocks <= d of gw
        // and of rows that the caller guarantees readable.
        unsafe {
            macro_rules! block {
                ($($a:ident $o:expr),+) => {{
                    $(let mut $a = _mm256_loadu_pd(gw.add(j + $o));)+
                    let mut k = 0;
                    while k < n {
                        let xr = x.add(rows[k] as usize * d + j);
                        let cv = _mm256_set1_pd(coef[k]);
                        $($a = _mm256_add_pd($a, _mm256_mul_pd(cv, _mm256_loadu_pd(xr.add($o))));)+
                        k += 1;
                    }
                    $(_mm256_storeu_pd(gw.add(j + $o), $a);)+
                }};
            }
            while j + 16 <= d {
                block!(a0 0, a1 4, a2 8, a3 12);
                j += 16;
            }
            if j + 8 <= d {
                block!(a0 0, a1 4);
                j += 8;
            }
            if j + 4 <= d {
                block!(a0 0);
                j += 4;
            }
            while j < d {
                let mut s = *gw.add(j);
                let mut k = 0;
                while k < n {
                    s += coef[k] * *x.add(rows[k] as usize * d + j);
                    k += 1;
                }
                *gw.add(j) = s;
                j += 1;
            }
        }
    }

    #[inline(always)]
    fn coefficients(zt: &mut [f64], t: &[f64]) {
        use std::arch::x86_64::*;
        let n = zt.len().min(t.len());
        let m = n / 4 * 4;
        let mut k = 0;
        // SAFETY: AVX2 is available; loads and stores at k with k + 4 <= m <= n.
        unsafe {
            let one = _mm256_set1_pd(1.0);
            let sign = _mm256_set1_pd(-0.0);
            while k < m {
                let tv = _mm256_loadu_pd(t.as_ptr().add(k));
                let nt = _mm256_xor_pd(tv, sign); // −t
                let v = _mm256_mul_pd(nt, _mm256_loadu_pd(zt.as_ptr().add(k)));
                // σ(v): e = exp(−|v|); v >= 0: 1 / (1 + e), else e / (1 + e).
                let e = exp4(_mm256_or_pd(v, sign));
                let num =
                    _mm256_blendv_pd(e, one, _mm256_cmp_pd::<_CMP_GE_OQ>(v, _mm256_setzero_pd()));
                let sig = _mm256_div_pd(num, _mm256_add_pd(one, e));
                _mm256_storeu_pd(zt.as_mut_ptr().add(k), _mm256_mul_pd(nt, sig));
                k += 4;
            }
        }
        Scalar::coefficients(&mut zt[m..n], &t[m..n]);
    }

    #[inline(always)]
    fn losses(zt: &mut [f64], t: &[f64]) {
        use std::arch::x86_64::*;
        let n = zt.len().min(t.len());
        let m = n / 4 * 4;
        let mut k = 0;
        // SAFETY: AVX2 is available; loads and stores at k with k + 4 <= m <= n.
        unsafe {
            let sign = _mm256_set1_pd(-0.0);
            while k < m {
                let tv = _mm256_loadu_pd(t.as_ptr().add(k));
                let u = _mm256_mul_pd(_mm256_xor_pd(tv, sign), _mm256_loadu_pd(zt.as_ptr().add(k)));
                // softplus(u) = max(u, 0) + log1p(exp(−|u|)); vmaxpd(u, 0) gives 0 for a NaN u
                // as f64::max does, and the sum is the same for either zero.
                let l = log1p4(exp4(_mm256_or_pd(u, sign)));
                let sp = _mm256_add_pd(_mm256_max_pd(u, _mm256_setzero_pd()), l);
                _mm256_storeu_pd(zt.as_mut_ptr().add(k), sp);
                k += 4;
            }
        }
        Scalar::losses(&mut zt[m..n], &t[m..n]);
    }
}

/// A vector of four copies of a constant (a macro, not a closure: the size-optimized build
/// would not inline a closure, and a closure cannot inherit the AVX2 feature).
#[cfg(target_arch = "x86_64")]
macro_rules! c {
    ($v:expr) => {
        _mm256_set1_pd($v)
    };
}

/// [`exp`] on four lanes, the same operations in the same order (so the same bits); lanes
/// outside [−708, 708] (or NaN) are redone by `libm::exp`, as [`exp`] does. The integer k
/// comes from the bits of x·log₂e + 1.5·2⁵² (the same k as `kf as i64` in [`exp`]).
#[cfg(target_arch = "x86_64")]
#[inline(always)]
unsafe fn exp4(x: std::arch::x86_64::__m256d) -> std::arch::x86_64::__m256d {
    use std::arch::x86_64::*;
    const SHIFT: f64 = 6_755_399_441_055_744.0;
    // SAFETY: the caller runs with AVX2 (see [`Avx2`]).
    unsafe {
        let y = _mm256_add_pd(_mm256_mul_pd(x, c!(std::f64::consts::LOG2_E)), c!(SHIFT));
        let kf = _mm256_sub_pd(y, c!(SHIFT));
        let r = _mm256_sub_pd(
            _mm256_sub_pd(x, _mm256_mul_pd(kf, c!(EXP_LN2_HI))),
            _mm256_mul_pd(kf, c!(EXP_LN2_LO)),
        );
        let r2 = _mm256_mul_pd(r, r);
        let r4 = _mm256_mul_pd(r2, r2);
        // (C_a + r·C_{a+1}) + r²·(C_{a+2} + r·C_{a+3})
        macro_rules! pair {
            ($a:expr) => {
                _mm256_add_pd(
                    _mm256_add_pd(c!(EXP_C[$a]), _mm256_mul_pd(r, c!(EXP_C[$a + 1]))),
                    _mm256_mul_pd(
                        r2,
                        _mm256_add_pd(c!(EXP_C[$a + 2]), _mm256_mul_pd(r, c!(EXP_C[$a + 3]))),
                    ),
                )
            };
        }
        let (q0, q1, q2) = (pair!(0), pair!(4), pair!(8));
        let h = _mm256_add_pd(
            _mm256_add_pd(q0, _mm256_mul_pd(r4, q1)),
            _mm256_mul_pd(_mm256_mul_pd(r4, r4), q2),
        );
        let er = _mm256_add_pd(c!(1.0), _mm256_add_pd(r, _mm256_mul_pd(r2, h)));
        // 2^k: k = bits(y) − bits(SHIFT); exponent field (k + 1023) << 52.
        let bias = _mm256_set1_epi64x(1023 - SHIFT.to_bits() as i64);
        let scale = _mm256_slli_epi64::<52>(_mm256_add_epi64(_mm256_castpd_si256(y), bias));
        let out = _mm256_mul_pd(er, _mm256_castsi256_pd(scale));
        let ok = _mm256_and_pd(
            _mm256_cmp_pd::<_CMP_GE_OQ>(x, c!(-708.0)),
            _mm256_cmp_pd::<_CMP_LE_OQ>(x, c!(708.0)),
        );
        if _mm256_movemask_pd(ok) == 0b1111 {
            return out;
        }
        let mut xs = [0.0f64; 4];
        let mut os = [0.0f64; 4];
        _mm256_storeu_pd(xs.as_mut_ptr(), x);
        _mm256_storeu_pd(os.as_mut_ptr(), out);
        let mask = _mm256_movemask_pd(ok);
        for (lane, (o, &xv)) in os.iter_mut().zip(&xs).enumerate() {
            if mask & (1 << lane) == 0 {
                *o = libm::exp(xv);
            }
        }
        _mm256_loadu_pd(os.as_ptr())
    }
}

/// [`log1p`] on four lanes, the same operations in the same order (so the same bits); lanes
/// outside [0, 1] (or NaN) are redone by `libm::log1p`, as [`log1p`] does.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
unsafe fn log1p4(x: std::arch::x86_64::__m256d) -> std::arch::x86_64::__m256d {
    use std::arch::x86_64::*;
    // SAFETY: the caller runs with AVX2 (see [`Avx2`]).
    unsafe {
        let one = c!(1.0);
        let u = _mm256_add_pd(one, x);
        let cc = _mm256_div_pd(_mm256_sub_pd(x, _mm256_sub_pd(u, one)), u);
        let big = _mm256_cmp_pd::<_CMP_GT_OQ>(u, c!(std::f64::consts::SQRT_2));
        let k = _mm256_and_pd(big, one);
        let f = _mm256_blendv_pd(
            _mm256_sub_pd(u, one),
            _mm256_sub_pd(_mm256_mul_pd(u, c!(0.5)), one),
            big,
        );
        let s = _mm256_div_pd(f, _mm256_add_pd(c!(2.0), f));
        let z = _mm256_mul_pd(s, s);
        let z2 = _mm256_mul_pd(z, z);
        let z4 = _mm256_mul_pd(z2, z2);
        // (A_a + z·A_{a+1}) + z²·(A_{a+2} + z·A_{a+3})
        macro_rules! pair {
            ($a:expr) => {
                _mm256_add_pd(
                    _mm256_add_pd(c!(LOG_A[$a]), _mm256_mul_pd(z, c!(LOG_A[$a + 1]))),
                    _mm256_mul_pd(
                        z2,
                        _mm256_add_pd(c!(LOG_A[$a + 2]), _mm256_mul_pd(z, c!(LOG_A[$a + 3]))),
                    ),
                )
            };
        }
        let (p0, p1) = (pair!(0), pair!(4));
        let r = _mm256_mul_pd(
            z,
            _mm256_add_pd(
                _mm256_add_pd(p0, _mm256_mul_pd(z4, p1)),
                _mm256_mul_pd(_mm256_mul_pd(z4, z4), c!(LOG_A[8])),
            ),
        );
        let hfsq = _mm256_mul_pd(_mm256_mul_pd(c!(0.5), f), f);
        let inner = _mm256_add_pd(
            _mm256_mul_pd(s, _mm256_add_pd(hfsq, r)),
            _mm256_add_pd(_mm256_mul_pd(k, c!(EXP_LN2_LO)), cc),
        );
        let out = _mm256_add_pd(
            _mm256_mul_pd(k, c!(EXP_LN2_HI)),
            _mm256_sub_pd(f, _mm256_sub_pd(hfsq, inner)),
        );
        let ok = _mm256_and_pd(
            _mm256_cmp_pd::<_CMP_GE_OQ>(x, _mm256_setzero_pd()),
            _mm256_cmp_pd::<_CMP_LE_OQ>(x, one),
        );
        let mask = _mm256_movemask_pd(ok);
        if mask == 0b1111 {
            return out;
        }
        let mut xs = [0.0f64; 4];
        let mut os = [0.0f64; 4];
        _mm256_storeu_pd(xs.as_mut_ptr(), x);
        _mm256_storeu_pd(os.as_mut_ptr(), out);
        for (lane, (o, &xv)) in os.iter_mut().zip(&xs).enumerate() {
            if mask & (1 << lane) == 0 {
                *o = libm::log1p(xv);
            }
        }
        _mm256_loadu_pd(os.as_ptr())
    }
}

/// wasm `simd128`: two lanes of f64; two accumulators (a₀, a₁) and (a₂, a₃) give the four of
/// [`dot`]'s order.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
struct Simd128;

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
impl Kernel for Simd128 {
    #[inline(always)]
    unsafe fn dot(a: *const f64, b: *const f64, n: usize) -> f64 {
        use std::arch::wasm32::*;
        let m = n / 4 * 4;
        // SAFETY: vector loads read 2 f64 at i and i + 2 with i + 4 <= m <= n (v128_load has
        // alignment 1), scalar reads are at i < n.
        unsafe {
            let (mut lo, mut hi) = (f64x2_splat(0.0), f64x2_splat(0.0));
            let mut i = 0;
            while i < m {
                let pa = v128_load(a.add(i) as *const v128);
                let pb = v128_load(b.add(i) as *const v128);
                let qa = v128_load(a.add(i + 2) as *const v128);
                let qb = v128_load(b.add(i + 2) as *const v128);
                lo = f64x2_add(lo, f64x2_mul(pa, pb));
                hi = f64x2_add(hi, f64x2_mul(qa, qb));
                i += 4;
            }
            let v = f64x2_add(lo, hi);
            let mut s = f64x2_extract_lane::<0>(v) + f64x2_extract_lane::<1>(v);
            while i < n {
                s += *a.add(i) * *b.add(i);
                i += 1;
            }
            s
        }
    }

    #[inline(always)]
    unsafe fn axpy(y: *mut f64, c: f64, x: *const f64, n: usize) {
        use std::arch::wasm32::*;
        let m = n / 2 * 2;
        // SAFETY: vector accesses at i with i + 2 <= m <= n, the scalar one at m < n.
        unsafe {
            let cv = f64x2_splat(c);
            let mut i = 0;
            while i < m {
                let p = y.add(i) as *mut v128;
                v128_store(
                    p,
                    f64x2_add(
                        v128_load(p),
                        f64x2_mul(cv, v128_load(x.add(i) as *const v128)),
                    ),
                );
                i += 2;
            }
            if m < n {
                *y.add(m) += c * *x.add(m);
            }
        }
    }

    #[inline(always)]
    fn coefficients(zt: &mut [f64], t: &[f64]) {
        use std::arch::wasm32::*;
        let n = zt.len().min(t.len());
        let m = n / 2 * 2;
        let mut k = 0;
        // SAFETY: loads and stores of 2 f64 at k with k + 2 <= m <= n (alignment 1).
        unsafe {
            let one = f64x2_splat(1.0);
            let sign = f64x2_splat(-0.0);
            while k < m {
                let tv = v128_load(t.as_ptr().add(k) as *const v128);
                let nt = v128_xor(tv, sign); // −t
                let v = f64x2_mul(nt, v128_load(zt.as_ptr().add(k) as *const v128));
                // σ(v): e = exp(−|v|); v >= 0: 1 / (1 + e), else e / (1 + e).
                let e = exp2(v128_or(v, sign));
                let num = v128_bitselect(one, e, f64x2_ge(v, f64x2_splat(0.0)));
                let sig = f64x2_div(num, f64x2_add(one, e));
                v128_store(zt.as_mut_ptr().add(k) as *mut v128, f64x2_mul(nt, sig));
                k += 2;
            }
        }
        Scalar::coefficients(&mut zt[m..n], &t[m..n]);
    }

    #[inline(always)]
    fn losses(zt: &mut [f64], t: &[f64]) {
        use std::arch::wasm32::*;
        let n = zt.len().min(t.len());
        let m = n / 2 * 2;
        let mut k = 0;
        // SAFETY: loads and stores of 2 f64 at k with k + 2 <= m <= n (alignment 1).
        unsafe {
            let sign = f64x2_splat(-0.0);
            let zero = f64x2_splat(0.0);
            while k < m {
                let tv = v128_load(t.as_ptr().add(k) as *const v128);
                let u = f64x2_mul(
                    v128_xor(tv, sign),
                    v128_load(zt.as_ptr().add(k) as *const v128),
                );
                // softplus(u) = max(u, 0) + log1p(exp(−|u|)); pmax(0, u) = (0 < u ? u : 0)
                // gives 0 for a NaN u as f64::max does, and the sum is the same for either zero.
                let l = log1p2(exp2(v128_or(u, sign)));
                v128_store(
                    zt.as_mut_ptr().add(k) as *mut v128,
                    f64x2_add(f64x2_pmax(zero, u), l),
                );
                k += 2;
            }
        }
        Scalar::losses(&mut zt[m..n], &t[m..n]);
    }
}

/// [`exp`] on two lanes, the same operations in the same order (so the same bits); lanes
/// outside [−708, 708] (or NaN) are redone by `libm::exp`, as [`exp`] does. The integer k
/// comes from the bits of x·log₂e + 1.5·2⁵² (the same k as `kf as i64` in [`exp`]).
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
#[inline(always)]
fn exp2(x: std::arch::wasm32::v128) -> std::arch::wasm32::v128 {
    use std::arch::wasm32::*;
    const SHIFT: f64 = 6_755_399_441_055_744.0;
    let c = f64x2_splat;
    let y = f64x2_add(f64x2_mul(x, c(std::f64::consts::LOG2_E)), c(SHIFT));
    let kf = f64x2_sub(y, c(SHIFT));
    let r = f64x2_sub(
        f64x2_sub(x, f64x2_mul(kf, c(EXP_LN2_HI))),
        f64x2_mul(kf, c(EXP_LN2_LO)),
    );
    let r2 = f64x2_mul(r, r);
    let r4 = f64x2_mul(r2, r2);
    // (C_a + r·C_{a+1}) + r²·(C_{a+2} + r·C_{a+3})
    let pair = |a: usize| {
        f64x2_add(
            f64x2_add(c(EXP_C[a]), f64x2_mul(r, c(EXP_C[a + 1]))),
            f64x2_mul(
                r2,
                f64x2_add(c(EXP_C[a + 2]), f64x2_mul(r, c(EXP_C[a + 3]))),
            ),
        )
    };
    let (q0, q1, q2) = (pair(0), pair(4), pair(8));
    let h = f64x2_add(
        f64x2_add(q0, f64x2_mul(r4, q1)),
        f64x2_mul(f64x2_mul(r4, r4), q2),
    );
    let er = f64x2_add(c(1.0), f64x2_add(r, f64x2_mul(r2, h)));
    // 2^k: k = bits(y) − bits(SHIFT); exponent field (k + 1023) << 52.
    let bias = i64x2_splat(1023 - SHIFT.to_bits() as i64);
    let scale = i64x2_shl(i64x2_add(y, bias), 52);
    let out = f64x2_mul(er, scale);
    let ok = v128_and(f64x2_ge(x, c(-708.0)), f64x2_le(x, c(708.0)));
    if i64x2_all_true(ok) {
        return out;
    }
    let redo = |lane: f64, o: f64, fine: bool| if fine { o } else { libm::exp(lane) };
    let ok0 = i64x2_extract_lane::<0>(ok) != 0;
    let ok1 = i64x2_extract_lane::<1>(ok) != 0;
    f64x2(
        redo(
            f64x2_extract_lane::<0>(x),
            f64x2_extract_lane::<0>(out),
            ok0,
        ),
        redo(
            f64x2_extract_lane::<1>(x),
            f64x2_extract_lane::<1>(out),
            ok1,
        ),
    )
}

/// [`log1p`] on two lanes, the same operations in the same order (so the same bits); lanes
/// outside [0, 1] (or NaN) are redone by `libm::log1p`, as [`log1p`] does.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
#[inline(always)]
fn log1p2(x: std::arch::wasm32::v128) -> std::arch::wasm32::v128 {
    use std::arch::wasm32::*;
    let c = f64x2_splat;
    let one = c(1.0);
    let u = f64x2_add(one, x);
    let cc = f64x2_div(f64x2_sub(x, f64x2_sub(u, one)), u);
    let big = f64x2_gt(u, c(std::f64::consts::SQRT_2));
    let k = v128_and(big, one);
    let f = v128_bitselect(f64x2_sub(f64x2_mul(u, c(0.5)), one), f64x2_sub(u, one), big);
    let s = f64x2_div(f, f64x2_add(c(2.0), f));
    let z = f64x2_mul(s, s);
    let z2 = f64x2_mul(z, z);
    let z4 = f64x2_mul(z2, z2);
    // (A_a + z·A_{a+1}) + z²·(A_{a+2} + z·A_{a+3})
    let pair = |a: usize| {
        f64x2_add(
            f64x2_add(c(LOG_A[a]), f64x2_mul(z, c(LOG_A[a + 1]))),
            f64x2_mul(
                z2,
                f64x2_add(c(LOG_A[a + 2]), f64x2_mul(z, c(LOG_A[a + 3]))),
            ),
        )
    };
    let (p0, p1) = (pair(0), pair(4));
    let r = f64x2_mul(
        z,
        f64x2_add(
            f64x2_add(p0, f64x2_mul(z4, p1)),
            f64x2_mul(f64x2_mul(z4, z4), c(LOG_A[8])),
        ),
    );
    let hfsq = f64x2_mul(f64x2_mul(c(0.5), f), f);
    let inner = f64x2_add(
        f64x2_mul(s, f64x2_add(hfsq, r)),
        f64x2_add(f64x2_mul(k, c(EXP_LN2_LO)), cc),
    );
    let out = f64x2_add(
        f64x2_mul(k, c(EXP_LN2_HI)),
        f64x2_sub(f, f64x2_sub(hfsq, inner)),
    );
    let ok = v128_and(f64x2_ge(x, c(0.0)), f64x2_le(x, one));
    if i64x2_all_true(ok) {
        return out;
    }
    let redo = |lane: f64, o: f64, fine: bool| if fine { o } else { libm::log1p(lane) };
    let ok0 = i64x2_extract_lane::<0>(ok) != 0;
    let ok1 = i64x2_extract_lane::<1>(ok) != 0;
    f64x2(
        redo(
            f64x2_extract_lane::<0>(x),
            f64x2_extract_lane::<0>(out),
            ok0,
        ),
        redo(
            f64x2_extract_lane::<1>(x),
            f64x2_extract_lane::<1>(out),
            ok1,
        ),
    )
}

/// The address of row `i` (not dereferenced here; the callers check i against the row count).
#[inline(always)]
fn row_ptr(x: &[f64], i: usize, d: usize) -> *const f64 {
    x.as_ptr().wrapping_add(i * d)
}

/// −t σ(−t z), the derivative of softplus(−t z) with respect to z.
#[inline(always)]
fn coefficient(t: f64, z: f64) -> f64 {
    -t * sigmoid(-t * z)
}

#[inline(always)]
fn gradient_rows_k<K: Kernel>(
    x: &[f64],
    t: &[f64],
    rows: &[u32],
    w: &[f64],
    b: f64,
    l2: f64,
    gw: &mut [f64],
) -> f64 {
    let d = w.len();
    let n = t.len();
    assert!(
        gw.len() == d && x.len() / d.max(1) >= n,
        "gradient_rows: shapes"
    );
    gw.fill(0.0);
    let mut gb = 0.0;
    let mut coef = [0.0f64; BLOCK];
    let mut tb = [0.0f64; BLOCK];
    for block in rows.chunks(BLOCK) {
        let len = block.len();
        let mut k = 0;
        while k < len {
            let i = block[k] as usize;
            assert!(i < n, "gradient_rows: row {i} of {n}");
            tb[k] = t[i];
            k += 1;
        }
        k = 0;
        while k < len {
            // SAFETY: row block[k] < n (checked above) lies inside x (x.len() >= n·d); w has d
            // elements.
            coef[k] = b + unsafe { K::dot(row_ptr(x, block[k] as usize, d), w.as_ptr(), d) };
            k += 1;
        }
        K::coefficients(&mut coef[..len], &tb[..len]);
        k = 0;
        while k < len {
            gb += coef[k];
            k += 1;
        }
        // SAFETY: every row of the block was checked < n in the first loop, so it lies inside
        // x; gw has d elements and is not part of x.
        unsafe { K::accumulate(gw.as_mut_ptr(), d, x.as_ptr(), block, &coef[..len]) };
    }
    let inv = if rows.is_empty() {
        0.0
    } else {
        1.0 / rows.len() as f64
    };
    let mut j = 0;
    while j < d {
        gw[j] = gw[j] * inv + l2 * w[j];
        j += 1;
    }
    gb * inv
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn gradient_rows_avx2(
    x: &[f64],
    t: &[f64],
    rows: &[u32],
    w: &[f64],
    b: f64,
    l2: f64,
    gw: &mut [f64],
) -> f64 {
    gradient_rows_k::<Avx2>(x, t, rows, w, b, l2, gw)
}

#[inline(always)]
fn loss_and_correct_k<K: Kernel>(x: &[f64], t: &[f64], w: &[f64], b: f64) -> (f64, usize) {
    let d = w.len();
    let n = t.len();
    assert!(x.len() / d.max(1) >= n, "loss_and_correct: shapes");
    let mut loss = 0.0;
    let mut correct = 0;
    let mut z = [0.0f64; BLOCK];
    let mut start = 0;
    while start < n {
        let len = BLOCK.min(n - start);
        let mut k = 0;
        while k < len {
            // SAFETY: row start + k < n lies inside x; w has d elements.
            z[k] = b + unsafe { K::dot(row_ptr(x, start + k, d), w.as_ptr(), d) };
            k += 1;
        }
        let tb = &t[start..start + len];
        k = 0;
        while k < len {
            correct += usize::from((z[k] > 0.0) == (tb[k] > 0.0));
            k += 1;
        }
        K::losses(&mut z[..len], tb);
        k = 0;
        while k < len {
            loss += z[k];
            k += 1;
        }
        start += len;
    }
    (loss, correct)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn loss_and_correct_avx2(x: &[f64], t: &[f64], w: &[f64], b: f64) -> (f64, usize) {
    loss_and_correct_k::<Avx2>(x, t, w, b)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The distance in ulps between two finite f64 of the same sign.
    fn ulps(a: f64, b: f64) -> u64 {
        (a.to_bits() as i64 - b.to_bits() as i64).unsigned_abs()
    }

    /// A deterministic spread of points in [lo, hi] (a Weyl sequence).
    fn points(lo: f64, hi: f64, n: usize) -> impl Iterator<Item = f64> {
        let g = 0.618_033_988_749_894_9;
        (0..n).map(move |i| lo + (hi - lo) * ((i as f64 * g) % 1.0))
    }

    #[test]
    fn ln2_splits_as_documented() {
        assert_eq!(EXP_LN2_HI, 6.931_471_803_691_238e-1);
        assert_eq!(EXP_LN2_LO, 1.908_214_929_270_587_7e-10);
        assert_eq!(EXP_LN2_HI.to_bits() & 0x1f_ffff, 0, "a 32-bit significand");
        assert_eq!(EXP_LN2_HI + EXP_LN2_LO, std::f64::consts::LN_2);
    }

    #[test]
    fn exp_is_within_one_ulp_of_libm() {
        let mut worst = 0;
        for x in points(-708.0, 708.0, 200_000)
            .chain(points(-1.0, 1.0, 100_000))
            .chain(points(-1e-6, 1e-6, 10_000))
        {
            worst = worst.max(ulps(exp(x), libm::exp(x)));
        }
        assert!(worst <= 1, "worst {worst} ulp");
        assert_eq!(exp(0.0), 1.0);
        assert_eq!(exp(-0.0), 1.0);
        for x in [-745.2, -709.0, 709.7, f64::NEG_INFINITY, f64::INFINITY] {
            assert_eq!(exp(x).to_bits(), libm::exp(x).to_bits(), "{x}");
        }
        assert!(exp(f64::NAN).is_nan());
    }

    #[test]
    fn log1p_is_within_one_ulp_of_libm() {
        let mut worst = 0;
        for x in points(0.0, 1.0, 200_000)
            .chain(points(0.0, 1e-3, 50_000))
            .chain(points(0.4, 0.45, 50_000))
            .chain([0.0, 1e-300, 1e-20, f64::EPSILON, 0.5, 1.0])
        {
            worst = worst.max(ulps(log1p(x), libm::log1p(x)));
        }
        assert!(worst <= 1, "worst {worst} ulp");
        assert_eq!(log1p(0.0), 0.0);
        for x in [-0.5, 2.0, 1e10, f64::INFINITY] {
            assert_eq!(log1p(x).to_bits(), libm::log1p(x).to_bits(), "{x}");
        }
    }

    #[test]
    fn kernels_agree_bit_for_bit() {
        let a: Vec<f64> = points(-3.0, 3.0, 37).collect();
        let b: Vec<f64> = points(-1.0, 2.0, 37).map(|v| v * 1.000_001).collect();
        for n in 0..=37 {
            // SAFETY: both hold n elements.
            let s = unsafe { Scalar::dot(a.as_ptr(), b.as_ptr(), n) };
            assert_eq!(dot(&a[..n], &b[..n]).to_bits(), s.to_bits(), "{n}");
            // The documented order, written out.
            let mut acc = [0.0; 4];
            for m in 0..n / 4 {
                for k in 0..4 {
                    acc[k] += a[4 * m + k] * b[4 * m + k];
                }
            }
            let mut e = (acc[0] + acc[2]) + (acc[1] + acc[3]);
            for j in n / 4 * 4..n {
                e += a[j] * b[j];
            }
            assert_eq!(s.to_bits(), e.to_bits(), "{n}");
            #[cfg(target_arch = "x86_64")]
            if std::arch::is_x86_feature_detected!("avx2") {
                let (mut y1, mut y2) = (b[..n].to_vec(), b[..n].to_vec());
                // SAFETY: AVX2 is there; every buffer holds n elements.
                unsafe {
                    assert_eq!(
                        Avx2::dot(a.as_ptr(), b.as_ptr(), n).to_bits(),
                        s.to_bits(),
                        "{n}"
                    );
                    Scalar::axpy(y1.as_mut_ptr(), 0.3, a.as_ptr(), n);
                    Avx2::axpy(y2.as_mut_ptr(), 0.3, a.as_ptr(), n);
                }
                assert_eq!(y1, y2);
            }
        }
    }

    #[test]
    fn vector_math_matches_scalar_bit_for_bit() {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // Margins from tiny to far beyond exp's fast range (|z| > 708 uses libm), both signs
            // and both zeros, and lengths that leave a scalar tail.
            let z: Vec<f64> = points(-40.0, 40.0, 4000)
                .chain(points(-1e-3, 1e-3, 1000))
                .chain([
                    0.0, -0.0, 709.5, -709.5, 750.0, -1e4, 1e300, -1e300, 700.0, -708.0,
                ])
                .collect();
            let t: Vec<f64> = (0..z.len())
                .map(|i| if i % 3 == 1 { -1.0 } else { 1.0 })
                .collect();
            for n in [z.len(), z.len() - 1, z.len() - 2, z.len() - 3] {
                let (mut a, mut b) = (z[..n].to_vec(), z[..n].to_vec());
                Scalar::coefficients(&mut a, &t[..n]);
                Avx2::coefficients(&mut b, &t[..n]);
                let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
                assert_eq!(bits(&a), bits(&b), "coefficients, n = {n}");
                let (mut a, mut b) = (z[..n].to_vec(), z[..n].to_vec());
                Scalar::losses(&mut a, &t[..n]);
                Avx2::losses(&mut b, &t[..n]);
                assert_eq!(bits(&a), bits(&b), "losses, n = {n}");
            }
        }
    }

    #[test]
    fn dispatched_and_scalar_loops_agree_bit_for_bit() {
        for d in [1, 3, 4, 7, 13, 30, 37] {
            loops_agree(d);
        }
    }

    fn loops_agree(d: usize) {
        let x: Vec<f64> = points(-2.0, 2.0, 70 * d).collect();
        let t: Vec<f64> = (0..70)
            .map(|i| if i % 3 == 0 { 1.0 } else { -1.0 })
            .collect();
        let w: Vec<f64> = points(-0.5, 0.5, d).collect();
        let rows: Vec<u32> = (0..70).rev().collect();
        let (mut g1, mut g2) = (vec![0.0; d], vec![0.0; d]);
        let b1 = gradient_rows(&x, &t, &rows, &w, 0.1, 0.01, &mut g1);
        let b2 = gradient_rows_k::<Scalar>(&x, &t, &rows, &w, 0.1, 0.01, &mut g2);
        assert_eq!((b1.to_bits(), g1), (b2.to_bits(), g2));
        let (l1, c1) = loss_and_correct(&x, &t, &w, 0.1);
        let (l2, c2) = loss_and_correct_k::<Scalar>(&x, &t, &w, 0.1);
        assert_eq!((l1.to_bits(), c1), (l2.to_bits(), c2));
    }
}
