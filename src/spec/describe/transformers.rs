//! transformers' schedule factories, `src/transformers/optimization.py` (huggingface/
//! transformers, transformers 5.24): the signatures after `optimizer`, with their defaults, in
//! order. All return `torch.optim.lr_scheduler.LambdaLR` and are stepped once per optimizer
//! step; step counts are Python ints (Anneal rejects `10.0`).

use super::{
    int, lin, BaseLr, Kind, Kwarg, Library, Scheduler, Unit, FRACTION, LAST_EPOCH, STEPS,
    WARMUP_STEPS,
};

const SOURCE: &str = "src/transformers/optimization.py";

const WARMUP: Kwarg = Kwarg::new(
    "num_warmup_steps",
    WARMUP_STEPS,
    "optimizer steps of linear warmup from 0 to the optimizer's lr",
)
.with_example("150")
.strict();

const TRAINING: Kwarg = Kwarg::new(
    "num_training_steps",
    STEPS,
    "total optimizer steps, warmup included",
)
.with_example("1500")
.strict();

const HALF_WAVE: Kwarg = Kwarg::new(
    "num_cycles",
    lin(0.5, 5.0),
    "cosine waves over the decay (0.5 = one half-cosine down to the floor)",
)
.with_default("0.5");

const MIN_LR: Kwarg = Kwarg::new(
    "min_lr",
    super::FLOOR,
    "the floor as an absolute rate (converted to a ratio of the optimizer's lr); give this or min_lr_rate",
)
.with_default("null");

const MIN_LR_RATE: Kwarg = Kwarg::new(
    "min_lr_rate",
    FRACTION,
    "the floor as a ratio of the optimizer's lr; give this or min_lr",
)
.with_default("null")
.with_example("0.1");

const fn factory(
    path: &'static str,
    doc: &'static str,
    kwargs: &'static [Kwarg],
    run_length: Option<&'static str>,
) -> Scheduler {
    Scheduler {
        path,
        library: Library::Transformers,
        doc,
        source: SOURCE,
        base_lr: BaseLr::Required,
        unit: Unit::Step,
        run_length,
        optimizer_position: Some(0),
        kwargs,
    }
}

const SHAPES: Kind = Kind::Choice(&["linear", "cosine", "1-sqrt"]);

pub(super) const ALL: &[Scheduler] = &[
    factory(
        "transformers.optimization.get_constant_schedule",
        "the optimizer's lr at every step",
        &[LAST_EPOCH],
        None,
    ),
    factory(
        "transformers.optimization.get_constant_schedule_with_warmup",
        "linear warmup from 0 over num_warmup_steps, then the optimizer's lr",
        &[WARMUP, LAST_EPOCH],
        None,
    ),
    factory(
        "transformers.optimization.get_linear_schedule_with_warmup",
        "linear warmup from 0, then linear decay to 0 at num_training_steps",
        &[WARMUP, TRAINING, LAST_EPOCH],
        Some("num_training_steps"),
    ),
    factory(
        "transformers.optimization.get_cosine_schedule_with_warmup",
        "linear warmup from 0, then cosine decay to 0 at num_training_steps (rising again after it)",
        &[WARMUP, TRAINING, HALF_WAVE, LAST_EPOCH],
        Some("num_training_steps"),
    ),
    factory(
        "transformers.optimization.get_cosine_with_hard_restarts_schedule_with_warmup",
        "linear warmup from 0, then num_cycles cosine decays to 0, each restarting at the optimizer's lr; 0 after num_training_steps",
        &[
            WARMUP,
            TRAINING,
            Kwarg::new(
                "num_cycles",
                int(1, 10),
                "number of decays (1 = no restart)",
            )
            .with_default("1")
            .with_example("3"),
            LAST_EPOCH,
        ],
        Some("num_training_steps"),
    ),
    factory(
        "transformers.optimization.get_polynomial_decay_schedule_with_warmup",
        "linear warmup from 0, then polynomial decay to lr_end at num_training_steps, then lr_end",
        &[
            WARMUP,
            TRAINING,
            Kwarg::new(
                "lr_end",
                super::FLOOR,
                "the final rate (absolute), below the optimizer's lr",
            )
            .with_default("1e-07"),
            Kwarg::new("power", lin(0.1, 4.0), "the exponent of the decay (1 = linear)")
                .with_default("1.0"),
            LAST_EPOCH,
        ],
        Some("num_training_steps"),
    ),
    factory(
        "transformers.optimization.get_inverse_sqrt_schedule",
        "linear warmup from 0, then the optimizer's lr times 1/sqrt((step + timescale − num_warmup_steps)/timescale)",
        &[
            WARMUP,
            Kwarg::new(
                "timescale",
                STEPS,
                "optimizer steps of the decay's time scale (None: num_warmup_steps, or 10000 without warmup)",
            )
            .with_default("null")
            .strict(),
            LAST_EPOCH,
        ],
        None,
    ),
    factory(
        "transformers.optimization.get_cosine_with_min_lr_schedule_with_warmup",
        "linear warmup from 0, then cosine decay to a floor (min_lr or min_lr_rate) at num_training_steps",
        // The library's order: last_epoch comes before min_lr and min_lr_rate.
        &[WARMUP, TRAINING, HALF_WAVE, LAST_EPOCH, MIN_LR, MIN_LR_RATE],
        Some("num_training_steps"),
    ),
    factory(
        "transformers.optimization.get_cosine_with_min_lr_schedule_with_warmup_lr_rate",
        "as get_cosine_with_min_lr_schedule_with_warmup, one step ahead, with the warmup starting at warmup_lr_rate",
        &[
            WARMUP,
            TRAINING,
            HALF_WAVE,
            LAST_EPOCH,
            MIN_LR,
            MIN_LR_RATE,
            Kwarg::new(
                "warmup_lr_rate",
                FRACTION,
                "the warmup's starting factor (None: 1/num_warmup_steps)",
            )
            .with_default("null"),
        ],
        Some("num_training_steps"),
    ),
    factory(
        "transformers.optimization.get_wsd_schedule",
        "warmup–stable–decay: warmup to the optimizer's lr, hold it, then decay to min_lr_ratio over num_decay_steps",
        &[
            WARMUP,
            Kwarg::new(
                "num_decay_steps",
                STEPS,
                "optimizer steps of the final decay",
            )
            .with_example("300")
            .strict(),
            Kwarg::new(
                "num_training_steps",
                STEPS,
                "total optimizer steps; the stable phase is what warmup and decay leave (or give num_stable_steps)",
            )
            .with_default("null")
            .with_example("1500")
            .strict(),
            Kwarg::new(
                "num_stable_steps",
                STEPS,
                "optimizer steps at the full rate (wins over num_training_steps)",
            )
            .with_default("null")
            .strict(),
            Kwarg::new("warmup_type", SHAPES, "the shape of the warmup")
                .with_default("\"linear\""),
            Kwarg::new("decay_type", SHAPES, "the shape of the decay").with_default("\"cosine\""),
            Kwarg::new(
                "min_lr_ratio",
                FRACTION,
                "the floor (and the warmup's start) as a ratio of the optimizer's lr",
            )
            .with_default("0"),
            Kwarg::new(
                "num_cycles",
                lin(0.5, 5.0),
                "cosine waves over the decay (0.5 = one half-cosine)",
            )
            .with_default("0.5"),
            LAST_EPOCH,
        ],
        Some("num_training_steps"),
    ),
];
