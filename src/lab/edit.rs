//! The edits the page makes to a [`LabState`], as pure functions (so each is tested
//! natively): a control's text, a series' scheduler, adding / duplicating / removing series
//! and nested schedulers (an edit that changes a ported series' spec drops its port
//! verdict). Any edit the cosine view cannot express first turns it into the equivalent list
//! of series ([`LabState::to_series_view`]).

use std::fmt;

use super::draft::{KwargDraft, SpecDraft, LR_CONTROL};
use super::paste::PORT_VERDICT;
use super::{cosine, LabState, SeriesDraft, SeriesEntry, View, MAX_SERIES};
use crate::spec::describe::{self, Kind};

/// Where a control sits inside a series' spec: the chain of nested-scheduler kwargs (e.g.
/// `schedulers` item 1) and the control's name (a kwarg, or [`LR_CONTROL`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct ControlPath {
    /// Nested schedulers on the way: (kwarg name, item index).
    pub nest: Vec<(String, usize)>,
    /// The control's name.
    pub name: String,
}

impl ControlPath {
    /// A top-level control.
    pub fn top(name: &str) -> Self {
        ControlPath {
            nest: Vec::new(),
            name: name.into(),
        }
    }

    /// A control of the nested scheduler at `self.nest` + (`kwarg`, `index`).
    pub fn child(&self, kwarg: &str, index: usize, name: &str) -> Self {
        let mut nest = self.nest.clone();
        nest.push((kwarg.into(), index));
        ControlPath {
            nest,
            name: name.into(),
        }
    }

    /// The path of the nested scheduler this control belongs to, as a prefix
    /// (`schedulers[1].`; empty at the top level).
    pub fn prefix(&self) -> String {
        self.nest
            .iter()
            .map(|(k, i)| format!("{k}[{i}]."))
            .collect()
    }
}

impl fmt::Display for ControlPath {
    /// The path as the readers spell it in their errors: `T_max`, `schedulers[1].T_max`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.prefix(), self.name)
    }
}

/// The draft of the (possibly nested) scheduler at `nest` inside `root`.
pub fn at<'a>(root: &'a SpecDraft, nest: &[(String, usize)]) -> Option<&'a SpecDraft> {
    let mut d = root;
    for (k, i) in nest {
        match d.get(k) {
            Some(KwargDraft::Nested(items)) => d = items.get(*i)?,
            _ => return None,
        }
    }
    Some(d)
}

/// Like [`at`], mutably.
pub fn at_mut<'a>(root: &'a mut SpecDraft, nest: &[(String, usize)]) -> Option<&'a mut SpecDraft> {
    let mut d = root;
    for (k, i) in nest {
        let next = d.kwargs.iter_mut().find(|(name, _)| name == k)?;
        match &mut next.1 {
            KwargDraft::Nested(items) => d = items.get_mut(*i)?,
            KwargDraft::Text(_) => return None,
        }
    }
    Some(d)
}

/// The series draft at `index` (switching to the series view first).
fn series_mut(state: &mut LabState, index: usize) -> Option<&mut SeriesDraft> {
    match state.entries_mut().get_mut(index)? {
        SeriesEntry::Series(s) => Some(s),
        SeriesEntry::Unreadable { .. } => None,
    }
}

/// Applies `f` to the series draft at `index`. A port verdict describes the spec it was
/// computed for: when `f` changes the spec, the verdict is dropped.
fn edit_series(state: &mut LabState, index: usize, f: impl FnOnce(&mut SeriesDraft)) {
    let Some(s) = series_mut(state, index) else {
        return;
    };
    let before = s.spec.clone();
    f(s);
    if s.spec != before {
        s.extra.remove(PORT_VERDICT);
    }
}

/// The text of a control of series `index` (empty when unset).
pub fn text(state: &LabState, index: usize, path: &ControlPath) -> String {
    let Some(SeriesEntry::Series(s)) = state.entries().into_iter().nth(index) else {
        return String::new();
    };
    let Some(d) = at(&s.spec, &path.nest) else {
        return String::new();
    };
    if path.name == LR_CONTROL && path.nest.is_empty() {
        d.lr.clone()
    } else {
        d.text(&path.name).to_string()
    }
}

/// Sets a control's text (an empty kwarg text removes it: the library default applies).
/// In the cosine view, the cosine series' own kwargs keep the view (they are its sliders);
/// anything else turns it into a list of series.
pub fn set_text(state: &mut LabState, index: usize, path: &ControlPath, text: &str) {
    if let View::Cosine(inputs) = &mut state.view {
        if path.nest.is_empty() {
            let key = match (index, path.name.as_str()) {
                (0, LR_CONTROL) | (1, "value") => Some("eta_max"),
                (0, "T_max" | "T_0") => Some("T_max"),
                (0, "eta_min") => Some("eta_min"),
                (0, "T_mult") => Some("T_mult"),
                _ => None,
            };
            if let Some(key) = key {
                inputs.set(key, text);
                return;
            }
        }
    }
    edit_series(state, index, |s| {
        let Some(d) = at_mut(&mut s.spec, &path.nest) else {
            return;
        };
        if path.name == LR_CONTROL && path.nest.is_empty() {
            d.lr = text.to_string();
        } else {
            d.set_text(&path.name, text);
        }
    });
}

/// Picks another scheduler for series `index` (or a nested one at `nest`): it starts from
/// the scheduler's default spec, keeping the series' `lr`. In the cosine view, picking the
/// other PyTorch cosine keeps the view (it is the `restarts` control's job).
pub fn set_scheduler(state: &mut LabState, index: usize, nest: &[(String, usize)], path: &str) {
    if let View::Cosine(inputs) = &mut state.view {
        if index == 0 && nest.is_empty() {
            match path {
                cosine::CAL => {
                    inputs.restarts = "0".into();
                    return;
                }
                cosine::CAWR if inputs.restarts().unwrap_or(0) == 0 => {
                    inputs.restarts = "2".into();
                    return;
                }
                cosine::CAWR => return,
                _ => {}
            }
        }
    }
    edit_series(state, index, |s| {
        let Some(d) = at_mut(&mut s.spec, nest) else {
            return;
        };
        if d.scheduler == path {
            return;
        }
        let lr = d.lr.clone();
        let lr = if lr.trim().is_empty() {
            describe::EXAMPLE_BASE_LR.to_string()
        } else {
            lr
        };
        *d = SpecDraft::for_scheduler(path, &lr);
        if !nest.is_empty() {
            // A nested scheduler shares its parent's optimizer: no lr of its own.
            d.lr = String::new();
        }
        if nest.is_empty() {
            // The plateau metric belongs to ReduceLROnPlateau only.
            s.extra.remove("plateau_metric");
        }
    });
}

/// Adds a series at the end: CosineAnnealingLR at its defaults, with the last series' `lr`
/// (else [`describe::EXAMPLE_BASE_LR`]), unless the page has [`MAX_SERIES`] (four schedules
/// and the baseline, or five schedules). Returns its index.
pub fn add_series(state: &mut LabState) -> Option<usize> {
    let entries = state.entries_mut();
    if entries.len() >= MAX_SERIES {
        return None;
    }
    let lr = entries
        .iter()
        .rev()
        .find_map(|e| match e {
            SeriesEntry::Series(s) if !s.spec.lr.trim().is_empty() => Some(s.spec.lr.clone()),
            _ => None,
        })
        .unwrap_or_else(|| describe::EXAMPLE_BASE_LR.to_string());
    entries.push(SeriesEntry::Series(SeriesDraft::new(
        SpecDraft::for_scheduler(cosine::CAL, &lr),
    )));
    Some(entries.len() - 1)
}

/// Duplicates series `index` right after it (unless the page is full). Returns the copy's index.
pub fn duplicate_series(state: &mut LabState, index: usize) -> Option<usize> {
    let entries = state.entries_mut();
    if entries.len() >= MAX_SERIES {
        return None;
    }
    let copy = entries.get(index)?.clone();
    entries.insert(index + 1, copy);
    Some(index + 1)
}

/// Removes series `index`.
pub fn remove_series(state: &mut LabState, index: usize) {
    let entries = state.entries_mut();
    if index < entries.len() {
        entries.remove(index);
    }
}

/// Adds a nested scheduler to the list kwarg `kwarg` of the scheduler at `nest` of series
/// `index`: for [`Kind::Schedulers`] a ConstantLR-free default (`ExponentialLR`'s defaults
/// where described, else the first chainable scheduler), for [`Kind::KwargsList`] the named
/// scheduler's defaults.
pub fn add_nested(state: &mut LabState, index: usize, nest: &[(String, usize)], kwarg: &str) {
    edit_series(state, index, |s| {
        let Some(d) = at_mut(&mut s.spec, nest) else {
            return;
        };
        let kind = describe::find(&d.scheduler)
            .and_then(|desc| desc.kwarg(kwarg))
            .map(|k| k.kind);
        let item = match kind {
            Some(Kind::KwargsList(path)) => SpecDraft {
                lr: String::new(),
                ..SpecDraft::for_scheduler(path, "")
            },
            _ => SpecDraft {
                lr: String::new(),
                ..SpecDraft::for_scheduler("torch.optim.lr_scheduler.ExponentialLR", "")
            },
        };
        match d.kwargs.iter_mut().find(|(k, _)| k == kwarg) {
            Some((_, KwargDraft::Nested(items))) => items.push(item),
            _ => d.set(kwarg, KwargDraft::Nested(vec![item])),
        }
    });
}

/// Removes item `item` of the nested list `kwarg` of the scheduler at `nest`.
pub fn remove_nested(
    state: &mut LabState,
    index: usize,
    nest: &[(String, usize)],
    kwarg: &str,
    item: usize,
) {
    edit_series(state, index, |s| {
        let Some(d) = at_mut(&mut s.spec, nest) else {
            return;
        };
        if let Some((_, KwargDraft::Nested(items))) = d.kwargs.iter_mut().find(|(k, _)| k == kwarg)
        {
            if item < items.len() {
                items.remove(item);
            }
        }
    });
}

/// The kwargs that hold a schedule's peak rate when the optimizer's `lr` does not (it is
/// overwritten or unused): OneCycleLR / CyclicLR `max_lr`, optax `peak_value` / `value` /
/// `init_value`, Keras `initial_learning_rate`, in this order of preference.
const PEAK_KWARGS: &[&str] = &[
    "max_lr",
    "peak_value",
    "value",
    "init_value",
    "initial_learning_rate",
];

/// The control of series `index` that sets its peak rate — what "Use as eta_max" writes: `lr`
/// (the optimizer's base_lr) where the scheduler scales it, else its own peak kwarg
/// ([`PEAK_KWARGS`]); `None` for a series without one (e.g. `SequentialLR`, whose rates come
/// from its nested schedulers) or an unreadable one.
pub fn peak_control(state: &LabState, index: usize) -> Option<ControlPath> {
    if let View::Cosine(_) = state.view {
        // The cosine view's eta_max drives both its series.
        return (index < 2).then(|| ControlPath::top(LR_CONTROL));
    }
    let Some(SeriesEntry::Series(s)) = state.entries().into_iter().nth(index) else {
        return None;
    };
    let desc = describe::find(&s.spec.scheduler)?;
    if desc.base_lr == describe::BaseLr::Required {
        return Some(ControlPath::top(LR_CONTROL));
    }
    PEAK_KWARGS
        .iter()
        .find(|k| desc.kwargs.iter().any(|kw| kw.name == **k))
        .map(|k| ControlPath::top(k))
}

/// "Use as eta_max": writes `lr` (as `repr` prints it) into series `index`'s peak control
/// ([`peak_control`]). In the cosine view that is `eta_max` (both series follow it).
///
/// # Errors
/// A message naming the series when it has no peak control.
pub fn use_as_eta_max(state: &mut LabState, index: usize, lr: f64) -> Result<(), String> {
    let path = peak_control(state, index).ok_or_else(|| {
        format!(
            "Series {} has no single peak rate to set (its rates come from its own kwargs or nested schedulers)",
            index + 1
        )
    })?;
    let text = crate::fmt::py_repr(lr);
    let index = if matches!(state.view, View::Cosine(_)) {
        0
    } else {
        index
    };
    set_text(state, index, &path, &text);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lab::plan::plan;

    #[test]
    fn cosine_sliders_keep_the_cosine_view() {
        let mut s = LabState::default();
        set_text(&mut s, 0, &ControlPath::top("T_max"), "20");
        set_text(&mut s, 0, &ControlPath::top(LR_CONTROL), "0.5");
        assert!(matches!(&s.view, View::Cosine(i) if i.T_max == "20" && i.eta_max == "0.5"));
        set_scheduler(&mut s, 0, &[], cosine::CAWR);
        assert!(matches!(&s.view, View::Cosine(i) if i.restarts == "2"));
    }

    #[test]
    fn another_scheduler_turns_the_view_into_series_and_keeps_lr() {
        let mut s = LabState::default();
        set_scheduler(&mut s, 0, &[], "optax.constant_schedule");
        let View::Series(entries) = &s.view else {
            panic!("series view expected")
        };
        assert_eq!(entries.len(), 2);
        let p = plan(&s, 15);
        assert!(p.is_valid(), "{:?}", p.problems);
        // Back to a PyTorch scheduler: lr from the description's example.
        set_scheduler(&mut s, 0, &[], cosine::CAL);
        assert_eq!(text(&s, 0, &ControlPath::top(LR_CONTROL)), "0.1");
    }

    #[test]
    fn series_are_added_duplicated_and_removed_up_to_the_limit() {
        let mut s = LabState::default();
        assert_eq!(add_series(&mut s), Some(2));
        assert_eq!(text(&s, 2, &ControlPath::top(LR_CONTROL)), "3");
        assert_eq!(duplicate_series(&mut s, 0), Some(1));
        assert_eq!(add_series(&mut s), Some(4));
        assert_eq!(add_series(&mut s), None);
        remove_series(&mut s, 1);
        assert_eq!(s.entries().len(), 4);
        assert!(plan(&s, 15).is_valid());
    }

    #[test]
    fn nested_paths_match_the_readers_spelling() {
        let p = ControlPath::top("x").child("schedulers", 1, "T_max");
        assert_eq!(p.to_string(), "schedulers[1].T_max");
    }

    #[test]
    fn use_as_eta_max_writes_each_series_peak() {
        let mut s = LabState::default();
        use_as_eta_max(&mut s, 0, 0.0123).unwrap();
        let View::Cosine(inputs) = &s.view else {
            panic!("the cosine view stays")
        };
        assert_eq!(inputs.get("eta_max"), "0.0123");
        let (mut s, _) = crate::lab::url::from_query([("preset", "onecycle")]);
        use_as_eta_max(&mut s, 0, 0.5).unwrap();
        assert_eq!(text(&s, 0, &ControlPath::top("max_lr")), "0.5");
        use_as_eta_max(&mut s, 1, 0.25).unwrap();
        assert_eq!(peak_control(&s, 1), Some(ControlPath::top("value")));
        assert_eq!(text(&s, 1, &ControlPath::top("value")), "0.25");
        let (mut s, _) =
            crate::lab::url::from_query([("scheduler", "torch.optim.lr_scheduler.StepLR")]);
        use_as_eta_max(&mut s, 0, 0.1).unwrap();
        assert_eq!(text(&s, 0, &ControlPath::top(LR_CONTROL)), "0.1");
        let (mut s, _) = crate::lab::url::from_query([(
            "scheduler",
            "keras.optimizers.schedules.PiecewiseConstantDecay",
        )]);
        assert!(use_as_eta_max(&mut s, 0, 0.1).is_err());
    }
}
