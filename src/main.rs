//! The incimap binary: parse the command line, dispatch, print the error chain, exit.

mod cli;
mod cmd;

use clap::Parser;

// Geoparsing allocates many short strings; mimalloc makes that about a fifth cheaper.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let cli = cli::Cli::parse();
    let code = match cmd::run(cli) {
        Ok(code) => code,
        Err(e) => {
            if is_broken_pipe(&e) {
                0
            } else {
                eprintln!("incimap: {}", chain(&e));
                2
            }
        }
    };
    std::process::exit(code);
}

/// The error and its causes joined by ": ", as `{:#}` prints them, but without a cause
/// whose text its parent already ends with (library errors spell out their I/O cause).
fn chain(e: &anyhow::Error) -> String {
    let mut out = String::new();
    for cause in e.chain() {
        let text = cause.to_string();
        if !out.ends_with(&text) {
            if !out.is_empty() {
                out.push_str(": ");
            }
            out.push_str(&text);
        }
    }
    out
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
