// The `sub` plugin, in AssemblyScript. AssemblyScript strings are UTF-16 inside, so the ABI's NUL-terminated
// UTF-8 strings are written as static bytes; they are never allocated, so release_string has nothing to free.
const NAME: usize = memory.data<u8>([0x73, 0x75, 0x62, 0]); // "sub"
const SYMBOL: usize = memory.data<u8>([0x2d, 0]); // "-"

export function calc(a: u32, b: u32): u32 {
  return a - b; // wraps modulo 2^32, as u32 arithmetic does
}

export function name(): usize {
  return NAME;
}

export function operator(): usize {
  return SYMBOL;
}

export function release_string(ptr: usize): void {}
