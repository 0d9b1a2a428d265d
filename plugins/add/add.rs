// The `add` plugin, written the way the original article did: a cdylib whose
// functions are #[no_mangle] extern "C"; strings are handed out with
// CString::into_raw and taken back (and freed) with CString::from_raw.
use std::ffi::CString;
use std::os::raw::c_char;

#[no_mangle]
pub extern "C" fn calc(a: u32, b: u32) -> u32 {
    a.wrapping_add(b)
}

#[no_mangle]
pub extern "C" fn name() -> *mut c_char {
    CString::new("add").unwrap().into_raw()
}

#[no_mangle]
pub extern "C" fn operator() -> *mut c_char {
    CString::new("+").unwrap().into_raw()
}

#[no_mangle]
pub extern "C" fn release_string(ptr: *mut c_char) {
    unsafe {
        let _ = CString::from_raw(ptr);
    }
}
