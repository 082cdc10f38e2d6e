//! Evaluation of the subset (see [`super`]): statements in order, names bound to values,
//! Python's int/float arithmetic, and calls resolved through the scheduler descriptions
//! ([`crate::spec::describe`]) into [`ScheduleSpec`]s.

use std::collections::HashMap;

use serde_json::{Map, Number, Value};

use super::syntax::{Arg, BinOp, Expr, ExprKind, Span, Stmt};
use crate::schedule::ScheduleError;
use crate::spec::describe::{self, BaseLr, Kind, Library, Scheduler, EXAMPLE_BASE_LR, SCHEDULERS};
use crate::spec::ScheduleSpec;

/// An error of evaluation, at a byte span of the text.
#[derive(Debug, Clone, PartialEq)]
pub struct EvalError {
    /// Where.
    pub span: Span,
    /// What.
    pub message: String,
}

fn err<T>(span: &Span, message: impl Into<String>) -> Result<T, EvalError> {
    Err(EvalError {
        span: span.clone(),
        message: message.into(),
    })
}

/// A value of the subset.
#[derive(Debug, Clone, PartialEq)]
enum Val {
    Int(i64),
    Float(f64),
    Bool(bool),
    None,
    Str(String),
    List(Vec<Val>),
    Tuple(Vec<Val>),
    Dict(Vec<(Val, Val)>),
    /// A scheduler the text constructed.
    Sched(Box<ScheduleSpec>),
    /// An optimizer; `lr` where it is a torch-style optimizer with a numeric `lr`.
    Optimizer(Option<f64>),
    /// `model.parameters()`: allowed only as an optimizer's params.
    Params(Span),
    /// A dotted name that is not a defined value: a module, a function, or a name the text
    /// never defined (an error where a value is needed).
    Path(Vec<String>, Span),
    /// A call the subset cannot evaluate (`len(train_loader)`): an error where a value is
    /// needed.
    Unresolved(Span),
    /// The result of a method call on an optimizer or scheduler (`optimizer.zero_grad()`).
    Ignored,
}

/// A number for arithmetic.
#[derive(Debug, Clone, Copy)]
enum Num {
    Int(i64),
    Float(f64),
}

impl Num {
    fn f(self) -> f64 {
        match self {
            Num::Int(i) => i as f64,
            Num::Float(f) => f,
        }
    }

    fn val(self) -> Val {
        match self {
            Num::Int(i) => Val::Int(i),
            Num::Float(f) => Val::Float(f),
        }
    }
}

/// What a text defines.
#[derive(Debug, Default)]
pub struct Outcome {
    /// The last scheduler constructed.
    pub last: Option<ScheduleSpec>,
    /// Schedulers bound to names, in the order they were bound (a rebound name moves to the
    /// end).
    pub named: Vec<(String, ScheduleSpec)>,
    /// Things the reader should know (an assumed `base_lr`), each naming its line.
    pub notes: Vec<String>,
}

/// The evaluator's state.
pub struct Evaluator<'t> {
    text: &'t str,
    env: HashMap<String, Val>,
    out: Outcome,
}

/// torch-style optimizers (`torch.optim`): their second positional argument or `lr=` is the
/// learning rate. Any path with an `optim` segment counts as one too.
const TORCH_OPTIMIZERS: &[&str] = &[
    "SGD",
    "Adam",
    "AdamW",
    "Adamax",
    "Adagrad",
    "Adadelta",
    "NAdam",
    "RAdam",
    "RMSprop",
    "Rprop",
    "ASGD",
    "LBFGS",
    "SparseAdam",
    "Adafactor",
    "Muon",
];

/// optax's gradient transformations that take a learning rate (or schedule).
const OPTAX_OPTIMIZERS: &[&str] = &[
    "sgd",
    "adam",
    "adamw",
    "adamax",
    "adamaxw",
    "adagrad",
    "adadelta",
    "adafactor",
    "adabelief",
    "lamb",
    "lars",
    "lion",
    "nadam",
    "nadamw",
    "radam",
    "rmsprop",
    "yogi",
    "novograd",
    "fromage",
    "noisy_sgd",
    "sm3",
    "amsgrad",
    "polyak_sgd",
    "inject_hyperparams",
    "chain",
];

impl<'t> Evaluator<'t> {
    /// A fresh evaluator over `text` (used for messages that quote it).
    pub fn new(text: &'t str) -> Self {
        Evaluator {
            text,
            env: HashMap::new(),
            out: Outcome::default(),
        }
    }

    /// Runs the statements in order and returns what they define.
    ///
    /// # Errors
    /// The first [`EvalError`].
    pub fn run(mut self, stmts: &[Stmt]) -> Result<Outcome, EvalError> {
        for stmt in stmts {
            self.statement(stmt)?;
        }
        Ok(self.out)
    }

    fn source(&self, span: &Span) -> &str {
        self.text.get(span.clone()).unwrap_or("?")
    }

    fn line_of(&self, span: &Span) -> usize {
        self.text
            .get(..span.start.min(self.text.len()))
            .map_or(1, |t| t.matches('\n').count() + 1)
    }

    fn statement(&mut self, stmt: &Stmt) -> Result<(), EvalError> {
        match stmt {
            Stmt::Import(items) | Stmt::FromImport(items) => {
                for (name, path) in items {
                    let segments = path.split('.').map(str::to_string).collect();
                    self.env.insert(name.clone(), Val::Path(segments, 0..0));
                }
            }
            Stmt::Expr(e) => {
                self.eval(e)?;
            }
            Stmt::Assign {
                target,
                op,
                span,
                value,
            } => {
                let v = self.eval(value)?;
                let v = match op {
                    None => v,
                    Some(op) => {
                        let old = match self.env.get(target) {
                            Some(old) => old.clone(),
                            None => {
                                return err(
                                    span,
                                    format!("unresolved name `{target}`: it is not defined above"),
                                )
                            }
                        };
                        let a = self.number(&old, span)?;
                        let b = self.number(&v, &value.span)?;
                        arith(*op, a, b, &(span.start..value.span.end))?.val()
                    }
                };
                if let Val::Sched(spec) = &v {
                    self.out.named.retain(|(n, _)| n != target);
                    self.out.named.push((target.clone(), (**spec).clone()));
                } else {
                    self.out.named.retain(|(n, _)| n != target);
                }
                self.env.insert(target.clone(), v);
            }
        }
        Ok(())
    }

    fn eval(&mut self, e: &Expr) -> Result<Val, EvalError> {
        Ok(match &e.kind {
            ExprKind::Int(Some(i)) => Val::Int(*i),
            ExprKind::Int(None) => {
                return err(
                    &e.span,
                    "the integer is too large (Anneal's integers are 64-bit)",
                )
            }
            ExprKind::Float(f) => Val::Float(*f),
            ExprKind::Str(s) => Val::Str(s.clone()),
            ExprKind::Bool(b) => Val::Bool(*b),
            ExprKind::None => Val::None,
            ExprKind::Name(n) => match self.env.get(n) {
                Some(Val::Path(p, _)) => Val::Path(p.clone(), e.span.clone()),
                Some(v) => v.clone(),
                None => Val::Path(vec![n.clone()], e.span.clone()),
            },
            ExprKind::Attr(base, attr) => match self.eval(base)? {
                Val::Path(mut p, _) => {
                    p.push(attr.clone());
                    Val::Path(p, e.span.clone())
                }
                Val::Sched(_) | Val::Optimizer(_) | Val::Ignored => Val::Ignored,
                _ => {
                    return err(
                        &e.span,
                        format!(
                            "`{}`: the subset reads attributes of modules only",
                            self.source(&e.span)
                        ),
                    )
                }
            },
            ExprKind::Call(func, args) => self.call(func, args, &e.span)?,
            ExprKind::List(items) => Val::List(self.eval_all(items)?),
            ExprKind::Tuple(items) => Val::Tuple(self.eval_all(items)?),
            ExprKind::Dict(pairs) => {
                let mut out = Vec::with_capacity(pairs.len());
                for (k, v) in pairs {
                    out.push((self.eval(k)?, self.eval(v)?));
                }
                Val::Dict(out)
            }
            ExprKind::Bin(op, a, b) => {
                let va = self.eval(a)?;
                let vb = self.eval(b)?;
                let na = self.operand(&va, &a.span, *op)?;
                let nb = self.operand(&vb, &b.span, *op)?;
                arith(*op, na, nb, &e.span)?.val()
            }
            ExprKind::Neg(a) => {
                let v = self.eval(a)?;
                match self.number(&v, &a.span)? {
                    Num::Int(i) => match i.checked_neg() {
                        Some(n) => Val::Int(n),
                        None => return err(&e.span, "integer overflow (beyond 64 bits)"),
                    },
                    Num::Float(f) => Val::Float(-f),
                }
            }
        })
    }

    fn eval_all(&mut self, items: &[Expr]) -> Result<Vec<Val>, EvalError> {
        items.iter().map(|e| self.eval(e)).collect()
    }

    /// An operand of `op`: a number, or an error that says what is wrong with it.
    fn operand(&self, v: &Val, span: &Span, op: BinOp) -> Result<Num, EvalError> {
        match v {
            Val::Str(_) | Val::List(_) | Val::Tuple(_) | Val::Dict(_) => err(
                span,
                format!(
                    "`{}`: the subset applies `{}` to numbers only",
                    self.source(span),
                    op.symbol()
                ),
            ),
            _ => self.number(v, span),
        }
    }

    /// A value used as a number.
    fn number(&self, v: &Val, span: &Span) -> Result<Num, EvalError> {
        match v {
            Val::Int(i) => Ok(Num::Int(*i)),
            Val::Float(f) => Ok(Num::Float(*f)),
            Val::Bool(b) => Ok(Num::Int(i64::from(*b))),
            Val::Path(p, at) => {
                let at = if at.is_empty() { span } else { at };
                match p.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
                    ["math", "pi"] => Ok(Num::Float(std::f64::consts::PI)),
                    ["math", "e"] => Ok(Num::Float(std::f64::consts::E)),
                    ["math", "tau"] => Ok(Num::Float(std::f64::consts::TAU)),
                    _ => err(at, self.unresolved_name(p)),
                }
            }
            Val::Unresolved(at) => err(at, self.missing_number(at)),
            other => err(
                span,
                format!(
                    "`{}` is {}, not a number",
                    self.source(span),
                    describe_val(other)
                ),
            ),
        }
    }

    fn unresolved_name(&self, p: &[String]) -> String {
        let name = p.join(".");
        if p.len() == 1 {
            format!("unresolved name `{name}`: define it above (e.g. `{name} = 100`) or write the number")
        } else {
            format!("unresolved name `{name}`: write the number it stands for")
        }
    }

    fn missing_number(&self, at: &Span) -> String {
        format!(
            "`{}` cannot be evaluated here: write the number it stands for (e.g. `steps_per_epoch = 100` above)",
            self.source(at)
        )
    }

    fn call(&mut self, func: &Expr, args: &[Arg], span: &Span) -> Result<Val, EvalError> {
        let callee = self.eval(func)?;
        let path = match callee {
            Val::Path(p, _) => p,
            Val::Ignored => return Ok(Val::Ignored),
            Val::Sched(_) | Val::Optimizer(_) => return Ok(Val::Ignored),
            other => {
                return err(
                    &func.span,
                    format!(
                        "`{}` is {}, not callable",
                        self.source(&func.span),
                        describe_val(&other)
                    ),
                )
            }
        };
        let last = path.last().cloned().unwrap_or_default();
        let segs: Vec<&str> = path.iter().map(String::as_str).collect();
        if let Some(v) = self.builtin(&segs, args, span)? {
            return Ok(v);
        }
        if segs.len() >= 2 && last == "parameters" && args.is_empty() {
            return Ok(Val::Params(span.clone()));
        }
        if let Some(desc) = self.find_scheduler(&segs, &func.span)? {
            return self.construct(desc, args, span);
        }
        if let Some(v) = self.optimizer(&segs, args)? {
            return Ok(v);
        }
        // Not a scheduler, an optimizer or a builtin of the subset.
        let first_is_optimizer = match args.first() {
            Some(Arg::Pos(Expr {
                kind: ExprKind::Name(n),
                ..
            })) => {
                matches!(self.env.get(n), Some(Val::Optimizer(_))) || n == "optimizer" || n == "opt"
            }
            _ => false,
        };
        let (nearest, distance) = nearest_scheduler(&last);
        let lower = last.to_ascii_lowercase();
        let looks_like_scheduler = first_is_optimizer
            || distance <= 2
            || ["lr", "scheduler", "schedule", "decay"]
                .iter()
                .any(|s| lower.ends_with(s));
        if looks_like_scheduler {
            let hint = if distance <= 3 {
                format!("did you mean `{nearest}`?")
            } else {
                "`anneal list` prints the supported schedulers".to_string()
            };
            return err(
                &func.span,
                format!("unknown scheduler `{}`: {hint}", path.join(".")),
            );
        }
        Ok(Val::Unresolved(span.clone()))
    }

    /// The scheduler a callee path names: the description whose name is the path's last
    /// segment, of the library the path's first segment names where that is one (`torch`,
    /// `timm`, `transformers`, `optax`, `keras` / `tf` / `tensorflow`).
    fn find_scheduler(
        &self,
        segs: &[&str],
        span: &Span,
    ) -> Result<Option<&'static Scheduler>, EvalError> {
        let Some(last) = segs.last() else {
            return Ok(None);
        };
        let hint = library_hint(segs.first().copied().unwrap_or_default());
        let all: Vec<&'static Scheduler> =
            SCHEDULERS.iter().filter(|s| s.name() == *last).collect();
        if all.is_empty() {
            return Ok(None);
        }
        let fitting: Vec<&'static Scheduler> = all
            .iter()
            .copied()
            .filter(|s| hint.is_none_or(|h| s.library == h))
            .collect();
        match fitting.as_slice() {
            [one] => Ok(Some(one)),
            [] => err(
                span,
                format!(
                    "unknown scheduler `{}`: {} has no `{last}` ({} is {}'s)",
                    segs.join("."),
                    hint.map_or("that library", Library::title),
                    all[0].path,
                    all[0].library.title()
                ),
            ),
            many => err(
                span,
                format!(
                    "`{last}` is ambiguous ({}): write its module",
                    many.iter().map(|s| s.path).collect::<Vec<_>>().join(", ")
                ),
            ),
        }
    }

    /// An optimizer call: torch-style (`torch.optim.SGD(model.parameters(), lr=0.1)`, any path
    /// with an `optim` segment or a torch optimizer's name) gives its `lr` (keyword or second
    /// positional); optax's and Keras' optimizers are accepted without effect (their learning
    /// rate is a schedule). Their parameters are not evaluated.
    fn optimizer(&mut self, segs: &[&str], args: &[Arg]) -> Result<Option<Val>, EvalError> {
        let last = segs.last().copied().unwrap_or_default();
        let head = segs.first().copied().unwrap_or_default();
        let keras_like = segs.contains(&"optimizers") || library_hint(head) == Some(Library::Keras);
        if keras_like || (head == "optax" && OPTAX_OPTIMIZERS.contains(&last)) {
            return Ok(Some(Val::Optimizer(None)));
        }
        let scheduler_module = segs.iter().any(|s| s.contains("sched"));
        if scheduler_module || !(segs.contains(&"optim") || TORCH_OPTIMIZERS.contains(&last)) {
            return Ok(None);
        }
        let mut lr = None;
        for (i, a) in args.iter().enumerate() {
            let value = match a {
                Arg::Kw(name, _, e) if name == "lr" => e,
                // The second positional argument (`SGD(params, 0.1)`), unless it is a string
                // (`create_optimizer_v2(model, "sgd", lr=0.1)`).
                Arg::Pos(e) if i == 1 && !matches!(e.kind, ExprKind::Str(_)) => e,
                _ => continue,
            };
            let v = self.eval(value)?;
            lr = Some(self.number(&v, &value.span)?.f());
        }
        Ok(Some(Val::Optimizer(lr)))
    }

    /// The few builtins of the subset: `int`, `float`, `abs`, `round`, `min`, `max`, `dict`,
    /// `list`, `tuple`, `math.ceil`, `math.floor`, `math.sqrt`; `len(...)` is a value the
    /// subset cannot know.
    fn builtin(
        &mut self,
        segs: &[&str],
        args: &[Arg],
        span: &Span,
    ) -> Result<Option<Val>, EvalError> {
        let name = match segs {
            [one] if !self.env.contains_key(*one) => *one,
            ["math", f] => match *f {
                "ceil" | "floor" | "sqrt" => *f,
                _ => return Ok(None),
            },
            _ => return Ok(None),
        };
        if !matches!(
            name,
            "int"
                | "float"
                | "abs"
                | "round"
                | "min"
                | "max"
                | "dict"
                | "list"
                | "tuple"
                | "len"
                | "ceil"
                | "floor"
                | "sqrt"
        ) {
            return Ok(None);
        }
        if name == "len" {
            return Ok(Some(Val::Unresolved(span.clone())));
        }
        if name == "dict" {
            let mut out = Vec::new();
            for a in args {
                match a {
                    Arg::Kw(k, _, e) => out.push((Val::Str(k.clone()), self.eval(e)?)),
                    Arg::Pos(e) => {
                        return err(&e.span, "the subset's dict() takes keyword arguments only")
                    }
                    Arg::Star(s) => {
                        return err(
                            s,
                            "`*`/`**` arguments cannot be evaluated: write the arguments out",
                        )
                    }
                }
            }
            return Ok(Some(Val::Dict(out)));
        }
        let mut vals = Vec::new();
        for a in args {
            match a {
                Arg::Pos(e) => vals.push((self.eval(e)?, e.span.clone())),
                Arg::Kw(_, s, _) => {
                    return err(
                        s,
                        format!("the subset's {name}() takes positional arguments only"),
                    )
                }
                Arg::Star(s) => {
                    return err(
                        s,
                        "`*`/`**` arguments cannot be evaluated: write the arguments out",
                    )
                }
            }
        }
        let arity = |n: std::ops::RangeInclusive<usize>| -> Result<(), EvalError> {
            if n.contains(&vals.len()) {
                Ok(())
            } else {
                err(
                    span,
                    format!(
                        "{name}() takes {} argument(s), {} given",
                        n.start(),
                        vals.len()
                    ),
                )
            }
        };
        let v = match name {
            "list" | "tuple" => {
                arity(1..=1)?;
                let items = match &vals[0].0 {
                    Val::List(x) | Val::Tuple(x) => x.clone(),
                    other => {
                        return err(
                            &vals[0].1,
                            format!(
                                "{name}() of {}: the subset converts lists and tuples only",
                                describe_val(other)
                            ),
                        )
                    }
                };
                if name == "list" {
                    Val::List(items)
                } else {
                    Val::Tuple(items)
                }
            }
            "int" => {
                arity(1..=1)?;
                match self.number(&vals[0].0, &vals[0].1)? {
                    Num::Int(i) => Val::Int(i),
                    Num::Float(f) if f.is_finite() && f.abs() < 9.2e18 => {
                        Val::Int(f.trunc() as i64)
                    }
                    Num::Float(_) => {
                        return err(span, "int() of a float that does not fit in 64 bits")
                    }
                }
            }
            "float" => {
                arity(1..=1)?;
                match &vals[0].0 {
                    Val::Str(s) => match parse_py_float(s) {
                        Some(f) => Val::Float(f),
                        None => {
                            return err(
                                &vals[0].1,
                                format!("could not convert string to float: {s:?}"),
                            )
                        }
                    },
                    v => Val::Float(self.number(v, &vals[0].1)?.f()),
                }
            }
            "abs" => {
                arity(1..=1)?;
                match self.number(&vals[0].0, &vals[0].1)? {
                    Num::Int(i) => match i.checked_abs() {
                        Some(a) => Val::Int(a),
                        None => return err(span, "integer overflow (beyond 64 bits)"),
                    },
                    Num::Float(f) => Val::Float(f.abs()),
                }
            }
            "round" => {
                arity(1..=2)?;
                let x = self.number(&vals[0].0, &vals[0].1)?;
                match (x, vals.get(1)) {
                    (Num::Int(i), _) => Val::Int(i),
                    (Num::Float(f), None) => {
                        let r = round_half_even(f);
                        if !r.is_finite() || r.abs() >= 9.2e18 {
                            return err(span, "round() of a float that does not fit in 64 bits");
                        }
                        Val::Int(r as i64)
                    }
                    (Num::Float(f), Some((d, ds))) => match self.number(d, ds)? {
                        Num::Int(d) if (0..=17).contains(&d) => {
                            Val::Float(format!("{f:.*}", d as usize).parse().unwrap_or(f))
                        }
                        Num::Int(_) => Val::Float(f),
                        Num::Float(_) => return err(ds, "round()'s ndigits must be an int"),
                    },
                }
            }
            "min" | "max" => {
                let items: Vec<(Val, Span)> = match vals.as_slice() {
                    [(Val::List(x) | Val::Tuple(x), s)] => {
                        x.iter().map(|v| (v.clone(), s.clone())).collect()
                    }
                    _ => vals.clone(),
                };
                if items.is_empty() {
                    return err(span, format!("{name}() of nothing"));
                }
                let mut best: Option<Num> = None;
                for (v, s) in &items {
                    let n = self.number(v, s)?;
                    best = Some(match best {
                        None => n,
                        Some(b) => {
                            let better = if name == "min" {
                                n.f() < b.f()
                            } else {
                                n.f() > b.f()
                            };
                            if better {
                                n
                            } else {
                                b
                            }
                        }
                    });
                }
                best.map_or(Val::None, Num::val)
            }
            "ceil" | "floor" => {
                arity(1..=1)?;
                match self.number(&vals[0].0, &vals[0].1)? {
                    Num::Int(i) => Val::Int(i),
                    Num::Float(f) => {
                        let r = if name == "ceil" { f.ceil() } else { f.floor() };
                        if !r.is_finite() || r.abs() >= 9.2e18 {
                            return err(
                                span,
                                format!("math.{name}() of a float that does not fit in 64 bits"),
                            );
                        }
                        Val::Int(r as i64)
                    }
                }
            }
            "sqrt" => {
                arity(1..=1)?;
                let x = self.number(&vals[0].0, &vals[0].1)?.f();
                if x < 0.0 {
                    return err(span, "math domain error");
                }
                Val::Float(x.sqrt())
            }
            _ => return Ok(None),
        };
        Ok(Some(v))
    }

    /// Constructs a described scheduler from a call's arguments.
    fn construct(
        &mut self,
        desc: &'static Scheduler,
        args: &[Arg],
        span: &Span,
    ) -> Result<Val, EvalError> {
        let mut params = Map::new();
        let mut spans: HashMap<String, Span> = HashMap::new();
        let mut optimizer: Option<Val> = None;
        let mut nested_base_lr: Option<f64> = None;
        let slots: Vec<&describe::Kwarg> = desc.kwargs.iter().filter(|k| !k.keyword_only).collect();
        let mut next_slot = 0;
        let mut position = 0;
        let name = desc.name();
        for a in args {
            match a {
                Arg::Pos(e) => {
                    position += 1;
                    if desc.optimizer_position == Some(position - 1) {
                        optimizer = Some(self.optimizer_arg(e)?);
                        continue;
                    }
                    let Some(slot) = slots.get(next_slot) else {
                        let n = slots.len() + usize::from(desc.optimizer_position.is_some());
                        return err(
                            &e.span,
                            format!(
                                "{name}() takes {n} positional argument(s) but more were given"
                            ),
                        );
                    };
                    next_slot += 1;
                    let v = self.eval(e)?;
                    nested_base_lr = nested_base_lr.or_else(|| first_base_lr(&v));
                    let json = self.to_json(&v, Some(slot.kind), &e.span, slot.name)?;
                    params.insert(slot.name.to_string(), json);
                    spans.insert(slot.name.to_string(), e.span.clone());
                }
                Arg::Kw(k, kspan, e) => {
                    if k == "optimizer" && desc.optimizer_position.is_some() {
                        if optimizer.is_some() {
                            return err(
                                kspan,
                                format!("{name}() got multiple values for argument 'optimizer'"),
                            );
                        }
                        optimizer = Some(self.optimizer_arg(e)?);
                        continue;
                    }
                    let Some(kwarg) = desc.kwarg(k) else {
                        return err(kspan, unknown_kwarg(desc, k));
                    };
                    if params.contains_key(k) {
                        return err(
                            kspan,
                            format!("{name}() got multiple values for argument '{k}'"),
                        );
                    }
                    let v = self.eval(e)?;
                    nested_base_lr = nested_base_lr.or_else(|| first_base_lr(&v));
                    let json = self.to_json(&v, Some(kwarg.kind), &e.span, k)?;
                    params.insert(k.clone(), json);
                    spans.insert(k.clone(), kspan.start..e.span.end);
                }
                Arg::Star(s) => {
                    return err(
                        s,
                        "`*`/`**` arguments cannot be evaluated: write the arguments out",
                    )
                }
            }
        }
        let lr = match &optimizer {
            Some(Val::Optimizer(lr)) => *lr,
            // ChainedScheduler([s1, s2]) finds its optimizer through its schedulers.
            _ => nested_base_lr,
        };
        let base_lr = match desc.base_lr {
            BaseLr::Unused => None,
            // OneCycleLR / CyclicLR set the optimizer's lr themselves.
            BaseLr::Overwritten => None,
            BaseLr::Required => match lr {
                Some(lr) => Some(lr),
                None => {
                    self.out.notes.push(format!(
                        "line {}: no optimizer with a learning rate for {name}: base_lr = {} assumed (define one above, e.g. `optimizer = torch.optim.SGD(model.parameters(), lr=0.1)`)",
                        self.line_of(span),
                        crate::fmt::py_repr(EXAMPLE_BASE_LR)
                    ));
                    Some(EXAMPLE_BASE_LR)
                }
            },
        };
        let spec = ScheduleSpec {
            scheduler: desc.path.to_string(),
            params,
            base_lr,
            epochs: None,
            metrics: None,
        };
        if let Err(e) = validate(&spec) {
            let at = spans.get(e.field()).unwrap_or(span);
            return err(at, e.to_string());
        }
        self.out.last = Some(spec.clone());
        Ok(Val::Sched(Box::new(spec)))
    }

    /// The optimizer argument of a torch / timm / transformers scheduler: a defined
    /// optimizer, or a name the text does not define (then its lr is unknown).
    fn optimizer_arg(&mut self, e: &Expr) -> Result<Val, EvalError> {
        match self.eval(e)? {
            v @ Val::Optimizer(_) => Ok(v),
            Val::Path(..) => Ok(Val::Optimizer(None)),
            Val::Params(s) => err(&s, "pass the optimizer here, not `model.parameters()` (that is the optimizer's own argument)"),
            other => err(&e.span, format!("`{}` is {}; the scheduler's first argument is the optimizer", self.source(&e.span), describe_val(&other))),
        }
    }

    /// A value as the JSON the spec carries for a kwarg of `kind`.
    fn to_json(
        &self,
        v: &Val,
        kind: Option<Kind>,
        span: &Span,
        kwarg: &str,
    ) -> Result<Value, EvalError> {
        Ok(match v {
            Val::Int(i) => Value::from(*i),
            Val::Float(f) => match Number::from_f64(*f) {
                Some(n) => Value::Number(n),
                None => {
                    return err(
                        span,
                        format!(
                            "`{kwarg}` = {}: not a finite number",
                            crate::fmt::py_repr(*f)
                        ),
                    )
                }
            },
            Val::Bool(b) => Value::Bool(*b),
            Val::None => Value::Null,
            Val::Str(s) => Value::String(s.clone()),
            Val::List(items) | Val::Tuple(items) => Value::Array(
                items
                    .iter()
                    .map(|x| self.to_json(x, None, span, kwarg))
                    .collect::<Result<_, _>>()?,
            ),
            Val::Dict(pairs) => {
                let mut m = Map::new();
                for (k, x) in pairs {
                    let key = match k {
                        Val::Int(i) => i.to_string(),
                        Val::Str(s) => s.clone(),
                        other => {
                            return err(
                                span,
                                format!(
                                    "`{kwarg}`: dict keys must be ints or strings, not {}",
                                    describe_val(other)
                                ),
                            )
                        }
                    };
                    m.insert(key, self.to_json(x, None, span, kwarg)?);
                }
                Value::Object(m)
            }
            Val::Sched(spec) => {
                if !matches!(kind, Some(Kind::Schedulers) | None) {
                    return err(span, format!("`{kwarg}` takes a value, not a scheduler"));
                }
                serde_json::json!({"scheduler": spec.scheduler, "params": spec.params})
            }
            Val::Path(p, at) => {
                let at = if at.is_empty() { span } else { at };
                return err(at, self.unresolved_name(p));
            }
            Val::Unresolved(at) => {
                if kind == Some(Kind::Schedulers) {
                    return err(
                        at,
                        format!("`{}` is not a scheduler Anneal knows", self.source(at)),
                    );
                }
                return err(at, self.missing_number(at));
            }
            Val::Params(at) => {
                return err(
                    at,
                    "`model.parameters()` belongs in the optimizer, not in a scheduler's kwargs",
                )
            }
            Val::Optimizer(_) => {
                return err(span, format!("`{kwarg}` takes a value, not an optimizer"))
            }
            Val::Ignored => {
                return err(
                    span,
                    format!("`{}` cannot be evaluated here", self.source(span)),
                )
            }
        })
    }
}

/// The `base_lr` of the first scheduler in a list of schedulers (their optimizer's lr).
fn first_base_lr(v: &Val) -> Option<f64> {
    match v {
        Val::List(items) | Val::Tuple(items) => items.iter().find_map(|x| match x {
            Val::Sched(s) => s.base_lr,
            _ => None,
        }),
        _ => None,
    }
}

/// Checks a spec with its library's reader ([`ScheduleSpec::evaluate`] over one step;
/// ReduceLROnPlateau without metrics as if no metric had come yet).
fn validate(spec: &ScheduleSpec) -> Result<(), ScheduleError> {
    match spec.evaluate(Some(1)) {
        Err(ScheduleError::Missing { field, .. }) if field == "metrics" => {
            let mut with = spec.clone();
            with.metrics = Some(Vec::new());
            with.evaluate(None).map(|_| ())
        }
        other => other.map(|_| ()),
    }
}

/// The message for a kwarg the description does not list: the nearest name if it is close,
/// and the scheduler's kwargs.
fn unknown_kwarg(desc: &Scheduler, k: &str) -> String {
    let names: Vec<&str> = desc.kwargs.iter().map(|k| k.name).collect();
    let nearest = names
        .iter()
        .map(|n| {
            (
                distance(&n.to_ascii_lowercase(), &k.to_ascii_lowercase()),
                *n,
            )
        })
        .min();
    let mut msg = format!("unknown kwarg `{k}` for {}", desc.name());
    if let Some((d, n)) = nearest {
        if d <= 2 || d * 3 <= k.len() {
            msg.push_str(&format!(": did you mean `{n}`?"));
        }
    }
    msg.push_str(&format!(" ({} takes {})", desc.name(), names.join(", ")));
    msg
}

/// The library a callee's first segment names, if any.
fn library_hint(head: &str) -> Option<Library> {
    match head {
        "torch" => Some(Library::Torch),
        "timm" => Some(Library::Timm),
        "transformers" => Some(Library::Transformers),
        "optax" => Some(Library::Optax),
        "keras" | "tf" | "tensorflow" | "tf_keras" => Some(Library::Keras),
        _ => None,
    }
}

/// The described scheduler whose name is nearest to `name` (case-insensitive edit
/// distance), and that distance.
fn nearest_scheduler(name: &str) -> (&'static str, usize) {
    let lower = name.to_ascii_lowercase();
    SCHEDULERS
        .iter()
        .map(|s| (distance(&s.name().to_ascii_lowercase(), &lower), s.name()))
        .min()
        .map_or(("", usize::MAX), |(d, n)| (n, d))
}

/// Levenshtein distance between two strings (by chars).
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != *cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// A value kind for messages.
fn describe_val(v: &Val) -> &'static str {
    match v {
        Val::Int(_) => "an int",
        Val::Float(_) => "a float",
        Val::Bool(_) => "a bool",
        Val::None => "None",
        Val::Str(_) => "a string",
        Val::List(_) => "a list",
        Val::Tuple(_) => "a tuple",
        Val::Dict(_) => "a dict",
        Val::Sched(_) => "a scheduler",
        Val::Optimizer(_) => "an optimizer",
        Val::Params(_) => "model parameters",
        Val::Path(..) => "a name",
        Val::Unresolved(_) => "an unknown call",
        Val::Ignored => "a method call",
    }
}

/// Python's `float(str)`: a decimal literal (underscores allowed between digits), `inf`,
/// `infinity`, `nan`, with optional sign and surrounding white space.
fn parse_py_float(s: &str) -> Option<f64> {
    let t = s.trim();
    let (sign, body) = match t.strip_prefix('-') {
        Some(b) => (-1.0, b),
        None => (1.0, t.strip_prefix('+').unwrap_or(t)),
    };
    let lower = body.to_ascii_lowercase();
    if lower == "inf" || lower == "infinity" {
        return Some(sign * f64::INFINITY);
    }
    if lower == "nan" {
        return Some(f64::NAN);
    }
    if body.is_empty()
        || !body
            .chars()
            .all(|c| c.is_ascii_digit() || "._eE+-".contains(c))
    {
        return None;
    }
    let clean: String = body.chars().filter(|c| *c != '_').collect();
    clean.parse::<f64>().ok().map(|v| sign * v)
}

/// Rounds half to even, as Python's `round(x)`.
fn round_half_even(f: f64) -> f64 {
    let r = f.round();
    if (f - f.trunc()).abs() == 0.5 && r % 2.0 != 0.0 {
        r - f.signum()
    } else {
        r
    }
}

/// Python's arithmetic on ints and floats: int op int stays int for `+ - * // % **` (with a
/// non-negative exponent), `/` is always a float, and anything with a float is a float.
///
/// # Errors
/// Division or modulo by zero (`ZeroDivisionError`), 64-bit integer overflow, a negative
/// number to a fractional power (a complex number in Python), float overflow in `**`.
fn arith(op: BinOp, a: Num, b: Num, span: &Span) -> Result<Num, EvalError> {
    let overflow = || err(span, "integer overflow (beyond 64 bits)");
    if let (Num::Int(x), Num::Int(y)) = (a, b) {
        return match op {
            BinOp::Add => x.checked_add(y).map(Num::Int).map_or_else(overflow, Ok),
            BinOp::Sub => x.checked_sub(y).map(Num::Int).map_or_else(overflow, Ok),
            BinOp::Mul => x.checked_mul(y).map(Num::Int).map_or_else(overflow, Ok),
            BinOp::Div => {
                if y == 0 {
                    return err(span, "division by zero");
                }
                Ok(Num::Float(x as f64 / y as f64))
            }
            BinOp::FloorDiv | BinOp::Mod => {
                if y == 0 {
                    return err(span, "integer division or modulo by zero");
                }
                let (Some(q), Some(r)) = (x.checked_div(y), x.checked_rem(y)) else {
                    return overflow();
                };
                let (q, r) = if r != 0 && ((r < 0) != (y < 0)) {
                    (q - 1, r + y)
                } else {
                    (q, r)
                };
                Ok(Num::Int(if op == BinOp::FloorDiv { q } else { r }))
            }
            BinOp::Pow => {
                if y >= 0 {
                    let e = u32::try_from(y).ok();
                    match e.and_then(|e| x.checked_pow(e)) {
                        Some(v) => Ok(Num::Int(v)),
                        None if x == 0 || x == 1 => Ok(Num::Int(x)),
                        None if x == -1 => Ok(Num::Int(if y % 2 == 0 { 1 } else { -1 })),
                        None => overflow(),
                    }
                } else if x == 0 {
                    err(span, "0 cannot be raised to a negative power")
                } else {
                    Ok(Num::Float(crate::schedule::pymath::pow(x as f64, y as f64)))
                }
            }
        };
    }
    let (x, y) = (a.f(), b.f());
    Ok(Num::Float(match op {
        BinOp::Add => x + y,
        BinOp::Sub => x - y,
        BinOp::Mul => x * y,
        BinOp::Div => {
            if y == 0.0 {
                return err(span, "float division by zero");
            }
            x / y
        }
        BinOp::FloorDiv | BinOp::Mod => {
            if y == 0.0 {
                return err(span, "float floor division or modulo by zero");
            }
            let (q, m) = py_divmod(x, y);
            if op == BinOp::FloorDiv {
                q
            } else {
                m
            }
        }
        BinOp::Pow => {
            if x == 0.0 && y < 0.0 {
                return err(span, "0.0 cannot be raised to a negative power");
            }
            if x < 0.0 && y.fract() != 0.0 {
                return err(
                    span,
                    "a negative number to a fractional power is complex: not part of the subset",
                );
            }
            let v = crate::schedule::pymath::pow(x, y);
            if v.is_infinite() && x.is_finite() && y.is_finite() {
                return err(span, "numerical result out of range (float overflow)");
            }
            v
        }
    }))
}

/// CPython's float `divmod` (`Objects/floatobject.c`, `_float_div_mod`): the floor quotient
/// and the modulo with the divisor's sign.
fn py_divmod(x: f64, y: f64) -> (f64, f64) {
    let mut m = x % y;
    let mut div = (x - m) / y;
    if m != 0.0 {
        if (y < 0.0) != (m < 0.0) {
            m += y;
            div -= 1.0;
        }
    } else {
        m = 0.0_f64.copysign(y);
    }
    let q = if div != 0.0 {
        let f = div.floor();
        if div - f > 0.5 {
            f + 1.0
        } else {
            f
        }
    } else {
        0.0_f64.copysign(x / y)
    };
    (q, m)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(op: BinOp, a: Num, b: Num) -> Val {
        arith(op, a, b, &(0..0)).unwrap().val()
    }

    #[test]
    fn python_int_and_float_rules() {
        assert_eq!(num(BinOp::Div, Num::Int(90), Num::Int(2)), Val::Float(45.0));
        assert_eq!(
            num(BinOp::FloorDiv, Num::Int(90), Num::Int(4)),
            Val::Int(22)
        );
        assert_eq!(
            num(BinOp::FloorDiv, Num::Int(-7), Num::Int(2)),
            Val::Int(-4)
        );
        assert_eq!(num(BinOp::Mod, Num::Int(-7), Num::Int(2)), Val::Int(1));
        assert_eq!(num(BinOp::Pow, Num::Int(2), Num::Int(10)), Val::Int(1024));
        assert_eq!(num(BinOp::Pow, Num::Int(2), Num::Int(-1)), Val::Float(0.5));
        assert_eq!(
            num(BinOp::Mul, Num::Int(3), Num::Float(0.5)),
            Val::Float(1.5)
        );
        assert_eq!(
            num(BinOp::FloorDiv, Num::Float(7.5), Num::Int(2)),
            Val::Float(3.0)
        );
        assert_eq!(
            num(BinOp::Mod, Num::Float(-7.5), Num::Int(2)),
            Val::Float(0.5)
        );
        assert!(arith(BinOp::Div, Num::Int(1), Num::Int(0), &(0..0)).is_err());
        assert!(arith(BinOp::Mul, Num::Int(i64::MAX), Num::Int(2), &(0..0)).is_err());
        assert!(arith(BinOp::Pow, Num::Float(-8.0), Num::Float(1.0 / 3.0), &(0..0)).is_err());
    }

    #[test]
    fn nearest_names() {
        assert_eq!(distance("kitten", "sitting"), 3);
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(round_half_even(2.5), 2.0);
        assert_eq!(round_half_even(3.5), 4.0);
        assert_eq!(round_half_even(-2.5), -2.0);
        assert_eq!(parse_py_float(" 1_0.5e1 "), Some(105.0));
        assert_eq!(parse_py_float("-inf"), Some(f64::NEG_INFINITY));
        assert_eq!(parse_py_float("abc"), None);
    }
}
