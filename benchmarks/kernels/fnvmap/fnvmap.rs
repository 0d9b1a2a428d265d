// The `fnvmap` kernel (Rust; hashing bytes and probing a table): an open-addressing hash map from u32 keys to
// counts, the keys hashed as their 4 little-endian bytes with FNV-1a, linear probing. calc(n, seed) inserts n
// keys drawn by a xorshift32 from [1, n/2] (so about half are repeats), then looks up n keys of a second
// stream and returns the sum of the counts found mixed with the number of distinct keys. 0 if n is 0 or too
// large for the plugin's memory. Strings as in plugins/add/add.rs: CString::into_raw, back with from_raw.
use std::ffi::CString;
use std::os::raw::c_char;

fn fnv1a(bytes: &[u8]) -> u32 {
    let mut hash: u32 = 0x811c_9dc5;
    for &b in bytes {
        hash ^= b as u32;
        hash = hash.wrapping_mul(0x0100_0193);
    }
    hash
}

fn xorshift32(state: &mut u32) -> u32 {
    let mut x = *state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    *state = x;
    x
}

struct Map {
    keys: Vec<u32>, // 0: an empty slot (keys are never 0)
    counts: Vec<u32>,
    mask: usize,
}

impl Map {
    fn with_capacity(n: usize) -> Map {
        let slots = (2 * n).next_power_of_two(); // at most half full: probes stay short
        Map { keys: vec![0; slots], counts: vec![0; slots], mask: slots - 1 }
    }

    /// The slot of `key`, or the empty slot where it would go.
    fn slot(&self, key: u32) -> usize {
        let mut i = fnv1a(&key.to_le_bytes()) as usize & self.mask;
        while self.keys[i] != 0 && self.keys[i] != key {
            i = (i + 1) & self.mask;
        }
        i
    }

    /// Counts one more `key`; true if it was new.
    fn add(&mut self, key: u32) -> bool {
        let i = self.slot(key);
        let new = self.keys[i] == 0;
        self.keys[i] = key;
        self.counts[i] += 1;
        new
    }

    fn count(&self, key: u32) -> u32 {
        self.counts[self.slot(key)]
    }
}

#[no_mangle]
pub extern "C" fn calc(n: u32, seed: u32) -> u32 {
    if n < 2 || n > (1 << 20) {
        return 0;
    }
    let range = n / 2;
    let mut map = Map::with_capacity(range as usize);
    let mut state = seed | 1; // xorshift32 never leaves 0
    let mut distinct: u32 = 0;
    for _ in 0..n {
        if map.add(xorshift32(&mut state) % range + 1) {
            distinct += 1;
        }
    }
    let mut found: u32 = 0;
    for _ in 0..n {
        found = found.wrapping_add(map.count(xorshift32(&mut state) % range + 1));
    }
    found.wrapping_mul(31).wrapping_add(distinct)
}

#[no_mangle]
pub extern "C" fn name() -> *mut c_char {
    CString::new("fnvmap").unwrap().into_raw()
}

#[no_mangle]
pub extern "C" fn operator() -> *mut c_char {
    CString::new("fnvmap").unwrap().into_raw()
}

#[no_mangle]
pub extern "C" fn release_string(ptr: *mut c_char) {
    unsafe {
        let _ = CString::from_raw(ptr);
    }
}
