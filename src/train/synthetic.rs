//! Seeded synthetic 2-D data sets (blobs, moons, circles) for pictures of the decision
//! boundary, after scikit-learn's `make_blobs`, `make_moons` and `make_circles`
//! (`sklearn/datasets/_samples_generator.py`): the same shapes, our own seeded draws.
//!
//! Determinism: every random number comes from a ChaCha8 stream seeded with
//! [`Synthetic::seed`] (stream 2; the split uses 0, the SGD shuffles 1), drawn as `u64`; the
//! only float functions are IEEE basic operations and `libm`'s `log`, `sqrt`, `cos`, `sin`,
//! which are plain Rust, so a set is bit for bit the same natively and in wasm (as the
//! trainer's arithmetic, see [`super::model`]).

use rand::{RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::{Dataset, PlaneFeatures, TrainError};

/// The ChaCha stream the synthetic sets are drawn from.
const DATA_STREAM: u64 = 2;

/// The most samples [`Synthetic::generate`] makes (a picture needs a few hundred).
pub const MAX_SYNTHETIC_SAMPLES: usize = 100_000;

/// The shape of a synthetic 2-D data set. Class 0 is the first ⌊n/2⌋ rows, class 1 the rest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// Two Gaussian clouds centred at (−1, −1) (class 0) and (1, 1) (class 1), standard
    /// deviation `noise` (default 1.0: they overlap, about 8 % of the points lie beyond the
    /// Bayes boundary x₁ + x₂ = 0). A straight boundary is the right model.
    Blobs,
    /// Two interleaving half circles (`make_moons`): class 0 at (cos t, sin t), class 1 at
    /// (1 − cos t, 1/2 − sin t), t evenly spaced over [0, π] (both ends included), plus
    /// Gaussian noise of standard deviation `noise` (default 0.2) on each coordinate.
    Moons,
    /// A ring around a disc (`make_circles`, factor 0.5): class 0 at (cos t, sin t), class 1
    /// at ½ (cos t, sin t), t evenly spaced over [0, 2π) (end excluded), plus Gaussian noise
    /// of standard deviation `noise` (default 0.1) on each coordinate.
    Circles,
}

impl Shape {
    /// Every shape, in catalog order.
    pub const ALL: [Shape; 3] = [Shape::Blobs, Shape::Moons, Shape::Circles];

    /// The data set name: `blobs`, `moons` or `circles`.
    pub fn name(self) -> &'static str {
        match self {
            Shape::Blobs => "blobs",
            Shape::Moons => "moons",
            Shape::Circles => "circles",
        }
    }

    /// The default noise (standard deviation): 1.0 for blobs, 0.2 for moons, 0.1 for circles.
    pub fn default_noise(self) -> f64 {
        match self {
            Shape::Blobs => 1.0,
            Shape::Moons => 0.2,
            Shape::Circles => 0.1,
        }
    }
}

/// The settings of one synthetic 2-D data set; [`Synthetic::generate`] makes it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Synthetic {
    /// The shape.
    pub shape: Shape,
    /// Samples, in [4, [`MAX_SYNTHETIC_SAMPLES`]]: ⌊n/2⌋ of class 0, the rest class 1.
    /// Default 200.
    pub n_samples: usize,
    /// The standard deviation of the Gaussian noise, finite and ≥ 0 (0: points exactly on
    /// the curves; for blobs, all at the centres). Default [`Shape::default_noise`].
    pub noise: f64,
    /// The seed of the draws. Default 0. Independent of the training seed, so that the data
    /// stay put while the split and the batch order change.
    pub seed: u64,
}

impl Synthetic {
    /// The default settings of a shape: 200 samples, [`Shape::default_noise`], seed 0 (what
    /// [`Dataset::by_name`] gives).
    pub fn new(shape: Shape) -> Self {
        Synthetic {
            shape,
            n_samples: 200,
            noise: shape.default_noise(),
            seed: 0,
        }
    }

    /// Makes the data set: named after the shape, 2 features (x₁, x₂), `plane` =
    /// [`PlaneFeatures::Linear`] (see [`Dataset::with_quadratic`]).
    ///
    /// Noise: for each point in row order, one Box–Muller pair from two uniforms
    /// u = (next_u64 >> 11) · 2⁻⁵³ ∈ [0, 1): (r cos 2πu₂, r sin 2πu₂), r = √(−2 ln(1 − u₁)),
    /// times `noise`, added to (x₁, x₂).
    ///
    /// # Errors
    /// [`TrainError::Invalid`] `n_samples` (outside [4, 100 000]) or `noise` (negative or not
    /// finite).
    pub fn generate(&self) -> Result<Dataset, TrainError> {
        let n = self.n_samples;
        if !(4..=MAX_SYNTHETIC_SAMPLES).contains(&n) {
            return Err(TrainError::invalid(
                "n_samples",
                n,
                format!("must be between 4 and {MAX_SYNTHETIC_SAMPLES}"),
            ));
        }
        if !(self.noise.is_finite() && self.noise >= 0.0) {
            return Err(TrainError::invalid(
                "noise",
                self.noise,
                "must be finite and >= 0",
            ));
        }
        let mut rng = ChaCha8Rng::seed_from_u64(self.seed);
        rng.set_stream(DATA_STREAM);
        let n0 = n / 2;
        let n1 = n - n0;
        let pi = core::f64::consts::PI;
        let mut x = Vec::with_capacity(2 * n);
        let mut y = Vec::with_capacity(n);
        for i in 0..n {
            let (class, k, count) = if i < n0 { (0, i, n0) } else { (1, i - n0, n1) };
            let (cx, cy) = match self.shape {
                Shape::Blobs => {
                    let c = if class == 0 { -1.0 } else { 1.0 };
                    (c, c)
                }
                Shape::Moons => {
                    // t evenly spaced over [0, π], both ends (numpy linspace).
                    let t = if count > 1 {
                        pi * k as f64 / (count - 1) as f64
                    } else {
                        0.0
                    };
                    let (c, s) = (libm::cos(t), libm::sin(t));
                    if class == 0 {
                        (c, s)
                    } else {
                        (1.0 - c, 1.0 - s - 0.5)
                    }
                }
                Shape::Circles => {
                    // t evenly spaced over [0, 2π), end excluded.
                    let t = 2.0 * pi * k as f64 / count as f64;
                    let (c, s) = (libm::cos(t), libm::sin(t));
                    if class == 0 {
                        (c, s)
                    } else {
                        (0.5 * c, 0.5 * s)
                    }
                }
            };
            let (e1, e2) = gaussian_pair(&mut rng);
            x.push(cx + self.noise * e1);
            x.push(cy + self.noise * e2);
            y.push(f64::from(class));
        }
        let data = Dataset {
            name: self.shape.name(),
            n_features: 2,
            x,
            y,
            plane: Some(PlaneFeatures::Linear),
        };
        data.check()?;
        Ok(data)
    }
}

/// A uniform draw in [0, 1) with 53 random bits.
fn uniform(rng: &mut ChaCha8Rng) -> f64 {
    (rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// Two independent standard normal draws (Box–Muller, from two uniforms).
fn gaussian_pair(rng: &mut ChaCha8Rng) -> (f64, f64) {
    let u1 = 1.0 - uniform(rng); // (0, 1]: the log is finite
    let u2 = uniform(rng);
    let r = libm::sqrt(-2.0 * libm::log(u1));
    let t = 2.0 * core::f64::consts::PI * u2;
    (r * libm::cos(t), r * libm::sin(t))
}
