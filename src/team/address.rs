//! A team server's address: libpq's forms (`postgresql://user@host/db?sslmode=require` or
//! `host=… dbname=…`), libpq's environment (`PGHOST`, `PGPORT`, `PGDATABASE`, `PGUSER`,
//! `PGPASSWORD`, `PGSSLMODE`) and password file (`PGPASSFILE` or `~/.pgpass`), the password
//! kept out of what is stored, and the connection itself, with TLS checked against the
//! system's certificates whenever the server speaks it.

use super::TeamError;
use postgres::config::{Host, SslMode};
use postgres::{Client, Config};
use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

/// How long a connection attempt may take before the server counts as unreachable.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// The address as it may be stored and shown: any password removed. Refuses an address
/// libpq's forms do not read.
pub fn without_password(address: &str) -> Result<String, TeamError> {
    parse(address)?;
    let address = address.trim();
    if address.contains("://") {
        // postgresql://user:secret@host/db → postgresql://user@host/db
        if let Some((scheme, rest)) = address.split_once("://") {
            let (authority, tail) = match rest.find(['/', '?']) {
                Some(at) => rest.split_at(at),
                None => (rest, ""),
            };
            let authority = match authority.rsplit_once('@') {
                Some((user_info, hosts)) => {
                    let user = user_info.split(':').next().unwrap_or("");
                    format!("{user}@{hosts}")
                }
                None => authority.to_string(),
            };
            let tail = strip_query_password(tail);
            return Ok(format!("{scheme}://{authority}{tail}"));
        }
    }
    Ok(without_password_pair(address))
}

/// A key-value address without its `password` pair, in any of libpq's spellings
/// (`password=x`, `password = x`, `password='a b'`).
fn without_password_pair(address: &str) -> String {
    static PAIR: std::sync::LazyLock<Option<regex::Regex>> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(?i)(^|\s)password\s*=\s*('(?:[^'\\]|\\.)*'|\S+)").ok()
    });
    let kept = match PAIR.as_ref() {
        Some(pair) => pair.replace_all(address, "$1").into_owned(),
        None => address.to_string(),
    };
    kept.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn strip_query_password(tail: &str) -> String {
    let Some((path, query)) = tail.split_once('?') else {
        return tail.to_string();
    };
    let kept: Vec<&str> = query
        .split('&')
        .filter(|pair| !pair.to_ascii_lowercase().starts_with("password="))
        .collect();
    if kept.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{}", kept.join("&"))
    }
}

/// What libpq's `sslmode` asks beyond what the driver reads: `verify-ca` and `verify-full`
/// are read as `require` (certificates are checked whenever TLS is used), and `sslrootcert`
/// names a certificate to trust besides the system's.
struct TlsWishes {
    root_certificate: Option<PathBuf>,
}

/// Takes out of the address what the driver does not read, returning what it does.
fn split_tls_wishes(address: &str) -> (String, TlsWishes) {
    let mut wishes = TlsWishes {
        root_certificate: None,
    };
    let mut rewrite = |key: &str, value: &str| -> Option<String> {
        match key.to_ascii_lowercase().as_str() {
            "sslrootcert" => {
                wishes.root_certificate = Some(PathBuf::from(value));
                None
            }
            "sslmode" if matches!(value, "verify-ca" | "verify-full") => {
                Some(format!("{key}=require"))
            }
            _ => Some(format!("{key}={value}")),
        }
    };
    let address = address.trim();
    let out = if let Some((before, query)) =
        address.split_once('?').filter(|_| address.contains("://"))
    {
        let kept: Vec<String> = query
            .split('&')
            .filter_map(|pair| {
                let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
                rewrite(k, v)
            })
            .collect();
        if kept.is_empty() {
            before.to_string()
        } else {
            format!("{before}?{}", kept.join("&"))
        }
    } else if address.contains("://") {
        address.to_string()
    } else {
        key_value_tls_wishes(address, &mut wishes)
    };
    (out, wishes)
}

/// The key-value form's TLS wishes taken out (values may be quoted, `=` spaced).
fn key_value_tls_wishes(address: &str, wishes: &mut TlsWishes) -> String {
    static ROOT: std::sync::LazyLock<Option<regex::Regex>> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(?i)(^|\s)sslrootcert\s*=\s*('(?:[^'\\]|\\.)*'|\S+)").ok()
    });
    static VERIFY: std::sync::LazyLock<Option<regex::Regex>> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(?i)(^|\s)sslmode\s*=\s*'?verify-(?:ca|full)'?").ok()
    });
    let mut out = address.to_string();
    if let Some(root) = ROOT.as_ref()
        && let Some(found) = root.captures(&out)
    {
        let value = found.get(2).map(|m| m.as_str()).unwrap_or("");
        let value = value.trim_matches('\'').replace("\\'", "'");
        wishes.root_certificate = Some(PathBuf::from(value));
        out = root.replace_all(&out, "$1").into_owned();
    }
    if let Some(verify) = VERIFY.as_ref() {
        out = verify.replace_all(&out, "${1}sslmode=require").into_owned();
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn parse(address: &str) -> Result<Config, TeamError> {
    let (address, _) = split_tls_wishes(address);
    Config::from_str(&address).map_err(|e| {
        TeamError::Address(format!(
            "'{}' is not a PostgreSQL address ({e}); write it as postgresql://USER@HOST/DATABASE",
            without_secret_text(&address)
        ))
    })
}

/// The address for a message, with nothing after a ':' in the user part.
fn without_secret_text(address: &str) -> String {
    match address.split_once("://") {
        Some((scheme, rest)) => match rest.split_once('@') {
            Some((user, hosts)) => {
                format!(
                    "{scheme}://{}@{hosts}",
                    user.split(':').next().unwrap_or("")
                )
            }
            None => address.to_string(),
        },
        None => without_password_pair(address),
    }
}

/// The driver's configuration for `address`, completed from libpq's environment and
/// password file.
fn config(address: &str) -> Result<(Config, TlsWishes), TeamError> {
    let (text, wishes) = split_tls_wishes(address);
    let mut config = parse(&text)?;
    let env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    if config.get_hosts().is_empty() {
        match env("PGHOST") {
            Some(host) => {
                config.host(&host);
            }
            None => {
                config.host_path("/var/run/postgresql");
            }
        }
    }
    if config.get_ports().is_empty()
        && let Some(port) = env("PGPORT").and_then(|p| p.parse().ok())
    {
        config.port(port);
    }
    if config.get_user().is_none() {
        let user = env("PGUSER")
            .or_else(|| env("USER"))
            .unwrap_or_else(|| "postgres".into());
        config.user(&user);
    }
    if config.get_dbname().is_none()
        && let Some(db) = env("PGDATABASE")
    {
        config.dbname(&db);
    }
    if !text.contains("sslmode")
        && let Some(mode) = env("PGSSLMODE")
    {
        config.ssl_mode(match mode.as_str() {
            "disable" => SslMode::Disable,
            "require" | "verify-ca" | "verify-full" => SslMode::Require,
            _ => SslMode::Prefer,
        });
    }
    if config.get_password().is_none() {
        if let Some(password) = env("PGPASSWORD") {
            config.password(password);
        } else if let Some(password) = password_from_file(&config) {
            config.password(password);
        }
    }
    config.connect_timeout(CONNECT_TIMEOUT);
    // A connection whose far end went away unsaid is found within about a minute.
    config.keepalives(true);
    config.keepalives_idle(Duration::from_secs(30));
    config.application_name("chancery");
    Ok((config, wishes))
}

/// The password libpq's password file gives for this connection, if any: lines
/// `host:port:database:user:password`, `*` matching anything, the first match wins.
fn password_from_file(config: &Config) -> Option<String> {
    let path = std::env::var_os("PGPASSFILE")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".pgpass")))?;
    let text = std::fs::read_to_string(path).ok()?;
    let host = match config.get_hosts().first() {
        Some(Host::Tcp(h)) => h.clone(),
        // libpq matches a socket directory as "localhost".
        Some(Host::Unix(_)) | None => "localhost".to_string(),
    };
    let port = config
        .get_ports()
        .first()
        .copied()
        .unwrap_or(5432)
        .to_string();
    let user = config.get_user().unwrap_or_default().to_string();
    let db = config.get_dbname().unwrap_or(&user).to_string();
    text.lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .find_map(|line| {
            let fields = split_pgpass_line(line);
            if fields.len() != 5 {
                return None;
            }
            let matches = |pattern: &str, value: &str| pattern == "*" || pattern == value;
            (matches(&fields[0], &host)
                && matches(&fields[1], &port)
                && matches(&fields[2], &db)
                && matches(&fields[3], &user))
            .then(|| fields[4].clone())
        })
}

/// A password-file line's fields (`\:` and `\\` escaped).
fn split_pgpass_line(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(next) = chars.next()
                    && let Some(last) = fields.last_mut()
                {
                    last.push(next);
                }
            }
            ':' => fields.push(String::new()),
            _ => {
                if let Some(last) = fields.last_mut() {
                    last.push(c);
                }
            }
        }
    }
    fields
}

/// The login role `address` connects as (what the server will name as the author).
pub fn role_of(address: &str) -> Result<String, TeamError> {
    let (config, _) = config(address)?;
    Ok(config.get_user().unwrap_or_default().to_string())
}

/// Connects to the team's server.
pub fn connect(address: &str) -> Result<Client, TeamError> {
    let (config, wishes) = config(address)?;
    let mut builder = native_tls::TlsConnector::builder();
    if let Some(path) = &wishes.root_certificate {
        let pem = std::fs::read(path).map_err(|e| {
            TeamError::Address(format!(
                "cannot read the certificate {}: {e}",
                path.display()
            ))
        })?;
        let certificate = native_tls::Certificate::from_pem(&pem).map_err(|e| {
            TeamError::Address(format!("{} is not a PEM certificate: {e}", path.display()))
        })?;
        builder.add_root_certificate(certificate);
    }
    let tls = builder
        .build()
        .map_err(|e| TeamError::Address(format!("TLS cannot be set up: {e}")))?;
    config
        .connect(postgres_native_tls::MakeTlsConnector::new(tls))
        .map_err(TeamError::from_connect)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_in_the_address_is_never_kept() {
        assert_eq!(
            without_password("postgresql://ana:s3cret@db.example.org:5433/desk?sslmode=require")
                .ok()
                .as_deref(),
            Some("postgresql://ana@db.example.org:5433/desk?sslmode=require")
        );
        assert_eq!(
            without_password("host=/tmp/x dbname=desk user=ana password=s3cret")
                .ok()
                .as_deref(),
            Some("host=/tmp/x dbname=desk user=ana")
        );
        assert_eq!(
            without_password("host=/tmp/x password = 's3 cret' dbname=desk")
                .ok()
                .as_deref(),
            Some("host=/tmp/x dbname=desk")
        );
        assert_eq!(
            without_password("postgresql://ana@h/desk?password=s3cret&sslmode=disable")
                .ok()
                .as_deref(),
            Some("postgresql://ana@h/desk?sslmode=disable")
        );
    }

    #[test]
    fn an_address_that_is_not_one_is_refused_with_its_form() {
        let e = without_password("postgresql://ana@h:notaport/desk");
        assert!(
            matches!(&e, Err(TeamError::Address(m)) if m.contains("postgresql://USER@HOST")),
            "{e:?}"
        );
    }

    #[test]
    fn verify_full_is_read_as_require_and_the_root_certificate_is_kept() {
        let (text, wishes) =
            split_tls_wishes("postgresql://a@h/d?sslmode=verify-full&sslrootcert=/etc/ca.pem");
        assert_eq!(text, "postgresql://a@h/d?sslmode=require");
        assert_eq!(wishes.root_certificate, Some(PathBuf::from("/etc/ca.pem")));
    }

    #[test]
    fn key_value_tls_wishes_keep_the_rest_as_written() {
        let (text, wishes) = split_tls_wishes(
            "host=db password = 's3 cret' sslmode=verify-full sslrootcert='/etc/my ca.pem'",
        );
        assert_eq!(text, "host=db password = 's3 cret' sslmode=require");
        assert_eq!(
            wishes.root_certificate,
            Some(PathBuf::from("/etc/my ca.pem"))
        );
    }

    #[test]
    fn a_password_file_line_is_split_at_unescaped_colons() {
        assert_eq!(
            split_pgpass_line(r"db\:1:5432:*:ana:pa\:ss"),
            vec!["db:1", "5432", "*", "ana", "pa:ss"]
        );
    }
}
