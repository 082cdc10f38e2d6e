//! `anneal train` with the data sets of issue 8: every name of `Dataset::NAMES` trains and has
//! an optimum, `--quadratic` works for the 2-D sets and is refused (naming `quadratic`) for
//! the others, and the optimum exists at λ = 10 with `--split none`, a case that failed
//! before Newton's method was fixed.

mod common;
use common::anneal;

use anneal::train::{prepare, Dataset};

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("utf-8")
}

const SPEC: &str = r#"{"scheduler": "torch.optim.lr_scheduler.CosineAnnealingLR", "params": {"T_max": 3}, "base_lr": 0.1}"#;

#[test]
fn every_dataset_trains_and_has_an_optimum() {
    for &name in Dataset::NAMES {
        let o = anneal(&["train", "--dataset", name, "--epochs", "3", SPEC], None);
        assert_eq!(o.status.code(), Some(0), "{name}: {}", text(&o.stderr));
        assert_eq!(
            text(&o.stdout).lines().count(),
            1 + 4,
            "{name}: header + epochs 0..=3"
        );
        let o = anneal(&["train", "--dataset", name, "--optimum"], None);
        assert_eq!(o.status.code(), Some(0), "{name}: {}", text(&o.stderr));
        let f: f64 = text(&o.stdout).trim().parse().expect("one number");
        // The library's value for the same data, split and λ.
        let p = prepare(&Dataset::by_name(name).unwrap(), Some(0.2), 0).unwrap();
        assert_eq!(f, p.optimum(0.01).unwrap(), "{name}");
    }
}

#[test]
fn quadratic_features_for_2d_sets_only() {
    let o = anneal(
        &["train", "--dataset", "circles", "--quadratic", "--optimum"],
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let quadratic: f64 = text(&o.stdout).trim().parse().unwrap();
    let o = anneal(&["train", "--dataset", "circles", "--optimum"], None);
    let linear: f64 = text(&o.stdout).trim().parse().unwrap();
    assert!(
        quadratic < 0.5 * linear,
        "a curved boundary fits the ring: {quadratic} vs {linear}"
    );
    for name in ["breast_cancer", "digits_3v8"] {
        let o = anneal(
            &["train", "--dataset", name, "--quadratic", "--optimum"],
            None,
        );
        let err = text(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.starts_with("error: invalid `quadratic`"), "{err}");
        assert!(o.stdout.is_empty());
    }
}

#[test]
fn the_optimum_exists_where_newton_used_to_fail() {
    // Issue 8: "did not converge in 200 iterations" for these (breast_cancer λ = 10 with
    // --split none, iris λ = 0.01, wine λ = 1e-4 and 1).
    for (dataset, l2) in [
        ("breast_cancer", "10"),
        ("iris", "0.01"),
        ("wine", "1e-4"),
        ("wine", "1"),
    ] {
        let o = anneal(
            &[
                "train",
                "--dataset",
                dataset,
                "--split",
                "none",
                "--l2",
                l2,
                "--optimum",
            ],
            None,
        );
        assert_eq!(
            o.status.code(),
            Some(0),
            "{dataset} {l2}: {}",
            text(&o.stderr)
        );
        let f: f64 = text(&o.stdout).trim().parse().unwrap();
        assert!(f > 0.0 && f < std::f64::consts::LN_2, "{dataset} {l2}: {f}");
    }
    // Only a minimum that does not exist is an error, with that reason.
    let o = anneal(
        &[
            "train",
            "--dataset",
            "iris",
            "--split",
            "none",
            "--l2",
            "0",
            "--optimum",
        ],
        None,
    );
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        err.contains("`l2`") && err.contains("linearly separable"),
        "{err}"
    );
}
