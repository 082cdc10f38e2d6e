//! `anneal`, the native command-line tool: a thin layer over the library (DESIGN.md, "ScheduleSpec
//! and the CLI contract"; that contract is stable).
//!
//! ```text
//! anneal eval [--steps N] SPEC      one learning rate per line (SPEC: JSON, or - for stdin)
//! anneal list                       every supported scheduler name, one per line
//! anneal train [--dataset NAME] [--epochs E] [--batch-size B] [--l2 LAMBDA] [--momentum M]
//!              [--optimizer sgd|adam|adamw] [--nesterov] [--seed S]
//!              [--split FRACTION|none] [--unit epoch|step]
//!              [--plateau-metric train_objective|test_loss] [--optimum] [SPEC]
//! ```
//! `--optimizer` picks PyTorch's `SGD` (the default; `--momentum`, `--nesterov`), `Adam` or
//! `AdamW` (betas (0.9, 0.999), eps 1e-8; `--momentum` must stay 0, β₁ plays its part).
//! `--l2` is each one's `weight_decay` on the weights (never the bias): for SGD and Adam an L2
//! term in the gradient, so they descend the printed `train_objective` whose minimum
//! `--optimum` prints; for AdamW the decoupled decay w ← w·(1 − lr·λ), which does not minimise
//! that objective (its runs can level off above the optimum).
//! `train` steps the schedule once per epoch or once per optimizer step (`--unit`), except:
//! - `ReduceLROnPlateau` is stepped once per epoch in either unit, with that epoch's
//!   end-of-epoch metric: the training objective (the `train_objective` column) or, with
//!   `--plateau-metric test_loss`, the mean logistic loss over the test split. A spec that
//!   carries `metrics` replays them instead (`metrics[k-1]` after epoch k; it needs at least
//!   epochs − 1 of them), which reproduces the rates of the run that recorded them.
//! - OneCycleLR and CyclicLR with `cycle_momentum` also set SGD's momentum before every step
//!   (as PyTorch's schedulers write `group["momentum"]`), overriding `--momentum` (with Adam/AdamW they set β₁, as PyTorch's schedulers write
//!   `betas`).
//!
//! Exit status: 0 on success (also when training diverges: the rows up to it are printed, then
//! `diverged at epoch N` on stderr); 2 on a usage error (clap) or a bad spec / bad value, with
//! one `error: ...` line on stderr naming the field; 1 when writing the output fails.

#[cfg(not(target_arch = "wasm32"))]
mod cli {
    use std::io::{self, BufWriter, Read, Write};
    use std::process::ExitCode;

    use anneal::spec::{all_schedulers, torch::reduce_lr_on_plateau, ScheduleSpec};
    use anneal::train::{
        prepare, Dataset, History, LrUnit, Optimizer, PlateauMetric, PlateauRates, RateSequence,
        TrainConfig,
    };
    use clap::{Parser, Subcommand, ValueEnum};

    #[derive(Parser)]
    #[command(
        name = "anneal",
        version,
        about = "Learning-rate schedules exactly as their libraries compute them"
    )]
    struct Cli {
        #[command(subcommand)]
        command: Command,
    }

    #[derive(Subcommand)]
    enum Command {
        /// Print one learning rate per line for t = 0..N-1 (or one per `epochs` entry, or
        /// len(metrics)+1 for ReduceLROnPlateau).
        Eval {
            /// Number of rates; required unless the spec has `epochs` or `metrics` (then it
            /// must equal their implied length).
            #[arg(long)]
            steps: Option<usize>,
            /// The spec as JSON, e.g. '{"scheduler": "torch.optim.lr_scheduler.CosineAnnealingLR",
            /// "params": {"T_max": 50}, "base_lr": 0.1}', or - to read it from stdin.
            spec: String,
        },
        /// Print every supported scheduler name, one per line.
        List,
        /// Train logistic regression with the schedule in SPEC; print CSV
        /// epoch,step,lr,train_objective,train_accuracy,test_accuracy.
        Train(TrainArgs),
    }

    #[derive(clap::Args)]
    struct TrainArgs {
        /// Data set: breast_cancer, iris or wine (the last two as class 0 vs rest).
        #[arg(long, default_value = "breast_cancer")]
        dataset: String,
        /// Number of epochs (>= 1).
        #[arg(long, default_value_t = 50)]
        epochs: usize,
        /// Samples per optimizer step (>= 1); >= the training size gives full-batch GD.
        #[arg(long, default_value_t = 32)]
        batch_size: usize,
        /// L2 strength λ of (λ/2)‖w‖² (bias unregularized).
        #[arg(long, default_value_t = 0.01, allow_negative_numbers = true)]
        l2: f64,
        /// SGD momentum in [0, 1) (PyTorch convention; 0 for Adam and AdamW).
        #[arg(long, default_value_t = 0.0, allow_negative_numbers = true)]
        momentum: f64,
        /// The optimizer, with PyTorch's update rules and defaults.
        #[arg(long, value_enum, default_value_t = Opt::Sgd)]
        optimizer: Opt,
        /// Nesterov momentum (SGD only; needs --momentum > 0).
        #[arg(long)]
        nesterov: bool,
        /// Seed of the split and the shuffles.
        #[arg(long, default_value_t = 0)]
        seed: u64,
        /// Test fraction in (0, 1), stratified by class, or `none` to train on everything.
        #[arg(long, default_value = "0.2", allow_negative_numbers = true)]
        split: String,
        /// Step the schedule once per epoch or once per optimizer step.
        #[arg(long, value_enum, default_value_t = Unit::Epoch)]
        unit: Unit,
        /// The metric ReduceLROnPlateau steps on after each epoch (specs without `metrics`).
        #[arg(long, value_enum, default_value_t = Metric::TrainObjective)]
        plateau_metric: Metric,
        /// Print the exact minimum of the objective (Newton's method) instead of training.
        #[arg(long)]
        optimum: bool,
        /// The schedule spec (JSON, or - for stdin); not needed with --optimum.
        #[arg(required_unless_present = "optimum")]
        spec: Option<String>,
    }

    #[derive(Clone, Copy, ValueEnum)]
    enum Unit {
        /// `scheduler.step()` once per epoch.
        Epoch,
        /// `scheduler.step()` once per optimizer step.
        Step,
    }

    #[derive(Clone, Copy, ValueEnum)]
    enum Opt {
        /// torch.optim.SGD (momentum, dampening 0, optional Nesterov).
        Sgd,
        /// torch.optim.Adam (betas (0.9, 0.999), eps 1e-8, L2 weight decay).
        Adam,
        /// torch.optim.AdamW (betas (0.9, 0.999), eps 1e-8, decoupled weight decay).
        Adamw,
    }

    #[derive(Clone, Copy, ValueEnum)]
    enum Metric {
        /// The training objective (the `train_objective` column).
        #[value(name = "train_objective")]
        TrainObjective,
        /// The mean logistic loss over the test split (needs a split).
        #[value(name = "test_loss")]
        TestLoss,
    }

    /// A failure and its exit status.
    enum Failure {
        /// Bad spec or value: one line, exit 2.
        Invalid(String),
        /// Writing the output failed: exit 1 (a closed pipe exits 0 quietly).
        Output(io::Error),
    }

    impl From<io::Error> for Failure {
        fn from(e: io::Error) -> Self {
            Failure::Output(e)
        }
    }

    fn invalid(e: impl std::fmt::Display) -> Failure {
        // One line, whatever the message holds.
        Failure::Invalid(e.to_string().replace('\n', " "))
    }

    pub fn main() -> ExitCode {
        let cli = Cli::parse();
        let result = match cli.command {
            Command::Eval { steps, spec } => eval(steps, &spec),
            Command::List => list(),
            Command::Train(args) => train(&args),
        };
        match result {
            Ok(()) => ExitCode::SUCCESS,
            Err(Failure::Invalid(msg)) => {
                eprintln!("error: {msg}");
                ExitCode::from(2)
            }
            Err(Failure::Output(e)) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
            Err(Failure::Output(e)) => {
                eprintln!("error: writing the output: {e}");
                ExitCode::from(1)
            }
        }
    }

    /// Reads the SPEC argument: the JSON text itself, or stdin for `-`.
    fn read_spec(arg: &str) -> Result<ScheduleSpec, Failure> {
        let text = if arg == "-" {
            let mut text = String::new();
            io::stdin()
                .read_to_string(&mut text)
                .map_err(|e| invalid(format_args!("invalid `spec`: reading stdin: {e}")))?;
            text
        } else {
            arg.to_string()
        };
        ScheduleSpec::from_json(&text).map_err(invalid)
    }

    fn eval(steps: Option<usize>, spec: &str) -> Result<(), Failure> {
        let spec = read_spec(spec)?;
        let evaluation = spec.evaluate(steps).map_err(invalid)?;
        let mut out = BufWriter::new(io::stdout().lock());
        for v in &evaluation.lr {
            // `{}` round-trips every f64 and spells NaN, inf, -inf as the contract wants.
            writeln!(out, "{v}")?;
        }
        out.flush()?;
        for q in &evaluation.quirks {
            eprintln!(
                "quirk: step {}: the library gives {}, the correct value is {}: {}",
                q.step,
                q.library_value,
                q.correct_value,
                q.message.replace('\n', " ")
            );
        }
        Ok(())
    }

    fn list() -> Result<(), Failure> {
        let mut out = BufWriter::new(io::stdout().lock());
        for name in all_schedulers() {
            writeln!(out, "{name}")?;
        }
        out.flush()?;
        Ok(())
    }

    fn parse_split(s: &str) -> Result<Option<f64>, Failure> {
        if s.trim().eq_ignore_ascii_case("none") {
            return Ok(None);
        }
        s.trim().parse::<f64>().map(Some).map_err(|_| {
            invalid(format_args!(
                "invalid `split` = {s}: expected a fraction in (0, 1) or `none`"
            ))
        })
    }

    /// ReduceLROnPlateau stepped once per epoch: on the live metric, or replaying the spec's
    /// `metrics`.
    fn train_plateau(
        spec: &ScheduleSpec,
        prepared: &anneal::train::Prepared,
        cfg: &TrainConfig,
        metric: Metric,
    ) -> Result<History, Failure> {
        let plateau = reduce_lr_on_plateau(spec).map_err(invalid)?;
        let metric = match (&spec.metrics, metric) {
            (Some(given), _) => {
                // The spec's own checks (metrics not NaN), as `anneal eval` applies them.
                spec.evaluate(None).map_err(invalid)?;
                if given.len() + 1 < cfg.epochs {
                    return Err(invalid(format_args!(
                        "invalid `metrics` = [{} values]: replaying them gives the rates of {} epochs, fewer than --epochs {}",
                        given.len(),
                        given.len() + 1,
                        cfg.epochs
                    )));
                }
                PlateauMetric::Replay(given.clone())
            }
            (None, Metric::TrainObjective) => PlateauMetric::TrainObjective,
            (None, Metric::TestLoss) => PlateauMetric::TestLoss,
        };
        let mut rates = PlateauRates::new(plateau, metric, prepared).map_err(invalid)?;
        prepared.train(cfg, &mut rates).map_err(invalid)
    }

    fn train(args: &TrainArgs) -> Result<(), Failure> {
        let cfg = TrainConfig {
            epochs: args.epochs,
            batch_size: args.batch_size,
            l2: args.l2,
            momentum: args.momentum,
            seed: args.seed,
            split: parse_split(&args.split)?,
            unit: match args.unit {
                Unit::Epoch => LrUnit::Epoch,
                Unit::Step => LrUnit::Step,
            },
            optimizer: match args.optimizer {
                Opt::Sgd => Optimizer::Sgd {
                    nesterov: args.nesterov,
                },
                Opt::Adam => Optimizer::ADAM,
                Opt::Adamw => Optimizer::ADAMW,
            },
        };
        if args.nesterov && !matches!(args.optimizer, Opt::Sgd) {
            return Err(invalid(
                "invalid `nesterov`: Nesterov momentum is an SGD option (--optimizer sgd)",
            ));
        }
        cfg.check().map_err(invalid)?;
        let data = Dataset::by_name(&args.dataset).map_err(invalid)?;
        let prepared = prepare(&data, cfg.split, cfg.seed).map_err(invalid)?;
        let mut out = BufWriter::new(io::stdout().lock());
        if args.optimum {
            let f = prepared.optimum(cfg.l2).map_err(invalid)?;
            writeln!(out, "{f}")?;
            out.flush()?;
            return Ok(());
        }
        let Some(spec_arg) = args.spec.as_deref() else {
            return Err(invalid("missing `SPEC` (required unless --optimum)"));
        };
        let spec = read_spec(spec_arg)?;
        let history = if spec.scheduler == "torch.optim.lr_scheduler.ReduceLROnPlateau" {
            train_plateau(&spec, &prepared, &cfg, args.plateau_metric)?
        } else {
            let per_epoch = prepared.steps_per_epoch(cfg.batch_size);
            let len = match cfg.unit {
                LrUnit::Epoch => Some(cfg.epochs),
                LrUnit::Step => cfg.epochs.checked_mul(per_epoch),
            }
            .ok_or_else(|| {
                invalid(format_args!(
                    "invalid `epochs` = {}: too many optimizer steps",
                    cfg.epochs
                ))
            })?;
            let ev = spec.evaluate(Some(len)).map_err(invalid)?;
            // Every index train() asks for is < len (past it the sequence gives NaN).
            let mut rates = RateSequence::new(&ev.lr, ev.momentum.as_deref());
            prepared.train(&cfg, &mut rates).map_err(invalid)?
        };
        writeln!(
            out,
            "epoch,step,lr,train_objective,train_accuracy,test_accuracy"
        )?;
        for r in &history.records {
            write!(
                out,
                "{},{},{},{},{},",
                r.epoch, r.step, r.lr, r.train_objective, r.train_accuracy
            )?;
            match r.test_accuracy {
                Some(a) => writeln!(out, "{a}")?,
                None => writeln!(out)?,
            }
        }
        out.flush()?;
        if let Some(epoch) = history.diverged_at {
            eprintln!("diverged at epoch {epoch}");
        }
        Ok(())
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    cli::main()
}

/// The CLI is native only (clap is not a wasm dependency); the web app is `anneal-web`.
#[cfg(target_arch = "wasm32")]
fn main() {}
