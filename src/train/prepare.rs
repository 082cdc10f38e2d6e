//! The seeded, stratified train/test split and the standardization of the features.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::{model, Dataset, PlaneFeatures, TrainError};

/// The ChaCha stream [`prepare`] draws the split from (the SGD shuffles use another one, so the
/// split does not depend on training and vice versa).
pub(crate) const SPLIT_STREAM: u64 = 0;

/// A data set split into a training and a test part, both standardized with the training
/// part's statistics, ready to train on. Built by [`prepare`].
///
/// Standardization: x' = (x − mean) / std per feature, with the mean and the *population*
/// standard deviation (divide by n, as scikit-learn's `StandardScaler`) of the training split;
/// a feature whose training std is 0 becomes 0 everywhere (test split included).
#[derive(Clone, PartialEq)]
pub struct Prepared {
    pub(crate) d: usize,
    pub(crate) x_train: Vec<f64>,
    pub(crate) y_train: Vec<f64>,
    pub(crate) t_train: Vec<f64>,
    pub(crate) x_test: Vec<f64>,
    pub(crate) y_test: Vec<f64>,
    pub(crate) t_test: Vec<f64>,
    pub(crate) train_rows: Vec<usize>,
    pub(crate) test_rows: Vec<usize>,
    pub(crate) mean: Vec<f64>,
    pub(crate) std: Vec<f64>,
    /// The data set's [`Dataset::plane`], for [`Prepared::plane_probabilities`].
    pub(crate) plane: Option<PlaneFeatures>,
}

/// Splits `data` into train and test parts and standardizes both with the training part's
/// mean and population std (see [`Prepared`]).
///
/// `split = Some(f)` holds out the fraction `f` for testing, stratified by class and seeded by
/// `seed` (ChaCha8, platform independent): the test split has ⌈f·n⌉ samples (as scikit-learn's
/// `train_test_split`), divided among the classes in proportion to their sizes (largest
/// remainder, ties to the lower class), each class's test rows drawn by a seeded Fisher–Yates
/// shuffle. Both splits keep the data set's row order. `split = None` trains on every row and
/// has no test split.
///
/// # Errors
/// - [`TrainError::Data`]: the data set is inconsistent ([`Dataset::check`]), empty, or has
///   2^32 rows or more.
/// - [`TrainError::Invalid`] `split`: not in (0, 1), or leaving the train or test split empty.
pub fn prepare(data: &Dataset, split: Option<f64>, seed: u64) -> Result<Prepared, TrainError> {
    data.check()?;
    let n = data.len();
    if n == 0 {
        return Err(TrainError::Data {
            dataset: data.name.to_string(),
            reason: "no samples".into(),
        });
    }
    if u32::try_from(n).is_err() {
        // The SGD shuffles index samples with u32 (platform independent, see `shuffle`).
        return Err(TrainError::Data {
            dataset: data.name.to_string(),
            reason: format!("{n} samples; at most 2^32 - 1"),
        });
    }
    let (train_rows, test_rows) = match split {
        None => ((0..n).collect(), Vec::new()),
        Some(f) => stratified_split(&data.y, f, seed)?,
    };
    let d = data.n_features;
    let gather = |rows: &[usize]| -> Vec<f64> {
        rows.iter()
            .flat_map(|&i| model::row(&data.x, i, d).iter().copied())
            .collect()
    };
    let mut x_train = gather(&train_rows);
    let mut x_test = gather(&test_rows);
    let (mean, std) = column_stats(&x_train, d);
    standardize(&mut x_train, &mean, &std);
    standardize(&mut x_test, &mean, &std);
    let labels = |rows: &[usize]| -> Vec<f64> {
        rows.iter()
            .map(|&i| data.y.get(i).copied().unwrap_or(0.0))
            .collect()
    };
    let (y_train, y_test) = (labels(&train_rows), labels(&test_rows));
    let signs = |y: &[f64]| -> Vec<f64> { y.iter().map(|v| 2.0 * v - 1.0).collect() };
    Ok(Prepared {
        d,
        t_train: signs(&y_train),
        t_test: signs(&y_test),
        x_train,
        y_train,
        x_test,
        y_test,
        train_rows,
        test_rows,
        mean,
        std,
        plane: data.plane,
    })
}

/// A uniform index in `0..=hi`, drawn through `u64` so that it is the same on 32- and 64-bit
/// targets (rand 0.8 samples a `usize` range with a `usize`-wide draw).
pub(crate) fn index_below_or_eq(rng: &mut ChaCha8Rng, hi: usize) -> usize {
    rng.gen_range(0..=hi as u64) as usize
}

/// Fisher–Yates shuffle, platform independent (see [`index_below_or_eq`]).
pub(crate) fn shuffle<T>(items: &mut [T], rng: &mut ChaCha8Rng) {
    for i in (1..items.len()).rev() {
        let j = index_below_or_eq(rng, i);
        items.swap(i, j);
    }
}

fn stratified_split(
    y: &[f64],
    frac: f64,
    seed: u64,
) -> Result<(Vec<usize>, Vec<usize>), TrainError> {
    if !(frac.is_finite() && frac > 0.0 && frac < 1.0) {
        return Err(TrainError::invalid(
            "split",
            frac,
            "the test fraction must be in (0, 1), or `none`",
        ));
    }
    let n = y.len();
    let n_test = (frac * n as f64).ceil() as usize;
    if n_test == 0 || n_test >= n {
        return Err(TrainError::invalid(
            "split",
            frac,
            format!("leaves {} of {n} samples for training and {n_test} for testing; both need at least one", n.saturating_sub(n_test)),
        ));
    }
    let classes: [Vec<usize>; 2] = [
        (0..n).filter(|&i| y[i] == 0.0).collect(),
        (0..n).filter(|&i| y[i] != 0.0).collect(),
    ];
    // Proportional allocation with largest remainders (ties to the lower class).
    let exact: Vec<f64> = classes
        .iter()
        .map(|c| n_test as f64 * c.len() as f64 / n as f64)
        .collect();
    let mut take: Vec<usize> = exact.iter().map(|e| e.floor() as usize).collect();
    let mut left = n_test - take.iter().sum::<usize>();
    let mut order: Vec<usize> = (0..classes.len()).collect();
    crate::sort::sort_by(&mut order, |&a, &b| {
        (exact[b] - exact[b].floor())
            .total_cmp(&(exact[a] - exact[a].floor()))
            .then(a.cmp(&b))
    });
    for k in order {
        if left == 0 {
            break;
        }
        if take[k] < classes[k].len() {
            take[k] += 1;
            left -= 1;
        }
    }
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(SPLIT_STREAM);
    let mut is_test = vec![false; n];
    for (members, &k) in classes.iter().zip(&take) {
        let mut members = members.clone();
        shuffle(&mut members, &mut rng);
        for &i in members.iter().take(k) {
            is_test[i] = true;
        }
    }
    let (test, train): (Vec<usize>, Vec<usize>) = (0..n).partition(|&i| is_test[i]);
    Ok((train, test))
}

/// Per-column mean and population std of a row-major matrix with `d` columns.
fn column_stats(x: &[f64], d: usize) -> (Vec<f64>, Vec<f64>) {
    let n = x.len().checked_div(d).unwrap_or(0);
    let mut mean = vec![0.0; d];
    let mut var = vec![0.0; d];
    if n == 0 {
        return (mean, var);
    }
    for r in x.chunks_exact(d) {
        mean.iter_mut().zip(r).for_each(|(m, v)| *m += v);
    }
    mean.iter_mut().for_each(|m| *m /= n as f64);
    for r in x.chunks_exact(d) {
        var.iter_mut()
            .zip(r)
            .zip(&mean)
            .for_each(|((s, v), m)| *s += (v - m) * (v - m));
    }
    let std = var.into_iter().map(|s| (s / n as f64).sqrt()).collect();
    (mean, std)
}

fn standardize(x: &mut [f64], mean: &[f64], std: &[f64]) {
    let d = mean.len();
    if d == 0 {
        return;
    }
    for r in x.chunks_exact_mut(d) {
        for ((v, m), s) in r.iter_mut().zip(mean).zip(std) {
            *v = if *s > 0.0 { (*v - m) / s } else { 0.0 };
        }
    }
}

impl std::fmt::Debug for Prepared {
    /// A summary (sizes only; the matrices would run to thousands of numbers).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Prepared")
            .field("n_train", &self.n_train())
            .field("n_test", &self.n_test())
            .field("n_features", &self.d)
            .finish_non_exhaustive()
    }
}

impl Prepared {
    /// The number of training samples.
    pub fn n_train(&self) -> usize {
        self.y_train.len()
    }

    /// The number of test samples (0 with `split = None`).
    pub fn n_test(&self) -> usize {
        self.y_test.len()
    }

    /// The number of features `d`.
    pub fn n_features(&self) -> usize {
        self.d
    }

    /// Optimizer steps per epoch: ⌈n_train / batch_size⌉ (the last batch may be smaller);
    /// 0 for `batch_size` = 0 (which [`super::TrainConfig::check`] rejects).
    pub fn steps_per_epoch(&self, batch_size: usize) -> usize {
        if batch_size == 0 {
            0
        } else {
            self.n_train().div_ceil(batch_size)
        }
    }

    /// The standardized training features, row-major `n_train() × n_features()`.
    pub fn train_x(&self) -> &[f64] {
        &self.x_train
    }

    /// The training labels (0.0 or 1.0).
    pub fn train_y(&self) -> &[f64] {
        &self.y_train
    }

    /// The standardized test features, row-major `n_test() × n_features()`.
    pub fn test_x(&self) -> &[f64] {
        &self.x_test
    }

    /// The test labels (0.0 or 1.0).
    pub fn test_y(&self) -> &[f64] {
        &self.y_test
    }

    /// For each training sample, its row in the original [`Dataset`] (increasing).
    pub fn train_rows(&self) -> &[usize] {
        &self.train_rows
    }

    /// For each test sample, its row in the original [`Dataset`] (increasing).
    pub fn test_rows(&self) -> &[usize] {
        &self.test_rows
    }

    /// The per-feature mean of the raw training features, used to standardize both splits.
    pub fn mean(&self) -> &[f64] {
        &self.mean
    }

    /// The per-feature population standard deviation of the raw training features.
    pub fn std(&self) -> &[f64] {
        &self.std
    }

    /// The objective over the training split:
    /// (1/n) Σ log(1 + exp(−s_i)) + (λ/2)‖w‖², s_i = (2y_i − 1)(w·x_i + b), λ = `l2`,
    /// computed stably ([`model::objective`]). `w` has `n_features()` entries.
    pub fn objective(&self, w: &[f64], b: f64, l2: f64) -> f64 {
        model::objective(&self.x_train, &self.t_train, w, b, l2)
    }

    /// The gradient of [`Prepared::objective`] over the whole training split:
    /// (∂f/∂w, ∂f/∂b), with ∂f/∂w = (1/n) Σ −t_i σ(−s_i) x_i + λ w and the bias unregularized.
    pub fn gradient(&self, w: &[f64], b: f64, l2: f64) -> (Vec<f64>, f64) {
        let rows: Vec<u32> = (0..self.n_train()).map(|i| i as u32).collect();
        let mut gw = vec![0.0; self.d];
        let gb = model::gradient_rows(&self.x_train, &self.t_train, &rows, w, b, l2, &mut gw);
        (gw, gb)
    }

    /// The training accuracy of (w, b) at threshold p = 0.5 (predict 1 when p > 0.5).
    pub fn train_accuracy(&self, w: &[f64], b: f64) -> f64 {
        model::accuracy(&self.x_train, &self.t_train, w, b).unwrap_or(0.0)
    }

    /// The test accuracy of (w, b), `None` without a test split.
    pub fn test_accuracy(&self, w: &[f64], b: f64) -> Option<f64> {
        model::accuracy(&self.x_test, &self.t_test, w, b)
    }
}
