//! `anneal`, the native command-line tool: a thin layer over the library (DESIGN.md, "ScheduleSpec
//! and the CLI contract"; that contract is stable).
//!
//! ```text
//! anneal eval [--steps N] SPEC      one learning rate per line (SPEC: JSON, or - for stdin)
//! anneal list                       every supported scheduler name, one per line
//! anneal train [--dataset NAME] [--epochs E] [--batch-size B] [--l2 LAMBDA] [--momentum M]
//!              [--seed S] [--split FRACTION|none] [--unit epoch|step] [--optimum] [SPEC]
//! anneal plot [--format svg|png] [--steps N] [--width W --height H] [-o FILE] SPEC [SPEC...]
//!             (--loss with train's flags: the training chart)
//! ```
//! Exit status: 0 on success (also when training diverges: the rows up to it are printed, then
//! `diverged at epoch N` on stderr); 2 on a usage error (clap) or a bad spec / bad value, with
//! one `error: ...` line on stderr naming the field; 1 when writing the output (or rendering a
//! picture) fails.

#[cfg(not(target_arch = "wasm32"))]
mod cli {
    // `anneal plot`, in src/bin/cli/plot.rs (a module of this inline `cli` module).
    mod plot;

    use std::io::{self, BufWriter, Read, Write};
    use std::process::ExitCode;

    use anneal::spec::{all_schedulers, ScheduleSpec};
    use anneal::train::{prepare, Dataset, History, LrUnit, Prepared, TrainConfig};
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
        /// SGD momentum in [0, 1) (PyTorch convention).
        #[arg(long, default_value_t = 0.0, allow_negative_numbers = true)]
        momentum: f64,
        /// Seed of the split and the shuffles.
        #[arg(long, default_value_t = 0)]
        seed: u64,
        /// Test fraction in (0, 1), stratified by class, or `none` to train on everything.
        #[arg(long, default_value = "0.2", allow_negative_numbers = true)]
        split: String,
        /// Step the schedule once per epoch or once per optimizer step.
        #[arg(long, value_enum, default_value_t = Unit::Epoch)]
        unit: Unit,
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
            };
            cfg.check().map_err(invalid)?;
            let data = Dataset::by_name(&self.dataset).map_err(invalid)?;
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

    /// A failure and its exit status.
    enum Failure {
        /// Bad spec or value: one line, exit 2.
        Invalid(String),
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
            Command::List => list(),
            Command::Train(args) => train(&args),
            Command::Plot(args) => plot::plot(&args),
        };
        match result {
            Ok(()) => ExitCode::SUCCESS,
            Err(Failure::Invalid(msg)) => {
                eprintln!("error: {msg}");
                ExitCode::from(2)
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

    /// Train on `prepared` with the schedule of `spec` as `anneal train` does: the rates of
    /// `spec` evaluated for the run (one per epoch, or one per optimizer step), the history
    /// per epoch. `plot --loss` trains every series through this too.
    fn train_run(
        spec: &ScheduleSpec,
        prepared: &Prepared,
        cfg: &TrainConfig,
    ) -> Result<History, Failure> {
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
        let rates = spec.evaluate(Some(len)).map_err(invalid)?.lr;
        // Every index train() asks for is < len, so the fallback is never used.
        let lr = |i: usize| rates.get(i).copied().unwrap_or(f64::NAN);
        prepared.train(cfg, &lr).map_err(invalid)
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
        let history = train_run(&spec, &prepared, &cfg)?;
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
