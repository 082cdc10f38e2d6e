//! "Bring your own schedule" on the page, as pure edits of a [`LabState`]: [`add_python`]
//! reads pasted Python ([`crate::spec::python::parse`]) and adds the spec it defines as a new
//! series; [`port_series`] ports a series' spec to another library
//! ([`crate::spec::port::port`]) and adds the result as a new series that carries the
//! verdict in its [`PORT_VERDICT`] key (so it rides along in the URL and survives a reload;
//! the CLI ignores the key).

use std::fmt;

use serde_json::Value;

use super::draft::SpecDraft;
use super::plan::{is_auto, MAX_EPOCHS};
use super::{LabState, SeriesDraft, SeriesEntry, MAX_SERIES};
use crate::spec::describe::{self, Library, Unit};
use crate::spec::port::{port, PortError};
use crate::spec::python::{parse, PyParseError};
use crate::spec::ScheduleSpec;

/// The series key holding a ported series' verdict (the sentence the page shows with it).
pub const PORT_VERDICT: &str = "port_verdict";

/// What [`add_python`] did.
#[derive(Debug, Clone, PartialEq)]
pub struct Pasted {
    /// The 0-based index of the new series.
    pub index: usize,
    /// Notes for the reader: the parser's (e.g. an assumed `base_lr`) and the page's (e.g.
    /// the run switched to once per optimizer step).
    pub notes: Vec<String>,
}

/// Why pasted text was not added.
#[derive(Debug, Clone, PartialEq)]
pub enum PasteError {
    /// The text does not read: `L:C: message`.
    Parse(PyParseError),
    /// The page already has [`MAX_SERIES`] series.
    Full,
}

impl fmt::Display for PasteError {
    /// `L:C: message` for a parse error; for a full page, what to do.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PasteError::Parse(e) => write!(f, "{e}"),
            PasteError::Full => write!(
                f,
                "the page holds at most {MAX_SERIES} series: remove one to add another"
            ),
        }
    }
}

/// Why a port added no series.
#[derive(Debug, Clone, PartialEq)]
pub enum PortFailure {
    /// The port is impossible (bad spec, or no schedule of that family in the target).
    Port(PortError),
    /// The page already has [`MAX_SERIES`] series.
    Full,
}

impl fmt::Display for PortFailure {
    /// The port's own message, or what to do on a full page.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PortFailure::Port(PortError::NoFamily { family, target }) => write!(
                f,
                "no port to {}: it has no schedule of this family ({family})",
                target.title()
            ),
            PortFailure::Port(e) => write!(f, "cannot port this series: {e}"),
            PortFailure::Full => write!(
                f,
                "the page holds at most {MAX_SERIES} series: remove one to add the port"
            ),
        }
    }
}

/// Whether the page has room for another series.
fn has_room(state: &LabState) -> bool {
    state.entries().len() < MAX_SERIES
}

/// Reads `text` as Python and adds the last scheduler it defines as a new series at the end
/// (the recognised spec becomes the series, so its controls and spec show how it was read).
/// When the run is `auto`, per epoch, and the new schedule's natural length would make it
/// longer than [`MAX_EPOCHS`] epochs, a scheduler the library usually steps per optimizer
/// step switches the run to `unit = step` (`steps_per_epoch` rates per epoch), and a note
/// says so. On an error the state is left as it was.
///
/// # Errors
/// [`PasteError::Parse`] when the text does not read, [`PasteError::Full`] when the page
/// already has [`MAX_SERIES`] series.
pub fn add_python(
    state: &mut LabState,
    text: &str,
    steps_per_epoch: usize,
) -> Result<Pasted, PasteError> {
    let parsed = parse(text).map_err(PasteError::Parse)?;
    if !has_room(state) {
        return Err(PasteError::Full);
    }
    let mut notes = parsed.notes;
    if let Some(note) = step_unit_if_too_long(state, &parsed.spec, steps_per_epoch) {
        notes.push(note);
    }
    let entries = state.entries_mut();
    entries.push(SeriesEntry::Series(SeriesDraft::new(SpecDraft::from_spec(
        &parsed.spec,
    ))));
    Ok(Pasted {
        index: entries.len() - 1,
        notes,
    })
}

/// Switches an `auto`, per-epoch run to per-step when `spec` alone would need more than
/// [`MAX_EPOCHS`] epochs, is usually stepped per optimizer step and fits per step. Returns
/// the note saying so.
fn step_unit_if_too_long(
    state: &mut LabState,
    spec: &ScheduleSpec,
    steps_per_epoch: usize,
) -> Option<String> {
    if state.run.unit != Unit::Epoch || !is_auto(&state.run.epochs) {
        return None;
    }
    let usual = describe::find(&spec.scheduler)?.unit;
    let len = spec
        .implied_len()
        .map(|n| n as u64)
        .or_else(|| describe::natural_length(spec))?;
    let per_step = len.div_ceil(steps_per_epoch.max(1) as u64);
    if usual != Unit::Step || len <= MAX_EPOCHS as u64 || per_step > MAX_EPOCHS as u64 {
        return None;
    }
    state.run.unit = Unit::Step;
    Some(format!(
        "{len} steps would be {len} epochs stepped once per epoch (the page computes at most \
         {MAX_EPOCHS}): the run now steps every scheduler once per optimizer step, \
         {steps_per_epoch} per epoch"
    ))
}

/// The libraries a series of `scheduler` can be ported to: the four others, in
/// [`Library::ALL`] order (none for a scheduler the descriptions do not know).
pub fn port_targets(scheduler: &str) -> Vec<Library> {
    let Some(own) = describe::find(scheduler).map(|d| d.library) else {
        return Vec::new();
    };
    Library::ALL.into_iter().filter(|l| *l != own).collect()
}

/// Ports `spec` (a series' spec as the charts show it, over its `n` rates) to `target` and
/// adds the target's nearest schedule as a new series at the end, with the verdict (computed
/// over the `n` rates) in its [`PORT_VERDICT`] key: "port of PyTorch CosineAnnealingLR:
/// identical for t = 0..50 (…)". Returns the new series' index.
///
/// # Errors
/// [`PortFailure::Full`] when the page already has [`MAX_SERIES`] series;
/// [`PortFailure::Port`] when [`port`] fails (e.g. the target has no schedule of that
/// family: `anneal port` exits 3).
pub fn port_series(
    state: &mut LabState,
    spec: &ScheduleSpec,
    target: Library,
    n: usize,
) -> Result<usize, PortFailure> {
    if !has_room(state) {
        return Err(PortFailure::Full);
    }
    let ported = port(spec, target, n).map_err(PortFailure::Port)?;
    let source = describe::find(&spec.scheduler)
        .map(|d| format!("{} {}", d.library.title(), d.name()))
        .unwrap_or_else(|| spec.scheduler.clone());
    let mut series = SeriesDraft::new(SpecDraft::from_spec(&ported.spec));
    series.extra.insert(
        PORT_VERDICT.into(),
        Value::String(format!("port of {source}: {}", ported.verdict.text)),
    );
    let entries = state.entries_mut();
    entries.push(SeriesEntry::Series(series));
    Ok(entries.len() - 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lab::plan::{plan, Rates};
    use crate::lab::View;

    fn spec_of(state: &LabState, index: usize) -> ScheduleSpec {
        match &state.entries()[index] {
            SeriesEntry::Series(s) => s.spec.to_spec().unwrap(),
            SeriesEntry::Unreadable { message, .. } => panic!("{message}"),
        }
    }

    #[test]
    fn pasted_python_becomes_a_series_with_its_spec() {
        let mut s = LabState::default();
        let text = "optimizer = torch.optim.SGD(model.parameters(), lr=0.1)\n\
                    scheduler = torch.optim.lr_scheduler.StepLR(optimizer, 30, gamma=0.1)";
        let pasted = add_python(&mut s, text, 15).unwrap();
        assert_eq!(pasted.index, 2);
        assert!(matches!(s.view, View::Series(_)));
        assert_eq!(spec_of(&s, 2), parse(text).unwrap().spec);
        assert_eq!(spec_of(&s, 2).base_lr, Some(0.1));
        let p = plan(&s, 15);
        assert!(p.is_valid(), "{:?}", p.problems);
        assert_eq!(p.series.len(), 3);
    }

    #[test]
    fn notes_and_errors_come_back_and_errors_change_nothing() {
        let mut s = LabState::default();
        let pasted = add_python(&mut s, "StepLR(opt, 30)", 15).unwrap();
        assert!(
            pasted.notes.iter().any(|n| n.contains("base_lr")),
            "{:?}",
            pasted.notes
        );
        let before = s.clone();
        let e = add_python(&mut s, "x = 1\nStepLR(opt, step_size=len(loader))", 15).unwrap_err();
        assert!(e.to_string().starts_with("2:"), "{e}");
        let e = add_python(&mut s, "CosineAnnealingLR(opt, T_max=10, eta_mni=0)", 15).unwrap_err();
        assert!(
            e.to_string().starts_with("1:") && e.to_string().contains("eta_mni"),
            "{e}"
        );
        assert_eq!(s, before);
    }

    #[test]
    fn a_full_page_says_so() {
        let mut s = LabState::default();
        for _ in 0..3 {
            add_python(&mut s, "optax.constant_schedule(0.5)", 15).unwrap();
        }
        assert_eq!(s.entries().len(), MAX_SERIES);
        let before = s.clone();
        let e = add_python(&mut s, "optax.constant_schedule(0.5)", 15).unwrap_err();
        assert_eq!(e, PasteError::Full);
        assert!(e.to_string().contains("at most 5 series"));
        // A text that does not read says why, even on a full page.
        assert!(matches!(
            add_python(&mut s, "StepLR(", 15),
            Err(PasteError::Parse(_))
        ));
        assert_eq!(s, before);
    }

    #[test]
    fn a_long_per_step_schedule_switches_the_run_to_steps() {
        let mut s = LabState::default();
        let text = "epochs = 90\nsteps = epochs * 100\n\
                    sched = get_cosine_schedule_with_warmup(optimizer, num_warmup_steps=500, num_training_steps=steps)";
        let pasted = add_python(&mut s, text, 15).unwrap();
        assert_eq!(s.run.unit, Unit::Step);
        assert!(pasted.notes.iter().any(|n| n.contains("9000 steps")));
        let p = plan(&s, 15);
        assert!(p.is_valid(), "{:?}", p.problems);
        assert_eq!(p.run.unwrap().epochs, 600);
        // A short one keeps the run as it is.
        let mut s = LabState::default();
        add_python(&mut s, "get_cosine_schedule_with_warmup(opt, 10, 100)", 15).unwrap();
        assert_eq!(s.run.unit, Unit::Epoch);
    }

    #[test]
    fn port_adds_the_target_series_with_its_verdict() {
        let mut s = LabState::default();
        let p = plan(&s, 15);
        let first = p.series[0].clone().unwrap();
        let Rates::Fixed { lr, .. } = &first.rates else {
            panic!("fixed rates expected")
        };
        let targets = port_targets(&first.spec.scheduler);
        assert_eq!(targets.len(), 4);
        assert!(!targets.contains(&Library::Torch));
        assert_eq!(port_targets("nope.Nothing"), []);
        let index = port_series(&mut s, &first.spec, Library::Optax, lr.len()).unwrap();
        assert_eq!(index, 2);
        let SeriesEntry::Series(ported) = &s.entries()[2] else {
            panic!("a series")
        };
        assert_eq!(ported.spec.scheduler, "optax.cosine_decay_schedule");
        let verdict = ported.extra[PORT_VERDICT].as_str().unwrap();
        assert!(
            verdict.starts_with("port of PyTorch CosineAnnealingLR: identical for t = 0..50"),
            "{verdict}"
        );
        let p = plan(&s, 15);
        assert!(p.is_valid(), "{:?}", p.problems);
        // The verdict rides along in the URL and comes back.
        let q = crate::lab::url::to_query(&s);
        let (back, problems) =
            crate::lab::url::from_query(q.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(back.entries()[2], s.entries()[2]);
    }

    #[test]
    fn a_port_to_a_library_without_the_family_is_a_specific_error() {
        let mut s = LabState::default();
        add_python(&mut s, "StepLR(opt, 30)", 15).unwrap();
        let spec = spec_of(&s, 2);
        let before = s.clone();
        let e = port_series(&mut s, &spec, Library::Timm, 100).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("no port to timm: it has no schedule of this family"),
            "{e}"
        );
        assert_eq!(s, before);
        // And a full page says so.
        add_python(&mut s, "StepLR(opt, 30)", 15).unwrap();
        add_python(&mut s, "StepLR(opt, 30)", 15).unwrap();
        assert_eq!(
            port_series(&mut s, &spec, Library::Optax, 100),
            Err(PortFailure::Full)
        );
    }

    #[test]
    fn editing_a_ported_series_drops_its_verdict() {
        use crate::lab::edit::{set_text, ControlPath};
        let mut s = LabState::default();
        let spec = spec_of(&s, 0);
        let i = port_series(&mut s, &spec, Library::Keras, 51).unwrap();
        set_text(&mut s, i, &ControlPath::top("decay_steps"), "50");
        let SeriesEntry::Series(d) = &s.entries()[i] else {
            panic!("a series")
        };
        assert!(d.port_verdict().is_some(), "an unchanged text keeps it");
        set_text(&mut s, i, &ControlPath::top("decay_steps"), "40");
        let SeriesEntry::Series(d) = &s.entries()[i] else {
            panic!("a series")
        };
        assert_eq!(d.port_verdict(), None);
    }
}
