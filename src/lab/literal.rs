//! Python literals as a control holds them (`50`, `1e-3`, `10_000`, `True`, `None`,
//! `[30, 80]`, `(0.9, 0.999)`, `{10: 0.1}`, `"cos"`), read into JSON values with
//! [winnow](https://docs.rs/winnow): ints and floats kept apart as Python keeps them, so a
//! library's integer rules still apply (`2.0` for an int kwarg is rejected by its reader).

use serde_json::{Map, Number, Value};
use winnow::ascii::{digit1, multispace0};
use winnow::combinator::{alt, cut_err, delimited, opt, preceded, separated, terminated};
use winnow::error::{ContextError, ErrMode};
use winnow::prelude::*;
use winnow::token::{one_of, take_till, take_while};

type Input<'i> = &'i str;

/// Reads one Python literal (surrounding white space allowed).
///
/// Numbers: optional sign, digits with `_` separators, an optional fraction and exponent;
/// without `.` or exponent the number is an int (within i64), otherwise a float that must be
/// finite. Dict keys may be ints (written as strings in JSON, as the spec does:
/// `{"10": 0.1}`) or strings. Tuples read as lists.
///
/// # Errors
/// "is not a number" (or "is not a Python literal") for text it cannot read, "is not a
/// finite number" for floats beyond f64 (`1e309`), "is too large" for ints beyond i64.
pub fn literal(text: &str) -> Result<Value, String> {
    let mut input = text;
    match delimited(multispace0, value, multispace0).parse_next(&mut input) {
        Ok(v) if input.is_empty() => Ok(v),
        Ok(_) | Err(ErrMode::Backtrack(_)) => Err(if looks_numeric(text) {
            "is not a number".into()
        } else {
            "is not a Python literal (a number, True/False, None, a list, a dict or a quoted string)"
                .into()
        }),
        Err(ErrMode::Cut(e)) => Err(cut_message(&e)),
        Err(ErrMode::Incomplete(_)) => Err("is incomplete".into()),
    }
}

fn looks_numeric(text: &str) -> bool {
    text.trim()
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "+-._".contains(c))
}

fn cut_message(e: &ContextError) -> String {
    match e.context().next() {
        Some(winnow::error::StrContext::Label(l)) => (*l).to_string(),
        _ => "is not a Python literal".into(),
    }
}

fn value(input: &mut Input<'_>) -> ModalResult<Value> {
    alt((
        "True".value(Value::Bool(true)),
        "False".value(Value::Bool(false)),
        "None".value(Value::Null),
        number,
        string.map(Value::String),
        list,
        tuple,
        dict,
    ))
    .parse_next(input)
}

fn digits<'i>(input: &mut Input<'i>) -> ModalResult<&'i str> {
    (
        digit1,
        take_while(0.., |c: char| c.is_ascii_digit() || c == '_'),
    )
        .take()
        .parse_next(input)
}

fn number(input: &mut Input<'_>) -> ModalResult<Value> {
    let text = (
        opt(one_of(['+', '-'])),
        alt((
            (digits, opt(('.', opt(digits)))).void(),
            ('.', digits).void(),
        )),
        opt((one_of(['e', 'E']), opt(one_of(['+', '-'])), digits)),
    )
        .take()
        .parse_next(input)?;
    let clean: String = text.chars().filter(|c| *c != '_').collect();
    let is_float = clean.contains(['.', 'e', 'E']);
    let fail = |msg: &'static str| {
        let mut e = ContextError::new();
        e.push(winnow::error::StrContext::Label(msg));
        ErrMode::Cut(e)
    };
    if is_float {
        let v: f64 = clean.parse().map_err(|_| fail("is not a number"))?;
        if !v.is_finite() {
            return Err(fail("is not a finite number"));
        }
        // `+ 0.0` turns -0 into 0, so nothing ever shows "-0".
        Number::from_f64(v + 0.0)
            .map(Value::Number)
            .ok_or_else(|| fail("is not a finite number"))
    } else {
        let v: i64 = clean.parse().map_err(|_| fail("is too large"))?;
        Ok(Value::Number(v.into()))
    }
}

fn string(input: &mut Input<'_>) -> ModalResult<String> {
    alt((
        delimited('"', take_till(0.., '"'), '"'),
        delimited('\'', take_till(0.., '\''), '\''),
    ))
    .map(str::to_string)
    .parse_next(input)
}

fn items<'i>(input: &mut Input<'i>, close: char) -> ModalResult<Vec<Value>> {
    cut_err(terminated(
        terminated(
            separated(0.., delimited(multispace0, value, multispace0), ','),
            opt((multispace0, ',')),
        ),
        (multispace0, close),
    ))
    .parse_next(input)
}

fn list(input: &mut Input<'_>) -> ModalResult<Value> {
    preceded('[', |i: &mut Input<'_>| items(i, ']'))
        .map(Value::Array)
        .parse_next(input)
}

fn tuple(input: &mut Input<'_>) -> ModalResult<Value> {
    preceded('(', |i: &mut Input<'_>| items(i, ')'))
        .map(Value::Array)
        .parse_next(input)
}

fn key(input: &mut Input<'_>) -> ModalResult<String> {
    alt((
        string,
        (opt('-'), digits)
            .take()
            .map(|t: &str| t.chars().filter(|c| *c != '_').collect()),
    ))
    .parse_next(input)
}

fn dict(input: &mut Input<'_>) -> ModalResult<Value> {
    let pair = (
        delimited(multispace0, key, multispace0),
        preceded(':', delimited(multispace0, value, multispace0)),
    );
    preceded(
        '{',
        cut_err(terminated(
            terminated(separated(0.., pair, ','), opt((multispace0, ','))),
            (multispace0, '}'),
        )),
    )
    .map(|pairs: Vec<(String, Value)>| {
        // Inserted one by one (a repeated key keeps its last value, as in Python): collecting
        // into the map would sort the pairs with one more instantiation of the std sort.
        let mut map = Map::new();
        for (k, v) in pairs {
            map.insert(k, v);
        }
        Value::Object(map)
    })
    .parse_next(input)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn numbers_keep_int_and_float_apart() {
        assert_eq!(literal("50"), Ok(json!(50)));
        assert_eq!(literal(" 10_000 "), Ok(json!(10000)));
        assert_eq!(literal("2.0"), Ok(json!(2.0)));
        assert!(literal("2.0").unwrap().is_f64());
        assert_eq!(literal("1e-3"), Ok(json!(0.001)));
        assert_eq!(literal(".5"), Ok(json!(0.5)));
        assert_eq!(literal("5."), Ok(json!(5.0)));
        assert_eq!(literal("-1"), Ok(json!(-1)));
        assert_eq!(
            literal("-0.0").unwrap().as_f64().map(f64::is_sign_positive),
            Some(true)
        );
    }

    #[test]
    fn containers_and_constants() {
        assert_eq!(literal("True"), Ok(json!(true)));
        assert_eq!(literal("None"), Ok(Value::Null));
        assert_eq!(literal("[30, 80]"), Ok(json!([30, 80])));
        assert_eq!(literal("[30, 80,]"), Ok(json!([30, 80])));
        assert_eq!(literal("(0.9, 0.999)"), Ok(json!([0.9, 0.999])));
        assert_eq!(
            literal("{10: 0.1, 20: 0.5}"),
            Ok(json!({"10": 0.1, "20": 0.5}))
        );
        assert_eq!(literal("'cos'"), Ok(json!("cos")));
        assert_eq!(literal("[]"), Ok(json!([])));
    }

    #[test]
    fn bad_text_is_explained() {
        assert_eq!(literal("abc"), Err("is not a number".to_string()));
        assert_eq!(literal(""), Err("is not a number".to_string()));
        assert_eq!(literal("1e309"), Err("is not a finite number".to_string()));
        assert_eq!(
            literal("99999999999999999999999"),
            Err("is too large".to_string())
        );
        assert!(literal("[1, 2").is_err());
        assert!(literal("{10 0.1}").is_err());
        assert!(literal("len(loader)").is_err());
    }
}
