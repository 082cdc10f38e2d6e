//! The trainer's data in wasm: every shipped data set (decoded from its build-time form, or
//! drawn by the seeded synthetic generators) has the bits it has natively. Runs in Node
//! (no browser needed): `cargo test --target wasm32-unknown-unknown --test wasm_train`.
#![cfg(target_arch = "wasm32")]

mod fingerprints;

use wasm_bindgen_test::*;

#[wasm_bindgen_test]
fn data_sets_have_their_native_bits() {
    assert_eq!(
        fingerprints::all_fingerprints(),
        fingerprints::DATASET_FINGERPRINTS
    );
}

#[wasm_bindgen_test]
fn newton_converges_in_wasm_too() {
    use anneal::train::{prepare, Dataset};
    let p = prepare(&Dataset::breast_cancer(), None, 0).unwrap();
    let f = p.optimum(1e-2).unwrap();
    assert!((f - 0.0995913754847).abs() <= 1e-9, "{f}");
    let p = prepare(&Dataset::by_name("moons").unwrap(), Some(0.2), 0).unwrap();
    let opt = p.minimize(10.0).unwrap();
    assert!(opt.gradient_norm <= 1e-9 * opt.initial_gradient_norm);
}
