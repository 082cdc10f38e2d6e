//! The shipped data sets: the embedded (build-time encoded) real sets decode to exactly the
//! values of their CSV files; the catalog agrees with `by_name`; the synthetic 2-D sets are
//! seeded and shaped as documented; quadratic features and the plane probability.

mod fingerprints;

use anneal::train::{
    prepare, Dataset, PlaneFeatures, Shape, Synthetic, TrainError, MAX_SYNTHETIC_SAMPLES,
};

/// Parses `data/<file>` with `str::parse` (the reference for the embedded form): features
/// and class per row, after an optional header line.
fn csv_rows(file: &str, header: bool) -> Vec<(Vec<f64>, u32)> {
    let path = format!("{}/data/{file}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).expect(&path);
    text.lines()
        .skip(usize::from(header))
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let fields: Vec<&str> = line.split(',').collect();
            let (class, features) = fields.split_last().unwrap();
            (
                features.iter().map(|s| s.trim().parse().unwrap()).collect(),
                class.trim().parse().unwrap(),
            )
        })
        .collect()
}

#[test]
fn embedded_data_equal_the_csv_files_bit_for_bit() {
    // (name, file, header, classes labelled 1)
    for (name, file, header, positives) in [
        ("breast_cancer", "breast_cancer.csv", true, &[1][..]),
        ("wine", "wine_data.csv", true, &[1, 2][..]),
        ("iris", "iris.csv", true, &[1, 2][..]),
        ("digits_3v8", "digits_3v8.csv", false, &[8][..]),
    ] {
        let data = Dataset::by_name(name).unwrap();
        let rows = csv_rows(file, header);
        assert_eq!(data.len(), rows.len(), "{name}");
        assert_eq!(data.n_features, rows[0].0.len(), "{name}");
        assert_eq!(data.plane, None);
        for (i, (features, class)) in rows.iter().enumerate() {
            let got = &data.x[i * data.n_features..(i + 1) * data.n_features];
            let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(got), bits(features), "{name} row {i}");
            let label = if positives.contains(class) { 1.0 } else { 0.0 };
            assert_eq!(data.y[i], label, "{name} row {i} class {class}");
        }
    }
}

#[test]
fn shipped_sets_have_their_documented_shapes_and_classes() {
    // Counts from /work/shared/datasets/README.md (digits: 183 threes, 174 eights).
    for (name, n, d, zeros) in [
        ("breast_cancer", 569, 30, 212),
        ("wine", 178, 13, 59),
        ("iris", 150, 4, 50),
        ("digits_3v8", 357, 64, 183),
        ("blobs", 200, 2, 100),
        ("moons", 200, 2, 100),
        ("circles", 200, 2, 100),
    ] {
        let data = Dataset::by_name(name).unwrap();
        assert_eq!((data.name, data.len(), data.n_features), (name, n, d));
        assert_eq!(
            data.y.iter().filter(|&&v| v == 0.0).count(),
            zeros,
            "{name}"
        );
        let info = Dataset::info(name).unwrap();
        assert_eq!((info.n_samples, info.n_features), (n, d), "{name}");
        assert_eq!(info.plane, data.plane.is_some(), "{name}");
        assert_eq!(data.check(), Ok(()));
    }
    assert_eq!(
        Dataset::breast_cancer(),
        Dataset::by_name("breast_cancer").unwrap()
    );
    // First row of breast_cancer.csv: 17.99, 10.38, ..., 0.1189, class 0.
    let bc = Dataset::breast_cancer();
    assert_eq!(
        (bc.x[0], bc.x[1], bc.x[29], bc.y[0]),
        (17.99, 10.38, 0.1189, 0.0)
    );
    // Digit pixels are intensities 0..=16.
    let digits = Dataset::by_name("digits_3v8").unwrap();
    assert!(digits
        .x
        .iter()
        .all(|&v| (0.0..=16.0).contains(&v) && v.fract() == 0.0));
}

#[test]
fn the_catalog_lists_every_name_once_with_attribution_for_real_data() {
    let names: Vec<&str> = Dataset::CATALOG.iter().map(|i| i.name).collect();
    assert_eq!(names, Dataset::NAMES);
    assert_eq!(names[0], "breast_cancer", "the default first");
    for info in Dataset::CATALOG {
        assert_eq!(Dataset::info(info.name), Some(info));
        let data = Dataset::by_name(info.name).unwrap();
        assert!(!info.description.is_empty() && !info.description.contains('\n'));
        // Real sets carry their UCI attribution, synthetic ones none.
        match (info.plane, data.attribution()) {
            (false, Some(a)) => {
                assert!(a.url.starts_with("https://doi.org/10.24432/"), "{a:?}");
                assert!(a.text.contains("UCI Machine Learning Repository"));
                assert_eq!(a.license, "CC BY 4.0");
            }
            (true, None) => {}
            other => panic!("{}: {other:?}", info.name),
        }
    }
    // The README beside the data names every attribution's DOI.
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/data/README.md")).unwrap();
    for a in Dataset::CATALOG.iter().filter_map(|i| i.attribution) {
        assert!(readme.contains(a.url), "{}", a.url);
    }
    match Dataset::by_name("mnist") {
        Err(TrainError::UnknownDataset { name, known }) => {
            assert_eq!(name, "mnist");
            assert_eq!(known, Dataset::NAMES.join(", "));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn synthetic_sets_are_seeded() {
    for shape in Shape::ALL {
        let base = Synthetic::new(shape);
        let a = base.generate().unwrap();
        assert_eq!(a, Dataset::by_name(shape.name()).unwrap());
        assert_eq!(a, base.generate().unwrap(), "same seed, same points");
        let bits = |d: &Dataset| d.x.iter().map(|v| v.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&a), bits(&base.generate().unwrap()));
        let other = Synthetic { seed: 1, ..base }.generate().unwrap();
        assert_ne!(a.x, other.x, "another seed, other points");
        assert_eq!(a.y, other.y, "labels depend on the row only");
        // Classes: the first ⌊n/2⌋ rows are class 0.
        let odd = Synthetic {
            n_samples: 7,
            ..base
        }
        .generate()
        .unwrap();
        assert_eq!(odd.y, [0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0]);
        assert_eq!(odd.plane, Some(PlaneFeatures::Linear));
    }
}

#[test]
fn data_sets_have_the_fingerprints_the_wasm_test_checks() {
    // tests/wasm_train.rs checks the same constants in wasm.
    let got = fingerprints::all_fingerprints();
    assert_eq!(got, fingerprints::DATASET_FINGERPRINTS, "{got:#018x?}");
}

#[test]
fn noise_free_synthetic_points_lie_on_their_curves() {
    let on = |shape, f: &dyn Fn(f64, f64, f64) -> f64| {
        let d = Synthetic {
            noise: 0.0,
            ..Synthetic::new(shape)
        }
        .generate()
        .unwrap();
        for (p, &y) in d.points().unwrap().iter().zip(&d.y) {
            assert!(f(p[0], p[1], y).abs() < 1e-12, "{shape:?} {p:?} class {y}");
        }
    };
    // Moons: class 0 on the unit circle's upper half, class 1 on the circle around (1, 1/2).
    on(Shape::Moons, &|x, y, c| {
        if c == 0.0 {
            x * x + y * y - 1.0 + if y < -1e-12 { 1.0 } else { 0.0 }
        } else {
            (x - 1.0).powi(2) + (y - 0.5).powi(2) - 1.0 + if y > 0.5 + 1e-12 { 1.0 } else { 0.0 }
        }
    });
    // Circles: radius 1 and 1/2.
    on(Shape::Circles, &|x, y, c| {
        (x * x + y * y).sqrt() - if c == 0.0 { 1.0 } else { 0.5 }
    });
    // Blobs: at the centres.
    on(Shape::Blobs, &|x, y, c| {
        let m = if c == 0.0 { -1.0 } else { 1.0 };
        (x - m).abs() + (y - m).abs()
    });
    // With noise, the spread is about `noise` (sample std within 20 %).
    let d = Synthetic::new(Shape::Blobs).generate().unwrap();
    let dev: Vec<f64> = d
        .points()
        .unwrap()
        .iter()
        .zip(&d.y)
        .map(|(p, &c)| p[0] - if c == 0.0 { -1.0 } else { 1.0 })
        .collect();
    let var = dev.iter().map(|v| v * v).sum::<f64>() / dev.len() as f64;
    assert!((var.sqrt() - 1.0).abs() < 0.2, "{}", var.sqrt());
}

#[test]
fn synthetic_settings_are_checked() {
    let base = Synthetic::new(Shape::Moons);
    for (bad, field) in [
        (
            Synthetic {
                n_samples: 3,
                ..base
            },
            "n_samples",
        ),
        (
            Synthetic {
                n_samples: MAX_SYNTHETIC_SAMPLES + 1,
                ..base
            },
            "n_samples",
        ),
        (
            Synthetic {
                noise: -0.1,
                ..base
            },
            "noise",
        ),
        (
            Synthetic {
                noise: f64::NAN,
                ..base
            },
            "noise",
        ),
    ] {
        match bad.generate() {
            Err(TrainError::Invalid { field: f, .. }) => assert_eq!(f, field),
            other => panic!("{bad:?}: {other:?}"),
        }
    }
}

#[test]
fn quadratic_features_are_appended_for_2d_sets_only() {
    let moons = Dataset::by_name("moons").unwrap();
    let q = moons.clone().with_quadratic().unwrap();
    assert_eq!(
        (q.name, q.n_features, q.plane),
        ("moons", 5, Some(PlaneFeatures::Quadratic))
    );
    assert_eq!(q.y, moons.y);
    for (r, p) in q.x.chunks(5).zip(moons.points().unwrap()) {
        let [a, b] = p;
        assert_eq!(r, [a, b, a * a, a * b, b * b]);
    }
    assert_eq!(q.points(), moons.points(), "the raw points stay available");
    assert_eq!(q.clone().with_quadratic().unwrap(), q, "idempotent");
    for name in ["breast_cancer", "wine", "iris", "digits_3v8"] {
        let data = Dataset::by_name(name).unwrap();
        assert_eq!(data.points(), None);
        match data.with_quadratic() {
            Err(TrainError::Invalid { field, reason, .. }) => {
                assert_eq!(field, "quadratic");
                assert!(reason.contains(name), "{reason}");
            }
            other => panic!("{name}: {other:?}"),
        }
    }
}

#[test]
fn plane_probabilities_match_the_trainer_at_the_data_points() {
    for quadratic in [false, true] {
        let mut data = Dataset::by_name("circles").unwrap();
        if quadratic {
            data = data.with_quadratic().unwrap();
        }
        let p = prepare(&data, Some(0.2), 3).unwrap();
        assert_eq!(p.plane(), data.plane);
        let opt = p.minimize(1e-3).unwrap();
        let points = data.points().unwrap();
        let train_points: Vec<[f64; 2]> = p.train_rows().iter().map(|&i| points[i]).collect();
        let probs = p
            .plane_probabilities(&opt.weights, opt.bias, &train_points)
            .unwrap();
        let d = p.n_features();
        for (k, prob) in probs.iter().enumerate() {
            let row = &p.train_x()[k * d..(k + 1) * d];
            // The trainer's own score (its fixed summation order) and sigmoid.
            let z = anneal::train::model::score(row, &opt.weights, opt.bias);
            let expected = anneal::train::model::sigmoid(z);
            assert_eq!(prob.to_bits(), expected.to_bits(), "row {k}");
        }
        // The accuracy of "p > 1/2" at the points is the trainer's accuracy.
        let correct = probs
            .iter()
            .zip(p.train_y())
            .filter(|(pr, &y)| (**pr > 0.5) == (y == 1.0))
            .count();
        let acc = p.train_accuracy(&opt.weights, opt.bias);
        assert_eq!(correct as f64 / p.n_train() as f64, acc);
        // Only quadratic features can separate the ring from the disc.
        if quadratic {
            assert!(acc > 0.95, "{acc}");
        } else {
            assert!(acc < 0.7, "{acc}");
        }
        // A probability at any point of the plane; far outside, confident with quadratic
        // features (the ring, label 0, surrounds the disc).
        let far = p
            .plane_probabilities(&opt.weights, opt.bias, &[[0.0, 0.0], [5.0, -5.0]])
            .unwrap();
        assert!(far.iter().all(|v| (0.0..=1.0).contains(v)));
        if quadratic {
            assert!(far[0] > 0.9 && far[1] < 1e-3, "{far:?}");
        }
    }
    let bc = prepare(&Dataset::breast_cancer(), None, 0).unwrap();
    assert!(matches!(
        bc.plane_probabilities(&[0.0; 30], 0.0, &[[0.0, 0.0]]),
        Err(TrainError::Invalid {
            field: "dataset",
            ..
        })
    ));
    let moons = prepare(&Dataset::by_name("moons").unwrap(), None, 0).unwrap();
    assert!(matches!(
        moons.plane_probabilities(&[0.0; 5], 0.0, &[[0.0, 0.0]]),
        Err(TrainError::Invalid {
            field: "weights",
            ..
        })
    ));
}
