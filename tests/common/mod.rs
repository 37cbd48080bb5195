//! Helpers shared by the command-line test files. Each file uses a subset.
#![allow(dead_code)]

use assert_cmd::Command;

/// The `aka` binary, with no index chosen by the environment.
pub fn aka() -> Command {
    let mut cmd = Command::cargo_bin("aka").expect("the aka binary is built");
    cmd.env_remove("AKA_INDEX");
    cmd
}

/// What one run printed and how it exited.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `cmd` to completion.
pub fn run(cmd: &mut Command) -> Run {
    let out = cmd.output().expect("aka runs");
    Run {
        code: out
            .status
            .code()
            .expect("aka exits normally, not by a signal"),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    }
}
