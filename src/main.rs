//! The `clapboard` command: parses arguments, calls the library, prints diagnostics and turns
//! them into an exit code (0 success, 1 the project has errors, 2 usage errors).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use clapboard::diagnostics::{self, Diagnostic};
use clapboard::{BuildOptions, Failure};

#[derive(Parser)]
#[command(
    name = "clapboard",
    version,
    about = "Static sites for music video productions"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the production's site.
    Build {
        /// The production folder (or any folder inside it).
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Where to write the site; <project>/dist by default.
        #[arg(long)]
        out: Option<PathBuf>,
        /// The build's clock (`2026-11-23` or `2026-11-23T09:00`), for what is done, due and
        /// late; now by default. Fixing it makes builds reproducible.
        #[arg(long, value_parser = parse_now)]
        now: Option<chrono::NaiveDateTime>,
    },
    /// Check the production for problems without writing anything.
    Check {
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    /// Start a new production from the example project.
    New {
        /// The folder to create.
        dir: PathBuf,
    },
}

fn parse_now(text: &str) -> Result<chrono::NaiveDateTime, String> {
    clapboard::model::DateTime::parse(text)
        .map(|t| t.0)
        .or_else(|| clapboard::model::Date::parse(text).and_then(|d| d.0.and_hms_opt(0, 0, 0)))
        .ok_or_else(|| {
            format!("`{text}` is not a date like 2026-11-23 or a time like 2026-11-23T09:00")
        })
}

fn print_all(diagnostics: &[Diagnostic]) {
    for diagnostic in diagnostics {
        eprintln!("{diagnostic}");
    }
}

fn failed(failure: Failure) -> ExitCode {
    print_all(&failure.diagnostics);
    eprintln!("{}", diagnostics::summary(&failure.diagnostics));
    ExitCode::from(1)
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match cli.command {
        Command::Build { dir, out, now } => {
            let options = BuildOptions { out, now };
            match clapboard::build(&dir, &options) {
                Ok(report) => {
                    print_all(&report.diagnostics);
                    println!(
                        "built {} pages ({} files) into {}",
                        report.pages,
                        report.files,
                        report.out.display()
                    );
                    ExitCode::SUCCESS
                }
                Err(failure) => failed(failure),
            }
        }
        Command::Check { dir } => match clapboard::load_and_check(&dir) {
            Ok(checked) => {
                print_all(&checked.warnings);
                println!(
                    "{}: no errors ({})",
                    checked.root.display(),
                    diagnostics::summary(&checked.warnings)
                );
                ExitCode::SUCCESS
            }
            Err(failure) => failed(failure),
        },
        Command::New { dir } => match clapboard::new_project(&dir) {
            Ok(files) => {
                println!("created {} with {files} files", dir.display());
                println!("next: clapboard build {}", dir.display());
                ExitCode::SUCCESS
            }
            Err(failure) => failed(failure),
        },
    }
}
