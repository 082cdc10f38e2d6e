//! The 2-D data sets' plane: quadratic features, the raw points, and the model's probability
//! at any point of the plane (the decision-boundary picture shades p(x₁, x₂)).

use super::{model, Dataset, PlaneFeatures, Prepared, TrainError};

impl PlaneFeatures {
    /// The number of features: 2 (linear) or 5 (quadratic).
    pub fn n_features(self) -> usize {
        match self {
            PlaneFeatures::Linear => 2,
            PlaneFeatures::Quadratic => 5,
        }
    }

    /// Appends the raw (unstandardized) features of the point (x₁, x₂) to `out`: (x₁, x₂),
    /// then for [`PlaneFeatures::Quadratic`] x₁·x₁, x₁·x₂, x₂·x₂.
    pub fn expand(self, p: [f64; 2], out: &mut Vec<f64>) {
        let [x1, x2] = p;
        out.extend_from_slice(&[x1, x2]);
        if self == PlaneFeatures::Quadratic {
            out.extend_from_slice(&[x1 * x1, x1 * x2, x2 * x2]);
        }
    }
}

impl Dataset {
    /// The same 2-D data set with quadratic features: each row (x₁, x₂) becomes
    /// (x₁, x₂, x₁², x₁x₂, x₂²), so that a logistic boundary w·φ + b = 0 is a conic and can
    /// curve (around the disc of `circles`, between the `moons`). The name and labels stay;
    /// `plane` becomes [`PlaneFeatures::Quadratic`]. A set that has them already is returned
    /// unchanged.
    ///
    /// # Errors
    /// [`TrainError::Invalid`] `quadratic` (the CLI's `--quadratic`, the URL's `quadratic`)
    /// for a data set that is not a 2-D one.
    pub fn with_quadratic(self) -> Result<Dataset, TrainError> {
        match self.plane {
            Some(PlaneFeatures::Quadratic) => Ok(self),
            Some(PlaneFeatures::Linear) => {
                let mut x = Vec::with_capacity(self.len() * 5);
                for p in self.x.chunks_exact(2) {
                    PlaneFeatures::Quadratic.expand([p[0], p[1]], &mut x);
                }
                Ok(Dataset {
                    n_features: 5,
                    x,
                    plane: Some(PlaneFeatures::Quadratic),
                    ..self
                })
            }
            None => Err(TrainError::invalid(
                "quadratic",
                true,
                format!(
                    "only the 2-D data sets (blobs, moons, circles) have quadratic features, not `{}`",
                    self.name
                ),
            )),
        }
    }

    /// The raw points (x₁, x₂) of a 2-D data set, one per sample (the first two feature
    /// columns); `None` for other data sets.
    pub fn points(&self) -> Option<Vec<[f64; 2]>> {
        self.plane?;
        let d = self.n_features;
        Some(
            (0..self.len())
                .map(|i| [self.x[i * d], self.x[i * d + 1]])
                .collect(),
        )
    }
}

impl Prepared {
    /// For a 2-D data set, how its features derive from the point; `None` otherwise.
    pub fn plane(&self) -> Option<PlaneFeatures> {
        self.plane
    }

    /// The model's probability p = σ(w·x' + b) of label 1 at raw points (x₁, x₂) of the plane,
    /// for weights `w` and bias `b` in the standardized feature space this [`Prepared`]
    /// trains in (a [`super::History`]'s or an [`super::Optimum`]'s): each point is expanded
    /// as its data set's features are ([`PlaneFeatures::expand`]), standardized with the
    /// training split's mean and std exactly as [`super::prepare`] does (a feature with std 0
    /// becomes 0), scored with [`model::score`] and mapped by [`model::sigmoid`]. At a
    /// training point it gives the bits the trainer computes for that row.
    ///
    /// # Errors
    /// - [`TrainError::Invalid`] `dataset`: the data set is not a 2-D one.
    /// - [`TrainError::Invalid`] `weights`: `w` does not have `n_features()` entries.
    pub fn plane_probabilities(
        &self,
        w: &[f64],
        b: f64,
        points: &[[f64; 2]],
    ) -> Result<Vec<f64>, TrainError> {
        let plane = self.plane.ok_or_else(|| {
            TrainError::invalid("dataset", "(not 2-D)", "has no plane to draw a boundary in")
        })?;
        if w.len() != self.d {
            return Err(TrainError::invalid(
                "weights",
                w.len(),
                format!("expected {} weights", self.d),
            ));
        }
        let mut features = Vec::with_capacity(self.d);
        Ok(points
            .iter()
            .map(|&p| {
                features.clear();
                plane.expand(p, &mut features);
                for ((v, m), s) in features.iter_mut().zip(&self.mean).zip(&self.std) {
                    *v = if *s > 0.0 { (*v - m) / s } else { 0.0 };
                }
                model::sigmoid(model::score(&features, w, b))
            })
            .collect())
    }
}
