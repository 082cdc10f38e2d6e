//! Keras 3's schedules, `keras/src/optimizers/schedules/learning_rate_schedule.py`
//! (keras-team/keras, keras 3.15.1): the `__init__` signatures with their defaults, in order.
//! Schedules are called with the optimizer's iteration count, take no optimizer, and carry
//! absolute values; step counts are used only in arithmetic.

use super::{
    lin, log, values_schedule, Kind, Kwarg, Library, Scheduler, FLOOR, FRACTION, PEAK, STEPS,
    WARMUP_STEPS,
};

const SOURCE: &str = "keras/src/optimizers/schedules/learning_rate_schedule.py";

const fn schedule(
    path: &'static str,
    doc: &'static str,
    kwargs: &'static [Kwarg],
    run_length: Option<&'static str>,
) -> Scheduler {
    values_schedule(Library::Keras, SOURCE, path, doc, kwargs, run_length)
}

/// `name`: the name scope of the operation; no effect on the rates.
const fn name(default: &'static str) -> Kwarg {
    Kwarg::new(
        "name",
        Kind::Text,
        "the operation's name scope (no effect on the rates)",
    )
    .with_default(default)
    .hidden()
}

const INITIAL: Kwarg =
    Kwarg::new("initial_learning_rate", PEAK, "the rate at step 0").with_example("0.1");
const STAIRCASE: Kwarg = Kwarg::new(
    "staircase",
    Kind::Bool,
    "decay in whole multiples of decay_steps (a staircase)",
)
.with_default("false");

pub(super) const ALL: &[Scheduler] = &[
    schedule(
        "keras.optimizers.schedules.CosineDecay",
        "optional linear warmup to warmup_target over warmup_steps, then cosine to alpha times the peak over decay_steps, then held",
        &[
            INITIAL,
            Kwarg::new(
                "decay_steps",
                STEPS,
                "steps of the cosine decay (after the warmup, > 0)",
            )
            .with_example("1500"),
            Kwarg::new("alpha", FRACTION, "the floor as a fraction of the peak").with_default("0.0"),
            name("\"CosineDecay\""),
            Kwarg::new(
                "warmup_target",
                PEAK,
                "the rate the warmup reaches (None: no warmup, the decay starts at initial_learning_rate)",
            )
            .with_default("null"),
            Kwarg::new(
                "warmup_steps",
                WARMUP_STEPS,
                "steps of linear warmup from initial_learning_rate to warmup_target",
            )
            .with_default("0"),
        ],
        Some("decay_steps"),
    ),
    schedule(
        "keras.optimizers.schedules.CosineDecayRestarts",
        "SGDR: cosine from the peak towards alpha·initial_learning_rate, restarting after first_decay_steps, then t_mul times longer each cycle, the peak times m_mul",
        &[
            INITIAL,
            Kwarg::new(
                "first_decay_steps",
                STEPS,
                "steps of the first cycle",
            )
            .with_example("200"),
            Kwarg::new(
                "t_mul",
                lin(1.0, 4.0),
                "each cycle is t_mul times longer than the one before",
            )
            .with_default("2.0"),
            Kwarg::new(
                "m_mul",
                lin(0.1, 1.0),
                "each cycle's cosine part is m_mul times the one before (the floor is not)",
            )
            .with_default("1.0"),
            Kwarg::new(
                "alpha",
                FRACTION,
                "the floor as a fraction of initial_learning_rate",
            )
            .with_default("0.0"),
            name("\"SGDRDecay\""),
        ],
        Some("first_decay_steps"),
    ),
    schedule(
        "keras.optimizers.schedules.ExponentialDecay",
        "initial_learning_rate times decay_rate^(step/decay_steps)",
        &[
            INITIAL,
            Kwarg::new("decay_steps", STEPS, "steps per factor of decay_rate (> 0)")
                .with_example("150"),
            Kwarg::new("decay_rate", log(0.01, 1.0), "the factor per decay_steps steps")
                .with_example("0.8"),
            STAIRCASE,
            name("\"ExponentialDecay\""),
        ],
        None,
    ),
    schedule(
        "keras.optimizers.schedules.PiecewiseConstantDecay",
        "values[0] up to boundaries[0] (inclusive), values[1] up to boundaries[1], …, values[-1] after",
        &[
            Kwarg::new(
                "boundaries",
                Kind::FloatList,
                "increasing steps at which the value changes (the new value applies after the step)",
            )
            .with_example("[500, 1000]"),
            Kwarg::new(
                "values",
                Kind::FloatList,
                "the rates of the intervals, one more than boundaries",
            )
            .with_example("[0.1, 0.01, 0.001]"),
            name("\"PiecewiseConstant\""),
        ],
        None,
    ),
    schedule(
        "keras.optimizers.schedules.PolynomialDecay",
        "from initial_learning_rate to end_learning_rate as (1 − step/decay_steps)^power, then held (or cycled)",
        &[
            INITIAL,
            Kwarg::new("decay_steps", STEPS, "steps of the decay (> 0)").with_example("1500"),
            Kwarg::new("end_learning_rate", FLOOR, "the final rate (absolute)")
                .with_default("0.0001"),
            Kwarg::new("power", lin(0.1, 4.0), "the exponent (1 = linear)").with_default("1.0"),
            Kwarg::new(
                "cycle",
                Kind::Bool,
                "restart the decay at each multiple of decay_steps instead of holding",
            )
            .with_default("false"),
            name("\"PolynomialDecay\""),
        ],
        Some("decay_steps"),
    ),
    schedule(
        "keras.optimizers.schedules.InverseTimeDecay",
        "initial_learning_rate / (1 + decay_rate · step/decay_steps)",
        &[
            INITIAL,
            Kwarg::new("decay_steps", STEPS, "steps per unit of decay_rate (> 0)")
                .with_example("150"),
            Kwarg::new("decay_rate", log(0.01, 10.0), "the rate of the 1/t decay")
                .with_example("0.5"),
            STAIRCASE,
            name("\"InverseTimeDecay\""),
        ],
        None,
    ),
];
