;; sleeps a minute in poll_oneoff (one relative monotonic clock subscription): the call's deadline must stop it
(module
  (import "wasi_snapshot_preview1" "poll_oneoff" (func $poll_oneoff (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "wasisleep\00")
  (data (i32.const 64) "wsleep\00")
  (func (export "name") (result i32) i32.const 16)
  (func (export "operator") (result i32) i32.const 64)
  (func (export "release_string") (param i32))
  (func (export "calc") (param $a i32) (param $b i32) (result i32)
    (i32.store8 (i32.const 0x408) (i32.const 0))              ;; eventtype clock
    (i32.store (i32.const 0x410) (i32.const 1))               ;; monotonic
    (i64.store (i32.const 0x418) (i64.const 60000000000))     ;; 60 s, relative
    (call $poll_oneoff (i32.const 0x400) (i32.const 0x800) (i32.const 1) (i32.const 0x900))))
