//! A test VFS, SQLite's own method for testing I/O errors (its `test_vfs.c` and
//! `test_devsym.c`): a shim over the platform's default VFS, registered as the default for
//! this process, that forwards every call and can
//!
//! - fail the Nth write, sync, truncate or open of the calling thread (once, or that one and
//!   every later one: a disk that stays full), and
//! - simulate a power cut: from the "crash" on, nothing reaches the files, and every write
//!   not yet made durable by a sync of its file is taken back (the bytes it replaced are put
//!   back, the file cut to its synced length).
//!
//! Only the thread that armed it is affected: SQLite calls the VFS on the thread that runs
//! the statement, and other tests of this binary run on other threads.
#![allow(dead_code)]

use rusqlite::ffi;
use std::cell::RefCell;
use std::collections::HashMap;
use std::ffi::{c_char, c_int, c_void};
use std::sync::Once;

/// What the calling thread's I/O is subjected to.
#[derive(Debug, Default)]
struct Faults {
    /// Faultable calls (write, sync, truncate, open) counted since `arm`.
    calls: u64,
    /// The call that fails (counted from 1), if armed.
    fail_at: Option<u64>,
    /// Every call after the failing one fails too.
    persistent: bool,
    /// Whether a call failed since `arm`.
    hit: bool,
    /// Writes and syncs to keep for a power cut (`track_power`).
    tracking: bool,
    /// After `crash`: every write and sync is dropped.
    crashed: bool,
    /// The power goes at the armed call instead of the call failing.
    crash_at_fault: bool,
    /// The bytes each unsynced write replaced, by file path (an address could be reused by a
    /// file opened after another was closed).
    unsynced: HashMap<String, Unsynced>,
}

/// What a power cut would take back of one file.
#[derive(Debug, Default)]
struct Unsynced {
    path: String,
    /// The file's length at its last sync.
    synced_len: i64,
    /// (offset, the bytes there before the write), in write order.
    replaced: Vec<(i64, Vec<u8>)>,
}

thread_local! {
    static FAULTS: RefCell<Faults> = RefCell::new(Faults::default());
}

/// Counts faultable calls from now on, failing the `n`th (and, if `persistent`, every later).
pub fn arm(n: u64, persistent: bool) {
    FAULTS.with(|f| {
        let mut f = f.borrow_mut();
        f.calls = 0;
        f.fail_at = Some(n);
        f.persistent = persistent;
        f.hit = false;
        // A power cut armed before and never reached does not carry over.
        f.crash_at_fault = false;
    });
}

/// Counts faultable calls from now on; at the `n`th, the power goes (see `crash`).
pub fn arm_crash(n: u64) {
    arm(n, false);
    FAULTS.with(|f| f.borrow_mut().crash_at_fault = true);
}

/// Whether the power went.
pub fn has_crashed() -> bool {
    crashed()
}

/// Stops failing calls; returns whether a call failed and how many were counted.
pub fn disarm() -> (bool, u64) {
    FAULTS.with(|f| {
        let mut f = f.borrow_mut();
        f.fail_at = None;
        f.crash_at_fault = false;
        (f.hit, f.calls)
    })
}

/// Starts keeping what a power cut would take back.
pub fn track_power() {
    FAULTS.with(|f| {
        let mut f = f.borrow_mut();
        f.tracking = true;
        f.crashed = false;
        f.unsynced.clear();
    });
}

/// The power goes: nothing written from now on reaches a file.
pub fn crash() {
    FAULTS.with(|f| f.borrow_mut().crashed = true);
}

/// After `crash` and the files closed: puts back what unsynced writes replaced and cuts each
/// file to its synced length, as the disk would be after the power came back. Returns how many
/// writes were taken back.
pub fn power_back() -> usize {
    let unsynced = FAULTS.with(|f| {
        let mut f = f.borrow_mut();
        f.tracking = false;
        f.crashed = false;
        std::mem::take(&mut f.unsynced)
    });
    let mut taken_back = 0;
    for (_, file) in unsynced {
        let Ok(handle) = std::fs::OpenOptions::new().write(true).open(&file.path) else {
            continue;
        };
        for (offset, bytes) in file.replaced.iter().rev() {
            use std::os::unix::fs::FileExt;
            handle
                .write_all_at(bytes, *offset as u64)
                .expect("put back");
            taken_back += 1;
        }
        handle.set_len(file.synced_len as u64).expect("cut back");
    }
    taken_back
}

/// Whether the calling thread's next faultable call fails (and counts it).
fn next_call_fails() -> bool {
    FAULTS.with(|f| {
        let mut f = f.borrow_mut();
        let Some(at) = f.fail_at else {
            return false;
        };
        f.calls += 1;
        let fails = f.calls == at || (f.persistent && f.calls > at);
        f.hit |= fails;
        if fails && f.crash_at_fault {
            // Not a failure the program sees: the power goes, this call and every later one
            // are dropped.
            f.crashed = true;
            f.crash_at_fault = false;
            f.fail_at = None;
            return false;
        }
        fails
    })
}

fn crashed() -> bool {
    FAULTS.with(|f| f.borrow().crashed)
}

/// Installs the shim as the process's default VFS (once).
pub fn install() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| unsafe {
        let real = ffi::sqlite3_vfs_find(std::ptr::null());
        assert!(!real.is_null(), "no default VFS");
        let mut vfs: ffi::sqlite3_vfs = *real;
        vfs.szOsFile = (std::mem::size_of::<ShimFile>() + (*real).szOsFile as usize) as c_int;
        vfs.zName = c"faulty".as_ptr();
        vfs.pAppData = real as *mut c_void;
        vfs.pNext = std::ptr::null_mut();
        vfs.xOpen = Some(shim_open);
        vfs.xDelete = Some(shim_delete);
        vfs.xAccess = Some(shim_access);
        vfs.xFullPathname = Some(shim_full_pathname);
        let vfs = Box::leak(Box::new(vfs));
        assert_eq!(ffi::sqlite3_vfs_register(vfs, 1), ffi::SQLITE_OK);
    });
}

/// Our file: SQLite's header, then the real VFS's file right after it.
#[repr(C)]
struct ShimFile {
    base: ffi::sqlite3_file,
    real: *mut ffi::sqlite3_file,
    path: *mut String,
}

unsafe fn real_vfs(vfs: *mut ffi::sqlite3_vfs) -> *mut ffi::sqlite3_vfs {
    unsafe { (*vfs).pAppData as *mut ffi::sqlite3_vfs }
}

unsafe extern "C" fn shim_open(
    vfs: *mut ffi::sqlite3_vfs,
    name: ffi::sqlite3_filename,
    file: *mut ffi::sqlite3_file,
    flags: c_int,
    out_flags: *mut c_int,
) -> c_int {
    unsafe {
        let shim = file as *mut ShimFile;
        (*shim).base.pMethods = std::ptr::null();
        if next_call_fails() {
            return ffi::SQLITE_CANTOPEN;
        }
        let real_file =
            (file as *mut u8).add(std::mem::size_of::<ShimFile>()) as *mut ffi::sqlite3_file;
        let real = real_vfs(vfs);
        let rc = ((*real).xOpen.expect("xOpen"))(real, name, real_file, flags, out_flags);
        if rc != ffi::SQLITE_OK || (*real_file).pMethods.is_null() {
            return rc;
        }
        let path = if name.is_null() {
            String::new()
        } else {
            std::ffi::CStr::from_ptr(name)
                .to_string_lossy()
                .into_owned()
        };
        (*shim).real = real_file;
        (*shim).path = Box::into_raw(Box::new(path));
        (*shim).base.pMethods = &SHIM_METHODS;
        rc
    }
}

unsafe extern "C" fn shim_delete(
    vfs: *mut ffi::sqlite3_vfs,
    name: *const c_char,
    sync: c_int,
) -> c_int {
    unsafe {
        if crashed() {
            return ffi::SQLITE_OK;
        }
        let real = real_vfs(vfs);
        ((*real).xDelete.expect("xDelete"))(real, name, sync)
    }
}

unsafe extern "C" fn shim_access(
    vfs: *mut ffi::sqlite3_vfs,
    name: *const c_char,
    flags: c_int,
    out: *mut c_int,
) -> c_int {
    unsafe {
        let real = real_vfs(vfs);
        ((*real).xAccess.expect("xAccess"))(real, name, flags, out)
    }
}

unsafe extern "C" fn shim_full_pathname(
    vfs: *mut ffi::sqlite3_vfs,
    name: *const c_char,
    n: c_int,
    out: *mut c_char,
) -> c_int {
    unsafe {
        let real = real_vfs(vfs);
        ((*real).xFullPathname.expect("xFullPathname"))(real, name, n, out)
    }
}

unsafe fn real_of(
    file: *mut ffi::sqlite3_file,
) -> (*mut ffi::sqlite3_file, &'static ffi::sqlite3_io_methods) {
    unsafe {
        let real = (*(file as *mut ShimFile)).real;
        (real, &*(*real).pMethods)
    }
}

unsafe extern "C" fn shim_close(file: *mut ffi::sqlite3_file) -> c_int {
    unsafe {
        let (real, m) = real_of(file);
        let shim = file as *mut ShimFile;
        drop(Box::from_raw((*shim).path));
        (m.xClose.expect("xClose"))(real)
    }
}

unsafe extern "C" fn shim_read(
    file: *mut ffi::sqlite3_file,
    buf: *mut c_void,
    n: c_int,
    at: i64,
) -> c_int {
    unsafe {
        let (real, m) = real_of(file);
        (m.xRead.expect("xRead"))(real, buf, n, at)
    }
}

unsafe extern "C" fn shim_write(
    file: *mut ffi::sqlite3_file,
    buf: *const c_void,
    n: c_int,
    at: i64,
) -> c_int {
    unsafe {
        if next_call_fails() {
            return ffi::SQLITE_IOERR_WRITE;
        }
        if crashed() {
            return ffi::SQLITE_OK;
        }
        let (real, m) = real_of(file);
        remember_replaced(file, real, m, n, at);
        (m.xWrite.expect("xWrite"))(real, buf, n, at)
    }
}

/// Keeps the bytes a write is about to replace, while a power cut is being prepared.
unsafe fn remember_replaced(
    file: *mut ffi::sqlite3_file,
    real: *mut ffi::sqlite3_file,
    m: &ffi::sqlite3_io_methods,
    n: c_int,
    at: i64,
) {
    unsafe {
        let tracking = FAULTS.with(|f| f.borrow().tracking);
        if !tracking {
            return;
        }
        let path = (*(*(file as *mut ShimFile)).path).clone();
        let mut size: i64 = 0;
        (m.xFileSize.expect("xFileSize"))(real, &mut size);
        let mut old = vec![0u8; n as usize];
        // A short read fills the rest with zeros: bytes past the end are cut off anyway.
        (m.xRead.expect("xRead"))(real, old.as_mut_ptr() as *mut c_void, n, at);
        FAULTS.with(|f| {
            let mut f = f.borrow_mut();
            let entry = f.unsynced.entry(path.clone()).or_insert_with(|| Unsynced {
                path,
                synced_len: size,
                replaced: Vec::new(),
            });
            entry.replaced.push((at, old));
        });
    }
}

unsafe extern "C" fn shim_truncate(file: *mut ffi::sqlite3_file, size: i64) -> c_int {
    unsafe {
        if next_call_fails() {
            return ffi::SQLITE_IOERR_TRUNCATE;
        }
        if crashed() {
            return ffi::SQLITE_OK;
        }
        let (real, m) = real_of(file);
        // A truncation is made durable by the next sync, like a write: keep what it cuts.
        let tracking = FAULTS.with(|f| f.borrow().tracking);
        if tracking {
            let mut current: i64 = 0;
            (m.xFileSize.expect("xFileSize"))(real, &mut current);
            if current > size {
                remember_replaced(file, real, m, (current - size) as c_int, size);
            }
        }
        (m.xTruncate.expect("xTruncate"))(real, size)
    }
}

unsafe extern "C" fn shim_sync(file: *mut ffi::sqlite3_file, flags: c_int) -> c_int {
    unsafe {
        if next_call_fails() {
            return ffi::SQLITE_IOERR_FSYNC;
        }
        if crashed() {
            return ffi::SQLITE_OK;
        }
        let (real, m) = real_of(file);
        let rc = (m.xSync.expect("xSync"))(real, flags);
        if rc == ffi::SQLITE_OK {
            // What this file holds now survives a power cut.
            let path = &*(*(file as *mut ShimFile)).path;
            FAULTS.with(|f| f.borrow_mut().unsynced.remove(path));
        }
        rc
    }
}

unsafe extern "C" fn shim_file_size(file: *mut ffi::sqlite3_file, out: *mut i64) -> c_int {
    unsafe {
        let (real, m) = real_of(file);
        (m.xFileSize.expect("xFileSize"))(real, out)
    }
}

unsafe extern "C" fn shim_lock(file: *mut ffi::sqlite3_file, level: c_int) -> c_int {
    unsafe {
        let (real, m) = real_of(file);
        (m.xLock.expect("xLock"))(real, level)
    }
}

unsafe extern "C" fn shim_unlock(file: *mut ffi::sqlite3_file, level: c_int) -> c_int {
    unsafe {
        let (real, m) = real_of(file);
        (m.xUnlock.expect("xUnlock"))(real, level)
    }
}

unsafe extern "C" fn shim_check_reserved(file: *mut ffi::sqlite3_file, out: *mut c_int) -> c_int {
    unsafe {
        let (real, m) = real_of(file);
        (m.xCheckReservedLock.expect("xCheckReservedLock"))(real, out)
    }
}

unsafe extern "C" fn shim_file_control(
    file: *mut ffi::sqlite3_file,
    op: c_int,
    arg: *mut c_void,
) -> c_int {
    unsafe {
        let (real, m) = real_of(file);
        (m.xFileControl.expect("xFileControl"))(real, op, arg)
    }
}

unsafe extern "C" fn shim_sector_size(file: *mut ffi::sqlite3_file) -> c_int {
    unsafe {
        let (real, m) = real_of(file);
        (m.xSectorSize.expect("xSectorSize"))(real)
    }
}

unsafe extern "C" fn shim_device(file: *mut ffi::sqlite3_file) -> c_int {
    unsafe {
        let (real, m) = real_of(file);
        (m.xDeviceCharacteristics.expect("xDeviceCharacteristics"))(real)
    }
}

unsafe extern "C" fn shim_shm_map(
    file: *mut ffi::sqlite3_file,
    page: c_int,
    size: c_int,
    extend: c_int,
    out: *mut *mut c_void,
) -> c_int {
    unsafe {
        let (real, m) = real_of(file);
        (m.xShmMap.expect("xShmMap"))(real, page, size, extend, out)
    }
}

unsafe extern "C" fn shim_shm_lock(
    file: *mut ffi::sqlite3_file,
    offset: c_int,
    n: c_int,
    flags: c_int,
) -> c_int {
    unsafe {
        let (real, m) = real_of(file);
        (m.xShmLock.expect("xShmLock"))(real, offset, n, flags)
    }
}

unsafe extern "C" fn shim_shm_barrier(file: *mut ffi::sqlite3_file) {
    unsafe {
        let (real, m) = real_of(file);
        (m.xShmBarrier.expect("xShmBarrier"))(real)
    }
}

unsafe extern "C" fn shim_shm_unmap(file: *mut ffi::sqlite3_file, delete: c_int) -> c_int {
    unsafe {
        let (real, m) = real_of(file);
        // A crashed process deletes nothing: the shared memory is rebuilt from the WAL.
        let delete = if crashed() { 0 } else { delete };
        (m.xShmUnmap.expect("xShmUnmap"))(real, delete)
    }
}

unsafe extern "C" fn shim_fetch(
    file: *mut ffi::sqlite3_file,
    at: i64,
    n: c_int,
    out: *mut *mut c_void,
) -> c_int {
    unsafe {
        // No memory-mapped reads: every read goes through xRead.
        let _ = (file, at, n);
        *out = std::ptr::null_mut();
        ffi::SQLITE_OK
    }
}

unsafe extern "C" fn shim_unfetch(file: *mut ffi::sqlite3_file, at: i64, p: *mut c_void) -> c_int {
    let _ = (file, at, p);
    ffi::SQLITE_OK
}

static SHIM_METHODS: ffi::sqlite3_io_methods = ffi::sqlite3_io_methods {
    iVersion: 3,
    xClose: Some(shim_close),
    xRead: Some(shim_read),
    xWrite: Some(shim_write),
    xTruncate: Some(shim_truncate),
    xSync: Some(shim_sync),
    xFileSize: Some(shim_file_size),
    xLock: Some(shim_lock),
    xUnlock: Some(shim_unlock),
    xCheckReservedLock: Some(shim_check_reserved),
    xFileControl: Some(shim_file_control),
    xSectorSize: Some(shim_sector_size),
    xDeviceCharacteristics: Some(shim_device),
    xShmMap: Some(shim_shm_map),
    xShmLock: Some(shim_shm_lock),
    xShmBarrier: Some(shim_shm_barrier),
    xShmUnmap: Some(shim_shm_unmap),
    xFetch: Some(shim_fetch),
    xUnfetch: Some(shim_unfetch),
};
