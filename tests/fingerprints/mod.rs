//! Fingerprints of the shipped data sets' bits, shared by the native test (tests/datasets.rs)
//! and the wasm test (tests/wasm_train.rs): both compute them and compare with the constants
//! below, so a platform-dependent float function, RNG draw or decoding step fails one of them
//! (the trainer's arithmetic is pinned elsewhere, issue 7).
//! The constants were printed by this code natively (`cargo test --test datasets`).

use anneal::train::Dataset;

/// FNV-1a (64-bit) over the f64 bit patterns of `x`, then `y`.
pub fn fingerprint(d: &Dataset) -> u64 {
    d.x.iter().chain(&d.y).fold(0xcbf2_9ce4_8422_2325, |h, v| {
        (h ^ v.to_bits()).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// The fingerprint of every data set of `Dataset::NAMES`, in that order (default settings).
pub const DATASET_FINGERPRINTS: [u64; 7] = [
    0xb05e42276faa2c15,
    0x82406a41364b8537,
    0x6806940286013b21,
    0x7ae4b65bdd4686cf,
    0x216d9b2f572c36e0,
    0x0dc521a417a83105,
    0x6e98974b93514545,
];

/// Every data set of `Dataset::NAMES` with its fingerprint.
pub fn all_fingerprints() -> Vec<u64> {
    Dataset::NAMES
        .iter()
        .map(|n| fingerprint(&Dataset::by_name(n).unwrap()))
        .collect()
}
