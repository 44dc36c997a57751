//! The `clapboard` command: parses arguments, calls the library, prints diagnostics and turns
//! them into an exit code (0 success, 1 the project has problems, 2 usage errors).

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};

use clapboard::diagnostics::{self, Diagnostic};
use clapboard::{BuildOptions, Failure};

/// A build makes and drops many small values on every thread; mimalloc does that faster than
/// the system's allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "clapboard",
    version,
    about = "Static sites for music video productions"
)]
struct Cli {
    /// When to colour what clapboard prints: on a terminal without NO_COLOR set (auto),
    /// always, or never.
    #[arg(long, global = true, value_enum, default_value_t = Color::Auto)]
    color: Color,
    /// Print only errors (and where `serve` serves).
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Print more: where the time went in each build.
    #[arg(short, long, global = true)]
    verbose: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

/// What every command prints, as the global options ask.
#[derive(Clone, Copy)]
struct Output {
    styled: bool,
    quiet: bool,
    verbose: bool,
}

impl Output {
    fn of(cli: &Cli) -> Output {
        let styled = match cli.color {
            Color::Always => true,
            Color::Never => false,
            Color::Auto => {
                std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
            }
        };
        Output {
            styled,
            quiet: cli.quiet,
            verbose: cli.verbose,
        }
    }
}

/// `--drafts` and `--base-url`, shared by `build` and `serve`.
#[derive(clap::Args)]
struct Changes {
    /// Publish draft notes too, each marked as a draft: for a preview, not for a release.
    #[arg(long)]
    drafts: bool,
    /// Where the sites will live instead of clapboard.yaml's `base_url`, as for a staging
    /// deploy: `URL` for the production (every audience without an address of its own), or
    /// `NAME=URL` for one audience; repeat for several.
    #[arg(long = "base-url", value_name = "[NAME=]URL")]
    base_urls: Vec<String>,
}

impl Changes {
    fn overrides(&self) -> clapboard::Overrides {
        let mut overrides = clapboard::Overrides {
            drafts: self.drafts,
            ..Default::default()
        };
        for value in &self.base_urls {
            overrides.add_base_url(value);
        }
        overrides
    }
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
        /// late and for embargoes; now by default. Fixing it makes builds reproducible.
        #[arg(long, value_parser = parse_now)]
        now: Option<chrono::NaiveDateTime>,
        /// Fail when there are warnings, not only errors.
        #[arg(long)]
        deny_warnings: bool,
        /// Write into an existing folder clapboard did not create; files clapboard did not write
        /// are kept, never deleted or overwritten.
        #[arg(long)]
        force: bool,
        /// Build only this audience's site (repeat for several); all of them by default.
        #[arg(long = "audience", value_name = "NAME")]
        audiences: Vec<String>,
        /// Print the time spent in each stage (load, check, view, render, write).
        #[arg(long)]
        timings: bool,
        #[command(flatten)]
        changes: Changes,
    },
    /// Check the production for problems without writing anything.
    Check {
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// `human` (default) or `json`, for editors and CI.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Fail when there are warnings, not only errors.
        #[arg(long)]
        deny_warnings: bool,
        /// The moment to check embargoes against; now by default.
        #[arg(long, value_parser = parse_now)]
        now: Option<chrono::NaiveDateTime>,
    },
    /// Serve the site, rebuilding and reloading the browser on every change.
    Serve {
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// The port to try first; the next free one is used when it is taken.
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// The audience whose site to serve; the one that sees the most by default.
        #[arg(long)]
        audience: Option<String>,
        /// Listen on another address than 127.0.0.1 (other machines can then see the site).
        #[arg(long)]
        bind: Option<std::net::IpAddr>,
        /// Also answer requests for this host name (repeat for several); only localhost, its
        /// subdomains, the loopback addresses and the --bind address are answered by default.
        #[arg(long = "allow-host", value_name = "NAME", value_parser = clapboard::serve::hosts::allow_host)]
        allowed_hosts: Vec<String>,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
        /// The clock to build with, as for `build`.
        #[arg(long, value_parser = parse_now)]
        now: Option<chrono::NaiveDateTime>,
        #[command(flatten)]
        changes: Changes,
    },
    /// Write a JSON Schema for every document kind, for editors.
    Schema {
        /// The folder to write the schemas into; by default `schemas/` in the production
        /// folder this is run in (or any folder inside), else in the current folder.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Start a new production: a blank one, every document with its fields commented, or a
    /// copy of the example.
    New {
        /// The folder to create; the production is titled after it (`my-video` is "My Video").
        dir: PathBuf,
        /// What the production starts from.
        #[arg(long, value_enum, default_value_t = clapboard::Starter::Blank)]
        template: clapboard::Starter,
    },
    /// Write an empty spreadsheet for one list of a document, to fill in instead of YAML.
    ///
    /// The header row names the fields as the YAML does: nested fields are dotted
    /// (`permit.status`), a list of values goes in one cell separated by `;` (`priya; sol`),
    /// and `audience` is the last column. Fields that are lists of items (a location's
    /// `photos`, a shoot day's `cast_calls`) cannot be a column and are left out. The second
    /// row is an example, from the example production: overwrite it with your first item. A
    /// workbook also has a note on every header, saying what the field is and whether it is
    /// required, and a dropdown for fields whose values come from a list (shot sizes,
    /// statuses). The command says where the file belongs in the production folder.
    Template {
        /// The list: `shots`, `scenes`, `lines`, `crew`, `reviews` ..., or
        /// `<document>.<list>` such as `budget.lines` or `people.crew`.
        list: String,
        /// `csv` (default) or `xlsx`.
        #[arg(long, value_enum, default_value_t = SheetFormat::Csv)]
        format: SheetFormat,
        /// The file to write, which must not exist; `<list>.<format>` in the current folder
        /// by default.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Print the completion script of a shell.
    ///
    /// For example `clapboard completions bash >
    /// ~/.local/share/bash-completion/completions/clapboard`.
    Completions {
        /// bash, zsh, fish, elvish or powershell.
        shell: clap_complete::Shell,
    },
    /// Print the manual page, or write one page a command into a folder.
    ///
    /// `clapboard man | man -l -` reads it; `clapboard man --out ~/.local/share/man/man1`
    /// writes `clapboard.1`, `clapboard-build.1` ... for `man clapboard-build`.
    Man {
        /// The folder to write the pages into.
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum SheetFormat {
    Csv,
    Xlsx,
}

impl From<SheetFormat> for clapboard::template::SheetFormat {
    fn from(format: SheetFormat) -> Self {
        match format {
            SheetFormat::Csv => clapboard::template::SheetFormat::Csv,
            SheetFormat::Xlsx => clapboard::template::SheetFormat::Xlsx,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Human,
    Json,
}

fn parse_now(text: &str) -> Result<chrono::NaiveDateTime, String> {
    clapboard::model::DateTime::parse(text)
        .map(|t| t.0)
        .or_else(|| clapboard::model::Date::parse(text).and_then(|d| d.0.and_hms_opt(0, 0, 0)))
        .ok_or_else(|| {
            format!("`{text}` is not a date like 2026-11-23 or a time like 2026-11-23T09:00")
        })
}

/// Prints diagnostics for people, in colour when asked; only errors when quiet.
fn print_human(diagnostics: &[Diagnostic], output: Output) {
    for diagnostic in diagnostics {
        if !output.quiet || diagnostic.is_error() {
            eprintln!("{}\n", diagnostic.render(output.styled));
        }
    }
}

fn print_json(diagnostics: &[Diagnostic]) {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let report = serde_json::json!({
        "errors": errors,
        "warnings": diagnostics.len() - errors,
        "diagnostics": diagnostics.iter().map(Diagnostic::to_json).collect::<Vec<_>>(),
    });
    println!(
        "{}",
        serde_json::to_string_pretty(&report).unwrap_or_default()
    );
}

fn report(diagnostics: &[Diagnostic], format: Format, output: Output) {
    match format {
        Format::Human => {
            print_human(diagnostics, output);
            let errors = diagnostics.iter().any(Diagnostic::is_error);
            if errors || (!output.quiet && !diagnostics.is_empty()) {
                eprintln!("{}", diagnostics::summary(diagnostics));
            }
        }
        Format::Json => print_json(diagnostics),
    }
}

/// Exit 1 when there are errors, or warnings and `deny_warnings`.
fn outcome(diagnostics: &[Diagnostic], deny_warnings: bool) -> ExitCode {
    let failing = diagnostics.iter().any(|d| d.is_error() || deny_warnings);
    if failing {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
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
    let output = Output::of(&cli);
    match cli.command {
        Command::Build {
            dir,
            out,
            now,
            deny_warnings,
            force,
            audiences,
            timings,
            changes,
        } => {
            let options = BuildOptions {
                out,
                now,
                force,
                deny_warnings,
                audiences,
                overrides: changes.overrides(),
                progress: clapboard::progress::Progress::new(
                    !output.quiet && std::io::stderr().is_terminal(),
                ),
            };
            match clapboard::build(&dir, &options) {
                Ok(built) => {
                    report(&built.diagnostics, Format::Human, output);
                    if options.overrides.drafts {
                        eprintln!(
                            "note: drafts are published, marked as drafts: this build is a preview"
                        );
                    }
                    for site in built.sites.iter().filter(|_| !output.quiet) {
                        println!(
                            "built the {} site{}: {} pages ({} files) in {}",
                            site.audience,
                            if site.protected {
                                ", password-protected"
                            } else {
                                ""
                            },
                            site.pages,
                            site.files,
                            site.out.display()
                        );
                    }
                    if timings || output.verbose {
                        println!("{}", built.timings);
                    }
                    ExitCode::SUCCESS
                }
                Err(Failure { diagnostics }) => {
                    report(&diagnostics, Format::Human, output);
                    eprintln!("the build stopped: sites not written are left exactly as they were");
                    ExitCode::from(1)
                }
            }
        }
        Command::Check {
            dir,
            format,
            deny_warnings,
            now,
        } => {
            let diagnostics = match clapboard::load_and_check(&dir, now) {
                Ok(checked) => checked.warnings,
                Err(Failure { diagnostics }) => diagnostics,
            };
            report(&diagnostics, format, output);
            if format == Format::Human && !output.quiet && diagnostics.iter().all(|d| !d.is_error())
            {
                println!("no errors ({})", diagnostics::summary(&diagnostics));
            }
            outcome(&diagnostics, deny_warnings)
        }
        Command::Serve {
            dir,
            port,
            audience,
            bind,
            allowed_hosts,
            open,
            now,
            changes,
        } => {
            let mut options = clapboard::serve::ServeOptions {
                dir,
                port,
                allowed_hosts,
                audience,
                open,
                now,
                overrides: changes.overrides(),
                styled: output.styled,
                quiet: output.quiet,
                verbose: output.verbose,
                ..Default::default()
            };
            if let Some(bind) = bind {
                options.bind = bind;
            }
            match clapboard::serve::serve(&options) {
                Ok(()) => ExitCode::SUCCESS,
                Err(Failure { diagnostics }) => {
                    report(&diagnostics, Format::Human, output);
                    ExitCode::from(1)
                }
            }
        }
        Command::Schema { out } => {
            let out = out.unwrap_or_else(|| {
                // Inside a production, its own `schemas/`: where its documents point.
                clapboard::load::find_root(Path::new("."))
                    .map(|root| root.join("schemas"))
                    .unwrap_or_else(|_| PathBuf::from("schemas"))
            });
            match clapboard::write_schemas(&out) {
                Ok(files) => {
                    if output.quiet {
                        return ExitCode::SUCCESS;
                    }
                    println!(
                        "wrote {} schemas into {} (templates' data in {})",
                        files.len(),
                        out.display(),
                        out.join("templates").display()
                    );
                    ExitCode::SUCCESS
                }
                Err(Failure { diagnostics }) => {
                    report(&diagnostics, Format::Human, output);
                    ExitCode::from(1)
                }
            }
        }
        Command::New { dir, template } => match clapboard::new_project(&dir, template) {
            Ok(files) => {
                println!("created {} with {files} files", dir.display());
                println!("next: clapboard build {}", dir.display());
                ExitCode::SUCCESS
            }
            Err(Failure { diagnostics }) => {
                report(&diagnostics, Format::Human, output);
                ExitCode::from(1)
            }
        },
        Command::Template { list, format, out } => {
            match clapboard::template::write(&list, format.into(), out.as_deref()) {
                Ok(written) => {
                    println!(
                        "wrote {}: put it at {} in the production folder",
                        written.path.display(),
                        written.home
                    );
                    if !written.left_out.is_empty() {
                        println!(
                            "left out, as no cell can hold a list of items: {}",
                            written.left_out.join(", ")
                        );
                    }
                    ExitCode::SUCCESS
                }
                Err(diagnostic) => {
                    report(&[diagnostic], Format::Human, output);
                    ExitCode::from(1)
                }
            }
        }
        Command::Completions { shell } => {
            let mut command = Cli::command();
            clap_complete::generate(shell, &mut command, "clapboard", &mut std::io::stdout());
            ExitCode::SUCCESS
        }
        Command::Man { out } => manual(out.as_deref(), output),
    }
}

/// Prints the manual page, or writes every command's into `out`.
fn manual(out: Option<&Path>, output: Output) -> ExitCode {
    let command = Cli::command();
    let written = match out {
        Some(out) => std::fs::create_dir_all(out)
            .and_then(|()| clap_mangen::generate_to(command, out))
            .map(|()| println!("wrote the manual pages into {}", out.display())),
        None => clap_mangen::Man::new(command).render(&mut std::io::stdout()),
    };
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let diagnostic = Diagnostic::error(
                diagnostics::Code::Io,
                format!("cannot write the manual: {e}"),
            );
            report(&[diagnostic], Format::Human, output);
            ExitCode::from(1)
        }
    }
}
