//! Helpers shared by the integration tests that run the `anneal` binary (tests/cli.rs,
//! tests/cli_datasets.rs, tests/plot.rs, tests/port.rs, tests/python.rs). Each test crate uses
//! some of them, hence `dead_code` allowed.
#![allow(dead_code)]

use std::io::Write;
use std::process::{Command, Output, Stdio};

/// Runs `anneal ARGS`, feeding `stdin` if given.
pub fn anneal(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_anneal"))
        .args(args)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run anneal");
    if let Some(text) = stdin {
        // A run that rejects its arguments may exit before reading its input: a broken pipe
        // is then expected, and its output is what the test checks.
        let written = child
            .stdin
            .take()
            .expect("stdin")
            .write_all(text.as_bytes());
        if let Err(e) = written {
            assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "write stdin: {e}");
        }
    }
    child.wait_with_output().expect("anneal output")
}

/// The run's standard output as UTF-8.
pub fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("utf-8 stdout")
}

/// The run's standard error as UTF-8.
pub fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("utf-8 stderr")
}

/// Asserts exit 2 with exactly one stderr line, starting `error:`, that names `field` in backticks.
pub fn assert_bad(o: &Output, field: &str) {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(2), "stderr: {err}");
    assert_eq!(err.lines().count(), 1, "one line expected: {err:?}");
    assert!(err.starts_with("error: "), "{err:?}");
    assert!(
        err.contains(&format!("`{field}`")),
        "field `{field}` not named: {err:?}"
    );
    assert!(o.stdout.is_empty());
}
