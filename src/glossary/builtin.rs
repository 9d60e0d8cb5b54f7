//! The glossaries compiled into the binary, grouped in packs. This list is
//! the one place that says which file belongs to which pack.

/// Name for all built-in glossaries together on the command line and in
/// configs (`-g diplomatic`, format v1).
pub const BUILTIN_NAME: &str = "diplomatic";

/// The pack used when no glossary and no pack is named.
pub const DEFAULT_PACK: &str = "default";

/// One built-in glossary file.
#[derive(Debug, Clone, Copy)]
pub struct BuiltinFile {
    /// The pack it belongs to (its `[glossary] pack`, when it has one,
    /// must say the same).
    pub pack: &'static str,
    /// Its path as shown to users (`builtin:glossaries/...`).
    pub path: &'static str,
    /// The TOML text.
    pub text: &'static str,
}

macro_rules! file {
    ($pack:literal, $file:literal) => {
        BuiltinFile {
            pack: $pack,
            path: concat!("builtin:glossaries/", $file),
            text: include_str!(concat!("../../glossaries/", $file)),
        }
    };
}

/// Every built-in glossary file, by pack (see glossaries/README.md).
pub const BUILTIN_FILES: &[BuiltinFile] = &[
    file!("default", "default/diplomatic.toml"),
    file!("default", "default/countries.toml"),
    file!("default", "default/people.toml"),
    file!("un", "un/un.toml"),
    file!("ukraine-places", "ukraine-places/ukraine-places.toml"),
    file!(
        "mfa-transliteration",
        "mfa-transliteration/mfa-transliteration.toml"
    ),
    file!("wire-style", "wire-style/wire-style.toml"),
    file!("own-spelling", "own-spelling/own-spelling.toml"),
];

/// The pack names, in the order of [`BUILTIN_FILES`], each once.
pub fn pack_names() -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for f in BUILTIN_FILES {
        if !out.contains(&f.pack) {
            out.push(f.pack);
        }
    }
    out
}

/// The files of pack `name` (none when there is no such pack).
pub fn pack_files(name: &str) -> impl Iterator<Item = &'static BuiltinFile> {
    BUILTIN_FILES.iter().filter(move |f| f.pack == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file that names its pack in `[glossary] pack` names the pack this
    /// list files it under, and every pack loads.
    #[test]
    fn files_agree_with_their_pack_headers() {
        for f in BUILTIN_FILES {
            let g = crate::glossary::parse(f.path, f.text)
                .glossary
                .unwrap_or_else(|| panic!("{} does not load", f.path));
            if let Some(p) = &g.pack {
                assert_eq!(p, f.pack, "{}", f.path);
            }
        }
        assert!(pack_names().contains(&DEFAULT_PACK));
        assert!(pack_files("no-such-pack").next().is_none());
    }
}
