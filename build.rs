//! Encodes the shipped data sets (`data/*.csv`) once, at build time, into the compact binary
//! form `src/train/data.rs` decodes (format below and in `data/README.md`), so that neither
//! the CSV text nor a CSV parser ships in the wasm module (issue 7: the app's size budget).
//!
//! Every value is a short decimal (`0.1184`, `1001`, `16`). A column's values are stored as
//! integers m with one decimal scale k per column (value = m / 10^k), minus the column's
//! minimum, Rice-coded. Decoding divides m by the exact power of ten; IEEE division is
//! correctly rounded, so the result is the f64 nearest to the decimal, the same bits as
//! parsing the text (`str::parse::<f64>` is correctly rounded too). This script checks that
//! for every value and fails the build otherwise.
//!
//! Format of `$OUT_DIR/<name>.bin` (integers little-endian; bits LSB first in each byte):
//! - u32 n (rows), u32 d (features);
//! - per feature: u8 k (decimal scale), u64 lo (the minimum of m), u8 r (Rice parameter);
//! - a bit stream: n label bits (0 or 1), then column by column the n values v = m − lo,
//!   each as q = v >> r one-bits, a zero bit, and the low r bits of v.

use std::path::Path;

/// One shipped data set: its name (the `.bin` file), CSV file, whether the file starts with
/// a header line `n,d,class names...`, and the classes that get label 1 (every other class
/// that occurs gets label 0 only if it is listed in `negatives`).
struct Source {
    name: &'static str,
    file: &'static str,
    header: bool,
    negatives: &'static [u32],
    positives: &'static [u32],
}

const SOURCES: &[Source] = &[
    Source {
        name: "breast_cancer",
        file: "data/breast_cancer.csv",
        header: true,
        negatives: &[0],
        positives: &[1],
    },
    Source {
        name: "wine",
        file: "data/wine_data.csv",
        header: true,
        negatives: &[0],
        positives: &[1, 2],
    },
    Source {
        name: "iris",
        file: "data/iris.csv",
        header: true,
        negatives: &[0],
        positives: &[1, 2],
    },
    Source {
        name: "digits_3v8",
        file: "data/digits_3v8.csv",
        header: false,
        negatives: &[3],
        positives: &[8],
    },
];

/// 10^k, exact in f64 for k ≤ 22.
const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

fn main() {
    let out_dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    println!("cargo:rerun-if-changed=build.rs");
    for src in SOURCES {
        println!("cargo:rerun-if-changed={}", src.file);
        let bytes = encode(src);
        std::fs::write(Path::new(&out_dir).join(format!("{}.bin", src.name)), bytes)
            .expect("write the encoded data set");
    }
}

/// A decimal `digits[.digits]` as (integer of all its digits, number of decimals).
fn decimal(s: &str, at: &str) -> (u64, u32) {
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    let all = format!("{int}{frac}");
    if all.is_empty() || !all.bytes().all(|c| c.is_ascii_digit()) {
        panic!("{at}: `{s}` is not a plain non-negative decimal");
    }
    let m: u64 = all
        .parse()
        .unwrap_or_else(|_| panic!("{at}: `{s}` too long"));
    (m, frac.len() as u32)
}

fn encode(src: &Source) -> Vec<u8> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_path(src.file)
        .unwrap_or_else(|e| panic!("{}: {e}", src.file));
    let mut records = reader.records().map(|r| r.expect("a CSV record"));
    let header = src.header.then(|| records.next().expect("a header line"));
    let rows: Vec<csv::StringRecord> = records.collect();
    let n = rows.len();
    let d = rows.first().map_or(0, |r| r.len() - 1);
    if let Some(h) = header {
        let count = |i: usize| h.get(i).and_then(|s| s.trim().parse::<usize>().ok());
        assert_eq!(
            (count(0), count(1)),
            (Some(n), Some(d)),
            "{}: header",
            src.file
        );
    }
    let mut labels = Vec::with_capacity(n);
    let mut columns: Vec<Vec<(u64, u32)>> = vec![Vec::with_capacity(n); d];
    for (i, row) in rows.iter().enumerate() {
        assert_eq!(row.len(), d + 1, "{} row {i}: field count", src.file);
        for (j, s) in row.iter().take(d).enumerate() {
            columns[j].push(decimal(
                s.trim(),
                &format!("{} row {i} column {j}", src.file),
            ));
        }
        let class: u32 = row[d].trim().parse().expect("an integer class");
        labels.push(if src.positives.contains(&class) {
            true
        } else if src.negatives.contains(&class) {
            false
        } else {
            panic!("{} row {i}: unexpected class {class}", src.file)
        });
    }

    let mut head = Vec::new();
    head.extend_from_slice(&(n as u32).to_le_bytes());
    head.extend_from_slice(&(d as u32).to_le_bytes());
    let mut bits = BitWriter::default();
    labels.iter().for_each(|&l| bits.push(u64::from(l), 1));
    for (j, col) in columns.iter().enumerate() {
        let k = col.iter().map(|&(_, e)| e).max().unwrap_or(0);
        assert!(k <= 22, "{} column {j}: more than 22 decimals", src.file);
        let scaled: Vec<u64> = col.iter().map(|&(m, e)| m * 10u64.pow(k - e)).collect();
        // The decoder's arithmetic must give the parser's bits for every value.
        for (i, (&m, row)) in scaled.iter().zip(&rows).enumerate() {
            assert!(
                m < 1 << 53,
                "{} row {i} column {j}: too many digits",
                src.file
            );
            let parsed: f64 = row[j].trim().parse().expect("a number");
            let decoded = m as f64 / POW10[k as usize];
            assert_eq!(
                decoded.to_bits(),
                parsed.to_bits(),
                "{} row {i} column {j}",
                src.file
            );
        }
        let lo = scaled.iter().copied().min().unwrap_or(0);
        let values: Vec<u64> = scaled.iter().map(|m| m - lo).collect();
        let cost = |r: u32| -> u64 { values.iter().map(|v| (v >> r) + 1 + u64::from(r)).sum() };
        let r = (0..40).min_by_key(|&r| cost(r)).expect("a Rice parameter");
        head.push(k as u8);
        head.extend_from_slice(&lo.to_le_bytes());
        head.push(r as u8);
        for &v in &values {
            for _ in 0..v >> r {
                bits.push(1, 1);
            }
            bits.push(0, 1);
            bits.push(v & ((1 << r) - 1), r);
        }
    }
    head.extend_from_slice(&bits.finish());
    head
}

/// Appends bits LSB first.
#[derive(Default)]
struct BitWriter {
    bytes: Vec<u8>,
    acc: u64,
    len: u32,
}

impl BitWriter {
    /// Appends the low `count` (≤ 56) bits of `value`.
    fn push(&mut self, value: u64, count: u32) {
        let mut value = value;
        let mut count = count;
        while count > 0 {
            let take = count.min(32);
            self.acc |= (value & ((1u64 << take) - 1)) << self.len;
            self.len += take;
            value = value.checked_shr(take).unwrap_or(0);
            count -= take;
            while self.len >= 8 {
                self.bytes.push(self.acc as u8);
                self.acc >>= 8;
                self.len -= 8;
            }
        }
    }

    fn finish(mut self) -> Vec<u8> {
        if self.len > 0 {
            self.bytes.push(self.acc as u8);
        }
        self.bytes
    }
}
