//! The exact minimum of the objective by damped Newton's method: the floor every schedule is
//! racing towards.
//!
//! # Why a plain Armijo line search was not enough (issue 8)
//! The first version stopped on the Newton decrement gᵀH⁻¹g < 1e-24 and backtracked until
//! f decreased. Near the minimum a Newton step lowers f by about gᵀH⁻¹g / 2, and once that is
//! below the rounding of f itself (≈ 1e-16 · f; for λ = 10 on breast_cancer that happens at
//! ‖g‖ ≈ 5e-10, where the decrement is 2e-19) the computed f(θ + αΔ) is f ± one ulp at random:
//! the full step was rejected, the halvings shrank α until θ + αΔ rounded to θ, that no-op
//! "step" passed the test, and the same point was tried again until the 200-iteration limit
//! (14 of 57 λ in [1e-6, 10] failed on breast_cancer, more with a split, some on iris and wine).
//! The fix is scale-aware twice over: the stopping rule is on the gradient relative to the
//! starting gradient, and where the predicted decrease is below the rounding noise of f the
//! line search judges a step by the gradient norm instead (a full Newton step near the minimum
//! shrinks ‖g‖ quadratically, which f can no longer show).

use super::{model, Prepared, TrainError};

/// At most this many Newton iterations (from zero weights it takes 2 to 14 on the shipped
/// data sets for λ in [1e-6, 10], the most for tiny λ on separable data).
const MAX_ITERATIONS: usize = 200;
/// At most this many step halvings in one line search.
const MAX_HALVINGS: usize = 50;
/// At most this many doublings of an accepted full step (α up to 2⁶ = 64).
const MAX_DOUBLINGS: usize = 6;
/// Armijo sufficient-decrease constant.
const ARMIJO: f64 = 1e-4;
/// Stop as soon as ‖g‖ ≤ `STOP_REL` · ‖g₀‖ (g₀: the gradient at θ = 0).
const STOP_REL: f64 = 1e-12;
/// The convergence contract: a point where no step improves any more (the rounding floor) is
/// the minimum if ‖g‖ ≤ `GRADIENT_REL_TOL` · ‖g₀‖; otherwise [`Prepared::minimize`] fails.
pub const GRADIENT_REL_TOL: f64 = 1e-9;

/// The minimizer of the objective and its value (see [`Prepared::minimize`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Optimum {
    /// The minimum value of the objective over the training split.
    pub objective: f64,
    /// The minimizing weights w (length `n_features`).
    pub weights: Vec<f64>,
    /// The minimizing bias b.
    pub bias: f64,
    /// Newton iterations taken.
    pub iterations: usize,
    /// ‖∇f‖₂ (weights and bias) at the minimizer.
    pub gradient_norm: f64,
    /// ‖∇f‖₂ at θ = 0, where the iteration starts; `gradient_norm / initial_gradient_norm` ≤
    /// [`GRADIENT_REL_TOL`] (both 0 if θ = 0 is already the minimum).
    pub initial_gradient_norm: f64,
}

impl Prepared {
    /// The exact minimum of [`Prepared::objective`] over the training split for L2 strength
    /// `l2` (see [`Prepared::minimize`]).
    ///
    /// Reference: breast_cancer, all 569 rows, λ = 1e-2 gives 0.0995913754847 (scikit-learn
    /// `LogisticRegression`, lbfgs, tol 1e-12; `/work/shared/datasets/README.md`).
    ///
    /// # Errors
    /// As [`Prepared::minimize`].
    pub fn optimum(&self, l2: f64) -> Result<f64, TrainError> {
        self.minimize(l2).map(|o| o.objective)
    }

    /// Minimizes the objective over θ = (w, b) by Newton's method from θ = 0.
    ///
    /// - Step: Δ = −(H + τI)⁻¹ g by Cholesky, with H = (1/n) Σ σ(s_i)σ(−s_i) x̃_i x̃_iᵀ +
    ///   λ diag(1, …, 1, 0), x̃ = (x, 1), and the smallest Levenberg damping τ ∈ {0, 1e-12·s,
    ///   1e-11·s, …} (s = max(1, max diag H)) that makes it numerically positive definite
    ///   (τ > 0 only for `l2` = 0 with collinear or constant features).
    /// - Line search, α = 1, ½, ¼, …: while the predicted decrease −α gᵀΔ exceeds the rounding
    ///   noise of f (16 √n ε |f|), the Armijo rule f(θ + αΔ) ≤ f(θ) + 1e-4 α gᵀΔ; below it, a
    ///   step is taken if f does not rise beyond that noise and ‖g‖ falls. An accepted full
    ///   step is doubled (α = 2, 4, … 64) while f keeps falling under the Armijo rule: on
    ///   (nearly) separable data with small λ the weights grow by about a constant factor per
    ///   Newton step, and doubling halves the iterations there (17 → 10 on the digit pair,
    ///   λ = 1e-6).
    /// - Features that are 0 in every training row (constant raw features) are left out of
    ///   the system; their weight is 0.
    /// - Stop: ‖g‖ ≤ 1e-12 ‖g₀‖ (g₀ at θ = 0); or when no step is taken any more (the rounding
    ///   floor), accepted if ‖g‖ ≤ [`GRADIENT_REL_TOL`] ‖g₀‖ = 1e-9 ‖g₀‖.
    ///
    /// Cost per iteration: one Hessian (n m² / 2 multiply-adds, m = active features + 1), a
    /// Cholesky (m³ / 6), and an objective (n m) per line-search trial plus a gradient (n m).
    /// Over the 57 λ × 2 splits of `tests/optimum.rs` that is 6 to 14 iterations each, about
    /// 10 s of CPU for every data set together in an unoptimized (test) build.
    ///
    /// # Errors
    /// - [`TrainError::Invalid`] `l2`: negative or not finite.
    /// - [`TrainError::NoOptimum`]: `l2` = 0 and the training split is linearly separable (an
    ///   iterate classifies every training row with a positive margin, so the infimum 0 is
    ///   not attained), or no convergence (never on the shipped data sets for λ in [1e-6, 10]).
    pub fn minimize(&self, l2: f64) -> Result<Optimum, TrainError> {
        if !(l2.is_finite() && l2 >= 0.0) {
            return Err(TrainError::invalid("l2", l2, "must be finite and >= 0"));
        }
        let d = self.d;
        let sys = System::new(self);
        let m = sys.m;
        let n = sys.n as f64;
        let noise_of = |f: f64| 16.0 * n.sqrt() * f64::EPSILON * f.abs();
        let separable = || TrainError::NoOptimum {
            l2,
            reason: "the training split is linearly separable, so with no L2 term the objective \
                     has infimum 0 and no minimum"
                .into(),
        };

        // θ over the active features and the bias (last); `z` holds the scores x̃_i·θ.
        let mut theta = vec![0.0; m];
        let mut z = vec![0.0; sys.n];
        let mut f = sys.objective(&theta, &z, l2);
        let mut g = vec![0.0; m];
        sys.gradient(&theta, &z, l2, &mut g);
        let g0 = norm(&g);
        let mut gn = g0;
        let mut h = vec![0.0; m * m];
        let mut trial = vec![0.0; m];
        let mut z_trial = vec![0.0; sys.n];
        let mut g_trial = vec![0.0; m];
        let mut far = vec![0.0; m];
        let mut z_far = vec![0.0; sys.n];
        let mut iterations = 0;
        let mut converged = false;
        loop {
            if gn <= STOP_REL * g0 {
                converged = true;
                break;
            }
            if l2 == 0.0 && sys.separates(&z) {
                return Err(separable());
            }
            if iterations == MAX_ITERATIONS {
                break;
            }
            iterations += 1;
            sys.hessian(&z, l2, &mut h);
            let Some(delta) = damped_newton_step(&h, &g, m) else {
                break;
            };
            let slope = model::dot(&g, &delta); // = −gᵀ(H+τI)⁻¹g < 0
            let noise = noise_of(f);
            let mut alpha = 1.0;
            let mut accepted = false;
            for _ in 0..MAX_HALVINGS {
                for ((u, th), dl) in trial.iter_mut().zip(&theta).zip(&delta) {
                    *u = th + alpha * dl;
                }
                sys.scores(&trial, &mut z_trial);
                let mut f_new = sys.objective(&trial, &z_trial, l2);
                let take = if !f_new.is_finite() {
                    false
                } else if -alpha * slope > noise {
                    // f resolves the predicted decrease: Armijo on f.
                    let ok = f_new <= f + ARMIJO * alpha * slope;
                    if ok && alpha == 1.0 {
                        // The full step was good: try 2, 4, … while f keeps falling.
                        let mut a = 1.0;
                        for _ in 0..MAX_DOUBLINGS {
                            a *= 2.0;
                            for ((u, th), dl) in far.iter_mut().zip(&theta).zip(&delta) {
                                *u = th + a * dl;
                            }
                            sys.scores(&far, &mut z_far);
                            let f_far = sys.objective(&far, &z_far, l2);
                            if !(f_far < f_new && f_far <= f + ARMIJO * a * slope) {
                                break;
                            }
                            f_new = f_far;
                            std::mem::swap(&mut trial, &mut far);
                            std::mem::swap(&mut z_trial, &mut z_far);
                        }
                    }
                    if ok {
                        sys.gradient(&trial, &z_trial, l2, &mut g_trial);
                    }
                    ok
                } else if f_new <= f + noise {
                    // Below f's rounding: judge the step by the gradient norm.
                    sys.gradient(&trial, &z_trial, l2, &mut g_trial);
                    norm(&g_trial) < gn
                } else {
                    false
                };
                if take {
                    std::mem::swap(&mut theta, &mut trial);
                    std::mem::swap(&mut z, &mut z_trial);
                    std::mem::swap(&mut g, &mut g_trial);
                    f = f_new;
                    gn = norm(&g);
                    accepted = true;
                    break;
                }
                alpha *= 0.5;
            }
            if !accepted {
                // The rounding floor: no step improves f or ‖g‖ any more.
                converged = gn <= GRADIENT_REL_TOL * g0;
                break;
            }
        }
        if l2 == 0.0 && sys.separates(&z) {
            return Err(separable());
        }
        if !converged || !f.is_finite() {
            return Err(TrainError::NoOptimum {
                l2,
                reason: format!(
                    "Newton's method did not converge in {iterations} iterations (objective {f}, \
                     gradient norm {gn:e} = {:e} of the initial one{})",
                    gn / g0,
                    if l2 == 0.0 {
                        "; with no L2 term a nearly separable split has no minimum"
                    } else {
                        ""
                    }
                ),
            });
        }
        let mut weights = vec![0.0; d];
        for (k, &j) in sys.active.iter().enumerate() {
            weights[j] = theta[k];
        }
        let bias = theta[m - 1];
        Ok(Optimum {
            // The objective as every other part of the trainer computes it.
            objective: self.objective(&weights, bias, l2),
            weights,
            bias,
            iterations,
            gradient_norm: gn,
            initial_gradient_norm: g0,
        })
    }
}

/// The Newton system of one training split: the rows x̃_i = (x_i restricted to the active
/// features, 1), row-major n × m, and the signs t_i.
///
/// A feature is active unless it is 0 in every training row (a constant raw feature, which
/// standardization maps to 0: prepare.rs). Its optimal weight is 0 (its gradient is λ w_j, its
/// Hessian row λ e_j), so dropping it changes nothing and saves work: 10 of the 64 pixels of
/// the digit pair are such.
struct System<'a> {
    /// Rows of the training split, x̃ = (active features, 1).
    xt: Vec<f64>,
    t: &'a [f64],
    /// The indices of the active features, increasing.
    active: Vec<usize>,
    /// Rows.
    n: usize,
    /// Columns: active features + 1.
    m: usize,
}

impl<'a> System<'a> {
    fn new(p: &'a Prepared) -> Self {
        let (d, n) = (p.d, p.n_train());
        let active: Vec<usize> = (0..d)
            .filter(|&j| (0..n).any(|i| p.x_train[i * d + j] != 0.0))
            .collect();
        let m = active.len() + 1;
        let mut xt = Vec::with_capacity(n * m);
        for i in 0..n {
            let xi = model::row(&p.x_train, i, d);
            xt.extend(active.iter().map(|&j| xi[j]));
            xt.push(1.0);
        }
        System {
            xt,
            t: &p.t_train,
            active,
            n,
            m,
        }
    }

    fn row(&self, i: usize) -> &[f64] {
        &self.xt[i * self.m..(i + 1) * self.m]
    }

    /// z_i = x̃_i·θ.
    fn scores(&self, theta: &[f64], z: &mut [f64]) {
        for (i, zi) in z.iter_mut().enumerate() {
            *zi = dot(self.row(i), theta);
        }
    }

    /// f = (1/n) Σ softplus(−t_i z_i) + (λ/2)‖w‖² from the scores `z` of θ.
    fn objective(&self, theta: &[f64], z: &[f64], l2: f64) -> f64 {
        let loss: f64 = z
            .iter()
            .zip(self.t)
            .map(|(zi, ti)| model::softplus(-ti * zi))
            .sum();
        let w = &theta[..self.m - 1];
        loss / self.n.max(1) as f64 + 0.5 * l2 * dot(w, w)
    }

    /// g = (1/n) Σ −t_i σ(−t_i z_i) x̃_i + λ (w, 0).
    fn gradient(&self, theta: &[f64], z: &[f64], l2: f64, g: &mut [f64]) {
        g.iter_mut().for_each(|v| *v = 0.0);
        for (i, (zi, ti)) in z.iter().zip(self.t).enumerate() {
            let c = -ti * model::sigmoid(-ti * zi);
            axpy(c, self.row(i), g);
        }
        let inv = 1.0 / self.n.max(1) as f64;
        let last = self.m - 1;
        for (a, v) in g.iter_mut().enumerate() {
            *v = *v * inv + if a < last { l2 * theta[a] } else { 0.0 };
        }
    }

    /// H = (1/n) Σ σ(s_i)σ(−s_i) x̃_i x̃_iᵀ + λ diag(1, …, 1, 0), m × m row-major, from the
    /// scores `z` (σ(s)σ(−s) = e / (1 + e)² with e = exp(−|s|), even in s).
    fn hessian(&self, z: &[f64], l2: f64, h: &mut [f64]) {
        let m = self.m;
        h.iter_mut().for_each(|v| *v = 0.0);
        for (i, zi) in z.iter().enumerate() {
            let e = libm::exp(-zi.abs());
            let k = e / ((1.0 + e) * (1.0 + e));
            if k == 0.0 {
                continue;
            }
            let xi = self.row(i);
            // The upper triangle: row a gets k x̃_a (x̃_a, …, x̃_{m−1}).
            for a in 0..m {
                axpy(k * xi[a], &xi[a..], &mut h[a * m + a..(a + 1) * m]);
            }
        }
        let inv = 1.0 / self.n.max(1) as f64;
        for a in 0..m {
            for bb in a..m {
                let v = h[a * m + bb] * inv + if a == bb && a + 1 < m { l2 } else { 0.0 };
                h[a * m + bb] = v;
                h[bb * m + a] = v;
            }
        }
    }

    /// Whether every score has the sign of its label (t_i z_i > 0 for all i): a certificate
    /// that the training split is linearly separable.
    fn separates(&self, z: &[f64]) -> bool {
        z.iter().zip(self.t).all(|(zi, ti)| ti * zi > 0.0)
    }
}

/// The dot product over `a.len()` entries, summed left to right (an index loop, unrolled; see
/// [`axpy`]).
#[inline]
fn dot(a: &[f64], b: &[f64]) -> f64 {
    let len = a.len();
    let b = &b[..len];
    let mut s = 0.0;
    let mut j = 0;
    while j + 4 <= len {
        s += a[j] * b[j];
        s += a[j + 1] * b[j + 1];
        s += a[j + 2] * b[j + 2];
        s += a[j + 3] * b[j + 3];
        j += 4;
    }
    while j < len {
        s += a[j] * b[j];
        j += 1;
    }
    s
}

/// y ← y + a x over `y.len()` entries (`x` at least as long).
///
/// Written as an index loop, unrolled by four: the test suite runs unoptimized, where an
/// iterator chain costs about four times as much per element (measured on the Hessian, the
/// hot loop of [`Prepared::minimize`]); optimized, both compile to the same code. The sum
/// order per entry is the same either way.
#[inline]
fn axpy(a: f64, x: &[f64], y: &mut [f64]) {
    let len = y.len();
    let x = &x[..len];
    let mut j = 0;
    while j + 4 <= len {
        y[j] += a * x[j];
        y[j + 1] += a * x[j + 1];
        y[j + 2] += a * x[j + 2];
        y[j + 3] += a * x[j + 3];
        j += 4;
    }
    while j < len {
        y[j] += a * x[j];
        j += 1;
    }
}

/// The Euclidean norm.
fn norm(v: &[f64]) -> f64 {
    model::dot(v, v).sqrt()
}

/// Solves (H + τI) Δ = −g with the smallest τ ∈ {0, ε, 10ε, 100ε, …} (ε = 1e-12 · max(1,
/// max diag H)) for which the Cholesky factorization succeeds. `None` if none does (only for
/// non-finite input).
fn damped_newton_step(h: &[f64], g: &[f64], m: usize) -> Option<Vec<f64>> {
    let scale = (0..m).map(|a| h[a * m + a]).fold(1.0_f64, f64::max);
    let mut tau = 0.0;
    for _ in 0..40 {
        if let Some(l) = cholesky(h, m, tau) {
            return Some(cholesky_solve(&l, m, g).into_iter().map(|v| -v).collect());
        }
        tau = if tau == 0.0 {
            1e-12 * scale
        } else {
            tau * 10.0
        };
    }
    None
}

/// The lower Cholesky factor of H + τI (row-major m × m), or `None` if it is not
/// numerically positive definite.
fn cholesky(h: &[f64], m: usize, tau: f64) -> Option<Vec<f64>> {
    let mut l = vec![0.0; m * m];
    for i in 0..m {
        for j in 0..=i {
            let mut s = h[i * m + j] + if i == j { tau } else { 0.0 };
            s -= model::dot(&l[i * m..i * m + j], &l[j * m..j * m + j]);
            if i == j {
                if !(s > 0.0 && s.is_finite()) {
                    return None;
                }
                l[i * m + i] = s.sqrt();
            } else {
                l[i * m + j] = s / l[j * m + j];
            }
        }
    }
    Some(l)
}

/// Solves L Lᵀ x = r.
fn cholesky_solve(l: &[f64], m: usize, r: &[f64]) -> Vec<f64> {
    let mut y = vec![0.0; m];
    for i in 0..m {
        y[i] = (r[i] - model::dot(&l[i * m..i * m + i], &y[..i])) / l[i * m + i];
    }
    let mut x = vec![0.0; m];
    for i in (0..m).rev() {
        let s: f64 = (i + 1..m).map(|k| l[k * m + i] * x[k]).sum();
        x[i] = (y[i] - s) / l[i * m + i];
    }
    x
}
