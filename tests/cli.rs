//! The `anneal` binary's contract (DESIGN.md, "ScheduleSpec and the CLI contract"): exit
//! statuses, one-line errors naming the field, `--steps` rules, `list`, a golden case piped
//! through `anneal eval -`, and `anneal train`'s CSV, `--optimum`, ReduceLROnPlateau on the
//! live objective and the optimizers.

mod common;
use common::{anneal, assert_bad, stderr, stdout};

use serde_json::Value;

const COSINE: &str = "torch.optim.lr_scheduler.CosineAnnealingLR";

fn supported(name: &str) -> bool {
    anneal::spec::all_schedulers().contains(&name)
}

#[test]
fn eval_rejects_a_bad_spec_with_one_line_naming_the_field() {
    assert_bad(
        &anneal(
            &["eval", "--steps", "3", r#"{"params": {}, "base_lr": 0.1}"#],
            None,
        ),
        "scheduler",
    );
    assert_bad(
        &anneal(
            &[
                "eval",
                "--steps",
                "3",
                r#"{"scheduler": "no.such.Scheduler"}"#,
            ],
            None,
        ),
        "scheduler",
    );
    assert_bad(
        &anneal(&["eval", r#"{"scheduler": "x", "epochs": [0, -1]}"#], None),
        "epochs",
    );
    assert_bad(
        &anneal(
            &["eval", r#"{"scheduler": "x", "metrics": [1.0, NaN]}"#],
            None,
        ),
        "spec",
    ); // not JSON
    assert_bad(&anneal(&["eval", "-"], Some("{\"scheduler\": ")), "spec");
    assert_bad(
        &anneal(
            &[
                "eval",
                "--steps",
                "2",
                r#"{"scheduler": "x", "base_lr": "0.1"}"#,
            ],
            None,
        ),
        "base_lr",
    );
    assert_bad(&anneal(&["eval", "--steps", "2", "[1, 2]"], None), "spec");
}

#[test]
fn eval_steps_rules() {
    // Required without `epochs`/`metrics` ...
    assert_bad(
        &anneal(
            &[
                "eval",
                &format!(
                    r#"{{"scheduler": "{COSINE}", "params": {{"T_max": 5}}, "base_lr": 0.1}}"#
                ),
            ],
            None,
        ),
        "steps",
    );
    // ... and, when given with them, must equal the implied length.
    let with_epochs = format!(
        r#"{{"scheduler": "{COSINE}", "params": {{"T_max": 5}}, "base_lr": 0.1, "epochs": [0, 1, 2]}}"#
    );
    assert_bad(
        &anneal(&["eval", "--steps", "4", &with_epochs], None),
        "steps",
    );
    let with_metrics = r#"{"scheduler": "torch.optim.lr_scheduler.ReduceLROnPlateau", "base_lr": 0.1, "metrics": [1, 2]}"#;
    assert_bad(
        &anneal(&["eval", "--steps", "2", with_metrics], None),
        "steps",
    );
    // Not a count: clap's usage error, also exit 2.
    let o = anneal(&["eval", "--steps", "-1", &with_epochs], None);
    assert_eq!(o.status.code(), Some(2));
    let o = anneal(&["eval", "--steps", "many", &with_epochs], None);
    assert_eq!(o.status.code(), Some(2));
    let o = anneal(&["eval"], None);
    assert_eq!(o.status.code(), Some(2), "SPEC is required");
}

#[test]
fn list_prints_every_supported_scheduler() {
    let o = anneal(&["list"], None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let printed: Vec<String> = stdout(&o).lines().map(str::to_string).collect();
    let expected: Vec<String> = anneal::spec::all_schedulers()
        .into_iter()
        .map(str::to_string)
        .collect();
    assert_eq!(printed, expected);
}

#[test]
fn list_json_prints_every_description() {
    let o = anneal(&["list", "--json"], None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let doc: Value = serde_json::from_str(&stdout(&o)).expect("list --json prints JSON");
    let items = doc.as_array().expect("a JSON array");
    // Same schedulers, same order as the plain list.
    let plain = stdout(&anneal(&["list"], None));
    let paths: Vec<&str> = items
        .iter()
        .map(|s| s["path"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(paths, plain.lines().collect::<Vec<_>>());
    assert_eq!(items.len(), 43);
    for s in items {
        let path = s["path"].as_str().unwrap_or("?");
        for key in ["library", "doc", "source", "base_lr", "unit"] {
            assert!(s[key].is_string(), "{path}: {key}");
        }
        assert!(
            path.starts_with(s["library"].as_str().unwrap_or("-")),
            "{path}"
        );
        assert!(
            s["run_length"].is_string() || s["run_length"].is_null(),
            "{path}"
        );
        for k in s["kwargs"].as_array().expect("kwargs") {
            let name = k["name"].as_str().unwrap_or("?");
            assert!(k["kind"]["type"].is_string(), "{path}.{name}: kind");
            assert!(k["doc"].is_string(), "{path}.{name}: doc");
            assert!(
                k["control"].is_boolean() && k["keyword_only"].is_boolean(),
                "{path}.{name}"
            );
            // A required kwarg has no default and always an example.
            if k.get("default").is_none() {
                assert!(
                    k.get("example").is_some(),
                    "{path}.{name}: required without example"
                );
            }
        }
    }
    // Spot checks against the libraries' signatures.
    let find = |p: &str| items.iter().find(|s| s["path"] == p).expect(p);
    let cal = find(COSINE);
    assert_eq!(cal["kwargs"][0]["name"], "T_max");
    assert_eq!(cal["kwargs"][0]["kind"]["type"], "int");
    assert_eq!(cal["kwargs"][1]["default"], 0.0);
    assert_eq!(cal["run_length"], "T_max");
    let plateau = find("torch.optim.lr_scheduler.ReduceLROnPlateau");
    assert_eq!(
        plateau["kwargs"][0]["kind"]["choices"],
        serde_json::json!(["min", "max"])
    );
    let wsd = find("transformers.optimization.get_wsd_schedule");
    assert_eq!(wsd["kwargs"][2]["name"], "num_training_steps");
    assert_eq!(wsd["kwargs"][2]["default"], Value::Null);
    let keras = find("keras.optimizers.schedules.CosineDecay");
    assert_eq!(keras["base_lr"], "unused");
    assert_eq!(keras["kwargs"][3]["name"], "name");
    assert_eq!(keras["kwargs"][3]["control"], false);
}

#[test]
fn eval_cosine_with_epochs_prints_the_closed_form() {
    // golden/README.md: T_max=10, lr 0.1: step(20) gives the closed form's 0.1, where plain
    // step() gives the recursive 0.10000000000000044.
    let spec = format!(
        r#"{{"scheduler": "{COSINE}", "params": {{"T_max": 10}}, "base_lr": 0.1, "epochs": [0, 10, 20]}}"#
    );
    let o = anneal(&["eval", &spec], None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o), "0.1\n0\n0.1\n");
    let recursive =
        format!(r#"{{"scheduler": "{COSINE}", "params": {{"T_max": 10}}, "base_lr": 0.1}}"#);
    let o = anneal(&["eval", "--steps", "21", &recursive], None);
    assert_eq!(stdout(&o).lines().last(), Some("0.10000000000000044"));
}

#[test]
fn golden_cosine_case_piped_through_eval() {
    // The case comes from tests/data/torch.json (computed by torch 2.15.0 itself; see
    // tests/data/README.md): CosineAnnealingLR, T_max = 10, eta_min = 0.001, base_lr = 0.1,
    // stepped to 3·T_max (the recursive form's values, float64).
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/torch.json"
    ))
    .expect("torch.json");
    let doc: Value = serde_json::from_str(&text).expect("JSON");
    let case = doc["cases"]
        .as_array()
        .expect("cases")
        .iter()
        .find(|c| {
            c["scheduler"] == COSINE
                && c["params"]["T_max"] == 10
                && c["params"]["eta_min"].as_f64() == Some(0.001)
                && c["base_lr"].as_f64() == Some(0.1)
        })
        .expect("the CosineAnnealingLR T_max=10 eta_min=0.001 base_lr=0.1 case");
    assert!(
        case.get("dtype").is_none() && case.get("precision_note").is_none(),
        "a float64 case"
    );
    let expected: Vec<f64> = case["lr"]
        .as_array()
        .expect("lr")
        .iter()
        .map(|v| v.as_f64().expect("number"))
        .collect();
    assert_eq!(expected.len(), 31);

    let steps = expected.len().to_string();
    let o = anneal(&["eval", "--steps", &steps, "-"], Some(&case.to_string()));
    assert_eq!(o.status.code(), Some(0), "stderr: {}", stderr(&o));
    let got: Vec<f64> = stdout(&o)
        .lines()
        .map(|l| {
            l.parse::<f64>()
                .unwrap_or_else(|_| panic!("not an f64: {l:?}"))
        })
        .collect();
    assert_eq!(got.len(), expected.len());
    for (t, (g, w)) in got.iter().zip(&expected).enumerate() {
        let ok = g == w || (g - w).abs() <= 1e-15 || (g - w).abs() <= 1e-12 * w.abs();
        assert!(ok, "t = {t}: got {g:e}, expected {w:e}");
    }
}

#[test]
fn train_optimum_matches_scikit_learn() {
    // Reference: /work/shared/datasets/README.md (scikit-learn LogisticRegression, lbfgs,
    // tol 1e-12, breast_cancer, all rows, λ = 1e-2).
    let o = anneal(
        &["train", "--optimum", "--split", "none", "--l2", "1e-2"],
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert_eq!(out.lines().count(), 1);
    let f: f64 = out.trim().parse().expect("one number");
    assert!((f - 0.0995913754847).abs() <= 1e-9 * 0.0995913754847, "{f}");
    // SPEC is optional and ignored with --optimum.
    let o2 = anneal(
        &[
            "train",
            "--optimum",
            "--split",
            "none",
            "--l2",
            "1e-2",
            "{not json",
        ],
        None,
    );
    assert_eq!(stdout(&o2), out);
}

#[test]
fn train_rejects_bad_values_naming_the_field() {
    let spec = format!(r#"{{"scheduler": "{COSINE}", "params": {{"T_max": 5}}, "base_lr": 0.1}}"#);
    for (flag, value, field) in [
        ("--split", "1.5", "split"),
        ("--split", "half", "split"),
        ("--l2", "-1", "l2"),
        ("--momentum", "1", "momentum"),
        ("--batch-size", "0", "batch_size"),
        ("--epochs", "0", "epochs"),
        ("--dataset", "mnist", "dataset"),
    ] {
        assert_bad(&anneal(&["train", flag, value, &spec], None), field);
    }
    assert_bad(
        &anneal(
            &["train", "--optimum", "--split", "none", "--l2", "0"],
            None,
        ),
        "l2",
    );
    assert_bad(&anneal(&["train", r#"{"params": {}}"#], None), "scheduler");
    // Usage errors (clap): no SPEC without --optimum, unknown unit.
    assert_eq!(anneal(&["train"], None).status.code(), Some(2));
    assert_eq!(
        anneal(&["train", "--unit", "batch", &spec], None)
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn train_prints_the_csv_contract() {
    let spec = format!(
        r#"{{"scheduler": "{COSINE}", "params": {{"T_max": 7, "eta_min": 0.001}}, "base_lr": 0.1}}"#
    );
    let o = anneal(&["train", "--epochs", "7", "--split", "none", &spec], None);
    if !supported(COSINE) {
        // Until the torch schedules are merged, evaluation fails cleanly.
        assert_bad(&o, "scheduler");
        return;
    }
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        "epoch,step,lr,train_objective,train_accuracy,test_accuracy"
    );
    assert_eq!(lines.len(), 1 + 8, "header + epoch 0 + 7 epochs");
    let per_epoch = 569_usize.div_ceil(32);
    for (k, line) in lines[1..].iter().enumerate() {
        let f: Vec<&str> = line.split(',').collect();
        assert_eq!(f.len(), 6, "{line}");
        assert_eq!(
            (
                f[0].parse::<usize>().unwrap(),
                f[1].parse::<usize>().unwrap()
            ),
            (k, k * per_epoch)
        );
        assert!(
            f[2].parse::<f64>().is_ok()
                && f[3].parse::<f64>().is_ok()
                && f[4].parse::<f64>().is_ok()
        );
        assert_eq!(f[5], "", "no test accuracy with --split none");
    }
    // epoch-0 row: the rate the first step uses (base_lr); epoch 1 used it too.
    assert_eq!(lines[1].split(',').nth(2), Some("0.1"));
    assert_eq!(lines[2].split(',').nth(2), Some("0.1"));

    // --unit step: the same rows, with a test split.
    let o = anneal(&["train", "--epochs", "3", "--unit", "step", &spec], None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert_eq!(out.lines().count(), 1 + 4);
    assert!(out.lines().skip(1).all(|l| l
        .split(',')
        .nth(5)
        .is_some_and(|a| a.parse::<f64>().is_ok())));

    // Divergence: rows up to it, then one stderr line, exit 0.
    let huge =
        format!(r#"{{"scheduler": "{COSINE}", "params": {{"T_max": 50}}, "base_lr": 10000.0}}"#);
    let o = anneal(&["train", "--l2", "1", &huge], None);
    assert_eq!(o.status.code(), Some(0));
    let err = stderr(&o);
    assert!(
        err.starts_with("diverged at epoch ") && err.lines().count() == 1,
        "{err:?}"
    );
    let at: usize = err
        .trim()
        .trim_start_matches("diverged at epoch ")
        .parse()
        .expect("epoch");
    assert_eq!(
        stdout(&o).lines().count(),
        1 + at,
        "header + epochs 0..at-1"
    );
    assert!(!stdout(&o).contains("NaN"));
}

/// QA found that `--steps 18446744073709551615` panicked ("capacity overflow") and
/// `--steps 1000000000` ate 6 GB before printing anything: both are now refused up front.
#[test]
fn huge_lengths_are_refused_not_allocated() {
    let spec = r#"{"scheduler": "no.such.Scheduler"}"#;
    for steps in ["18446744073709551615", "1000000000"] {
        assert_bad(&anneal(&["eval", "--steps", steps, spec], None), "steps");
    }
    assert_bad(
        &anneal(&["train", "--epochs", "100000000", "--optimum"], None),
        "epochs",
    );
    assert_bad(&anneal(&["eval", spec], None), "steps");
}

/// DESIGN.md: where the library itself would print a different value (the float-log restart
/// points of CosineAnnealingWarmRestarts.step(epoch)), `anneal eval` prints the correct value
/// and one `quirk:` line per affected step on stderr, exit 0. T_0 = 1, T_mult = 3: torch's
/// `int(math.log(243, 3))` is 4, so step(121) gives 0.0 where the restart gives base_lr.
#[test]
fn eval_prints_the_correct_value_and_a_quirk_line() {
    let spec = r#"{"scheduler": "torch.optim.lr_scheduler.CosineAnnealingWarmRestarts",
        "params": {"T_0": 1, "T_mult": 3}, "base_lr": 1.0, "epochs": [120.5, 121, 122]}"#;
    let o = anneal(&["eval", "-"], Some(spec));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let lines: Vec<f64> = stdout(&o).lines().map(|l| l.parse().unwrap()).collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[1], 1.0, "the restart at epoch 121 is base_lr");
    let err = stderr(&o);
    let quirks: Vec<&str> = err.lines().filter(|l| l.starts_with("quirk: ")).collect();
    assert_eq!(quirks.len(), 1, "{err}");
    assert!(
        quirks[0].contains("step 1") && quirks[0].contains("gives 0"),
        "{err}"
    );
}

/// `anneal train` with ReduceLROnPlateau (issue "Schedule Lab"): without `metrics` it steps
/// on the live training objective once per epoch; the `train_objective` column of that run,
/// given back as the spec's `metrics`, replays it exactly; `--plateau-metric test_loss`
/// needs a test split; too few metrics to replay are refused naming `metrics`.
#[test]
fn train_steps_reduce_lr_on_plateau_on_the_live_objective() {
    const PLATEAU: &str = "torch.optim.lr_scheduler.ReduceLROnPlateau";
    let spec = format!(
        r#"{{"scheduler": "{PLATEAU}", "params": {{"patience": 1, "factor": 0.5, "threshold": 0.001}}, "base_lr": 2.0}}"#
    );
    for unit in ["epoch", "step"] {
        let o = anneal(&["train", "--epochs", "30", "--unit", unit, &spec], None);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let live = stdout(&o);
        let rows: Vec<Vec<&str>> = live
            .lines()
            .skip(1)
            .map(|l| l.split(',').collect())
            .collect();
        assert_eq!(rows.len(), 31);
        let lrs: Vec<f64> = rows.iter().map(|r| r[2].parse().unwrap()).collect();
        assert!(
            lrs.windows(2).filter(|w| w[1] < w[0]).count() >= 2,
            "{unit}: reduces on the live loss: {lrs:?}"
        );
        // `anneal eval` with the recorded metrics gives the rates the run used.
        let metrics: Vec<&str> = rows[1..].iter().map(|r| r[3]).collect();
        let with_metrics = format!(
            r#"{{"scheduler": "{PLATEAU}", "params": {{"patience": 1, "factor": 0.5, "threshold": 0.001}}, "base_lr": 2.0, "metrics": [{}]}}"#,
            metrics.join(", ")
        );
        let eval = anneal(&["eval", &with_metrics], None);
        assert_eq!(eval.status.code(), Some(0), "{}", stderr(&eval));
        let eval_out = stdout(&eval);
        let evaluated: Vec<&str> = eval_out.lines().take(30).collect();
        let used: Vec<&str> = rows[1..].iter().map(|r| r[2]).collect();
        assert_eq!(used, evaluated, "{unit}");
        // The same spec replays the run, row for row.
        let o = anneal(
            &["train", "--epochs", "30", "--unit", unit, &with_metrics],
            None,
        );
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert_eq!(stdout(&o), live, "{unit}");
    }
    let o = anneal(
        &[
            "train",
            "--epochs",
            "5",
            "--plateau-metric",
            "test_loss",
            &spec,
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_bad(
        &anneal(
            &[
                "train",
                "--split",
                "none",
                "--plateau-metric",
                "test_loss",
                &spec,
            ],
            None,
        ),
        "plateau_metric",
    );
    let short = format!(r#"{{"scheduler": "{PLATEAU}", "base_lr": 0.1, "metrics": [1, 2]}}"#);
    assert_bad(
        &anneal(&["train", "--epochs", "5", &short], None),
        "metrics",
    );
    assert_eq!(
        anneal(&["train", "--epochs", "3", &short], None)
            .status
            .code(),
        Some(0)
    );
}

/// `anneal train --optimizer sgd|adam|adamw` and `--nesterov` (issue "Classroom"): each runs
/// with the CSV contract unchanged and gives its own run; PyTorch's argument rules name the
/// flag.
#[test]
fn train_takes_the_optimizers() {
    let spec = format!(r#"{{"scheduler": "{COSINE}", "params": {{"T_max": 5}}, "base_lr": 0.01}}"#);
    let run = |extra: &[&str]| {
        let mut args = vec!["train", "--epochs", "5"];
        args.extend_from_slice(extra);
        args.push(&spec);
        let o = anneal(&args, None);
        assert_eq!(o.status.code(), Some(0), "{extra:?}: {}", stderr(&o));
        let out = stdout(&o);
        assert_eq!(
            out.lines().next(),
            Some("epoch,step,lr,train_objective,train_accuracy,test_accuracy")
        );
        assert_eq!(out.lines().count(), 1 + 6);
        out
    };
    let sgd = run(&[]);
    assert_eq!(run(&["--optimizer", "sgd"]), sgd, "sgd is the default");
    let nesterov = run(&["--momentum", "0.9", "--nesterov"]);
    let heavy_ball = run(&["--momentum", "0.9"]);
    let adam = run(&["--optimizer", "adam"]);
    let adamw = run(&["--optimizer", "adamw"]);
    for (a, b) in [
        (&sgd, &adam),
        (&adam, &adamw),
        (&nesterov, &heavy_ball),
        (&sgd, &heavy_ball),
    ] {
        assert_ne!(a, b);
    }
    assert_bad(&anneal(&["train", "--nesterov", &spec], None), "nesterov");
    assert_bad(
        &anneal(
            &["train", "--optimizer", "adam", "--momentum", "0.9", &spec],
            None,
        ),
        "momentum",
    );
    assert_bad(
        &anneal(
            &["train", "--optimizer", "adamw", "--nesterov", &spec],
            None,
        ),
        "nesterov",
    );
    assert_eq!(
        anneal(&["train", "--optimizer", "rmsprop", &spec], None)
            .status
            .code(),
        Some(2)
    );
}
