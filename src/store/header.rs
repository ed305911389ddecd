//! The two header fields of `project.json` (`format`, `version`), read before the body so a
//! newer or foreign file is refused before its fields can confuse us.
//!
//! Read without building a `serde_json::Value` of the whole file: a `Value` costs about 16
//! times the text for a file of small numbers (`[0,0,0,…]`), so a 64 MiB file could take a
//! gigabyte. Here every other field is skipped with `IgnoredAny`, which allocates nothing.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, IgnoredAny, MapAccess, SeqAccess, Visitor};

/// The header of a file: both fields `Absent` when the JSON is not an object at all.
#[derive(Debug, Default)]
pub(super) struct Header {
    pub format: Field,
    pub version: Field,
}

impl<'de> Deserialize<'de> for Header {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(HeaderVisitor)
    }
}

struct HeaderVisitor;

impl<'de> Visitor<'de> for HeaderVisitor {
    type Value = Header;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Header, A::Error> {
        let mut header = Header::default();
        while let Some(key) = map.next_key::<Key>()? {
            match key {
                Key::Format => header.format = map.next_value()?,
                Key::Version => header.version = map.next_value()?,
                Key::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(header)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Header, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Header::default())
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<Header, E> {
        Ok(Header::default())
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Header, E> {
        Ok(Header::default())
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Header, E> {
        Ok(Header::default())
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Header, E> {
        Ok(Header::default())
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Header, E> {
        Ok(Header::default())
    }

    fn visit_unit<E: de::Error>(self) -> Result<Header, E> {
        Ok(Header::default())
    }
}

/// A key of the top-level object, without keeping the text of keys we skip.
enum Key {
    Format,
    Version,
    Other,
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_identifier(KeyVisitor)
    }
}

struct KeyVisitor;

impl Visitor<'_> for KeyVisitor {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Key, E> {
        Ok(match v {
            "format" => Key::Format,
            "version" => Key::Version,
            _ => Key::Other,
        })
    }
}

/// A header field: its text or whole number when it is one, else `Other` (never built).
#[derive(Debug, Default, PartialEq)]
pub(super) enum Field {
    #[default]
    Absent,
    Text(String),
    Unsigned(u64),
    Other,
}

impl Field {
    pub fn text(&self) -> &str {
        match self {
            Field::Text(t) => t,
            _ => "",
        }
    }

    pub fn unsigned(&self) -> Option<u64> {
        match self {
            Field::Unsigned(v) => Some(*v),
            _ => None,
        }
    }
}

impl<'de> Deserialize<'de> for Field {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(FieldVisitor)
    }
}

struct FieldVisitor;

impl<'de> Visitor<'de> for FieldVisitor {
    type Value = Field;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Field, E> {
        Ok(Field::Text(v.to_owned()))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Field, E> {
        Ok(Field::Unsigned(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Field, E> {
        Ok(u64::try_from(v).map_or(Field::Other, Field::Unsigned))
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Field, E> {
        Ok(Field::Other)
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Field, E> {
        Ok(Field::Other)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Field, E> {
        Ok(Field::Other)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Field, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Field::Other)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Field, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Field::Other)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(text: &str) -> Header {
        serde_json::from_str(text).unwrap()
    }

    #[test]
    fn reads_the_two_fields_and_skips_the_rest() {
        let h = header(r#"{"photos": [[0, 0], {"a": 1}], "format": "x", "version": 3}"#);
        assert_eq!((h.format.text(), h.version.unsigned()), ("x", Some(3)));
        let h = header(r#"{"format": 5, "version": "1"}"#);
        assert_eq!((h.format.text(), h.version.unsigned()), ("", None));
        let h = header(r#"{"version": -1, "format": [1, [2]]}"#);
        assert_eq!((h.format, h.version), (Field::Other, Field::Other));
        assert_eq!(header("{}").format, Field::Absent);
    }

    #[test]
    fn anything_but_an_object_has_no_header() {
        for text in [
            "[\"afterglow-project\", 1]",
            "\"afterglow-project\"",
            "1",
            "null",
        ] {
            let h = header(text);
            assert_eq!(
                (h.format, h.version),
                (Field::Absent, Field::Absent),
                "{text}"
            );
        }
        assert!(serde_json::from_str::<Header>("{\"format\": \"x\"} trailing").is_err());
        assert!(serde_json::from_str::<Header>("{\"format\": ").is_err());
    }
}
