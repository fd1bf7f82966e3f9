//! Fingerprints the migrations, so the end-to-end tests can reuse one migrated template
//! database per migration set instead of migrating (and loading 91,599 regions) per test.
use std::{
    collections::hash_map::DefaultHasher,
    hash::{Hash, Hasher},
    path::Path,
};

fn hash_dir(dir: &Path, h: &mut DefaultHasher) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            hash_dir(&path, h);
        } else {
            path.file_name().hash(h);
            std::fs::read(&path).unwrap().hash(h);
        }
    }
}

fn main() {
    // Read at run time: a build script compiled for another checkout may be reused from a
    // shared target folder, and env!() would point it at that checkout.
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let migration = Path::new(&manifest).join("../migration");
    let mut h = DefaultHasher::new();
    for sub in ["src", "data"] {
        hash_dir(&migration.join(sub), &mut h);
        println!("cargo:rerun-if-changed=../migration/{sub}");
    }
    println!("cargo:rustc-env=MIGRATIONS_FINGERPRINT={:016x}", h.finish());
}
