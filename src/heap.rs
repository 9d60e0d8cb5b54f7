//! The binary's allocator: the system allocator, except that on Linux a
//! block of 4 MiB or more gets a mapping of its own, starting on a 2 MiB
//! boundary and marked for transparent huge pages, and [`huge_heap`] marks
//! the first 256 MiB of glibc's heap likewise.
//!
//! A compiled glossary decodes into a few dozen large arrays and tables
//! (about 45 MB for 10,000 terms), and the text of a long file is one large
//! block. Faulting them in 4 KiB at a time is where a cached run spent half
//! its time (about 15,000 page faults for 10,000 terms; a fault is costly in a
//! virtual machine, where CI runs). Where every mapping already gets huge
//! pages (`always`) nothing changes; where they are off the advice is
//! ignored. Memory use is about what it was: unlike an allocator that
//! commits whole arenas, memory is resident only up to the page last
//! written. A mapping ends where its block ends (rounded to 4 KiB), so
//! its last, partial 2 MiB takes small pages: a block never holds up to
//! 2 MiB more than it was given (a 1 GiB file and 218 bytes took 1026 MiB).

use std::alloc::{GlobalAlloc, Layout, System};

/// A huge page.
const HUGE: usize = 2 << 20;
/// Blocks from this size up are mapped on their own. Smaller ones hold
/// too little of a whole huge page to gain from one, and a long file's
/// per-window buffers are smaller than this, so they stay in the system
/// heap, which reuses them.
const LARGE: usize = 2 * HUGE;
/// Mappings are page-aligned; a block that needs more goes to the system.
const PAGE: usize = 4096;

/// See the module documentation.
pub(crate) struct Heap;

/// The mapped length of a large block of `size` bytes: whole pages.
fn mapped(size: usize) -> usize {
    size.div_ceil(PAGE) * PAGE
}

#[cfg(target_os = "linux")]
mod map {
    use rustix::mm::{Advice, MapFlags, MremapFlags, ProtFlags};
    use std::ptr;

    use super::HUGE;

    /// A fresh anonymous mapping of `len` bytes, or null.
    ///
    /// # Safety
    /// `len` is a non-zero multiple of the page size.
    unsafe fn map_plain(len: usize) -> *mut u8 {
        // SAFETY: a fresh anonymous mapping, no address given.
        let p = unsafe {
            rustix::mm::mmap_anonymous(
                ptr::null_mut(),
                len,
                ProtFlags::READ | ProtFlags::WRITE,
                MapFlags::PRIVATE,
            )
        };
        p.map_or(ptr::null_mut(), |p| p.cast())
    }

    /// A fresh anonymous mapping of `len` bytes starting on a huge-page
    /// boundary (the kernel aligns only lengths that are whole huge
    /// pages): `HUGE` more is mapped and the ends beyond the aligned
    /// range are unmapped. Null when that much address space is not to
    /// be had.
    ///
    /// # Safety
    /// `len` is a non-zero multiple of the page size.
    unsafe fn map_aligned(len: usize) -> *mut u8 {
        let Some(wide) = len.checked_add(HUGE) else {
            return ptr::null_mut();
        };
        // SAFETY: as the caller promises, `wide` a page multiple too.
        let p = unsafe { map_plain(wide) };
        if p.is_null() {
            return p;
        }
        let head = (p as usize).next_multiple_of(HUGE) - p as usize;
        // SAFETY: both ends lie inside the mapping just made, outside the
        // range kept; a failed unmap only leaves them mapped.
        unsafe {
            if head > 0 {
                let _ = rustix::mm::munmap(p.cast(), head);
            }
            let tail = wide - head - len;
            if tail > 0 {
                let _ = rustix::mm::munmap(p.add(head + len).cast(), tail);
            }
            p.add(head)
        }
    }

    /// # Safety
    /// `len` is a non-zero multiple of the page size.
    pub(super) unsafe fn map(len: usize) -> *mut u8 {
        // Unaligned where the address space has no room for the slack
        // (under a limit): huge pages are then to be had only by chance.
        // SAFETY: as the caller promises.
        let p = unsafe {
            let p = map_aligned(len);
            if p.is_null() { map_plain(len) } else { p }
        };
        if !p.is_null() {
            // Advice only: an error (huge pages compiled out) changes
            // nothing about the mapping.
            // SAFETY: the range is the mapping just made.
            let _ = unsafe { rustix::mm::madvise(p.cast(), len, Advice::LinuxHugepage) };
        }
        p
    }

    /// # Safety
    /// `p` and `len` are a mapping made by [`map`] or [`remap`].
    pub(super) unsafe fn unmap(p: *mut u8, len: usize) {
        // SAFETY: as the caller promises; nothing else refers to it.
        let _ = unsafe { rustix::mm::munmap(p.cast(), len) };
    }

    /// # Safety
    /// As [`unmap`] for `p` and `old`; `new` is a non-zero page multiple.
    pub(super) unsafe fn remap(p: *mut u8, old: usize, new: usize) -> *mut u8 {
        // In place when it shrinks or the addresses after it are free.
        // SAFETY: the mapping is ours; the kernel keeps its contents and
        // its huge-page advice.
        if let Ok(q) = unsafe { rustix::mm::mremap(p.cast(), old, new, MremapFlags::empty()) } {
            return q.cast();
        }
        // Else moved onto a huge-page boundary of its own choosing (where
        // the kernel would choose, huge pages would be split), replacing
        // a mapping made for it.
        // SAFETY: `new` is a page multiple; the target is a fresh mapping
        // of `new` bytes that nothing refers to.
        unsafe {
            let to = map_aligned(new);
            if to.is_null() {
                // No room for the slack: wherever the kernel puts it.
                return match rustix::mm::mremap(p.cast(), old, new, MremapFlags::MAYMOVE) {
                    Ok(q) => q.cast(),
                    Err(_) => ptr::null_mut(),
                };
            }
            match rustix::mm::mremap_fixed(p.cast(), old, new, MremapFlags::MAYMOVE, to.cast()) {
                Ok(q) => q.cast(),
                Err(_) => {
                    let _ = rustix::mm::munmap(to.cast(), new);
                    ptr::null_mut()
                }
            }
        }
    }
}

#[cfg(not(target_os = "linux"))]
mod map {
    // Elsewhere large blocks stay with the system allocator (`LARGE_OK`).
    pub(super) unsafe fn map(_: usize) -> *mut u8 {
        std::ptr::null_mut()
    }
    pub(super) unsafe fn unmap(_: *mut u8, _: usize) {}
    pub(super) unsafe fn remap(_: *mut u8, _: usize, _: usize) -> *mut u8 {
        std::ptr::null_mut()
    }
}

/// Whether large blocks are mapped here (a constant per platform).
const LARGE_OK: bool = cfg!(target_os = "linux");

fn is_large(layout: &Layout) -> bool {
    LARGE_OK && layout.size() >= LARGE && layout.align() <= PAGE
}

// SAFETY: every block is made and released by one of two allocators,
// chosen by its layout, which the caller gives back unchanged; both return
// memory aligned as asked (mappings are page-aligned and `is_large` admits
// only alignments up to a page).
unsafe impl GlobalAlloc for Heap {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if is_large(&layout) {
            // SAFETY: non-zero page multiple.
            unsafe { map::map(mapped(layout.size())) }
        } else {
            // SAFETY: forwarded as given.
            unsafe { System.alloc(layout) }
        }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if is_large(&layout) {
            // Fresh anonymous mappings read as zeros.
            // SAFETY: non-zero page multiple.
            unsafe { map::map(mapped(layout.size())) }
        } else {
            // SAFETY: forwarded as given.
            unsafe { System.alloc_zeroed(layout) }
        }
    }

    unsafe fn dealloc(&self, p: *mut u8, layout: Layout) {
        if is_large(&layout) {
            // SAFETY: a large layout's block is a mapping of this length.
            unsafe { map::unmap(p, mapped(layout.size())) }
        } else {
            // SAFETY: a small layout's block came from the system.
            unsafe { System.dealloc(p, layout) }
        }
    }

    unsafe fn realloc(&self, p: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY (whole body): the caller gives a valid block of `layout`
        // and a new size that, with its alignment, makes a valid layout.
        let new = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        match (is_large(&layout), is_large(&new)) {
            (false, false) => unsafe { System.realloc(p, layout, new_size) },
            (true, true) => unsafe { map::remap(p, mapped(layout.size()), mapped(new_size)) },
            _ => {
                let q = unsafe { self.alloc(new) };
                if !q.is_null() {
                    let n = layout.size().min(new_size);
                    unsafe {
                        std::ptr::copy_nonoverlapping(p, q, n);
                        self.dealloc(p, layout);
                    }
                }
                q
            }
        }
    }
}

/// Puts the first 256 MiB of the system heap on huge pages, for the
/// glossary about to be loaded; call it first thing on the main thread and
/// [`loaded`] once the glossary is. A glossary decodes into many small
/// blocks there (4 MB for the built-in packs, 19 MB for 10,000 terms,
/// about 190 MB for 100,000); the range costs nothing until written.
///
/// glibc grows its heap by what a request needs plus a pad. This sets the
/// pad to 256 MiB (until [`loaded`]: a heap top given back before the
/// glossary is written there would take the advice with it), makes the
/// heap grow once and marks the new range. Setting any threshold turns off
/// glibc's own adjustment of the others, so they are set to what it
/// reaches for this program's blocks: blocks from [`LARGE`] up are mapped
/// by [`Heap`], smaller ones come from the heap, whose top is trimmed
/// beyond twice that. Under a limit on the address space or the data
/// size nothing is changed: a run near its limit must not reserve more.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub(crate) fn huge_heap() {
    use rustix::process::{Resource, getrlimit};
    if getrlimit(Resource::As).current.is_some() || getrlimit(Resource::Data).current.is_some() {
        return;
    }
    // SAFETY: calls into the C allocator; the block is freed at once and
    // the advice is given for a range inside the heap.
    unsafe {
        let before = libc::sbrk(0) as usize;
        libc::mallopt(libc::M_MMAP_THRESHOLD, LARGE as libc::c_int);
        libc::mallopt(libc::M_TRIM_THRESHOLD, (2 * LARGE) as libc::c_int);
        libc::mallopt(libc::M_TOP_PAD, LOADING_PAD as libc::c_int);
        // black_box: the compiler may drop an unused malloc-free pair.
        let p = std::hint::black_box(libc::malloc(256 << 10));
        libc::free(p);
        let after = libc::sbrk(0) as usize;
        if let Some((start, len)) = huge_range(before, after) {
            // Advice only, as for the large blocks.
            let _ = rustix::mm::madvise(
                start as *mut std::ffi::c_void,
                len,
                rustix::mm::Advice::LinuxHugepage,
            );
        }
    }
    PADDED.store(true, std::sync::atomic::Ordering::Relaxed);
}

/// The heap pad while a glossary loads.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const LOADING_PAD: usize = 256 << 20;

/// Whether [`huge_heap`] raised the pad.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
static PADDED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// The glossary is loaded: the heap grows by glibc's usual pad again (its
/// written part keeps its huge pages; the untouched rest may be given
/// back).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub(crate) fn loaded() {
    if PADDED.swap(false, std::sync::atomic::Ordering::Relaxed) {
        // SAFETY: a setting of the C allocator.
        unsafe {
            libc::mallopt(libc::M_TOP_PAD, (128 << 10) as libc::c_int);
        }
    }
}

/// Elsewhere the system allocator is left as it is.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub(crate) fn huge_heap() {}

/// Elsewhere the system allocator is left as it is.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub(crate) fn loaded() {}

/// The whole huge pages between two program breaks (`sbrk` gives
/// `usize::MAX` when it fails), as start and length.
#[cfg_attr(not(all(target_os = "linux", target_env = "gnu")), allow(dead_code))]
fn huge_range(before: usize, after: usize) -> Option<(usize, usize)> {
    if before == usize::MAX || after == usize::MAX {
        return None;
    }
    let (start, end) = (before.next_multiple_of(HUGE), after / HUGE * HUGE);
    (end > start).then(|| (start, end - start))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_block(h: &Heap, size: usize, align: usize) {
        let layout = Layout::from_size_align(size, align).expect("layout");
        // SAFETY: the block is used within its layout and released once.
        unsafe {
            let p = h.alloc_zeroed(layout);
            assert!(!p.is_null(), "{size} bytes");
            assert_eq!(p as usize % align, 0);
            assert!(std::slice::from_raw_parts(p, size).iter().all(|&b| b == 0));
            for i in (0..size).step_by(4093) {
                *p.add(i) = (i % 251) as u8;
            }
            // Grow across the threshold and back, keeping the contents.
            let mut cur = layout;
            let mut p = p;
            let mut kept = size;
            for new_size in [size * 3 + 17, LARGE - 1, LARGE + 1, size] {
                p = h.realloc(p, cur, new_size);
                assert!(!p.is_null());
                assert_eq!(p as usize % align, 0);
                kept = kept.min(new_size);
                for i in (0..kept).step_by(4093) {
                    assert_eq!(*p.add(i), (i % 251) as u8, "byte {i} after {new_size}");
                }
                cur = Layout::from_size_align(new_size, align).expect("layout");
            }
            h.dealloc(p, cur);
        }
    }

    #[test]
    fn blocks_keep_contents_and_alignment_across_the_threshold() {
        let h = Heap;
        for size in [1, 100, LARGE - 1, LARGE, LARGE + 1, 3 * LARGE + 5] {
            for align in [1, 8, 64, PAGE, 2 * PAGE] {
                check_block(&h, size, align);
            }
        }
    }

    /// A large block starts on a huge-page boundary, and still does after
    /// growing where it cannot grow in place (a page is mapped right after
    /// it), with its contents.
    #[cfg(target_os = "linux")]
    #[test]
    fn large_blocks_start_on_huge_page_boundaries() {
        use rustix::mm::{MapFlags, ProtFlags, mmap_anonymous, munmap};
        let h = Heap;
        let l = |s| Layout::from_size_align(s, 8).expect("layout");
        // SAFETY: the block is used within its layout and released once;
        // the page in its way is a fresh mapping of its own.
        unsafe {
            let (small, big) = (LARGE + 5, 3 * LARGE + 1);
            let a = h.alloc(l(small));
            assert!(!a.is_null());
            assert_eq!(a as usize % HUGE, 0);
            *a = 7;
            *a.add(small - 1) = 9;
            let after = a.add(mapped(small));
            let wall = mmap_anonymous(
                after.cast(),
                PAGE,
                ProtFlags::READ,
                MapFlags::PRIVATE | MapFlags::FIXED_NOREPLACE,
            )
            .expect("the page after the block is free");
            let grown = h.realloc(a, l(small), big);
            assert!(!grown.is_null());
            assert_ne!(grown, a, "moved: the page after it is taken");
            assert_eq!(grown as usize % HUGE, 0);
            assert_eq!((*grown, *grown.add(small - 1)), (7, 9));
            h.dealloc(grown, l(big));
            munmap(wall, PAGE).expect("unmapped");
        }
    }

    #[test]
    fn a_large_block_is_mapped_on_its_own_only_up_to_page_alignment() {
        let l = |s, a| Layout::from_size_align(s, a).expect("layout");
        assert_eq!(is_large(&l(LARGE, 8)), LARGE_OK);
        assert!(!is_large(&l(LARGE - 1, 8)));
        assert!(!is_large(&l(LARGE, 2 * PAGE)));
        assert_eq!(mapped(LARGE + 1), LARGE + PAGE);
    }

    #[test]
    fn the_heap_advice_covers_whole_huge_pages_of_the_growth_only() {
        let m = 1 << 20;
        assert_eq!(huge_range(m, 70 * m), Some((2 * m, 68 * m)));
        assert_eq!(huge_range(2 * m, 4 * m), Some((2 * m, 2 * m)));
        assert_eq!(huge_range(m, 3 * m), None);
        assert_eq!(huge_range(3 * m, m), None);
        assert_eq!(huge_range(usize::MAX, usize::MAX), None);
    }
}
