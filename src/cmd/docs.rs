//! `incimap completions` and `incimap man`: shell completions and the manual page, made from
//! the clap definitions so they never drift from what the binary accepts.

use std::io::Write;

use anyhow::{Context, Result};
use clap::CommandFactory;

use crate::cli::Cli;

#[derive(clap::Args, Debug)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
    /// Accepted as in every command (this one writes nothing on stderr).
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

#[derive(clap::Args, Debug)]
pub struct ManArgs {
    /// Accepted as in every command (this one writes nothing on stderr).
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

pub fn completions(a: CompletionsArgs) -> Result<i32> {
    let mut cmd = Cli::command();
    let mut out = std::io::stdout().lock();
    clap_complete::generate(a.shell, &mut cmd, "incimap", &mut out);
    out.flush().context("cannot write the completions")?;
    Ok(0)
}

/// One page for the whole tool: the top-level page, then each subcommand's as a section, as
/// `git help`-less tools such as ripgrep ship theirs.
pub fn man() -> Result<i32> {
    let cmd = Cli::command();
    let mut page = Vec::new();
    let man = clap_mangen::Man::new(cmd.clone());
    man.render_title(&mut page)?;
    man.render_name_section(&mut page)?;
    man.render_synopsis_section(&mut page)?;
    man.render_description_section(&mut page)?;
    // Not clap_mangen's list, which points to incimap-<sub>(1) pages that are not shipped:
    // every subcommand is a section of this one page.
    subcommand_list(&mut page, &cmd, "incimap", ".SH")?;
    for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
        write_subcommand(&mut page, sub, "incimap")?;
    }
    man.render_extra_section(&mut page)?;
    man.render_version_section(&mut page)?;
    man.render_authors_section(&mut page)?;
    let mut out = std::io::stdout().lock();
    out.write_all(&page)
        .and_then(|()| out.flush())
        .context("cannot write the manual page")?;
    Ok(0)
}

/// The subcommands of `cmd` (called `name`), each with its one line and where its section
/// is, under a `level` heading (.SH or .SS).
fn subcommand_list(page: &mut Vec<u8>, cmd: &clap::Command, name: &str, level: &str) -> Result<()> {
    let subs: Vec<&clap::Command> = cmd
        .get_subcommands()
        .filter(|s| s.get_name() != "help")
        .collect();
    if subs.is_empty() {
        return Ok(());
    }
    writeln!(page, "{level} SUBCOMMANDS")?;
    for sub in subs {
        let full = format!("{name} {}", sub.get_name());
        let about = sub.get_about().map(|a| a.to_string()).unwrap_or_default();
        writeln!(
            page,
            ".TP\n\\fB{full}\\fR (section {} below)\n{}",
            full.to_uppercase(),
            roff_text(&about)
        )?;
    }
    Ok(())
}

/// Plain text as roff: a leading dot or quote would be read as a request, a backslash as
/// an escape, and a hyphen as a breakable hyphen rather than a minus.
fn roff_text(s: &str) -> String {
    let escaped = s.replace('\\', "\\e").replace('-', "\\-");
    if escaped.starts_with(['.', '\'']) {
        format!("\\&{escaped}")
    } else {
        escaped
    }
}

/// A subcommand's usage, options and examples as a section of the page (and its own
/// subcommands', e.g. `gazetteer lookup`).
fn write_subcommand(page: &mut Vec<u8>, cmd: &clap::Command, parent: &str) -> Result<()> {
    let name = format!("{parent} {}", cmd.get_name());
    let cmd = cmd.clone().bin_name(name.clone());
    let mut buf = Vec::new();
    let man = clap_mangen::Man::new(cmd.clone());
    man.render_name_section(&mut buf)?;
    man.render_synopsis_section(&mut buf)?;
    man.render_description_section(&mut buf)?;
    man.render_options_section(&mut buf)?;
    subcommand_list(&mut buf, &cmd, &name, ".SH")?;
    man.render_extra_section(&mut buf)?;
    // Drop the sub-page's own title line (.TH): it is a section of this page.
    let text = String::from_utf8_lossy(&buf);
    writeln!(page, ".SH \"{}\"", name.to_uppercase())?;
    for line in text.lines().filter(|l| !l.starts_with(".TH ")) {
        // The sub-page's sections become subsections.
        match line.strip_prefix(".SH ") {
            Some(title) => writeln!(page, ".SS {title}")?,
            None => writeln!(page, "{line}")?,
        }
    }
    for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
        write_subcommand(page, sub, &name)?;
    }
    Ok(())
}
