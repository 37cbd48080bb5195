//! The `aka` command line: a thin client of the library.

mod cli;

use std::process::ExitCode;

// Resolving a name allocates and frees a few dozen small buffers; mimalloc
// serves them faster than the system allocator. The library leaves the
// choice of allocator to the program that uses it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    match cli::run() {
        Ok(code) => code,
        Err(err) => {
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            eprintln!("aka: {}", message(&err));
            ExitCode::from(2)
        }
    }
}

/// The error and its causes, joined by ": ". A cause that the message
/// already ends with is not repeated: the library's errors print their
/// cause themselves (`file: No such file or directory`).
fn message(err: &anyhow::Error) -> String {
    let mut text = String::new();
    for cause in err.chain() {
        let cause = cause.to_string();
        if text.ends_with(&cause) {
            continue;
        }
        if !text.is_empty() {
            text.push_str(": ");
        }
        text.push_str(&cause);
    }
    text
}

/// A closed pipe (`aka lookup … | head`) is the reader's choice, not an error.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
