//! The URL query ⇄ [`LabState`]: the permalink. Every piece of state is in the query, so a
//! reload or a shared link restores the page exactly, and old links keep working.
//!
//! Keys (values already percent-decoded, as `URLSearchParams` decodes them — so a literal
//! `+` must arrive as `%2B`; the page writes `%2B`):
//! - v1 (the cosine view): `eta_max`, `eta_min`, `T_max`, `restarts`, `T_mult`;
//! - `series=<ScheduleSpec JSON>`, repeatable, in order: the same JSON `anneal eval` reads;
//!   extra top-level keys (`label`, `plateau_metric`, …) ride along. With any `series=` the
//!   v1 keys are ignored and no baseline is added unless one is given;
//! - `scheduler=<API path>`: a page with that scheduler's default series (a short link);
//! - `preset=<name>`: one of [`super::presets`];
//! - the run: `epochs=N|auto`, `unit=epoch|step`;
//! - the trainer (the `anneal train` flags, [`super::trainer::FIELDS`]): `dataset`,
//!   `quadratic`, `optimizer=sgd|adam|adamw`, `momentum`, `nesterov`, `batch_size`, `l2`,
//!   `seed`, `split`; written only when not empty (the default page's link has none);
//! - the page: `hide=a,b`, `embed=1`, `big=1`, `lr_axis=log|linear`,
//!   `theme=auto|light|dark|contrast`, `boundary=k` (the series the 2-D boundary picture shows).
//!
//! Precedence: `series=` over `preset=` over `scheduler=` over the v1 keys. Permalinks the
//! page writes use only the v1 keys (cosine view) or `series=` plus the run and page keys.
//! Unknown keys are ignored (a host page's tracking parameters); unusable values of known
//! keys are kept where they can be (texts) and reported as [`UrlProblem`]s.

use serde_json::{Map, Value};

use super::cosine::{CosineInputs, KEYS};
use super::draft::SpecDraft;
use super::{presets, LabState, LrAxis, PageOptions, RunDraft, SeriesDraft, SeriesEntry, View};
use crate::spec::describe::{self, Unit};
use crate::spec::ScheduleSpec;

/// Longest value kept from a text control's key (v1 kept 64 characters).
const MAX_TEXT: usize = 64;
/// Longest `series=` value read (a spec with a long `epochs` list is a few KB).
const MAX_SERIES_JSON: usize = 200_000;

/// A query value the page cannot use, reported in the page (never silently dropped).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlProblem {
    /// The query key.
    pub key: String,
    /// What is wrong, e.g. "unknown preset `cosine-vs-stepp` (known: …)".
    pub message: String,
}

fn truthy(v: &str) -> bool {
    matches!(v.trim(), "1" | "true" | "yes" | "on" | "")
}

fn clip(v: &str) -> String {
    v.chars().take(MAX_TEXT).collect()
}

/// Reads the page state from query pairs (see the module docs). Never fails: unusable values
/// come back as problems, and the state keeps what it can.
pub fn from_query<'a>(
    pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> (LabState, Vec<UrlProblem>) {
    let mut problems = Vec::new();
    let mut cosine = CosineInputs::default();
    let mut run = RunDraft::default();
    let mut page = PageOptions::default();
    let mut trainer = super::trainer::TrainerDraft::default();
    let mut series: Vec<SeriesEntry> = Vec::new();
    let mut preset: Option<String> = None;
    let mut scheduler: Option<String> = None;
    let (mut epochs_given, mut unit_given) = (false, false);
    for (k, v) in pairs {
        match k {
            _ if KEYS.contains(&k) => {
                cosine.set(k, clip(v));
            }
            _ if super::trainer::field(k).is_some() => trainer.set(k, clip(v)),
            "epochs" => {
                run.epochs = clip(v);
                epochs_given = true;
            }
            "unit" => match v.trim() {
                "epoch" => (run.unit, unit_given) = (Unit::Epoch, true),
                "step" => (run.unit, unit_given) = (Unit::Step, true),
                other => problems.push(UrlProblem {
                    key: "unit".into(),
                    message: format!("unit = {:?}: expected epoch or step", clip(other)),
                }),
            },
            "series" => series.push(read_series(v)),
            "preset" => preset = Some(clip(v)),
            "scheduler" => scheduler = Some(clip(v)),
            "hide" => {
                for name in v.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                    let name = clip(name);
                    if !super::is_hide_name(&name) {
                        problems.push(UrlProblem {
                            key: "hide".into(),
                            message: format!(
                                "hide = {name:?}: not a name hide= knows (a control, a panel, k or k.NAME; see the README)"
                            ),
                        });
                    }
                    page.hidden.push(name);
                }
            }
            "theme" => match super::ThemeChoice::from_key(v.trim()) {
                Some(t) => page.theme = t,
                None => problems.push(UrlProblem {
                    key: "theme".into(),
                    message: format!(
                        "theme = {:?}: expected auto, light, dark or contrast",
                        clip(v)
                    ),
                }),
            },
            "boundary" => match v.trim().parse::<usize>() {
                Ok(k) if (1..=super::MAX_SERIES).contains(&k) => page.boundary = k,
                _ => problems.push(UrlProblem {
                    key: "boundary".into(),
                    message: format!(
                        "boundary = {:?}: expected a series number 1 … {}",
                        clip(v),
                        super::MAX_SERIES
                    ),
                }),
            },
            "embed" => page.embed = truthy(v),
            "big" => page.big = truthy(v),
            "lr_axis" => match v.trim() {
                "log" => page.lr_axis = LrAxis::Log,
                "linear" => page.lr_axis = LrAxis::Linear,
                other => problems.push(UrlProblem {
                    key: "lr_axis".into(),
                    message: format!("lr_axis = {:?}: expected log or linear", clip(other)),
                }),
            },
            _ => {}
        }
    }
    let preset = preset.and_then(|name| match presets::find(&name) {
        Some(p) => Some(p),
        None => {
            problems.push(UrlProblem {
                key: "preset".into(),
                message: format!(
                    "unknown preset {name:?} (known: {})",
                    presets::PRESETS
                        .iter()
                        .map(|p| p.name)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            });
            None
        }
    });
    let scheduler = scheduler.and_then(|path| match describe::find(&path) {
        Some(desc) => Some(desc),
        None => {
            problems.push(UrlProblem {
                key: "scheduler".into(),
                message: format!(
                    "unknown scheduler {path:?} (`anneal list` prints the supported API paths)"
                ),
            });
            None
        }
    });
    let view = if !series.is_empty() {
        View::Series(series)
    } else if let Some(p) = preset {
        let state = p.state();
        // A preset sets its own run; explicit run keys of the link win.
        if !epochs_given {
            run.epochs = state.run.epochs.clone();
        }
        if !unit_given {
            run.unit = state.run.unit;
        }
        state.view
    } else if let Some(desc) = scheduler {
        View::Series(vec![SeriesEntry::Series(SeriesDraft::new(
            SpecDraft::from_spec(&desc.default_spec()),
        ))])
    } else {
        View::Cosine(cosine)
    };
    (
        LabState {
            view,
            run,
            trainer,
            page,
        },
        problems,
    )
}

/// Reads one `series=` value: a ScheduleSpec JSON object, read tolerantly so that a value
/// the page wrote for an invalid entry (a string where a number belongs) comes back as that
/// text, and extra top-level keys are kept.
pub fn read_series(text: &str) -> SeriesEntry {
    let unreadable = |message: String| SeriesEntry::Unreadable {
        raw: text.chars().take(MAX_SERIES_JSON).collect(),
        message,
    };
    if text.len() > MAX_SERIES_JSON {
        return unreadable(format!(
            "longer than {MAX_SERIES_JSON} characters; not read"
        ));
    }
    let value: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => return unreadable(format!("not valid JSON: {e}")),
    };
    let Value::Object(mut obj) = value else {
        return unreadable("expected a JSON object {\"scheduler\": ..., \"params\": {...}}".into());
    };
    let scheduler = match obj.remove("scheduler") {
        Some(Value::String(s)) => s,
        Some(other) => return unreadable(format!("`scheduler` must be a string, not {other}")),
        None => return unreadable("missing field `scheduler`".into()),
    };
    let params = match obj.remove("params") {
        None | Some(Value::Null) => Map::new(),
        Some(Value::Object(m)) => m,
        Some(other) => return unreadable(format!("`params` must be an object, not {other}")),
    };
    let base_lr = obj.remove("base_lr");
    let numbers = |key: &str, v: Option<Value>| -> Result<Option<Vec<f64>>, String> {
        match v {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Array(items)) => items
                .iter()
                .map(|x| {
                    x.as_f64()
                        .ok_or_else(|| format!("`{key}` must be a list of numbers"))
                })
                .collect::<Result<Vec<_>, _>>()
                .map(Some),
            Some(_) => Err(format!("`{key}` must be a list of numbers")),
        }
    };
    let epochs = match numbers("epochs", obj.remove("epochs")) {
        Ok(e) => e,
        Err(m) => return unreadable(m),
    };
    let metrics = match numbers("metrics", obj.remove("metrics")) {
        Ok(m) => m,
        Err(m) => return unreadable(m),
    };
    let spec = ScheduleSpec {
        scheduler,
        params,
        base_lr: None,
        epochs,
        metrics,
    };
    let mut draft = SpecDraft::from_spec(&spec);
    draft.lr = match base_lr {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s,
        Some(v) => super::draft::literal_text(&v),
    };
    SeriesEntry::Series(SeriesDraft {
        spec: draft,
        extra: obj,
    })
}

/// The JSON of a series as the page writes it into `series=` and as "Copy spec" copies it:
/// `scheduler`, `params`, `base_lr` (when set), `epochs`/`metrics` (when set), then the extra
/// keys. A text that does not read is written as a string, so nothing typed is lost.
pub fn series_json(series: &SeriesDraft) -> String {
    let (spec, _) = series.spec.to_spec_lossy();
    let mut obj = Map::new();
    obj.insert("scheduler".into(), Value::String(spec.scheduler));
    obj.insert("params".into(), Value::Object(spec.params));
    match spec.base_lr {
        Some(v) => {
            obj.insert("base_lr".into(), serde_json::json!(v));
        }
        None if !series.spec.lr.trim().is_empty() => {
            obj.insert("base_lr".into(), Value::String(series.spec.lr.clone()));
        }
        None => {}
    }
    if let Some(e) = spec.epochs {
        obj.insert("epochs".into(), serde_json::json!(e));
    }
    if let Some(m) = spec.metrics {
        obj.insert("metrics".into(), serde_json::json!(m));
    }
    for (k, v) in &series.extra {
        obj.entry(k.clone()).or_insert_with(|| v.clone());
    }
    Value::Object(obj).to_string()
}

/// The query pairs of the permalink for `state` (see the module docs).
pub fn to_query(state: &LabState) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = Vec::new();
    match &state.view {
        View::Cosine(inputs) => {
            for k in KEYS {
                pairs.push((k.into(), inputs.get(k).into()));
            }
        }
        View::Series(entries) => {
            for e in entries {
                let text = match e {
                    SeriesEntry::Series(s) => series_json(s),
                    SeriesEntry::Unreadable { raw, .. } => raw.clone(),
                };
                pairs.push(("series".into(), text));
            }
        }
    }
    pairs.push(("epochs".into(), state.run.epochs.clone()));
    if state.run.unit == Unit::Step || matches!(state.view, View::Series(_)) {
        pairs.push(("unit".into(), state.run.unit.key().into()));
    }
    for (k, v) in state.trainer.pairs() {
        pairs.push((k.into(), v.into()));
    }
    let p = &state.page;
    if !p.hidden.is_empty() {
        pairs.push(("hide".into(), p.hidden.join(",")));
    }
    if p.theme != super::ThemeChoice::Auto {
        pairs.push(("theme".into(), p.theme.key().into()));
    }
    if p.boundary != 0 {
        pairs.push(("boundary".into(), p.boundary.to_string()));
    }
    if p.embed {
        pairs.push(("embed".into(), "1".into()));
    }
    if p.big {
        pairs.push(("big".into(), "1".into()));
    }
    if p.lr_axis == LrAxis::Log {
        pairs.push(("lr_axis".into(), "log".into()));
    }
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(state: &LabState) -> LabState {
        let q = to_query(state);
        let (back, problems) = from_query(q.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        assert!(problems.is_empty(), "{problems:?}");
        back
    }

    #[test]
    fn v1_links_open_the_cosine_view_and_keep_bad_text() {
        let (s, p) = from_query([
            ("eta_max", "0.3"),
            ("T_max", "abc"),
            ("hide", "T_mult,code"),
            ("embed", "1"),
            ("x", "y"),
        ]);
        assert!(p.is_empty());
        let View::Cosine(i) = &s.view else {
            panic!("cosine view expected")
        };
        assert_eq!((i.eta_max.as_str(), i.T_max.as_str()), ("0.3", "abc"));
        assert!(s.page.embed && !s.page.big && s.page.is_hidden("T_mult"));
        assert_eq!(round_trip(&s), s);
        let q = to_query(&s);
        assert!(q.iter().all(|(k, _)| k != "series"), "{q:?}");
    }

    #[test]
    fn series_links_ignore_v1_keys_and_keep_extra_keys() {
        let spec =
            r#"{"scheduler":"optax.constant_schedule","params":{"value":0.5},"label":"flat"}"#;
        let (s, p) = from_query([("eta_max", "9"), ("series", spec), ("epochs", "20")]);
        assert!(p.is_empty());
        let View::Series(entries) = &s.view else {
            panic!("series view expected")
        };
        assert_eq!(entries.len(), 1);
        let SeriesEntry::Series(d) = &entries[0] else {
            panic!("readable series expected")
        };
        assert_eq!(d.label(), Some("flat"));
        assert_eq!(d.spec.text("value"), "0.5");
        assert_eq!(round_trip(&s), s);
        let json: Value = serde_json::from_str(&series_json(d)).unwrap();
        assert_eq!(json["label"], "flat");
        assert_eq!(json["params"]["value"], 0.5);
    }

    #[test]
    fn unreadable_series_are_kept_and_explained() {
        let (s, _) = from_query([("series", "{not json"), ("series", "[1]")]);
        let View::Series(entries) = &s.view else {
            panic!("series view expected")
        };
        assert!(
            matches!(&entries[0], SeriesEntry::Unreadable { message, .. } if message.contains("not valid JSON"))
        );
        assert!(
            matches!(&entries[1], SeriesEntry::Unreadable { message, .. } if message.contains("JSON object"))
        );
        assert_eq!(round_trip(&s), s);
    }

    #[test]
    fn invalid_texts_survive_the_url() {
        let mut d = SpecDraft::for_scheduler("torch.optim.lr_scheduler.CosineAnnealingLR", "abc");
        d.set_text("T_max", "5.5.5");
        let state = LabState {
            view: View::Series(vec![SeriesEntry::Series(SeriesDraft::new(d.clone()))]),
            ..LabState::default()
        };
        let back = round_trip(&state);
        let View::Series(entries) = &back.view else {
            panic!()
        };
        let SeriesEntry::Series(b) = &entries[0] else {
            panic!()
        };
        assert_eq!(b.spec.lr, "abc");
        assert_eq!(b.spec.text("T_max"), "5.5.5");
    }

    #[test]
    fn unknown_values_of_known_keys_are_reported() {
        let (_, p) = from_query([("unit", "week"), ("preset", "nope"), ("scheduler", "x.Y")]);
        let keys: Vec<&str> = p.iter().map(|p| p.key.as_str()).collect();
        assert_eq!(keys, ["unit", "preset", "scheduler"]);
    }

    #[test]
    fn a_scheduler_link_opens_its_default_series() {
        let (s, p) = from_query([("scheduler", "optax.constant_schedule")]);
        assert!(p.is_empty());
        assert_eq!(s.series().len(), 1);
        assert_eq!(s.series()[0].spec.scheduler, "optax.constant_schedule");
    }
}

/// The embed snippet the page shows for `permalink` (the page's address with its query): the
/// `embed.js` script served beside the page, which sizes every Anneal iframe of the host page
/// to its content (the page posts `{anneal: "height", height}` to its parent), and an iframe of
/// the permalink with `embed=1` at the host's full width. `height="900"` holds until the first
/// message arrives.
pub fn embed_snippet(permalink: &str) -> String {
    let (address, query) = permalink.split_once('?').unwrap_or((permalink, ""));
    let dir = address.rfind('/').map_or("", |i| &address[..=i]);
    // One `embed=1` at the end, also when the permalink is itself an embed's.
    let mut pairs: Vec<&str> = query
        .split('&')
        .filter(|p| !p.is_empty() && !p.starts_with("embed="))
        .collect();
    pairs.push("embed=1");
    let query = pairs.join("&");
    format!(
        "<script src=\"{dir}embed.js\"></script>\n<iframe src=\"{address}?{query}\" title=\"Anneal: learning-rate schedules\" width=\"100%\" height=\"900\"></iframe>"
    )
}

#[cfg(test)]
mod embed_tests {
    use super::embed_snippet;

    #[test]
    fn the_script_sits_beside_the_page_and_the_iframe_adds_embed() {
        let s = embed_snippet("https://example.org/docs/anneal/?eta_max=0.5&T_max=20");
        assert!(
            s.starts_with("<script src=\"https://example.org/docs/anneal/embed.js\"></script>\n"),
            "{s}"
        );
        assert!(
            s.contains(
                "<iframe src=\"https://example.org/docs/anneal/?eta_max=0.5&T_max=20&embed=1\""
            ),
            "{s}"
        );
        assert!(s.contains("width=\"100%\""), "{s}");
        let bare = embed_snippet("http://127.0.0.1:8080/index.html");
        assert!(
            bare.contains("src=\"http://127.0.0.1:8080/embed.js\""),
            "{bare}"
        );
        assert!(
            bare.contains("src=\"http://127.0.0.1:8080/index.html?embed=1\""),
            "{bare}"
        );
        let again = embed_snippet("http://h/?eta_max=1&embed=1&big=1");
        assert!(
            again.contains("src=\"http://h/?eta_max=1&big=1&embed=1\""),
            "{again}"
        );
    }
}

#[cfg(test)]
mod hide_tests {
    use super::from_query;
    use crate::lab::{is_hide_name, HIDE_NAMES};

    #[test]
    fn hide_knows_its_names_and_reports_the_others() {
        for (name, _) in HIDE_NAMES.iter().copied() {
            assert!(is_hide_name(name), "{name}");
        }
        for name in [
            "eta_max",
            "T_mult",
            "1",
            "5",
            "2.gamma",
            "1.lr",
            "1.T_max",
            "3.num_warmup_steps",
        ] {
            assert!(is_hide_name(name), "{name}");
        }
        for name in ["nosuch", "0", "6", "2.nosuch", "x.gamma", "gamma", "2."] {
            assert!(!is_hide_name(name), "{name}");
        }
        let (state, problems) = from_query([("hide", "values,2.gamma,nosuch, ,header")]);
        assert_eq!(state.page.hidden, ["values", "2.gamma", "nosuch", "header"]);
        assert!(
            state.page.is_control_hidden(2, "gamma") && !state.page.is_control_hidden(1, "gamma")
        );
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].key == "hide" && problems[0].message.contains("\"nosuch\""));
    }
}
