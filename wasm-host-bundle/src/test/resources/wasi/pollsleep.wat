;; calc(seconds, _) sleeps in poll_oneoff on one monotonic clock subscription of that many seconds
(module
  (import "wasi_snapshot_preview1" "poll_oneoff" (func $poll_oneoff (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "release_string") (param i32))
  (func (export "calc") (param $seconds i32) (param $b i32) (result i32)
    (i64.store (i32.const 0) (i64.const 7))          ;; userdata
    (i32.store8 (i32.const 8) (i32.const 0))         ;; eventtype clock
    (i32.store (i32.const 16) (i32.const 1))         ;; clockid monotonic
    (i64.store (i32.const 24)                        ;; timeout, ns, relative
      (i64.mul (i64.extend_i32_u (local.get $seconds)) (i64.const 1000000000)))
    (i64.store (i32.const 32) (i64.const 0))         ;; precision
    (i32.store16 (i32.const 40) (i32.const 0))       ;; flags: relative
    (call $poll_oneoff (i32.const 0) (i32.const 0x100) (i32.const 1) (i32.const 0x200))))
