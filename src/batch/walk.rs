//! Which files a batch reads, in which order, and which shard reads each.
//!
//! Folders are walked with the `ignore` crate (ripgrep's walker) so hidden
//! files and whatever `.gitignore`/`.ignore` exclude are skipped, as users of
//! ripgrep and fd expect. `.gitignore` applies even outside a git repository:
//! a folder of exported calls is often not one. Recordings, images and other
//! files whose extension says they are not text
//! ([`MEDIA_EXTENSIONS`](crate::parse::MEDIA_EXTENSIONS)) are skipped too:
//! people keep `call.mp4` next to `call.vtt`. Files named on the
//! command line are always read, whatever the globs, ignore files and
//! extensions say.
//!
//! The order is the sorted path text, not the walk's: it is the same on every
//! machine and thread count, and `merge` can rebuild it from rows alone.

use std::path::{Path, PathBuf};

use ignore::overrides::OverrideBuilder;
use ignore::WalkBuilder;

use super::config::FILE_NAME;
use crate::error::{Error, Result};
use crate::parse::media_extension;

/// Whether a folder walk leaves `path` out for its extension: a recording,
/// image or other media file
/// ([`MEDIA_EXTENSIONS`](crate::parse::MEDIA_EXTENSIONS)), never a
/// transcript. A file named on the command line is read whatever its
/// extension.
pub fn skipped_extension(path: &Path) -> bool {
    media_extension(path).is_some()
}

/// How to walk.
#[derive(Debug, Clone, Default)]
pub struct WalkOptions {
    /// ripgrep-style globs: `*.vtt` picks, `!drafts/**` leaves out.
    pub globs: Vec<String>,
    /// Also read hidden files and folders.
    pub hidden: bool,
    /// Do not read `.gitignore`, `.ignore` and git's exclude files.
    pub no_ignore: bool,
}

/// A file to read, or a path that could not even be walked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    File(String),
    /// The path and a one-line reason (a missing argument, an unreadable folder).
    Broken(String, String),
}

impl Target {
    pub fn path(&self) -> &str {
        match self {
            Target::File(p) | Target::Broken(p, _) => p,
        }
    }
}

/// One shard of `N`, numbered from 1 like GitLab's `CI_NODE_INDEX`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub index: u32,
    pub total: u32,
}

impl std::str::FromStr for Shard {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        let bad = || format!("`{s}` is not a shard: write K/N with 1 <= K <= N, e.g. 2/4");
        let (k, n) = s.split_once('/').ok_or_else(bad)?;
        let index: u32 = k.trim().parse().map_err(|_| bad())?;
        let total: u32 = n.trim().parse().map_err(|_| bad())?;
        if index == 0 || total == 0 || index > total {
            return Err(bad());
        }
        Ok(Shard { index, total })
    }
}

impl std::fmt::Display for Shard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.index, self.total)
    }
}

/// FNV-1a 64 of the path with `./` and `\` normalised: stable across
/// platforms, Rust versions and runs (std's hasher is none of these).
pub fn path_hash(path: &str) -> u64 {
    let p = path.replace('\\', "/");
    let mut p = p.as_str();
    while let Some(rest) = p.strip_prefix("./") {
        p = rest;
    }
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in p.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

impl Shard {
    /// Whether this shard reads `path`. Every path belongs to exactly one shard.
    pub fn owns(&self, path: &str) -> bool {
        path_hash(path) % u64::from(self.total) == u64::from(self.index - 1)
    }
}

fn shown(p: &Path) -> String {
    p.to_string_lossy().into_owned()
}

/// Lists the files under `paths`, sorted and without duplicates: each path
/// that is a file, and the files a walk of each folder keeps (not hidden, not
/// ignored, matching the globs, not `closecall.toml`, not a
/// [media](crate::parse::MEDIA_EXTENSIONS) file). A bad glob is an error; an
/// unreadable path is a [`Target::Broken`].
pub fn discover(paths: &[PathBuf], opts: &WalkOptions) -> Result<Vec<Target>> {
    let mut out = Vec::new();
    for root in paths {
        let meta = match std::fs::metadata(root) {
            Ok(m) => m,
            Err(e) => {
                out.push(Target::Broken(shown(root), format!("cannot read: {e}")));
                continue;
            }
        };
        if !meta.is_dir() {
            out.push(Target::File(shown(root)));
            continue;
        }
        let mut ob = OverrideBuilder::new(root);
        for g in &opts.globs {
            ob.add(g)
                .map_err(|e| Error::Usage(format!("bad --glob `{g}`: {e}")))?;
        }
        let overrides = ob
            .build()
            .map_err(|e| Error::Usage(format!("bad --glob: {e}")))?;
        let walker = WalkBuilder::new(root)
            .hidden(!opts.hidden)
            .git_ignore(!opts.no_ignore)
            .git_global(!opts.no_ignore)
            .git_exclude(!opts.no_ignore)
            .ignore(!opts.no_ignore)
            .parents(!opts.no_ignore)
            .require_git(false)
            .overrides(overrides)
            .build();
        for entry in walker {
            match entry {
                Ok(e) => {
                    if e.file_type().is_some_and(|t| t.is_file())
                        && e.file_name() != FILE_NAME
                        && !skipped_extension(e.path())
                    {
                        out.push(Target::File(shown(e.path())));
                    }
                }
                Err(e) => {
                    let path = match &e {
                        ignore::Error::WithPath { path, .. } => shown(path),
                        _ => shown(root),
                    };
                    let msg = e.to_string().replace('\n', " ");
                    out.push(Target::Broken(path, msg));
                }
            }
        }
    }
    out.sort_by(|a, b| a.path().cmp(b.path()));
    out.dedup_by(|a, b| a.path() == b.path());
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_partition_paths() {
        let paths: Vec<String> = (0..500).map(|i| format!("calls/c{i}.vtt")).collect();
        let shards: Vec<Shard> = (1..=4).map(|k| Shard { index: k, total: 4 }).collect();
        for p in &paths {
            assert_eq!(shards.iter().filter(|s| s.owns(p)).count(), 1);
        }
        for s in &shards {
            assert!(paths.iter().filter(|p| s.owns(p)).count() > 60);
        }
        assert_eq!(path_hash("./a/b.vtt"), path_hash("a/b.vtt"));
        assert!("0/4".parse::<Shard>().is_err());
        assert!("5/4".parse::<Shard>().is_err());
        assert_eq!("2/4".parse::<Shard>().unwrap().to_string(), "2/4");
    }

    #[test]
    fn media_extensions_are_skipped_in_any_case() {
        for p in ["call.mp3", "a/call.M4A", "call.Mp4", "deck.pdf", "shot.PNG"] {
            assert!(skipped_extension(Path::new(p)), "{p}");
        }
        for p in [
            "call.vtt",
            "call.txt",
            "call.json",
            "call.docx",
            "mp3",
            "call",
            ".mp3",
        ] {
            assert!(!skipped_extension(Path::new(p)), "{p}");
        }
        for e in crate::parse::MEDIA_EXTENSIONS {
            assert_eq!(*e, e.to_ascii_lowercase(), "listed in lower case");
        }
    }
}
