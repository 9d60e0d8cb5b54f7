//! The glossaries compiled into the binary, used when no glossary is given.

/// Name used for the built-in glossary on the command line and in configs.
pub const BUILTIN_NAME: &str = "diplomatic";

/// `(path, text)` of each built-in glossary file.
pub const BUILTIN: &[(&str, &str)] = &[(
    "builtin:glossaries/diplomatic.toml",
    include_str!("../../glossaries/diplomatic.toml"),
)];
