// std's files, sockets, processes, environment and standard streams are `io`; in-memory I/O
// and builders are not.
use std::io::Write;
use std::process::Command;

#[wasm::pure]
fn reads_file() -> String {
    std::fs::read_to_string("/tmp/x").unwrap_or_default() //~ wasm_lint::undeclared_effect
}

#[wasm::pure]
fn writes_file(f: &mut std::fs::File) {
    f.write_all(b"x").unwrap(); //~ wasm_lint::undeclared_effect
}

#[wasm::pure]
fn writes_to_memory() -> Vec<u8> {
    let mut out = Vec::new();
    out.write_all(b"x").unwrap();
    write!(out, "{}", 3).unwrap();
    out
}

#[wasm::pure]
fn env_var() -> bool {
    std::env::var("HOME").is_ok() //~ wasm_lint::undeclared_effect
}

#[wasm::pure]
fn builds_command() -> Command {
    let mut cmd = Command::new("ls");
    cmd.arg("-l");
    cmd
}

#[wasm::pure]
fn runs_command(mut cmd: Command) -> bool {
    cmd.status().is_ok() //~ wasm_lint::undeclared_effect
}

#[wasm::pure]
fn connects() -> bool {
    std::net::TcpStream::connect("127.0.0.1:1").is_ok() //~ wasm_lint::undeclared_effect
}

#[wasm::effect(io)]
fn logs(x: u32) {
    eprintln!("{x}");
    let _ = std::io::stdout().flush();
}

fn main() {
    let _ = reads_file();
    if let Ok(mut f) = std::fs::File::open("/tmp/x") {
        writes_file(&mut f);
    }
    let _ = writes_to_memory();
    let _ = env_var();
    let _ = runs_command(builds_command());
    let _ = connects();
    logs(1);
}
