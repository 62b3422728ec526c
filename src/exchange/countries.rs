//! Countries by name: the ISO 3166-1 alpha-2 code of a place or state named like a country
//! ("Syria", "Russian Federation" → SY, RU), and a country's name from its code, for the
//! formats that want codes (STIX `location.country`, FollowTheMoney `country`). Names are
//! matched whole, in English, on the official name or a common alias (the `celes` tables);
//! codes are never guessed from short names ("Ma" is not Morocco).

use celes::{Country, LookupTable};

/// The two-letter code (upper case) of the country named `name`, if it names one.
pub fn alpha2_of(name: &str) -> Option<&'static str> {
    let key: String = name
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    if key.len() < 4 {
        return None;
    }
    Country::from_name(&key)
        .or_else(|_| Country::from_alias(&key))
        .ok()
        .map(|country| country.alpha2)
}

/// The common English name of the country with the two-letter `code` (any case): its first
/// alias when it has one ("Syria"), else its official name.
pub fn name_of(code: &str) -> Option<String> {
    if code.len() != 2 {
        return None;
    }
    let country = Country::from_alpha2(code).ok()?;
    let name = country
        .aliases
        .iter()
        .next()
        .map(|alias| alias.to_string())
        .unwrap_or_else(|| country.long_name.to_string());
    Some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_names_find_their_code_and_short_names_find_none() {
        assert_eq!(alpha2_of("Syria"), Some("SY"));
        assert_eq!(alpha2_of("Russian Federation"), Some("RU"));
        assert_eq!(alpha2_of("Russia"), Some("RU"));
        assert_eq!(alpha2_of("Ma"), None);
        assert_eq!(alpha2_of("Damascus"), None);
        assert_eq!(name_of("sy").as_deref(), Some("Syria"));
        assert_eq!(name_of("XX"), None);
    }
}
