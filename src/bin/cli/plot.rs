//! `anneal plot`: the page's charts as SVG or PNG files, for documentation built in CI.
//!
//! ```text
//! anneal plot [--format svg|png] [--steps N] [--width W --height H] [-o FILE]
//!             [--log-y] [--theme light|dark|contrast] SPEC [SPEC...]
//! anneal plot --loss [--dataset NAME] [--epochs E] [--batch-size B] [--l2 LAMBDA]
//!             [--momentum M] [--seed S] [--split FRACTION|none] [--unit epoch|step] ... SPEC...
//! ```
//! The LR chart draws one series per SPEC, each evaluated as `anneal eval --steps N SPEC`
//! evaluates it (`ScheduleSpec::evaluate`), labelled with its scheduler's name. `--loss` draws
//! the training chart instead: each SPEC trained as `anneal train` trains it (the same flags,
//! `TrainFlags`, and the same function, `train_run`), with the optimum line where Newton's
//! method finds it. The SVG is written by
//! plotters' SVG backend; the PNG is that SVG rendered by resvg with the system's sans-serif
//! font, at exactly W × H pixels. Exit status as the other subcommands: 2 on a bad spec or value
//! (one `error:` line naming the field), 1 when rendering or writing fails.

use std::io::{self, Write};
use std::path::PathBuf;

use anneal::chart::{
    draw_loss_chart, draw_lr_chart, ChartError, ChartStyle, Geometry, LineSeries, LossChart,
    LrChart, Theme,
};
use anneal::spec::ScheduleSpec;
use clap::ValueEnum;
use plotters::coord::Shift;
use plotters::prelude::*;

use super::{invalid, read_spec, train_run, Failure, TrainFlags};

/// Largest accepted `--width` / `--height` in pixels.
const MAX_SIZE: u32 = 8192;

#[derive(clap::Args)]
pub(super) struct PlotArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Svg)]
    format: Format,
    /// Rates per spec (LR chart), as `anneal eval --steps`: required unless every spec has
    /// `epochs` or `metrics`. Not used with --loss (the run length is --epochs).
    #[arg(long)]
    steps: Option<usize>,
    /// Width of the picture in pixels (1..=8192).
    #[arg(long, default_value_t = 800)]
    width: u32,
    /// Height of the picture in pixels (1..=8192).
    #[arg(long, default_value_t = 400)]
    height: u32,
    /// Write the picture to FILE instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Logarithmic learning-rate axis (values ≤ 0 on a "≤ 0" floor).
    #[arg(long)]
    log_y: bool,
    /// Colours: the page's light, dark or high-contrast theme.
    #[arg(long, value_enum, default_value_t = ThemeArg::Light)]
    theme: ThemeArg,
    /// Draw the training chart (objective per epoch) instead of the LR chart, training each
    /// spec as `anneal train` does with the flags below.
    #[arg(long)]
    loss: bool,
    /// With --loss: `anneal train`'s flags (--dataset, --epochs, --batch-size, --l2,
    /// --momentum, --seed, --split, --unit), same defaults.
    #[command(flatten)]
    train: TrainFlags,
    /// One or more specs (JSON), at most one of them `-` (stdin); one series each.
    #[arg(required = true, num_args = 1..)]
    specs: Vec<String>,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// SVG text (plotters' SVG backend).
    Svg,
    /// PNG image of exactly --width × --height pixels.
    Png,
}

#[derive(Clone, Copy, ValueEnum)]
enum ThemeArg {
    /// White background, the page's default colours.
    Light,
    /// Dark background.
    Dark,
    /// Black background, white frame, thicker lines.
    Contrast,
}

/// One series to draw: its legend label and values.
struct Series {
    label: String,
    values: Vec<f64>,
    diverged_at: Option<usize>,
}

pub(super) fn plot(args: &PlotArgs) -> Result<(), Failure> {
    for (name, v) in [("width", args.width), ("height", args.height)] {
        if !(1..=MAX_SIZE).contains(&v) {
            return Err(invalid(format_args!(
                "invalid `{name}` = {v}: expected 1..={MAX_SIZE} pixels"
            )));
        }
    }
    if args.specs.iter().filter(|s| *s == "-").count() > 1 {
        return Err(invalid("invalid `spec`: only one SPEC can be - (stdin)"));
    }
    let specs = args
        .specs
        .iter()
        .map(|s| read_spec(s))
        .collect::<Result<Vec<ScheduleSpec>, Failure>>()?;
    let labels = labels(&specs);
    let theme = match args.theme {
        ThemeArg::Light => Theme::LIGHT,
        ThemeArg::Dark => Theme::DARK,
        ThemeArg::Contrast => Theme::HIGH_CONTRAST,
    };
    let style = ChartStyle {
        theme,
        ..ChartStyle::svg(1.0)
    };
    let (w, h) = (args.width, args.height);
    let svg = if args.loss {
        if args.steps.is_some() {
            return Err(invalid(
                "invalid `steps`: --steps sets the LR chart's length; with --loss the run length is --epochs",
            ));
        }
        let (series, optimum) = train_all(&args.train, &specs, labels)?;
        let lines = line_series(&series);
        let chart = LossChart {
            series: &lines,
            optimum,
            epochs: Some(args.train.epochs),
            cursor: None,
        };
        svg_string(w, h, &style, |a, s| draw_loss_chart(a, &chart, s))?
    } else {
        let mut series = Vec::with_capacity(specs.len());
        for (spec, label) in specs.iter().zip(labels) {
            let evaluation = spec.evaluate(args.steps).map_err(invalid)?;
            for q in &evaluation.quirks {
                eprintln!(
                    "quirk: {label}: step {}: the library gives {}, the correct value is {}: {}",
                    q.step,
                    q.library_value,
                    q.correct_value,
                    q.message.replace('\n', " ")
                );
            }
            series.push(Series {
                label,
                values: evaluation.lr,
                diverged_at: None,
            });
        }
        let lines = line_series(&series);
        let chart = LrChart {
            series: &lines,
            x_title: "step",
            log_y: args.log_y,
            decorations: None,
            cursor: None,
        };
        svg_string(w, h, &style, |a, s| draw_lr_chart(a, &chart, s))?
    };
    let bytes = match args.format {
        Format::Svg => svg.into_bytes(),
        Format::Png => svg_to_png(&svg, w, h)?,
    };
    match &args.output {
        Some(path) => std::fs::write(path, &bytes).map_err(|e| {
            Failure::Output(io::Error::new(e.kind(), format!("{}: {e}", path.display())))
        })?,
        None => {
            let mut out = io::stdout().lock();
            out.write_all(&bytes)?;
            out.flush()?;
        }
    }
    Ok(())
}

/// Legend labels: each spec's scheduler name (`CosineAnnealingLR`,
/// `get_cosine_schedule_with_warmup`), numbered where a name repeats (`StepLR (2)`).
fn labels(specs: &[ScheduleSpec]) -> Vec<String> {
    let name = |s: &ScheduleSpec| {
        s.scheduler
            .rsplit('.')
            .next()
            .unwrap_or(&s.scheduler)
            .to_owned()
    };
    specs
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let n = name(s);
            let same = specs.iter().filter(|o| name(o) == n).count();
            if same > 1 {
                let k = specs[..=i].iter().filter(|o| name(o) == n).count();
                format!("{n} ({k})")
            } else {
                n
            }
        })
        .collect()
}

fn line_series(series: &[Series]) -> Vec<LineSeries<'_>> {
    series
        .iter()
        .enumerate()
        .map(|(k, s)| LineSeries {
            label: &s.label,
            values: &s.values,
            style_index: k,
            diverged_at: s.diverged_at,
            ..LineSeries::default()
        })
        .collect()
}

/// Train every spec as `anneal train` does (through the same function); the objective per
/// epoch (epoch 0 = initial) and the optimum (`None` when Newton's method fails for these
/// settings).
fn train_all(
    flags: &TrainFlags,
    specs: &[ScheduleSpec],
    labels: Vec<String>,
) -> Result<(Vec<Series>, Option<f64>), Failure> {
    let (cfg, prepared) = flags.prepare()?;
    let mut out = Vec::with_capacity(specs.len());
    for (spec, label) in specs.iter().zip(labels) {
        let history = train_run(spec, &prepared, &cfg, flags.plateau_metric)?;
        if let Some(epoch) = history.diverged_at {
            eprintln!("{label}: diverged at epoch {epoch}");
        }
        out.push(Series {
            label,
            values: history.records.iter().map(|r| r.train_objective).collect(),
            diverged_at: history.diverged_at,
        });
    }
    Ok((out, prepared.optimum(cfg.l2).ok()))
}

/// Draw into an SVG string of `w × h` pixels.
fn svg_string(
    w: u32,
    h: u32,
    style: &ChartStyle,
    draw: impl FnOnce(&DrawingArea<SVGBackend, Shift>, &ChartStyle) -> Result<Geometry, ChartError>,
) -> Result<String, Failure> {
    let mut svg = String::new();
    {
        let area = SVGBackend::with_string(&mut svg, (w, h)).into_drawing_area();
        draw(&area, style).map_err(|e| Failure::Render(e.to_string()))?;
        area.present()
            .map_err(|e| Failure::Render(format!("drawing failed: {e}")))?;
    }
    Ok(svg)
}

/// Sans-serif families tried for the PNG's text, in order; failing all, the first installed
/// family.
const SANS: [&str; 8] = [
    "DejaVu Sans",
    "Liberation Sans",
    "Arial",
    "Helvetica",
    "Noto Sans",
    "Roboto",
    "FreeSans",
    "Cantarell",
];

/// Render the SVG to a PNG of exactly `w × h` pixels with resvg and the system's fonts.
fn svg_to_png(svg: &str, w: u32, h: u32) -> Result<Vec<u8>, Failure> {
    use resvg::{tiny_skia, usvg};
    let mut opt = usvg::Options::default();
    let db = opt.fontdb_mut();
    db.load_system_fonts();
    let has = |db: &usvg::fontdb::Database, f: &str| {
        db.faces()
            .any(|face| face.families.iter().any(|(n, _)| n == f))
    };
    let family = SANS
        .iter()
        .find(|f| has(db, f))
        .map(|f| (*f).to_owned())
        .or_else(|| {
            db.faces()
                .find_map(|face| face.families.first().map(|(n, _)| n.clone()))
        })
        .ok_or_else(|| {
            Failure::Render(
                "PNG text needs a font: no font found on this system (install a sans-serif font such as DejaVu Sans)".into(),
            )
        })?;
    db.set_sans_serif_family(family.clone());
    opt.font_family = family;
    let tree = usvg::Tree::from_str(svg, &opt)
        .map_err(|e| Failure::Render(format!("rendering the SVG: {e}")))?;
    let mut pixmap = tiny_skia::Pixmap::new(w, h)
        .ok_or_else(|| Failure::Render(format!("no {w}×{h} picture")))?;
    resvg::render(&tree, tiny_skia::Transform::default(), &mut pixmap.as_mut());
    pixmap
        .encode_png()
        .map_err(|e| Failure::Render(format!("encoding the PNG: {e}")))
}
