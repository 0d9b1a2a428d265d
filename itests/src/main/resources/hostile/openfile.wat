;; tries to open /etc/passwd through WASI (fd 3, the first preopen): returns the errno it got
(module
  (import "wasi_snapshot_preview1" "path_open" (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "openfile\00")
  (data (i32.const 64) "open\00")
  (func (export "name") (result i32) i32.const 16)
  (func (export "operator") (result i32) i32.const 64)
  (func (export "release_string") (param i32))
  (func (export "calc") (param $a i32) (param $b i32) (result i32)
    (i32.store (i32.const 128) (i32.const 0))
    (call $path_open (i32.const 3) (i32.const 0) (i32.const 200) (i32.const 10)
                     (i32.const 0) (i64.const -1) (i64.const -1) (i32.const 0) (i32.const 128)))
  (data (i32.const 200) "etc/passwd"))
