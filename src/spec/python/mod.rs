//! Paste Python, get a spec (issue "Bring your own schedule"): [`parse`] reads the lines a
//! user copies from a training script and returns the [`ScheduleSpec`] of the last scheduler
//! they define.
//!
//! ```
//! use anneal::spec::python::parse;
//! let p = parse("optimizer = torch.optim.SGD(model.parameters(), lr=0.1)\n\
//!                scheduler = torch.optim.lr_scheduler.StepLR(optimizer, 30, gamma=0.1)").unwrap();
//! assert_eq!(p.spec.scheduler, "torch.optim.lr_scheduler.StepLR");
//! assert_eq!(p.spec.params["step_size"], 30);
//! assert_eq!(p.spec.base_lr, Some(0.1));
//! ```
//!
//! # The subset
//! Not a Python interpreter: a small, documented part of Python, parsed with
//! [winnow](https://docs.rs/winnow) ([`syntax`]) and evaluated in order ([`eval`]).
//! - **Statements**, one per line or separated by `;`: `name = expr`, `self.name = expr`,
//!   `name += expr` (and `-= *= /= //= %= **=`), an expression on its own (a call), `import
//!   a.b [as c]`, `from a.b import c [as d], ...` (aliases are followed), `pass`. Comments,
//!   blank lines and indentation are ignored; inside brackets lines continue, as in Python;
//!   `\` joins lines. Any other statement (`for`, `def`, `if`, ...) is an error naming it.
//! - **Literals** as Python writes them: ints (`10_000`, `0x10`), floats (`1e-3`, `.5`,
//!   `5.`), `True`, `False`, `None`, strings (`"cos"`, `'cos'`, `r"..."`, triple quotes),
//!   lists, tuples, dicts (`{10: 0.1}`).
//! - **Arithmetic** `+ - * / // % **`, unary `-`/`+` and parentheses with Python's int/float
//!   rules: `epochs / 2` is a float, `epochs // 2` an int, `2 ** -1` a float, ints are exact
//!   (64-bit; beyond is an error, where Python would go on).
//! - **Names** defined earlier in the text; `math.pi`, `math.e`, `math.tau`.
//! - **Builtins**: `int`, `float`, `abs`, `round`, `min`, `max`, `dict(k=v, ...)`, `list`,
//!   `tuple`, `math.ceil`, `math.floor`, `math.sqrt`. `len(...)` and any other unknown call
//!   are values the subset cannot know: used where a value is needed they are an error that
//!   asks for the number.
//! - **Schedulers**: a call whose callee's last name is a described scheduler
//!   ([`crate::spec::describe::SCHEDULERS`]), with any module prefix or none
//!   (`torch.optim.lr_scheduler.StepLR`, `lr_scheduler.StepLR`, `StepLR`,
//!   `tf.keras.optimizers.schedules.CosineDecay`); the prefix's first name (`torch`, `timm`,
//!   `transformers`, `optax`, `keras`/`tf`/`tensorflow`) picks the library when it is one.
//!   Positional arguments map onto the description's signature order (after the optimizer
//!   for torch, timm and transformers, except `ChainedScheduler`); keyword arguments must
//!   be the description's kwargs. Schedulers bound to names can be passed on
//!   (`SequentialLR(optimizer, schedulers=[warmup, cosine], milestones=[5])`), as can
//!   `dict(...)`s (optax `sgdr_schedule`'s `cosine_kwargs`). Each scheduler is then checked
//!   by its library's reader ([`ScheduleSpec::evaluate`]), whose message is reported at the
//!   offending argument.
//! - **Optimizers**: torch-style (`torch.optim.SGD(model.parameters(), lr=0.1)`, `Adam`,
//!   `AdamW`, ..., any callee with an `optim` segment) give their `lr` (keyword or second
//!   positional) as `base_lr` to the schedulers built on them (not to OneCycleLR and
//!   CyclicLR, which overwrite it: their spec has no `base_lr`); their other arguments are not
//!   read. `model.parameters()` is allowed only there. optax's and Keras' optimizers are
//!   accepted and ignored. A torch-family scheduler on an optimizer the text does not define
//!   gets `base_lr` = [`crate::spec::describe::EXAMPLE_BASE_LR`] and a note saying so.
//! - Method calls on optimizers and schedulers (`scheduler.step()`) are accepted and ignored.
//!
//! Errors carry the line and column (1-based, in characters) of the thing they name:
//! unknown scheduler (with the nearest name), unknown kwarg (with the nearest name and the
//! scheduler's kwargs), unresolved name or call ("write the number it stands for"), syntax
//! errors, and the readers' own rules.

pub mod eval;
pub mod syntax;

use std::fmt;

use super::ScheduleSpec;

/// What a pasted text defines.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    /// The last scheduler the text constructs (the page's new series).
    pub spec: ScheduleSpec,
    /// Every scheduler bound to a name, in the order of binding.
    pub named: Vec<(String, ScheduleSpec)>,
    /// Notes for the reader, e.g. an assumed `base_lr`.
    pub notes: Vec<String>,
}

/// Why a text could not be read: the line and column (1-based; the column counts
/// characters) of the thing the message names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PyParseError {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub col: usize,
    /// What is wrong, naming the thing.
    pub message: String,
}

impl fmt::Display for PyParseError {
    /// `L:C: message`, on one line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: {}",
            self.line,
            self.col,
            self.message.replace(['\n', '\r'], " ")
        )
    }
}

impl std::error::Error for PyParseError {}

/// The 1-based line and column (in characters) of byte `offset` of `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    (line, col)
}

fn error_at(text: &str, offset: usize, message: String) -> PyParseError {
    let (line, col) = line_col(text, offset);
    PyParseError { line, col, message }
}

/// Reads Python text in the subset (see the module docs) and returns the last scheduler it
/// defines, the named ones and notes.
///
/// # Errors
/// [`PyParseError`] at the thing it names: a syntax error, an unknown scheduler or kwarg, an
/// unresolved name or call, a value the library's reader rejects, or a text that defines no
/// scheduler.
pub fn parse(text: &str) -> Result<Parsed, PyParseError> {
    let stmts = syntax::parse_program(text).map_err(|e| error_at(text, e.offset, e.message))?;
    let outcome = eval::Evaluator::new(text)
        .run(&stmts)
        .map_err(|e| error_at(text, e.span.start, e.message))?;
    match outcome.last {
        Some(spec) => Ok(Parsed {
            spec,
            named: outcome.named,
            notes: outcome.notes,
        }),
        None => Err(error_at(
            text,
            0,
            "no scheduler found: the text constructs none of the schedulers `anneal list` prints"
                .into(),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters() {
        let text = "a = 1\nbé = 2\n";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 6), (2, 1));
        // After the two-byte é.
        assert_eq!(line_col(text, 9), (2, 3));
        assert_eq!(line_col(text, 1000), (3, 1));
    }
}
