//! `anneal`, the native command-line tool: a thin layer over the library (DESIGN.md, "ScheduleSpec
//! and the CLI contract"; that contract is stable).
//!
//! ```text
//! anneal eval [--steps N] SPEC      one learning rate per line (SPEC: JSON, or - for stdin)
//! anneal list [--json]                every supported scheduler name, one per line; with
//!                                   --json, their descriptions as one JSON array
//! anneal parse PYTHON               the spec of the last scheduler the Python lines define, as
//!                                   one JSON line (PYTHON: the text, or - for stdin)
//! anneal port --to LIB [--steps N] SPEC  the target library's nearest spec (one JSON line) and
//!                                   a `verdict: ...` line on stderr; exit 3 when LIB has no
//!                                   schedule of that family
//! anneal train [--dataset NAME] [--quadratic] [--epochs E] [--batch-size B] [--l2 LAMBDA]
//!              [--momentum M] [--optimizer sgd|adam|adamw] [--nesterov] [--seed S]
//!              [--split FRACTION|none] [--unit epoch|step]
//!              [--plateau-metric train_objective|test_loss] [--optimum] [SPEC]
//! anneal plot [--format svg|png] [--steps N] [--width W --height H] [-o FILE] SPEC [SPEC...]
//!             (--loss with train's flags: the training chart)
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
//! one `error: ...` line on stderr naming the field (for `parse`: one `L:C: message` line);
//! 1 when writing the output (or rendering a picture) fails.

#[cfg(not(target_arch = "wasm32"))]
mod cli {
    // `anneal plot`, in src/bin/cli/plot.rs (a module of this inline `cli` module).
    mod plot;

    use std::io::{self, BufWriter, Read, Write};
    use std::process::ExitCode;

    use anneal::spec::{all_schedulers, describe, torch::reduce_lr_on_plateau, ScheduleSpec};
    use anneal::train::{
        prepare, Dataset, History, LrUnit, Optimizer, PlateauMetric, PlateauRates, Prepared,
        RateSequence, TrainConfig,
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
        List {
            /// Print the scheduler descriptions instead: one JSON array, one object per
            /// scheduler in the same order (path, library, doc, source, base_lr, unit,
            /// run_length, optimizer_position, kwargs with name, kind, default, example, doc,
            /// control, keyword_only, strict).
            #[arg(long)]
            json: bool,
        },
        /// Read Python lines (the subset of `anneal::spec::python`) and print the spec of the
        /// last scheduler they define as one compact JSON line, ready for `anneal eval`.
        Parse {
            /// The Python text, or - to read it from stdin.
            python: String,
        },
        /// Port SPEC to another library: print the target's nearest spec as one JSON line
        /// and the verdict, computed over the run, as one `verdict: ...` line on stderr.
        /// Exit 3 when the target library has no schedule of that family.
        Port {
            /// The target library.
            #[arg(long, value_parser = ["torch", "timm", "transformers", "optax", "keras"])]
            to: String,
            /// Steps to compare over (default: the spec's natural length, else 100).
            #[arg(long)]
            steps: Option<usize>,
            /// The spec as JSON, or - to read it from stdin.
            spec: String,
        },
        /// Train logistic regression with the schedule in SPEC; print CSV
        /// epoch,step,lr,train_objective,train_accuracy,test_accuracy.
        Train(TrainArgs),
        /// Draw the LR chart of one or more specs (or, with --loss, their training chart) as
        /// SVG or PNG.
        Plot(plot::PlotArgs),
    }

    #[derive(clap::Args)]
    struct TrainArgs {
        #[command(flatten)]
        flags: TrainFlags,
        /// Print the exact minimum of the objective (Newton's method) instead of training.
        #[arg(long)]
        optimum: bool,
        /// The schedule spec (JSON, or - for stdin); not needed with --optimum.
        #[arg(required_unless_present = "optimum")]
        spec: Option<String>,
    }

    /// The training flags `train` and `plot --loss` share: the data, the model's training
    /// and the stepping unit.
    #[derive(clap::Args)]
    struct TrainFlags {
        /// Data set: breast_cancer, wine, iris (both as class 0 vs rest), digits_3v8 (digit 3
        /// vs 8), or the synthetic 2-D sets blobs, moons, circles.
        #[arg(long, default_value = "breast_cancer")]
        dataset: String,
        /// Append the quadratic features x1², x1·x2, x2² (2-D data sets only).
        #[arg(long)]
        quadratic: bool,
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
    }

    impl TrainFlags {
        /// The checked training configuration and the prepared data (split, standardized).
        fn prepare(&self) -> Result<(TrainConfig, Prepared), Failure> {
            let cfg = TrainConfig {
                epochs: self.epochs,
                batch_size: self.batch_size,
                l2: self.l2,
                momentum: self.momentum,
                seed: self.seed,
                split: parse_split(&self.split)?,
                unit: match self.unit {
                    Unit::Epoch => LrUnit::Epoch,
                    Unit::Step => LrUnit::Step,
                },
                optimizer: match self.optimizer {
                    Opt::Sgd => Optimizer::Sgd {
                        nesterov: self.nesterov,
                    },
                    Opt::Adam => Optimizer::ADAM,
                    Opt::Adamw => Optimizer::ADAMW,
                },
            };
            if self.nesterov && !matches!(self.optimizer, Opt::Sgd) {
                return Err(invalid(
                    "invalid `nesterov`: Nesterov momentum is an SGD option (--optimizer sgd)",
                ));
            }
            cfg.check().map_err(invalid)?;
            let mut data = Dataset::by_name(&self.dataset).map_err(invalid)?;
            if self.quadratic {
                data = data.with_quadratic().map_err(invalid)?;
            }
            let prepared = prepare(&data, cfg.split, cfg.seed).map_err(invalid)?;
            Ok((cfg, prepared))
        }
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
        /// A Python text that cannot be read: one `L:C: message` line, exit 2.
        Located(String),
        /// `port`: the target library has no schedule of the family: one line, exit 3.
        NoFamily(String),
        /// Drawing or encoding a picture failed (e.g. no font for PNG text): exit 1.
        Render(String),
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
            Command::List { json } => list(json),
            Command::Parse { python } => parse(&python),
            Command::Port { to, steps, spec } => port(&to, steps, &spec),
            Command::Train(args) => train(&args),
            Command::Plot(args) => plot::plot(&args),
        };
        match result {
            Ok(()) => ExitCode::SUCCESS,
            Err(Failure::Invalid(msg)) => {
                eprintln!("error: {msg}");
                ExitCode::from(2)
            }
            Err(Failure::Located(msg)) => {
                eprintln!("{msg}");
                ExitCode::from(2)
            }
            Err(Failure::NoFamily(msg)) => {
                eprintln!("error: {msg}");
                ExitCode::from(3)
            }
            Err(Failure::Render(msg)) => {
                eprintln!("error: {msg}");
                ExitCode::from(1)
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
            writeln!(out, "{}", anneal::fmt::eval(*v))?;
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

    /// `anneal parse`: the spec as one JSON line; notes (an assumed base_lr) as `note: ...`
    /// lines on stderr; a parse error as one `L:C: message` line on stderr, exit 2.
    fn parse(arg: &str) -> Result<(), Failure> {
        let text = if arg == "-" {
            let mut text = String::new();
            io::stdin()
                .read_to_string(&mut text)
                .map_err(|e| invalid(format_args!("reading stdin: {e}")))?;
            text
        } else {
            arg.to_string()
        };
        let parsed = match anneal::spec::python::parse(&text) {
            Ok(p) => p,
            Err(e) => return Err(Failure::Located(e.to_string())),
        };
        let json = serde_json::to_string(&parsed.spec)
            .map_err(|e| invalid(format_args!("writing the spec: {e}")))?;
        let mut out = BufWriter::new(io::stdout().lock());
        writeln!(out, "{json}")?;
        out.flush()?;
        for note in &parsed.notes {
            eprintln!("note: {}", note.replace('\n', " "));
        }
        Ok(())
    }

    /// `anneal port`: the target spec on stdout, `verdict: ...` on stderr.
    fn port(to: &str, steps: Option<usize>, spec: &str) -> Result<(), Failure> {
        use anneal::spec::describe::{natural_length, Library};
        use anneal::spec::port::{port, PortError};
        let spec = read_spec(spec)?;
        let target = Library::from_key(to).ok_or_else(|| {
            invalid(format_args!(
                "invalid `to` = {to}: expected torch, timm, transformers, optax or keras"
            ))
        })?;
        let n = match steps {
            Some(n) => n,
            None => natural_length(&spec)
                .and_then(|n| usize::try_from(n).ok())
                .filter(|n| *n <= 100_000)
                .unwrap_or(100),
        };
        if n == 0 || n > anneal::spec::MAX_STEPS {
            return Err(invalid(format_args!(
                "invalid `steps` = {n}: expected 1..={}",
                anneal::spec::MAX_STEPS
            )));
        }
        let ported = match port(&spec, target, n) {
            Ok(p) => p,
            Err(PortError::BadSpec(e)) => return Err(invalid(e)),
            Err(e @ PortError::NoFamily { .. }) => return Err(Failure::NoFamily(e.to_string())),
        };
        let json = serde_json::to_string(&ported.spec)
            .map_err(|e| invalid(format_args!("writing the spec: {e}")))?;
        let mut out = BufWriter::new(io::stdout().lock());
        writeln!(out, "{json}")?;
        out.flush()?;
        eprintln!("verdict: {}", ported.verdict.text.replace('\n', " "));
        Ok(())
    }

    fn list(json: bool) -> Result<(), Failure> {
        let mut out = BufWriter::new(io::stdout().lock());
        if json {
            serde_json::to_writer_pretty(&mut out, describe::SCHEDULERS)
                .map_err(io::Error::from)?;
            writeln!(out)?;
        } else {
            for name in all_schedulers() {
                writeln!(out, "{name}")?;
            }
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
        prepared: &Prepared,
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

    /// Train on `prepared` with the schedule of `spec` as `anneal train` does: the rates of
    /// `spec` evaluated for the run (one per epoch, or one per optimizer step, with the
    /// momentum of OneCycleLR / CyclicLR), or ReduceLROnPlateau stepped on the live metric;
    /// the history per epoch. `plot --loss` trains every series through this too.
    fn train_run(
        spec: &ScheduleSpec,
        prepared: &Prepared,
        cfg: &TrainConfig,
        metric: Metric,
    ) -> Result<History, Failure> {
        if spec.scheduler == "torch.optim.lr_scheduler.ReduceLROnPlateau" {
            return train_plateau(spec, prepared, cfg, metric);
        }
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
        prepared.train(cfg, &mut rates).map_err(invalid)
    }

    fn train(args: &TrainArgs) -> Result<(), Failure> {
        let (cfg, prepared) = args.flags.prepare()?;
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
        let history = train_run(&spec, &prepared, &cfg, args.flags.plateau_metric)?;
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
