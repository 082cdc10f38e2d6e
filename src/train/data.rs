//! The shipped data sets: four real ones embedded in the binary (and in the wasm module) in a
//! compact form that `build.rs` encodes from `data/*.csv` at build time, and three seeded
//! synthetic 2-D ones ([`super::Synthetic`]). [`Dataset::CATALOG`] lists them all for a picker.
//!
//! The real files are scikit-learn's copies of UCI data sets (`sklearn/datasets/data/`),
//! licensed CC BY 4.0: each [`DatasetInfo`] carries its [`Attribution`], which must be shown
//! wherever the data is (`data/README.md`). The embedded form (Rice-coded decimal integers;
//! format in `build.rs`) decodes to exactly the f64 values `str::parse` gives for the CSV text;
//! `build.rs` checks that for every value and `tests/datasets.rs` checks it again.

use super::synthetic::{Shape, Synthetic};
use super::TrainError;

const BREAST_CANCER: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/breast_cancer.bin"));
const WINE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/wine.bin"));
const IRIS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/iris.bin"));
const DIGITS_3V8: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/digits_3v8.bin"));

/// Where a real data set comes from, to show beside it (the licence requires attribution).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attribution {
    /// Title, authors and year, e.g. "Breast Cancer Wisconsin (Diagnostic): W. Wolberg,
    /// O. Mangasarian, N. Street, W. Street (1993), UCI Machine Learning Repository".
    pub text: &'static str,
    /// The data set's DOI link at the UCI Machine Learning Repository.
    pub url: &'static str,
    /// The licence, `CC BY 4.0` for all four.
    pub license: &'static str,
}

/// One entry of [`Dataset::CATALOG`]: what a picker shows and what [`Dataset::by_name`] loads.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DatasetInfo {
    /// The name [`Dataset::by_name`] (and the CLI's `--dataset`, the URL's `dataset=`) takes.
    pub name: &'static str,
    /// One line for a picker: what the samples are and which class is label 0 / 1.
    pub description: &'static str,
    /// Samples (for the synthetic sets: with the default [`Synthetic`] settings).
    pub n_samples: usize,
    /// Features (for the 2-D sets 2, or 5 with [`Dataset::with_quadratic`]).
    pub n_features: usize,
    /// Whether it is a synthetic 2-D set: points in the plane, quadratic features available,
    /// a decision-boundary picture possible ([`super::Prepared::plane_probabilities`]).
    pub plane: bool,
    /// The source of a real data set; `None` for the synthetic ones.
    pub attribution: Option<Attribution>,
}

const UCI_LICENSE: &str = "CC BY 4.0";

/// How the features of a 2-D data set derive from its points (x₁, x₂).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaneFeatures {
    /// The features are (x₁, x₂): a logistic boundary is a straight line.
    Linear,
    /// The features are (x₁, x₂, x₁², x₁x₂, x₂²): the boundary is a conic and can curve
    /// ([`Dataset::with_quadratic`]).
    Quadratic,
}

/// A binary classification data set: `len()` samples of `n_features` features, labels 0 or 1.
#[derive(Debug, Clone, PartialEq)]
pub struct Dataset {
    /// The name [`Dataset::by_name`] knows it by, e.g. `breast_cancer`.
    pub name: &'static str,
    /// The number of features `d` (columns of `x`).
    pub n_features: usize,
    /// The features, row-major: sample `i`, feature `j` is `x[i * n_features + j]`
    /// (length `len() * n_features`). Raw, not standardized ([`super::prepare`] does that).
    /// For a 2-D set the first two columns are the point (x₁, x₂).
    pub x: Vec<f64>,
    /// The labels, `0.0` or `1.0`, one per sample.
    pub y: Vec<f64>,
    /// For a synthetic 2-D set, how the features derive from the point; `None` otherwise.
    pub plane: Option<PlaneFeatures>,
}

impl Dataset {
    /// Every shipped data set, the default (`breast_cancer`) first, in picker order.
    pub const CATALOG: &'static [DatasetInfo] = &[
        DatasetInfo {
            name: "breast_cancer",
            description: "Breast cancer (Wisconsin diagnostic): 569 tumours, 30 measurements of \
                          their cell nuclei; malignant (0) vs benign (1)",
            n_samples: 569,
            n_features: 30,
            plane: false,
            attribution: Some(Attribution {
                text: "Breast Cancer Wisconsin (Diagnostic): W. Wolberg, O. Mangasarian, \
                       N. Street, W. Street (1993), UCI Machine Learning Repository",
                url: "https://doi.org/10.24432/C5DW2B",
                license: UCI_LICENSE,
            }),
        },
        DatasetInfo {
            name: "wine",
            description: "Wine: 178 Italian wines, 13 chemical measurements; cultivar 1 (0) vs \
                          cultivars 2 and 3 (1)",
            n_samples: 178,
            n_features: 13,
            plane: false,
            attribution: Some(Attribution {
                text: "Wine: S. Aeberhard, M. Forina (1991), UCI Machine Learning Repository",
                url: "https://doi.org/10.24432/C5PC7J",
                license: UCI_LICENSE,
            }),
        },
        DatasetInfo {
            name: "iris",
            description: "Iris: 150 flowers, 4 measurements of petals and sepals; setosa (0) vs \
                          versicolor and virginica (1), linearly separable",
            n_samples: 150,
            n_features: 4,
            plane: false,
            attribution: Some(Attribution {
                text: "Iris: R. A. Fisher (1936), UCI Machine Learning Repository",
                url: "https://doi.org/10.24432/C56C76",
                license: UCI_LICENSE,
            }),
        },
        DatasetInfo {
            name: "digits_3v8",
            description: "Handwritten digits 3 (0) vs 8 (1): 357 images of 8×8 pixels, 64 \
                          intensities 0–16; the most confusable pair",
            n_samples: 357,
            n_features: 64,
            plane: false,
            attribution: Some(Attribution {
                text: "Optical Recognition of Handwritten Digits: E. Alpaydin, C. Kaynak \
                       (1998), UCI Machine Learning Repository",
                url: "https://doi.org/10.24432/C50P49",
                license: UCI_LICENSE,
            }),
        },
        DatasetInfo {
            name: "blobs",
            description: "Blobs: 200 points in the plane from two overlapping Gaussian clouds; \
                          a straight boundary fits",
            n_samples: 200,
            n_features: 2,
            plane: true,
            attribution: None,
        },
        DatasetInfo {
            name: "moons",
            description: "Moons: 200 points on two interleaving half circles; a straight \
                          boundary misses the tips, a quadratic one bends only a little",
            n_samples: 200,
            n_features: 2,
            plane: true,
            attribution: None,
        },
        DatasetInfo {
            name: "circles",
            description: "Circles: 200 points, a ring (0) around a disc (1); no straight \
                          boundary works, quadratic features close it into an ellipse",
            n_samples: 200,
            n_features: 2,
            plane: true,
            attribution: None,
        },
    ];

    /// The names [`Dataset::by_name`] accepts, default first (the names of
    /// [`Dataset::CATALOG`], in its order).
    pub const NAMES: &'static [&'static str] = &[
        "breast_cancer",
        "wine",
        "iris",
        "digits_3v8",
        "blobs",
        "moons",
        "circles",
    ];

    /// Breast Cancer Wisconsin (Diagnostic): 569 samples × 30 features; label 0 = malignant
    /// (212), 1 = benign (357), as scikit-learn's `load_breast_cancer` labels them.
    ///
    /// Source: W. Wolberg, O. Mangasarian, N. Street, W. Street (1993), UCI Machine Learning
    /// Repository, <https://doi.org/10.24432/C5DW2B>, CC BY 4.0 (scikit-learn's copy).
    ///
    /// # Panics
    /// Only if the embedded data were malformed, an internal invariant that `build.rs` and
    /// `tests/datasets.rs` check (it is not user input).
    pub fn breast_cancer() -> Dataset {
        decode("breast_cancer", BREAST_CANCER).expect("the embedded breast_cancer data decodes")
    }

    /// Looks a data set up by name ([`Dataset::NAMES`]; [`Dataset::CATALOG`] describes each):
    ///
    /// - `breast_cancer`: see [`Dataset::breast_cancer`].
    /// - `wine` (178 × 13; Aeberhard & Forina 1991) and `iris` (150 × 4; Fisher 1936) as
    ///   binary tasks "class 0 vs rest": label 0.0 for class 0 (wine class_0, 59 samples;
    ///   iris setosa, 50), 1.0 for the two other classes.
    /// - `digits_3v8` (357 × 64; Alpaydin & Kaynak 1998): the digits 3 (label 0, 183
    ///   images) and 8 (label 1, 174) of the 8×8 digits, pixel intensities 0–16 in row-major
    ///   pixel order.
    /// - `blobs`, `moons`, `circles`: [`Synthetic::new`] of that shape (200 points, seed 0);
    ///   add quadratic features with [`Dataset::with_quadratic`].
    ///
    /// # Errors
    /// [`TrainError::UnknownDataset`] for any other name; [`TrainError::Data`] if embedded
    /// data cannot be decoded (never, for the shipped data).
    pub fn by_name(name: &str) -> Result<Dataset, TrainError> {
        match name {
            "breast_cancer" => decode("breast_cancer", BREAST_CANCER),
            "wine" => decode("wine", WINE),
            "iris" => decode("iris", IRIS),
            "digits_3v8" => decode("digits_3v8", DIGITS_3V8),
            "blobs" => Synthetic::new(Shape::Blobs).generate(),
            "moons" => Synthetic::new(Shape::Moons).generate(),
            "circles" => Synthetic::new(Shape::Circles).generate(),
            _ => Err(TrainError::UnknownDataset {
                name: name.to_string(),
                known: Dataset::NAMES.join(", "),
            }),
        }
    }

    /// The catalog entry of the data set called `name`, if it is a shipped one.
    pub fn info(name: &str) -> Option<&'static DatasetInfo> {
        Dataset::CATALOG.iter().find(|i| i.name == name)
    }

    /// The attribution to show with this data set (`None` for synthetic or home-made data).
    pub fn attribution(&self) -> Option<&'static Attribution> {
        Dataset::info(self.name).and_then(|i| i.attribution.as_ref())
    }

    /// The number of samples (`y.len()`).
    pub fn len(&self) -> usize {
        self.y.len()
    }

    /// Whether there are no samples.
    pub fn is_empty(&self) -> bool {
        self.y.is_empty()
    }

    /// Checks the shapes and values: `x.len() == len() * n_features`, every feature finite,
    /// every label exactly 0.0 or 1.0, and for a 2-D set 2 (linear) or 5 (quadratic) features.
    ///
    /// # Errors
    /// [`TrainError::Data`] naming the first bad row or the mismatched shape.
    pub fn check(&self) -> Result<(), TrainError> {
        let bad = |reason: String| TrainError::Data {
            dataset: self.name.to_string(),
            reason,
        };
        let expected = self.len().checked_mul(self.n_features);
        if expected != Some(self.x.len()) {
            return Err(bad(format!(
                "x has {} values, expected {} samples × {} features",
                self.x.len(),
                self.len(),
                self.n_features
            )));
        }
        let plane_features = match self.plane {
            None => self.n_features,
            Some(PlaneFeatures::Linear) => 2,
            Some(PlaneFeatures::Quadratic) => 5,
        };
        if plane_features != self.n_features {
            return Err(bad(format!(
                "{} features, but {:?} plane features are {plane_features}",
                self.n_features, self.plane
            )));
        }
        if let Some(i) = self.y.iter().position(|&v| v != 0.0 && v != 1.0) {
            return Err(bad(format!(
                "label of sample {i} is {}, expected 0 or 1",
                self.y[i]
            )));
        }
        if let Some(k) = self.x.iter().position(|v| !v.is_finite()) {
            let d = self.n_features.max(1);
            return Err(bad(format!(
                "feature {} of sample {} is not finite",
                k % d,
                k / d
            )));
        }
        Ok(())
    }
}

/// 10^k for k ≤ 22, each exact in f64.
const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// Decodes one embedded data set (the format `build.rs` documents): a header, then the labels
/// and the Rice-coded columns; value = (lo + v) / 10^k, the correctly rounded quotient of two
/// exact f64 (so the same bits as parsing the decimal).
fn decode(name: &'static str, bytes: &[u8]) -> Result<Dataset, TrainError> {
    let err = |reason: &str| TrainError::Data {
        dataset: name.to_string(),
        reason: format!("embedded data: {reason}"),
    };
    let mut pos = 0;
    let mut take = |len: usize| -> Result<&[u8], TrainError> {
        let s = bytes
            .get(pos..pos + len)
            .ok_or_else(|| err("truncated header"))?;
        pos += len;
        Ok(s)
    };
    let mut u32_at = || -> Result<usize, TrainError> {
        let b = take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
    };
    let (n, d) = (u32_at()?, u32_at()?);
    let mut columns = Vec::with_capacity(d.min(1 << 16));
    for _ in 0..d {
        let b = take(10)?;
        let k = usize::from(b[0]);
        let lo = u64::from_le_bytes([b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8]]);
        let scale = *POW10.get(k).ok_or_else(|| err("decimal scale above 22"))?;
        columns.push((scale, lo, u32::from(b[9])));
    }
    let mut bits = BitReader {
        bytes: &bytes[pos..],
        pos: 0,
    };
    let mut y = Vec::with_capacity(n);
    for _ in 0..n {
        y.push(bits.bits(1).ok_or_else(|| err("truncated labels"))? as f64);
    }
    let mut x = vec![0.0; n.checked_mul(d).ok_or_else(|| err("too large"))?];
    for (j, &(scale, lo, r)) in columns.iter().enumerate() {
        for i in 0..n {
            let mut q = 0u64;
            while bits.bits(1).ok_or_else(|| err("truncated values"))? == 1 {
                q += 1;
            }
            let v = (q << r) | bits.bits(r).ok_or_else(|| err("truncated values"))?;
            x[i * d + j] = (lo + v) as f64 / scale;
        }
    }
    let data = Dataset {
        name,
        n_features: d,
        x,
        y,
        plane: None,
    };
    data.check()?;
    Ok(data)
}

/// Reads bits LSB first from a byte slice.
struct BitReader<'a> {
    bytes: &'a [u8],
    /// The next bit's index.
    pos: usize,
}

impl BitReader<'_> {
    /// The next `count` (≤ 63) bits as an integer, the first read bit lowest; `None` past
    /// the end.
    fn bits(&mut self, count: u32) -> Option<u64> {
        let mut v = 0u64;
        for k in 0..count {
            let byte = *self.bytes.get(self.pos / 8)?;
            v |= u64::from((byte >> (self.pos % 8)) & 1) << k;
            self.pos += 1;
        }
        Some(v)
    }
}
