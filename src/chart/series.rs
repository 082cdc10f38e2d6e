//! The series type shared by the LR and loss charts, and the data → pixel helpers they share.

use super::geometry::AxisMap;

/// One drawn line of a chart: `values[t]` at x = t (t = 0, 1, …: the epoch or step index).
///
/// Its look comes from `style_index` k: colour k of [`palette::SERIES`](super::palette::SERIES)
/// and dash pattern k of [`DASH_PATTERNS`](super::DASH_PATTERNS) (both cycles repeat after 6),
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

/// Runs of consecutive indices whose value maps to a pixel row (finite, and > 0 on a log axis
/// without floor), as pixel points `(x, y)`; a value that does not map ends the run.
pub(crate) fn pixel_runs(values: &[f64], xm: &AxisMap, ym: &AxisMap) -> Vec<Vec<(f64, f64)>> {
    let mut runs: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut cur: Vec<(f64, f64)> = Vec::new();
    for (t, v) in values.iter().enumerate() {
        match ym.px(*v) {
            Some(y) => cur.push((xm.px_t(t as f64), y)),
            None => {
                if !cur.is_empty() {
                    runs.push(std::mem::take(&mut cur));
                }
            }
        }
    }
    if !cur.is_empty() {
        runs.push(cur);
    }
    runs
}
