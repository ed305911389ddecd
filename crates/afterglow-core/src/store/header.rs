//! The two header fields of `project.json` (`format`, `version`), read before the body so a
//! newer or foreign file is refused before its fields can confuse us.
//!
//! Read without building a `serde_json::Value` of the whole file: a `Value` costs about 16
//! times the text for a file of small numbers (`[0,0,0,…]`), so a 64 MiB file could take a
//! gigabyte. The same pass counts the file's JSON values (keys included) and refuses a file
//! with more than [`MAX_VALUES`]: serde buffers an internally tagged enum (a region's shape)
//! as generic content at ~70 bytes a value, so 60 MB of polygon points took 2 GB and 24 s
//! before this limit; with it, the worst case is about 200 MB.

use std::cell::Cell;
use std::fmt;

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};

/// JSON values a project file may hold: a photo with an alignment, eyes and an annotation
/// takes about 80, so this allows some 35,000 photos.
pub const MAX_VALUES: u64 = 3_000_000;

/// The header of a file: both fields `Absent` when the JSON is not an object at all.
#[derive(Debug, Default)]
pub(super) struct Header {
    pub format: Field,
    pub version: Field,
}

impl<'de> Deserialize<'de> for Header {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let count = Cell::new(0);
        d.deserialize_any(HeaderVisitor { count: &count })
    }
}

struct HeaderVisitor<'c> {
    count: &'c Cell<u64>,
}

impl<'de> Visitor<'de> for HeaderVisitor<'_> {
    type Value = Header;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Header, A::Error> {
        let mut header = Header::default();
        let budget = Budget { count: self.count };
        while let Some(key) = map.next_key::<Key>()? {
            budget.spend::<A::Error>()?;
            match key {
                Key::Format => header.format = map.next_value()?,
                Key::Version => header.version = map.next_value()?,
                Key::Other => map.next_value_seed(budget)?,
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

/// Skips a value while counting it and everything inside it against [`MAX_VALUES`].
#[derive(Clone, Copy)]
struct Budget<'c> {
    count: &'c Cell<u64>,
}

impl Budget<'_> {
    fn spend<E: de::Error>(self) -> Result<(), E> {
        let n = self.count.get() + 1;
        self.count.set(n);
        if n > MAX_VALUES {
            return Err(E::custom(format_args!(
                "the file holds more than {MAX_VALUES} JSON values, far more than any project \
                 (about 80 a photo); refused so a damaged file cannot exhaust the memory"
            )));
        }
        Ok(())
    }
}

impl<'de> DeserializeSeed<'de> for Budget<'_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Budget<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        self.spend()
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        self.spend()
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        self.spend()
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        self.spend()
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        self.spend()
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.spend()
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        self.spend::<A::Error>()?;
        while seq.next_element_seed(self)?.is_some() {}
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        self.spend::<A::Error>()?;
        while map.next_key::<IgnoredAny>()?.is_some() {
            self.spend::<A::Error>()?;
            map.next_value_seed(self)?;
        }
        Ok(())
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
    fn too_many_values_are_refused() {
        let n = MAX_VALUES as usize / 3 + 10;
        let text = format!(
            r#"{{"format": "x", "regions": [{}]}}"#,
            vec!["[0,0]"; n].join(",")
        );
        let err = serde_json::from_str::<Header>(&text)
            .unwrap_err()
            .to_string();
        assert!(err.contains("JSON values"), "{err}");
        let text = format!(
            r#"{{"format": "x", "regions": [{}]}}"#,
            vec!["[0,0]"; 1000].join(",")
        );
        assert!(serde_json::from_str::<Header>(&text).is_ok());
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
