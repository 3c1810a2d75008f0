//! The content files built into the binary, so that pacer runs from any folder with nothing
//! beside it. `PACER_CONTENT_DIR` replaces them with a folder; `pacer content export` writes
//! them out as a starting point for a club that wants to edit its own.

use std::path::{Path, PathBuf};

use anyhow::Context as _;

use super::{Content, ContentError};

/// Every file [`Content`] reads, by its path under `content/`, with its text as built.
pub const FILES: &[(&str, &str)] = &[
    ("common.toml", include_str!("../../content/common.toml")),
    ("tips.toml", include_str!("../../content/tips.toml")),
    (
        "backpain/stretches-before.toml",
        include_str!("../../content/backpain/stretches-before.toml"),
    ),
    (
        "backpain/stretches-after.toml",
        include_str!("../../content/backpain/stretches-after.toml"),
    ),
    (
        "backpain/strength.toml",
        include_str!("../../content/backpain/strength.toml"),
    ),
    (
        "backpain/shoes.toml",
        include_str!("../../content/backpain/shoes.toml"),
    ),
    (
        "backpain/causes.toml",
        include_str!("../../content/backpain/causes.toml"),
    ),
    (
        "backpain/plan.toml",
        include_str!("../../content/backpain/plan.toml"),
    ),
    (
        "backpain/return.toml",
        include_str!("../../content/backpain/return.toml"),
    ),
    (
        "backpain/triage.toml",
        include_str!("../../content/backpain/triage.toml"),
    ),
];

impl Content {
    /// Parses and validates the content built into the binary.
    pub fn builtin() -> Result<Content, ContentError> {
        Content::from_files(&built_in_file)
    }

    /// The content of the folder `dir`, or the built-in content when there is none.
    pub fn open(dir: Option<&Path>) -> Result<Content, ContentError> {
        match dir {
            Some(dir) => Content::load(dir),
            None => Content::builtin(),
        }
    }
}

/// One built-in file, with the path its errors show.
fn built_in_file(name: &str) -> Result<(PathBuf, String), ContentError> {
    let path = PathBuf::from(format!("content/{name} (built in)"));
    match FILES.iter().find(|(file, _)| *file == name) {
        Some((_, text)) => Ok((path, (*text).to_owned())),
        None => Err(ContentError::Read {
            path,
            reason: "not built into this binary".to_owned(),
        }),
    }
}

/// Writes the built-in files under `dir` (created if needed) and returns their paths. Refuses
/// to replace a file that is already there unless `force`, so a club's edits are never lost.
pub fn export(dir: &Path, force: bool) -> anyhow::Result<Vec<PathBuf>> {
    if !force {
        if let Some((name, _)) = FILES.iter().find(|(name, _)| dir.join(name).exists()) {
            anyhow::bail!(
                "{} already exists; nothing was written (use --force to replace the files)",
                dir.join(name).display()
            );
        }
    }
    let mut written = Vec::new();
    for (name, text) in FILES {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
        written.push(path);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    fn folder() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("content")
    }

    /// Every `.toml` under `dir`, by its path under `dir` with `/` between folders.
    fn toml_files(dir: &Path, prefix: &str, found: &mut BTreeSet<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let entry = entry.unwrap();
            let name = format!("{prefix}{}", entry.file_name().to_string_lossy());
            if entry.file_type().unwrap().is_dir() {
                toml_files(&entry.path(), &format!("{name}/"), found);
            } else if std::path::Path::new(&name)
                .extension()
                .is_some_and(|ext| ext.eq_ignore_ascii_case("toml"))
            {
                found.insert(name);
            }
        }
    }

    #[test]
    fn every_content_file_is_built_in_and_read() {
        let mut on_disk = BTreeSet::new();
        toml_files(&folder(), "", &mut on_disk);
        let built_in: BTreeSet<String> = FILES.iter().map(|(n, _)| n.to_string()).collect();
        assert_eq!(built_in, on_disk, "content/ and FILES differ");
        let read = std::cell::RefCell::new(BTreeSet::new());
        Content::from_files(&|name| {
            read.borrow_mut().insert(name.to_owned());
            built_in_file(name)
        })
        .unwrap();
        assert_eq!(
            read.into_inner(),
            built_in,
            "FILES and what the loader reads differ"
        );
    }

    #[test]
    fn built_in_content_is_the_folder_s() {
        let builtin = Content::builtin().expect("the built-in content is valid");
        let folder = Content::load(&folder()).expect("the folder is valid");
        assert_eq!(format!("{builtin:?}"), format!("{folder:?}"));
        assert_eq!(
            format!("{:?}", Content::open(None).unwrap()),
            format!("{builtin:?}")
        );
    }

    #[test]
    fn export_writes_files_that_load_and_keeps_edits() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("club-content");
        let written = export(&out, false).unwrap();
        assert_eq!(written.len(), FILES.len());
        let exported = Content::open(Some(&out)).expect("exported content loads");
        assert_eq!(
            format!("{exported:?}"),
            format!("{:?}", Content::builtin().unwrap())
        );
        let plan = out.join("backpain/plan.toml");
        std::fs::write(&plan, "edited").unwrap();
        let error = export(&out, false).unwrap_err().to_string();
        assert!(error.contains("already exists"), "{error}");
        assert_eq!(std::fs::read_to_string(&plan).unwrap(), "edited");
        export(&out, true).unwrap();
        assert_ne!(std::fs::read_to_string(&plan).unwrap(), "edited");
    }
}
