//! Compiles `proto/` into Rust with a pure-Rust protobuf compiler, so no `protoc` is needed.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../proto");
    let files = ["desk/v1/envelope.proto"];
    let descriptors = protox::compile(files, [&root])?;
    prost_build::Config::new()
        .include_file("desk_proto.rs")
        .compile_fds(descriptors)?;
    println!("cargo:rerun-if-changed={}", root.display());
    Ok(())
}
