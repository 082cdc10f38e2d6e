//! `anneal plot` (issue "Docs widget"): valid SVG for every described scheduler's default spec,
//! several series in one chart, PNG of the requested size with its text rendered, the training
//! chart with `--loss`, and the CLI's exit statuses and one-line errors.

mod common;
use common::{anneal, assert_bad, stderr, stdout};

use anneal::spec::describe::{natural_length, SCHEDULERS};
use resvg::tiny_skia::Pixmap;

fn out_dir() -> std::path::PathBuf {
    let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/test/plot");
    std::fs::create_dir_all(&dir).expect("create target/test/plot");
    dir
}

/// The SVG parsed as XML: its root's width and height, the texts and the polylines' strokes.
struct Svg {
    width: u32,
    height: u32,
    texts: Vec<String>,
    strokes: Vec<String>,
    background: String,
}

fn parse_svg(text: &str) -> Svg {
    let doc = roxmltree::Document::parse(text).expect("the SVG parses as XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    let num = |k: &str| root.attribute(k).and_then(|v| v.parse().ok()).expect(k);
    Svg {
        width: num("width"),
        height: num("height"),
        texts: root
            .descendants()
            .filter(|n| n.has_tag_name("text"))
            .map(|n| n.text().unwrap_or("").trim().to_owned())
            .collect(),
        strokes: root
            .descendants()
            .filter(|n| n.has_tag_name("polyline"))
            .filter_map(|n| n.attribute("stroke").map(str::to_owned))
            .collect(),
        background: root
            .descendants()
            .find(|n| n.has_tag_name("rect"))
            .and_then(|n| n.attribute("fill"))
            .unwrap_or("")
            .to_owned(),
    }
}

/// The length to plot a default spec at: its natural length, else 60 rates.
fn steps_for(spec: &anneal::spec::ScheduleSpec) -> usize {
    natural_length(spec).map_or(60, |n| n.clamp(2, 2000) as usize)
}

/// Every scheduler the registry describes: `anneal plot` of its default spec is valid SVG with
/// its name in the legend and its line drawn — or, exactly when `anneal eval` rejects the same
/// spec and length, the same one-line error and exit 2.
#[test]
fn every_described_scheduler_plots_as_valid_svg() {
    assert!(!SCHEDULERS.is_empty());
    let mut plotted = 0;
    for s in SCHEDULERS {
        let spec = s.default_spec();
        let json = serde_json::to_string(&spec).expect("spec to JSON");
        let steps = steps_for(&spec).to_string();
        let eval = anneal(&["eval", "--steps", &steps, &json], None);
        let plot = anneal(&["plot", "--steps", &steps, &json], None);
        if eval.status.code() != Some(0) {
            assert_eq!(plot.status.code(), Some(2), "{}: {}", s.path, stderr(&plot));
            assert_eq!(stderr(&plot), stderr(&eval), "{}", s.path);
            continue;
        }
        assert_eq!(plot.status.code(), Some(0), "{}: {}", s.path, stderr(&plot));
        let text = stdout(&plot);
        std::fs::write(out_dir().join(format!("{}.svg", s.name())), &text).expect("write");
        let svg = parse_svg(&text);
        assert_eq!((svg.width, svg.height), (800, 400), "{}", s.path);
        assert!(
            svg.texts.iter().any(|t| t == s.name()),
            "{}: legend {:?}",
            s.path,
            svg.texts
        );
        assert!(svg.texts.iter().any(|t| t == "step"), "{}: x title", s.path);
        assert!(
            svg.texts.iter().any(|t| t == "learning rate"),
            "{}: y title",
            s.path
        );
        assert!(
            svg.strokes.iter().any(|c| c == "#0072B2"),
            "{}: no line drawn",
            s.path
        );
        assert!(!svg.texts.iter().any(|t| t == "no data"), "{}", s.path);
        plotted += 1;
    }
    assert!(plotted >= SCHEDULERS.len().min(3), "only {plotted} plotted");
}

/// Up to six default specs in one chart: one labelled series each, in order; a repeated
/// scheduler is numbered.
#[test]
fn several_specs_share_one_chart() {
    let specs: Vec<String> = SCHEDULERS
        .iter()
        .map(|s| serde_json::to_string(&s.default_spec()).unwrap())
        .filter(|j| anneal(&["eval", "--steps", "80", j], None).status.success())
        .take(5)
        .collect();
    assert!(!specs.is_empty());
    let mut args: Vec<&str> = vec!["plot", "--steps", "80", "--log-y"];
    args.extend(specs.iter().map(String::as_str));
    args.push(&specs[0]);
    let o = anneal(&args, None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let svg = parse_svg(&stdout(&o));
    let first = SCHEDULERS
        .iter()
        .find(|s| serde_json::to_string(&s.default_spec()).unwrap() == specs[0])
        .unwrap()
        .name();
    assert!(
        svg.texts.iter().any(|t| *t == format!("{first} (1)")),
        "{:?}",
        svg.texts
    );
    assert!(
        svg.texts.iter().any(|t| *t == format!("{first} (2)")),
        "{:?}",
        svg.texts
    );
    // Series k has the k-th colour of the light theme.
    for c in anneal::chart::palette::SERIES.iter().take(specs.len() + 1) {
        let hex = format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2);
        assert!(svg.strokes.contains(&hex), "series colour {hex} missing");
    }
}

const COSINE: &str = r#"{"scheduler": "torch.optim.lr_scheduler.CosineAnnealingLR", "params": {"T_max": 40}, "base_lr": 0.1}"#;
const STEP: &str = r#"{"scheduler": "torch.optim.lr_scheduler.StepLR", "params": {"step_size": 15, "gamma": 0.5}, "base_lr": 0.1}"#;

/// PNG: the signature, an IHDR of exactly W × H, the same bytes on stdout and in `-o FILE`,
/// and text really rendered (the x title's pixels are dark on the white background).
#[test]
fn png_has_the_requested_size_and_rendered_text() {
    let file = out_dir().join("cosine_step.png");
    let path = file.to_str().unwrap();
    let args = [
        "plot", "--format", "png", "--width", "640", "--height", "320", "--steps", "60", COSINE,
        STEP,
    ];
    let o = anneal(&[&args[..], &["-o", path]].concat(), None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(o.stdout.is_empty());
    let png = std::fs::read(&file).expect("png written");
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    assert_eq!(&png[12..16], b"IHDR");
    let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    assert_eq!((be(&png[16..20]), be(&png[20..24])), (640, 320));
    let piped = anneal(&args, None);
    assert_eq!(piped.status.code(), Some(0));
    assert_eq!(piped.stdout, png, "stdout and -o give the same PNG");

    let pixmap = Pixmap::decode_png(&png).expect("decodes");
    let dark = |x0: u32, x1: u32, y0: u32, y1: u32| {
        let mut n = 0;
        for y in y0..y1 {
            for x in x0..x1 {
                let p = pixmap.pixel(x, y).unwrap();
                if p.red() < 110 && p.green() < 110 && p.blue() < 110 && p.alpha() > 200 {
                    n += 1;
                }
            }
        }
        n
    };
    // The x title "step" is centred under the plot in the bottom 30 px; the legend text sits
    // in the top 30 px right of the swatches.
    assert!(dark(250, 390, 290, 320) >= 15, "x title not rendered");
    assert!(dark(80, 400, 0, 30) >= 40, "legend text not rendered");
    // The corners are background.
    assert_eq!(dark(0, 8, 0, 8), 0);
}

/// The training chart: each spec trained as `anneal train` trains it, the optimum line, and
/// a diverging run's marker at the epoch `anneal train` reports.
#[test]
fn loss_plot_trains_each_spec_like_train() {
    let big = r#"{"scheduler": "torch.optim.lr_scheduler.ConstantLR", "params": {"factor": 1.0}, "base_lr": 1000}"#;
    let args = ["plot", "--loss", "--epochs", "30", COSINE, STEP, big];
    let o = anneal(&args, None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    std::fs::write(out_dir().join("loss.svg"), &text).unwrap();
    let svg = parse_svg(&text);
    for t in [
        "epoch",
        "training objective",
        "optimum",
        "CosineAnnealingLR",
        "StepLR",
        "ConstantLR",
    ] {
        assert!(svg.texts.iter().any(|x| x == t), "{t}: {:?}", svg.texts);
    }
    let train = anneal(&["train", "--epochs", "30", big], None);
    assert_eq!(train.status.code(), Some(0));
    let line = stderr(&train);
    let epoch = line
        .trim()
        .strip_prefix("diverged at epoch ")
        .expect("the constant rate of 1000 diverges");
    assert!(
        svg.texts
            .iter()
            .any(|t| *t == format!("diverged at epoch {epoch}")),
        "{:?}",
        svg.texts
    );
    assert!(stderr(&o).contains(&format!("ConstantLR: diverged at epoch {epoch}")));
    // Same flags as train: a bad data set or split is named.
    assert_bad(
        &anneal(&["plot", "--loss", "--dataset", "nope", COSINE], None),
        "dataset",
    );
    assert_bad(
        &anneal(&["plot", "--loss", "--split", "2", COSINE], None),
        "split",
    );
}

#[test]
fn bad_input_exits_2_naming_the_field() {
    let bad = r#"{"scheduler": "torch.optim.lr_scheduler.StepLR", "params": {"step_size": "x"}, "base_lr": 0.1}"#;
    assert_bad(&anneal(&["plot", "--steps", "10", bad], None), "step_size");
    assert_bad(
        &anneal(&["plot", "--steps", "10", COSINE, "{"], None),
        "spec",
    );
    assert_bad(&anneal(&["plot", COSINE], None), "steps");
    assert_bad(
        &anneal(&["plot", "--width", "0", "--steps", "5", COSINE], None),
        "width",
    );
    assert_bad(
        &anneal(
            &["plot", "--height", "100000", "--steps", "5", COSINE],
            None,
        ),
        "height",
    );
    assert_bad(
        &anneal(&["plot", "--loss", "--steps", "5", COSINE], None),
        "steps",
    );
    assert_bad(
        &anneal(&["plot", "--steps", "5", "-", "-"], Some(COSINE)),
        "spec",
    );
    // Usage errors are clap's, exit 2 too.
    assert_eq!(
        anneal(&["plot", "--format", "gif", COSINE], None)
            .status
            .code(),
        Some(2)
    );
    assert_eq!(anneal(&["plot"], None).status.code(), Some(2));
}

/// `-` reads the spec from stdin; `-o` writes the same SVG as stdout; `--theme dark` colours
/// the background.
#[test]
fn stdin_output_file_and_theme() {
    let o = anneal(&["plot", "--steps", "41", "-"], Some(COSINE));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let direct = anneal(&["plot", "--steps", "41", COSINE], None);
    assert_eq!(o.stdout, direct.stdout);
    let file = out_dir().join("cosine.svg");
    let f = anneal(
        &[
            "plot",
            "--steps",
            "41",
            "-o",
            file.to_str().unwrap(),
            COSINE,
        ],
        None,
    );
    assert_eq!(f.status.code(), Some(0));
    assert!(f.stdout.is_empty());
    assert_eq!(std::fs::read(&file).unwrap(), direct.stdout);
    let dark = anneal(&["plot", "--steps", "41", "--theme", "dark", COSINE], None);
    let svg = parse_svg(&stdout(&dark));
    assert_eq!(svg.background, "#1B1D21");
    assert_eq!(parse_svg(&stdout(&direct)).background, "#FFFFFF");
    // An output file that cannot be written: exit 1.
    let o = anneal(
        &[
            "plot",
            "--steps",
            "5",
            "-o",
            "/nonexistent/dir/x.svg",
            COSINE,
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
}
