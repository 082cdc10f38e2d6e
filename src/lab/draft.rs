//! A series' schedule as the page edits it: a [`SpecDraft`] keeps the *text* of every control
//! (so an invalid entry — an empty box, `1e309`, `abc`, a hand-edited URL — is kept as typed
//! and explained, never dropped), and turns into a [`ScheduleSpec`] through
//! [`SpecDraft::to_spec`], which reads each text as a Python literal of the kwarg's
//! [`Kind`](crate::spec::describe::Kind). The library's own rules are then the reader's
//! ([`ScheduleSpec::evaluate`]); this module only reads literals.
//!
//! The other direction, [`SpecDraft::from_spec`], turns any spec (a `series=` link, a preset,
//! a pasted line) into texts, so a link round-trips: `from_spec(s).to_spec() == s` for every
//! spec whose values are JSON numbers, booleans, strings, lists and objects.

use serde_json::{Map, Number, Value};

use crate::fmt;
use crate::spec::describe::{self, Kind};
use crate::spec::ScheduleSpec;

/// The name of the `base_lr` control (the optimizer's `lr`, PyTorch's `SGD(lr=...)`).
pub const LR_CONTROL: &str = "lr";

/// One kwarg's draft: the text of its box, or the drafts of nested schedulers
/// ([`Kind::Schedulers`], [`Kind::KwargsList`]).
#[derive(Debug, Clone, PartialEq)]
pub enum KwargDraft {
    /// The text as typed (a Python literal: `50`, `1e-3`, `True`, `None`, `[30, 80]`,
    /// `{10: 0.1}`, `triangular2`).
    Text(String),
    /// Nested schedulers, in order (SequentialLR's `schedulers`, sgdr's `cosine_kwargs`).
    Nested(Vec<SpecDraft>),
}

/// A schedule being edited: scheduler path, the `lr` text and the texts of the kwargs that
/// are set (an absent kwarg takes the library default). Explicit `epochs` / `metrics` and
/// any other top-level keys of a spec ride along unchanged.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SpecDraft {
    /// The scheduler's API path (as the picker's value).
    pub scheduler: String,
    /// The text of the `lr` control (`base_lr`); empty = absent.
    pub lr: String,
    /// The kwargs that are set, in the order they were given.
    pub kwargs: Vec<(String, KwargDraft)>,
    /// The spec's explicit `epochs` (PyTorch `step(epoch)`), carried unchanged.
    pub epochs: Option<Vec<f64>>,
    /// The spec's `metrics` (ReduceLROnPlateau replay), carried unchanged.
    pub metrics: Option<Vec<f64>>,
}

/// A control whose text cannot be read, with a message that names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftError {
    /// The control's path: `lr`, a kwarg name, or a nested path such as
    /// `schedulers[1].T_max` (the same spelling the readers use in their errors).
    pub path: String,
    /// What is wrong, e.g. "T_max = \"abc\" is not a number".
    pub message: String,
}

impl SpecDraft {
    /// A draft of `spec` (see the module docs): numbers as their shortest text, booleans as
    /// `True`/`False`, `null` as `None`, lists and dicts as Python writes them, strings as
    /// they are (a choice's value, or text kept from an invalid entry).
    pub fn from_spec(spec: &ScheduleSpec) -> SpecDraft {
        let desc = describe::find(&spec.scheduler);
        let kwargs = spec
            .params
            .iter()
            .map(|(name, value)| {
                let kind = desc.and_then(|d| d.kwarg(name)).map(|k| k.kind);
                (name.clone(), draft_value(kind, value))
            })
            .collect();
        SpecDraft {
            scheduler: spec.scheduler.clone(),
            lr: spec.base_lr.map(fmt::short).unwrap_or_default(),
            kwargs,
            epochs: spec.epochs.clone(),
            metrics: spec.metrics.clone(),
        }
    }

    /// The draft a newly picked scheduler starts with: its description's default spec, with
    /// `lr` kept from `lr_text` where the scheduler uses one.
    pub fn for_scheduler(path: &str, lr_text: &str) -> SpecDraft {
        match describe::find(path) {
            Some(desc) => {
                let mut draft = SpecDraft::from_spec(&desc.default_spec());
                if desc.base_lr == describe::BaseLr::Required && !lr_text.trim().is_empty() {
                    draft.lr = lr_text.to_string();
                }
                draft
            }
            None => SpecDraft {
                scheduler: path.to_string(),
                lr: lr_text.to_string(),
                ..SpecDraft::default()
            },
        }
    }

    /// The draft of the kwarg `name`, if set.
    pub fn get(&self, name: &str) -> Option<&KwargDraft> {
        self.kwargs.iter().find(|(k, _)| k == name).map(|(_, v)| v)
    }

    /// The text of the kwarg `name` (empty when unset or nested).
    pub fn text(&self, name: &str) -> &str {
        match self.get(name) {
            Some(KwargDraft::Text(t)) => t,
            _ => "",
        }
    }

    /// Sets the kwarg `name` (keeping its place, or appending it).
    pub fn set(&mut self, name: &str, value: KwargDraft) {
        match self.kwargs.iter_mut().find(|(k, _)| k == name) {
            Some(slot) => slot.1 = value,
            None => self.kwargs.push((name.to_string(), value)),
        }
    }

    /// Sets the kwarg `name` to a text (an empty text removes it: the library default applies).
    pub fn set_text(&mut self, name: &str, text: impl Into<String>) {
        let text = text.into();
        if text.trim().is_empty() {
            self.remove(name);
        } else {
            self.set(name, KwargDraft::Text(text));
        }
    }

    /// Removes the kwarg `name` (the library default applies).
    pub fn remove(&mut self, name: &str) {
        self.kwargs.retain(|(k, _)| k != name);
    }

    /// The spec these texts describe, or every text that cannot be read as a literal.
    ///
    /// Texts are read as Python literals ([`read_literal`]); a kwarg of kind
    /// [`Kind::Choice`] or [`Kind::Text`] takes its text as a string (`None` → null). An
    /// undescribed kwarg is read as a literal too and passed on, so the reader names it
    /// ("unknown parameter").
    ///
    /// # Errors
    /// One [`DraftError`] per unreadable text (not a literal, a number out of f64 range).
    pub fn to_spec(&self) -> Result<ScheduleSpec, Vec<DraftError>> {
        let (spec, errors) = self.to_spec_lossy();
        if errors.is_empty() {
            Ok(spec)
        } else {
            Err(errors)
        }
    }

    /// Like [`SpecDraft::to_spec`], but always gives the spec: an unreadable kwarg text is
    /// kept as a JSON string (so a permalink loses nothing typed), an unreadable `lr` is
    /// left out; the errors come beside it.
    pub fn to_spec_lossy(&self) -> (ScheduleSpec, Vec<DraftError>) {
        let mut errors = Vec::new();
        let spec = self.build(&mut errors, "");
        (spec, errors)
    }

    /// The spec with every readable text, reporting the others into `errors` with paths
    /// prefixed by `prefix`.
    fn build(&self, errors: &mut Vec<DraftError>, prefix: &str) -> ScheduleSpec {
        let desc = describe::find(&self.scheduler);
        let mut params = Map::new();
        for (name, value) in &self.kwargs {
            let kind = desc.and_then(|d| d.kwarg(name)).map(|k| k.kind);
            let path = format!("{prefix}{name}");
            let json = match value {
                KwargDraft::Text(text) => match read_text(kind, text) {
                    Ok(v) => v,
                    Err(message) => {
                        errors.push(DraftError {
                            path: path.clone(),
                            message: format!("{name} = {}: {message}", clip(text)),
                        });
                        // Kept as typed, so the URL loses nothing.
                        Value::String(text.clone())
                    }
                },
                KwargDraft::Nested(items) => Value::Array(
                    items
                        .iter()
                        .enumerate()
                        .map(|(i, sub)| {
                            let sub_spec = sub.build(errors, &format!("{path}[{i}]."));
                            match kind {
                                Some(Kind::KwargsList(_)) => Value::Object(sub_spec.params),
                                _ => {
                                    let mut obj = Map::new();
                                    obj.insert(
                                        "scheduler".into(),
                                        Value::String(sub_spec.scheduler),
                                    );
                                    obj.insert("params".into(), Value::Object(sub_spec.params));
                                    Value::Object(obj)
                                }
                            }
                        })
                        .collect(),
                ),
            };
            params.insert(name.clone(), json);
        }
        let base_lr = match self.lr.trim() {
            "" => None,
            text => match read_literal(text) {
                Ok(Value::Number(n)) if n.as_f64().is_some_and(f64::is_finite) => n.as_f64(),
                Ok(Value::Null) => None,
                Ok(_) => {
                    errors.push(DraftError {
                        path: format!("{prefix}{LR_CONTROL}"),
                        message: format!("lr = {}: expected a number", clip(text)),
                    });
                    None
                }
                Err(message) => {
                    errors.push(DraftError {
                        path: format!("{prefix}{LR_CONTROL}"),
                        message: format!("lr = {}: {message}", clip(text)),
                    });
                    None
                }
            },
        };
        ScheduleSpec {
            scheduler: self.scheduler.clone(),
            params,
            base_lr,
            epochs: self.epochs.clone(),
            metrics: self.metrics.clone(),
        }
    }
}

/// A spec value as a draft (see [`SpecDraft::from_spec`]).
fn draft_value(kind: Option<Kind>, value: &Value) -> KwargDraft {
    match (kind, value) {
        (Some(Kind::Schedulers), Value::Array(items))
            if items
                .iter()
                .all(|i| i.get("scheduler").is_some_and(Value::is_string)) =>
        {
            KwargDraft::Nested(
                items
                    .iter()
                    .map(|item| {
                        let scheduler = item["scheduler"].as_str().unwrap_or_default().to_string();
                        let params = item
                            .get("params")
                            .and_then(Value::as_object)
                            .cloned()
                            .unwrap_or_default();
                        SpecDraft::from_spec(&ScheduleSpec {
                            scheduler,
                            params,
                            base_lr: None,
                            epochs: None,
                            metrics: None,
                        })
                    })
                    .collect(),
            )
        }
        (Some(Kind::KwargsList(path)), Value::Array(items))
            if items.iter().all(Value::is_object) =>
        {
            KwargDraft::Nested(
                items
                    .iter()
                    .map(|item| {
                        SpecDraft::from_spec(&ScheduleSpec {
                            scheduler: path.to_string(),
                            params: item.as_object().cloned().unwrap_or_default(),
                            base_lr: None,
                            epochs: None,
                            metrics: None,
                        })
                    })
                    .collect(),
            )
        }
        (_, v) => KwargDraft::Text(literal_text(v)),
    }
}

/// A JSON value written as the Python literal a user would type (strings unquoted: they are
/// a choice's value or text kept from an invalid entry).
pub fn literal_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => python_literal(other),
    }
}

/// A JSON value as a Python literal: `None`, `True`, numbers as JSON writes them, quoted
/// strings, `[...]`, and dicts with their keys as written (`{10: 0.1}` for integer keys).
pub fn python_literal(value: &Value) -> String {
    match value {
        Value::Null => "None".into(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Number(n) => number_text(n),
        Value::String(s) => format!("{s:?}"),
        Value::Array(items) => format!(
            "[{}]",
            items
                .iter()
                .map(python_literal)
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Value::Object(map) => format!(
            "{{{}}}",
            map.iter()
                .map(|(k, v)| {
                    let key = if k.parse::<i64>().is_ok() {
                        k.clone()
                    } else {
                        format!("{k:?}")
                    };
                    format!("{key}: {}", python_literal(v))
                })
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// A JSON number as typed text: integers as integers, floats in their shortest form with a
/// decimal point or exponent, so they read back as floats.
fn number_text(n: &Number) -> String {
    if n.is_f64() {
        n.as_f64()
            .map(fmt::py_repr)
            .unwrap_or_else(|| n.to_string())
    } else {
        n.to_string()
    }
}

/// Reads a text as the JSON value of a kwarg of `kind` (see [`SpecDraft::to_spec`]).
fn read_text(kind: Option<Kind>, text: &str) -> Result<Value, String> {
    let t = text.trim();
    match kind {
        // A choice is a string, typed with or without quotes; a number or constant typed
        // there keeps its type (so the reader names the wrong type, and a link round-trips).
        Some(Kind::Choice(_)) | Some(Kind::Text) => Ok(match read_literal(t) {
            Ok(v) if !v.is_string() => v,
            _ => Value::String(unquote(t).to_string()),
        }),
        Some(Kind::IntFloatDict) => match read_literal(t)? {
            Value::Object(map) => Ok(Value::Object(map)),
            _ => Err("expected a dict {step: scale, ...}".into()),
        },
        Some(Kind::IntList) | Some(Kind::FloatList) => match read_literal(t)? {
            list @ Value::Array(_) => Ok(list),
            // "30, 80" without brackets, as people type a list into a box.
            v if t.contains(',') => read_literal(&format!("[{t}]")).or(Ok(v)),
            v => Ok(v),
        },
        _ => read_literal(t),
    }
}

fn unquote(t: &str) -> &str {
    for q in ['"', '\''] {
        if let Some(inner) = t.strip_prefix(q).and_then(|s| s.strip_suffix(q)) {
            return inner;
        }
    }
    t
}

/// Reads a Python literal (the subset a control holds) into JSON: ints (`10_000`) and floats
/// (`1e-3`, `.5`) kept apart as Python keeps them, `True`/`False`, `None`, quoted strings,
/// lists and tuples, dicts with int or string keys.
///
/// # Errors
/// A message saying what is wrong: not a number, not finite (`1e309`), unbalanced brackets.
pub fn read_literal(text: &str) -> Result<Value, String> {
    super::literal::literal(text)
}

/// The text cut to 24 characters for messages.
pub fn clip(text: &str) -> String {
    let t = text.trim();
    if t.chars().count() <= 24 {
        format!("{t:?}")
    } else {
        format!("{:?}…", t.chars().take(24).collect::<String>())
    }
}
