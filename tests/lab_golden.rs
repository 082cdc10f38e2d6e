//! Every golden case of `tests/data` through the page's own path: the case as a `series=`
//! link ([`anneal::lab::url::read_series`]), the run it asks for (`epochs` = its length,
//! one step per epoch), the page's plan and training ([`anneal::lab::plan::plan`],
//! [`anneal::lab::train::train_all`]), and the function that writes the "Download CSV" rows
//! ([`anneal::lab::csv::rates_csv`]), read back and compared with the golden sequence under
//! the golden tolerances of `tests/golden.rs` (f64: 1e-12 relative or 1e-15 absolute;
//! float32 cases: 1e-6 × the case's largest rate). ReduceLROnPlateau cases replay their
//! metrics through the trainer's plateau source, as a copied spec does in the page.

use std::sync::Arc;

use anneal::lab::plan::{plan, Rates};
use anneal::lab::train::{series_rates, train_all};
use anneal::lab::url::read_series;
use anneal::lab::{csv, LabState, PageOptions, RunDraft, SeriesEntry, View};
use anneal::spec::describe::Unit;
use anneal::train::{prepare, Dataset, TrainConfig};
use serde_json::Value;

fn cases(lib: &str) -> Vec<Value> {
    let path = format!("{}/tests/data/{lib}.json", env!("CARGO_MANIFEST_DIR"));
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    doc["cases"].as_array().unwrap().clone()
}

fn is_float32(case: &Value) -> bool {
    case.get("dtype").and_then(Value::as_str) == Some("float32")
        || case.get("output_dtype").and_then(Value::as_str) == Some("float32")
        || case.get("precision_note").is_some()
}

#[test]
fn every_golden_case_through_the_page_path() {
    let cfg = TrainConfig::default();
    let prepared = Arc::new(prepare(&Dataset::breast_cancer(), cfg.split, cfg.seed).unwrap());
    let spe = prepared.steps_per_epoch(cfg.batch_size);
    let mut checked = 0;
    let mut failures = Vec::new();
    for lib in ["torch", "timm", "transformers", "optax", "keras"] {
        for (i, case) in cases(lib).iter().enumerate() {
            let label = format!("{lib}[{i}] {}", case["scheduler"]);
            let expected: Vec<f64> = case["lr"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_f64().unwrap())
                .collect();
            let entry = read_series(&case.to_string());
            assert!(
                matches!(entry, SeriesEntry::Series(_)),
                "{label}: {entry:?}"
            );
            let state = LabState {
                view: View::Series(vec![entry]),
                run: RunDraft {
                    epochs: expected.len().to_string(),
                    unit: Unit::Epoch,
                },
                trainer: Default::default(),
                page: PageOptions::default(),
            };
            let p = plan(&state, spe);
            if !p.is_valid() {
                failures.push(format!("{label}: {:?}", p.problems));
                continue;
            }
            let run = p.run.unwrap();
            // Only ReduceLROnPlateau needs the trainer (it replays the case's metrics there).
            let views = match p.series[0].as_ref().map(|s| &s.rates) {
                Some(Rates::Plateau { .. }) => {
                    train_all(&prepared, &run, &p.series, &Default::default()).unwrap()
                }
                _ => Vec::new(),
            };
            let series = p.series[0].as_ref().unwrap();
            let rates = series_rates(series, views.first().and_then(|v| v.plateau.as_ref()));
            let text = csv::rates_csv([(1, series.spec.scheduler.as_str(), rates.as_slice())]);
            let got: Vec<f64> = text
                .lines()
                .skip(1)
                .map(|l| l.rsplit(',').next().unwrap().parse().unwrap())
                .collect();
            if got.len() != expected.len() {
                failures.push(format!(
                    "{label}: {} rates, golden {}",
                    got.len(),
                    expected.len()
                ));
                continue;
            }
            let peak = expected.iter().fold(0.0f64, |m, v| m.max(v.abs()));
            for (t, (g, e)) in got.iter().zip(&expected).enumerate() {
                let ok = if is_float32(case) {
                    (g - e).abs() <= 1e-6 * peak
                } else {
                    (g - e).abs() <= 1e-15_f64.max(1e-12 * e.abs())
                };
                if !ok {
                    failures.push(format!("{label} t={t}: page {g} vs golden {e}"));
                    break;
                }
            }
            checked += 1;
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert_eq!(checked, 244, "every golden case");
}
