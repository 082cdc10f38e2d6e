//! The code snippets of `spec::snippet` (issue "Schedule Lab", "Code per series"): for every
//! description's default spec, every golden case (tests/data/*.json: all schedulers, nested
//! schedulers, dict kwargs, recorded metrics, explicit epochs) and a few hand-made specs, in
//! both units, the training snippet and the reproduce script
//! - parse as Python (`ast.parse` by python3), and
//! - construct the scheduler (and its sub-schedulers) with exactly the spec's kwargs: a Python
//!   script walks the AST, resolves each call's callee through the imports, `literal_eval`s
//!   every argument and prints JSON, and Rust compares it with the spec (ints vs floats
//!   distinguished, dict keys typed as the library takes them), and the optimizer's `lr=`
//!   with `base_lr`.
//!
//! The positional form of [`construction`] is checked the same way, mapping positional
//! arguments through the description's signature order. A property test builds specs from the
//! descriptions (and arbitrary JSON) and checks that `code` / `reproduce` never panic and
//! always give Python that parses.

use std::io::Write;
use std::process::{Command, Stdio};

use anneal::spec::describe::{self, Kind, Library, Unit, SCHEDULERS};
use anneal::spec::snippet::{
    code, construction, library_of, reproduce, takes_optimizer, variable, ArgStyle, Run,
};
use anneal::spec::{all_schedulers, ScheduleSpec};
use serde_json::{json, Map, Value};

/// Reads `{"sources": [...], "schedulers": [...]}` on stdin; prints, per source, either
/// `{"error": "..."}` (a syntax error) or `{"calls": [...]}`: every call whose callee resolves
/// (through `import X` / `from X import Y`) to a known scheduler or to an optimizer, with the
/// variable it is assigned to, its positional and keyword arguments. Literal arguments are
/// `literal_eval`ed and tagged so JSON keeps Python's types: dicts become
/// `{"$dict": [[key, value], ...]}` (int keys stay ints), names `{"$name": id}`, anything
/// else `{"$expr": source}`.
const CHECKER: &str = r#"
import ast, json, sys

def tag(v):
    if isinstance(v, dict):
        return {"$dict": [[tag(k), tag(x)] for k, x in v.items()]}
    if isinstance(v, (list, tuple)):
        return [tag(x) for x in v]
    return v

def value(node):
    if isinstance(node, ast.Name):
        return {"$name": node.id}
    if isinstance(node, (ast.List, ast.Tuple)) and any(isinstance(e, ast.Name) for e in node.elts):
        return [value(e) for e in node.elts]
    try:
        return tag(ast.literal_eval(node))
    except Exception:
        return {"$expr": ast.unparse(node)}

def dotted(node):
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = dotted(node.value)
        return None if base is None else base + "." + node.attr
    return None

def check(source, known):
    try:
        tree = ast.parse(source)
    except SyntaxError as e:
        return {"error": f"{e.lineno}:{e.offset}: {e.msg}"}
    names = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                names[a.asname or a.name.split(".")[0]] = a.asname and a.name or a.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom):
            for a in node.names:
                names[a.asname or a.name] = node.module + "." + a.name
    def resolve(func):
        d = dotted(func)
        if d is None:
            return None
        head, _, rest = d.partition(".")
        if head not in names:
            return None
        return names[head] + ("." + rest if rest else "")
    calls = []
    targets = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
            targets[id(node.value)] = [t.id for t in node.targets if isinstance(t, ast.Name)]
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        path = resolve(node.func)
        if path is None or not (path in known or path.startswith("torch.optim.") and "lr_scheduler" not in path
                                or path in ("optax.sgd", "keras.optimizers.SGD")):
            continue
        calls.append({
            "line": node.lineno,
            "var": (targets.get(id(node)) or [None])[0],
            "path": path,
            "args": [value(a) for a in node.args],
            "kwargs": {k.arg: value(k.value) for k in node.keywords if k.arg is not None},
            "starred": [ast.unparse(k.value) for k in node.keywords if k.arg is None],
        })
    calls.sort(key=lambda c: c["line"])
    return {"calls": calls}

req = json.load(sys.stdin)
known = set(req["schedulers"])
print(json.dumps([check(s, known) for s in req["sources"]]))
"#;

/// Runs [`CHECKER`] over many sources in one python3 process.
fn check_python(sources: &[String]) -> Vec<Value> {
    let mut child = Command::new("python3")
        .arg("-c")
        .arg(CHECKER)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3 runs");
    let request = json!({"sources": sources, "schedulers": all_schedulers()});
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(request.to_string().as_bytes())
        .expect("write");
    let out = child.wait_with_output().expect("python3 output");
    assert!(out.status.success(), "checker failed");
    let results: Vec<Value> = serde_json::from_slice(&out.stdout).expect("checker JSON");
    assert_eq!(results.len(), sources.len());
    results
}

/// The kind of a kwarg from the description, if described.
fn kind_of(path: &str, kwarg: &str) -> Option<Kind> {
    describe::find(path)
        .and_then(|s| s.kwarg(kwarg))
        .map(|k| k.kind)
}

/// What the checker should report for a spec value: dicts as `$dict` pairs with int keys
/// where the library takes ints (optax `boundaries_and_scales`: the kind `IntFloatDict`, or
/// integer-looking keys of an undescribed kwarg), string keys otherwise.
fn expected_value(v: &Value, kind: Option<Kind>) -> Value {
    match v {
        Value::Object(m) => {
            let int_keys = match kind {
                Some(Kind::IntFloatDict) => true,
                Some(_) => false,
                None => !m.is_empty() && m.keys().all(|k| k.parse::<i64>().is_ok()),
            };
            let pairs: Vec<Value> = m
                .iter()
                .map(|(k, x)| {
                    let key = if int_keys {
                        json!(k.parse::<i64>().expect("int key"))
                    } else {
                        json!(k)
                    };
                    json!([key, expected_value(x, None)])
                })
                .collect();
            json!({ "$dict": pairs })
        }
        Value::Array(items) => {
            Value::Array(items.iter().map(|x| expected_value(x, None)).collect())
        }
        other => other.clone(),
    }
}

/// Whether a spec value is a list of nested `{"scheduler", "params"}` specs.
fn nested(v: &Value) -> Option<&Vec<Value>> {
    let items = v.as_array()?;
    (!items.is_empty()
        && items.iter().all(|i| {
            i.get("scheduler")
                .and_then(Value::as_str)
                .is_some_and(|p| all_schedulers().contains(&p))
        }))
    .then_some(items)
}

/// The call bound to `var` (the last one, as Python would rebind it).
fn call_of<'a>(calls: &'a [Value], var: &str) -> Option<&'a Value> {
    calls.iter().rev().find(|c| c["var"] == json!(var))
}

/// Compares one scheduler call (and, recursively, the calls of its nested schedulers) with
/// a spec's path and params; `positional` maps positional arguments (after the optimizer)
/// through the description's order. Returns the differences.
fn compare_call(
    calls: &[Value],
    call: &Value,
    path: &str,
    params: &Map<String, Value>,
    positional: bool,
) -> Vec<String> {
    let mut diffs = Vec::new();
    if call["path"] != json!(path) {
        diffs.push(format!("callee {} instead of {path}", call["path"]));
        return diffs;
    }
    if !call["starred"].as_array().is_some_and(Vec::is_empty) {
        diffs.push(format!("**kwargs in the call: {}", call["starred"]));
    }
    let mut args: Vec<Value> = call["args"].as_array().cloned().unwrap_or_default();
    if takes_optimizer(path) {
        if args.first() != Some(&json!({"$name": "optimizer"})) {
            diffs.push(format!(
                "first argument {:?} is not `optimizer`",
                args.first()
            ));
            return diffs;
        }
        args.remove(0);
    }
    let mut got: Map<String, Value> = call["kwargs"].as_object().cloned().unwrap_or_default();
    if !args.is_empty() {
        if !positional {
            diffs.push(format!("positional arguments in keyword form: {args:?}"));
        }
        let Some(d) = describe::find(path) else {
            diffs.push(format!("positional arguments for undescribed {path}"));
            return diffs;
        };
        for (k, a) in d.kwargs.iter().zip(args.iter()) {
            if got.insert(k.name.to_string(), a.clone()).is_some() {
                diffs.push(format!("{} given twice", k.name));
            }
        }
        if args.len() > d.kwargs.len() {
            diffs.push("more positional arguments than the signature has".into());
        }
    }
    for (name, want) in params {
        let Some(g) = got.remove(name) else {
            diffs.push(format!("{path}: kwarg {name} missing"));
            continue;
        };
        if let Some(subs) = nested(want) {
            let Some(refs) = g.as_array() else {
                diffs.push(format!("{name}: not a list of scheduler names: {g}"));
                continue;
            };
            if refs.len() != subs.len() {
                diffs.push(format!(
                    "{name}: {} schedulers, expected {}",
                    refs.len(),
                    subs.len()
                ));
                continue;
            }
            for (r, sub) in refs.iter().zip(subs) {
                let Some(var) = r.get("$name").and_then(Value::as_str) else {
                    diffs.push(format!("{name}: {r} is not a scheduler variable"));
                    continue;
                };
                let Some(sub_call) = call_of(calls, var) else {
                    diffs.push(format!("{name}: no call bound to {var}"));
                    continue;
                };
                let empty = Map::new();
                let sub_params = sub["params"].as_object().unwrap_or(&empty);
                let sub_path = sub["scheduler"].as_str().unwrap_or_default();
                diffs.extend(compare_call(
                    calls, sub_call, sub_path, sub_params, positional,
                ));
            }
            continue;
        }
        let expected = expected_value(want, kind_of(path, name));
        if g != expected {
            diffs.push(format!("{path}: {name} = {g}, expected {expected}"));
        }
    }
    for extra in got.keys() {
        diffs.push(format!("{path}: extra kwarg {extra}"));
    }
    diffs
}

/// Checks one generated source against its spec: parses, the scheduler variable's call
/// matches, and (torch family) the optimizer's lr is the spec's base_lr.
fn check_source(result: &Value, spec: &ScheduleSpec, positional: bool) -> Vec<String> {
    if let Some(e) = result.get("error") {
        return vec![format!("syntax error {e}")];
    }
    let calls = result["calls"].as_array().cloned().unwrap_or_default();
    let library = library_of(&spec.scheduler).expect("known library");
    let var = variable(library);
    let Some(call) = call_of(&calls, var) else {
        return vec![format!("no call bound to `{var}`")];
    };
    let mut diffs = compare_call(&calls, call, &spec.scheduler, &spec.params, positional);
    if positional {
        return diffs;
    }
    match library {
        Library::Torch | Library::Timm | Library::Transformers => {
            match calls.iter().find(|c| c["path"] == json!("torch.optim.SGD")) {
                None => diffs.push("no torch.optim.SGD call".into()),
                Some(opt) => {
                    let lr = opt["kwargs"]["lr"].as_f64();
                    match spec.base_lr {
                        Some(want) if lr != Some(want) => {
                            diffs.push(format!("optimizer lr {lr:?}, expected base_lr {want}"))
                        }
                        None if lr.is_none() => diffs.push("optimizer has no lr".into()),
                        _ => {}
                    }
                }
            }
        }
        Library::Optax | Library::Keras => {}
    }
    diffs
}

fn golden_specs() -> Vec<(String, ScheduleSpec)> {
    let mut out = Vec::new();
    for lib in ["torch", "timm", "transformers", "optax", "keras"] {
        let path = format!("{}/tests/data/{lib}.json", env!("CARGO_MANIFEST_DIR"));
        let doc: Value =
            serde_json::from_str(&std::fs::read_to_string(&path).expect("golden file")).unwrap();
        for (i, case) in doc["cases"].as_array().unwrap().iter().enumerate() {
            let spec = ScheduleSpec::from_json(&case.to_string()).expect("golden spec");
            out.push((format!("{lib}[{i}]"), spec));
        }
    }
    out
}

fn hand_made_specs() -> Vec<(String, ScheduleSpec)> {
    let specs = [
        json!({"scheduler": "torch.optim.lr_scheduler.SequentialLR", "base_lr": 0.1, "params": {
            "milestones": [5], "schedulers": [
                {"scheduler": "torch.optim.lr_scheduler.LinearLR", "params": {"start_factor": 0.01, "total_iters": 5}},
                {"scheduler": "torch.optim.lr_scheduler.CosineAnnealingLR", "params": {"T_max": 45, "eta_min": 1e-5}}]}}),
        json!({"scheduler": "torch.optim.lr_scheduler.ChainedScheduler", "base_lr": 1.0, "params": {
            "schedulers": [
                {"scheduler": "torch.optim.lr_scheduler.ConstantLR", "params": {"factor": 0.1, "total_iters": 2}},
                {"scheduler": "torch.optim.lr_scheduler.ExponentialLR", "params": {"gamma": 0.9}}]}}),
        json!({"scheduler": "optax.piecewise_constant_schedule", "params": {
            "init_value": 0.1, "boundaries_and_scales": {"10": 0.1, "20": 0.5}}}),
        json!({"scheduler": "optax.sgdr_schedule", "params": {"cosine_kwargs": [
            {"init_value": 0.0, "peak_value": 0.1, "warmup_steps": 5, "decay_steps": 20, "end_value": 1e-5},
            {"init_value": 0.0, "peak_value": 0.05, "warmup_steps": 5, "decay_steps": 40}]}}),
        json!({"scheduler": "torch.optim.lr_scheduler.ReduceLROnPlateau", "base_lr": 0.1,
            "params": {"factor": 0.5, "patience": 2, "mode": "min"}, "metrics": [1.0, 0.9, 0.95, 0.96, 0.97]}),
        json!({"scheduler": "torch.optim.lr_scheduler.CosineAnnealingWarmRestarts", "base_lr": 0.1,
            "params": {"T_0": 5, "T_mult": 2}, "epochs": [0.0, 0.5, 4.75, 5.0, 5.25]}),
        json!({"scheduler": "torch.optim.lr_scheduler.CosineAnnealingLR", "base_lr": 0.1,
            "params": {"T_max": 10}, "epochs": [0.0, 2.5, 10.0]}),
        json!({"scheduler": "timm.scheduler.CosineLRScheduler", "base_lr": 0.1,
            "params": {"t_initial": 10, "t_in_epochs": false, "warmup_t": 2}, "epochs": [0.0, 0.5, 1.5]}),
        json!({"scheduler": "torch.optim.lr_scheduler.OneCycleLR",
            "params": {"max_lr": 0.1, "total_steps": 100}}),
        json!({"scheduler": "keras.optimizers.schedules.CosineDecay",
            "params": {"initial_learning_rate": 0.001, "decay_steps": 10000, "name": "cos \"quoted\"\n"}}),
    ];
    specs
        .into_iter()
        .enumerate()
        .map(|(i, v)| {
            (
                format!("hand-made[{i}]"),
                serde_json::from_value(v).unwrap(),
            )
        })
        .collect()
}

fn all_specs() -> Vec<(String, ScheduleSpec)> {
    let mut out: Vec<(String, ScheduleSpec)> = SCHEDULERS
        .iter()
        .map(|d| (format!("default {}", d.path), d.default_spec()))
        .collect();
    out.extend(golden_specs());
    out.extend(hand_made_specs());
    out
}

fn runs() -> [Run; 2] {
    [
        Run {
            unit: Unit::Epoch,
            n: 60,
            steps_per_epoch: 15,
        },
        Run {
            unit: Unit::Step,
            n: 61,
            steps_per_epoch: 15,
        },
    ]
}

#[test]
fn snippets_parse_and_carry_exactly_the_specs_kwargs() {
    let specs = all_specs();
    let mut sources = Vec::new();
    let mut labels = Vec::new();
    for (label, spec) in &specs {
        for run in runs() {
            sources.push(code(spec, &run));
            labels.push((format!("{label} code ({})", run.unit.key()), spec));
            sources.push(reproduce(spec, &run));
            labels.push((format!("{label} reproduce ({})", run.unit.key()), spec));
        }
    }
    let results = check_python(&sources);
    let mut failures = Vec::new();
    for (((label, spec), result), source) in labels.iter().zip(&results).zip(&sources) {
        let diffs = check_source(result, spec, false);
        if !diffs.is_empty() {
            failures.push(format!("{label}: {}\n{source}", diffs.join("; ")));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} snippets wrong:\n{}",
        failures.len(),
        sources.len(),
        failures.join("\n")
    );
    // Every description and every golden scheduler was covered.
    assert!(specs.len() >= SCHEDULERS.len() + 244);
}

#[test]
fn positional_constructions_map_through_the_signature() {
    let specs = all_specs();
    let sources: Vec<String> = specs
        .iter()
        .map(|(_, spec)| {
            let library = library_of(&spec.scheduler).unwrap();
            let mut lines = vec![
                "import torch".to_string(),
                "import optax".to_string(),
                "import keras".to_string(),
                "from timm.scheduler import CosineLRScheduler".to_string(),
            ];
            for path in all_schedulers() {
                if path.starts_with("transformers.") {
                    let (m, n) = path.rsplit_once('.').unwrap();
                    lines.push(format!("from {m} import {n}"));
                }
            }
            lines.extend(construction(spec, variable(library), ArgStyle::Positional));
            lines.join("\n")
        })
        .collect();
    let results = check_python(&sources);
    let mut failures = Vec::new();
    let mut with_positionals = 0;
    for (((label, spec), result), source) in specs.iter().zip(&results).zip(&sources) {
        let diffs = check_source(result, spec, true);
        if !diffs.is_empty() {
            failures.push(format!("{label}: {}\n{source}", diffs.join("; ")));
        }
        let var = variable(library_of(&spec.scheduler).unwrap());
        if let Some(call) = result["calls"]
            .as_array()
            .and_then(|c| call_of(c, var).cloned())
        {
            let skip = usize::from(takes_optimizer(&spec.scheduler));
            if call["args"].as_array().map_or(0, Vec::len) > skip {
                with_positionals += 1;
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // Every described scheduler whose default spec sets its first argument is called positionally.
    let described_first = SCHEDULERS
        .iter()
        .filter(|d| {
            let s = d.default_spec();
            d.kwargs
                .first()
                .is_some_and(|k| !k.keyword_only && s.params.contains_key(k.name))
        })
        .count();
    assert!(
        with_positionals >= described_first,
        "{with_positionals} < {described_first}"
    );
}

#[test]
fn snippets_step_at_the_runs_unit() {
    let cal = describe::find("torch.optim.lr_scheduler.CosineAnnealingLR")
        .unwrap()
        .default_spec();
    let [per_epoch, per_step] = runs();
    let e = code(&cal, &per_epoch);
    let s = code(&cal, &per_step);
    // Per epoch: scheduler.step() in the epoch loop (4 spaces); per step: in the batch loop.
    assert!(e.contains("\n    scheduler.step()"), "{e}");
    assert!(!e.contains("\n        scheduler.step()"), "{e}");
    assert!(s.contains("\n        scheduler.step()"), "{s}");
    assert!(
        s.contains("range(5)"),
        "61 steps at 15 per epoch are 5 epochs: {s}"
    );
    let optax = describe::find("optax.constant_schedule")
        .unwrap()
        .default_spec();
    assert!(code(&optax, &per_epoch).contains("count // steps_per_epoch"));
    assert!(code(&optax, &per_step).contains("optax.sgd(learning_rate=schedule)"));
    let r = reproduce(&optax, &per_step);
    assert!(
        r.contains("jax_enable_x64") && r.contains("range(61)"),
        "{r}"
    );
    let r = reproduce(&cal, &per_epoch);
    assert!(
        r.contains("range(60)") && r.contains("if t + 1 < 60"),
        "{r}"
    );
}

#[test]
fn reproduce_follows_the_spec_protocol() {
    let specs = hand_made_specs();
    let run = runs()[0];
    let plateau = reproduce(&specs[4].1, &run);
    assert!(plateau.contains("scheduler.step(metric)"), "{plateau}");
    assert!(
        plateau.contains("metrics = [1.0, 0.9, 0.95, 0.96, 0.97]"),
        "{plateau}"
    );
    let cawr = reproduce(&specs[5].1, &run);
    assert!(
        cawr.contains("scheduler.step(epoch)") && cawr.contains("4.75"),
        "{cawr}"
    );
    let timm = reproduce(&specs[7].1, &run);
    assert!(
        timm.contains("scheduler.step_update(t)") && timm.contains("[0.0, 0.5, 1.5]"),
        "{timm}"
    );
    let keras = reproduce(&specs[9].1, &run);
    assert!(keras.contains("float32"), "{keras}");
    let dict = code(&specs[2].1, &run);
    assert!(
        dict.contains("boundaries_and_scales={10: 0.1, 20: 0.5}"),
        "{dict}"
    );
}

mod never_panic {
    use super::*;
    use proptest::prelude::*;

    fn json_value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            any::<i64>().prop_map(Value::from),
            any::<f64>()
                .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
            any::<bool>().prop_map(Value::Bool),
            Just(Value::Null),
            ".{0,8}".prop_map(Value::String),
        ];
        leaf.prop_recursive(3, 16, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                prop::collection::btree_map(".{0,6}", inner, 0..4)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    /// A spec of a described scheduler: each kwarg present or not, with its start value or
    /// any JSON value; sometimes an extra kwarg, a nested scheduler list, epochs or metrics.
    fn spec() -> impl Strategy<Value = ScheduleSpec> {
        (
            0..SCHEDULERS.len(),
            prop::collection::vec((any::<bool>(), any::<bool>(), json_value()), 16),
            prop::option::of((".{0,10}", json_value())),
            prop::option::of(any::<f64>()),
            prop::option::of(prop::collection::vec(any::<f64>(), 0..5)),
            prop::option::of(prop::collection::vec(any::<f64>(), 0..5)),
            any::<bool>(),
        )
            .prop_map(|(i, choices, extra, base_lr, epochs, metrics, nest)| {
                let d = &SCHEDULERS[i];
                let mut spec = d.default_spec();
                for (k, (keep, random, v)) in d.kwargs.iter().zip(choices) {
                    if !keep {
                        spec.params.remove(k.name);
                    } else if random {
                        spec.params.insert(k.name.to_string(), v);
                    }
                }
                if let Some((name, v)) = extra {
                    spec.params.insert(name, v);
                }
                if nest {
                    let sub = SCHEDULERS[(i + 1) % SCHEDULERS.len()].default_spec();
                    spec.params.insert(
                        "schedulers".into(),
                        json!([{"scheduler": sub.scheduler, "params": sub.params}]),
                    );
                }
                spec.base_lr = base_lr;
                spec.epochs = epochs;
                spec.metrics = metrics;
                spec
            })
    }

    proptest! {
        // 16 cases of 16 specs: one python3 process per case (its start-up dominates).
        #![proptest_config(ProptestConfig::with_cases(16))]
        #[test]
        fn code_and_reproduce_never_panic_and_parse(
            cases in prop::collection::vec((spec(), 0usize..500, 0usize..40, any::<bool>()), 16)
        ) {
            let mut sources = Vec::new();
            for (spec, n, spe, step) in &cases {
                let run = Run { unit: if *step { Unit::Step } else { Unit::Epoch }, n: *n, steps_per_epoch: *spe };
                sources.push(code(spec, &run));
                sources.push(reproduce(spec, &run));
            }
            let results = check_python(&sources);
            for (r, s) in results.iter().zip(&sources) {
                prop_assert!(r.get("error").is_none(), "{r}\n{s}");
            }
        }

        #[test]
        fn any_scheduler_name_never_panics(name in ".{0,40}", params in json_value()) {
            let spec = ScheduleSpec {
                scheduler: name,
                params: params.as_object().cloned().unwrap_or_default(),
                base_lr: None,
                epochs: None,
                metrics: None,
            };
            let run = Run { unit: Unit::Epoch, n: 3, steps_per_epoch: 1 };
            let _ = code(&spec, &run);
            let _ = reproduce(&spec, &run);
        }
    }
}

/// OneCycleLR and CyclicLR with `cycle_momentum` (their default) say in both snippets that
/// each step also sets SGD's momentum; with `cycle_momentum=False`, or for other schedulers,
/// nothing is said.
#[test]
fn momentum_cycling_is_stated_where_the_scheduler_sets_it() {
    let says = |spec: &ScheduleSpec| {
        let [run, _] = runs();
        let mentions = |s: String| s.contains("param_groups[0][\"momentum\"]");
        (mentions(code(spec, &run)), mentions(reproduce(spec, &run)))
    };
    for (scheduler, params) in [
        (
            "torch.optim.lr_scheduler.OneCycleLR",
            json!({"max_lr": 0.1, "total_steps": 60}),
        ),
        (
            "torch.optim.lr_scheduler.CyclicLR",
            json!({"base_lr": 0.01, "max_lr": 0.1}),
        ),
    ] {
        let mut spec = ScheduleSpec::from_json(
            &json!({"scheduler": scheduler, "params": params, "base_lr": 0.1}).to_string(),
        )
        .unwrap();
        assert!(anneal::spec::snippet::cycles_momentum(&spec), "{scheduler}");
        assert_eq!(says(&spec), (true, true), "{scheduler}");
        spec.params.insert("cycle_momentum".into(), json!(false));
        assert!(!anneal::spec::snippet::cycles_momentum(&spec));
        assert_eq!(says(&spec), (false, false), "{scheduler} without cycling");
    }
    let cosine = ScheduleSpec::from_json(
        r#"{"scheduler": "torch.optim.lr_scheduler.CosineAnnealingLR", "params": {"T_max": 10}, "base_lr": 0.1}"#,
    )
    .unwrap();
    assert_eq!(says(&cosine), (false, false));
}
