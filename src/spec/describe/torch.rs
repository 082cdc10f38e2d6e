//! PyTorch's schedulers, `torch/optim/lr_scheduler.py` (pytorch/pytorch, torch 2.15): the
//! `__init__` signatures after `optimizer`, with their defaults, in order.

use super::{
    int, lin, log, BaseLr, Kind, Kwarg, Library, Scheduler, Unit, EPOCHS, FLOOR, FRACTION,
    LAST_EPOCH, PEAK, STEPS,
};

const SOURCE: &str = "torch/optim/lr_scheduler.py";

/// A multiplicative decay factor per step (StepLR, MultiStepLR).
const DECAY: Kind = log(1e-3, 1.0);

const fn torch(
    name: &'static str,
    doc: &'static str,
    kwargs: &'static [Kwarg],
    base_lr: BaseLr,
    unit: Unit,
    run_length: Option<&'static str>,
) -> Scheduler {
    Scheduler {
        path: name,
        library: Library::Torch,
        doc,
        source: SOURCE,
        base_lr,
        unit,
        run_length,
        optimizer_position: Some(0),
        kwargs,
    }
}

pub(super) const ALL: &[Scheduler] = &[
    torch(
        "torch.optim.lr_scheduler.CosineAnnealingLR",
        "cosine from the optimizer's lr down to eta_min over T_max steps, then back up (period 2·T_max)",
        &[
            Kwarg::new(
                "T_max",
                EPOCHS,
                "steps (epochs, stepped per epoch) from the peak to eta_min; the rate rises again after",
            )
            .with_example("50")
            .strict(),
            Kwarg::new("eta_min", FLOOR, "the floor, an absolute learning rate").with_default("0.0"),
            LAST_EPOCH,
        ],
        BaseLr::Required,
        Unit::Epoch,
        Some("T_max"),
    ),
    torch(
        "torch.optim.lr_scheduler.CosineAnnealingWarmRestarts",
        "SGDR: cosine from the optimizer's lr towards eta_min, restarting after T_0, T_0·T_mult, … steps",
        &[
            Kwarg::new("T_0", EPOCHS, "steps (epochs) until the first restart (integer ≥ 1)")
                .with_example("10")
                .strict(),
            Kwarg::new(
                "T_mult",
                int(1, 4),
                "each cycle is T_mult times longer than the one before (integer ≥ 1)",
            )
            .with_default("1")
            .with_example("2")
            .strict(),
            Kwarg::new(
                "eta_min",
                FLOOR,
                "the floor, an absolute learning rate (never reached with integer steps)",
            )
            .with_default("0.0"),
            LAST_EPOCH,
        ],
        BaseLr::Required,
        Unit::Epoch,
        Some("T_0"),
    ),
    torch(
        "torch.optim.lr_scheduler.StepLR",
        "multiplies the rate by gamma every step_size steps (epochs)",
        &[
            Kwarg::new("step_size", EPOCHS, "steps (epochs) between two decays")
                .with_example("30")
                .strict(),
            Kwarg::new("gamma", DECAY, "the factor applied at each decay").with_default("0.1"),
            LAST_EPOCH,
        ],
        BaseLr::Required,
        Unit::Epoch,
        None,
    ),
    torch(
        "torch.optim.lr_scheduler.MultiStepLR",
        "multiplies the rate by gamma at each milestone step (epoch)",
        &[
            Kwarg::new(
                "milestones",
                Kind::IntList,
                "steps (epochs) at which the rate is multiplied by gamma (a repeated one applies gamma twice)",
            )
            .with_example("[30, 80]")
            .strict(),
            Kwarg::new("gamma", DECAY, "the factor applied at each milestone").with_default("0.1"),
            LAST_EPOCH,
        ],
        BaseLr::Required,
        Unit::Epoch,
        None,
    ),
    torch(
        "torch.optim.lr_scheduler.ExponentialLR",
        "multiplies the rate by gamma at every step (epoch)",
        &[
            Kwarg::new("gamma", lin(0.8, 1.0), "the factor applied at every step")
                .with_example("0.95"),
            LAST_EPOCH,
        ],
        BaseLr::Required,
        Unit::Epoch,
        None,
    ),
    torch(
        "torch.optim.lr_scheduler.LinearLR",
        "the rate times a factor going linearly from start_factor to end_factor over total_iters steps, then held",
        &[
            Kwarg::new(
                "start_factor",
                log(1e-3, 1.0),
                "the factor at step 0, in (0, 1]",
            )
            .with_default("0.3333333333333333"),
            Kwarg::new("end_factor", FRACTION, "the factor from step total_iters on, in [0, 1]")
                .with_default("1.0"),
            Kwarg::new(
                "total_iters",
                EPOCHS,
                "steps (epochs) over which the factor changes",
            )
            .with_default("5")
            .with_example("50")
            .strict(),
            LAST_EPOCH,
        ],
        BaseLr::Required,
        Unit::Epoch,
        Some("total_iters"),
    ),
    torch(
        "torch.optim.lr_scheduler.ConstantLR",
        "the rate times factor for the first total_iters steps (epochs), then the full rate",
        &[
            Kwarg::new("factor", FRACTION, "the factor during the first total_iters steps, in [0, 1]")
                .with_default("0.3333333333333333"),
            Kwarg::new(
                "total_iters",
                EPOCHS,
                "steps (epochs) at the reduced rate",
            )
            .with_default("5")
            .with_example("20")
            .strict(),
            LAST_EPOCH,
        ],
        BaseLr::Required,
        Unit::Epoch,
        None,
    ),
    torch(
        "torch.optim.lr_scheduler.PolynomialLR",
        "the rate times (1 − t/total_iters)^power, reaching 0 at total_iters steps (epochs), then held",
        &[
            Kwarg::new(
                "total_iters",
                EPOCHS,
                "steps (epochs) until the rate reaches 0",
            )
            .with_default("5")
            .with_example("50")
            .strict(),
            Kwarg::new("power", lin(0.1, 4.0), "the exponent of the decay (1 = linear)")
                .with_default("1.0"),
            LAST_EPOCH,
        ],
        BaseLr::Required,
        Unit::Epoch,
        Some("total_iters"),
    ),
    torch(
        "torch.optim.lr_scheduler.OneCycleLR",
        "1cycle: from max_lr/div_factor up to max_lr, then down to max_lr/(div_factor·final_div_factor), over total_steps optimizer steps; cycles momentum inversely",
        &[
            Kwarg::new(
                "max_lr",
                PEAK,
                "the peak learning rate (absolute; it overwrites the optimizer's lr)",
            )
            .with_example("0.1"),
            Kwarg::new(
                "total_steps",
                STEPS,
                "optimizer steps in the cycle (or give epochs and steps_per_epoch); one more step() raises",
            )
            .with_default("null")
            .with_example("1500")
            .strict(),
            Kwarg::new(
                "epochs",
                int(1, 1000),
                "epochs of the cycle, with steps_per_epoch, when total_steps is None",
            )
            .with_default("null")
            .strict(),
            Kwarg::new(
                "steps_per_epoch",
                int(1, 1000),
                "optimizer steps per epoch, with epochs, when total_steps is None",
            )
            .with_default("null")
            .strict(),
            Kwarg::new(
                "pct_start",
                FRACTION,
                "fraction of the cycle spent rising (a Python float in [0, 1])",
            )
            .with_default("0.3")
            .strict(),
            Kwarg::new(
                "anneal_strategy",
                Kind::Choice(&["cos", "linear"]),
                "the shape of both phases",
            )
            .with_default("\"cos\""),
            Kwarg::new(
                "cycle_momentum",
                Kind::Bool,
                "cycle SGD's momentum inversely to the rate, between base_momentum and max_momentum",
            )
            .with_default("true"),
            Kwarg::new("base_momentum", FRACTION, "the momentum at the peak rate")
                .with_default("0.85"),
            Kwarg::new("max_momentum", FRACTION, "the momentum at the lowest rates")
                .with_default("0.95"),
            Kwarg::new(
                "div_factor",
                log(1.0, 1000.0),
                "the starting rate is max_lr / div_factor",
            )
            .with_default("25.0"),
            Kwarg::new(
                "final_div_factor",
                log(1.0, 1e6),
                "the final rate is the starting rate / final_div_factor",
            )
            .with_default("10000.0"),
            Kwarg::new(
                "three_phase",
                Kind::Bool,
                "a third phase: back to the starting rate, then down to the final rate",
            )
            .with_default("false"),
            LAST_EPOCH,
        ],
        BaseLr::Overwritten,
        Unit::Step,
        Some("total_steps"),
    ),
    torch(
        "torch.optim.lr_scheduler.CyclicLR",
        "cyclical rates: triangles between base_lr and max_lr, step_size_up optimizer steps up and step_size_down down; cycles momentum inversely",
        &[
            Kwarg::new(
                "base_lr",
                FLOOR,
                "the lower bound of the cycle (absolute; it overwrites the optimizer's lr)",
            )
            .with_example("0.001"),
            Kwarg::new("max_lr", PEAK, "the upper bound of the cycle (absolute)").with_example("0.1"),
            Kwarg::new(
                "step_size_up",
                STEPS,
                "optimizer steps in the rising half of a cycle",
            )
            .with_default("2000")
            .with_example("250"),
            Kwarg::new(
                "step_size_down",
                STEPS,
                "optimizer steps in the falling half (None: step_size_up)",
            )
            .with_default("null"),
            Kwarg::new(
                "mode",
                Kind::Choice(&["triangular", "triangular2", "exp_range"]),
                "triangular: constant height; triangular2: halved each cycle; exp_range: times gamma^step",
            )
            .with_default("\"triangular\""),
            Kwarg::new(
                "gamma",
                lin(0.99, 1.0),
                "the per-step factor of the height in exp_range mode",
            )
            .with_default("1.0"),
            Kwarg::new(
                "scale_fn",
                Kind::Callable,
                "a custom height policy (a Python callable); Anneal supports the built-in modes only (None)",
            )
            .with_default("null")
            .hidden(),
            Kwarg::new(
                "scale_mode",
                Kind::Choice(&["cycle", "iterations"]),
                "what scale_fn is evaluated on; set by mode when scale_fn is None, so it changes nothing here",
            )
            .with_default("\"cycle\"")
            .hidden(),
            Kwarg::new(
                "cycle_momentum",
                Kind::Bool,
                "cycle SGD's momentum inversely to the rate, between base_momentum and max_momentum",
            )
            .with_default("true"),
            Kwarg::new("base_momentum", FRACTION, "the momentum at max_lr").with_default("0.8"),
            Kwarg::new("max_momentum", FRACTION, "the momentum at base_lr").with_default("0.9"),
            LAST_EPOCH,
        ],
        BaseLr::Overwritten,
        Unit::Step,
        None,
    ),
    torch(
        "torch.optim.lr_scheduler.SequentialLR",
        "runs its schedulers one after another, switching at the milestone steps (epochs); each restarts from the optimizer's lr",
        &[
            Kwarg::new(
                "schedulers",
                Kind::Schedulers,
                "the schedulers in order (StepLR, MultiStepLR, ConstantLR, LinearLR, ExponentialLR, PolynomialLR, CosineAnnealingLR, CosineAnnealingWarmRestarts)",
            )
            .with_example(
                r#"[{"scheduler": "torch.optim.lr_scheduler.LinearLR", "params": {"start_factor": 0.1, "total_iters": 5}}, {"scheduler": "torch.optim.lr_scheduler.CosineAnnealingLR", "params": {"T_max": 45}}]"#,
            ),
            Kwarg::new(
                "milestones",
                Kind::IntList,
                "steps (epochs) at which the next scheduler takes over; one fewer than schedulers",
            )
            .with_example("[5]")
            .strict(),
            LAST_EPOCH,
        ],
        BaseLr::Required,
        Unit::Epoch,
        Some("milestones"),
    ),
    Scheduler {
        optimizer_position: Some(1),
        ..torch(
            "torch.optim.lr_scheduler.ChainedScheduler",
            "steps all its schedulers at every step (epoch): their factors multiply",
            &[Kwarg::new(
                "schedulers",
                Kind::Schedulers,
                "the schedulers, stepped in order on the same rate (the chainable ones, as for SequentialLR)",
            )
            .with_example(
                r#"[{"scheduler": "torch.optim.lr_scheduler.ConstantLR", "params": {"factor": 0.5, "total_iters": 10}}, {"scheduler": "torch.optim.lr_scheduler.ExponentialLR", "params": {"gamma": 0.97}}]"#,
            )],
            BaseLr::Required,
            Unit::Epoch,
            Some("schedulers"),
        )
    },
    torch(
        "torch.optim.lr_scheduler.ReduceLROnPlateau",
        "multiplies the rate by factor when the metric stops improving for patience epochs (stepped with the metric)",
        &[
            Kwarg::new(
                "mode",
                Kind::Choice(&["min", "max"]),
                "min: the metric should fall (a loss); max: it should rise (an accuracy)",
            )
            .with_default("\"min\""),
            Kwarg::new("factor", log(0.01, 0.9), "the rate is multiplied by factor at a plateau (< 1)")
                .with_default("0.1"),
            Kwarg::new(
                "patience",
                int(0, 50),
                "epochs without improvement tolerated before reducing",
            )
            .with_default("10")
            .strict(),
            Kwarg::new(
                "threshold",
                log(1e-6, 0.1),
                "the least change that counts as an improvement (see threshold_mode)",
            )
            .with_default("0.0001"),
            Kwarg::new(
                "threshold_mode",
                Kind::Choice(&["rel", "abs"]),
                "rel: improvement relative to the best metric; abs: absolute",
            )
            .with_default("\"rel\""),
            Kwarg::new(
                "cooldown",
                int(0, 50),
                "epochs after a reduction before bad epochs are counted again",
            )
            .with_default("0")
            .strict(),
            Kwarg::new("min_lr", FLOOR, "the rate is never reduced below this (absolute)")
                .with_default("0"),
            Kwarg::new(
                "eps",
                log(1e-12, 1e-2),
                "a reduction smaller than eps is skipped",
            )
            .with_default("1e-08"),
        ],
        BaseLr::Required,
        Unit::Epoch,
        None,
    ),
];
