//! A record serialized as its JSON form less some top-level keys (and with a key added when
//! missing), straight to the output: the fields our STIX extension carries, written without
//! building a `serde_json::Value` of the record first (that tree was a quarter of a STIX
//! export's time). Only the top level is filtered; nested values go to the real serializer.

use serde::ser::{Serialize, SerializeMap, SerializeStruct, Serializer};

/// `value` written without the top-level keys in `skip`; `missing` is written when the value
/// had no such key.
pub struct Without<'a, T: Serialize> {
    pub value: &'a T,
    pub skip: &'a [&'a str],
    pub missing: Option<(&'a str, &'a dyn erased::Erased)>,
}

/// A serializable value behind a reference of one type.
pub mod erased {
    /// Anything serializable, as JSON into a byte buffer.
    pub trait Erased {
        fn json(&self) -> Result<Vec<u8>, serde_json::Error>;
    }

    impl<T: serde::Serialize> Erased for T {
        fn json(&self) -> Result<Vec<u8>, serde_json::Error> {
            serde_json::to_vec(self)
        }
    }
}

impl<T: Serialize> Serialize for Without<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(Filter {
            inner: serializer,
            skip: self.skip,
            missing: self.missing,
        })
    }
}

struct Filter<'a, S> {
    inner: S,
    skip: &'a [&'a str],
    missing: Option<(&'a str, &'a dyn erased::Erased)>,
}

/// The key of a map entry as text, if it is a string.
fn key_text<K: Serialize + ?Sized>(key: &K) -> Option<String> {
    match serde_json::to_value(key) {
        Ok(serde_json::Value::String(s)) => Some(s),
        _ => None,
    }
}

/// A value already written as JSON, passed through.
struct Raw(Vec<u8>);

impl Serialize for Raw {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let text = std::str::from_utf8(&self.0).map_err(serde::ser::Error::custom)?;
        let raw: Box<serde_json::value::RawValue> =
            serde_json::value::RawValue::from_string(text.to_string())
                .map_err(serde::ser::Error::custom)?;
        raw.serialize(serializer)
    }
}

struct FilterMap<'a, M> {
    inner: M,
    skip: &'a [&'a str],
    missing: Option<(&'a str, &'a dyn erased::Erased)>,
    /// The key given by `serialize_key` is skipped: so is its value.
    skipping: bool,
}

impl<M: SerializeMap> SerializeMap for FilterMap<'_, M> {
    type Ok = M::Ok;
    type Error = M::Error;

    fn serialize_key<K: Serialize + ?Sized>(&mut self, key: &K) -> Result<(), M::Error> {
        let text = key_text(key);
        self.skipping = text.as_deref().is_some_and(|k| self.skip.contains(&k));
        if let (Some(k), Some((missing, _))) = (&text, self.missing)
            && k == missing
        {
            self.missing = None;
        }
        if self.skipping {
            Ok(())
        } else {
            self.inner.serialize_key(key)
        }
    }

    fn serialize_value<V: Serialize + ?Sized>(&mut self, value: &V) -> Result<(), M::Error> {
        if self.skipping {
            self.skipping = false;
            Ok(())
        } else {
            self.inner.serialize_value(value)
        }
    }

    fn serialize_entry<K: Serialize + ?Sized, V: Serialize + ?Sized>(
        &mut self,
        key: &K,
        value: &V,
    ) -> Result<(), M::Error> {
        self.serialize_key(key)?;
        self.serialize_value(value)
    }

    fn end(mut self) -> Result<M::Ok, M::Error> {
        if let Some((key, value)) = self.missing.take() {
            let json = value.json().map_err(serde::ser::Error::custom)?;
            self.inner.serialize_entry(key, &Raw(json))?;
        }
        self.inner.end()
    }
}

struct FilterStruct<'a, M> {
    inner: M,
    skip: &'a [&'a str],
}

impl<M: SerializeStruct> SerializeStruct for FilterStruct<'_, M> {
    type Ok = M::Ok;
    type Error = M::Error;

    fn serialize_field<V: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &V,
    ) -> Result<(), M::Error> {
        if self.skip.contains(&key) {
            Ok(())
        } else {
            self.inner.serialize_field(key, value)
        }
    }

    fn end(self) -> Result<M::Ok, M::Error> {
        self.inner.end()
    }
}

macro_rules! pass {
    ($($name:ident($($arg:ident: $ty:ty),*);)*) => {
        $(fn $name(self, $($arg: $ty),*) -> Result<S::Ok, S::Error> {
            self.inner.$name($($arg),*)
        })*
    };
}

impl<'a, S: Serializer> Serializer for Filter<'a, S> {
    type Ok = S::Ok;
    type Error = S::Error;
    type SerializeSeq = S::SerializeSeq;
    type SerializeTuple = S::SerializeTuple;
    type SerializeTupleStruct = S::SerializeTupleStruct;
    type SerializeTupleVariant = S::SerializeTupleVariant;
    type SerializeMap = FilterMap<'a, S::SerializeMap>;
    type SerializeStruct = FilterStruct<'a, S::SerializeStruct>;
    type SerializeStructVariant = S::SerializeStructVariant;

    pass! {
        serialize_bool(v: bool);
        serialize_i8(v: i8);
        serialize_i16(v: i16);
        serialize_i32(v: i32);
        serialize_i64(v: i64);
        serialize_u8(v: u8);
        serialize_u16(v: u16);
        serialize_u32(v: u32);
        serialize_u64(v: u64);
        serialize_f32(v: f32);
        serialize_f64(v: f64);
        serialize_char(v: char);
        serialize_str(v: &str);
        serialize_bytes(v: &[u8]);
        serialize_none();
        serialize_unit();
        serialize_unit_struct(name: &'static str);
        serialize_unit_variant(name: &'static str, index: u32, variant: &'static str);
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<S::Ok, S::Error> {
        self.inner.serialize_some(value)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<S::Ok, S::Error> {
        self.inner.serialize_newtype_struct(name, value)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<S::Ok, S::Error> {
        self.inner
            .serialize_newtype_variant(name, index, variant, value)
    }

    fn serialize_seq(self, len: Option<usize>) -> Result<S::SerializeSeq, S::Error> {
        self.inner.serialize_seq(len)
    }

    fn serialize_tuple(self, len: usize) -> Result<S::SerializeTuple, S::Error> {
        self.inner.serialize_tuple(len)
    }

    fn serialize_tuple_struct(
        self,
        name: &'static str,
        len: usize,
    ) -> Result<S::SerializeTupleStruct, S::Error> {
        self.inner.serialize_tuple_struct(name, len)
    }

    fn serialize_tuple_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<S::SerializeTupleVariant, S::Error> {
        self.inner
            .serialize_tuple_variant(name, index, variant, len)
    }

    fn serialize_map(self, len: Option<usize>) -> Result<Self::SerializeMap, S::Error> {
        Ok(FilterMap {
            inner: self.inner.serialize_map(len.map(|n| n + 1))?,
            skip: self.skip,
            missing: self.missing,
            skipping: false,
        })
    }

    fn serialize_struct(
        self,
        name: &'static str,
        len: usize,
    ) -> Result<Self::SerializeStruct, S::Error> {
        Ok(FilterStruct {
            inner: self.inner.serialize_struct(name, len)?,
            skip: self.skip,
        })
    }

    fn serialize_struct_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<S::SerializeStructVariant, S::Error> {
        self.inner
            .serialize_struct_variant(name, index, variant, len)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Serialize)]
    struct Inner {
        a: u8,
        #[serde(flatten)]
        rest: std::collections::BTreeMap<String, String>,
    }

    #[test]
    fn top_level_keys_are_skipped_and_a_missing_one_added() {
        let value = Inner {
            a: 1,
            rest: [
                ("b".to_string(), "x".to_string()),
                ("c".to_string(), "y".to_string()),
            ]
            .into_iter()
            .collect(),
        };
        let added = "z";
        let text = serde_json::to_string(&Without {
            value: &value,
            skip: &["b"],
            missing: Some(("d", &added)),
        })
        .unwrap();
        assert_eq!(text, r#"{"a":1,"c":"y","d":"z"}"#);
        let kept = serde_json::to_string(&Without {
            value: &value,
            skip: &[],
            missing: Some(("a", &added)),
        })
        .unwrap();
        assert_eq!(kept, r#"{"a":1,"b":"x","c":"y"}"#);
    }
}
