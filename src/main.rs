fn main() -> std::process::ExitCode {
    pacer::cli::main()
}
