//! Porting (`anneal::spec::port`, issue "Bring your own schedule"): every equivalence of the
//! table is checked numerically over its claimed range — independently of the verdict,
//! within 1e-12 relative (or float32 rounding where Keras is involved, and then the verdict
//! says so) — every claimed difference is checked to really differ, the verdict agrees with
//! what is measured, cross-library golden cases with matching kwargs agree over the claimed
//! range, and `anneal port` keeps its contract (stdout spec, `verdict:` line, exit 0/2/3).

mod common;
use common::anneal;

use anneal::spec::describe::{self, Library};
use anneal::spec::port::{port, PortError, Ported, EQUIVALENCES};
use anneal::spec::ScheduleSpec;
use serde_json::{json, Value};

fn spec(v: Value) -> ScheduleSpec {
    serde_json::from_value(v).expect("spec")
}

/// Sources covering every family and every member library as a source, with run lengths
/// that go beyond the schedules' ends (so hold-vs-rise shows).
fn sources() -> Vec<(ScheduleSpec, usize)> {
    let t = "torch.optim.lr_scheduler.";
    let tf = "transformers.optimization.";
    let k = "keras.optimizers.schedules.";
    vec![
        // Cosine family.
        (
            spec(
                json!({"scheduler": format!("{t}CosineAnnealingLR"), "params": {"T_max": 50, "eta_min": 0.001}, "base_lr": 0.1}),
            ),
            80,
        ),
        (
            spec(
                json!({"scheduler": format!("{t}CosineAnnealingLR"), "params": {"T_max": 10}, "base_lr": 1.0}),
            ),
            10,
        ),
        (
            spec(
                json!({"scheduler": format!("{t}SequentialLR"), "base_lr": 0.1, "params": {"milestones": [5], "schedulers": [
            {"scheduler": format!("{t}LinearLR"), "params": {"start_factor": 0.01, "total_iters": 5}},
            {"scheduler": format!("{t}CosineAnnealingLR"), "params": {"T_max": 45, "eta_min": 0.001}}]}}),
            ),
            70,
        ),
        (
            spec(
                json!({"scheduler": "timm.scheduler.CosineLRScheduler", "params": {"t_initial": 40, "lr_min": 0.002}, "base_lr": 0.1}),
            ),
            60,
        ),
        (
            spec(
                json!({"scheduler": "timm.scheduler.CosineLRScheduler", "params": {"t_initial": 40, "warmup_t": 5, "warmup_lr_init": 0.001, "warmup_prefix": true}, "base_lr": 0.1}),
            ),
            60,
        ),
        (
            spec(
                json!({"scheduler": "timm.scheduler.CosineLRScheduler", "params": {"t_initial": 40, "warmup_t": 5, "warmup_lr_init": 0.001}, "base_lr": 0.1}),
            ),
            60,
        ),
        (
            spec(
                json!({"scheduler": format!("{tf}get_cosine_schedule_with_warmup"), "params": {"num_warmup_steps": 30, "num_training_steps": 300}, "base_lr": 0.1}),
            ),
            320,
        ),
        (
            spec(
                json!({"scheduler": format!("{tf}get_cosine_with_min_lr_schedule_with_warmup"), "params": {"num_warmup_steps": 0, "num_training_steps": 100, "min_lr_rate": 0.1}, "base_lr": 0.1}),
            ),
            120,
        ),
        (
            spec(
                json!({"scheduler": format!("{tf}get_constant_schedule_with_warmup"), "params": {"num_warmup_steps": 10}, "base_lr": 0.1}),
            ),
            40,
        ),
        (
            spec(json!({"scheduler": format!("{tf}get_constant_schedule"), "base_lr": 0.1})),
            20,
        ),
        (
            spec(
                json!({"scheduler": "optax.cosine_decay_schedule", "params": {"init_value": 0.1, "decay_steps": 100, "alpha": 0.1}}),
            ),
            130,
        ),
        (
            spec(
                json!({"scheduler": "optax.cosine_decay_schedule", "params": {"init_value": 0.1, "decay_steps": 100, "exponent": 2.0}}),
            ),
            100,
        ),
        (
            spec(
                json!({"scheduler": "optax.warmup_cosine_decay_schedule", "params": {"init_value": 0.0, "peak_value": 1.0, "warmup_steps": 10, "decay_steps": 100, "end_value": 0.1}}),
            ),
            120,
        ),
        (
            spec(json!({"scheduler": "optax.constant_schedule", "params": {"value": 0.05}})),
            20,
        ),
        (
            spec(
                json!({"scheduler": "optax.warmup_constant_schedule", "params": {"init_value": 0.0, "peak_value": 0.1, "warmup_steps": 8}}),
            ),
            30,
        ),
        (
            spec(
                json!({"scheduler": format!("{k}CosineDecay"), "params": {"initial_learning_rate": 0.1, "decay_steps": 100, "alpha": 0.05}}),
            ),
            130,
        ),
        (
            spec(
                json!({"scheduler": format!("{k}CosineDecay"), "params": {"initial_learning_rate": 0.0, "decay_steps": 100, "warmup_target": 1.0, "warmup_steps": 10, "alpha": 0.1}}),
            ),
            130,
        ),
        // Restarts.
        (
            spec(
                json!({"scheduler": format!("{t}CosineAnnealingWarmRestarts"), "params": {"T_0": 10, "T_mult": 2, "eta_min": 0.001}, "base_lr": 0.1}),
            ),
            150,
        ),
        (
            spec(
                json!({"scheduler": format!("{t}CosineAnnealingWarmRestarts"), "params": {"T_0": 10, "T_mult": 1}, "base_lr": 0.1}),
            ),
            65,
        ),
        (
            spec(
                json!({"scheduler": "timm.scheduler.CosineLRScheduler", "params": {"t_initial": 10, "cycle_mul": 2.0, "cycle_limit": 3, "cycle_decay": 0.5}, "base_lr": 0.1}),
            ),
            90,
        ),
        (
            spec(
                json!({"scheduler": format!("{tf}get_cosine_with_hard_restarts_schedule_with_warmup"), "params": {"num_warmup_steps": 0, "num_training_steps": 100, "num_cycles": 4}, "base_lr": 0.1}),
            ),
            110,
        ),
        (
            spec(
                json!({"scheduler": "optax.sgdr_schedule", "params": {"cosine_kwargs": [
            {"init_value": 0.1, "peak_value": 0.1, "warmup_steps": 0, "decay_steps": 10, "end_value": 0.0},
            {"init_value": 0.1, "peak_value": 0.1, "warmup_steps": 0, "decay_steps": 20, "end_value": 0.0}]}}),
            ),
            40,
        ),
        (
            spec(
                json!({"scheduler": format!("{k}CosineDecayRestarts"), "params": {"initial_learning_rate": 1.0, "first_decay_steps": 10, "t_mul": 2.0, "m_mul": 0.5}}),
            ),
            150,
        ),
        // Step / exponential.
        (
            spec(
                json!({"scheduler": format!("{t}StepLR"), "params": {"step_size": 30, "gamma": 0.5}, "base_lr": 0.1}),
            ),
            100,
        ),
        (
            spec(
                json!({"scheduler": format!("{t}ExponentialLR"), "params": {"gamma": 0.99}, "base_lr": 0.1}),
            ),
            300,
        ),
        (
            spec(
                json!({"scheduler": "optax.exponential_decay", "params": {"init_value": 0.1, "transition_steps": 10, "decay_rate": 0.5}}),
            ),
            60,
        ),
        (
            spec(
                json!({"scheduler": format!("{k}ExponentialDecay"), "params": {"initial_learning_rate": 0.1, "decay_steps": 7, "decay_rate": 0.5, "staircase": true}}),
            ),
            60,
        ),
        // Multi-step.
        (
            spec(
                json!({"scheduler": format!("{t}MultiStepLR"), "params": {"milestones": [5, 5, 10], "gamma": 0.1}, "base_lr": 0.1}),
            ),
            20,
        ),
        (
            spec(
                json!({"scheduler": "optax.piecewise_constant_schedule", "params": {"init_value": 0.1, "boundaries_and_scales": {"10": 0.1, "20": 0.1}}}),
            ),
            30,
        ),
        (
            spec(
                json!({"scheduler": format!("{k}PiecewiseConstantDecay"), "params": {"boundaries": [10, 20], "values": [0.1, 0.05, 0.025]}}),
            ),
            30,
        ),
        // Polynomial / linear.
        (
            spec(
                json!({"scheduler": format!("{t}LinearLR"), "params": {"start_factor": 0.25, "end_factor": 0.75, "total_iters": 40}, "base_lr": 0.1}),
            ),
            60,
        ),
        (
            spec(
                json!({"scheduler": format!("{t}PolynomialLR"), "params": {"total_iters": 50, "power": 2.0}, "base_lr": 0.1}),
            ),
            60,
        ),
        (
            spec(
                json!({"scheduler": format!("{tf}get_linear_schedule_with_warmup"), "params": {"num_warmup_steps": 0, "num_training_steps": 50}, "base_lr": 0.1}),
            ),
            60,
        ),
        (
            spec(
                json!({"scheduler": format!("{tf}get_polynomial_decay_schedule_with_warmup"), "params": {"num_warmup_steps": 0, "num_training_steps": 50, "lr_end": 0.001, "power": 2.0}, "base_lr": 0.1}),
            ),
            60,
        ),
        (
            spec(
                json!({"scheduler": "optax.polynomial_schedule", "params": {"init_value": 0.1, "end_value": 0.01, "power": 3, "transition_steps": 40}}),
            ),
            50,
        ),
        (
            spec(
                json!({"scheduler": "optax.linear_schedule", "params": {"init_value": 0.1, "end_value": 0.0, "transition_steps": 40}}),
            ),
            50,
        ),
        (
            spec(
                json!({"scheduler": format!("{k}PolynomialDecay"), "params": {"initial_learning_rate": 0.1, "decay_steps": 40, "end_learning_rate": 0.01, "power": 0.5}}),
            ),
            50,
        ),
        // One-cycle.
        (
            spec(
                json!({"scheduler": format!("{t}OneCycleLR"), "params": {"max_lr": 0.1, "total_steps": 100}}),
            ),
            101,
        ),
        (
            spec(
                json!({"scheduler": format!("{t}OneCycleLR"), "params": {"max_lr": 0.1, "total_steps": 100, "pct_start": 0.255}}),
            ),
            100,
        ),
        (
            spec(
                json!({"scheduler": "optax.cosine_onecycle_schedule", "params": {"transition_steps": 100, "peak_value": 0.1}}),
            ),
            101,
        ),
        // WSD.
        (
            spec(
                json!({"scheduler": format!("{tf}get_wsd_schedule"), "params": {"num_warmup_steps": 10, "num_decay_steps": 20, "num_training_steps": 100, "min_lr_ratio": 0.1}, "base_lr": 0.1}),
            ),
            120,
        ),
        (
            spec(
                json!({"scheduler": format!("{tf}get_wsd_schedule"), "params": {"num_warmup_steps": 10, "num_decay_steps": 20, "num_training_steps": 100, "decay_type": "linear"}, "base_lr": 0.1}),
            ),
            110,
        ),
    ]
}

fn library(path: &str) -> Library {
    describe::find(path).expect("described").library
}

fn rates(s: &ScheduleSpec, n: usize) -> Vec<f64> {
    match s.evaluate(Some(n)) {
        Ok(ev) => ev.lr,
        // OneCycleLR past total_steps: compare what exists.
        Err(anneal::schedule::ScheduleError::Raised { step, .. }) => {
            s.evaluate(Some(step)).unwrap().lr
        }
        Err(e) => panic!("{}: {e}", s.scheduler),
    }
}

/// The tolerance of the issue: 1e-12 relative (with an absolute floor of 1e-15 of the
/// peak for zeros), or float32 rounding (1e-6 of the peak) where Keras computes.
fn same(a: f64, b: f64, peak: f64, float32: bool) -> bool {
    let d = (a - b).abs();
    if float32 {
        d <= 1e-6 * peak
    } else {
        d <= 1e-12 * a.abs().max(b.abs()) || d <= 1e-15 * peak
    }
}

struct Checked {
    pairs: usize,
    exact: usize,
    differences: usize,
    no_family: usize,
    rows: Vec<String>,
}

fn check_all() -> Checked {
    let mut c = Checked {
        pairs: 0,
        exact: 0,
        differences: 0,
        no_family: 0,
        rows: Vec::new(),
    };
    let mut failures = Vec::new();
    for (src, n) in sources() {
        let from = library(&src.scheduler);
        for to in Library::ALL {
            if to == from {
                continue;
            }
            let label = format!("{} -> {}", src.scheduler, to.key());
            let Ported {
                spec: out,
                verdict,
                claim,
            } = match port(&src, to, n) {
                Ok(p) => p,
                Err(PortError::NoFamily { .. }) => {
                    c.no_family += 1;
                    continue;
                }
                Err(e) => {
                    failures.push(format!("{label}: {e}"));
                    continue;
                }
            };
            c.pairs += 1;
            let a = rates(&src, n);
            let b = rates(&out, n);
            let m = a.len().min(b.len());
            let peak = a.iter().chain(&b).fold(0.0_f64, |p, v| p.max(v.abs()));
            let float32 = from == Library::Keras || to == Library::Keras;
            let first_diff = (0..m).find(|&t| !same(a[t], b[t], peak, float32));
            // The verdict says what was measured.
            let measured_through = match first_diff {
                Some(0) => None,
                Some(k) => Some(k - 1),
                None => m.checked_sub(1),
            };
            if verdict.identical_through != measured_through {
                failures.push(format!("{label}: verdict says identical through {:?}, measured {measured_through:?}: {}", verdict.identical_through, verdict.text));
            }
            if float32 != verdict.text.contains("float32") {
                failures.push(format!(
                    "{label}: float32 not said (or said wrongly): {}",
                    verdict.text
                ));
            }
            if claim.exact {
                c.exact += 1;
                let claimed = claim
                    .through
                    .map_or(n - 1, |t| (t.max(0.0) as usize).min(n - 1));
                if measured_through.is_none_or(|k| k < claimed.min(m - 1)) {
                    failures.push(format!("{label}: claimed identical through {claimed}, measured {measured_through:?}: {}", verdict.text));
                }
                if claim.differ_after && claimed + 1 < m {
                    c.differences += 1;
                    if first_diff.is_none_or(|k| k <= claimed) {
                        failures.push(format!("{label}: claimed to differ after t = {claimed}, measured first difference {first_diff:?}"));
                    }
                }
                if claim.through.is_none()
                    && !verdict
                        .text
                        .starts_with(&format!("identical for t = 0..{}", m - 1))
                {
                    failures.push(format!("{label}: {}", verdict.text));
                }
            } else {
                // A nearest schedule with a named difference: it really differs.
                c.differences += 1;
                if first_diff.is_none() {
                    failures.push(format!(
                        "{label}: claimed approximate, but identical: {}",
                        verdict.text
                    ));
                }
            }
            c.rows.push(format!("{label}: {}", verdict.text));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    c
}

#[test]
fn every_equivalence_holds_over_its_claimed_range_and_every_difference_is_real() {
    let c = check_all();
    for r in &c.rows {
        println!("{r}");
    }
    println!(
        "{} pairs: {} exact claims, {} differences checked, {} without a family",
        c.pairs, c.exact, c.differences, c.no_family
    );
    assert!(c.exact >= 60, "{} exact", c.exact);
    assert!(c.differences >= 20, "{} differences", c.differences);
    assert!(c.no_family >= 10);
}

#[test]
fn the_table_names_every_library_it_ports_to() {
    for (src, n) in sources() {
        for to in Library::ALL {
            if let Ok(p) = port(&src, to, n) {
                assert!(
                    EQUIVALENCES
                        .iter()
                        .any(|e| e.members.iter().any(|(l, _)| *l == to)),
                    "{} -> {}",
                    src.scheduler,
                    to.key()
                );
                assert_eq!(library(&p.spec.scheduler), to);
            }
        }
    }
    assert_eq!(EQUIVALENCES.len(), 7);
}

#[test]
fn the_issues_verdicts() {
    let cosine = spec(
        json!({"scheduler": "torch.optim.lr_scheduler.CosineAnnealingLR", "params": {"T_max": 50, "eta_min": 0.001}, "base_lr": 0.1}),
    );
    let p = port(&cosine, Library::Optax, 51).unwrap();
    assert!(
        p.verdict
            .text
            .starts_with("identical for t = 0..50 (largest relative difference"),
        "{}",
        p.verdict.text
    );
    let p = port(&cosine, Library::Optax, 80).unwrap();
    assert!(
        p.verdict.text.starts_with("identical for t ≤ 50"),
        "{}",
        p.verdict.text
    );
    assert!(
        p.verdict.text.contains("PyTorch rises again")
            && p.verdict.text.contains("optax holds at alpha · init_value"),
        "{}",
        p.verdict.text
    );
    assert_eq!(p.spec.params["alpha"], json!(0.01));
    let warm = spec(
        json!({"scheduler": "transformers.optimization.get_cosine_schedule_with_warmup", "params": {"num_warmup_steps": 30, "num_training_steps": 300}, "base_lr": 0.1}),
    );
    let p = port(&warm, Library::Torch, 300).unwrap();
    assert!(
        p.verdict
            .text
            .starts_with("no exact equivalent: nearest is SequentialLR("),
        "{}",
        p.verdict.text
    );
    assert!(p.verdict.text.contains("largest difference 3.3% of the peak at t = 0 (warmup starts at 0.0 here, at lr/warmup there"), "{}", p.verdict.text);
    // Same kwargs would put optax's one-cycle peak one step late: the port moves it.
    let one = spec(
        json!({"scheduler": "torch.optim.lr_scheduler.OneCycleLR", "params": {"max_lr": 0.1, "total_steps": 100}}),
    );
    let p = port(&one, Library::Optax, 100).unwrap();
    assert_eq!(p.spec.params["transition_steps"], json!(99));
    assert!(
        p.verdict.text.starts_with("identical for t = 0..99"),
        "{}",
        p.verdict.text
    );
    let naive = spec(
        json!({"scheduler": "optax.cosine_onecycle_schedule", "params": {"transition_steps": 100, "peak_value": 0.1}}),
    );
    let a = one.evaluate(Some(100)).unwrap().lr;
    let b = naive.evaluate(Some(100)).unwrap().lr;
    assert_ne!(
        a[29], b[29],
        "the same kwargs really do differ (peak 29 vs 30)"
    );
}

/// A golden case: its spec, its kwargs with defaults filled in, its rates, float32 or not.
type Golden = (ScheduleSpec, Vec<(String, Value)>, Vec<f64>, bool);

/// Golden cases of two libraries whose kwargs match a port agree over the claimed range.
#[test]
fn ports_agree_with_both_libraries_golden_values() {
    let mut cases = Vec::new();
    for lib in ["torch", "timm", "transformers", "optax", "keras"] {
        let path = format!("{}/tests/data/{lib}.json", env!("CARGO_MANIFEST_DIR"));
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        cases.extend(doc["cases"].as_array().unwrap().clone());
    }
    let f32_case = |c: &Value| {
        c.get("dtype").and_then(Value::as_str) == Some("float32")
            || c.get("output_dtype").and_then(Value::as_str) == Some("float32")
            || c.get("precision_note").is_some()
    };
    let lr = |c: &Value| -> Vec<f64> {
        c["lr"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_f64().unwrap())
            .collect()
    };
    // Params equal as numbers, defaults filled in from the descriptions.
    let normal = |s: &ScheduleSpec| -> Vec<(String, Value)> {
        let d = describe::find(&s.scheduler).unwrap();
        d.kwargs
            .iter()
            .filter_map(|k| {
                let v = s
                    .params
                    .get(k.name)
                    .cloned()
                    .or_else(|| k.default_value())?;
                Some((
                    k.name.to_string(),
                    match v.as_f64() {
                        Some(f) => json!(f),
                        None => v,
                    },
                ))
            })
            .collect()
    };
    let golden: Vec<Golden> = cases
        .iter()
        .map(|c| {
            let s = ScheduleSpec::from_json(&c.to_string()).unwrap();
            let key = normal(&s);
            (s, key, lr(c), f32_case(c))
        })
        .collect();
    let mut matched = Vec::new();
    for (sa, _, la, fa) in &golden {
        if sa.epochs.is_some() || sa.metrics.is_some() {
            continue;
        }
        for to in Library::ALL {
            if to == describe::find(&sa.scheduler).unwrap().library {
                continue;
            }
            let Ok(p) = port(sa, to, la.len()) else {
                continue;
            };
            if !p.claim.exact {
                continue;
            }
            let key = normal(&p.spec);
            for (sb, kb, lb, fb) in &golden {
                let base_ok = describe::find(&sb.scheduler).unwrap().base_lr
                    != describe::BaseLr::Required
                    || sb.base_lr == p.spec.base_lr;
                if sb.scheduler != p.spec.scheduler || !base_ok || *kb != key || sb.epochs.is_some()
                {
                    continue;
                }
                let m = la.len().min(lb.len());
                let through = p.claim.through.map_or(m, |t| (t as usize + 1).min(m));
                let float32 = *fa || *fb;
                let peak = la.iter().chain(lb).fold(0.0_f64, |x, v| x.max(v.abs()));
                for t in 0..through {
                    assert!(
                        same(la[t], lb[t], peak, float32),
                        "{} vs {} at t = {t}: {} / {}",
                        sa.scheduler,
                        sb.scheduler,
                        la[t],
                        lb[t]
                    );
                }
                matched.push(format!(
                    "{} {} ≡ {} {} over t < {through}",
                    sa.scheduler,
                    serde_json::to_string(&sa.params).unwrap(),
                    sb.scheduler,
                    serde_json::to_string(&sb.params).unwrap()
                ));
            }
        }
    }
    for m in &matched {
        println!("{m}");
    }
    assert!(matched.len() >= 30, "{matched:?}");
}

#[test]
fn cli_port_contract() {
    let cosine = r#"{"scheduler":"torch.optim.lr_scheduler.CosineAnnealingLR","params":{"T_max":50,"eta_min":0.001},"base_lr":0.1}"#;
    let o = anneal(&["port", "--to", "optax", "--steps", "80", cosine], None);
    assert_eq!(o.status.code(), Some(0));
    let out = String::from_utf8(o.stdout).unwrap();
    assert_eq!(out.lines().count(), 1);
    let target = ScheduleSpec::from_json(out.trim()).unwrap();
    assert_eq!(target.scheduler, "optax.cosine_decay_schedule");
    let err = String::from_utf8(o.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("verdict: identical for t ≤ 50"), "{err}");
    // Default length: the spec's natural length (T_max + 1).
    let o = anneal(&["port", "--to", "keras", cosine], None);
    assert!(String::from_utf8(o.stderr)
        .unwrap()
        .starts_with("verdict: identical for t = 0..50"));
    // No family: exit 3; bad spec: exit 2.
    let o = anneal(
        &[
            "port",
            "--to",
            "timm",
            r#"{"scheduler":"torch.optim.lr_scheduler.StepLR","params":{"step_size":3},"base_lr":0.1}"#,
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(3));
    assert!(o.stdout.is_empty());
    let o = anneal(
        &[
            "port",
            "--to",
            "optax",
            r#"{"scheduler":"torch.optim.lr_scheduler.StepLR","params":{"step_size":2.5},"base_lr":0.1}"#,
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8(o.stderr).unwrap().contains("step_size"));
}
