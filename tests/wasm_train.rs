//! The trainer in wasm (wasm-bindgen-test under Node, no browser needed): every shipped data
//! set (decoded from its build-time form, or drawn by the seeded synthetic generators) and a
//! training run have the bits they have natively, Newton converges, and a timing of the
//! breast-cancer epoch for issue "Live at 60 fps" (wasm within 1.5× of native). Run with
//! `cargo test --target wasm32-unknown-unknown --test wasm_train` (add `--release` for the
//! timing; `RUSTFLAGS="-C target-feature=+simd128"` for the SIMD kernel, same bits).
#![cfg(target_arch = "wasm32")]

mod fingerprints;

use anneal::train::{prepare, reference_fingerprint, Dataset, TrainConfig};
use wasm_bindgen_test::*;

/// The value `tests/train_sources.rs` pins natively (`REFERENCE_FINGERPRINT`).
const NATIVE_FINGERPRINT: u64 = 0xc5e5_18c0_9b4b_c7fb;

#[wasm_bindgen_test]
fn a_training_run_is_bit_identical_to_native() {
    assert_eq!(reference_fingerprint().unwrap(), NATIVE_FINGERPRINT);
}

#[wasm_bindgen_test]
fn time_per_breast_cancer_epoch() {
    let now = || js_sys::Date::now();
    let p = prepare(&Dataset::breast_cancer(), Some(0.2), 0).unwrap();
    for epochs in [51usize, 3150] {
        let cfg = TrainConfig {
            epochs,
            ..TrainConfig::default()
        };
        let reps = if epochs > 1000 { 3 } else { 21 };
        let mut times: Vec<f64> = (0..reps)
            .map(|_| {
                let start = now();
                let h = p
                    .train(&cfg, &|e| 0.1 * (1.0 + (e as f64 / 50.0).cos()))
                    .unwrap();
                assert_eq!(h.records.len(), epochs + 1);
                now() - start
            })
            .collect();
        times.sort_by(f64::total_cmp);
        let ms = times[times.len() / 2];
        console_log!(
            "figure: wasm train {epochs} epochs: {ms:.2} ms ({:.2} µs per epoch)",
            ms * 1e3 / epochs as f64
        );
    }
}

#[wasm_bindgen_test]
fn data_sets_have_their_native_bits() {
    assert_eq!(
        fingerprints::all_fingerprints(),
        fingerprints::DATASET_FINGERPRINTS
    );
}

#[wasm_bindgen_test]
fn newton_converges_in_wasm_too() {
    let p = prepare(&Dataset::breast_cancer(), None, 0).unwrap();
    let f = p.optimum(1e-2).unwrap();
    assert!((f - 0.0995913754847).abs() <= 1e-9, "{f}");
    let p = prepare(&Dataset::by_name("moons").unwrap(), Some(0.2), 0).unwrap();
    let opt = p.minimize(10.0).unwrap();
    assert!(opt.gradient_norm <= 1e-9 * opt.initial_gradient_norm);
}
