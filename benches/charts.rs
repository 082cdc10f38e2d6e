//! What drawing a chart costs, natively: the LR chart and the loss chart for 1 and 5 series
//! of 51, 3,150 and 50,000 points on a 600 × 300 px plot area, drawn to an SVG string
//! (plotters-svg: formatting every element) and to a no-op backend (the chart code alone:
//! layout, mapping, downsampling, dashing — the part the page's wasm runs before the canvas).
//!
//! Run: `cargo bench --bench charts`. A plain `harness = false` bench: it prints the median of
//! several repetitions in ms per draw; it asserts nothing.

use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::time::Instant;

use anneal::chart::{
    draw_loss_chart, draw_lr_chart, ChartStyle, CosineDecorations, LineSeries, LossChart, LrChart,
};
use plotters::prelude::*;
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind,
};

/// Text draws, path draws and path points the no-op backend received.
static TEXTS: AtomicUsize = AtomicUsize::new(0);
static PATHS: AtomicUsize = AtomicUsize::new(0);
static POINTS: AtomicUsize = AtomicUsize::new(0);

/// A backend that draws nothing (but measures text as a real one would, roughly).
struct NoOp(u32, u32);

impl DrawingBackend for NoOp {
    type ErrorType = std::io::Error;

    fn get_size(&self) -> (u32, u32) {
        (self.0, self.1)
    }
    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        Ok(())
    }
    fn present(&mut self) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        Ok(())
    }
    fn draw_pixel(
        &mut self,
        _: BackendCoord,
        _: BackendColor,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        Ok(())
    }
    fn draw_line<S: BackendStyle>(
        &mut self,
        _: BackendCoord,
        _: BackendCoord,
        _: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        Ok(())
    }
    fn draw_rect<S: BackendStyle>(
        &mut self,
        _: BackendCoord,
        _: BackendCoord,
        _: &S,
        _: bool,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        Ok(())
    }
    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        _: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        PATHS.fetch_add(1, Relaxed);
        POINTS.fetch_add(path.into_iter().count(), Relaxed);
        Ok(())
    }
    fn draw_circle<S: BackendStyle>(
        &mut self,
        _: BackendCoord,
        _: u32,
        _: &S,
        _: bool,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        Ok(())
    }
    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        _: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        black_box(vert.into_iter().count());
        Ok(())
    }
    fn draw_text<TStyle: BackendTextStyle>(
        &mut self,
        text: &str,
        _: &TStyle,
        _: BackendCoord,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        TEXTS.fetch_add(1, Relaxed);
        black_box(text.len());
        Ok(())
    }
    fn estimate_text_size<TStyle: BackendTextStyle>(
        &self,
        text: &str,
        style: &TStyle,
    ) -> Result<(u32, u32), DrawingErrorKind<Self::ErrorType>> {
        let s = style.size();
        Ok(((text.len() as f64 * s * 0.6) as u32, s as u32))
    }
}

fn median_ms(mut f: impl FnMut()) -> f64 {
    // Repeat for at least ~0.3 s (at least 5 and at most 200 times).
    let mut times = Vec::new();
    let start = Instant::now();
    while times.len() < 5 || (start.elapsed().as_secs_f64() < 0.3 && times.len() < 200) {
        let t = Instant::now();
        f();
        times.push(t.elapsed().as_secs_f64() * 1e3);
    }
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

/// `k`-th learning-rate series: a triangular cyclic schedule (periods of 200 points) over a
/// cosine, so that long runs really oscillate within each pixel column.
fn lr_series(k: usize, n: usize) -> Vec<f64> {
    (0..n)
        .map(|t| {
            let cos = 0.5 * (1.0 + (std::f64::consts::PI * t as f64 / n as f64).cos());
            let tri = 1.0 - ((t % 200) as f64 / 100.0 - 1.0).abs();
            0.1 * (1.0 - 0.1 * k as f64) * (0.2 + 0.8 * cos) * (0.5 + 0.5 * tri)
        })
        .collect()
}

/// `k`-th loss series: a noisy decay towards 0.07.
fn loss_series(k: usize, n: usize) -> Vec<f64> {
    (0..n)
        .map(|t| {
            let noise = 1.0 + 0.05 * ((t as f64 * 12.9898 + k as f64).sin() * 43758.5453).fract();
            0.07 + 0.62 * (-(3.0 + k as f64) * t as f64 / n as f64).exp() * noise
        })
        .collect()
}

const LABELS: [&str; 5] = [
    "cosine",
    "StepLR",
    "MultiStepLR",
    "ExponentialLR",
    "constant",
];

fn series_of(v: &[Vec<f64>]) -> Vec<LineSeries<'_>> {
    v.iter()
        .enumerate()
        .map(|(k, values)| LineSeries {
            label: LABELS[k],
            values,
            style_index: k,
            ..LineSeries::default()
        })
        .collect()
}

fn main() {
    let (w, h) = (680u32, 360u32); // a plot area of about 600 × 300 px
    println!(
        "{:<7} {:>7} {:>11} {:>11} {:>11} {:>11}   per LR draw: texts / paths / path points",
        "series", "points", "LR svg", "LR no-op", "loss svg", "loss no-op",
    );
    // `CHARTS_BENCH_ONLY=5x50000` runs one configuration (for profiling).
    let only = std::env::var("CHARTS_BENCH_ONLY").ok();
    for count in [1usize, 5] {
        for n in [51usize, 3_150, 50_000] {
            if only.as_ref().is_some_and(|o| *o != format!("{count}x{n}")) {
                continue;
            }
            let lr: Vec<Vec<f64>> = (0..count).map(|k| lr_series(k, n)).collect();
            let loss: Vec<Vec<f64>> = (0..count).map(|k| loss_series(k, n)).collect();
            let (lr_s, loss_s) = (series_of(&lr), series_of(&loss));
            let lr_chart = LrChart {
                series: &lr_s,
                x_title: "epoch",
                log_y: false,
                decorations: Some(CosineDecorations {
                    restarts: &[],
                    eta_min: 0.0,
                    eta_max: 0.1,
                    t_max: Some(n / 2),
                    highlight: None,
                }),
                cursor: Some(n as f64 / 3.0),
            };
            let loss_chart = LossChart {
                series: &loss_s,
                optimum: Some(0.07),
                epochs: Some(n),
                cursor: None,
            };
            let svg_style = ChartStyle::svg(1.0);
            let style = ChartStyle::default();
            let lr_svg = median_ms(|| {
                let mut s = String::new();
                {
                    let area = SVGBackend::with_string(&mut s, (w, h)).into_drawing_area();
                    draw_lr_chart(&area, &lr_chart, &svg_style).expect("drawn");
                }
                black_box(s.len());
            });
            let lr_noop = median_ms(|| {
                let area = NoOp(w, h).into_drawing_area();
                black_box(draw_lr_chart(&area, &lr_chart, &style).expect("drawn"));
            });
            let loss_svg = median_ms(|| {
                let mut s = String::new();
                {
                    let area = SVGBackend::with_string(&mut s, (w, h)).into_drawing_area();
                    draw_loss_chart(&area, &loss_chart, &svg_style).expect("drawn");
                }
                black_box(s.len());
            });
            let loss_noop = median_ms(|| {
                let area = NoOp(w, h).into_drawing_area();
                black_box(draw_loss_chart(&area, &loss_chart, &style).expect("drawn"));
            });
            for c in [&TEXTS, &PATHS, &POINTS] {
                c.store(0, Relaxed);
            }
            draw_lr_chart(&NoOp(w, h).into_drawing_area(), &lr_chart, &style).expect("drawn");
            let counts = [&TEXTS, &PATHS, &POINTS].map(|c| c.load(Relaxed));
            println!(
                "{count:<7} {n:>7} {lr_svg:>8.3} ms {lr_noop:>8.3} ms {loss_svg:>8.3} ms {loss_noop:>8.3} ms   {} / {} / {}",
                counts[0], counts[1], counts[2]
            );
        }
    }
}
