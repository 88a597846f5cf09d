//! Field types that read whatever JSON a real feed puts there, so one odd field never fails a
//! whole item or file: a value of an unexpected type reads as "absent" and the loader reports
//! what it had to repair.
//!
//! They read straight from the JSON stream (no `serde_json::Value` and no untagged-enum
//! buffering), which keeps the loader fast on large feeds and small in WebAssembly.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

/// A string, or `None` for any other JSON value.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LenientString(pub Option<String>);

/// An item id: a string, or a number read as its decimal text (`was_number` set).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LenientId {
    /// The id's text.
    pub text: Option<String>,
    /// The feed gave a number.
    pub was_number: bool,
}

/// Item tags: an array of strings (other elements dropped), or one comma-separated string.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LenientTags {
    /// Tag names as written.
    pub names: Vec<String>,
    /// The feed gave one string, not an array.
    pub was_string: bool,
}

/// An author object's fields; `None` when the value is not an object.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LenientAuthor(pub Option<AuthorFields>);

/// What an author object says about its author.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuthorFields {
    /// `name`.
    pub name: Option<String>,
    /// `url`.
    pub url: Option<String>,
    /// `avatar`.
    pub avatar: Option<String>,
    /// `_bio`.
    pub bio: Option<String>,
    /// `description` (the same object shape describes a topic in `_topics`).
    pub description: Option<String>,
}

/// An array of authors (non-objects dropped); any other value reads as empty.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LenientAuthors(pub Vec<AuthorFields>);

/// An object member's name, borrowed from the feed's text unless it had to be unescaped: a
/// large feed has millions of member names, and a reader only compares them with the names it
/// knows, so none is copied.
pub struct MemberName<'de>(pub Cow<'de, str>);

struct MemberNameVisitor;

impl<'de> Visitor<'de> for MemberNameVisitor {
    type Value = MemberName<'de>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a member name")
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(MemberName(Cow::Borrowed(v)))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(MemberName(Cow::Owned(v.to_string())))
    }
}

impl<'de> Deserialize<'de> for MemberName<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(MemberNameVisitor)
    }
}

/// Drains whatever value comes, for the "other type" branches.
fn drain_seq<'de, A: SeqAccess<'de>>(mut seq: A) -> Result<(), A::Error> {
    while seq.next_element::<IgnoredAny>()?.is_some() {}
    Ok(())
}

fn drain_map<'de, A: MapAccess<'de>>(mut map: A) -> Result<(), A::Error> {
    while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
    Ok(())
}

/// Implements the scalar branches of a visitor that maps "anything else" to its default.
macro_rules! other_types_are_default {
    () => {
        fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
            Ok(Default::default())
        }
        fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
            Ok(Default::default())
        }
        fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
            Ok(Default::default())
        }
        fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
            Ok(Default::default())
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(Default::default())
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(Default::default())
        }
    };
}
pub(crate) use other_types_are_default;

struct StringVisitor;

impl<'de> Visitor<'de> for StringVisitor {
    type Value = LenientString;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(LenientString(Some(v.to_string())))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(LenientString(Some(v)))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        drain_seq(seq).map(|_| LenientString(None))
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        drain_map(map).map(|_| LenientString(None))
    }
    other_types_are_default!();
}

impl<'de> Deserialize<'de> for LenientString {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(StringVisitor)
    }
}

struct IdVisitor;

impl<'de> Visitor<'de> for IdVisitor {
    type Value = LenientId;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string or a number")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(LenientId {
            text: Some(v.to_string()),
            was_number: false,
        })
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(LenientId {
            text: Some(v.to_string()),
            was_number: true,
        })
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(LenientId {
            text: Some(v.to_string()),
            was_number: true,
        })
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        // An integral float (1e3) reads as its integer; a fractional one is no usable id.
        // (Formatting arbitrary floats would pull Rust's float printer into the download.)
        let integral = v.fract() == 0.0 && v.abs() < 9.0e15;
        Ok(LenientId {
            text: integral.then(|| (v as i64).to_string()),
            was_number: true,
        })
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(LenientId::default())
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(LenientId::default())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        drain_seq(seq).map(|_| LenientId::default())
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        drain_map(map).map(|_| LenientId::default())
    }
}

impl<'de> Deserialize<'de> for LenientId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(IdVisitor)
    }
}

struct TagsVisitor;

impl<'de> Visitor<'de> for TagsVisitor {
    type Value = LenientTags;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of strings or a comma-separated string")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(LenientTags {
            names: v.split(',').map(str::to_string).collect(),
            was_string: true,
        })
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut names = Vec::new();
        while let Some(LenientString(name)) = seq.next_element()? {
            names.extend(name);
        }
        Ok(LenientTags {
            names,
            was_string: false,
        })
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        drain_map(map).map(|_| LenientTags::default())
    }
    other_types_are_default!();
}

impl<'de> Deserialize<'de> for LenientTags {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(TagsVisitor)
    }
}

struct AuthorVisitor;

impl<'de> Visitor<'de> for AuthorVisitor {
    type Value = LenientAuthor;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an author object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut fields = AuthorFields::default();
        while let Some(MemberName(key)) = map.next_key()? {
            let slot = match key.as_ref() {
                "name" => &mut fields.name,
                "url" => &mut fields.url,
                "avatar" => &mut fields.avatar,
                "_bio" => &mut fields.bio,
                "description" => &mut fields.description,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                    continue;
                }
            };
            let LenientString(value) = map.next_value()?;
            if slot.is_none() {
                *slot = value;
            }
        }
        Ok(LenientAuthor(Some(fields)))
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
        Ok(LenientAuthor(None))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        drain_seq(seq).map(|_| LenientAuthor(None))
    }
    other_types_are_default!();
}

impl<'de> Deserialize<'de> for LenientAuthor {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(AuthorVisitor)
    }
}

struct AuthorsVisitor;

impl<'de> Visitor<'de> for AuthorsVisitor {
    type Value = LenientAuthors;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of author objects")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut authors = Vec::new();
        while let Some(LenientAuthor(author)) = seq.next_element()? {
            authors.extend(author);
        }
        Ok(LenientAuthors(authors))
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
        Ok(LenientAuthors::default())
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        drain_map(map).map(|_| LenientAuthors::default())
    }
    other_types_are_default!();
}

impl<'de> Deserialize<'de> for LenientAuthors {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(AuthorsVisitor)
    }
}
