//! How the binaries get their memory from the kernel: in 4 KiB pages, not
//! transparent huge pages.
//!
//! A large run writes gigabytes of fresh records, and the kernel zeroes
//! every page on its first touch. On the virtual machines crmrecon is
//! measured on (2 cores, virtio balloon with free page reporting), memory
//! the guest has not used for a few seconds goes back to the host, and the
//! first touch of it then costs far more for a 2 MiB page than for 512
//! pages of 4 KiB. A C program touching 2 GiB of such memory took 8.3 s in
//! 2 MiB pages and 1.6 s in 4 KiB pages; normalizing a million contact
//! rows (`cargo bench --bench normalize`) spent 4.2 s of system time in
//! huge pages and 0.64–1.0 s without them, and its wall time went from
//! 3.5–4.5 s to 2.2–3.0 s. Only memory the process itself freed a moment ago
//! is cheaper in huge pages (0.2 s against 1.3 s for the same 2 GiB), and a
//! run mostly touches memory for the first time.
//!
//! On a bare-metal machine huge pages would win a little (fewer faults);
//! `CRMRECON_HUGE_PAGES=1` keeps them for whoever measures that.

/// Called first thing by each binary, before the allocator maps its arenas.
pub fn configure_pages() {
    if std::env::var_os("CRMRECON_HUGE_PAGES").is_some_and(|v| v == "1") {
        // SAFETY: a store into one of mimalloc's global options, which
        // mimalloc allows at any time.
        #[allow(unsafe_code)]
        unsafe {
            libmimalloc_sys::mi_option_set_enabled(libmimalloc_sys::mi_option_large_os_pages, true);
        }
        return;
    }
    disable_transparent_huge_pages();
}

/// Run `f` with freed memory handed back to the kernel at once, then
/// restore the allocator's delay.
///
/// mimalloc keeps freed pages a while (a second in the version linked)
/// before handing them back, which pays when memory is freed and taken
/// again. Where a step frees gigabytes while it allocates others, as
/// turning a million records into features and dropping their values
/// does, the freed pages then count on top of the new ones: the peak of a
/// 1M + 1M linking was 3.69–3.95 GiB with the delay, 3.50 GiB with none
/// during that step. Only around such a step: with no delay for a whole
/// run, the same linking took 96 s instead of 70.
pub fn releasing_freed_memory_at_once<T>(f: impl FnOnce() -> T) -> T {
    use libmimalloc_sys::{mi_option_get, mi_option_set, mi_option_t};
    // `mi_option_purge_delay` of mimalloc.h (v2 and v3: the 16th option,
    // after `eager_commit_delay`, 14); libmimalloc-sys names no constant
    // for it.
    #[allow(non_upper_case_globals)]
    const mi_option_purge_delay: mi_option_t = 15;
    // SAFETY: reads and stores of one of mimalloc's global options, which
    // mimalloc allows at any time from any thread.
    #[allow(unsafe_code)]
    let delay = unsafe { mi_option_get(mi_option_purge_delay) };
    #[allow(unsafe_code)]
    unsafe {
        mi_option_set(mi_option_purge_delay, 0);
    }
    let out = f();
    #[allow(unsafe_code)]
    unsafe {
        mi_option_set(mi_option_purge_delay, delay);
    }
    out
}

/// mimalloc asks for huge pages on its arenas (`madvise(MADV_HUGEPAGE)`)
/// unless told otherwise, and on kernels set to `always` the kernel gives
/// them anyway: turning them off for the process covers both.
#[cfg(target_os = "linux")]
fn disable_transparent_huge_pages() {
    // SAFETY: prctl(PR_SET_THP_DISABLE) takes plain integers and only sets
    // a flag of the calling process; a kernel without it returns an error,
    // which leaves things as they were.
    #[allow(unsafe_code)]
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

#[cfg(not(target_os = "linux"))]
fn disable_transparent_huge_pages() {}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    /// The flag is per process: setting it in the test harness is harmless
    /// and shows the call reaches the kernel.
    #[test]
    fn freed_memory_is_released_at_once_inside_and_as_before_after() {
        use libmimalloc_sys::mi_option_get;
        // SAFETY: a read of one of mimalloc's global options.
        #[allow(unsafe_code)]
        let delay = || unsafe { mi_option_get(15) };
        let before = delay();
        let inside = super::releasing_freed_memory_at_once(delay);
        assert_eq!(inside, 0);
        assert_eq!(delay(), before);
        // mimalloc's default (1,000 ms in the version linked) unless
        // MIMALLOC_PURGE_DELAY says else: not 0, so the test shows the
        // option read is the purge delay.
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
            assert_eq!(before, 1000);
        }
    }

    #[test]
    fn huge_pages_are_off_after_configuring() {
        super::disable_transparent_huge_pages();
        // SAFETY: as above, a query of the calling process's flag.
        #[allow(unsafe_code)]
        let disabled = unsafe { libc::prctl(libc::PR_GET_THP_DISABLE, 0, 0, 0, 0) };
        assert_eq!(disabled, 1);
        let status = std::fs::read_to_string("/proc/self/status").expect("read /proc/self/status");
        assert!(status.lines().any(|l| l.replace(' ', "") == "THP_enabled:\t0"), "{status}");
    }
}
