//! Python code for a [`ScheduleSpec`], in the spec's own library (issue "Schedule Lab", "Code
//! per series"). Pure: text in, text out.
//!
//! - [`code`]: a training-script snippet: imports, the optimizer, the scheduler constructed with
//!   exactly the spec's kwargs, and the loop that steps it at the run's unit (per epoch or per
//!   optimizer step), with a comment wherever the page's choice differs from the library's
//!   habit (optax and Keras count optimizer steps, so a per-epoch page hands them the epoch).
//! - [`reproduce`]: a standalone script that needs only the library (a dummy parameter, no
//!   model, no data) and prints the page's N rates, one per line, following the stepping
//!   protocols of the golden cases (tests/data/README.md): torch and transformers read
//!   `optimizer.param_groups[0]["lr"]` before each `optimizer.step(); scheduler.step()`; timm
//!   calls `step(t)` / `step_update(t)` and then reads the lr; optax and Keras print
//!   `float(schedule(t))` for t in `range(N)` (optax with `jax_enable_x64`, so values are f64
//!   as the page's are; Keras computes its cosines in float32, and the script says so).
//! - [`construction`] and [`py_literal`]: the constructor lines themselves (keyword or
//!   positional form), also used to render a spec as the Python a user would paste.
//!
//! Everything is derived from the spec and the scheduler descriptions ([`describe`]): kwarg
//! order (signature order), kinds (an `IntFloatDict` is written `{10: 0.1}`, nested
//! `Schedulers` are built as variables first) and the library. Values are Python literals:
//! JSON ints as ints, JSON floats as Python's `repr` ([`crate::fmt::py_repr`]), `True`,
//! `False`, `None`, quoted strings, lists and dicts.

use serde_json::{Map, Value};

use super::describe::{self, Kind, Library, Unit};
use super::ScheduleSpec;
use crate::fmt::py_repr;

/// The page's run, which a snippet steps the schedule through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Run {
    /// How often the page steps the schedule: once per epoch or once per optimizer step.
    pub unit: Unit,
    /// The number of rates the page shows (t = 0..n-1 in the run's unit).
    pub n: usize,
    /// Optimizer steps per epoch (`ceil(n_train / batch_size)`), at least 1.
    pub steps_per_epoch: usize,
}

impl Run {
    /// The number of epochs the run trains: `n` per epoch, or `ceil(n / steps_per_epoch)`
    /// per step.
    pub fn epochs(&self) -> usize {
        match self.unit {
            Unit::Epoch => self.n,
            Unit::Step => self.n.div_ceil(self.steps_per_epoch.max(1)),
        }
    }
}

/// How a constructor call passes its arguments.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArgStyle {
    /// `StepLR(optimizer, step_size=30, gamma=0.1)`: every kwarg by name.
    Keyword,
    /// `StepLR(optimizer, 30, 0.1)`: the longest prefix of the signature (the description's
    /// kwarg order) that the spec sets and that is not keyword-only, positionally; the rest
    /// by name.
    Positional,
}

/// The variable the snippets bind the scheduler to: `schedule` for the pure functions of
/// optax and Keras (called with the step count), `scheduler` for the scheduler objects of
/// torch, timm and transformers.
pub fn variable(library: Library) -> &'static str {
    match library {
        Library::Optax | Library::Keras => "schedule",
        _ => "scheduler",
    }
}

/// The library a scheduler path belongs to: its description's, or the one whose key starts
/// the path (`torch.`, `timm.`, ...).
pub fn library_of(path: &str) -> Option<Library> {
    describe::find(path).map(|s| s.library).or_else(|| {
        Library::ALL.into_iter().find(|l| {
            path.strip_prefix(l.key())
                .is_some_and(|r| r.starts_with('.'))
        })
    })
}

/// The module a scheduler path lives in and its own name: `("torch.optim.lr_scheduler",
/// "StepLR")`.
fn split_path(path: &str) -> (&str, &str) {
    path.rsplit_once('.').unwrap_or(("", path))
}

/// Whether the scheduler's first positional argument is the optimizer (its description's
/// `optimizer_position` is 0): every torch, timm and transformers scheduler except PyTorch's
/// `ChainedScheduler(schedulers, optimizer=None)`, whose optional optimizer the snippets leave
/// out (it is found through the schedulers). optax and Keras schedules take none. An
/// undescribed path of torch, timm or transformers is taken to.
pub fn takes_optimizer(path: &str) -> bool {
    match describe::find(path) {
        Some(d) => d.optimizer_position == Some(0),
        None => matches!(
            library_of(path),
            Some(Library::Torch | Library::Timm | Library::Transformers)
        ),
    }
}
const PLATEAU: &str = "torch.optim.lr_scheduler.ReduceLROnPlateau";

/// The text that calls a scheduler in the snippets: the full path for torch, optax and Keras
/// (reachable after `import torch` / `import optax` / `import keras`), the bare name for timm
/// and transformers (imported with `from <module> import <name>`).
fn callee(path: &str) -> &str {
    match library_of(path) {
        Some(Library::Timm | Library::Transformers) => split_path(path).1,
        _ => path,
    }
}

/// The kind of a spec's kwarg, from the description of its scheduler.
fn kind_of(path: &str, kwarg: &str) -> Option<Kind> {
    describe::find(path)
        .and_then(|s| s.kwarg(kwarg))
        .map(|k| k.kind)
}

/// A JSON value as a Python literal: ints as ints, floats as Python's `repr`, `True` /
/// `False` / `None`, strings quoted, lists as lists and objects as dicts. Dict keys are
/// written as ints when `kind` is [`Kind::IntFloatDict`] (optax `boundaries_and_scales`:
/// JSON `{"10": 0.1}` is the Python `{10: 0.1}`), or, with no kind known, when every key is
/// an integer; otherwise as strings.
pub fn py_literal(value: &Value, kind: Option<Kind>) -> String {
    match value {
        Value::Object(map) => {
            let int_keys = match kind {
                Some(Kind::IntFloatDict) => true,
                Some(_) => false,
                None => !map.is_empty() && map.keys().all(|k| int_key(k).is_some()),
            };
            let items: Vec<String> = map
                .iter()
                .map(|(k, v)| {
                    let key = match int_key(k) {
                        Some(i) if int_keys => i.to_string(),
                        _ => py_string(k),
                    };
                    format!("{key}: {}", py_literal(v, None))
                })
                .collect();
            format!("{{{}}}", items.join(", "))
        }
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(|v| py_literal(v, None)).collect();
            format!("[{}]", items.join(", "))
        }
        Value::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => i.to_string(),
            (_, Some(u), _) => u.to_string(),
            (_, _, Some(f)) => py_repr(f),
            _ => n.to_string(),
        },
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Null => "None".into(),
        Value::String(s) => py_string(s),
    }
}

/// A dict key that is a Python int, as JSON writes it (`"10"`, `"-3"`).
fn int_key(k: &str) -> Option<i64> {
    k.parse::<i64>().ok().filter(|i| i.to_string() == k)
}

/// A Python string literal. JSON's escapes (`\"`, `\\`, `\n`, `\uXXXX`) mean the same in
/// Python, so the JSON text of the string is a valid Python literal.
fn py_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

/// Whether `name` can be written as a Python keyword argument: an ASCII identifier that is
/// not a reserved word.
fn is_identifier(name: &str) -> bool {
    const RESERVED: &[&str] = &[
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class",
        "continue", "def", "del", "elif", "else", "except", "finally", "for", "from", "global",
        "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return",
        "try", "while", "with", "yield",
    ];
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !RESERVED.contains(&name)
}

/// Whether Anneal knows the scheduler at `path` (so its callee is a valid Python path).
fn known(path: &str) -> bool {
    describe::find(path).is_some() || super::all_schedulers().contains(&path)
}

/// The nested scheduler specs of a `Schedulers` kwarg (SequentialLR / ChainedScheduler), or
/// `None` when the value is not a list of `{"scheduler": ..., "params": {...}}` objects.
fn nested_specs(parent: &ScheduleSpec, value: &Value) -> Option<Vec<ScheduleSpec>> {
    let items = value.as_array()?;
    items
        .iter()
        .map(|item| {
            let obj = item.as_object()?;
            let scheduler = obj
                .get("scheduler")?
                .as_str()
                .filter(|p| known(p))?
                .to_string();
            let params = match obj.get("params") {
                None | Some(Value::Null) => Map::new(),
                Some(Value::Object(m)) => m.clone(),
                Some(_) => return None,
            };
            Some(ScheduleSpec {
                scheduler,
                params,
                base_lr: parent.base_lr,
                epochs: None,
                metrics: None,
            })
        })
        .collect()
}

/// The spec's kwargs in the order a call writes them: the description's signature order,
/// then any kwarg the description does not list (in the spec's order).
fn ordered_params(spec: &ScheduleSpec) -> Vec<(&str, &Value)> {
    let mut out: Vec<(&str, &Value)> = Vec::new();
    if let Some(d) = describe::find(&spec.scheduler) {
        for k in d.kwargs {
            if let Some((name, v)) = spec.params.get_key_value(k.name) {
                out.push((name.as_str(), v));
            }
        }
    }
    for (name, v) in &spec.params {
        if !out.iter().any(|(n, _)| *n == name.as_str()) {
            out.push((name.as_str(), v));
        }
    }
    out
}

/// How many of the ordered kwargs a positional call passes by position: the longest prefix
/// of the description's signature that the spec sets, stopping at a keyword-only kwarg.
fn positional_count(spec: &ScheduleSpec) -> usize {
    let Some(d) = describe::find(&spec.scheduler) else {
        return 0;
    };
    d.kwargs
        .iter()
        .take_while(|k| !k.keyword_only && spec.params.contains_key(k.name))
        .count()
}

/// The Python lines that bind `var` to the spec's scheduler, e.g.
/// `scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=30, gamma=0.1)`.
///
/// Nested schedulers (a `Schedulers` kwarg: SequentialLR, ChainedScheduler) are built first,
/// as `{var}1`, `{var}2`, ... (recursively `{var}1_1`, ...), on the same `optimizer`, and
/// passed as a list of those names. torch, timm and transformers schedulers take `optimizer`
/// as their first argument (see [`takes_optimizer`]). The callee is written as the snippets'
/// imports make it reachable (full path for torch, optax and Keras; bare name for timm and
/// transformers).
pub fn construction(spec: &ScheduleSpec, var: &str, style: ArgStyle) -> Vec<String> {
    let mut lines = Vec::new();
    let mut args: Vec<String> = Vec::new();
    if takes_optimizer(&spec.scheduler) {
        args.push("optimizer".into());
    }
    let positional = match style {
        ArgStyle::Keyword => 0,
        ArgStyle::Positional => positional_count(spec),
    };
    let mut sub_count = 0;
    for (i, (name, value)) in ordered_params(spec).into_iter().enumerate() {
        let kind = kind_of(&spec.scheduler, name);
        let nested = match kind {
            Some(Kind::Schedulers) | None => nested_specs(spec, value),
            _ => None,
        };
        let text = match nested {
            Some(subs) if !subs.is_empty() => {
                let mut names = Vec::new();
                for sub in &subs {
                    sub_count += 1;
                    let sub_var = if var.chars().last().is_some_and(|c| c.is_ascii_digit()) {
                        format!("{var}_{sub_count}")
                    } else {
                        format!("{var}{sub_count}")
                    };
                    lines.extend(construction(sub, &sub_var, style));
                    names.push(sub_var);
                }
                format!("[{}]", names.join(", "))
            }
            _ => py_literal(value, kind),
        };
        if i < positional {
            args.push(text);
        } else if is_identifier(name) {
            args.push(format!("{name}={text}"));
        } else {
            // Not a Python name (a bad spec, which the reader rejects): still valid Python.
            args.push(format!("**{{{}: {text}}}", py_string(name)));
        }
    }
    lines.push(format!(
        "{var} = {}({})",
        callee(&spec.scheduler),
        args.join(", ")
    ));
    lines
}

/// Every scheduler path a spec constructs: its own and its nested schedulers'.
fn all_paths(spec: &ScheduleSpec) -> Vec<String> {
    let mut out = vec![spec.scheduler.clone()];
    for (name, value) in &spec.params {
        if matches!(
            kind_of(&spec.scheduler, name),
            Some(Kind::Schedulers) | None
        ) {
            for sub in nested_specs(spec, value).unwrap_or_default() {
                out.extend(all_paths(&sub));
            }
        }
    }
    out
}

/// The `from <module> import <name>` lines for the timm and transformers schedulers a spec
/// uses (torch, optax and Keras are called through their full paths).
fn from_imports(spec: &ScheduleSpec) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for path in all_paths(spec) {
        if matches!(
            library_of(&path),
            Some(Library::Timm | Library::Transformers)
        ) {
            let (module, name) = split_path(&path);
            let line = format!("from {module} import {name}");
            if !out.contains(&line) {
                out.push(line);
            }
        }
    }
    out
}

/// timm's `t_in_epochs` for a spec: its kwarg, else the description's default, else timm's
/// `True`.
fn t_in_epochs(spec: &ScheduleSpec) -> bool {
    spec.params
        .get("t_in_epochs")
        .and_then(Value::as_bool)
        .or_else(|| {
            describe::find(&spec.scheduler)
                .and_then(|s| s.kwarg("t_in_epochs"))
                .and_then(|k| k.default_value())
                .and_then(|v| v.as_bool())
        })
        .unwrap_or(true)
}

/// The optimizer line of the torch-family snippets, on `params` (`model.parameters()` or
/// `[param]`).
fn torch_optimizer(spec: &ScheduleSpec, params: &str) -> String {
    match spec.base_lr {
        Some(lr) => format!("optimizer = torch.optim.SGD({params}, lr={})", py_repr(lr)),
        None => format!(
            "optimizer = torch.optim.SGD({params}, lr=0.001)  # {} sets the lr itself",
            split_path(&spec.scheduler).1
        ),
    }
}

/// Whether `spec` cycles the optimizer's momentum: a scheduler whose description has the
/// `cycle_momentum` kwarg (PyTorch's OneCycleLR and CyclicLR, default `True`) with it on: each `step()` then also sets
/// `optimizer.param_groups[0]["momentum"]` (torch/optim/lr_scheduler.py), which the page's
/// trainer applies to SGD.
pub fn cycles_momentum(spec: &ScheduleSpec) -> bool {
    // The schedulers that have the kwarg (its description gives the default).
    let Some(kwarg) = describe::find(&spec.scheduler).and_then(|s| s.kwarg("cycle_momentum"))
    else {
        return false;
    };
    spec.params
        .get("cycle_momentum")
        .and_then(Value::as_bool)
        .or_else(|| kwarg.default_value().and_then(|v| v.as_bool()))
        .unwrap_or(false)
}

/// The comment saying that the scheduler also sets SGD's momentum (see [`cycles_momentum`]).
fn momentum_comment(spec: &ScheduleSpec) -> Option<String> {
    cycles_momentum(spec).then(|| {
        "# cycle_momentum=True: every scheduler.step() also sets optimizer.param_groups[0][\"momentum\"] \
         (max_momentum when the rate is lowest, base_momentum when it peaks): the page's SGD uses it"
            .to_string()
    })
}

/// A list of floats as a Python literal.
fn py_floats(values: &[f64]) -> String {
    let items: Vec<String> = values.iter().map(|v| py_repr(*v)).collect();
    format!("[{}]", items.join(", "))
}

/// Appends `lines` to `out`, each indented by `depth` levels of four spaces.
fn push(out: &mut Vec<String>, depth: usize, lines: &[&str]) {
    for line in lines {
        out.push(format!("{}{line}", "    ".repeat(depth)));
    }
}

/// A training-script snippet in the spec's library: imports, the optimizer
/// (`torch.optim.SGD(model.parameters(), lr=<base_lr>)`, `optax.sgd(learning_rate=...)`,
/// `keras.optimizers.SGD(learning_rate=...)`), the scheduler built by [`construction`]
/// (keyword form), and the training loop stepping it at the run's unit:
/// - torch / transformers: `scheduler.step()` after each epoch, or after each
///   `optimizer.step()`; ReduceLROnPlateau `scheduler.step(val_loss)` once per epoch in
///   either unit; an explicit `epochs` list is stepped as `scheduler.step(epoch)`;
/// - timm: `scheduler.step(epoch + 1)` (`t_in_epochs=True`) or
///   `scheduler.step_update(num_updates)` (`t_in_epochs=False`), whichever method timm honours
///   for the spec, called with the run's count;
/// - optax / Keras: the optimizer calls the schedule with its step count; a per-epoch run
///   hands it `count // steps_per_epoch` (optax) or the epoch through
///   `keras.callbacks.LearningRateScheduler` (Keras), and a comment says so.
///
/// `model`, `train_loader`, `loss_fn` (and optax's `params`, `train_batches`, Keras'
/// `x_train`, `y_train`) stand for the reader's own objects. Never panics.
pub fn code(spec: &ScheduleSpec, run: &Run) -> String {
    let Some(library) = library_of(&spec.scheduler).filter(|_| known(&spec.scheduler)) else {
        return unknown(spec);
    };
    let mut out = Vec::new();
    match library {
        Library::Torch | Library::Timm | Library::Transformers => torch_code(spec, run, &mut out),
        Library::Optax => optax_code(spec, run, &mut out),
        Library::Keras => keras_code(spec, run, &mut out),
    }
    out.join("\n") + "\n"
}

/// A comment-only snippet for a scheduler Anneal does not know.
fn unknown(spec: &ScheduleSpec) -> String {
    format!(
        "# {} is not a scheduler Anneal knows (`anneal list` prints them)\n",
        spec.scheduler
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect::<String>()
    )
}

/// What the page's loop says about its length.
fn run_comment(run: &Run) -> String {
    match run.unit {
        Unit::Epoch => format!("{} epochs: the page's {} rates", run.epochs(), run.n),
        Unit::Step => format!(
            "{} epochs × {} steps: the page's {} rates are the first {} optimizer steps",
            run.epochs(),
            run.steps_per_epoch,
            run.n,
            run.n
        ),
    }
}

fn torch_code(spec: &ScheduleSpec, run: &Run, out: &mut Vec<String>) {
    let library = library_of(&spec.scheduler).unwrap_or(Library::Torch);
    out.push("import torch".into());
    out.extend(from_imports(spec));
    out.push(String::new());
    out.push("# `model`, `train_loader` and `loss_fn` are your own.".into());
    out.push(torch_optimizer(spec, "model.parameters()"));
    out.extend(construction(spec, "scheduler", ArgStyle::Keyword));
    out.extend(momentum_comment(spec));
    out.push(String::new());
    let name = split_path(&spec.scheduler).1;
    let step_body: [&str; 3] = [
        "optimizer.zero_grad()",
        "loss_fn(model(inputs), targets).backward()",
        "optimizer.step()",
    ];
    if let Some(epochs) = &spec.epochs {
        let (call, what) = match library {
            Library::Timm if !t_in_epochs(spec) => ("scheduler.step_update(epoch)", "timm"),
            Library::Timm => ("scheduler.step(epoch)", "timm"),
            _ => ("scheduler.step(epoch)", "PyTorch's closed form"),
        };
        out.push(format!(
            "epochs = {}  # the page's explicit epochs",
            py_floats(epochs)
        ));
        out.push("for epoch in epochs:".into());
        push(
            out,
            1,
            &[&format!(
                "{call}  # the rate at this (possibly fractional) epoch: {what}"
            )],
        );
        push(out, 1, &["for inputs, targets in train_loader:"]);
        push(out, 2, &step_body);
        return;
    }
    if spec.scheduler == PLATEAU {
        out.push(format!(
            "for epoch in range({}):  # {}",
            run.epochs(),
            run_comment(run)
        ));
        push(out, 1, &["for inputs, targets in train_loader:"]);
        push(out, 2, &step_body);
        push(
            out,
            1,
            &[
                "val_loss = validation_loss(model)  # the page uses the epoch's training objective",
                "scheduler.step(val_loss)  # once per epoch, in either unit",
            ],
        );
        if let Some(m) = &spec.metrics {
            out.push(format!(
                "# The page replays these recorded metrics: {}",
                py_floats(m)
            ));
        }
        return;
    }
    if library == Library::Timm {
        let honoured_update = !t_in_epochs(spec);
        out.push("num_updates = 0".into());
        out.push(format!(
            "for epoch in range({}):  # {}",
            run.epochs(),
            run_comment(run)
        ));
        push(out, 1, &["for inputs, targets in train_loader:"]);
        push(out, 2, &step_body);
        push(out, 2, &["num_updates += 1"]);
        match (run.unit, honoured_update) {
            (Unit::Step, true) => push(
                out,
                2,
                &["scheduler.step_update(num_updates)  # t_in_epochs=False: t counts optimizer steps, as on the page"],
            ),
            (Unit::Step, false) => push(
                out,
                2,
                &["scheduler.step(num_updates)  # the page counts t in optimizer steps; with t_in_epochs=True timm reads t from step()"],
            ),
            (Unit::Epoch, true) => push(
                out,
                1,
                &["scheduler.step_update(epoch + 1)  # the page counts t in epochs; with t_in_epochs=False timm reads t from step_update()"],
            ),
            (Unit::Epoch, false) => push(
                out,
                1,
                &["scheduler.step(epoch + 1)  # t_in_epochs=True: the rate for the next epoch, as on the page"],
            ),
        }
        return;
    }
    out.push(format!(
        "for epoch in range({}):  # {}",
        run.epochs(),
        run_comment(run)
    ));
    push(out, 1, &["for inputs, targets in train_loader:"]);
    push(out, 2, &step_body);
    match run.unit {
        Unit::Step => push(
            out,
            2,
            &["scheduler.step()  # once per optimizer step, as on the page"],
        ),
        Unit::Epoch => {
            let line = if library == Library::Transformers {
                format!("scheduler.step()  # once per epoch, as on the page: {name}'s step counts are epochs here")
            } else {
                "scheduler.step()  # once per epoch, as on the page".to_string()
            };
            push(out, 1, &[&line]);
        }
    }
}

fn optax_code(spec: &ScheduleSpec, run: &Run, out: &mut Vec<String>) {
    out.push("import jax".into());
    out.push("import optax".into());
    out.push(String::new());
    out.push("# `params`, `loss_fn` and `train_batches` are your own.".into());
    out.extend(construction(spec, "schedule", ArgStyle::Keyword));
    match run.unit {
        Unit::Step => {
            out.push("# optax calls schedule(count), count = the number of updates applied so far: one rate per step, as on the page.".into());
            out.push("optimizer = optax.sgd(learning_rate=schedule)".into());
        }
        Unit::Epoch => {
            out.push(format!("steps_per_epoch = {}", run.steps_per_epoch.max(1)));
            out.push("# optax calls the learning rate with the update count; the page steps the schedule once per epoch,".into());
            out.push("# so the schedule sees epochs: count // steps_per_epoch.".into());
            out.push(
                "optimizer = optax.sgd(learning_rate=lambda count: schedule(count // steps_per_epoch))"
                    .into(),
            );
        }
    }
    out.push("opt_state = optimizer.init(params)".into());
    out.push(String::new());
    out.push(format!(
        "for epoch in range({}):  # {}",
        run.epochs(),
        run_comment(run)
    ));
    push(out, 1, &["for batch in train_batches:"]);
    push(
        out,
        2,
        &[
            "grads = jax.grad(loss_fn)(params, batch)",
            "updates, opt_state = optimizer.update(grads, opt_state, params)",
            "params = optax.apply_updates(params, updates)",
        ],
    );
}

fn keras_code(spec: &ScheduleSpec, run: &Run, out: &mut Vec<String>) {
    out.push("import keras".into());
    out.push(String::new());
    out.push("# `model`, `x_train` and `y_train` are your own.".into());
    out.extend(construction(spec, "schedule", ArgStyle::Keyword));
    match run.unit {
        Unit::Step => {
            out.push("# Keras calls schedule(iterations), iterations = optimizer steps so far: one rate per step, as on the page.".into());
            out.push("optimizer = keras.optimizers.SGD(learning_rate=schedule)".into());
            out.push("model.compile(optimizer=optimizer, loss=\"binary_crossentropy\")".into());
            out.push(format!(
                "model.fit(x_train, y_train, epochs={})  # {}",
                run.epochs(),
                run_comment(run)
            ));
        }
        Unit::Epoch => {
            out.push("# The page steps the schedule once per epoch, so the schedule sees epochs: the callback".into());
            out.push("# sets the optimizer's rate to schedule(epoch) before each epoch.".into());
            out.push("optimizer = keras.optimizers.SGD(learning_rate=float(schedule(0)))".into());
            out.push("model.compile(optimizer=optimizer, loss=\"binary_crossentropy\")".into());
            out.push("per_epoch = keras.callbacks.LearningRateScheduler(lambda epoch: float(schedule(epoch)))".into());
            out.push(format!(
                "model.fit(x_train, y_train, epochs={}, callbacks=[per_epoch])  # {}",
                run.epochs(),
                run_comment(run)
            ));
        }
    }
}

/// A standalone script that prints the page's rates, one per line: the spec's own length
/// (`len(epochs)`, `len(metrics) + 1`) or else `run.n`. It needs only the library: torch-family
/// scripts build `SGD([param], lr=base_lr)` on one dummy parameter.
///
/// Protocols (tests/data/README.md, "Stepping protocols"):
/// - torch / transformers: print `optimizer.param_groups[0]["lr"]`, then
///   `optimizer.step(); scheduler.step()`, with no step after the last read (OneCycleLR would
///   raise past `total_steps`); ReduceLROnPlateau prints, then per recorded metric
///   `optimizer.step(); scheduler.step(metric)` and prints; explicit `epochs`:
///   `scheduler.step(epoch)` then print;
/// - timm: `scheduler.step(t)` (`t_in_epochs=True`) or `scheduler.step_update(t)`, then print,
///   for t in `range(N)` or the explicit epochs;
/// - optax: `jax_enable_x64` first, then `print(float(schedule(t)))` for t in `range(N)`;
/// - Keras: `print(float(schedule(t)))`; Keras computes its cosines in float32, so those
///   values differ from the page's f64 by float32 rounding (the script says so).
///
/// Never panics.
pub fn reproduce(spec: &ScheduleSpec, run: &Run) -> String {
    let Some(library) = library_of(&spec.scheduler).filter(|_| known(&spec.scheduler)) else {
        return unknown(spec);
    };
    let n = spec.implied_len().unwrap_or(run.n);
    let mut out = Vec::new();
    match library {
        Library::Torch | Library::Transformers => {
            torch_imports(spec, &mut out);
            if spec.scheduler == PLATEAU || spec.metrics.is_some() {
                match &spec.metrics {
                    Some(metrics) => out.push(format!(
                        "metrics = {}  # the recorded metrics: one step(metric) each",
                        py_floats(metrics)
                    )),
                    None => out.push(format!(
                        "metrics = []  # your {} metrics, one per epoch (the page records them as it trains)",
                        n.saturating_sub(1)
                    )),
                }
                out.push("print(optimizer.param_groups[0][\"lr\"])".into());
                out.push("for metric in metrics:".into());
                push(
                    &mut out,
                    1,
                    &[
                        "optimizer.step()",
                        "scheduler.step(metric)",
                        "print(optimizer.param_groups[0][\"lr\"])",
                    ],
                );
            } else if let Some(epochs) = &spec.epochs {
                out.push(format!("epochs = {}", py_floats(epochs)));
                out.push("for epoch in epochs:".into());
                push(
                    &mut out,
                    1,
                    &[
                        "scheduler.step(epoch)  # explicit epoch (PyTorch's step(epoch); it warns that this is deprecated)",
                        "print(optimizer.param_groups[0][\"lr\"])",
                    ],
                );
            } else {
                out.extend(momentum_comment(spec));
                out.push(format!("for t in range({n}):"));
                let guard = format!("if t + 1 < {n}:  # no step after the last read");
                push(
                    &mut out,
                    1,
                    &[
                        "print(optimizer.param_groups[0][\"lr\"])  # the rate of the t-th optimizer step",
                        &guard,
                    ],
                );
                push(&mut out, 2, &["optimizer.step()", "scheduler.step()"]);
            }
        }
        Library::Timm => {
            torch_imports(spec, &mut out);
            let method = if t_in_epochs(spec) {
                "scheduler.step(t)  # t_in_epochs=True: the rate for epoch t"
            } else {
                "scheduler.step_update(t)  # t_in_epochs=False: the rate for update t"
            };
            match &spec.epochs {
                Some(epochs) => out.push(format!("for t in {}:", py_floats(epochs))),
                None => out.push(format!("for t in range({n}):")),
            }
            push(
                &mut out,
                1,
                &[method, "print(optimizer.param_groups[0][\"lr\"])"],
            );
        }
        Library::Optax => {
            out.push("import jax".into());
            out.push(String::new());
            out.push(
                "jax.config.update(\"jax_enable_x64\", True)  # f64, as the page computes".into(),
            );
            out.push(String::new());
            out.push("import optax".into());
            out.push(String::new());
            out.extend(construction(spec, "schedule", ArgStyle::Keyword));
            out.push(format!("for t in range({n}):"));
            push(
                &mut out,
                1,
                &["print(float(schedule(t)))  # t = updates applied so far"],
            );
        }
        Library::Keras => {
            out.push("import keras".into());
            out.push(String::new());
            out.extend(construction(spec, "schedule", ArgStyle::Keyword));
            out.push("# Keras computes its cosines in float32 (even with floatx float64): cosine schedules".into());
            out.push(
                "# differ from the page's f64 values by float32 rounding (about 1e-7 of the peak)."
                    .into(),
            );
            out.push(format!("for t in range({n}):"));
            push(
                &mut out,
                1,
                &["print(float(schedule(t)))  # t = iterations so far"],
            );
        }
    }
    out.join("\n") + "\n"
}

/// The shared head of the torch-family reproduce scripts: imports, a dummy parameter, the
/// optimizer and the scheduler.
fn torch_imports(spec: &ScheduleSpec, out: &mut Vec<String>) {
    out.push("import torch".into());
    out.extend(from_imports(spec));
    out.push(String::new());
    out.push(
        "param = torch.nn.Parameter(torch.zeros(1))  # a dummy parameter: no model, no data".into(),
    );
    out.push(torch_optimizer(spec, "[param]"));
    out.extend(construction(spec, "scheduler", ArgStyle::Keyword));
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn spec(v: Value) -> ScheduleSpec {
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn literals_are_python() {
        assert_eq!(py_literal(&json!(5), None), "5");
        assert_eq!(py_literal(&json!(5.0), None), "5.0");
        assert_eq!(py_literal(&json!(1e-5), None), "1e-05");
        assert_eq!(py_literal(&json!(true), None), "True");
        assert_eq!(py_literal(&Value::Null, None), "None");
        assert_eq!(py_literal(&json!("cos"), None), "\"cos\"");
        assert_eq!(py_literal(&json!([1, 2.5]), None), "[1, 2.5]");
        assert_eq!(
            py_literal(&json!({"10": 0.1}), Some(Kind::IntFloatDict)),
            "{10: 0.1}"
        );
        assert_eq!(py_literal(&json!({"10": 0.1}), None), "{10: 0.1}");
        assert_eq!(
            py_literal(&json!({"init_value": 0.0}), None),
            "{\"init_value\": 0.0}"
        );
        assert_eq!(
            py_literal(&json!({"10": 0.1}), Some(Kind::Text)),
            "{\"10\": 0.1}"
        );
    }

    #[test]
    fn constructions_follow_the_signature() {
        let s = spec(
            json!({"scheduler": "torch.optim.lr_scheduler.CosineAnnealingLR",
            "params": {"eta_min": 0.001, "T_max": 50}, "base_lr": 0.1}),
        );
        assert_eq!(
            construction(&s, "scheduler", ArgStyle::Keyword),
            ["scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=50, eta_min=0.001)"]
        );
        assert_eq!(
            construction(&s, "scheduler", ArgStyle::Positional),
            ["scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, 50, 0.001)"]
        );
        let only_eta = spec(
            json!({"scheduler": "torch.optim.lr_scheduler.CosineAnnealingLR",
            "params": {"eta_min": 0.001}, "base_lr": 0.1}),
        );
        assert_eq!(
            construction(&only_eta, "scheduler", ArgStyle::Positional),
            ["scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, eta_min=0.001)"]
        );
    }

    #[test]
    fn nested_schedulers_are_variables_first() {
        let s = spec(
            json!({"scheduler": "torch.optim.lr_scheduler.SequentialLR", "base_lr": 0.1,
            "params": {"milestones": [5], "schedulers": [
                {"scheduler": "torch.optim.lr_scheduler.LinearLR", "params": {"start_factor": 0.01}},
                {"scheduler": "torch.optim.lr_scheduler.CosineAnnealingLR", "params": {"T_max": 45}}]}}),
        );
        let lines = construction(&s, "scheduler", ArgStyle::Keyword);
        assert_eq!(lines.len(), 3, "{lines:?}");
        assert!(lines[0].starts_with("scheduler1 = torch.optim.lr_scheduler.LinearLR(optimizer, "));
        assert!(lines[1]
            .starts_with("scheduler2 = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, "));
        assert!(
            lines[2].contains("schedulers=[scheduler1, scheduler2]"),
            "{}",
            lines[2]
        );
        let chained = spec(
            json!({"scheduler": "torch.optim.lr_scheduler.ChainedScheduler", "base_lr": 1.0,
            "params": {"schedulers": [{"scheduler": "torch.optim.lr_scheduler.ExponentialLR", "params": {"gamma": 0.9}}]}}),
        );
        let lines = construction(&chained, "scheduler", ArgStyle::Keyword);
        assert_eq!(
            lines.last().unwrap(),
            "scheduler = torch.optim.lr_scheduler.ChainedScheduler(schedulers=[scheduler1])"
        );
    }

    #[test]
    fn runs_count_epochs() {
        let per_step = Run {
            unit: Unit::Step,
            n: 31,
            steps_per_epoch: 15,
        };
        assert_eq!(per_step.epochs(), 3);
        let per_epoch = Run {
            unit: Unit::Epoch,
            n: 31,
            steps_per_epoch: 15,
        };
        assert_eq!(per_epoch.epochs(), 31);
    }

    #[test]
    fn unknown_library_is_a_comment() {
        let s = spec(json!({"scheduler": "mxnet.lr_scheduler.FactorScheduler"}));
        let run = Run {
            unit: Unit::Epoch,
            n: 3,
            steps_per_epoch: 1,
        };
        assert!(code(&s, &run).starts_with("# mxnet"));
        assert!(reproduce(&s, &run).starts_with("# mxnet"));
    }
}
