//! The series type shared by the LR and loss charts, and the data → pixel helpers they share.

/// One drawn line of a chart: `values[t]` at x = t (t = 0, 1, …: the epoch or step index).
///
/// Its look comes from `style_index` k: colour k of the theme's series colours
/// ([`Theme::series`](super::Theme)) and dash pattern k of [`DASH_PATTERNS`](super::DASH_PATTERNS)
/// (both cycles repeat after 6),
/// so that series differ in colour AND dash. The legend shows `label` after a swatch with the
/// same colour and dash. The v1 picture uses style 0 (blue, solid) for the schedule and style 1
/// (orange, dashed) for the constant baseline.
#[derive(Debug, Clone, Copy, Default)]
pub struct LineSeries<'a> {
    /// Legend text (truncated with "…" where it does not fit).
    pub label: &'a str,
    /// The value at x = 0, 1, … (learning rate, or training objective with index 0 = the
    /// initial weights). NaN and ±∞ leave a gap.
    pub values: &'a [f64],
    /// Picks colour and dash pattern (see above).
    pub style_index: usize,
    /// Indices to mark on the line with small down-pointing triangles in the series' colour
    /// (e.g. ReduceLROnPlateau reductions); indices past the end or at non-finite values are
    /// skipped. Named once in the legend by `marker_label`.
    pub markers: &'a [usize],
    /// Legend text of the markers (one entry per distinct text; unused without markers).
    pub marker_label: &'a str,
    /// Loss chart only: the epoch at which the run diverged (objective no longer finite). A
    /// vertical marker labelled "diverged at epoch N" with this series' swatch; series that
    /// diverged at the same epoch share one marker. Ignored by the LR chart.
    pub diverged_at: Option<usize>,
}

/// Runs of consecutive drawable values as `(t, value)` pairs, reduced to at most four points
/// per pixel column: the first, lowest, highest and last value of the column, in index order
/// (the "M4" reduction of Jugel et al., VLDB 2014). A polyline through the reduced points
/// covers exactly the pixels of the polyline through all of them (within a column both are a
/// vertical stroke from the lowest to the highest value, and the segments between columns are
/// the same), so a long run costs O(plot width) to draw, not O(points). Dash phases along a
/// dashed line may shift where the full line zigzags within a column.
///
/// `column(t)` is the pixel column of index `t` (non-decreasing in `t`; called O(log n) times
/// per column, so the cost per value is a comparison); `drawable(v)` says
/// whether a value maps to the axis (anything else ends the run). Order of values is the order
/// of pixel rows on both linear and log axes (log₁₀ and the "≤ 0" floor are monotone).
pub(crate) fn reduced_runs(
    values: &[f64],
    column: impl Fn(usize) -> i64,
    drawable: impl Fn(f64) -> bool,
) -> Vec<Vec<(f64, f64)>> {
    #[derive(Clone, Copy)]
    struct Col {
        first: (usize, f64),
        min: (usize, f64),
        max: (usize, f64),
        last: (usize, f64),
    }
    fn flush(c: &Col, run: &mut Vec<(f64, f64)>) {
        let mut pts = [c.first, c.min, c.max, c.last];
        crate::sort::sort_by_key(&mut pts, |p| p.0);
        let mut prev = None;
        for (t, v) in pts {
            if prev != Some(t) {
                run.push((t as f64, v));
                prev = Some(t);
            }
        }
    }
    let mut runs = Vec::new();
    let mut run: Vec<(f64, f64)> = Vec::new();
    let n = values.len();
    let mut t = 0;
    while t < n {
        // The indices t..end share a pixel column: found by galloping and bisection, so that
        // `column` is called O(log n) times per column and the values are only compared.
        let col = column(t);
        let (mut same, mut step) = (t, 1usize);
        while same + step < n && column(same + step) == col {
            same += step;
            step = step.saturating_mul(2);
        }
        let (mut a, mut b) = (same + 1, same.saturating_add(step).min(n));
        while a < b {
            let mid = a + (b - a) / 2;
            if column(mid) == col {
                a = mid + 1;
            } else {
                b = mid;
            }
        }
        let end = a;
        let mut cur: Option<Col> = None;
        for (i, &v) in values[t..end].iter().enumerate() {
            let i = t + i;
            if !drawable(v) {
                if let Some(c) = cur.take() {
                    flush(&c, &mut run);
                }
                if !run.is_empty() {
                    runs.push(std::mem::take(&mut run));
                }
                continue;
            }
            match &mut cur {
                Some(c) => {
                    if v < c.min.1 {
                        c.min = (i, v);
                    }
                    if v > c.max.1 {
                        c.max = (i, v);
                    }
                    c.last = (i, v);
                }
                None => {
                    cur = Some(Col {
                        first: (i, v),
                        min: (i, v),
                        max: (i, v),
                        last: (i, v),
                    })
                }
            }
        }
        if let Some(c) = cur {
            flush(&c, &mut run);
        }
        t = end;
    }
    if !run.is_empty() {
        runs.push(run);
    }
    runs
}

/// The extent of some values: finite range, positive range (for log axes), whether any finite
/// value is ≤ 0 (the log axis' floor), and what was not finite. One pass, no logarithms, plain
/// comparisons (f64::min/max are library calls at the app's opt-level "z").
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct Extent {
    pub range: Option<(f64, f64)>,
    pub positive: Option<(f64, f64)>,
    pub non_positive: bool,
    pub left_out: LeftOut,
}

impl Extent {
    /// The extent of `values` (non-finite values are counted in `left_out`).
    pub fn of(values: &[f64]) -> Self {
        let mut e = Extent::default();
        e.scan(values);
        e
    }

    /// Add `values` (non-finite values are counted in `left_out`).
    pub fn scan(&mut self, values: &[f64]) {
        let (mut lo, mut hi) = self.range.unwrap_or((f64::INFINITY, f64::NEG_INFINITY));
        let (mut plo, mut phi) = self.positive.unwrap_or((f64::INFINITY, f64::NEG_INFINITY));
        let mut non_positive = self.non_positive;
        for &v in values {
            if v.is_finite() {
                if v < lo {
                    lo = v;
                }
                if v > hi {
                    hi = v;
                }
                if v > 0.0 {
                    if v < plo {
                        plo = v;
                    }
                    if v > phi {
                        phi = v;
                    }
                } else {
                    non_positive = true;
                }
            } else {
                self.left_out.count(v);
            }
        }
        self.range = (lo <= hi).then_some((lo, hi));
        self.positive = (plo <= phi).then_some((plo, phi));
        self.non_positive = non_positive;
    }

    /// Add one value that is not part of a series (a reference line): finite values only.
    pub fn include(&mut self, v: f64) {
        if v.is_finite() {
            let left_out = self.left_out;
            self.scan(&[v]);
            self.left_out = left_out;
        }
    }
}

/// How many values of a series were not drawn because they are not finite.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct LeftOut {
    pub pos_inf: usize,
    pub neg_inf: usize,
    pub nan: usize,
}

impl LeftOut {
    /// Count the non-finite values of `values`.
    pub fn add(&mut self, values: &[f64]) {
        for v in values {
            if !v.is_finite() {
                self.count(*v);
            }
        }
    }

    /// Add another count.
    pub fn add_counts(&mut self, o: &LeftOut) {
        self.pos_inf += o.pos_inf;
        self.neg_inf += o.neg_inf;
        self.nan += o.nan;
    }

    fn count(&mut self, v: f64) {
        if v.is_nan() {
            self.nan += 1;
        } else if v > 0.0 {
            self.pos_inf += 1;
        } else if v < 0.0 {
            self.neg_inf += 1;
        }
    }

    /// The chart note, e.g. "not drawn: 2 × ∞, 1 × NaN"; `None` when nothing was left out.
    pub fn note(&self) -> Option<String> {
        let parts: Vec<String> = [(self.pos_inf, "∞"), (self.neg_inf, "−∞"), (self.nan, "NaN")]
            .iter()
            .filter(|(n, _)| *n > 0)
            .map(|(n, s)| format!("{n} × {s}"))
            .collect();
        (!parts.is_empty()).then(|| format!("not drawn: {}", parts.join(", ")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn m4_keeps_first_min_max_last_per_column_and_splits_at_gaps() {
        // Columns of 4 indices each.
        let v = [5.0, 1.0, 9.0, 4.0, 2.0, 2.0, f64::NAN, 7.0, 3.0];
        let runs = reduced_runs(&v, |t| (t / 4) as i64, f64::is_finite);
        assert_eq!(
            runs,
            vec![
                vec![
                    (0.0, 5.0),
                    (1.0, 1.0),
                    (2.0, 9.0),
                    (3.0, 4.0),
                    (4.0, 2.0),
                    (5.0, 2.0)
                ],
                vec![(7.0, 7.0), (8.0, 3.0)],
            ]
        );
        // 10,000 points in 10 columns: at most 40 points, with the extremes kept.
        let v: Vec<f64> = (0..10_000).map(|t| ((t * 7919) % 1000) as f64).collect();
        let runs = reduced_runs(&v, |t| (t / 1000) as i64, f64::is_finite);
        assert_eq!(runs.len(), 1);
        assert!(runs[0].len() <= 40);
        assert!(runs[0].iter().any(|p| p.1 == 999.0) && runs[0].iter().any(|p| p.1 == 0.0));
        assert_eq!(runs[0].first(), Some(&(0.0, 0.0)));
        assert_eq!(runs[0].last(), Some(&(9999.0, v[9999])));
    }

    #[test]
    fn left_out_note_names_what_is_missing() {
        let mut l = LeftOut::default();
        assert_eq!(l.note(), None);
        l.add(&[
            1.0,
            f64::INFINITY,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ]);
        assert_eq!(l.note().unwrap(), "not drawn: 2 × ∞, 1 × −∞, 1 × NaN");
    }
}
