//! The server's dependency rule (ARCHITECTURE.md), checked on its source: each module uses
//! only modules of its own layer or of layers to its left, an action never uses another
//! action, and no modules outside the GraphQL layer (`api/`) use each other in a cycle.
//!
//! Every `use crate::…`, `use super::…` and every `crate::…` / `super::…` path in the code is
//! read with `syn` (test modules left out) and resolved to the module it names.
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use syn::visit::Visit;

/// The layers, left to right. The crate root's own files (`lib.rs`, `main.rs`, `app.rs`,
/// `demo.rs`: the composition root) sit right of them all.
pub const LAYERS: &[&str] = &[
    "infra", "rules", "store", "engine", "actions", "api", "http",
];

/// A module as its path below the crate (`["store", "clients"]`); the root is empty.
pub type Module = Vec<String>;

/// One `use` or path from a module to another.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Edge {
    pub from: String,
    pub to: String,
    /// The path as written, resolved (`crate::store::clients::find_in_office`).
    pub path: String,
}

/// What the checker found wrong; empty when the code keeps the rule.
#[derive(Debug, Default)]
pub struct Report {
    pub against_layers: Vec<Edge>,
    pub action_to_action: Vec<Edge>,
    /// Each cycle as the modules in order, the first repeated at the end.
    pub cycles: Vec<Vec<String>>,
}

impl Report {
    pub fn is_clean(&self) -> bool {
        self.against_layers.is_empty() && self.action_to_action.is_empty() && self.cycles.is_empty()
    }
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for e in &self.against_layers {
            writeln!(f, "against the layers: {} -> {} ({})", e.from, e.to, e.path)?;
        }
        for e in &self.action_to_action {
            writeln!(
                f,
                "an action uses another action: {} -> {} ({})",
                e.from, e.to, e.path
            )?;
        }
        for c in &self.cycles {
            writeln!(f, "cycle: {}", c.join(" -> "))?;
        }
        Ok(())
    }
}

/// The module of a file below `src/` (`store/clients.rs`, `engine/mod.rs`).
pub fn module_of(relative: &Path) -> Module {
    let mut parts: Vec<String> = relative
        .with_extension("")
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts
}

fn name(m: &[String]) -> String {
    if m.is_empty() {
        "crate".to_owned()
    } else {
        m.join("::")
    }
}

/// The layer index of a module; the crate root's files come after every layer.
fn layer_of(m: &[String]) -> usize {
    m.first()
        .and_then(|first| LAYERS.iter().position(|l| l == first))
        .unwrap_or(LAYERS.len())
}

fn is_test_only(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident("cfg")
            && a.meta
                .require_list()
                .is_ok_and(|l| l.tokens.to_string() == "test")
    })
}

/// Collects the paths a file names, made absolute from the crate root.
struct Paths<'a> {
    module: &'a [String],
    /// The modules a `mod.rs`/`lib.rs` declares: `use engine::…` there means a child.
    children: BTreeSet<String>,
    found: Vec<Vec<String>>,
}

impl Paths<'_> {
    fn absolute(&self, segments: Vec<String>) -> Option<Vec<String>> {
        let first = segments.first()?.as_str();
        let mut out: Vec<String> = match first {
            "crate" => Vec::new(),
            "self" => self.module.to_vec(),
            "super" => self.module[..self.module.len().saturating_sub(1)].to_vec(),
            _ if self.children.contains(first) => {
                let mut m = self.module.to_vec();
                m.push(first.to_owned());
                m.extend(segments[1..].iter().cloned());
                return Some(m);
            }
            _ => return None,
        };
        let mut rest = segments[1..].iter().peekable();
        while rest.peek().is_some_and(|s| *s == "super") {
            out.pop();
            rest.next();
        }
        out.extend(rest.cloned());
        Some(out)
    }

    fn use_tree(&mut self, prefix: &mut Vec<String>, tree: &syn::UseTree) {
        match tree {
            syn::UseTree::Path(p) => {
                prefix.push(p.ident.to_string());
                self.use_tree(prefix, &p.tree);
                prefix.pop();
            }
            syn::UseTree::Name(n) => self.leaf(prefix, n.ident.to_string()),
            syn::UseTree::Rename(r) => self.leaf(prefix, r.ident.to_string()),
            syn::UseTree::Glob(_) => self.leaf(prefix, String::new()),
            syn::UseTree::Group(g) => {
                for t in &g.items {
                    self.use_tree(prefix, t);
                }
            }
        }
    }

    fn leaf(&mut self, prefix: &[String], last: String) {
        let mut segments = prefix.to_vec();
        if !last.is_empty() && last != "self" {
            segments.push(last);
        }
        if let Some(p) = self.absolute(segments) {
            self.found.push(p);
        }
    }
}

impl<'ast> Visit<'ast> for Paths<'_> {
    fn visit_item(&mut self, item: &'ast syn::Item) {
        let attrs = match item {
            syn::Item::Mod(m) => &m.attrs,
            syn::Item::Fn(f) => &f.attrs,
            syn::Item::Impl(i) => &i.attrs,
            syn::Item::Use(u) => &u.attrs,
            _ => return syn::visit::visit_item(self, item),
        };
        if !is_test_only(attrs) {
            syn::visit::visit_item(self, item);
        }
    }

    fn visit_item_use(&mut self, u: &'ast syn::ItemUse) {
        self.use_tree(&mut Vec::new(), &u.tree);
    }

    fn visit_path(&mut self, p: &'ast syn::Path) {
        let segments: Vec<String> = p.segments.iter().map(|s| s.ident.to_string()).collect();
        if matches!(
            segments.first().map(String::as_str),
            Some("crate" | "super")
        ) && let Some(abs) = self.absolute(segments)
        {
            self.found.push(abs);
        }
        syn::visit::visit_path(self, p);
    }
}

/// The modules a module's source declares (`pub mod x;`).
fn declared_children(file: &syn::File) -> BTreeSet<String> {
    file.items
        .iter()
        .filter_map(|i| match i {
            syn::Item::Mod(m) if !is_test_only(&m.attrs) => Some(m.ident.to_string()),
            _ => None,
        })
        .collect()
}

/// Checks sources given as `(module, source)`; a parse error names its module.
pub fn check(sources: &[(Module, String)]) -> Result<Report, String> {
    let modules: BTreeSet<Module> = sources.iter().map(|(m, _)| m.clone()).collect();
    let mut edges = BTreeSet::new();
    for (module, source) in sources {
        let file = syn::parse_file(source).map_err(|e| format!("{}: {e}", name(module)))?;
        let mut paths = Paths {
            module,
            children: declared_children(&file),
            found: Vec::new(),
        };
        paths.visit_file(&file);
        for path in paths.found {
            // The longest prefix of the path that is a module is the module it uses.
            let target = (0..=path.len())
                .rev()
                .map(|n| path[..n].to_vec())
                .find(|p| modules.contains(p))
                .unwrap_or_default();
            if &target != module && !target.is_empty() {
                edges.insert((module.clone(), target, path.join("::")));
            }
        }
    }
    let mut report = Report::default();
    let mut graph: BTreeMap<Module, BTreeSet<Module>> = BTreeMap::new();
    for (from, to, path) in edges {
        let edge = || Edge {
            from: name(&from),
            to: name(&to),
            path: format!("crate::{path}"),
        };
        if layer_of(&to) > layer_of(&from) {
            report.against_layers.push(edge());
        }
        let action = |m: &Module| m.first().is_some_and(|f| f == "actions") && m.len() > 1;
        if action(&from) && action(&to) && from[1] != to[1] {
            report.action_to_action.push(edge());
        }
        let in_api = |m: &Module| m.first().is_some_and(|f| f == "api");
        if !in_api(&from) && !in_api(&to) {
            graph.entry(from).or_default().insert(to);
        }
    }
    report.cycles = cycles(&graph)
        .into_iter()
        .map(|c| c.iter().map(|m| name(m)).collect())
        .collect();
    Ok(report)
}

/// One cycle through each strongly connected group of modules (Tarjan's algorithm), as a
/// path that ends where it started.
fn cycles(graph: &BTreeMap<Module, BTreeSet<Module>>) -> Vec<Vec<Module>> {
    struct Tarjan<'g> {
        graph: &'g BTreeMap<Module, BTreeSet<Module>>,
        index: BTreeMap<&'g Module, (usize, usize)>,
        stack: Vec<&'g Module>,
        groups: Vec<Vec<&'g Module>>,
    }
    impl<'g> Tarjan<'g> {
        fn visit(&mut self, v: &'g Module) {
            let i = self.index.len();
            self.index.insert(v, (i, i));
            self.stack.push(v);
            for w in self.graph.get(v).into_iter().flatten() {
                match self.index.get(w) {
                    None => {
                        self.visit(w);
                        let low = self.index[w].1.min(self.index[v].1);
                        self.index.get_mut(v).expect("visited").1 = low;
                    }
                    Some(&(wi, _)) if self.stack.contains(&w) => {
                        let low = wi.min(self.index[v].1);
                        self.index.get_mut(v).expect("visited").1 = low;
                    }
                    Some(_) => {}
                }
            }
            if self.index[v].0 == self.index[v].1 {
                let at = self
                    .stack
                    .iter()
                    .rposition(|m| *m == v)
                    .expect("on the stack");
                let group = self.stack.split_off(at);
                if group.len() > 1 {
                    self.groups.push(group);
                }
            }
        }
    }
    let mut t = Tarjan {
        graph,
        index: BTreeMap::new(),
        stack: Vec::new(),
        groups: Vec::new(),
    };
    for v in graph.keys() {
        if !t.index.contains_key(v) {
            t.visit(v);
        }
    }
    t.groups
        .into_iter()
        .map(|group| path_around(graph, &group))
        .collect()
}

/// A cycle inside a strongly connected group: from its first module, breadth-first back to it.
fn path_around(graph: &BTreeMap<Module, BTreeSet<Module>>, group: &[&Module]) -> Vec<Module> {
    let start = group.iter().min().expect("a group has members");
    let members: BTreeSet<&Module> = group.iter().copied().collect();
    let mut came_from: BTreeMap<&Module, &Module> = BTreeMap::new();
    let mut queue = std::collections::VecDeque::from([*start]);
    while let Some(v) = queue.pop_front() {
        for w in graph.get(v).into_iter().flatten() {
            if !members.contains(w) {
                continue;
            }
            if w == *start {
                let mut path = vec![(*start).clone()];
                let mut at = v;
                while at != *start {
                    path.push(at.clone());
                    at = came_from[at];
                }
                path.push((*start).clone());
                path.reverse();
                return path;
            }
            if !came_from.contains_key(w) {
                came_from.insert(w, v);
                queue.push_back(w);
            }
        }
    }
    group.iter().map(|m| (*m).clone()).collect()
}

/// Reads every `.rs` file below `src`.
pub fn sources_below(src: &Path) -> std::io::Result<Vec<(Module, String)>> {
    let mut out = Vec::new();
    let mut dirs = vec![src.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir)? {
            let path = entry?.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let relative = path.strip_prefix(src).expect("below src");
                out.push((module_of(relative), std::fs::read_to_string(&path)?));
            }
        }
    }
    out.sort();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: &str) -> Module {
        if s.is_empty() {
            Vec::new()
        } else {
            s.split("::").map(str::to_owned).collect()
        }
    }

    fn fixture(files: &[(&str, &str)]) -> Report {
        let sources: Vec<(Module, String)> = files
            .iter()
            .map(|(name, src)| (m(name), (*src).to_owned()))
            .collect();
        check(&sources).expect("the fixture parses")
    }

    #[test]
    fn the_server_keeps_the_dependency_rule() {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../server/src");
        let sources = sources_below(&src).expect("server/src is readable");
        assert!(
            sources.len() > 50,
            "found only {} files in {}",
            sources.len(),
            src.display()
        );
        let report = check(&sources).expect("the server parses");
        assert!(
            report.is_clean(),
            "the server breaks ARCHITECTURE.md's rule:\n{report}"
        );
    }

    #[test]
    fn a_store_using_the_engine_is_refused_and_named() {
        let report = fixture(&[
            ("", "pub mod store; pub mod engine;"),
            ("store", "pub mod cases;"),
            (
                "store::cases",
                "use crate::engine::CaseCtx;\npub fn find() {}",
            ),
            ("engine", "use crate::store::cases;\npub struct CaseCtx;"),
        ]);
        assert_eq!(
            report.against_layers,
            vec![Edge {
                from: "store::cases".into(),
                to: "engine".into(),
                path: "crate::engine::CaseCtx".into()
            }]
        );
        assert_eq!(
            report.cycles,
            vec![vec!["engine", "store::cases", "engine"]]
        );
    }

    #[test]
    fn relative_paths_and_inline_paths_count_and_tests_do_not() {
        let report = fixture(&[
            ("", "pub mod actions;"),
            ("actions", "pub mod referral; pub mod cases;"),
            ("actions::referral", "fn f() { super::cases::open(); }"),
            (
                "actions::cases",
                "pub fn open() {}\n#[cfg(test)]\nmod tests { use crate::actions::referral; }",
            ),
        ]);
        assert_eq!(report.action_to_action.len(), 1, "{report}");
        assert_eq!(report.action_to_action[0].from, "actions::referral");
        assert!(
            report.cycles.is_empty(),
            "the test module's use is not an edge: {report}"
        );
    }

    #[test]
    fn graphql_types_may_refer_to_each_other() {
        let report = fixture(&[
            ("", "pub mod api;"),
            ("api", "pub mod cases; pub mod clients;"),
            ("api::cases", "use crate::api::clients::Client;"),
            ("api::clients", "use crate::api::cases::Case;"),
        ]);
        assert!(report.is_clean(), "{report}");
    }
}
