//! The tree a YAML file is read into (by any of the three readers: [`super::yaml_plain`],
//! [`super::yaml_tree`], serde-saphyr through [`super::yaml::parse_tree`]): values with
//! the place each was written.

use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;
use serde_saphyr::Spanned;

/// Deepest nesting accepted in any YAML file; the content format needs 4.
pub const MAX_DEPTH: usize = 32;

/// A value and the place it was written: the 1-indexed line and column (in characters)
/// a diagnostic points at. Trees of country files and the schema are made of these
/// rather than of serde-saphyr's `Spanned`, which holds two locations with their spans
/// (128 bytes a node against 48): every country file's tree is held at once, beside
/// those of the history's versions being read.
#[derive(Debug, Clone, PartialEq)]
pub struct Placed<T> {
    pub value: T,
    pub line: u32,
    pub column: u32,
}

impl<T> Placed<T> {
    pub fn new(value: T, line: u32, column: u32) -> Self {
        Placed { value, line, column }
    }

    /// `value` at this node's place.
    pub fn with<U>(&self, value: U) -> Placed<U> {
        Placed { value, line: self.line, column: self.column }
    }
}

/// Where serde-saphyr read a value: where it is written (for an alias, the alias).
impl<T> From<Spanned<T>> for Placed<T> {
    fn from(spanned: Spanned<T>) -> Self {
        let at = spanned.referenced;
        Placed { value: spanned.value, line: at.line() as u32, column: at.column() as u32 }
    }
}

/// The keys of a mapping being read, to tell a repeated one without comparing each new
/// key with all before it: a locale file's `ui:` and `countries:` have hundreds.
#[derive(Default)]
pub(super) struct SeenKeys(rustc_hash::FxHashSet<u64>);

impl SeenKeys {
    /// Whether `key` is one of `entries`' keys; `key` is then counted among them.
    pub fn repeats(&mut self, key: &Node, entries: &[(Placed<Node>, Placed<Node>)]) -> bool {
        use std::hash::BuildHasher;
        // Keys other than strings share one hash: they are compared one by one.
        let hash = match key {
            Node::Str(s) => rustc_hash::FxBuildHasher.hash_one(s),
            _ => 0,
        };
        !self.0.insert(hash) && entries.iter().any(|(k, _)| k.value == *key)
    }
}

/// Any YAML value with the place it was written: what country files and the schema are
/// read as, before they are checked against the schema (whose shape is content, not Rust).
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Null,
    Bool(bool),
    Int(i128),
    Float(f64),
    Str(String),
    List(Vec<Placed<Node>>),
    Map(Vec<(Placed<Node>, Placed<Node>)>),
}

impl Node {
    /// What the value is, in the words of an error message.
    pub fn kind(&self) -> &'static str {
        match self {
            Node::Null => "null",
            Node::Bool(_) => "true or false",
            Node::Int(_) => "a whole number",
            Node::Float(_) => "a number",
            Node::Str(_) => "a string",
            Node::List(_) => "a list",
            Node::Map(_) => "a mapping",
        }
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NodeVisitor;
        impl<'de> Visitor<'de> for NodeVisitor {
            type Value = Node;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("any YAML value")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Node, E> {
                Ok(Node::Str(v.to_owned()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Node, E> {
                Ok(Node::Str(v))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Node, E> {
                Ok(Node::Bool(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Node, E> {
                Ok(Node::Int(v.into()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Node, E> {
                Ok(Node::Int(v.into()))
            }
            fn visit_i128<E: de::Error>(self, v: i128) -> Result<Node, E> {
                Ok(Node::Int(v))
            }
            fn visit_u128<E: de::Error>(self, v: u128) -> Result<Node, E> {
                Ok(i128::try_from(v).map_or(Node::Float(v as f64), Node::Int))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Node, E> {
                Ok(Node::Float(v))
            }
            fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Node, E> {
                Ok(Node::Str(String::from_utf8_lossy(v).into_owned()))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Node, E> {
                Ok(Node::Null)
            }
            fn visit_none<E: de::Error>(self) -> Result<Node, E> {
                Ok(Node::Null)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
                Node::deserialize(d)
            }
            fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
                Node::deserialize(d)
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element::<Spanned<Node>>()? {
                    items.push(item.into());
                }
                Ok(Node::List(items))
            }
            fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
                let mut entries = Vec::new();
                while let Some((key, value)) = map.next_entry::<Spanned<Node>, Spanned<Node>>()? {
                    entries.push((key.into(), value.into()));
                }
                Ok(Node::Map(entries))
            }
        }
        deserializer.deserialize_any(NodeVisitor)
    }
}

/// Every node of `node`'s tree, depth first: its value if a scalar (`None` for a
/// collection, then its length), the line and column availgen reports it at: what the
/// YAML readers are compared by.
#[cfg(any(test, fuzzing))]
pub fn places(node: &Placed<Node>, out: &mut Vec<(Option<Node>, u32, u32)>) {
    let scalar = match &node.value {
        Node::List(_) | Node::Map(_) => None,
        other => Some(other.clone()),
    };
    out.push((scalar, node.line, node.column));
    match &node.value {
        Node::List(items) => {
            out.push((Some(Node::Int(items.len() as i128)), 0, 0));
            items.iter().for_each(|i| places(i, out))
        }
        Node::Map(entries) => {
            out.push((Some(Node::Int(-(entries.len() as i128))), 0, 0));
            entries.iter().for_each(|(k, v)| {
                places(k, out);
                places(v, out)
            })
        }
        _ => {}
    }
}
