//! The shipped data sets, embedded in the binary (and in the wasm module) with `include_str!`.
//!
//! The files are scikit-learn's copies of UCI data sets (`sklearn/datasets/data/`), licensed
//! CC BY 4.0; attribution in `data/README.md`. Each file starts with a header line
//! `n_rows,n_features,class names...`, then one row per sample: the features, then the class.

use super::TrainError;

const BREAST_CANCER_CSV: &str = include_str!("../../data/breast_cancer.csv");
const IRIS_CSV: &str = include_str!("../../data/iris.csv");
const WINE_CSV: &str = include_str!("../../data/wine_data.csv");

/// A binary classification data set: `len()` samples of `n_features` features, labels 0 or 1.
#[derive(Debug, Clone, PartialEq)]
pub struct Dataset {
    /// The name [`Dataset::by_name`] knows it by, e.g. `breast_cancer`.
    pub name: &'static str,
    /// The number of features `d` (columns of `x`).
    pub n_features: usize,
    /// The features, row-major: sample `i`, feature `j` is `x[i * n_features + j]`
    /// (length `len() * n_features`). Raw, not standardized ([`super::prepare`] does that).
    pub x: Vec<f64>,
    /// The labels, `0.0` or `1.0`, one per sample.
    pub y: Vec<f64>,
}

impl Dataset {
    /// The names [`Dataset::by_name`] accepts, default first.
    pub const NAMES: &'static [&'static str] = &["breast_cancer", "iris", "wine"];

    /// Breast Cancer Wisconsin (Diagnostic): 569 samples × 30 features; label 0 = malignant
    /// (212), 1 = benign (357), as scikit-learn's `load_breast_cancer` labels them.
    ///
    /// Source: W. Wolberg, O. Mangasarian, N. Street, W. Street (1993), UCI Machine Learning
    /// Repository, <https://doi.org/10.24432/C5DW2B>, CC BY 4.0 (scikit-learn's copy).
    ///
    /// # Panics
    /// Only if the embedded file were malformed, an internal invariant that `tests/train.rs`
    /// checks (it is not user input).
    pub fn breast_cancer() -> Dataset {
        parse("breast_cancer", BREAST_CANCER_CSV, 1)
            .expect("the embedded data/breast_cancer.csv parses")
    }

    /// Looks a data set up by name: `breast_cancer` (see [`Dataset::breast_cancer`]), `iris`
    /// (150 × 4; Fisher 1936) and `wine` (178 × 13; Aeberhard & Forina 1991) as binary tasks
    /// "class 0 vs rest": label 0.0 for class 0 (iris setosa, wine class_0), 1.0 for every
    /// other class, so that label 0 is the file's class 0 as for breast_cancer.
    ///
    /// # Errors
    /// [`TrainError::UnknownDataset`] for any other name; [`TrainError::Data`] if an embedded
    /// file cannot be parsed (never, for the shipped files).
    pub fn by_name(name: &str) -> Result<Dataset, TrainError> {
        match name {
            "breast_cancer" => parse("breast_cancer", BREAST_CANCER_CSV, 1),
            "iris" => parse("iris", IRIS_CSV, 2),
            "wine" => parse("wine", WINE_CSV, 2),
            _ => Err(TrainError::UnknownDataset {
                name: name.to_string(),
                known: Dataset::NAMES.join(", "),
            }),
        }
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
    /// every label exactly 0.0 or 1.0.
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

/// Parses one embedded file. Label: with `positive_from` = 1 the class is the label (0 or 1);
/// with `positive_from` = 2 ("class 0 vs rest") the label is 1.0 for every class ≥ 1.
fn parse(name: &'static str, text: &str, positive_from: u32) -> Result<Dataset, TrainError> {
    let err = |reason: String| TrainError::Data {
        dataset: name.to_string(),
        reason,
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let header = records
        .next()
        .ok_or_else(|| err("empty file".into()))?
        .map_err(|e| err(e.to_string()))?;
    let field = |i: usize| -> Result<usize, TrainError> {
        header
            .get(i)
            .and_then(|s| s.trim().parse().ok())
            .ok_or_else(|| err(format!("header field {i} is not a count")))
    };
    let (n, d) = (field(0)?, field(1)?);
    let mut x = Vec::with_capacity(n.saturating_mul(d));
    let mut y = Vec::with_capacity(n);
    for (row, record) in records.enumerate() {
        let record = record.map_err(|e| err(e.to_string()))?;
        if record.len() != d + 1 {
            return Err(err(format!(
                "row {row} has {} fields, expected {}",
                record.len(),
                d + 1
            )));
        }
        for (j, s) in record.iter().enumerate() {
            let v: f64 = s
                .trim()
                .parse()
                .map_err(|_| err(format!("row {row}, column {j}: `{s}` is not a number")))?;
            if j < d {
                x.push(v);
            } else {
                let class: u32 = s
                    .trim()
                    .parse()
                    .map_err(|_| err(format!("row {row}: class `{s}` is not an integer")))?;
                let label = if positive_from == 1 {
                    if class > 1 {
                        return Err(err(format!(
                            "row {row}: class {class} in a binary data set"
                        )));
                    }
                    f64::from(class)
                } else if class == 0 {
                    0.0
                } else {
                    1.0
                };
                y.push(label);
            }
        }
    }
    if y.len() != n {
        return Err(err(format!("{} rows, the header says {n}", y.len())));
    }
    let data = Dataset {
        name,
        n_features: d,
        x,
        y,
    };
    data.check()?;
    Ok(data)
}
