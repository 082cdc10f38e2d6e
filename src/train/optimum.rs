//! The exact minimum of the objective by damped Newton's method: the floor every schedule is
//! racing towards.

use super::{model, Prepared, TrainError};

/// At most this many Newton iterations (from zero weights it takes about 10 on breast_cancer).
const MAX_ITERATIONS: usize = 200;
/// At most this many step halvings in one line search.
const MAX_HALVINGS: usize = 60;
/// Armijo sufficient-decrease constant.
const ARMIJO: f64 = 1e-4;
/// Stop when the Newton decrement gᵀH⁻¹g falls below this (f64 rounding floor of f is ~1e-17).
const DECREMENT_TOL: f64 = 1e-24;
/// When no step decreases f any more, accept the point if ‖g‖∞ is below this.
const GRADIENT_TOL: f64 = 1e-8;

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

    /// Minimizes the objective over θ = (w, b) by Newton's method from θ = 0, with
    /// Levenberg damping (H + τI when the Hessian H is not numerically positive definite,
    /// e.g. `l2` = 0 with collinear features) and an Armijo backtracking line search, so every
    /// iteration decreases f. H = (1/n) Σ σ(s_i)σ(−s_i) x̃_i x̃_iᵀ + λ diag(1, …, 1, 0) with
    /// x̃ = (x, 1). Stops when the Newton decrement gᵀH⁻¹g < 1e-24, or when no step decreases
    /// f any more and ‖g‖∞ < 1e-8.
    ///
    /// # Errors
    /// - [`TrainError::Invalid`] `l2`: negative or not finite.
    /// - [`TrainError::NoOptimum`]: `l2` = 0 and the training split is linearly separable (the
    ///   infimum 0 is not attained), or no convergence within 200 iterations.
    pub fn minimize(&self, l2: f64) -> Result<Optimum, TrainError> {
        if !(l2.is_finite() && l2 >= 0.0) {
            return Err(TrainError::invalid("l2", l2, "must be finite and >= 0"));
        }
        let d = self.d;
        let m = d + 1;
        let (x, t) = (&self.x_train, &self.t_train);
        let f_of = |theta: &[f64]| model::objective(x, t, &theta[..d], theta[d], l2);
        let mut theta = vec![0.0; m];
        let mut f = f_of(&theta);
        let mut trial = vec![0.0; m];
        let mut iterations = 0;
        let mut converged = false;
        while iterations < MAX_ITERATIONS {
            iterations += 1;
            let (g, h) = self.gradient_hessian(&theta, l2);
            let Some(delta) = damped_newton_step(&h, &g, m) else {
                break;
            };
            let slope = model::dot(&g, &delta); // = −gᵀ(H+τI)⁻¹g < 0
            if -slope < DECREMENT_TOL {
                converged = true;
                break;
            }
            let mut alpha = 1.0;
            let mut accepted = false;
            for _ in 0..MAX_HALVINGS {
                trial
                    .iter_mut()
                    .zip(&theta)
                    .zip(&delta)
                    .for_each(|((u, th), dl)| *u = th + alpha * dl);
                let f_new = f_of(&trial);
                if f_new <= f + ARMIJO * alpha * slope {
                    theta.copy_from_slice(&trial);
                    f = f_new;
                    accepted = true;
                    break;
                }
                alpha *= 0.5;
            }
            if !accepted {
                let g_max = g.iter().fold(0.0_f64, |a, v| a.max(v.abs()));
                converged = g_max < GRADIENT_TOL;
                break;
            }
        }
        let (w, b) = (theta[..d].to_vec(), theta[d]);
        if l2 == 0.0 && model::accuracy(x, t, &w, b) == Some(1.0) {
            return Err(TrainError::NoOptimum {
                l2,
                reason: "the training split is linearly separable, so with no L2 term the objective has infimum 0 \
                         and no minimum"
                    .into(),
            });
        }
        if !converged || !f.is_finite() {
            return Err(TrainError::NoOptimum {
                l2,
                reason: format!(
                    "Newton's method did not converge in {iterations} iterations (objective {f})"
                ),
            });
        }
        Ok(Optimum {
            objective: f,
            weights: w,
            bias: b,
            iterations,
        })
    }

    /// The gradient (length m = d + 1) and the Hessian (m × m, row-major) of the objective at
    /// θ = (w, b).
    fn gradient_hessian(&self, theta: &[f64], l2: f64) -> (Vec<f64>, Vec<f64>) {
        let d = self.d;
        let m = d + 1;
        let (w, b) = (&theta[..d], theta[d]);
        let mut g = vec![0.0; m];
        let mut h = vec![0.0; m * m];
        let n = self.n_train();
        for (i, &ti) in self.t_train.iter().enumerate() {
            let xi = model::row(&self.x_train, i, d);
            let s = ti * model::score(xi, w, b);
            let c = -ti * model::sigmoid(-s);
            let k = model::sigmoid(s) * model::sigmoid(-s);
            // x̃ = (x, 1): accumulate the upper triangle of k x̃ x̃ᵀ.
            for a in 0..m {
                let xa = if a < d { xi[a] } else { 1.0 };
                g[a] += c * xa;
                let ka = k * xa;
                let row = &mut h[a * m..(a + 1) * m];
                for (bb, hab) in row.iter_mut().enumerate().skip(a) {
                    let xb = if bb < d { xi[bb] } else { 1.0 };
                    *hab += ka * xb;
                }
            }
        }
        let inv = 1.0 / n.max(1) as f64;
        for a in 0..m {
            g[a] = g[a] * inv + if a < d { l2 * theta[a] } else { 0.0 };
            for bb in a..m {
                let v = h[a * m + bb] * inv + if a == bb && a < d { l2 } else { 0.0 };
                h[a * m + bb] = v;
                h[bb * m + a] = v;
            }
        }
        (g, h)
    }
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
