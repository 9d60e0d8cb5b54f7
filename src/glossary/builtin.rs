//! The glossaries compiled into the binary, used when no glossary is given.

/// Name used for the built-in glossaries on the command line and in configs.
pub const BUILTIN_NAME: &str = "diplomatic";

/// `(path, text)` of each built-in glossary file (see glossaries/README.md).
pub const BUILTIN: &[(&str, &str)] = &[
    (
        "builtin:glossaries/diplomatic.toml",
        include_str!("../../glossaries/diplomatic.toml"),
    ),
    (
        "builtin:glossaries/countries.toml",
        include_str!("../../glossaries/countries.toml"),
    ),
    (
        "builtin:glossaries/people.toml",
        include_str!("../../glossaries/people.toml"),
    ),
];
