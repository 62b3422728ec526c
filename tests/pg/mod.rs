//! A throwaway PostgreSQL cluster for the team tests: `initdb` into a temporary folder (as the
//! `postgres` user through `runuser` when the tests run as root, as CI does), listening only
//! on a Unix socket in that folder, stopped when dropped, even after a failed test. Where
//! PostgreSQL's programs are missing the tests say so in one line and skip, unless
//! `CHANCERY_TEAM_TESTS=require` (set by `.ci/run`) makes that a failure.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

pub struct Cluster {
    _dir: tempfile::TempDir,
    data: PathBuf,
    pub socket: PathBuf,
    bin: PathBuf,
    as_postgres: bool,
    /// Server options beyond the socket-only defaults (TLS on a TCP port).
    extra: std::cell::RefCell<String>,
}

/// Where a TLS cluster listens on TCP, and the certificate authority that signed its
/// certificate (for `sslrootcert`).
pub struct Tls {
    pub port: u16,
    pub ca: PathBuf,
}

fn bin_dir() -> Option<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|e| e.ok())
        .map(|e| e.path().join("bin"))
        .filter(|p| p.join("initdb").exists() && p.join("pg_ctl").exists())
        .collect();
    found.sort();
    found.pop()
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

impl Cluster {
    /// A running cluster, or `None` (said loudly) where PostgreSQL is not installed.
    pub fn start() -> Option<Cluster> {
        let Some(bin) = bin_dir() else {
            let required = std::env::var("CHANCERY_TEAM_TESTS").is_ok_and(|v| v == "require");
            assert!(
                !required,
                "CHANCERY_TEAM_TESTS=require but PostgreSQL's initdb is not installed"
            );
            eprintln!(
                "SKIPPED: PostgreSQL (initdb, pg_ctl) is not installed; the team tests did not run"
            );
            return None;
        };
        let as_postgres = is_root();
        let dir = tempfile::Builder::new()
            .prefix("chancery-pg-")
            .tempdir_in("/tmp")
            .expect("a temporary folder");
        let data = dir.path().join("data");
        let socket = dir.path().to_path_buf();
        if as_postgres {
            let status = Command::new("chown")
                .args(["-R", "postgres:postgres"])
                .arg(dir.path())
                .status()
                .expect("chown");
            assert!(status.success(), "chown of the cluster's folder failed");
        }
        let cluster = Cluster {
            _dir: dir,
            data,
            socket,
            bin,
            as_postgres,
            extra: std::cell::RefCell::new(String::new()),
        };
        let init = cluster
            .run("initdb")
            .args([
                "-A",
                "trust",
                "-U",
                "postgres",
                "--no-sync",
                "-E",
                "UTF8",
                "-D",
            ])
            .arg(&cluster.data)
            .output()
            .expect("initdb runs");
        assert!(
            init.status.success(),
            "initdb failed: {}",
            String::from_utf8_lossy(&init.stderr)
        );
        cluster.start_again();
        Some(cluster)
    }

    fn run(&self, program: &str) -> Command {
        let path = self.bin.join(program);
        if self.as_postgres {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(path);
            c
        } else {
            Command::new(path)
        }
    }

    /// Starts the (stopped) server again.
    pub fn start_again(&self) {
        let extra = self.extra.borrow().clone();
        let options = if extra.is_empty() {
            format!(
                "-c listen_addresses='' -k {} -c fsync=off -c max_connections=200",
                self.socket.display()
            )
        } else {
            format!(
                "-k {} -c fsync=off -c max_connections=200 {extra}",
                self.socket.display()
            )
        };
        let out = self
            .run("pg_ctl")
            .args(["-w", "-t", "60", "-D"])
            .arg(&self.data)
            .arg("-l")
            .arg(self.socket.join("log"))
            .args(["-o", &options, "start"])
            .output()
            .expect("pg_ctl runs");
        assert!(
            out.status.success(),
            "pg_ctl start failed: {} {}",
            String::from_utf8_lossy(&out.stderr),
            std::fs::read_to_string(self.socket.join("log")).unwrap_or_default()
        );
    }

    /// A cluster that also listens on 127.0.0.1 with TLS (a certificate signed by a test
    /// authority, for the IP address) where logins need a password (SCRAM); the socket stays
    /// open without one. `None` where PostgreSQL or openssl is missing.
    pub fn start_tls() -> Option<(Cluster, Tls)> {
        let cluster = Cluster::start()?;
        cluster.stop();
        let dir = cluster.socket.clone();
        let openssl = |args: &[&str]| {
            let out = Command::new("openssl")
                .args(args)
                .current_dir(&dir)
                .output()
                .expect("openssl runs");
            assert!(
                out.status.success(),
                "openssl {args:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        };
        openssl(&[
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "ca.key",
            "-out",
            "ca.pem",
            "-days",
            "2",
            "-subj",
            "/CN=chancery-test-ca",
        ]);
        openssl(&[
            "req",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "server.key",
            "-out",
            "server.csr",
            "-subj",
            "/CN=127.0.0.1",
        ]);
        std::fs::write(dir.join("ext"), "subjectAltName=IP:127.0.0.1\n").expect("writes");
        openssl(&[
            "x509",
            "-req",
            "-in",
            "server.csr",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-out",
            "server.crt",
            "-days",
            "2",
            "-extfile",
            "ext",
        ]);
        if cluster.as_postgres {
            let status = Command::new("chown")
                .args(["postgres:postgres", "server.key", "server.crt"])
                .current_dir(&dir)
                .status()
                .expect("chown");
            assert!(status.success());
        }
        let chmod = Command::new("chmod")
            .args(["600", "server.key"])
            .current_dir(&dir)
            .status()
            .expect("chmod");
        assert!(chmod.success());
        let hba = cluster.data.join("pg_hba.conf");
        let old = std::fs::read_to_string(&hba).expect("pg_hba.conf");
        std::fs::write(
            &hba,
            format!("hostssl all all 127.0.0.1/32 scram-sha-256\n{old}"),
        )
        .expect("writes");
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        *cluster.extra.borrow_mut() = format!(
            "-c listen_addresses=127.0.0.1 -p {port} -c ssl=on -c ssl_cert_file={0}/server.crt -c ssl_key_file={0}/server.key",
            dir.display()
        );
        cluster.start_again();
        Some((
            cluster,
            Tls {
                port,
                ca: dir.join("ca.pem"),
            },
        ))
    }

    /// Stops the server (as a crash would: at once).
    pub fn stop(&self) {
        let _ = self
            .run("pg_ctl")
            .args(["-w", "-m", "immediate", "-D"])
            .arg(&self.data)
            .arg("stop")
            .output();
    }

    /// The address of database `db` as `user`.
    pub fn address(&self, db: &str, user: &str) -> String {
        let port = self.port_option();
        format!(
            "host={} dbname={db} user={user}{port}",
            self.socket.display()
        )
    }

    /// " port=N" when the cluster listens on a port of its own (its socket is named by it).
    fn port_option(&self) -> String {
        let extra = self.extra.borrow();
        match extra.split_once("-p ") {
            Some((_, rest)) => {
                format!(" port={}", rest.split_whitespace().next().unwrap_or("5432"))
            }
            None => String::new(),
        }
    }

    /// Runs SQL as the superuser in `db`.
    pub fn sql(&self, db: &str, sql: &str) {
        let mut client = postgres::Client::connect(&self.address(db, "postgres"), postgres::NoTls)
            .expect("the superuser connects");
        client.batch_execute(sql).expect("the SQL runs");
    }

    /// A new empty database.
    pub fn database(&self, name: &str) -> String {
        self.sql("postgres", &format!("CREATE DATABASE {name}"));
        self.address(name, "postgres")
    }

    /// A login role in one of the team's group roles (`chancery_editor`, `chancery_reader`).
    pub fn member(&self, name: &str, group: &str) {
        self.sql(
            "postgres",
            &format!("CREATE ROLE {name} LOGIN; GRANT {group} TO {name}"),
        );
    }

    pub fn socket(&self) -> &Path {
        &self.socket
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        self.stop();
    }
}
