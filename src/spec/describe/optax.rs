//! optax's schedules, `optax/schedules/_schedule.py` (google-deepmind/optax, optax 0.2.8):
//! the signatures with their defaults, in order. Schedules are functions of the update count,
//! so they take no optimizer and their values are absolute; step counts are used only in
//! arithmetic (`10` and `10.0` give the same rates).

use super::{
    lin, log, values_schedule, Kind, Kwarg, Library, Scheduler, FLOOR, FRACTION, PEAK, STEPS,
    WARMUP_STEPS,
};

const SOURCE: &str = "optax/schedules/_schedule.py";

const fn schedule(
    path: &'static str,
    doc: &'static str,
    kwargs: &'static [Kwarg],
    run_length: Option<&'static str>,
) -> Scheduler {
    values_schedule(Library::Optax, SOURCE, path, doc, kwargs, run_length)
}

const INIT: Kwarg = Kwarg::new("init_value", PEAK, "the rate at step 0").with_example("0.1");
/// `init_value` of a warmup, which usually starts at 0.
const WARMUP_INIT: Kwarg = Kwarg::new(
    "init_value",
    FLOOR,
    "the rate at step 0, where the warmup starts",
)
.with_example("0.0");
const PEAK_VALUE: Kwarg =
    Kwarg::new("peak_value", PEAK, "the rate at the end of the warmup").with_example("0.1");
const WARMUP: Kwarg = Kwarg::new(
    "warmup_steps",
    WARMUP_STEPS,
    "steps of linear warmup from init_value to peak_value",
)
.with_example("150");
const TRANSITION_BEGIN: Kwarg = Kwarg::new(
    "transition_begin",
    WARMUP_STEPS,
    "steps held at the starting value before the transition",
)
.with_default("0");
const EXPONENT: Kwarg = Kwarg::new(
    "exponent",
    lin(0.5, 4.0),
    "the cosine factor ½(1 + cos(π t/T)) is raised to this power",
)
.with_default("1.0");
const DECAY_RATE: Kwarg = Kwarg::new(
    "decay_rate",
    log(0.01, 1.0),
    "the factor per transition_steps steps",
)
.with_example("0.8");
const STAIRCASE: Kwarg = Kwarg::new(
    "staircase",
    Kind::Bool,
    "decay in whole multiples of transition_steps (a staircase)",
)
.with_default("false");
const END_VALUE_BOUND: Kwarg = Kwarg::new(
    "end_value",
    FLOOR,
    "a bound the decay stops at (a floor when decay_rate < 1)",
)
.with_default("null");
const DIV_FACTOR: Kwarg = Kwarg::new(
    "div_factor",
    log(1.0, 1000.0),
    "the starting rate is peak_value / div_factor",
)
.with_default("25.0");
const FINAL_DIV_FACTOR: Kwarg = Kwarg::new(
    "final_div_factor",
    log(1.0, 1e6),
    "the final rate is the starting rate / final_div_factor",
)
.with_default("10000.0");
const ONECYCLE_STEPS: Kwarg = Kwarg::new(
    "transition_steps",
    STEPS,
    "steps of the whole cycle (held at the final rate after)",
)
.with_example("1500");
const PCT_START: Kwarg =
    Kwarg::new("pct_start", FRACTION, "fraction of the cycle spent rising").with_default("0.3");
const BOUNDARIES_AND_SCALES: Kwarg = Kwarg::new(
    "boundaries_and_scales",
    Kind::IntFloatDict,
    "{step: scale}: the value is multiplied by scale from that step on (None: constant)",
)
.with_default("null")
.with_example(r#"{"500": 0.1, "1000": 0.1}"#);

pub(super) const ALL: &[Scheduler] = &[
    schedule(
        "optax.constant_schedule",
        "the same value at every step",
        &[Kwarg::new("value", log(1e-4, 1000.0), "the learning rate").with_example("0.1")],
        None,
    ),
    schedule(
        "optax.cosine_decay_schedule",
        "cosine from init_value to alpha·init_value over decay_steps, then held",
        &[
            INIT,
            Kwarg::new("decay_steps", STEPS, "steps of the decay (> 0)").with_example("1500"),
            Kwarg::new(
                "alpha",
                FRACTION,
                "the floor as a fraction of init_value",
            )
            .with_default("0.0"),
            EXPONENT,
        ],
        Some("decay_steps"),
    ),
    schedule(
        "optax.warmup_cosine_decay_schedule",
        "linear warmup from init_value to peak_value, then cosine to end_value at decay_steps (warmup included), then held",
        &[
            WARMUP_INIT,
            PEAK_VALUE,
            WARMUP,
            Kwarg::new(
                "decay_steps",
                STEPS,
                "total steps of the schedule, warmup included",
            )
            .with_example("1500"),
            Kwarg::new("end_value", FLOOR, "the final rate (absolute)").with_default("0.0"),
            EXPONENT,
        ],
        Some("decay_steps"),
    ),
    schedule(
        "optax.sgdr_schedule",
        "SGDR: warmup-cosine cycles one after another, each with its own kwargs",
        &[Kwarg::new(
            "cosine_kwargs",
            Kind::KwargsList("optax.warmup_cosine_decay_schedule"),
            "one warmup_cosine_decay_schedule kwargs dict per cycle; a cycle lasts its decay_steps",
        )
        .with_example(
            r#"[{"init_value": 0.1, "peak_value": 0.1, "warmup_steps": 0, "decay_steps": 250}, {"init_value": 0.1, "peak_value": 0.1, "warmup_steps": 0, "decay_steps": 500}, {"init_value": 0.1, "peak_value": 0.1, "warmup_steps": 0, "decay_steps": 750}]"#,
        )],
        Some("cosine_kwargs"),
    ),
    schedule(
        "optax.cosine_onecycle_schedule",
        "1cycle with cosine phases: peak_value/div_factor up to peak_value, then down to peak_value/(div_factor·final_div_factor)",
        &[
            ONECYCLE_STEPS,
            Kwarg::new("peak_value", PEAK, "the peak rate").with_example("0.1"),
            PCT_START,
            DIV_FACTOR,
            FINAL_DIV_FACTOR,
        ],
        Some("transition_steps"),
    ),
    schedule(
        "optax.linear_onecycle_schedule",
        "1cycle with three linear phases: up to peak_value, back down by pct_final, then to the final rate",
        &[
            ONECYCLE_STEPS,
            Kwarg::new("peak_value", PEAK, "the peak rate").with_example("0.1"),
            PCT_START,
            Kwarg::new(
                "pct_final",
                FRACTION,
                "fraction of the cycle at which the rate is back at the starting rate",
            )
            .with_default("0.85"),
            DIV_FACTOR,
            FINAL_DIV_FACTOR,
        ],
        Some("transition_steps"),
    ),
    schedule(
        "optax.exponential_decay",
        "init_value times decay_rate^((t − transition_begin)/transition_steps)",
        &[
            INIT,
            Kwarg::new(
                "transition_steps",
                STEPS,
                "steps per factor of decay_rate (≤ 0: constant)",
            )
            .with_example("150"),
            DECAY_RATE,
            TRANSITION_BEGIN,
            STAIRCASE,
            END_VALUE_BOUND,
        ],
        None,
    ),
    schedule(
        "optax.warmup_exponential_decay_schedule",
        "linear warmup from init_value to peak_value, then exponential decay from peak_value",
        &[
            WARMUP_INIT,
            PEAK_VALUE,
            WARMUP,
            Kwarg::new(
                "transition_steps",
                STEPS,
                "steps per factor of decay_rate after the warmup",
            )
            .with_example("150"),
            DECAY_RATE,
            TRANSITION_BEGIN,
            STAIRCASE,
            END_VALUE_BOUND,
        ],
        None,
    ),
    schedule(
        "optax.piecewise_constant_schedule",
        "init_value, multiplied by each scale from its step on",
        &[INIT, BOUNDARIES_AND_SCALES],
        None,
    ),
    schedule(
        "optax.piecewise_interpolate_schedule",
        "interpolates (linear or cosine) between the accumulated values at the boundary steps",
        &[
            Kwarg::new(
                "interpolate_type",
                Kind::Choice(&["linear", "cosine"]),
                "the shape between two boundaries",
            )
            .with_example("\"cosine\""),
            INIT,
            BOUNDARIES_AND_SCALES,
        ],
        None,
    ),
    schedule(
        "optax.polynomial_schedule",
        "from init_value to end_value as (1 − t/transition_steps)^power, after transition_begin steps; then held",
        &[
            INIT,
            Kwarg::new("end_value", FLOOR, "the final rate").with_example("0.001"),
            Kwarg::new("power", lin(0.1, 4.0), "the exponent (1 = linear)").with_example("2"),
            Kwarg::new(
                "transition_steps",
                STEPS,
                "steps of the transition (≤ 0: constant init_value)",
            )
            .with_example("1500"),
            TRANSITION_BEGIN,
        ],
        Some("transition_steps"),
    ),
    schedule(
        "optax.linear_schedule",
        "linear from init_value to end_value over transition_steps, after transition_begin steps; then held",
        &[
            INIT,
            Kwarg::new("end_value", FLOOR, "the final rate").with_example("0.001"),
            Kwarg::new(
                "transition_steps",
                STEPS,
                "steps of the transition (≤ 0: constant init_value)",
            )
            .with_example("1500"),
            TRANSITION_BEGIN,
        ],
        Some("transition_steps"),
    ),
    schedule(
        "optax.warmup_constant_schedule",
        "linear warmup from init_value to peak_value, then peak_value",
        &[WARMUP_INIT, PEAK_VALUE, WARMUP],
        None,
    ),
];
