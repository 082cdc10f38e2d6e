//! Native chart tests: every chart is rendered into an SVG string with plotters'
//! `SVGBackend::with_string` at phone, laptop and projector sizes and at pixel ratios 1 and 2;
//! the tests assert on the SVG's content and write each file to `target/test/svg/<name>.svg`
//! so that a human can look at it. Edge-case inputs and tiny areas must not panic.

use std::f64::consts::PI;
use std::path::PathBuf;

use anneal::chart::{draw_loss_chart, draw_lr_chart, ChartError, ChartStyle, LossChart, LrChart};
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
/// when a name is given.
fn render<F>(name: Option<&str>, (w, h): (u32, u32), style: &ChartStyle, draw: F) -> String
where
    F: Fn(&DrawingArea<SVGBackend, Shift>, &ChartStyle) -> Result<(), ChartError>,
{
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (w, h)).into_drawing_area();
        draw(&root, style).expect("chart drawn");
        root.present().expect("svg written");
    }
    if let Some(name) = name {
        std::fs::write(out_dir().join(format!("{name}.svg")), &svg).expect("write svg");
    }
    svg
}

/// Render at every size × pixel ratio, returning `(name, svg)` pairs.
fn render_all<F>(base: &str, draw: F) -> Vec<(String, String)>
where
    F: Fn(&DrawingArea<SVGBackend, Shift>, &ChartStyle) -> Result<(), ChartError>,
{
    let mut out = Vec::new();
    for (cw, ch) in SIZES {
        for pr in RATIOS {
            let name = format!("{base}_{cw}x{ch}@{pr}x");
            let dims = ((f64::from(cw) * pr) as u32, (f64::from(ch) * pr) as u32);
            let svg = render(Some(&name), dims, &ChartStyle::svg(pr), &draw);
            out.push((name, svg));
        }
    }
    out
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

fn assert_clean(name: &str, svg: &str) {
    assert!(!svg.contains("NaN"), "{name}: NaN in SVG");
    assert!(!svg.contains("inf\""), "{name}: inf in SVG");
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
    let chart = LrChart {
        lr: &lr,
        restarts: &[],
        eta_min: 0.001,
        eta_max: 0.1,
        t_max: Some(20),
        highlight: Some((20, lr[20], "T_max: lr = eta_min, then it rises")),
    };
    for (name, svg) in render_all("lr_cosine_beyond_tmax", |a, s| draw_lr_chart(a, &chart, s)) {
        assert_clean(&name, &svg);
        for text in ["epoch", "eta_min", "eta_max", "beyond T_max", "0.1"] {
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
    let chart = LrChart {
        lr: &lr,
        restarts: &restarts,
        eta_min: 0.0,
        eta_max: 0.1,
        t_max: None,
        highlight: Some((9, lr[9], &label)),
    };
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
    let chart = LrChart {
        lr: &lr,
        restarts: &[],
        eta_min: 1e-4,
        eta_max: 2e-3,
        t_max: Some(30),
        highlight: None,
    };
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
    let chart = LossChart {
        scheduled: &scheduled,
        baseline: &baseline,
        scheduled_label: "cosine (T_max = 100)",
        baseline_label: "constant eta_max",
        scheduled_diverged_at: None,
        baseline_diverged_at: None,
        optimum: Some(opt),
        epochs: None,
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
    let chart = LossChart {
        scheduled: &scheduled,
        baseline: &baseline,
        scheduled_label: "cosine annealing",
        baseline_label: "constant 2.0",
        scheduled_diverged_at: None,
        baseline_diverged_at: Some(12),
        optimum: Some(0.0712),
        epochs: None,
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
    let chart = LossChart {
        scheduled: &scheduled,
        baseline: &baseline,
        scheduled_label: "warmup + cosine",
        baseline_label: "constant 10",
        scheduled_diverged_at: Some(8),
        baseline_diverged_at: Some(6),
        optimum: None,
        epochs: None,
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
    let chart = LrChart {
        lr: &lr,
        restarts: &restarts,
        eta_min: 0.01,
        eta_max: 0.5,
        t_max: None,
        highlight: None,
    };
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
    let lr_chart = LrChart {
        lr: &lr,
        restarts: &[1],
        eta_min: 0.01,
        eta_max: 0.1,
        t_max: Some(1),
        highlight: Some((1, 0.05, "mid")),
    };
    let loss = [0.69, 0.4, 0.3];
    let loss_chart = LossChart {
        scheduled: &loss,
        baseline: &loss,
        scheduled_label: "a",
        baseline_label: "b",
        scheduled_diverged_at: Some(2),
        baseline_diverged_at: None,
        optimum: Some(0.2),
        epochs: None,
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
            let svg = render(None, dims, &style, |a, s| draw_lr_chart(a, &lr_chart, s));
            assert_clean("tiny lr", &svg);
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
            let chart = LrChart {
                lr,
                restarts,
                eta_min: *eta_min,
                eta_max: *eta_max,
                t_max: *t_max,
                highlight,
            };
            let file = format!("edge_lr_{name}");
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
    // eta_min == eta_max: one reference label.
    let svg = render(None, (800, 400), &ChartStyle::svg(1.0), |a, s| {
        draw_lr_chart(
            a,
            &LrChart {
                lr: &[0.05; 10],
                restarts: &[],
                eta_min: 0.05,
                eta_max: 0.05,
                t_max: None,
                highlight: None,
            },
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
        let chart = LossChart {
            scheduled: s,
            baseline: b,
            scheduled_label: "scheduled",
            baseline_label: "baseline",
            scheduled_diverged_at: *div,
            baseline_diverged_at: div.map(|d| d / 2),
            optimum: *opt,
            epochs: None,
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
    let chart = LrChart {
        lr: &lr,
        restarts: &[],
        eta_min: 0.01,
        eta_max: 0.1,
        t_max: None,
        highlight: None,
    };
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
    let chart = LossChart {
        scheduled: &partial,
        baseline: &partial[..30],
        scheduled_label: "with the schedule",
        baseline_label: "constant",
        scheduled_diverged_at: None,
        baseline_diverged_at: None,
        optimum: Some(0.0712),
        epochs: Some(2000),
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
    let chart = LossChart {
        scheduled: &rising,
        baseline: &rising,
        scheduled_label: "with the schedule",
        baseline_label: "constant",
        scheduled_diverged_at: Some(11),
        baseline_diverged_at: Some(11),
        optimum: Some(0.1),
        epochs: Some(51),
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
