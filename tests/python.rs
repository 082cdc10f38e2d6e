//! Paste Python → spec (`anneal::spec::python`, issue "Bring your own schedule"):
//! - every description's default spec, rendered as Python (the snippets' own renderer,
//!   keyword and positional form) parses back to the same spec;
//! - every golden case's kwargs (tests/data/*.json) written as Python evaluate, through
//!   `ScheduleSpec::evaluate`, to the golden values (tests/golden.rs's tolerances);
//! - the issue's examples, Python's int/float rules, aliases, composites;
//! - errors name the thing at the right line:column (unknown scheduler / kwarg, unresolved
//!   name or call, syntax errors, the readers' rules);
//! - no input panics (random strings, mutated valid texts);
//! - `anneal parse`: one JSON line (also from stdin), `L:C: message` and exit 2 on error.

mod common;
use common::anneal;

use anneal::fmt::py_repr;
use anneal::spec::describe::{self, BaseLr, Library, SCHEDULERS};
use anneal::spec::python::{parse, PyParseError};
use anneal::spec::snippet::{construction, library_of, takes_optimizer, variable, ArgStyle};
use anneal::spec::ScheduleSpec;
use serde_json::{json, Value};

/// The imports a pasted script would have (timm and transformers by name).
fn imports() -> Vec<String> {
    let mut lines = vec![
        "import torch".to_string(),
        "import optax".to_string(),
        "import keras".to_string(),
    ];
    for s in SCHEDULERS {
        if matches!(s.library, Library::Timm | Library::Transformers) {
            let (module, name) = s.path.rsplit_once('.').unwrap();
            lines.push(format!("from {module} import {name}"));
        }
    }
    lines
}

/// A spec as the Python a user would paste: imports, the optimizer with `lr=base_lr` (for
/// schedulers that take one), and the construction lines.
fn python_text(spec: &ScheduleSpec, style: ArgStyle) -> String {
    let mut lines = imports();
    let library = library_of(&spec.scheduler).expect("library");
    let optimizer_used =
        describe::find(&spec.scheduler).is_some_and(|d| d.optimizer_position.is_some());
    if optimizer_used {
        lines.push(format!(
            "optimizer = torch.optim.SGD(model.parameters(), lr={})",
            py_repr(spec.base_lr.unwrap_or(0.001))
        ));
    }
    lines.extend(construction(spec, variable(library), style));
    lines.join("\n")
}

/// What parsing a spec's Python gives back: the same spec, with `base_lr` only where the
/// scheduler uses it as the optimizer's lr.
fn expected_back(spec: &ScheduleSpec) -> ScheduleSpec {
    let d = describe::find(&spec.scheduler).expect("described");
    let mut out = spec.clone();
    out.base_lr = match d.base_lr {
        BaseLr::Required => spec.base_lr,
        BaseLr::Overwritten | BaseLr::Unused => None,
    };
    out.epochs = None;
    out.metrics = None;
    out
}

#[test]
fn every_default_spec_round_trips_in_keyword_and_positional_form() {
    let mut failures = Vec::new();
    let mut positional = 0;
    for d in SCHEDULERS {
        let spec = d.default_spec();
        for style in [ArgStyle::Keyword, ArgStyle::Positional] {
            let text = python_text(&spec, style);
            match parse(&text) {
                Ok(p) if p.spec == expected_back(&spec) => {}
                Ok(p) => failures.push(format!(
                    "{} {style:?}: read back as {}\n{text}",
                    d.path,
                    serde_json::to_string(&p.spec).unwrap()
                )),
                Err(e) => failures.push(format!("{} {style:?}: {e}\n{text}", d.path)),
            }
            if style == ArgStyle::Positional
                && construction(&spec, "x", style) != construction(&spec, "x", ArgStyle::Keyword)
            {
                positional += 1;
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert_eq!(SCHEDULERS.len(), 43);
    assert!(positional > 0, "no positional form was exercised");
}

fn load(lib: &str) -> Vec<Value> {
    let path = format!("{}/tests/data/{lib}.json", env!("CARGO_MANIFEST_DIR"));
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    doc["cases"].as_array().unwrap().clone()
}

/// tests/golden.rs's rule for float32 cases.
fn is_float32(case: &Value) -> bool {
    case.get("dtype").and_then(Value::as_str) == Some("float32")
        || case.get("output_dtype").and_then(Value::as_str) == Some("float32")
        || case.get("precision_note").is_some()
}

#[test]
fn every_golden_case_written_as_python_gives_the_golden_values() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for lib in ["torch", "timm", "transformers", "optax", "keras"] {
        for (i, case) in load(lib).iter().enumerate() {
            let spec = ScheduleSpec::from_json(&case.to_string()).unwrap();
            let want: Vec<f64> = case["lr"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_f64().unwrap())
                .collect();
            for style in [ArgStyle::Keyword, ArgStyle::Positional] {
                let label = format!("{lib}[{i}] {style:?}");
                let text = python_text(&spec, style);
                let mut parsed = match parse(&text) {
                    Ok(p) => p.spec,
                    Err(e) => {
                        failures.push(format!("{label}: {e}\n{text}"));
                        continue;
                    }
                };
                if parsed != expected_back(&spec) {
                    failures.push(format!(
                        "{label}: read as {}",
                        serde_json::to_string(&parsed).unwrap()
                    ));
                }
                // The recorded metrics / explicit epochs are the run's, not Python's.
                parsed.epochs = spec.epochs.clone();
                parsed.metrics = spec.metrics.clone();
                let ev = match parsed.evaluate(Some(want.len())) {
                    Ok(ev) => ev,
                    Err(e) => {
                        failures.push(format!("{label}: {e}"));
                        continue;
                    }
                };
                let peak = want.iter().fold(0.0_f64, |m, v| m.max(v.abs()));
                let f32_case = is_float32(case);
                let close = |got: f64, want: f64| {
                    if f32_case {
                        (got - want).abs() <= 1e-6 * peak
                    } else {
                        got == want
                            || (got - want).abs() <= 1e-15
                            || (got - want).abs() <= 1e-12 * want.abs()
                    }
                };
                for (t, (&g, &w)) in ev.lr.iter().zip(&want).enumerate() {
                    let quirk = ev
                        .quirks
                        .iter()
                        .any(|q| q.step == t && close(q.library_value, w));
                    if !close(g, w) && !quirk {
                        failures.push(format!("{label} t={t}: {g:e} vs golden {w:e}"));
                    }
                }
                checked += 1;
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(checked, 2 * (80 + 64 + 27 + 40 + 33));
}

fn spec_of(text: &str) -> ScheduleSpec {
    match parse(text) {
        Ok(p) => p.spec,
        Err(e) => panic!("{e}\n{text}"),
    }
}

fn error_of(text: &str) -> PyParseError {
    match parse(text) {
        Ok(p) => panic!("parsed as {:?}", p.spec),
        Err(e) => e,
    }
}

#[test]
fn the_issues_examples() {
    let s = spec_of("scheduler = torch.optim.lr_scheduler.StepLR(optimizer, 30, gamma=0.1)");
    assert_eq!(s.scheduler, "torch.optim.lr_scheduler.StepLR");
    assert_eq!(
        s.params,
        json!({"step_size": 30, "gamma": 0.1})
            .as_object()
            .unwrap()
            .clone()
    );

    let s =
        spec_of("lr_scheduler.CosineAnnealingWarmRestarts(opt, T_0=10, T_mult=2, eta_min=1e-5)");
    assert_eq!(
        s.scheduler,
        "torch.optim.lr_scheduler.CosineAnnealingWarmRestarts"
    );
    assert_eq!(
        Value::Object(s.params),
        json!({"T_0": 10, "T_mult": 2, "eta_min": 1e-5})
    );

    let s = spec_of(
        "get_cosine_schedule_with_warmup(optimizer, num_warmup_steps=500, num_training_steps=10_000)",
    );
    assert_eq!(
        s.scheduler,
        "transformers.optimization.get_cosine_schedule_with_warmup"
    );
    assert_eq!(
        Value::Object(s.params),
        json!({"num_warmup_steps": 500, "num_training_steps": 10000})
    );

    let s = spec_of(
        "optax.warmup_cosine_decay_schedule(init_value=0.0, peak_value=1e-3, warmup_steps=1_000,\n    decay_steps=50_000, end_value=1e-5)",
    );
    assert_eq!(s.scheduler, "optax.warmup_cosine_decay_schedule");
    assert_eq!(
        Value::Object(s.params),
        json!({"init_value": 0.0, "peak_value": 1e-3, "warmup_steps": 1000, "decay_steps": 50000, "end_value": 1e-5})
    );
    assert_eq!(s.base_lr, None);

    for prefix in [
        "tf.keras.optimizers.schedules.",
        "keras.optimizers.schedules.",
        "",
    ] {
        let s = spec_of(&format!("{prefix}CosineDecay(1e-3, decay_steps=10000)"));
        assert_eq!(s.scheduler, "keras.optimizers.schedules.CosineDecay");
        assert_eq!(
            Value::Object(s.params),
            json!({"initial_learning_rate": 1e-3, "decay_steps": 10000})
        );
    }

    // Several lines: the optimizer's lr, numbers defined earlier, named schedulers composed.
    let p = parse(
        "import torch\n\
         from torch.optim.lr_scheduler import LinearLR, CosineAnnealingLR, SequentialLR\n\
         optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)\n\
         epochs = 90\n\
         steps = epochs * 100  # per-step schedule\n\
         warmup = LinearLR(optimizer, start_factor=0.01, total_iters=5)\n\
         cosine = CosineAnnealingLR(optimizer, T_max=(steps - 5), eta_min=1e-5)\n\
         scheduler = SequentialLR(optimizer, schedulers=[warmup, cosine], milestones=[5])\n",
    )
    .unwrap();
    assert_eq!(p.spec.scheduler, "torch.optim.lr_scheduler.SequentialLR");
    assert_eq!(p.spec.base_lr, Some(0.1));
    assert_eq!(
        p.spec.params["schedulers"],
        json!([
            {"scheduler": "torch.optim.lr_scheduler.LinearLR", "params": {"start_factor": 0.01, "total_iters": 5}},
            {"scheduler": "torch.optim.lr_scheduler.CosineAnnealingLR", "params": {"T_max": 8995, "eta_min": 1e-5}}
        ])
    );
    let names: Vec<&str> = p.named.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["warmup", "cosine", "scheduler"]);
    assert!(p.notes.is_empty(), "{:?}", p.notes);
    assert_eq!(p.spec.evaluate(Some(9000)).unwrap().lr.len(), 9000);

    // Literals as Python writes them.
    let s =
        spec_of("optax.piecewise_constant_schedule(0.1, boundaries_and_scales={10: 0.1, 20: 0.5})");
    assert_eq!(
        s.params["boundaries_and_scales"],
        json!({"10": 0.1, "20": 0.5})
    );
    let s = spec_of(
        "CyclicLR(optimizer, base_lr=1e-3, max_lr=0.1, mode=\"triangular2\", cycle_momentum=False)",
    );
    assert_eq!(s.params["mode"], json!("triangular2"));
    assert_eq!(s.params["cycle_momentum"], json!(false));
    let s = spec_of("MultiStepLR(optimizer, milestones=(30, 80), gamma=0.1)");
    assert_eq!(s.params["milestones"], json!([30, 80]));
    // sgdr's cosine_kwargs as dicts or dict(...).
    let s = spec_of(
        "c = dict(init_value=0.0, peak_value=0.1, warmup_steps=5, decay_steps=20)\n\
         optax.sgdr_schedule([c, {'init_value': 0.0, 'peak_value': 0.05, 'warmup_steps': 5, 'decay_steps': 40}])",
    );
    assert_eq!(
        s.params["cosine_kwargs"],
        json!([{"init_value": 0.0, "peak_value": 0.1, "warmup_steps": 5, "decay_steps": 20},
               {"init_value": 0.0, "peak_value": 0.05, "warmup_steps": 5, "decay_steps": 40}])
    );
}

#[test]
fn ints_and_floats_are_kept_apart_as_python_keeps_them() {
    let s = spec_of("epochs = 90\nCosineAnnealingLR(optimizer, T_max=epochs // 2)");
    assert_eq!(s.params["T_max"], json!(45));
    assert!(s.params["T_max"].is_i64());
    // `/` is a float, and PyTorch's integer rule still applies.
    let e = error_of("epochs = 90\nCosineAnnealingWarmRestarts(optimizer, T_0=epochs / 2)");
    assert_eq!((e.line, e.col), (2, 40), "{e}");
    assert!(e.message.contains("T_0"), "{e}");
    let s = spec_of("optax.cosine_decay_schedule(0.1, decay_steps=2 ** 10, alpha=10 ** -2)");
    assert_eq!(s.params["decay_steps"], json!(1024));
    assert_eq!(s.params["alpha"], json!(0.01));
    let s = spec_of("n = 7\nn += 3\nn *= 2\noptax.constant_schedule(-n % 3 + 0.5)");
    assert_eq!(s.params["value"], json!(1.5));
    let s = spec_of(
        "import math\noptax.cosine_decay_schedule(0.1, math.ceil(1000 / 3), max(0.0, min(1, 0.5)))",
    );
    assert_eq!(s.params["decay_steps"], json!(334));
    assert_eq!(s.params["alpha"], json!(0.5));
}

#[test]
fn aliases_and_prefixes_resolve_through_the_descriptions() {
    let s = spec_of("import torch.optim.lr_scheduler as sched\nsched.ExponentialLR(opt, 0.9)");
    assert_eq!(s.scheduler, "torch.optim.lr_scheduler.ExponentialLR");
    let s = spec_of("from torch.optim import lr_scheduler as L\nL.ExponentialLR(opt, gamma=0.9)");
    assert_eq!(s.scheduler, "torch.optim.lr_scheduler.ExponentialLR");
    let s = spec_of("from timm.scheduler import CosineLRScheduler as C\nC(opt, t_initial=10)");
    assert_eq!(s.scheduler, "timm.scheduler.CosineLRScheduler");
    // The prefix's library decides; a name of another library is refused by name.
    let e = error_of("optax.StepLR(opt, 3)");
    assert_eq!((e.line, e.col), (1, 1));
    assert!(e.message.contains("optax has no `StepLR`"), "{e}");
    // Optimizers: Adam, positional lr, kwargs on an optimizer variable; OneCycleLR ignores it.
    let s = spec_of("opt = torch.optim.Adam(net.parameters(), 3e-4)\nStepLR(opt, 5)");
    assert_eq!(s.base_lr, Some(3e-4));
    let s = spec_of("opt = AdamW(params, lr=1e-3)\nOneCycleLR(opt, max_lr=0.01, total_steps=100)");
    assert_eq!(s.base_lr, None);
    // No optimizer defined: base_lr assumed, with a note.
    let p = parse("ExponentialLR(optimizer, gamma=0.9)").unwrap();
    assert_eq!(p.spec.base_lr, Some(describe::EXAMPLE_BASE_LR));
    assert!(
        p.notes[0].contains("line 1") && p.notes[0].contains("base_lr"),
        "{:?}",
        p.notes
    );
    // Method calls on optimizers and schedulers are ignored; the last scheduler wins.
    let s = spec_of(
        "optimizer = SGD(model.parameters(), lr=0.5)\ns = StepLR(optimizer, 2)\nfor_ = 1\noptimizer.step()\ns.step()\n",
    );
    assert_eq!(
        (s.scheduler.as_str(), s.base_lr),
        ("torch.optim.lr_scheduler.StepLR", Some(0.5))
    );
}

#[test]
fn errors_name_the_thing_at_its_line_and_column() {
    let cases: &[(&str, (usize, usize), &str)] = &[
        (
            "x = 1\ns = CosineAnealingLR(opt, T_max=10)",
            (2, 5),
            "unknown scheduler `CosineAnealingLR`: did you mean `CosineAnnealingLR`?",
        ),
        (
            "s = torch.optim.lr_scheduler.CosineAnnealingLR(opt,\n    T_max=10, eta_mn=0.1)",
            (2, 15),
            "unknown kwarg `eta_mn` for CosineAnnealingLR: did you mean `eta_min`?",
        ),
        (
            "StepLR(optimizer, step_size=len(train_loader))",
            (1, 29),
            "`len(train_loader)` cannot be evaluated here: write the number it stands for",
        ),
        (
            "StepLR(optimizer, step_size=epochs)",
            (1, 29),
            "unresolved name `epochs`",
        ),
        ("steps = epochs * 10\n", (1, 9), "unresolved name `epochs`"),
        (
            "s = StepLR(optimizer, 30\n",
            (2, 1),
            "syntax error: expected `)`",
        ),
        (
            "a = [1, 2\nb = 3",
            (2, 1),
            "syntax error: expected `]` or `,`",
        ),
        (
            "for epoch in range(10):\n    scheduler.step()",
            (1, 1),
            "not part of the supported subset",
        ),
        ("x = 1 +\n", (1, 8), "syntax error: expected an operand"),
        ("x = 'abc\n", (1, 5), "unterminated string literal"),
        (
            "StepLR(optimizer, step_size=5, gamma=0.1, gamma=0.2)",
            (1, 43),
            "multiple values for argument 'gamma'",
        ),
        (
            "StepLR(optimizer, 5, 0.1, -1, 7)",
            (1, 31),
            "positional argument",
        ),
        (
            "CosineAnnealingWarmRestarts(optimizer, T_0=10, T_mult=0)",
            (1, 48),
            "Expected integer T_mult >= 1",
        ),
        (
            "StepLR(model.parameters(), 5)",
            (1, 8),
            "pass the optimizer here",
        ),
        ("x = 3\n", (1, 1), "no scheduler found"),
        (
            "StepLR(optimizer, step_size=10 ** 30)",
            (1, 29),
            "integer overflow",
        ),
        ("StepLR(optimizer, step_size=5 // 0)", (1, 29), "division"),
        (
            "optax.constant_schedule(value=scale_fn)",
            (1, 31),
            "unresolved name `scale_fn`",
        ),
        (
            "x = f(a=1, 2)",
            (1, 12),
            "positional argument follows keyword argument",
        ),
        ("x[0] = 1", (1, 2), "subscripts"),
    ];
    let mut failures = Vec::new();
    for (text, at, message) in cases {
        match parse(text) {
            Ok(p) => failures.push(format!("{text:?}: parsed as {:?}", p.spec)),
            Err(e) => {
                if (e.line, e.col) != *at || !e.message.contains(message) {
                    failures.push(format!(
                        "{text:?}: got {e}, expected {}:{}: …{message}…",
                        at.0, at.1
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn unknown_kwarg_lists_the_schedulers_kwargs_when_nothing_is_near() {
    let e = error_of("StepLR(optimizer, 5, warmup=3)");
    assert_eq!((e.line, e.col), (1, 22));
    assert!(
        e.message
            .contains("StepLR takes step_size, gamma, last_epoch"),
        "{e}"
    );
    assert!(!e.message.contains("did you mean"), "{e}");
}

#[test]
fn error_display_is_one_line_l_c_message() {
    let e = error_of("s = StepLR(optimizer,\n  stepsize=3)");
    let text = e.to_string();
    assert!(text.starts_with("2:3: unknown kwarg `stepsize`"), "{text}");
    assert_eq!(text.lines().count(), 1);
}

mod never_panic {
    use super::*;
    use proptest::prelude::*;

    fn valid_texts() -> Vec<String> {
        SCHEDULERS
            .iter()
            .flat_map(|d| {
                let spec = d.default_spec();
                [ArgStyle::Keyword, ArgStyle::Positional].map(|s| python_text(&spec, s))
            })
            .map(|t| {
                t.lines()
                    .filter(|l| !l.starts_with("from "))
                    .collect::<Vec<_>>()
                    .join("\n")
            })
            .collect()
    }

    /// A valid text with random edits: characters deleted, inserted or replaced.
    fn mutated() -> impl Strategy<Value = String> {
        let texts = valid_texts();
        (
            0..texts.len(),
            prop::collection::vec(
                (any::<prop::sample::Index>(), 0u8..3, prop::char::any()),
                1..6,
            ),
        )
            .prop_map(move |(i, edits)| {
                let mut chars: Vec<char> = texts[i].chars().collect();
                for (at, op, c) in edits {
                    if chars.is_empty() {
                        chars.push(c);
                        continue;
                    }
                    let k = at.index(chars.len());
                    match op {
                        0 => {
                            chars.remove(k);
                        }
                        1 => chars.insert(k, c),
                        _ => chars[k] = c,
                    }
                }
                chars.into_iter().collect()
            })
    }

    fn python_like() -> impl Strategy<Value = String> {
        prop::collection::vec(
            prop_oneof![
                Just("("),
                Just(")"),
                Just("["),
                Just("]"),
                Just("{"),
                Just("}"),
                Just(","),
                Just("="),
                Just("."),
                Just(":"),
                Just("\n"),
                Just(" "),
                Just("#"),
                Just("\\\n"),
                Just("'"),
                Just("\""),
                Just("**"),
                Just("//"),
                Just("-"),
                Just("+"),
                Just("*"),
                Just("1e-3"),
                Just("10_000"),
                Just("0x1f"),
                Just("2."),
                Just(".5"),
                Just("True"),
                Just("None"),
                Just("StepLR"),
                Just("optimizer"),
                Just("SequentialLR"),
                Just("schedulers"),
                Just("optax.sgdr_schedule"),
                Just("dict"),
                Just("len"),
                Just("import"),
                Just("from"),
                Just("as"),
                Just("for"),
                Just("x"),
                Just("lr"),
                Just("torch.optim.SGD"),
                Just("model.parameters()"),
                Just("step_size"),
            ],
            0..40,
        )
        .prop_map(|parts| parts.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn random_strings_never_panic(text in ".{0,200}") {
            let _ = parse(&text);
        }

        #[test]
        fn python_like_token_soup_never_panics(text in python_like()) {
            if let Err(e) = parse(&text) {
                prop_assert!(e.line >= 1 && e.col >= 1);
                prop_assert!(e.line <= text.split('\n').count());
            }
        }

        #[test]
        fn mutated_valid_texts_never_panic(text in mutated()) {
            let _ = parse(&text);
        }
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        for text in [
            format!("x = {}1{}", "(".repeat(100_000), ")".repeat(100_000)),
            format!("x = {}1", "-".repeat(100_000)),
            format!("x = 2{}", " ** 2".repeat(100_000)),
            format!("x = 1{}", " + 1".repeat(100_000)),
            format!("x = {}", "[".repeat(100_000)),
            format!("x = a{}", ".b".repeat(100_000)),
            format!("x = f{}", "()".repeat(100_000)),
        ] {
            let e = parse(&text).unwrap_err();
            assert!(
                e.message.contains("nested too deeply") || e.message.contains("syntax error"),
                "{e}"
            );
        }
    }
}

#[test]
fn cli_parse_prints_one_json_line_ready_for_eval() {
    let text = "optimizer = torch.optim.SGD(model.parameters(), lr=0.1)\nscheduler = torch.optim.lr_scheduler.StepLR(optimizer, 30, gamma=0.1)\n";
    for (args, stdin) in [
        (vec!["parse", text], None),
        (vec!["parse", "-"], Some(text)),
    ] {
        let o = anneal(&args, stdin);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        let out = String::from_utf8(o.stdout).unwrap();
        assert_eq!(out.lines().count(), 1, "{out}");
        let spec = ScheduleSpec::from_json(out.trim()).unwrap();
        assert_eq!(spec.scheduler, "torch.optim.lr_scheduler.StepLR");
        assert_eq!(spec.base_lr, Some(0.1));
        // Straight into eval.
        let ev = anneal(&["eval", "--steps", "31", out.trim()], None);
        assert_eq!(ev.status.code(), Some(0));
        let lines: Vec<String> = String::from_utf8(ev.stdout)
            .unwrap()
            .lines()
            .map(String::from)
            .collect();
        assert_eq!(lines[29], "0.1");
        assert_eq!(lines[30], format!("{}", 0.1 * 0.1));
    }
    // A note goes to stderr, the spec still to stdout.
    let o = anneal(&["parse", "ExponentialLR(optimizer, 0.9)"], None);
    assert_eq!(o.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&o.stderr).starts_with("note: line 1:"));
}

#[test]
fn cli_parse_error_is_one_l_c_line_and_exit_2() {
    let o = anneal(&["parse", "s = StepLR(optimizer,\n  stepsize=3)"], None);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8(o.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("2:3: unknown kwarg `stepsize`"), "{err}");
    assert!(o.stdout.is_empty());
}

/// Keeps `takes_optimizer` (the snippets') and the parser's reading of the optimizer
/// position in step: a positional call renders the optimizer first exactly where the
/// description puts it at 0.
#[test]
fn optimizer_position_is_the_descriptions() {
    for d in SCHEDULERS {
        assert_eq!(
            takes_optimizer(d.path),
            d.optimizer_position == Some(0),
            "{}",
            d.path
        );
    }
}
