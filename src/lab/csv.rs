//! The "Download CSV" files. Rates: header `series,scheduler,t,lr` (once, `\n` line ends),
//! rows grouped by series in page order; `series` is 1-based as in "Series k", `scheduler`
//! the API path, `t` the integer scheduler step 0..N-1 in the run's unit, `lr` printed
//! exactly as `anneal eval` prints it ([`crate::fmt::eval`]). Training: `anneal train`'s
//! columns with a leading `series`.

use crate::fmt;
use crate::train::EpochRecord;

/// The header of the rates CSV.
pub const RATES_HEADER: &str = "series,scheduler,t,lr";
/// The header of `anneal train`'s CSV (DESIGN.md, the CLI contract).
pub const TRAIN_HEADER: &str = "epoch,step,lr,train_objective,train_accuracy,test_accuracy";

/// The rates CSV of `series`: `(series number, scheduler path, rates)` in page order.
pub fn rates_csv<'a>(series: impl IntoIterator<Item = (usize, &'a str, &'a [f64])>) -> String {
    let mut out = String::from(RATES_HEADER);
    out.push('\n');
    for (k, scheduler, lr) in series {
        for (t, v) in lr.iter().enumerate() {
            out.push_str(&format!("{k},{scheduler},{t},{}\n", fmt::eval(*v)));
        }
    }
    out
}

/// One row of `anneal train`'s CSV (no line end): `epoch,step,lr,train_objective,
/// train_accuracy,test_accuracy`, numbers as `anneal eval` prints them, `test_accuracy`
/// empty without a test split.
pub fn train_row(r: &EpochRecord) -> String {
    format!(
        "{},{},{},{},{},{}",
        r.epoch,
        r.step,
        fmt::eval(r.lr),
        fmt::eval(r.train_objective),
        fmt::eval(r.train_accuracy),
        r.test_accuracy.map(fmt::eval).unwrap_or_default()
    )
}

/// The training CSV of `series`: `(series number, records)` in page order, with the header
/// `series,` + [`TRAIN_HEADER`].
pub fn training_csv<'a>(series: impl IntoIterator<Item = (usize, &'a [EpochRecord])>) -> String {
    let mut out = format!("series,{TRAIN_HEADER}\n");
    for (k, records) in series {
        for r in records {
            out.push_str(&format!("{k},{}\n", train_row(r)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_rows_follow_the_contract() {
        let a = [0.1, 0.05, 4e-7];
        let b = [f64::INFINITY];
        let csv = rates_csv([(1, "x.A", &a[..]), (2, "y.B", &b[..])]);
        assert_eq!(
            csv,
            "series,scheduler,t,lr\n1,x.A,0,0.1\n1,x.A,1,0.05\n1,x.A,2,0.0000004\n2,y.B,0,inf\n"
        );
    }
}
