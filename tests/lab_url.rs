//! Properties of the page's URL state (`anneal::lab::url`): a permalink of any state reads
//! back to the same page, and any query string gives a state or named problems — never a
//! panic (a panic in wasm is a dead page).

use anneal::lab::draft::KwargDraft;
use anneal::lab::plan::plan;
use anneal::lab::trainer::{TrainerDraft, FIELDS};
use anneal::lab::url::{from_query, read_series, to_query};
use anneal::lab::{
    cosine::CosineInputs, LabState, LrAxis, PageOptions, RunDraft, SeriesDraft, SeriesEntry,
    SpecDraft, ThemeChoice, View,
};
use anneal::spec::describe::{Unit, SCHEDULERS};
use proptest::prelude::*;

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[0-9]{1,4}",
        "[0-9]{0,2}\\.[0-9]{1,3}(e-?[0-9])?",
        Just("True".to_string()),
        Just("None".to_string()),
        Just("[30, 80]".to_string()),
        Just("{10: 0.1}".to_string()),
        "[a-z ]{0,8}",
        Just("1e309".to_string()),
        Just(String::new()),
    ]
}

fn series() -> impl Strategy<Value = SeriesEntry> {
    let scheduler = (0..SCHEDULERS.len()).prop_map(|i| SCHEDULERS[i]);
    (
        scheduler,
        text(),
        proptest::collection::vec((0usize..8, text()), 0..4),
        proptest::option::of("[a-z]{1,6}"),
    )
        .prop_map(|(desc, lr, kwargs, label)| {
            let mut d = SpecDraft {
                scheduler: desc.path.to_string(),
                lr,
                ..SpecDraft::default()
            };
            for (i, t) in kwargs {
                if let Some(k) = desc.kwargs.get(i % desc.kwargs.len().max(1)) {
                    d.set(k.name, KwargDraft::Text(t));
                }
            }
            let mut s = SeriesDraft::new(d);
            if let Some(l) = label {
                s.extra.insert("label".into(), l.into());
            }
            SeriesEntry::Series(s)
        })
}

/// A name `hide=` knows (an unknown one is reported, see `lab::is_hide_name`).
fn hide_name() -> impl Strategy<Value = String> {
    let mut names: Vec<String> = anneal::lab::HIDE_NAMES
        .iter()
        .map(|(n, _)| n.to_string())
        .collect();
    names.extend(["eta_max", "T_mult", "1", "5", "2.gamma", "1.lr"].map(String::from));
    proptest::sample::select(names)
}

/// Trainer settings as texts: valid values and bad ones, any subset of the keys.
fn trainer() -> impl Strategy<Value = TrainerDraft> {
    let value = prop_oneof![
        Just("moons".to_string()),
        Just("adam".to_string()),
        Just("1".to_string()),
        Just("0.9".to_string()),
        Just("none".to_string()),
        Just("64".to_string()),
        "[a-z0-9.]{0,6}",
    ];
    proptest::collection::vec((0..FIELDS.len(), value), 0..4).prop_map(|pairs| {
        let mut d = TrainerDraft::default();
        for (i, v) in pairs {
            d.set(FIELDS[i].key, v);
        }
        d
    })
}

fn state() -> impl Strategy<Value = LabState> {
    let cosine = proptest::collection::vec("[0-9a-z.]{0,10}", 5).prop_map(|t| {
        View::Cosine(CosineInputs {
            eta_max: t[0].clone(),
            eta_min: t[1].clone(),
            T_max: t[2].clone(),
            restarts: t[3].clone(),
            T_mult: t[4].clone(),
        })
    });
    let list = proptest::collection::vec(series(), 1..5).prop_map(View::Series);
    (
        prop_oneof![cosine, list],
        prop_oneof![Just("auto".to_string()), "[0-9]{1,4}"],
        any::<bool>(),
        proptest::collection::vec(hide_name(), 0..3),
        any::<(bool, bool, bool)>(),
        proptest::sample::select(ThemeChoice::ALL.to_vec()),
        trainer(),
    )
        .prop_map(
            |(view, epochs, step, hidden, (embed, big, log), theme, trainer)| LabState {
                view,
                run: RunDraft {
                    epochs,
                    unit: if step { Unit::Step } else { Unit::Epoch },
                },
                trainer,
                page: PageOptions {
                    hidden,
                    embed,
                    big,
                    lr_axis: if log { LrAxis::Log } else { LrAxis::Linear },
                    theme,
                    boundary: 0,
                },
            },
        )
}

fn read(pairs: &[(String, String)]) -> LabState {
    let (s, problems) = from_query(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    assert!(problems.is_empty(), "{problems:?} from {pairs:?}");
    s
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// A permalink reads back to a state whose permalink is the same, with the same plan
    /// (texts may be normalized once: `05` → `5`).
    #[test]
    fn permalinks_round_trip(s in state()) {
        let q1 = to_query(&s);
        let back = read(&q1);
        let q2 = to_query(&back);
        let again = read(&q2);
        prop_assert_eq!(&q2, &to_query(&again));
        prop_assert_eq!(plan(&back, 15), plan(&again, 15));
        if let View::Cosine(_) = s.view {
            // Cosine texts and page options come back exactly.
            prop_assert_eq!(&back, &s);
        } else {
            prop_assert_eq!(back.page, s.page);
            prop_assert_eq!(back.run, s.run);
            prop_assert_eq!(back.trainer, s.trainer);
        }
    }

    /// Any query string gives a state (or named problems) and a plan, never a panic.
    #[test]
    fn any_query_gives_a_state(pairs in proptest::collection::vec((
        prop_oneof![
            Just("series"), Just("preset"), Just("scheduler"), Just("epochs"), Just("unit"),
            Just("eta_max"), Just("T_max"), Just("restarts"), Just("T_mult"), Just("hide"),
            Just("lr_axis"), Just("embed"), Just("dataset"), Just("batch_size"), Just("split"),
            Just("optimizer"), "[a-z]{1,5}".prop_map(|s| Box::leak(s.into_boxed_str()) as &str)
        ],
        ".{0,40}",
    ), 0..6)) {
        let (s, problems) = from_query(pairs.iter().map(|(k, v)| (*k, v.as_str())));
        for p in &problems {
            prop_assert!(!p.message.is_empty() && !p.key.is_empty());
        }
        let _ = plan(&s, 15);
        let _ = to_query(&s);
    }

    /// A `series=` value of any text is read or explained.
    #[test]
    fn any_series_text_is_read_or_explained(text in ".{0,200}") {
        match read_series(&text) {
            SeriesEntry::Series(s) => { let _ = s.spec.to_spec_lossy(); }
            SeriesEntry::Unreadable { message, raw } => {
                prop_assert!(!message.is_empty());
                prop_assert_eq!(raw, text);
            }
        }
    }

    /// Specs built from the descriptions with random JSON kwargs survive the URL.
    #[test]
    fn series_json_round_trips(i in 0..SCHEDULERS.len(), v in prop_oneof![
        any::<i32>().prop_map(serde_json::Value::from),
        (-1e6f64..1e6).prop_map(serde_json::Value::from),
        any::<bool>().prop_map(serde_json::Value::from),
    ]) {
        let desc = &SCHEDULERS[i];
        let mut spec = desc.default_spec();
        if let Some(k) = desc.kwargs.first() {
            spec.params.insert(k.name.to_string(), v);
        }
        let json = serde_json::to_string(&spec).unwrap();
        let SeriesEntry::Series(s) = read_series(&json) else {
            return Err(TestCaseError::fail("a spec must read"));
        };
        let back = s.spec.to_spec().map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
        prop_assert_eq!(back.params, spec.params);
        prop_assert_eq!(back.base_lr, spec.base_lr);
    }
}
