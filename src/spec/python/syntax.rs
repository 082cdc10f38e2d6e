//! The syntax of the Python subset (see the module docs of [`super`]): an AST with byte
//! spans, and its grammar written with [winnow](https://docs.rs/winnow) over a
//! [`LocatingSlice`] of the text, so every node knows where it came from.
//!
//! Whitespace follows Python's rule: inside brackets newlines and comments are white space
//! (implicit line joining), outside them a newline (or `;`) ends a statement and `\` joins
//! lines. The expression parsers take this as a parameter `nl` (true inside brackets).
//! Indentation is ignored (there are no blocks in the subset), so lines copied from inside a
//! function parse as they are.

use std::ops::Range;

use winnow::combinator::{alt, cut_err, opt, preceded, repeat};
use winnow::error::{ContextError, ErrMode, StrContext, StrContextValue};
use winnow::prelude::*;
use winnow::stream::{LocatingSlice, Location, Stream};
use winnow::token::{any, one_of, take_while};

/// The parser's input: the text with offset tracking.
pub type Input<'i> = LocatingSlice<&'i str>;

/// A byte range in the text.
pub type Span = Range<usize>;

/// A binary operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinOp {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/` (true division: always a float)
    Div,
    /// `//` (floor division)
    FloorDiv,
    /// `%`
    Mod,
    /// `**`
    Pow,
}

impl BinOp {
    /// The operator as Python writes it.
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
            BinOp::FloorDiv => "//",
            BinOp::Mod => "%",
            BinOp::Pow => "**",
        }
    }
}

/// An expression and where it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    /// What it is.
    pub kind: ExprKind,
    /// Its bytes in the text.
    pub span: Span,
    /// The height of its tree (1 for a leaf), bounded by [`MAX_DEPTH`] so that evaluating
    /// and dropping it never exhausts the stack.
    pub depth: usize,
}

/// The deepest expression tree the parser builds (operator chains, attribute and call
/// chains, nesting).
pub const MAX_DEPTH: usize = 200;

/// The deepest recursion of the parser: brackets, unary operators and exponents nested in
/// each other (Python itself stops at 200 nested parentheses; pasted schedules need a
/// handful). Bounded so that the parser's stack stays small, in the browser too.
pub const MAX_NESTING: usize = 64;

impl Expr {
    /// An expression node; its depth is one more than its deepest child's.
    pub fn new(kind: ExprKind, span: Span) -> Expr {
        let child = match &kind {
            ExprKind::Attr(e, _) | ExprKind::Neg(e) => e.depth,
            ExprKind::Call(f, args) => args
                .iter()
                .map(|a| match a {
                    Arg::Pos(e) | Arg::Kw(_, _, e) => e.depth,
                    Arg::Star(_) => 0,
                })
                .max()
                .unwrap_or(0)
                .max(f.depth),
            ExprKind::List(items) | ExprKind::Tuple(items) => {
                items.iter().map(|e| e.depth).max().unwrap_or(0)
            }
            ExprKind::Dict(items) => items
                .iter()
                .map(|(k, v)| k.depth.max(v.depth))
                .max()
                .unwrap_or(0),
            ExprKind::Bin(_, a, b) => a.depth.max(b.depth),
            _ => 0,
        };
        Expr {
            kind,
            span,
            depth: child + 1,
        }
    }
}

/// Fails (cut) when an expression is nested deeper than [`MAX_DEPTH`].
fn check_depth(e: Expr) -> ModalResult<Expr> {
    if e.depth > MAX_DEPTH {
        let mut err = ContextError::new();
        err.push(StrContext::Label("the expression is nested too deeply"));
        return Err(ErrMode::Cut(err));
    }
    Ok(e)
}

/// The expressions of the subset.
#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    /// An int literal (`10_000`, `0x10`); `None` when it does not fit in an i64.
    Int(Option<i64>),
    /// A float literal (`1e-3`, `.5`, `5.`).
    Float(f64),
    /// A string literal.
    Str(String),
    /// `True` / `False`.
    Bool(bool),
    /// `None`.
    None,
    /// A name.
    Name(String),
    /// `value.attr`.
    Attr(Box<Expr>, String),
    /// `func(args)`.
    Call(Box<Expr>, Vec<Arg>),
    /// `[a, b]`.
    List(Vec<Expr>),
    /// `(a, b)`, `(a,)`, `()`.
    Tuple(Vec<Expr>),
    /// `{k: v}`.
    Dict(Vec<(Expr, Expr)>),
    /// `a op b`.
    Bin(BinOp, Box<Expr>, Box<Expr>),
    /// `-a` (`+a` is kept as `a`).
    Neg(Box<Expr>),
}

/// One argument of a call.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    /// A positional argument.
    Pos(Expr),
    /// `name=value`, with the span of `name`.
    Kw(String, Span, Expr),
    /// `*value` or `**value` (the subset does not evaluate these; the span is reported).
    Star(Span),
}

/// A statement of the subset.
#[derive(Debug, Clone, PartialEq)]
pub enum Stmt {
    /// `target = value` or `target op= value`; `target` is a name or a dotted name
    /// (`self.scheduler`).
    Assign {
        /// The name assigned.
        target: String,
        /// The operator of an augmented assignment (`+=`), if any.
        op: Option<BinOp>,
        /// The span of the target.
        span: Span,
        /// The value.
        value: Expr,
    },
    /// An expression on its own (usually a call).
    Expr(Expr),
    /// `import a.b [as c]`: (dotted module, the name it binds, what that name means).
    Import(Vec<(String, String)>),
    /// `from a.b import c [as d]`: (bound name, full dotted path).
    FromImport(Vec<(String, String)>),
}

/// A syntax error: where (byte offset) and what was expected.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntaxError {
    /// Byte offset of the offending text.
    pub offset: usize,
    /// The message, e.g. "expected `)`".
    pub message: String,
}

/// Reserved words that cannot be names; statements starting with them are outside the subset.
const KEYWORDS: &[&str] = &[
    "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del", "elif",
    "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda",
    "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
];

/// Parses the whole text into statements.
///
/// # Errors
/// The first [`SyntaxError`], at the offending byte.
pub fn parse_program(text: &str) -> Result<Vec<Stmt>, SyntaxError> {
    let mut input = LocatingSlice::new(text);
    let mut out = Vec::new();
    loop {
        // Blank lines, comment lines, leading indentation and stray `;`.
        let _ = blank_lines(&mut input);
        if input.is_empty() {
            return Ok(out);
        }
        let start = input.current_token_start();
        match statement(&mut input) {
            Ok(Some(stmt)) => out.push(stmt),
            Ok(None) => {}
            Err(e) => return Err(to_syntax_error(text, &input, start, e)),
        }
        if let Err(e) = line_end(&mut input) {
            return Err(to_syntax_error(text, &input, start, e));
        }
    }
}

fn to_syntax_error(
    text: &str,
    input: &Input<'_>,
    start: usize,
    e: ErrMode<ContextError>,
) -> SyntaxError {
    let offset = input.current_token_start().max(start).min(text.len());
    let ctx = match &e {
        ErrMode::Backtrack(c) | ErrMode::Cut(c) => Some(c),
        ErrMode::Incomplete(_) => None,
    };
    let mut label = None;
    let mut expected = Vec::new();
    for c in ctx.into_iter().flat_map(|c| c.context()) {
        match c {
            StrContext::Label(l) if label.is_none() => label = Some(*l),
            StrContext::Expected(v) => expected.push(match v {
                StrContextValue::CharLiteral(c) => format!("`{c}`"),
                StrContextValue::StringLiteral(s) => format!("`{s}`"),
                StrContextValue::Description(d) => (*d).to_string(),
                _ => v.to_string(),
            }),
            _ => {}
        }
    }
    let found = found_at(text, offset);
    // The innermost expectations first; each once.
    let mut unique: Vec<String> = Vec::new();
    for e in expected {
        if !unique.contains(&e) {
            unique.push(e);
        }
    }
    unique.truncate(3);
    let message = match (label, unique.is_empty()) {
        (Some(l), _) => format!("syntax error: {l}"),
        (None, false) => format!(
            "syntax error: expected {}, found {found}",
            unique.join(" or ")
        ),
        (None, true) => format!("syntax error: unexpected {found}"),
    };
    SyntaxError { offset, message }
}

/// What stands at `offset`, for messages: the next word or character, or "end of line".
pub fn found_at(text: &str, offset: usize) -> String {
    let rest = text.get(offset..).unwrap_or("");
    match rest.chars().next() {
        None => "end of text".into(),
        Some('\n' | '\r') => "end of line".into(),
        Some(c) if c.is_alphanumeric() || c == '_' => {
            let word: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '.')
                .take(30)
                .collect();
            format!("`{word}`")
        }
        Some(c) => format!("`{c}`"),
    }
}

fn expected(what: &'static str) -> StrContext {
    StrContext::Expected(StrContextValue::Description(what))
}

fn expected_char(c: char) -> StrContext {
    StrContext::Expected(StrContextValue::CharLiteral(c))
}

fn cut<O>(input: &mut Input<'_>, label: &'static str) -> ModalResult<O> {
    let mut e = ContextError::new();
    e.push(StrContext::Label(label));
    let _ = input;
    Err(ErrMode::Cut(e))
}

/// Blank lines, comment-only lines, indentation and stray semicolons before a statement.
fn blank_lines(input: &mut Input<'_>) -> ModalResult<()> {
    loop {
        ws(input, false)?;
        if opt(comment).parse_next(input)?.is_some() {
            continue;
        }
        if opt(alt(("\r\n", "\n", "\r", ";")))
            .parse_next(input)?
            .is_some()
        {
            continue;
        }
        return Ok(());
    }
}

/// The end of a statement: optional comment, then a newline, `;` or the end of the text.
fn line_end(input: &mut Input<'_>) -> ModalResult<()> {
    ws(input, false)?;
    let _ = opt(comment).parse_next(input)?;
    if input.is_empty() {
        return Ok(());
    }
    cut_err(alt(("\r\n", "\n", "\r", ";")).void())
        .context(expected("the end of the statement"))
        .parse_next(input)
}

fn comment(input: &mut Input<'_>) -> ModalResult<()> {
    ('#', take_while(0.., |c| c != '\n' && c != '\r'))
        .void()
        .parse_next(input)
}

/// White space: spaces, tabs, form feeds and `\`-newline; with `nl`, also newlines and
/// comments (inside brackets).
fn ws(input: &mut Input<'_>, nl: bool) -> ModalResult<()> {
    loop {
        let _ = take_while(0.., [' ', '\t', '\x0c']).parse_next(input)?;
        if opt(alt(("\\\r\n", "\\\n", "\\\r")))
            .parse_next(input)?
            .is_some()
        {
            continue;
        }
        if nl {
            if opt(alt(("\r\n", "\n", "\r"))).parse_next(input)?.is_some() {
                continue;
            }
            if opt(comment).parse_next(input)?.is_some() {
                continue;
            }
        }
        return Ok(());
    }
}

fn identifier<'i>(input: &mut Input<'i>) -> ModalResult<&'i str> {
    (
        one_of(|c: char| c.is_alphabetic() || c == '_'),
        take_while(0.., |c: char| c.is_alphanumeric() || c == '_'),
    )
        .take()
        .parse_next(input)
}

/// A name that is not a reserved word (`True`, `False`, `None` are handled as atoms).
fn name(input: &mut Input<'_>) -> ModalResult<String> {
    let start = input.checkpoint();
    let id = identifier(input)?;
    if KEYWORDS.contains(&id) || matches!(id, "True" | "False" | "None") {
        input.reset(&start);
        return Err(ErrMode::Backtrack(ContextError::new()));
    }
    Ok(id.to_string())
}

/// A dotted name `a.b.c` (imports).
fn dotted(input: &mut Input<'_>) -> ModalResult<String> {
    let first = name(input)?;
    let rest: Vec<String> = repeat(
        0..,
        preceded(
            (
                (move |i: &mut Input<'_>| ws(i, false)),
                '.',
                (move |i: &mut Input<'_>| ws(i, false)),
            ),
            cut_err(name).context(expected("a name")),
        ),
    )
    .parse_next(input)?;
    Ok(std::iter::once(first)
        .chain(rest)
        .collect::<Vec<_>>()
        .join("."))
}

/// One statement (without its line end); `None` for `pass`.
fn statement(input: &mut Input<'_>) -> ModalResult<Option<Stmt>> {
    let start = input.checkpoint();
    if let Ok(word) = identifier(input) {
        match word {
            "import" => return import(input).map(Some),
            "from" => return from_import(input).map(Some),
            "pass" => return Ok(None),
            w if KEYWORDS.contains(&w) => {
                input.reset(&start);
                return cut(input, "this statement is not part of the supported subset (assignments, imports and calls)");
            }
            _ => input.reset(&start),
        }
    }
    let target_cp = input.checkpoint();
    let e = expr(input, false)?;
    ws(input, false)?;
    let op = opt(alt((
        "+=".value(Some(BinOp::Add)),
        "-=".value(Some(BinOp::Sub)),
        "**=".value(Some(BinOp::Pow)),
        "*=".value(Some(BinOp::Mul)),
        "//=".value(Some(BinOp::FloorDiv)),
        "/=".value(Some(BinOp::Div)),
        "%=".value(Some(BinOp::Mod)),
        ("=", winnow::combinator::not('=')).value(None),
    )))
    .parse_next(input)?;
    let Some(op) = op else {
        return Ok(Some(Stmt::Expr(e)));
    };
    let Some(target) = target_name(&e) else {
        let mut err = ContextError::new();
        err.push(StrContext::Label(
            "cannot assign to this expression: the subset assigns to names (`x = ...`, `self.x = ...`)",
        ));
        // Report at the target.
        input.reset(&target_cp);
        return Err(ErrMode::Cut(err));
    };
    ws(input, false)?;
    let value = cut_err(move |i: &mut Input<'_>| expr(i, false))
        .context(expected("a value"))
        .parse_next(input)?;
    Ok(Some(Stmt::Assign {
        target,
        op,
        span: e.span.clone(),
        value,
    }))
}

/// The name an assignment binds: `x` or a dotted `self.x`.
fn target_name(e: &Expr) -> Option<String> {
    match &e.kind {
        ExprKind::Name(n) => Some(n.clone()),
        ExprKind::Attr(base, attr) => target_name(base).map(|b| format!("{b}.{attr}")),
        _ => None,
    }
}

/// The word `as` (not the start of a longer name), consumed if present.
fn keyword_as(input: &mut Input<'_>) -> ModalResult<bool> {
    let cp = input.checkpoint();
    match identifier(input) {
        Ok("as") => Ok(true),
        _ => {
            input.reset(&cp);
            Ok(false)
        }
    }
}

fn import(input: &mut Input<'_>) -> ModalResult<Stmt> {
    let mut out = Vec::new();
    loop {
        ws(input, false)?;
        let module = cut_err(dotted)
            .context(expected("a module name"))
            .parse_next(input)?;
        ws(input, false)?;
        let alias = if keyword_as(input)? {
            ws(input, false)?;
            Some(
                cut_err(name)
                    .context(expected("a name"))
                    .parse_next(input)?,
            )
        } else {
            None
        };
        match alias {
            // `import a.b as c`: c is a.b.
            Some(a) => out.push((a, module)),
            // `import a.b`: binds a, which is a.
            None => {
                let head = module.split('.').next().unwrap_or_default().to_string();
                out.push((head.clone(), head));
            }
        }
        ws(input, false)?;
        if opt(',').parse_next(input)?.is_none() {
            return Ok(Stmt::Import(out));
        }
    }
}

fn from_import(input: &mut Input<'_>) -> ModalResult<Stmt> {
    ws(input, false)?;
    let module = cut_err(dotted)
        .context(expected("a module name"))
        .parse_next(input)?;
    ws(input, false)?;
    cut_err("import")
        .context(expected("import`"))
        .parse_next(input)?;
    ws(input, false)?;
    let paren = opt('(').parse_next(input)?.is_some();
    let mut out = Vec::new();
    loop {
        if paren {
            ws(input, true)?;
            if opt(')').parse_next(input)?.is_some() {
                break;
            }
        }
        ws(input, false)?;
        let item = cut_err(name)
            .context(expected("a name"))
            .parse_next(input)?;
        if paren {
            ws(input, true)?;
        } else {
            ws(input, false)?;
        }
        let alias = if keyword_as(input)? {
            ws(input, false)?;
            Some(
                cut_err(name)
                    .context(expected("a name"))
                    .parse_next(input)?,
            )
        } else {
            None
        };
        out.push((
            alias.unwrap_or_else(|| item.clone()),
            format!("{module}.{item}"),
        ));
        if paren {
            ws(input, true)?;
        } else {
            ws(input, false)?;
        }
        if opt(',').parse_next(input)?.is_none() {
            if paren {
                ws(input, true)?;
                cut_err(')').context(expected_char(')')).parse_next(input)?;
            }
            break;
        }
    }
    Ok(Stmt::FromImport(out))
}

/// An expression: sums of terms (the subset has no comparisons, boolean operators or
/// conditionals).
pub fn expr(input: &mut Input<'_>, nl: bool) -> ModalResult<Expr> {
    let mut left = term(input, nl)?;
    loop {
        let cp = input.checkpoint();
        ws(input, nl)?;
        let op = opt(alt((
            ("+", winnow::combinator::not('=')).value(BinOp::Add),
            ("-", winnow::combinator::not('=')).value(BinOp::Sub),
        )))
        .parse_next(input)?;
        let Some(op) = op else {
            input.reset(&cp);
            return Ok(left);
        };
        ws(input, nl)?;
        let right = cut_err(move |i: &mut Input<'_>| term(i, nl))
            .context(expected("an operand"))
            .parse_next(input)?;
        let span = left.span.start..right.span.end;
        left = check_depth(Expr::new(
            ExprKind::Bin(op, Box::new(left), Box::new(right)),
            span,
        ))?;
    }
}

fn term(input: &mut Input<'_>, nl: bool) -> ModalResult<Expr> {
    let mut left = factor(input, nl)?;
    loop {
        let cp = input.checkpoint();
        ws(input, nl)?;
        let op = opt(alt((
            ("//", winnow::combinator::not('=')).value(BinOp::FloorDiv),
            ("/", winnow::combinator::not('=')).value(BinOp::Div),
            ("*", winnow::combinator::not(one_of(['*', '=']))).value(BinOp::Mul),
            ("%", winnow::combinator::not('=')).value(BinOp::Mod),
        )))
        .parse_next(input)?;
        let Some(op) = op else {
            input.reset(&cp);
            return Ok(left);
        };
        ws(input, nl)?;
        let right = cut_err(move |i: &mut Input<'_>| factor(i, nl))
            .context(expected("an operand"))
            .parse_next(input)?;
        let span = left.span.start..right.span.end;
        left = check_depth(Expr::new(
            ExprKind::Bin(op, Box::new(left), Box::new(right)),
            span,
        ))?;
    }
}

thread_local! {
    /// How deep the parser's recursion is (see [`factor`]).
    static NESTING: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Counts one level of parser recursion for as long as it lives.
struct Nesting;

impl Nesting {
    fn enter() -> Option<Nesting> {
        NESTING.with(|n| {
            (n.get() < MAX_NESTING).then(|| {
                n.set(n.get() + 1);
                Nesting
            })
        })
    }
}

impl Drop for Nesting {
    fn drop(&mut self) {
        NESTING.with(|n| n.set(n.get().saturating_sub(1)));
    }
}

/// A unary `-` / `+` or a power. Every nesting (brackets, unary operators, exponents) passes
/// through here, so it bounds the parser's recursion.
fn factor(input: &mut Input<'_>, nl: bool) -> ModalResult<Expr> {
    let Some(_level) = Nesting::enter() else {
        return cut(input, "the expression is nested too deeply");
    };
    let start = input.current_token_start();
    let sign = opt(one_of(['-', '+'])).parse_next(input)?;
    match sign {
        Some(sign) => {
            ws(input, nl)?;
            let inner = cut_err(move |i: &mut Input<'_>| factor(i, nl))
                .context(expected("an operand"))
                .parse_next(input)?;
            let span = start..inner.span.end;
            check_depth(match sign {
                '-' => Expr::new(ExprKind::Neg(Box::new(inner)), span),
                _ => Expr { span, ..inner },
            })
        }
        None => power(input, nl),
    }
}

fn power(input: &mut Input<'_>, nl: bool) -> ModalResult<Expr> {
    let base = primary(input, nl)?;
    let cp = input.checkpoint();
    ws(input, nl)?;
    if opt(("**", winnow::combinator::not('=')))
        .parse_next(input)?
        .is_none()
    {
        input.reset(&cp);
        return Ok(base);
    }
    ws(input, nl)?;
    // The exponent binds tighter on the left: -2 ** 2 is -(2 ** 2); 2 ** -1 is allowed.
    let exp = cut_err(move |i: &mut Input<'_>| factor(i, nl))
        .context(expected("an exponent"))
        .parse_next(input)?;
    let span = base.span.start..exp.span.end;
    check_depth(Expr::new(
        ExprKind::Bin(BinOp::Pow, Box::new(base), Box::new(exp)),
        span,
    ))
}

fn primary(input: &mut Input<'_>, nl: bool) -> ModalResult<Expr> {
    let mut e = atom(input)?;
    loop {
        let cp = input.checkpoint();
        ws(input, nl)?;
        if opt('.').parse_next(input)?.is_some() {
            ws(input, nl)?;
            let attr = cut_err(name)
                .context(expected("an attribute name"))
                .parse_next(input)?;
            let end = input.previous_token_end();
            let span = e.span.start..end;
            e = check_depth(Expr::new(ExprKind::Attr(Box::new(e), attr), span))?;
            continue;
        }
        if opt('(').parse_next(input)?.is_some() {
            let args = call_args(input)?;
            let end = input.previous_token_end();
            let span = e.span.start..end;
            e = check_depth(Expr::new(ExprKind::Call(Box::new(e), args), span))?;
            continue;
        }
        if opt('[').parse_next(input)?.is_some() {
            input.reset(&cp);
            ws(input, nl)?;
            return cut(
                input,
                "subscripts (`x[i]`) are not part of the supported subset",
            );
        }
        input.reset(&cp);
        return Ok(e);
    }
}

/// The arguments after `(`, through the closing `)`.
fn call_args(input: &mut Input<'_>) -> ModalResult<Vec<Arg>> {
    let mut args = Vec::new();
    let mut seen_keyword = false;
    loop {
        ws(input, true)?;
        if opt(')').parse_next(input)?.is_some() {
            return Ok(args);
        }
        let start = input.current_token_start();
        if opt(alt(("**", "*"))).parse_next(input)?.is_some() {
            ws(input, true)?;
            let e = cut_err(move |i: &mut Input<'_>| expr(i, true))
                .context(expected("a value"))
                .parse_next(input)?;
            args.push(Arg::Star(start..e.span.end));
        } else {
            let cp = input.checkpoint();
            let keyword = match name(input) {
                Ok(n) => {
                    let end = input.previous_token_end();
                    ws(input, true)?;
                    if opt(('=', winnow::combinator::not('=')))
                        .parse_next(input)?
                        .is_some()
                    {
                        Some((n, start..end))
                    } else {
                        input.reset(&cp);
                        None
                    }
                }
                Err(_) => {
                    input.reset(&cp);
                    None
                }
            };
            match keyword {
                Some((n, span)) => {
                    ws(input, true)?;
                    let e = cut_err(move |i: &mut Input<'_>| expr(i, true))
                        .context(expected("a value"))
                        .parse_next(input)?;
                    seen_keyword = true;
                    args.push(Arg::Kw(n, span, e));
                }
                None => {
                    let e = cut_err(move |i: &mut Input<'_>| expr(i, true))
                        .context(expected("an argument"))
                        .parse_next(input)?;
                    if seen_keyword {
                        input.reset(&cp);
                        return cut(input, "positional argument follows keyword argument");
                    }
                    args.push(Arg::Pos(e));
                }
            }
        }
        ws(input, true)?;
        if opt(',').parse_next(input)?.is_none() {
            cut_err(')')
                .context(expected_char(')'))
                .context(expected_char(','))
                .parse_next(input)?;
            return Ok(args);
        }
    }
}

/// Comma-separated expressions through `close`; also tells whether a comma was seen (a
/// one-element tuple needs one).
fn items(input: &mut Input<'_>, close: char) -> ModalResult<(Vec<Expr>, bool)> {
    let mut out = Vec::new();
    let mut comma = false;
    loop {
        ws(input, true)?;
        if opt(close).parse_next(input)?.is_some() {
            return Ok((out, comma));
        }
        out.push(
            cut_err(move |i: &mut Input<'_>| expr(i, true))
                .context(expected("a value"))
                .parse_next(input)?,
        );
        ws(input, true)?;
        if opt(',').parse_next(input)?.is_some() {
            comma = true;
        } else {
            cut_err(close)
                .context(expected_char(close))
                .context(expected_char(','))
                .parse_next(input)?;
            return Ok((out, comma));
        }
    }
}

fn dict(input: &mut Input<'_>) -> ModalResult<Vec<(Expr, Expr)>> {
    let mut out = Vec::new();
    loop {
        ws(input, true)?;
        if opt('}').parse_next(input)?.is_some() {
            return Ok(out);
        }
        let key = cut_err(move |i: &mut Input<'_>| expr(i, true))
            .context(expected("a key"))
            .parse_next(input)?;
        ws(input, true)?;
        cut_err(':').context(expected_char(':')).parse_next(input)?;
        ws(input, true)?;
        let value = cut_err(move |i: &mut Input<'_>| expr(i, true))
            .context(expected("a value"))
            .parse_next(input)?;
        out.push((key, value));
        ws(input, true)?;
        if opt(',').parse_next(input)?.is_none() {
            cut_err('}')
                .context(expected_char('}'))
                .context(expected_char(','))
                .parse_next(input)?;
            return Ok(out);
        }
    }
}

fn atom(input: &mut Input<'_>) -> ModalResult<Expr> {
    let start = input.current_token_start();
    let Some(c) = input.peek_token() else {
        return Err(ErrMode::Backtrack(ContextError::new()));
    };
    let kind = match c {
        '(' => {
            any.parse_next(input)?;
            let (mut items, comma) = items(input, ')')?;
            if items.len() == 1 && !comma {
                let inner = items.pop().expect("one item");
                let end = input.previous_token_end();
                return Ok(Expr {
                    span: start..end,
                    ..inner
                });
            }
            ExprKind::Tuple(items)
        }
        '[' => {
            any.parse_next(input)?;
            ExprKind::List(items(input, ']')?.0)
        }
        '{' => {
            any.parse_next(input)?;
            ExprKind::Dict(dict(input)?)
        }
        '"' | '\'' => ExprKind::Str(string(input)?),
        c if c.is_ascii_digit() || c == '.' => number(input)?,
        c if c.is_alphabetic() || c == '_' => {
            let cp = input.checkpoint();
            let id = identifier(input)?;
            // String prefixes: r"...", b"...", f"...".
            if let Some(q @ ('"' | '\'')) = input.peek_token() {
                let lower = id.to_ascii_lowercase();
                if lower == "r" {
                    ExprKind::Str(raw_string(input, q)?)
                } else if ["b", "f", "rb", "br", "u", "fr", "rf"].contains(&lower.as_str()) {
                    input.reset(&cp);
                    return cut(
                        input,
                        "only plain and raw string literals are part of the supported subset",
                    );
                } else {
                    input.reset(&cp);
                    return cut(input, "invalid syntax");
                }
            } else {
                match id {
                    "True" => ExprKind::Bool(true),
                    "False" => ExprKind::Bool(false),
                    "None" => ExprKind::None,
                    kw if KEYWORDS.contains(&kw) => {
                        input.reset(&cp);
                        return cut(input, "this keyword is not part of the supported subset (numbers, names, calls, + - * / // % **, lists, tuples, dicts)");
                    }
                    other => ExprKind::Name(other.to_string()),
                }
            }
        }
        _ => return Err(ErrMode::Backtrack(ContextError::new())),
    };
    let end = input.previous_token_end();
    check_depth(Expr::new(kind, start..end))
}

/// A number as Python writes it: `10_000`, `0x1F`, `0o17`, `0b101`, `1.5`, `.5`, `5.`,
/// `1e-3`, `1_000.5E+2`. Ints stay ints (None when beyond i64); imaginary literals are
/// refused.
fn number(input: &mut Input<'_>) -> ModalResult<ExprKind> {
    let digits = |input: &mut Input<'_>| -> ModalResult<()> {
        (
            take_while(1.., |c: char| c.is_ascii_digit()),
            repeat::<_, _, (), _, _>(0.., ('_', take_while(1.., |c: char| c.is_ascii_digit()))),
        )
            .void()
            .parse_next(input)
    };
    let start = input.checkpoint();
    // Prefixed ints.
    let prefixed = opt(alt((
        alt(("0x", "0X")).value(16u32),
        alt(("0o", "0O")).value(8u32),
        alt(("0b", "0B")).value(2u32),
    )))
    .parse_next(input)?;
    if let Some(radix) = prefixed {
        let body: &str = cut_err(take_while(1.., |c: char| {
            c.is_ascii_alphanumeric() || c == '_'
        }))
        .context(expected("digits"))
        .parse_next(input)?;
        let clean: String = body.chars().filter(|c| *c != '_').collect();
        if body.starts_with('_') && body.len() > 1 || !body.ends_with(|c: char| c != '_') {
            return cut(input, "invalid number literal");
        }
        return match i64::from_str_radix(&clean, radix) {
            Ok(v) => Ok(ExprKind::Int(Some(v))),
            Err(e) if matches!(e.kind(), std::num::IntErrorKind::PosOverflow) => {
                Ok(ExprKind::Int(None))
            }
            Err(_) => cut(input, "invalid number literal"),
        };
    }
    let text: &str = (
        alt((
            (digits, opt(('.', opt(digits)))).void(),
            ('.', digits).void(),
        )),
        opt((
            one_of(['e', 'E']),
            opt(one_of(['+', '-'])),
            cut_err(digits).context(expected("an exponent")),
        )),
    )
        .take()
        .parse_next(input)?;
    if let Some(c) = input.peek_token() {
        if c == 'j' || c == 'J' {
            return cut(
                input,
                "complex numbers are not part of the supported subset",
            );
        }
        if c.is_alphanumeric() || c == '_' {
            return cut(input, "invalid number literal");
        }
    }
    let clean: String = text.chars().filter(|c| *c != '_').collect();
    if clean.contains(['.', 'e', 'E']) {
        match clean.parse::<f64>() {
            Ok(v) => Ok(ExprKind::Float(v)),
            Err(_) => {
                input.reset(&start);
                cut(input, "invalid number literal")
            }
        }
    } else {
        if clean.len() > 1 && clean.starts_with('0') && clean.chars().any(|c| c != '0') {
            input.reset(&start);
            return cut(
                input,
                "leading zeros in decimal integer literals are not permitted",
            );
        }
        Ok(ExprKind::Int(clean.parse::<i64>().ok()))
    }
}

/// A quoted string with Python's escapes (`\n`, `\t`, `\\`, `\'`, `\", `\xNN`, `\uNNNN`,
/// `\UNNNNNNNN`, `\N{...}` is refused); single-line, single or double quotes, or triple
/// quotes.
fn string<'i>(input: &mut Input<'i>) -> ModalResult<String> {
    let opening = input.checkpoint();
    let unterminated = |input: &mut Input<'i>| -> ModalResult<String> {
        input.reset(&opening);
        cut(input, "unterminated string literal")
    };
    let q = any.parse_next(input)?;
    let pair = if q == '"' { "\"\"" } else { "''" };
    let empty = input.checkpoint();
    // `""` is the empty string; `"""` opens a triple-quoted one.
    let triple = if opt(pair).parse_next(input)?.is_some() {
        input.reset(&empty);
        if opt((pair, q)).parse_next(input)?.is_some() {
            true
        } else {
            let _ = any.parse_next(input)?;
            return Ok(String::new());
        }
    } else {
        false
    };
    let mut out = String::new();
    loop {
        let Some(c) = input.next_token() else {
            return unterminated(input);
        };
        match c {
            c if c == q => {
                if !triple {
                    return Ok(out);
                }
                if opt(pair).parse_next(input)?.is_some() {
                    return Ok(out);
                }
                out.push(c);
            }
            '\n' | '\r' if !triple => return unterminated(input),
            '\\' => {
                let Some(e) = input.next_token() else {
                    return unterminated(input);
                };
                match e {
                    'n' => out.push('\n'),
                    't' => out.push('\t'),
                    'r' => out.push('\r'),
                    '0' => out.push('\0'),
                    'a' => out.push('\x07'),
                    'b' => out.push('\x08'),
                    'f' => out.push('\x0c'),
                    'v' => out.push('\x0b'),
                    '\\' | '\'' | '"' => out.push(e),
                    '\n' => {}
                    'x' | 'u' | 'U' => {
                        let n = match e {
                            'x' => 2,
                            'u' => 4,
                            _ => 8,
                        };
                        let hex: Option<&str> =
                            opt(take_while(n..=n, |c: char| c.is_ascii_hexdigit()))
                                .parse_next(input)?;
                        match hex
                            .and_then(|h| u32::from_str_radix(h, 16).ok())
                            .and_then(char::from_u32)
                        {
                            Some(ch) => out.push(ch),
                            None => return cut(input, "invalid escape in string literal"),
                        }
                    }
                    other => {
                        // Python keeps unknown escapes as they are (with a warning).
                        out.push('\\');
                        out.push(other);
                    }
                }
            }
            c => out.push(c),
        }
    }
}

/// The body of a raw string `r"..." (backslashes kept).
fn raw_string(input: &mut Input<'_>, q: char) -> ModalResult<String> {
    any.parse_next(input)?;
    let mut out = String::new();
    loop {
        match input.next_token() {
            None | Some('\n' | '\r') => return cut(input, "unterminated string literal"),
            Some('\\') => {
                out.push('\\');
                if let Some(c) = input.next_token() {
                    out.push(c);
                }
            }
            Some(c) if c == q => return Ok(out),
            Some(c) => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one_expr(text: &str) -> ExprKind {
        match parse_program(text).unwrap().pop().unwrap() {
            Stmt::Expr(e) => e.kind,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn numbers_as_python_writes_them() {
        assert_eq!(one_expr("10_000"), ExprKind::Int(Some(10000)));
        assert_eq!(one_expr("0x1F"), ExprKind::Int(Some(31)));
        assert_eq!(one_expr("1e-3"), ExprKind::Float(1e-3));
        assert_eq!(one_expr(".5"), ExprKind::Float(0.5));
        assert_eq!(one_expr("5."), ExprKind::Float(5.0));
        assert_eq!(one_expr("99999999999999999999"), ExprKind::Int(None));
        assert!(parse_program("1__0").is_err());
        assert!(parse_program("1_").is_err());
        assert!(parse_program("007").is_err());
        assert!(parse_program("2j").is_err());
    }

    #[test]
    fn precedence_and_spans() {
        let e = one_expr("1 + 2 * 3 ** 2");
        let ExprKind::Bin(BinOp::Add, _, right) = e else {
            panic!()
        };
        assert!(matches!(right.kind, ExprKind::Bin(BinOp::Mul, _, _)));
        assert!(matches!(one_expr("-2 ** 2"), ExprKind::Neg(_)));
        let stmts = parse_program("x = a.b(1,\n  c=2)  # comment\ny = 3").unwrap();
        assert_eq!(stmts.len(), 2);
        let Stmt::Assign { value, .. } = &stmts[0] else {
            panic!()
        };
        assert_eq!(value.span, 4..17);
    }

    #[test]
    fn syntax_errors_point_at_the_offence() {
        let e = parse_program("x = f(1, 2").unwrap_err();
        assert_eq!(e.offset, 10, "{e:?}");
        let e = parse_program("a = 1\nfor x in y:\n").unwrap_err();
        assert_eq!(e.offset, 6, "{e:?}");
        let e = parse_program("f(a=1, 2)").unwrap_err();
        assert!(
            e.message
                .contains("positional argument follows keyword argument"),
            "{e:?}"
        );
    }
}
