//! The `trail` binary: parse the command line, run, turn the outcome into an exit code.
//! Errors are printed once, as one line, at this edge.

use clap::Parser as _;
use std::io::Write as _;
use std::process::ExitCode;
use trail::cli::{Cli, Outcome};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let config = trail::config::load();
    let vault = cli.vault_dir(&config.config);
    let result = if let Some(command) = &cli.command {
        // A script is told once, on standard error, and goes on with the defaults;
        // `trail config` prints the problems itself.
        if !matches!(command, trail::cli::Command::Config) {
            for problem in &config.problems {
                eprintln!("trail: warning: {}", trail::text::clean_line(problem));
            }
        }
        let stdout = std::io::stdout();
        let mut out = std::io::BufWriter::new(stdout.lock());
        trail::cli::run(command, &vault, &config, &mut out).and_then(|o| {
            out.flush()?;
            Ok(o)
        })
    } else {
        trail::tui::run(&vault, cli.settings(&config), &config.problems).map(|()| Outcome::Ok)
    };
    match result {
        Ok(Outcome::Ok) => ExitCode::SUCCESS,
        Ok(Outcome::Problems) => ExitCode::from(1),
        // A reader that stopped reading (`trail list | head`) is not an error.
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("trail: {}", trail::text::clean_line(&format!("{err:#}")));
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
