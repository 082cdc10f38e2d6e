//! Native chart tests: every chart is rendered into an SVG string with plotters'
//! `SVGBackend::with_string` at phone, laptop and projector sizes and at pixel ratios 1 and 2;
//! the tests assert on the SVG's content and write each file to `target/test/svg/<name>.svg`
//! so that a human can look at it. Edge-case inputs and tiny areas must not panic.

use std::f64::consts::PI;
use std::path::PathBuf;

use anneal::chart::{
    boundary_ranges, dash_pattern, draw_boundary_chart, draw_gap_chart, draw_loss_chart,
    draw_lr_chart, draw_range_test_chart, palette, BoundaryChart, BoundaryPoint, ChartError,
    ChartStyle, CosineDecorations, Geometry, LineSeries, LossChart, LrChart, ProbabilityGrid,
    RangeTestChart, RateMark, Theme,
};
use plotters::coord::Shift;
use plotters::prelude::*;

/// CSS sizes: phone / embedded iframe, laptop, classroom projector.
const SIZES: [(u32, u32); 3] = [(320, 200), (800, 400), (1600, 800)];
const RATIOS: [f64; 2] = [1.0, 2.0];

fn out_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/test/svg");
    std::fs::create_dir_all(&dir).expect("create target/test/svg");
    dir
}

/// Render into an SVG string of `w × h` device pixels; write it to `target/test/svg/<name>.svg`
/// when a name is given. Returns the SVG and the chart's geometry.
fn render_geo<F>(
    name: Option<&str>,
    (w, h): (u32, u32),
    style: &ChartStyle,
    draw: F,
) -> (String, Geometry)
where
    F: Fn(&DrawingArea<SVGBackend, Shift>, &ChartStyle) -> Result<Geometry, ChartError>,
{
    let mut svg = String::new();
    let geometry;
    {
        let root = SVGBackend::with_string(&mut svg, (w, h)).into_drawing_area();
        geometry = draw(&root, style).expect("chart drawn");
        root.present().expect("svg written");
    }
    if let Some(name) = name {
        std::fs::write(out_dir().join(format!("{name}.svg")), &svg).expect("write svg");
    }
    (svg, geometry)
}

/// [`render_geo`] without the geometry.
fn render<F>(name: Option<&str>, dims: (u32, u32), style: &ChartStyle, draw: F) -> String
where
    F: Fn(&DrawingArea<SVGBackend, Shift>, &ChartStyle) -> Result<Geometry, ChartError>,
{
    render_geo(name, dims, style, draw).0
}

/// Render at every size × pixel ratio, returning `(name, svg)` pairs.
fn render_all<F>(base: &str, draw: F) -> Vec<(String, String)>
where
    F: Fn(&DrawingArea<SVGBackend, Shift>, &ChartStyle) -> Result<Geometry, ChartError>,
{
    render_all_geo(base, draw)
        .into_iter()
        .map(|(n, s, _, _)| (n, s))
        .collect()
}

/// Render at every size × pixel ratio, returning `(name, svg, geometry, pixel ratio)`.
fn render_all_geo<F>(base: &str, draw: F) -> Vec<(String, String, Geometry, f64)>
where
    F: Fn(&DrawingArea<SVGBackend, Shift>, &ChartStyle) -> Result<Geometry, ChartError>,
{
    let mut out = Vec::new();
    for (cw, ch) in SIZES {
        for pr in RATIOS {
            let name = format!("{base}_{cw}x{ch}@{pr}x");
            let dims = ((f64::from(cw) * pr) as u32, (f64::from(ch) * pr) as u32);
            let (svg, g) = render_geo(Some(&name), dims, &ChartStyle::svg(pr), &draw);
            out.push((name, svg, g, pr));
        }
    }
    out
}

/// One series of style 0 (blue, solid).
fn one<'a>(label: &'a str, values: &'a [f64]) -> LineSeries<'a> {
    LineSeries {
        label,
        values,
        ..LineSeries::default()
    }
}

/// An LR chart of `series` with the cosine decorations, on a linear axis, x in epochs.
fn lr_chart<'a>(series: &'a [LineSeries<'a>], deco: CosineDecorations<'a>) -> LrChart<'a> {
    LrChart {
        series,
        x_title: "epoch",
        log_y: false,
        decorations: Some(deco),
        cursor: None,
    }
}

/// The v1 loss chart: the scheduled run (style 0) and the baseline (style 1).
fn two<'a>(
    scheduled: (&'a str, &'a [f64], Option<usize>),
    baseline: (&'a str, &'a [f64], Option<usize>),
) -> [LineSeries<'a>; 2] {
    [
        LineSeries {
            label: scheduled.0,
            values: scheduled.1,
            style_index: 0,
            diverged_at: scheduled.2,
            ..LineSeries::default()
        },
        LineSeries {
            label: baseline.0,
            values: baseline.1,
            style_index: 1,
            diverged_at: baseline.2,
            ..LineSeries::default()
        },
    ]
}

/// PyTorch's closed form of CosineAnnealingLR (torch/optim/lr_scheduler.py,
/// `_get_closed_form_lr`): eta_min + (eta_max - eta_min)(1 + cos(pi t / T_max)) / 2.
fn cosine(t: f64, t_max: f64, eta_max: f64, eta_min: f64) -> f64 {
    eta_min + (eta_max - eta_min) * (1.0 + (PI * t / t_max).cos()) / 2.0
}

/// SGDR (CosineAnnealingWarmRestarts) with T_0 = 10, T_mult = 2 for `n` epochs, and the
/// restart epochs.
fn sgdr(n: usize, eta_max: f64, eta_min: f64) -> (Vec<f64>, Vec<usize>) {
    let (mut start, mut len) = (0usize, 10usize);
    let mut restarts = Vec::new();
    let lr = (0..n)
        .map(|t| {
            if t >= start + len {
                start += len;
                len *= 2;
                restarts.push(start);
            }
            cosine((t - start) as f64, len as f64, eta_max, eta_min)
        })
        .collect();
    (lr, restarts)
}

/// A smooth decreasing training curve from ln 2 towards `floor`.
fn decay(n: usize, floor: f64, rate: f64) -> Vec<f64> {
    (0..n)
        .map(|t| floor + (2f64.ln() - floor) * (-rate * t as f64).exp())
        .collect()
}

/// The text contents of the SVG's `<text>` elements (plotters-svg puts each on its own line).
fn texts(svg: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut lines = svg.lines();
    while let Some(line) = lines.next() {
        if line.starts_with("<text") {
            let mut content = Vec::new();
            for l in lines.by_ref() {
                if l.starts_with("</text>") {
                    break;
                }
                content.push(l);
            }
            out.push(content.join("\n"));
        }
    }
    out
}

fn has_text(svg: &str, text: &str) -> bool {
    texts(svg).iter().any(|t| t == text)
}

fn count(svg: &str, needle: &str) -> usize {
    svg.matches(needle).count()
}

/// The `<polyline>` elements stroked in `color` (plotters-svg writes `stroke="#RRGGBB"`).
fn polylines_in(svg: &str, color: &str) -> usize {
    svg.lines()
        .filter(|l| l.contains("<polyline") && l.contains(&format!("stroke=\"{color}\"")))
        .count()
}

/// No NaN or inf in any element's attributes (coordinates, sizes); text contents may name them
/// (the "not drawn: 1 × NaN" note).
fn assert_clean(name: &str, svg: &str) {
    let tags = || svg.lines().filter(|l| l.starts_with('<'));
    assert!(!tags().any(|l| l.contains("NaN")), "{name}: NaN in SVG");
    assert!(!tags().any(|l| l.contains("inf")), "{name}: inf in SVG");
    assert!(
        svg.lines()
            .filter(|l| l.starts_with("<text"))
            .all(|l| l.contains("font-family=\"sans-serif\"")),
        "{name}: text font"
    );
}

const BLUE: &str = "#0072B2";
const ORANGE: &str = "#E69F00";
const VERMILLION: &str = "#D55E00";

#[test]
fn lr_chart_cosine_beyond_t_max() {
    let lr: Vec<f64> = (0..=40)
        .map(|t| cosine(t as f64, 20.0, 0.1, 0.001))
        .collect();
    let series = [one("CosineAnnealingLR", &lr)];
    let chart = lr_chart(
        &series,
        CosineDecorations {
            restarts: &[],
            eta_min: 0.001,
            eta_max: 0.1,
            t_max: Some(20),
            highlight: Some((20, lr[20], "T_max: lr = eta_min, then it rises")),
        },
    );
    for (name, svg) in render_all("lr_cosine_beyond_tmax", |a, s| draw_lr_chart(a, &chart, s)) {
        assert_clean(&name, &svg);
        for text in [
            "epoch",
            "eta_min",
            "eta_max",
            "beyond T_max",
            "0.1",
            "CosineAnnealingLR",
        ] {
            assert!(has_text(&svg, text), "{name}: missing {text}");
        }
        assert!(
            svg.contains("T_max: lr = eta_min"),
            "{name}: highlight text"
        );
        assert!(
            svg.contains("learning rate") || svg.contains(">LR<"),
            "{name}"
        );
        assert!(polylines_in(&svg, BLUE) >= 1, "{name}: no lr polyline");
        // 41 epochs: points are drawn too (at least where they fit).
        assert!(
            count(&svg, "<circle") >= 41 || name.contains("320x"),
            "{name}"
        );
        assert!(!svg.contains("restart"), "{name}: no restarts given");
    }
}

#[test]
fn lr_chart_warm_restarts() {
    let (lr, restarts) = sgdr(150, 0.1, 0.0);
    assert_eq!(restarts, vec![10, 30, 70]);
    let label = format!("trough {:.3e} > eta_min", lr[9]);
    let series = [one("CosineAnnealingWarmRestarts", &lr)];
    let chart = lr_chart(
        &series,
        CosineDecorations {
            restarts: &restarts,
            eta_min: 0.0,
            eta_max: 0.1,
            t_max: None,
            highlight: Some((9, lr[9], &label)),
        },
    );
    for (name, svg) in render_all("lr_sgdr", |a, s| draw_lr_chart(a, &chart, s)) {
        assert_clean(&name, &svg);
        for text in ["epoch", "eta_min", "eta_max", "restart"] {
            assert!(has_text(&svg, text), "{name}: missing {text}");
        }
        assert!(
            has_text(&svg, "trough 2.447e-3 &gt; eta_min"),
            "{name}: {:?}",
            texts(&svg)
        );
        assert_eq!(count(&svg, "restart"), 1, "{name}: restart labelled once");
        assert!(!svg.contains("beyond T_max"), "{name}");
        assert!(
            svg.contains(&format!("stroke=\"{VERMILLION}\"")),
            "{name}: restart markers"
        );
        assert!(polylines_in(&svg, BLUE) >= 1, "{name}");
        // 150 epochs: lines only, no point markers on the curve.
        assert!(
            count(&svg, &format!("fill=\"{BLUE}\"")) <= 1,
            "{name}: too many points"
        );
    }
}

#[test]
fn lr_chart_small_lr_uses_scientific_ticks() {
    let lr: Vec<f64> = (0..=30)
        .map(|t| cosine(t as f64, 30.0, 2e-3, 1e-4))
        .collect();
    let series = [one("cosine", &lr)];
    let chart = lr_chart(
        &series,
        CosineDecorations {
            restarts: &[],
            eta_min: 1e-4,
            eta_max: 2e-3,
            t_max: Some(30),
            highlight: None,
        },
    );
    let svg = render(
        Some("lr_small_values_800x400@1x"),
        (800, 400),
        &ChartStyle::svg(1.0),
        |a, s| draw_lr_chart(a, &chart, s),
    );
    assert_clean("small", &svg);
    assert!(
        has_text(&svg, "1e-3"),
        "scientific tick labels: {:?}",
        texts(&svg)
    );
    assert!(!svg.contains("0.0010"), "no long decimals");
    assert!(
        !svg.contains("beyond T_max"),
        "len == T_max + 1: nothing beyond"
    );
}

#[test]
fn loss_chart_scheduled_vs_baseline() {
    let opt = 0.0712;
    let scheduled = decay(101, opt + 1e-4, 0.08);
    let baseline: Vec<f64> = decay(101, opt + 0.01, 0.05)
        .iter()
        .enumerate()
        .map(|(t, v)| v * (1.0 + 0.05 * (t as f64 * 0.9).sin().abs()))
        .collect();
    let series = two(
        ("cosine (T_max = 100)", &scheduled, None),
        ("constant eta_max", &baseline, None),
    );
    let chart = LossChart {
        series: &series,
        optimum: Some(opt),
        epochs: None,
        cursor: None,
    };
    for (name, svg) in render_all("loss_normal", |a, s| draw_loss_chart(a, &chart, s)) {
        assert_clean(&name, &svg);
        for text in [
            "epoch",
            "objective",
            "optimum",
            "cosine (T_max",
            "constant eta_max",
        ] {
            assert!(svg.contains(text), "{name}: missing {text}");
        }
        assert!(!svg.contains("diverged"), "{name}");
        assert!(polylines_in(&svg, BLUE) >= 1, "{name}: scheduled line");
        // The dashed baseline is many short polylines.
        assert!(polylines_in(&svg, ORANGE) >= 10, "{name}: dashed baseline");
    }
}

#[test]
fn loss_chart_baseline_diverges() {
    let scheduled = decay(41, 0.0712, 0.1);
    let mut baseline: Vec<f64> = (0..12).map(|t| 0.693 * 3f64.powi(t)).collect();
    baseline.extend([f64::INFINITY, f64::NAN]);
    let series = two(
        ("cosine annealing", &scheduled, None),
        ("constant 2.0", &baseline, Some(12)),
    );
    let chart = LossChart {
        series: &series,
        optimum: Some(0.0712),
        epochs: None,
        cursor: None,
    };
    for (name, svg) in render_all("loss_baseline_diverged", |a, s| {
        draw_loss_chart(a, &chart, s)
    }) {
        assert_clean(&name, &svg);
        assert_eq!(count(&svg, "diverged at epoch 12"), 1, "{name}");
        assert!(
            svg.contains(&format!("stroke=\"{VERMILLION}\"")),
            "{name}: marker"
        );
        assert!(
            polylines_in(&svg, BLUE) >= 1 && polylines_in(&svg, ORANGE) >= 1,
            "{name}"
        );
        // The y axis stops 2 decades above the start: no 1e5 tick from the blown-up values.
        assert!(
            !has_text(&svg, "1e5"),
            "{name}: axis squashed by divergence"
        );
    }
}

#[test]
fn loss_chart_both_diverge() {
    let mut scheduled: Vec<f64> = (0..8).map(|t| 0.693 * 5f64.powi(t)).collect();
    scheduled.push(f64::NAN);
    let mut baseline: Vec<f64> = (0..6).map(|t| 0.693 * 9f64.powi(t)).collect();
    baseline.push(f64::INFINITY);
    let series = two(
        ("warmup + cosine", &scheduled, Some(8)),
        ("constant 10", &baseline, Some(6)),
    );
    let chart = LossChart {
        series: &series,
        optimum: None,
        epochs: None,
        cursor: None,
    };
    for (name, svg) in render_all("loss_both_diverged", |a, s| draw_loss_chart(a, &chart, s)) {
        assert_clean(&name, &svg);
        assert!(svg.contains("diverged at epoch 8"), "{name}");
        assert!(svg.contains("diverged at epoch 6"), "{name}");
        assert!(!svg.contains("optimum"), "{name}");
    }
}

#[test]
fn classroom_font_scale_keeps_labels() {
    let (lr, restarts) = sgdr(70, 0.5, 0.01);
    let series = [one("SGDR", &lr)];
    let chart = lr_chart(
        &series,
        CosineDecorations {
            restarts: &restarts,
            eta_min: 0.01,
            eta_max: 0.5,
            t_max: None,
            highlight: None,
        },
    );
    let style = ChartStyle {
        font_scale: 1.5,
        ..ChartStyle::svg(1.0)
    };
    let svg = render(
        Some("lr_classroom_1600x800@1x"),
        (1600, 800),
        &style,
        |a, s| draw_lr_chart(a, &chart, s),
    );
    assert_clean("classroom", &svg);
    for text in ["eta_min", "eta_max", "restart", "epoch"] {
        assert!(has_text(&svg, text), "missing {text}");
    }
}

/// Zero-size and tiny areas return without panicking (drawing at most the background).
#[test]
fn tiny_areas_do_not_panic() {
    let lr = [0.1, 0.05, 0.01];
    let lr_series = [one("lr", &lr)];
    let lr_linear = lr_chart(
        &lr_series,
        CosineDecorations {
            restarts: &[1],
            eta_min: 0.01,
            eta_max: 0.1,
            t_max: Some(1),
            highlight: Some((1, 0.05, "mid")),
        },
    );
    let lr_log = LrChart {
        log_y: true,
        cursor: Some(1.0),
        ..lr_linear
    };
    let loss = [0.69, 0.4, 0.3];
    let loss_series = two(("a", &loss, Some(2)), ("b", &loss, None));
    let loss_chart = LossChart {
        series: &loss_series,
        optimum: Some(0.2),
        epochs: None,
        cursor: Some(1.0),
    };
    for dims in [
        (0, 0),
        (1, 1),
        (10, 10),
        (0, 300),
        (300, 0),
        (60, 40),
        (120, 80),
    ] {
        for pr in [0.5, 1.0, 2.0, 3.0] {
            let style = ChartStyle::svg(pr);
            for chart in [&lr_linear, &lr_log] {
                let (svg, g) = render_geo(None, dims, &style, |a, s| draw_lr_chart(a, chart, s));
                assert_clean("tiny lr", &svg);
                if !g.has_plot() {
                    assert_eq!(g.x_at(0.0), None);
                }
            }
            let svg = render(None, dims, &style, |a, s| {
                draw_loss_chart(a, &loss_chart, s)
            });
            assert_clean("tiny loss", &svg);
        }
    }
}

/// Degenerate and hostile inputs draw something sane and never panic or print NaN.
#[test]
fn lr_edge_cases_do_not_panic() {
    let nan = f64::NAN;
    let inf = f64::INFINITY;
    /// (name, lr, eta_min, eta_max, t_max, restarts)
    type Case = (&'static str, Vec<f64>, f64, f64, Option<usize>, Vec<usize>);
    let cases: Vec<Case> = vec![
        ("empty", vec![], 0.001, 0.1, Some(10), vec![3]),
        ("single", vec![0.1], 0.001, 0.1, Some(0), vec![0]),
        ("constant", vec![0.05; 30], 0.05, 0.05, None, vec![]),
        ("all_zero", vec![0.0; 5], 0.0, 0.0, None, vec![]),
        ("huge", vec![1e300, 5e299, 1e300], 0.0, 1e300, None, vec![1]),
        (
            "beyond_f64_range",
            vec![f64::MAX, -f64::MAX, 1.0],
            -f64::MAX,
            f64::MAX,
            None,
            vec![],
        ),
        (
            "nan_inf",
            vec![0.1, nan, 0.05, inf, -inf, 0.01],
            nan,
            inf,
            Some(2),
            vec![2, 99],
        ),
        ("all_nan", vec![nan; 4], nan, nan, None, vec![]),
        (
            "negative",
            vec![-0.1, 0.0, 0.1],
            -0.1,
            0.1,
            Some(usize::MAX),
            vec![usize::MAX],
        ),
        (
            "tiny_values",
            vec![1e-300, 2e-300, 3e-300],
            1e-300,
            3e-300,
            None,
            vec![],
        ),
    ];
    for (name, lr, eta_min, eta_max, t_max, restarts) in &cases {
        for highlight in [
            None,
            Some((1, 0.05, "note")),
            Some((usize::MAX, nan, "bad")),
        ] {
            let series = [one("lr", lr)];
            for log_y in [false, true] {
                let chart = LrChart {
                    log_y,
                    ..lr_chart(
                        &series,
                        CosineDecorations {
                            restarts,
                            eta_min: *eta_min,
                            eta_max: *eta_max,
                            t_max: *t_max,
                            highlight,
                        },
                    )
                };
                let file = format!("edge_lr_{name}{}", if log_y { "_log" } else { "" });
                let svg = render(Some(&file), (320, 200), &ChartStyle::svg(1.0), |a, s| {
                    draw_lr_chart(a, &chart, s)
                });
                assert_clean(name, &svg);
                assert!(svg.contains("epoch"), "{name}: frame drawn");
                if lr.iter().all(|v| !v.is_finite()) {
                    assert!(svg.contains("no data"), "{name}");
                }
            }
        }
    }
    // eta_min == eta_max: one reference label.
    let svg = render(None, (800, 400), &ChartStyle::svg(1.0), |a, s| {
        draw_lr_chart(
            a,
            &lr_chart(
                &[one("constant", &[0.05; 10])],
                CosineDecorations {
                    restarts: &[],
                    eta_min: 0.05,
                    eta_max: 0.05,
                    t_max: None,
                    highlight: None,
                },
            ),
            s,
        )
    });
    assert!(svg.contains("eta_min = eta_max"));
}

#[test]
fn loss_edge_cases_do_not_panic() {
    let nan = f64::NAN;
    let inf = f64::INFINITY;
    type Case = (&'static str, Vec<f64>, Vec<f64>, Option<f64>, Option<usize>);
    let cases: Vec<Case> = vec![
        ("empty", vec![], vec![], None, None),
        ("empty_with_optimum", vec![], vec![], Some(0.1), Some(3)),
        ("single", vec![0.69], vec![0.69], Some(0.69), None),
        ("constant", vec![0.5; 20], vec![0.5; 20], None, None),
        (
            "non_positive",
            vec![0.0, -1.0, 0.5, 0.0],
            vec![-0.1; 3],
            Some(-1.0),
            None,
        ),
        (
            "nan_inf",
            vec![0.7, nan, 0.5, inf, 0.3],
            vec![nan; 5],
            Some(nan),
            Some(1),
        ),
        (
            "huge",
            vec![1e300, 1e299, 1e298],
            vec![f64::MAX, 1e308],
            Some(1e297),
            None,
        ),
        (
            "tiny",
            vec![1e-300, 1e-310, 5e-324],
            vec![1e-200],
            Some(1e-320),
            None,
        ),
        (
            "diverged_far",
            vec![0.7, 0.6],
            vec![0.7],
            None,
            Some(usize::MAX),
        ),
    ];
    for (name, s, b, opt, div) in &cases {
        let series = two(("scheduled", s, *div), ("baseline", b, div.map(|d| d / 2)));
        let chart = LossChart {
            series: &series,
            optimum: *opt,
            epochs: None,
            cursor: None,
        };
        let file = format!("edge_loss_{name}");
        let svg = render(Some(&file), (320, 200), &ChartStyle::svg(1.0), |a, st| {
            draw_loss_chart(a, &chart, st)
        });
        assert_clean(name, &svg);
        assert!(svg.contains("epoch"), "{name}: frame drawn");
    }
}

/// Out-of-range style values are clamped, not trusted.
#[test]
fn odd_styles_do_not_panic() {
    let lr = [0.1, 0.05, 0.01];
    let series = [one("lr", &lr)];
    let chart = lr_chart(
        &series,
        CosineDecorations {
            restarts: &[],
            eta_min: 0.01,
            eta_max: 0.1,
            t_max: None,
            highlight: None,
        },
    );
    for (pr, fs) in [
        (0.0, 1.0),
        (f64::NAN, f64::NAN),
        (1e9, 1e9),
        (-2.0, -1.0),
        (1.0, 0.0),
    ] {
        let style = ChartStyle {
            pixel_ratio: pr,
            font_scale: fs,
            ..ChartStyle::default()
        };
        let svg = render(None, (800, 400), &style, |a, s| draw_lr_chart(a, &chart, s));
        assert!(!svg.contains("NaN"));
    }
}

/// While the page is still training (time slicing), the curves are shorter than the run: the
/// x axis must already span the planned `epochs`, so the curves grow into a fixed frame.
#[test]
fn loss_chart_spans_the_planned_epochs_while_training() {
    let partial = decay(41, 0.0712, 0.1);
    let series = two(
        ("with the schedule", &partial, None),
        ("constant", &partial[..30], None),
    );
    let chart = LossChart {
        series: &series,
        optimum: Some(0.0712),
        epochs: Some(2000),
        cursor: None,
    };
    let mut svg = String::new();
    {
        let area = SVGBackend::with_string(&mut svg, (800, 400)).into_drawing_area();
        draw_loss_chart(&area, &chart, &ChartStyle::svg(1.0)).unwrap();
    }
    assert!(svg.contains("\n2000\n"), "x axis must reach 2000");
    let short = LossChart {
        epochs: None,
        ..chart
    };
    let mut svg = String::new();
    {
        let area = SVGBackend::with_string(&mut svg, (800, 400)).into_drawing_area();
        draw_loss_chart(&area, &short, &ChartStyle::svg(1.0)).unwrap();
    }
    assert!(
        !svg.contains("\n2000\n"),
        "without epochs the axis follows the data"
    );
}

/// QA: with eta_max = 1000 both runs diverge at epoch 11, but the axis was capped two decades
/// above the start, so epochs 1–10 were cut off right after epoch 0. When every run diverged
/// the chart now shows the blow-up itself.
#[test]
fn loss_chart_shows_the_blow_up_when_every_run_diverged() {
    let rising: Vec<f64> = (0..11).map(|t| 0.69 * 10f64.powi(t)).collect();
    let series = two(
        ("with the schedule", &rising, Some(11)),
        ("constant", &rising, Some(11)),
    );
    let chart = LossChart {
        series: &series,
        optimum: Some(0.1),
        epochs: Some(51),
        cursor: None,
    };
    let mut svg = String::new();
    {
        let area = SVGBackend::with_string(&mut svg, (800, 400)).into_drawing_area();
        draw_loss_chart(&area, &chart, &ChartStyle::svg(1.0)).unwrap();
    }
    std::fs::create_dir_all("target/test/svg").unwrap();
    std::fs::write("target/test/svg/loss_all_diverged.svg", &svg).unwrap();
    let ticks: Vec<f64> = svg
        .split("</text>")
        .filter_map(|t| t.rsplit('>').next())
        .filter_map(|t| t.trim().parse::<f64>().ok())
        .collect();
    let top = ticks.iter().cloned().fold(0.0, f64::max);
    assert!(
        top >= 1e6,
        "the y axis must reach the blow-up, top tick {top}: {ticks:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// Multi-series charts (issue "Schedule Lab").

/// The points of one `<polyline …>` line of plotters-svg output.
fn polyline_points(line: &str) -> Vec<(i32, i32)> {
    let Some(start) = line.find("points=\"") else {
        return Vec::new();
    };
    let rest = &line[start + 8..];
    let end = rest.find('"').unwrap_or(rest.len());
    rest[..end]
        .split_whitespace()
        .filter_map(|p| {
            let (x, y) = p.split_once(',')?;
            Some((x.parse().ok()?, y.parse().ok()?))
        })
        .collect()
}

/// Every polyline stroked in `color`, as point lists.
fn pieces(svg: &str, color: &str) -> Vec<Vec<(i32, i32)>> {
    svg.lines()
        .filter(|l| l.starts_with("<polyline") && l.contains(&format!("stroke=\"{color}\"")))
        .map(polyline_points)
        .collect()
}

fn length(piece: &[(i32, i32)]) -> f64 {
    piece
        .windows(2)
        .map(|w| f64::from(w[1].0 - w[0].0).hypot(f64::from(w[1].1 - w[0].1)))
        .sum()
}

/// "#RRGGBB" of series style `k`, as plotters-svg writes it.
fn hex(k: usize) -> String {
    let c = palette::series_color(k);
    format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2)
}

/// Check that the polylines of style `k` in `svg` show dash pattern `k` (drawn at pixel ratio
/// `pr`): solid = a few long polylines; otherwise the share of short pieces (< 4 CSS px: dots)
/// and the median length of the long ones (dashes) match the pattern.
fn assert_dash_signature(name: &str, svg: &str, k: usize, pr: f64) {
    let ps = pieces(svg, &hex(k));
    assert!(!ps.is_empty(), "{name}: no polyline of style {k}");
    let pattern = dash_pattern(k);
    let lengths: Vec<f64> = ps.iter().map(|p| length(p)).collect();
    if pattern.is_empty() {
        let longest = lengths.iter().cloned().fold(0.0, f64::max);
        assert!(
            ps.len() <= 4 && longest > 60.0 * pr,
            "{name}: style {k} must be solid: {} pieces, longest {longest}",
            ps.len()
        );
        return;
    }
    let on: Vec<f64> = pattern.iter().step_by(2).map(|l| l * pr).collect();
    let short_on = on.iter().filter(|l| **l < 4.0 * pr).count() as f64 / on.len() as f64;
    let long_on: Vec<f64> = on.iter().copied().filter(|l| *l >= 4.0 * pr).collect();
    // Leave out pieces cut short at the ends of runs and swatches: count the middle ones.
    let short = lengths.iter().filter(|l| **l < 4.0 * pr).count() as f64 / lengths.len() as f64;
    assert!(
        (short - short_on).abs() <= 0.2,
        "{name}: style {k}: share of dots {short:.2}, pattern has {short_on:.2} ({} pieces)",
        lengths.len()
    );
    if let Some(expected) = long_on.first() {
        let mut long: Vec<f64> = lengths.iter().copied().filter(|l| *l >= 4.0 * pr).collect();
        long.sort_by(f64::total_cmp);
        let median = long[long.len() / 2];
        assert!(
            (median - expected).abs() <= 2.0 + 0.1 * expected,
            "{name}: style {k}: dash length {median}, pattern {expected}"
        );
    }
}

/// A set of `n` decreasing curves that stay apart (`k` shifts curve k down).
fn curves(n: usize, len: usize) -> Vec<Vec<f64>> {
    (0..n)
        .map(|k| {
            (0..len)
                .map(|t| cosine(t as f64, (len - 1) as f64, 0.1 - 0.015 * k as f64, 0.001))
                .collect()
        })
        .collect()
}

const LABELS: [&str; 6] = ["cosine", "StepLR", "MultiStep", "exp", "constant", "spare"];

fn series_of(values: &[Vec<f64>]) -> Vec<LineSeries<'_>> {
    values
        .iter()
        .enumerate()
        .map(|(k, v)| LineSeries {
            label: LABELS[k],
            values: v,
            style_index: k,
            ..LineSeries::default()
        })
        .collect()
}

#[test]
fn one_two_five_series_show_their_dash_patterns_and_labels() {
    for n in [1, 2, 5] {
        let lr = curves(n, 81);
        let loss: Vec<Vec<f64>> = (0..n)
            .map(|k| decay(81, 0.07 + 0.02 * k as f64, 0.05 + 0.01 * k as f64))
            .collect();
        let lr_series = series_of(&lr);
        let loss_series = series_of(&loss);
        let chart = LrChart {
            series: &lr_series,
            x_title: "step",
            log_y: false,
            decorations: None,
            cursor: None,
        };
        let loss_chart = LossChart {
            series: &loss_series,
            optimum: Some(0.07),
            epochs: None,
            cursor: None,
        };
        let lr_svgs = render_all_geo(&format!("lr_{n}_series"), |a, s| {
            draw_lr_chart(a, &chart, s)
        });
        let loss_svgs = render_all_geo(&format!("loss_{n}_series"), |a, s| {
            draw_loss_chart(a, &loss_chart, s)
        });
        for (name, svg, _, pr) in lr_svgs.iter().chain(&loss_svgs) {
            assert_clean(name, svg);
            for (k, label) in LABELS.iter().enumerate().take(n) {
                assert!(has_text(svg, label), "{name}: legend label {label}");
                assert_dash_signature(name, svg, k, *pr);
            }
            assert!(!has_text(svg, LABELS[n]), "{name}: only {n} series");
            if name.starts_with("lr_") {
                assert!(has_text(svg, "step"), "{name}: x title");
            }
        }
    }
}

/// Up to 6 series (4 user series + baseline + spare) at every size: each series keeps a legend
/// entry (label text, maybe shortened with "…"), and the plot keeps most of the area.
#[test]
fn six_series_stay_readable_at_every_size() {
    let lr = curves(6, 51);
    let series = series_of(&lr);
    let chart = LrChart {
        series: &series,
        x_title: "epoch",
        log_y: true,
        decorations: Some(CosineDecorations {
            restarts: &[20],
            eta_min: 0.001,
            eta_max: 0.1,
            t_max: Some(30),
            highlight: None,
        }),
        cursor: Some(25.0),
    };
    for (name, svg, g, pr) in render_all_geo("lr_6_series", |a, s| draw_lr_chart(a, &chart, s)) {
        assert_clean(&name, &svg);
        let (w, h) = svg_size(&svg);
        let r = g.plot_rect();
        assert!(
            r.right - r.left >= 0.6 * w && r.bottom - r.top >= 0.4 * h,
            "{name}: plot {r:?} too small in {w}×{h}"
        );
        let texts = texts(&svg);
        for label in LABELS {
            assert!(
                texts.iter().any(|t| t == label
                    || (t.ends_with('…') && label.starts_with(t.trim_end_matches('…')))),
                "{name}: legend label {label}"
            );
        }
        for k in 0..6 {
            assert!(
                !pieces(&svg, &hex(k)).is_empty(),
                "{name}: series {k} drawn"
            );
        }
        let _ = pr;
    }
}

fn svg_size(svg: &str) -> (f64, f64) {
    let num = |key: &str| -> f64 {
        let i = svg.find(key).expect("size attribute") + key.len();
        svg[i..].split('"').next().unwrap().parse().unwrap()
    };
    (num("width=\""), num("height=\""))
}

/// Issue "Schedule Lab": on the log axis eta_min = 0 and eta_min = 1e-3 under eta_max = 0.1
/// draw apart (0 on the "≤ 0" floor); on the linear axis they are a pixel apart.
#[test]
fn log_axis_separates_zero_from_1e_3() {
    // Cosine down to eta_min at epoch 40, then held there (so that both curves end flat).
    let a: Vec<f64> = (0..=50)
        .map(|t| cosine(t.min(40) as f64, 40.0, 0.1, 0.0))
        .collect();
    let b: Vec<f64> = (0..=50)
        .map(|t| cosine(t.min(40) as f64, 40.0, 0.1, 1e-3))
        .collect();
    let series = [
        LineSeries {
            label: "eta_min = 0",
            values: &a,
            style_index: 0,
            ..LineSeries::default()
        },
        LineSeries {
            label: "eta_min = 1e-3",
            values: &b,
            style_index: 1,
            ..LineSeries::default()
        },
    ];
    let deco = CosineDecorations {
        restarts: &[],
        eta_min: 0.0,
        eta_max: 0.1,
        t_max: Some(40),
        highlight: None,
    };
    let log = LrChart {
        log_y: true,
        ..lr_chart(&series, deco)
    };
    for (name, svg, g, pr) in render_all_geo("lr_log_floor", |ar, s| draw_lr_chart(ar, &log, s)) {
        assert_clean(&name, &svg);
        assert!(has_text(&svg, "≤ 0"), "{name}: floor label");
        assert!(g.y_is_log());
        let y0 = g.py_of_y(0.0).expect("floor");
        let y3 = g.py_of_y(1e-3).unwrap();
        assert!(y0 - y3 >= 10.0 * pr, "{name}: 0 at {y0}, 1e-3 at {y3}");
        // The drawn curves end on those rows.
        let end = |k: usize| {
            pieces(&svg, &hex(k))
                .iter()
                .flatten()
                .copied()
                .max_by_key(|p| p.0)
                .unwrap()
        };
        let x50 = g.px_of_x(50.0).round() as i32;
        assert_eq!(
            end(0),
            (x50, y0.round() as i32),
            "{name}: series 0 ends on the floor"
        );
        // Series 1 is dashed: its last dash ends at most one pattern period before epoch 50.
        let (x, y) = end(1);
        assert!(
            x50 - x <= (10.0 * pr) as i32,
            "{name}: series 1 ends at x {x}"
        );
        assert!(
            (y - y3.round() as i32).abs() <= 1,
            "{name}: series 1 ends at 1e-3"
        );
        assert!(g.py_of_y(1e-3).unwrap() > g.py_of_y(0.1).unwrap());
    }
    let linear = lr_chart(&series, deco);
    let (_, g) = render_geo(
        Some("lr_linear_floor_800x400@1x"),
        (800, 400),
        &ChartStyle::svg(1.0),
        |ar, s| draw_lr_chart(ar, &linear, s),
    );
    assert!(!g.y_is_log());
    assert!(g.py_of_y(0.0).unwrap() - g.py_of_y(1e-3).unwrap() < 4.0);
}

/// The thin vertical cursor: present with `cursor`, at the mapped column, over the plot's
/// height; absent without.
#[test]
fn cursor_line_is_drawn_on_both_charts() {
    let lr = curves(2, 51);
    let loss: Vec<Vec<f64>> = (0..2)
        .map(|k| decay(51, 0.07, 0.05 + 0.03 * k as f64))
        .collect();
    let lr_series = series_of(&lr);
    let loss_series = series_of(&loss);
    let cursor_lines = |svg: &str| -> Vec<Vec<(i32, i32)>> {
        svg.lines()
            .filter(|l| l.contains("stroke=\"#222222\"") && l.contains("opacity=\"0.75\""))
            .map(polyline_points)
            .collect()
    };
    for cursor in [None, Some(12.0)] {
        let lr_c = LrChart {
            series: &lr_series,
            x_title: "epoch",
            log_y: false,
            decorations: None,
            cursor,
        };
        let loss_c = LossChart {
            series: &loss_series,
            optimum: None,
            epochs: Some(50),
            cursor,
        };
        let tag = if cursor.is_some() {
            "cursor"
        } else {
            "no_cursor"
        };
        let a = render_geo(
            Some(&format!("lr_{tag}_800x400@1x")),
            (800, 400),
            &ChartStyle::svg(1.0),
            |ar, s| draw_lr_chart(ar, &lr_c, s),
        );
        let b = render_geo(
            Some(&format!("loss_{tag}_800x400@1x")),
            (800, 400),
            &ChartStyle::svg(1.0),
            |ar, s| draw_loss_chart(ar, &loss_c, s),
        );
        for (svg, g) in [a, b] {
            let lines = cursor_lines(&svg);
            match cursor {
                None => assert!(lines.is_empty(), "no cursor requested: {lines:?}"),
                Some(x) => {
                    assert_eq!(lines.len(), 1, "one cursor line");
                    let (px, r) = (g.px_of_x(x).round() as i32, g.plot_rect());
                    assert_eq!(lines[0].len(), 2);
                    assert!(lines[0].iter().all(|p| p.0 == px), "{:?} at {px}", lines[0]);
                    assert_eq!(lines[0][0].1, r.top as i32);
                    assert_eq!(lines[0][1].1, r.bottom as i32);
                }
            }
        }
    }
    // A cursor outside the x range (or NaN) draws nothing.
    for c in [-50.0, 1e9, f64::NAN] {
        let lr_c = LrChart {
            series: &lr_series,
            x_title: "epoch",
            log_y: false,
            decorations: None,
            cursor: Some(c),
        };
        let svg = render(None, (800, 400), &ChartStyle::svg(1.0), |ar, s| {
            draw_lr_chart(ar, &lr_c, s)
        });
        assert!(cursor_lines(&svg).is_empty(), "cursor {c}");
    }
}

/// Geometry maps device px → data x → px consistently, and is the mapping the curves were
/// drawn with.
#[test]
fn geometry_maps_pointer_to_data_and_back() {
    let lr: Vec<f64> = (0..=60)
        .map(|t| cosine(t as f64, 60.0, 0.1, 0.001))
        .collect();
    let series = [one("cosine", &lr)];
    for log_y in [false, true] {
        let chart = LrChart {
            log_y,
            ..lr_chart(
                &series,
                CosineDecorations {
                    restarts: &[],
                    eta_min: 0.001,
                    eta_max: 0.1,
                    t_max: None,
                    highlight: None,
                },
            )
        };
        for (name, svg, g, _) in render_all_geo(&format!("lr_geometry_{log_y}"), |a, s| {
            draw_lr_chart(a, &chart, s)
        }) {
            let (w, h) = svg_size(&svg);
            let r = g.plot_rect();
            assert!(g.has_plot(), "{name}");
            assert!(
                r.left > 0.0 && r.right < w && r.top > 0.0 && r.bottom < h,
                "{name}: {r:?}"
            );
            let mut px = r.left;
            while px <= r.right {
                let x = g.x_at(px).expect("inside");
                assert!((g.px_of_x(x) - px).abs() < 1e-9, "{name}: {px} → {x}");
                px += 0.75;
            }
            assert_eq!(g.x_at(r.left - 1.0), None);
            assert_eq!(g.x_at(r.right + 1.0), None);
            let (xa, xb) = g.x_range();
            assert!(xa < 0.0 && xb > 60.0, "{name}: x range {xa}..{xb}");
            assert_eq!(g.index_at(g.px_of_x(17.4)), Some(17));
            assert_eq!(g.index_at(r.right), Some(60));
            for v in [0.1, 0.05, 0.001] {
                let py = g.py_of_y(v).unwrap();
                assert!(
                    (g.y_at(py).unwrap() - v).abs() <= 1e-12 * v.max(1.0),
                    "{name}: {v}"
                );
            }
            // The curve's points are where the geometry says.
            let pts: Vec<(i32, i32)> = pieces(&svg, &hex(0)).into_iter().flatten().collect();
            for t in [0usize, 13, 60] {
                let p = (
                    g.px_of_x(t as f64).round() as i32,
                    g.py_of_y(lr[t]).unwrap().round() as i32,
                );
                assert!(
                    pts.contains(&p),
                    "{name}: point {t} at {p:?} not on the curve"
                );
            }
        }
    }
    // The loss chart too.
    let loss = decay(41, 0.0712, 0.1);
    let series = [one("run", &loss)];
    let chart = LossChart {
        series: &series,
        optimum: Some(0.0712),
        epochs: None,
        cursor: None,
    };
    let (svg, g) = render_geo(None, (800, 400), &ChartStyle::svg(1.0), |a, s| {
        draw_loss_chart(a, &chart, s)
    });
    assert!(g.y_is_log());
    let pts: Vec<(i32, i32)> = pieces(&svg, &hex(0)).into_iter().flatten().collect();
    let p = (
        g.px_of_x(20.0).round() as i32,
        g.py_of_y(loss[20]).unwrap().round() as i32,
    );
    assert!(pts.contains(&p), "loss point 20 at {p:?}");
}

/// Series markers (ReduceLROnPlateau reductions): one triangle per marker index on the line,
/// named once in the legend even when two series use the label.
#[test]
fn series_markers_are_drawn_and_named_once() {
    let plateau: Vec<f64> = (0..60).map(|t| 0.1 * 0.5f64.powi(t / 20)).collect();
    let other: Vec<f64> = (0..60).map(|t| 0.08 * 0.3f64.powi(t / 25)).collect();
    let series = [
        LineSeries {
            label: "ReduceLROnPlateau",
            values: &plateau,
            style_index: 0,
            markers: &[20, 40, 99],
            marker_label: "LR reduced",
            diverged_at: None,
        },
        LineSeries {
            label: "another plateau",
            values: &other,
            style_index: 2,
            markers: &[25, 50],
            marker_label: "LR reduced",
            diverged_at: None,
        },
    ];
    let chart = LrChart {
        series: &series,
        x_title: "epoch",
        log_y: false,
        decorations: None,
        cursor: None,
    };
    for (name, svg) in render_all("lr_markers", |a, s| draw_lr_chart(a, &chart, s)) {
        assert_eq!(count(&svg, "LR reduced"), 1, "{name}: one legend entry");
        let polys = |c: &str| {
            svg.lines()
                .filter(|l| l.starts_with("<polygon") && l.contains(&format!("fill=\"{c}\"")))
                .count()
        };
        assert_eq!(
            polys(&hex(0)),
            2,
            "{name}: markers of series 0 (99 is past the end)"
        );
        assert_eq!(polys(&hex(2)), 2, "{name}: markers of series 2");
        assert_eq!(polys("#222222"), 1, "{name}: shared legend marker");
    }
}

/// Several runs diverging: one marker per epoch, each label showing the swatches of the runs
/// that diverged there.
#[test]
fn loss_chart_groups_divergences_by_epoch() {
    let healthy = decay(41, 0.0712, 0.1);
    let blow = |r: f64, n: i32| -> Vec<f64> {
        let mut v: Vec<f64> = (0..n).map(|t| 0.693 * r.powi(t)).collect();
        v.push(f64::INFINITY);
        v
    };
    let (a, b, c) = (blow(3.0, 7), blow(4.0, 7), blow(2.0, 9));
    let series = [
        LineSeries {
            label: "cosine",
            values: &healthy,
            style_index: 0,
            ..LineSeries::default()
        },
        LineSeries {
            label: "StepLR",
            values: &a,
            style_index: 2,
            diverged_at: Some(7),
            ..LineSeries::default()
        },
        LineSeries {
            label: "OneCycle",
            values: &b,
            style_index: 3,
            diverged_at: Some(7),
            ..LineSeries::default()
        },
        LineSeries {
            label: "constant",
            values: &c,
            style_index: 1,
            diverged_at: Some(9),
            ..LineSeries::default()
        },
    ];
    let chart = LossChart {
        series: &series,
        optimum: Some(0.0712),
        epochs: Some(40),
        cursor: None,
    };
    for (name, svg) in render_all("loss_4_series_diverged", |ar, s| {
        draw_loss_chart(ar, &chart, s)
    }) {
        assert_clean(&name, &svg);
        assert_eq!(count(&svg, "diverged at epoch 7"), 1, "{name}");
        assert_eq!(count(&svg, "diverged at epoch 9"), 1, "{name}");
        for label in ["cosine", "StepLR", "OneCycle", "constant"] {
            assert!(has_text(&svg, label), "{name}: {label}");
        }
        // The healthy run is not squashed: no tick above 1e3.
        assert!(!has_text(&svg, "1e5"), "{name}");
    }
}

// ---------------------------------------------------------------------------------------------
// Charts that survive any input (issue "Docs widget"): every finite point inside the plot.

/// Centres of the `<circle>` elements filled in `color`.
fn circles(svg: &str, color: &str) -> Vec<(i32, i32)> {
    let attr = |l: &str, k: &str| -> Option<i32> {
        let i = l.find(k)? + k.len();
        l[i..].split('"').next()?.parse().ok()
    };
    svg.lines()
        .filter(|l| l.starts_with("<circle") && l.contains(&format!("fill=\"{color}\"")))
        .filter_map(|l| Some((attr(l, "cx=\"")?, attr(l, "cy=\"")?)))
        .collect()
}

/// Every finite value of `series` maps into the plot rectangle of `g`; every point drawn in a
/// series colour lies in it too (legend swatches excepted: they sit above the plot); and for
/// solid series short enough to draw every point, each finite point is a vertex or a dot.
fn assert_all_inside(name: &str, svg: &str, g: &Geometry, series: &[LineSeries<'_>]) {
    assert!(g.has_plot(), "{name}: no plot");
    let r = g.plot_rect();
    let inside = |x: f64, y: f64, tol: f64| {
        x >= r.left - tol && x <= r.right + tol && y >= r.top - tol && y <= r.bottom + tol
    };
    for (k, s) in series.iter().enumerate() {
        let color = hex(s.style_index);
        let drawn: Vec<(i32, i32)> = pieces(svg, &color)
            .into_iter()
            .flatten()
            .chain(circles(svg, &color))
            .collect();
        for (t, v) in s.values.iter().enumerate() {
            if !v.is_finite() {
                continue;
            }
            let x = g.px_of_x(t as f64);
            let y = g
                .py_of_y(*v)
                .unwrap_or_else(|| panic!("{name}: series {k} value {v:e} has no row"));
            assert!(
                inside(x, y, 0.5),
                "{name}: series {k} point {t} = {v:e} at ({x}, {y}) outside {r:?}"
            );
            if s.style_index == 0 && s.values.len() as f64 <= (r.right - r.left) / 2.0 {
                let p = (x.round() as i32, y.round() as i32);
                assert!(
                    drawn.contains(&p),
                    "{name}: series {k} point {t} = {v:e} at {p:?} not drawn"
                );
            }
        }
        for (x, y) in drawn {
            let (x, y) = (f64::from(x), f64::from(y));
            let legend = y < r.top;
            assert!(
                legend || inside(x, y, 1.0),
                "{name}: series {k} drawn at ({x}, {y}) outside {r:?}"
            );
        }
    }
}

fn has_note(svg: &str) -> bool {
    texts(svg).iter().any(|t| t.starts_with("not drawn: "))
}

/// Deterministic extremes on both axes and both charts.
#[test]
fn extreme_finite_series_are_drawn_in_full() {
    let inf = f64::INFINITY;
    let cases: Vec<(&str, Vec<f64>)> = vec![
        ("tiny", vec![1e-300, 2e-300, 5e-300, 1e-299]),
        ("huge", vec![1e306, 2e306, 1.7e308, f64::MAX]),
        ("both_ends", vec![1e-300, 1.7e308, 1.0, f64::MIN_POSITIVE]),
        ("symmetric_max", vec![-f64::MAX, f64::MAX, 0.0, -1.0]),
        ("constant", vec![0.05; 30]),
        ("constant_huge", vec![1.5e308; 10]),
        ("single", vec![0.1]),
        ("single_huge", vec![-1.7e308]),
        (
            "to_infinity",
            vec![0.7, 5.0, 1e50, 1e200, 1.7e308, inf, inf],
        ),
        ("gaps", vec![0.1, f64::NAN, 0.05, -inf, 0.02, inf, 0.01]),
        ("zeros_and_negatives", vec![0.1, 0.0, -0.5, 1e-3, 0.0]),
        ("subnormal", vec![5e-324, 1e-310, 1e-300]),
    ];
    for (case, values) in &cases {
        let series = [one("values", values)];
        let non_finite = values.iter().any(|v| !v.is_finite());
        for log_y in [false, true] {
            let chart = LrChart {
                series: &series,
                x_title: "epoch",
                log_y,
                decorations: None,
                cursor: None,
            };
            for dims in [(320, 200), (800, 400)] {
                let name = format!(
                    "extreme_lr_{case}_{}_{}x{}",
                    if log_y { "log" } else { "lin" },
                    dims.0,
                    dims.1
                );
                let (svg, g) = render_geo(Some(&name), dims, &ChartStyle::svg(1.0), |a, s| {
                    draw_lr_chart(a, &chart, s)
                });
                assert_clean(&name, &svg);
                assert_all_inside(&name, &svg, &g, &series);
                assert_eq!(has_note(&svg), non_finite, "{name}: note {:?}", texts(&svg));
                assert!(texts(&svg).len() >= 4, "{name}: axis labels");
            }
        }
        let chart = LossChart {
            series: &series,
            optimum: None,
            epochs: None,
            cursor: None,
        };
        let name = format!("extreme_loss_{case}");
        let (svg, g) = render_geo(Some(&name), (800, 400), &ChartStyle::svg(1.0), |a, s| {
            draw_loss_chart(a, &chart, s)
        });
        assert_clean(&name, &svg);
        assert_all_inside(&name, &svg, &g, &series);
        assert_eq!(has_note(&svg), non_finite, "{name}");
    }
    // The note counts what it left out.
    let series = [one("gaps", &cases[9].1)];
    let chart = LrChart {
        series: &series,
        x_title: "epoch",
        log_y: false,
        decorations: None,
        cursor: None,
    };
    let svg = render(None, (800, 400), &ChartStyle::svg(1.0), |a, s| {
        draw_lr_chart(a, &chart, s)
    });
    assert!(
        has_text(&svg, "not drawn: 1 × ∞, 1 × −∞, 1 × NaN"),
        "{:?}",
        texts(&svg)
    );
    // A run that diverged: its infinities are the divergence (the marker says so), no note.
    let series = [LineSeries {
        diverged_at: Some(5),
        ..one("diverged", &cases[8].1)
    }];
    let chart = LossChart {
        series: &series,
        optimum: None,
        epochs: None,
        cursor: None,
    };
    let svg = render(None, (800, 400), &ChartStyle::svg(1.0), |a, s| {
        draw_loss_chart(a, &chart, s)
    });
    assert!(!has_note(&svg) && svg.contains("diverged at epoch 5"));
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    /// Finite values of every magnitude: uniform over ±f64::MAX, the top decades
    /// (1e306 … 1.7e308), log-uniform over 1e-300 … 1e308 of either sign, zero, and the ends.
    fn finite() -> impl Strategy<Value = f64> {
        prop_oneof![
            -f64::MAX..f64::MAX,
            1e306..1.7e308f64,
            -1.7e308..-1e306f64,
            (-300.0..308.0f64).prop_map(|e| 10f64.powf(e)),
            (-300.0..308.0f64).prop_map(|e| -(10f64.powf(e))),
            -1.0..1.0f64,
            Just(0.0),
            Just(1e-300),
            Just(f64::MAX),
            Just(-f64::MAX),
            Just(f64::MIN_POSITIVE),
        ]
    }

    /// Mostly finite values with the odd NaN or infinity.
    fn value() -> impl Strategy<Value = f64> {
        prop_oneof![
            20 => finite(),
            1 => Just(f64::NAN),
            1 => Just(f64::INFINITY),
            1 => Just(f64::NEG_INFINITY),
        ]
    }

    /// A series: random values, or a constant, or a smooth run between two random values.
    fn series_values() -> impl Strategy<Value = Vec<f64>> {
        prop_oneof![
            prop::collection::vec(value(), 1..80),
            (finite(), 1..60usize).prop_map(|(v, n)| vec![v; n]),
            (finite(), finite(), 2..60usize).prop_map(|(a, b, n)| {
                (0..n)
                    .map(|i| {
                        let f = i as f64 / (n - 1) as f64;
                        a * (1.0 - f) + b * f
                    })
                    .collect()
            }),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(96))]

        #[test]
        fn every_finite_point_lies_inside_the_plot(
            values in prop::collection::vec(series_values(), 1..4),
            log_y in any::<bool>(),
            wide in any::<bool>(),
        ) {
            let series: Vec<LineSeries<'_>> = values
                .iter()
                .enumerate()
                .map(|(k, v)| LineSeries {
                    label: LABELS[k],
                    values: v,
                    style_index: k,
                    ..LineSeries::default()
                })
                .collect();
            let dims = if wide { (800, 400) } else { (320, 200) };
            let lr = LrChart {
                series: &series,
                x_title: "step",
                log_y,
                decorations: None,
                cursor: Some(1.0),
            };
            let (svg, g) = render_geo(None, dims, &ChartStyle::svg(1.0), |a, s| draw_lr_chart(a, &lr, s));
            assert_clean("property lr", &svg);
            assert_all_inside("property lr", &svg, &g, &series);
            let any_non_finite = values.iter().flatten().any(|v| !v.is_finite());
            let any_finite = values.iter().flatten().any(|v| v.is_finite());
            prop_assert_eq!(has_note(&svg), any_non_finite && any_finite);
            let loss = LossChart {
                series: &series,
                optimum: None,
                epochs: None,
                cursor: None,
            };
            let (svg, g) = render_geo(None, dims, &ChartStyle::svg(1.0), |a, s| draw_loss_chart(a, &loss, s));
            assert_clean("property loss", &svg);
            assert_all_inside("property loss", &svg, &g, &series);
        }
    }
}

/// Long runs are drawn with at most four points per pixel column (first, lowest, highest,
/// last), and look the same: in every column the drawn line spans exactly the rows of the data
/// points that fall into it.
#[test]
fn long_runs_are_reduced_per_pixel_column_without_changing_the_picture() {
    let n = 50_000;
    // A cyclic schedule (periods of 200) over a cosine: oscillates within every column.
    let lr: Vec<f64> = (0..n)
        .map(|t| {
            let cos = 0.5 * (1.0 + (PI * t as f64 / n as f64).cos());
            let tri = 1.0 - ((t % 200) as f64 / 100.0 - 1.0).abs();
            0.1 * (0.2 + 0.8 * cos) * (0.5 + 0.5 * tri)
        })
        .collect();
    let loss: Vec<f64> = (0..n)
        .map(|t| 0.07 + 0.6 * (-(t as f64) / 9000.0).exp() * (1.0 + 0.3 * ((t % 97) as f64 / 97.0)))
        .collect();
    for (kind, log_y) in [("lr_lin", false), ("lr_log", true), ("loss", true)] {
        let values = if kind == "loss" { &loss } else { &lr };
        let series = [one("long run", values)];
        let lr_chart = LrChart {
            series: &series,
            x_title: "step",
            log_y,
            decorations: None,
            cursor: None,
        };
        let loss_chart = LossChart {
            series: &series,
            optimum: None,
            epochs: None,
            cursor: None,
        };
        let name = format!("long_{kind}_680x360@1x");
        let (svg, g) = render_geo(Some(&name), (680, 360), &ChartStyle::svg(1.0), |a, s| {
            if kind == "loss" {
                draw_loss_chart(a, &loss_chart, s)
            } else {
                draw_lr_chart(a, &lr_chart, s)
            }
        });
        let r = g.plot_rect();
        let lines: Vec<Vec<(i32, i32)>> = pieces(&svg, &hex(0))
            .into_iter()
            .filter(|p| p.iter().all(|q| f64::from(q.1) >= r.top))
            .collect();
        assert_eq!(lines.len(), 1, "{name}: one polyline");
        let line = &lines[0];
        let width = (r.right - r.left) as usize + 1;
        assert!(
            line.len() <= 4 * width,
            "{name}: {} points for {width} columns",
            line.len()
        );
        // Rows per column: of the drawn vertices, and of all data points.
        let mut drawn = std::collections::BTreeMap::<i32, (i32, i32)>::new();
        for &(x, y) in line {
            let e = drawn.entry(x).or_insert((y, y));
            *e = (e.0.min(y), e.1.max(y));
        }
        let mut data = std::collections::BTreeMap::<i32, (i32, i32)>::new();
        for (t, v) in values.iter().enumerate() {
            let (x, y) = (
                g.px_of_x(t as f64).round() as i32,
                g.py_of_y(*v).unwrap().round() as i32,
            );
            let e = data.entry(x).or_insert((y, y));
            *e = (e.0.min(y), e.1.max(y));
        }
        assert_eq!(drawn, data, "{name}: column extents differ");
        assert_clean(&name, &svg);
    }
}

// ---------------------------------------------------------------------------------------------
// Themes, gap view, decision boundary, LR range test (issue "Classroom").

fn rgb_hex(c: plotters::style::RGBColor) -> String {
    format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2)
}

/// Every `fill="#…"` / `stroke="#…"` colour of the SVG.
fn colours(svg: &str) -> std::collections::BTreeSet<String> {
    let mut out = std::collections::BTreeSet::new();
    for key in ["fill=\"#", "stroke=\"#"] {
        let mut rest = svg;
        while let Some(i) = rest.find(key) {
            let c = &rest[i + key.len() - 1..i + key.len() + 6];
            out.insert(c.to_owned());
            rest = &rest[i + key.len()..];
        }
    }
    out
}

fn theme_colours(t: &Theme) -> std::collections::BTreeSet<String> {
    [
        t.background,
        t.text,
        t.axis,
        t.grid,
        t.grid_minor,
        t.reference,
        t.alert,
        t.shade,
    ]
    .iter()
    .chain(t.series.iter())
    .map(|c| rgb_hex(*c))
    .collect()
}

/// A sample of every chart with every decoration, drawn in `theme`: (name, svg).
fn every_chart(theme: Theme, tag: &str) -> Vec<(String, String)> {
    let style = ChartStyle {
        theme,
        ..ChartStyle::svg(1.0)
    };
    let (lr, restarts) = sgdr(90, 0.1, 0.0);
    let mut lr2 = curves(1, 90).remove(0);
    lr2[40] = f64::NAN;
    let label = "trough 2.4e-3 > eta_min";
    let lr_series = [
        one("SGDR", &lr),
        LineSeries {
            label: "plateau",
            values: &lr2,
            style_index: 2,
            markers: &[30, 60],
            marker_label: "LR reduced",
            diverged_at: None,
        },
    ];
    let lr_chart = LrChart {
        series: &lr_series,
        x_title: "epoch",
        log_y: true,
        decorations: Some(CosineDecorations {
            restarts: &restarts,
            eta_min: 0.0,
            eta_max: 0.1,
            t_max: Some(70),
            highlight: Some((9, lr[9], label)),
        }),
        cursor: Some(33.0),
    };
    let healthy = decay(41, 0.0712, 0.1);
    let mut blow: Vec<f64> = (0..9).map(|t| 0.693 * 4f64.powi(t)).collect();
    blow.push(f64::INFINITY);
    let mut gappy = decay(41, 0.08, 0.05);
    gappy[20] = f64::NAN;
    let loss_series = [
        one("cosine", &healthy),
        LineSeries {
            label: "constant",
            values: &blow,
            style_index: 1,
            diverged_at: Some(9),
            ..LineSeries::default()
        },
        LineSeries {
            label: "StepLR",
            values: &gappy,
            style_index: 3,
            ..LineSeries::default()
        },
    ];
    let loss_chart = LossChart {
        series: &loss_series,
        optimum: Some(0.0712),
        epochs: Some(40),
        cursor: Some(12.0),
    };
    let (points, prob, nx, ny, ranges) = moons_like(60);
    let boundary = BoundaryChart {
        points: &points,
        grid: Some(ProbabilityGrid {
            prob: &prob,
            nx,
            ny,
            x_range: ranges.0,
            y_range: ranges.1,
        }),
        class_labels: ["class 0", "class 1"],
        x_title: "x1",
        y_title: "x2",
    };
    let (rlr, rloss, rraw) = range_test_run(200);
    let marks = [
        RateMark {
            lr: 3e-2,
            label: "steepest 3e-2",
        },
        RateMark {
            lr: 1e-1,
            label: "min / 10: 1e-1",
        },
    ];
    let range = RangeTestChart {
        lr: &rlr,
        loss: &rloss,
        raw_loss: &rraw,
        marks: &marks,
        cursor: Some(1e-3),
    };
    let dims = (800, 400);
    let mut out = Vec::new();
    let mut add = |name: &str, svg: String| out.push((format!("{name}_{tag}"), svg));
    add(
        "theme_lr",
        render(Some(&format!("theme_lr_{tag}")), dims, &style, |a, s| {
            draw_lr_chart(a, &lr_chart, s)
        }),
    );
    add(
        "theme_loss",
        render(Some(&format!("theme_loss_{tag}")), dims, &style, |a, s| {
            draw_loss_chart(a, &loss_chart, s)
        }),
    );
    add(
        "theme_gap",
        render(Some(&format!("theme_gap_{tag}")), dims, &style, |a, s| {
            draw_gap_chart(a, &loss_chart, s)
        }),
    );
    add(
        "theme_boundary",
        render(
            Some(&format!("theme_boundary_{tag}")),
            (600, 500),
            &style,
            |a, s| draw_boundary_chart(a, &boundary, s),
        ),
    );
    add(
        "theme_range",
        render(Some(&format!("theme_range_{tag}")), dims, &style, |a, s| {
            draw_range_test_chart(a, &range, s)
        }),
    );
    out
}

#[test]
fn dark_and_high_contrast_themes_colour_everything() {
    for (tag, theme) in [
        ("light", Theme::LIGHT),
        ("dark", Theme::DARK),
        ("contrast", Theme::HIGH_CONTRAST),
    ] {
        let allowed = theme_colours(&theme);
        for (name, svg) in every_chart(theme, tag) {
            assert_clean(&name, &svg);
            // The background is the theme's, everywhere (the first element fills the area).
            let first_rect = svg.lines().find(|l| l.starts_with("<rect")).unwrap();
            assert!(
                first_rect.contains(&format!("fill=\"{}\"", rgb_hex(theme.background))),
                "{name}: {first_rect}"
            );
            let used = colours(&svg);
            let foreign: Vec<&String> = used.difference(&allowed).collect();
            assert!(
                foreign.is_empty(),
                "{name}: colours outside the theme: {foreign:?}"
            );
            if tag != "light" {
                assert!(
                    !used.contains("#FFFFFF")
                        || theme.text == plotters::style::RGBColor(255, 255, 255),
                    "{name}: white"
                );
                assert!(
                    !svg.contains("#FFFFFF") || tag == "contrast",
                    "{name}: hard-coded white"
                );
            }
        }
    }
}

/// A linearly converging run is a straight line in the gap view, a stalled one flattens, and a
/// run that reaches the optimum sits on the "≤ 0" floor.
#[test]
fn gap_view_shows_linear_and_stalled_convergence() {
    let opt = 0.0712;
    let linear: Vec<f64> = (0..=40).map(|t| opt + 0.5 * 0.8f64.powi(t)).collect();
    let stalled: Vec<f64> = (0..=40)
        .map(|t| opt + 0.01 + 0.5 * 0.7f64.powi(t))
        .collect();
    let mut reached = linear.clone();
    for v in reached.iter_mut().skip(30) {
        *v = opt;
    }
    let series = [
        one("linear", &linear),
        LineSeries {
            label: "stalled",
            values: &stalled,
            style_index: 1,
            ..LineSeries::default()
        },
        LineSeries {
            label: "reached",
            values: &reached,
            style_index: 2,
            ..LineSeries::default()
        },
    ];
    let chart = LossChart {
        series: &series,
        optimum: Some(opt),
        epochs: None,
        cursor: None,
    };
    for (name, svg, g, _) in render_all_geo("gap_view", |a, s| draw_gap_chart(a, &chart, s)) {
        assert_clean(&name, &svg);
        assert!(g.y_is_log());
        assert!(has_text(&svg, "≤ 0"), "{name}: floor");
        assert!(
            svg.contains("optimum") && !has_text(&svg, "optimum"),
            "{name}: title, no optimum line label"
        );
        let y = |v: f64| g.py_of_y(v - opt).unwrap();
        // Straight: equal pixel steps per epoch for the geometric gap.
        let (d1, d2) = (y(linear[20]) - y(linear[10]), y(linear[30]) - y(linear[20]));
        assert!(
            (d1 - d2).abs() < 0.5,
            "{name}: linear convergence is straight: {d1} vs {d2}"
        );
        // Stalled: the last ten epochs move (almost) no pixels.
        assert!(
            (y(stalled[40]) - y(stalled[30])).abs() < 2.0,
            "{name}: stall is flat"
        );
        assert_eq!(
            g.py_of_y(0.0),
            g.py_of_y(reached[35] - opt),
            "{name}: reached on the floor"
        );
        let gaps: Vec<Vec<f64>> = series
            .iter()
            .map(|s| s.values.iter().map(|v| v - opt).collect())
            .collect();
        let gap_series: Vec<LineSeries<'_>> = series
            .iter()
            .zip(&gaps)
            .map(|(s, values)| LineSeries { values, ..*s })
            .collect();
        assert_all_inside(&name, &svg, &g, &gap_series);
    }
    // Without an optimum the view says so.
    let no_opt = LossChart {
        optimum: None,
        ..chart
    };
    let svg = render(None, (800, 400), &ChartStyle::svg(1.0), |a, s| {
        draw_gap_chart(a, &no_opt, s)
    });
    assert!(has_text(&svg, "gap needs the optimum"));
}

/// Two interleaved half moons and a logistic model's probability p = σ(2·(x − 0.5·y)).
#[allow(clippy::type_complexity)]
fn moons_like(
    n: usize,
) -> (
    Vec<BoundaryPoint>,
    Vec<f64>,
    usize,
    usize,
    ((f64, f64), (f64, f64)),
) {
    let points: Vec<BoundaryPoint> = (0..n)
        .map(|i| {
            let t = PI * (i / 2) as f64 / (n / 2) as f64;
            let class = (i % 2) as u8;
            let (x, y) = if class == 0 {
                (t.cos(), t.sin())
            } else {
                (1.0 - t.cos(), 0.5 - t.sin())
            };
            BoundaryPoint {
                x,
                y,
                class,
                test: i % 5 == 0,
            }
        })
        .collect();
    let ranges = boundary_ranges(&points);
    let (nx, ny) = (41, 31);
    let prob: Vec<f64> = (0..ny)
        .flat_map(|j| {
            (0..nx).map(move |i| {
                let x = ranges.0 .0 + (ranges.0 .1 - ranges.0 .0) * i as f64 / (nx - 1) as f64;
                let y = ranges.1 .0 + (ranges.1 .1 - ranges.1 .0) * j as f64 / (ny - 1) as f64;
                1.0 / (1.0 + (-2.0 * (x - 0.5 - 0.5 * y)).exp())
            })
        })
        .collect();
    (points, prob, nx, ny, ranges)
}

#[test]
fn boundary_chart_shows_classes_test_points_and_the_boundary() {
    let (points, prob, nx, ny, ranges) = moons_like(60);
    let chart = BoundaryChart {
        points: &points,
        grid: Some(ProbabilityGrid {
            prob: &prob,
            nx,
            ny,
            x_range: ranges.0,
            y_range: ranges.1,
        }),
        class_labels: ["benign", "malignant"],
        x_title: "x1",
        y_title: "x2",
    };
    for (name, svg, g, _) in render_all_geo("boundary", |a, s| draw_boundary_chart(a, &chart, s)) {
        assert_clean(&name, &svg);
        for label in ["benign", "malignant", "test point", "p = 0.5", "x1", "x2"] {
            assert!(has_text(&svg, label), "{name}: {label}");
        }
        let (b0, b1) = (hex(0), hex(1));
        let filled_circles = circles(&svg, &b0).len();
        let hollow = svg
            .lines()
            .filter(|l| {
                l.starts_with("<circle")
                    && l.contains(&format!("stroke=\"{b0}\""))
                    && l.contains("fill=\"none\"")
            })
            .count();
        let squares = svg
            .lines()
            .filter(|l| {
                l.starts_with("<rect")
                    && l.contains(&format!("fill=\"{b1}\""))
                    && l.contains("opacity=\"1\"")
            })
            .count();
        // 30 of each class, every fifth point a test point (test points of class 0: 6).
        assert_eq!(
            filled_circles,
            24 + 1,
            "{name}: class-0 training points + legend"
        );
        assert!(hollow >= 6, "{name}: hollow test points {hollow}");
        assert_eq!(squares, 24 + 1, "{name}: class-1 training points + legend");
        // Shading: translucent cells of both colours.
        let shaded = |c: &str| {
            svg.lines()
                .filter(|l| {
                    l.starts_with("<rect")
                        && l.contains(&format!("fill=\"{c}\""))
                        && !l.contains("opacity=\"1\"")
                })
                .count()
        };
        assert!(shaded(&b0) > 100 && shaded(&b1) > 100, "{name}: shading");
        // The boundary: a polyline in the text colour inside the plot along p = 0.5, i.e.
        // x = 0.5 + 0.5 y.
        let text = rgb_hex(Theme::LIGHT.text);
        let r = g.plot_rect();
        let contour: Vec<(i32, i32)> = pieces(&svg, &text)
            .into_iter()
            .flatten()
            .filter(|p| r.contains(f64::from(p.0), f64::from(p.1)))
            .collect();
        assert!(contour.len() >= 20, "{name}: contour");
        for p in contour {
            let (x, y) = (
                g.x_at(f64::from(p.0)).unwrap(),
                g.y_at(f64::from(p.1)).unwrap(),
            );
            let dx = (r.right - r.left) / (ranges.0 .1 - ranges.0 .0);
            assert!(
                ((x - 0.5 - 0.5 * y) * dx).abs() <= 2.5,
                "{name}: contour point ({x}, {y})"
            );
        }
        // Every point inside the plot.
        for p in &points {
            assert!(
                r.contains(g.px_of_x(p.x), g.py_of_y(p.y).unwrap()),
                "{name}"
            );
        }
    }
}

#[test]
fn boundary_chart_survives_any_data() {
    let p = |x, y, class| BoundaryPoint {
        x,
        y,
        class,
        test: false,
    };
    let cases: Vec<(&str, Vec<BoundaryPoint>)> = vec![
        ("empty", vec![]),
        ("single", vec![p(1.0, 2.0, 0)]),
        ("constant", vec![p(3.0, 3.0, 0), p(3.0, 3.0, 1)]),
        (
            "huge",
            vec![p(-f64::MAX, 1e-300, 0), p(f64::MAX, -1.7e308, 1)],
        ),
        ("tiny", vec![p(1e-300, 2e-300, 0), p(3e-300, 1e-300, 1)]),
        (
            "non_finite",
            vec![
                p(f64::NAN, 0.0, 0),
                p(0.0, f64::INFINITY, 1),
                p(1.0, 1.0, 1),
            ],
        ),
    ];
    for (case, points) in &cases {
        for with_grid in [false, true] {
            let prob = vec![0.3, 0.7, f64::NAN, 0.9];
            let ranges = boundary_ranges(points);
            let chart = BoundaryChart {
                points,
                grid: with_grid.then_some(ProbabilityGrid {
                    prob: &prob,
                    nx: 2,
                    ny: 2,
                    x_range: ranges.0,
                    y_range: ranges.1,
                }),
                class_labels: ["0", "1"],
                x_title: "x",
                y_title: "y",
            };
            let name = format!("edge_boundary_{case}_{with_grid}");
            let (svg, g) = render_geo(Some(&name), (320, 240), &ChartStyle::svg(1.0), |a, s| {
                draw_boundary_chart(a, &chart, s)
            });
            assert_clean(&name, &svg);
            let r = g.plot_rect();
            for q in points.iter().filter(|q| q.x.is_finite() && q.y.is_finite()) {
                let (x, y) = (g.px_of_x(q.x), g.py_of_y(q.y).unwrap());
                assert!(
                    r.contains(x, y),
                    "{name}: ({}, {}) at ({x}, {y}) outside {r:?}",
                    q.x,
                    q.y
                );
            }
            if *case == "non_finite" {
                assert!(
                    has_text(&svg, "not drawn: 2 points with ∞/NaN"),
                    "{name}: {:?}",
                    texts(&svg)
                );
            }
        }
    }
}

/// A range-test run: rates 1e-7 … 10 over `n` steps, a loss that falls then explodes.
fn range_test_run(n: usize) -> (Vec<f64>, Vec<f64>, Vec<f64>) {
    let lr: Vec<f64> = (0..n)
        .map(|i| 1e-7 * 1e8f64.powf(i as f64 / (n - 1) as f64))
        .collect();
    let raw: Vec<f64> = lr
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let l = r.log10();
            let base = 0.69 - 0.5 / (1.0 + (-(l + 2.5) * 3.0).exp())
                + 0.2 * (l - 0.3).max(0.0).powi(2) * 10.0;
            base * (1.0 + 0.05 * ((i * 37 % 11) as f64 / 11.0 - 0.5))
        })
        .collect();
    let mut smooth = Vec::with_capacity(n);
    let mut avg = 0.0;
    for (i, v) in raw.iter().enumerate() {
        avg = 0.98 * avg + 0.02 * v;
        smooth.push(avg / (1.0 - 0.98f64.powi(i as i32 + 1)));
    }
    (lr, smooth, raw)
}

#[test]
fn range_test_chart_marks_the_suggested_rates_on_a_log_axis() {
    let (lr, loss, raw) = range_test_run(300);
    let marks = [
        RateMark {
            lr: 3.2e-3,
            label: "steepest 3.2e-3",
        },
        RateMark {
            lr: 1.5e-2,
            label: "min / 10: 1.5e-2",
        },
    ];
    let chart = RangeTestChart {
        lr: &lr,
        loss: &loss,
        raw_loss: &raw,
        marks: &marks,
        cursor: None,
    };
    for (name, svg, g, _) in
        render_all_geo("range_test", |a, s| draw_range_test_chart(a, &chart, s))
    {
        assert_clean(&name, &svg);
        assert!(g.x_is_log() && !g.y_is_log(), "{name}");
        for label in ["steepest 3.2e-3", "min / 10: 1.5e-2", "smoothed loss"] {
            assert!(has_text(&svg, label), "{name}: {label}");
        }
        assert!(svg.contains("learning rate"), "{name}: x title");
        // Log x ticks: powers of ten.
        assert!(
            has_text(&svg, "1e-5") || has_text(&svg, "1e-6"),
            "{name}: {:?}",
            texts(&svg)
        );
        let (xa, xb) = g.x_range();
        assert!(xa < 1e-7 && xb > 10.0 && xb < 100.0, "{name}: {xa}..{xb}");
        // Each mark's line is at its rate's column.
        let r = g.plot_rect();
        let alert = rgb_hex(Theme::LIGHT.alert);
        let x = g.px_of_x(3.2e-3).round() as i32;
        let vertical = pieces(&svg, &alert)
            .into_iter()
            .filter(|p| p.iter().all(|q| q.0 == x) && p.iter().all(|q| f64::from(q.1) >= r.top))
            .count();
        assert!(vertical >= 3, "{name}: dashed mark line at {x}");
        // Every loss point inside the plot.
        for (i, v) in loss.iter().enumerate() {
            assert!(
                r.contains(g.px_of_x(lr[i]), g.py_of_y(*v).unwrap()),
                "{name}: step {i}"
            );
        }
    }
    // Exploding tail: non-finite losses are counted in a note; bad rates never panic.
    let mut tail = loss.clone();
    tail[299] = f64::INFINITY;
    let mut bad_lr = lr.clone();
    bad_lr[10] = -1.0;
    bad_lr[11] = f64::NAN;
    let chart = RangeTestChart {
        lr: &bad_lr,
        loss: &tail,
        raw_loss: &[],
        marks: &[RateMark {
            lr: -3.0,
            label: "bad",
        }],
        cursor: Some(f64::NAN),
    };
    let svg = render(
        Some("range_test_edge"),
        (320, 200),
        &ChartStyle::svg(1.0),
        |a, s| draw_range_test_chart(a, &chart, s),
    );
    assert_clean("range edge", &svg);
    assert!(has_note(&svg) && !has_text(&svg, "bad"));
}
