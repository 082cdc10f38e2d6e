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
//! `exp` and `log1p` come from the `libm` crate, so a training run gives the same bits natively
//! and in wasm (the platform's libm would differ in the last bit).

/// softplus(z) = log(1 + exp(z)) without overflow: max(z, 0) + log1p(exp(−|z|)).
#[inline]
pub fn softplus(z: f64) -> f64 {
    z.max(0.0) + libm::log1p(libm::exp(-z.abs()))
}

/// The logistic function σ(z) = 1 / (1 + exp(−z)) without overflow (exp is only taken of a
/// non-positive number).
#[inline]
pub fn sigmoid(z: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + libm::exp(-z))
    } else {
        let e = libm::exp(z);
        e / (1.0 + e)
    }
}

/// The linear score w·x + b of one row `x` (length `w.len()`), summed as [`dot`] does.
#[inline]
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
pub fn loss_and_correct(x: &[f64], t: &[f64], w: &[f64], b: f64) -> (f64, usize) {
    let d = w.len();
    let mut loss = 0.0;
    let mut correct = 0;
    for (i, &ti) in t.iter().enumerate() {
        let z = score(row(x, i, d), w, b);
        loss += softplus(-ti * z);
        if (z > 0.0) == (ti > 0.0) {
            correct += 1;
        }
    }
    (loss, correct)
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
pub fn gradient_rows(
    x: &[f64],
    t: &[f64],
    rows: &[u32],
    w: &[f64],
    b: f64,
    l2: f64,
    gw: &mut [f64],
) -> f64 {
    let d = w.len();
    gw.iter_mut().for_each(|g| *g = 0.0);
    let mut gb = 0.0;
    for &r in rows {
        let i = r as usize;
        let xi = row(x, i, d);
        let ti = t.get(i).copied().unwrap_or(0.0);
        // d/dz softplus(−t z) = −t σ(−t z)
        let c = -ti * sigmoid(-ti * score(xi, w, b));
        gb += c;
        gw.iter_mut().zip(xi).for_each(|(g, xij)| *g += c * xij);
    }
    let inv = if rows.is_empty() {
        0.0
    } else {
        1.0 / rows.len() as f64
    };
    gw.iter_mut()
        .zip(w)
        .for_each(|(g, wj)| *g = *g * inv + l2 * wj);
    gb * inv
}

/// Row `i` of a row-major matrix with `d` columns (empty if out of range).
#[inline]
pub fn row(x: &[f64], i: usize, d: usize) -> &[f64] {
    x.get(i * d..(i + 1) * d).unwrap_or(&[])
}

/// The dot product of two slices (over the shorter length), summed left to right.
#[inline]
pub fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).fold(0.0, |acc, (x, y)| acc + x * y)
}
