//! The README's example output is the real output of its first command.

#[test]
fn readme_shows_the_real_output_of_the_example() {
    let root = env!("CARGO_MANIFEST_DIR");
    let readme = std::fs::read_to_string(format!("{root}/README.md")).unwrap();
    let first = readme
        .lines()
        .find(|l| l.starts_with("cargo run --release -- check "))
        .expect("the README opens with the example command");
    let path = first
        .trim_start_matches("cargo run --release -- check ")
        .trim();
    let block = readme
        .split("## What the first command prints")
        .nth(1)
        .and_then(|s| s.split("```text\n").nth(1))
        .and_then(|s| s.split("```").next())
        .expect("an output block follows the heading");
    let out = crate::common::bin()
        .current_dir(root)
        .args(["check", "--color", "never", path])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(String::from_utf8(out.stdout).unwrap(), block);
}
