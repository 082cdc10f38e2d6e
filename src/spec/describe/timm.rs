//! timm's `CosineLRScheduler`, `timm/scheduler/cosine_lr.py` (huggingface/pytorch-image-models,
//! timm 1.0.31): the `__init__` signature after `optimizer`, with its defaults, in order.

use super::{int, lin, BaseLr, Kind, Kwarg, Library, Scheduler, Unit, EPOCHS, FLOOR};

pub(super) const ALL: &[Scheduler] = &[Scheduler {
    path: "timm.scheduler.CosineLRScheduler",
    library: Library::Timm,
    doc: "cosine from the optimizer's lr to lr_min over t_initial epochs, with optional warmup, restarts (cycle_mul, cycle_decay, cycle_limit) and k-decay; held at lr_min after the last cycle",
    source: "timm/scheduler/cosine_lr.py",
    base_lr: BaseLr::Required,
    unit: Unit::Epoch,
    run_length: Some("t_initial"),
    optimizer_position: Some(0),
    kwargs: &[
        Kwarg::new(
            "t_initial",
            EPOCHS,
            "length of the first cycle in epochs (t_in_epochs) or optimizer updates",
        )
        .with_example("50"),
        Kwarg::new("lr_min", FLOOR, "the floor, an absolute learning rate (not decayed)")
            .with_default("0.0"),
        Kwarg::new(
            "cycle_mul",
            lin(1.0, 4.0),
            "each cycle is cycle_mul times longer than the one before",
        )
        .with_default("1.0"),
        Kwarg::new(
            "cycle_decay",
            lin(0.1, 1.0),
            "each cycle's peak is cycle_decay times the one before",
        )
        .with_default("1.0"),
        Kwarg::new(
            "cycle_limit",
            int(1, 10),
            "number of cycles; the rate stays at lr_min after them",
        )
        .with_default("1"),
        Kwarg::new(
            "warmup_t",
            int(0, 100),
            "epochs (or updates) of linear warmup from warmup_lr_init, overlaid on the cosine unless warmup_prefix",
        )
        .with_default("0"),
        Kwarg::new(
            "warmup_lr_init",
            FLOOR,
            "the rate at t = 0 of the warmup (absolute)",
        )
        .with_default("0"),
        Kwarg::new(
            "warmup_prefix",
            Kind::Bool,
            "start the cosine after the warmup instead of under it",
        )
        .with_default("false"),
        Kwarg::new(
            "t_in_epochs",
            Kind::Bool,
            "t counts epochs (step(epoch)) or optimizer updates (step_update); the run's unit sets it, the rate of t is the same",
        )
        .with_default("true")
        .hidden(),
        Kwarg::new(
            "noise_range_t",
            Kind::FloatList,
            "epochs with multiplicative noise; needs torch's RNG, so Anneal accepts only None",
        )
        .with_default("null")
        .hidden(),
        Kwarg::new("noise_pct", lin(0.0, 1.0), "noise limit (no effect without noise_range_t)")
            .with_default("0.67")
            .hidden(),
        Kwarg::new("noise_std", lin(0.0, 2.0), "noise std (no effect without noise_range_t)")
            .with_default("1.0")
            .hidden(),
        Kwarg::new("noise_seed", int(0, 1000), "noise seed (no effect without noise_range_t)")
            .with_default("42")
            .hidden()
            .strict(),
        Kwarg::new(
            "k_decay",
            lin(0.1, 4.0),
            "k-decay exponent: the cosine argument is π·t^k/t_i^k (1 = plain cosine)",
        )
        .with_default("1.0"),
        Kwarg::new(
            "initialize",
            Kind::Bool,
            "set the param groups' initial_lr at construction (no effect on the rates)",
        )
        .with_default("true")
        .hidden(),
    ],
}];
