;; opens note.txt in the first directory granted to it (WASI fd 3): returns 0 if it could, else the errno
(module
  (import "wasi_snapshot_preview1" "path_open" (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "readfile\00")
  (data (i32.const 64) "read\00")
  (data (i32.const 200) "note.txt")
  (func (export "name") (result i32) i32.const 16)
  (func (export "operator") (result i32) i32.const 64)
  (func (export "release_string") (param i32))
  (func (export "calc") (param $a i32) (param $b i32) (result i32)
    (call $path_open (i32.const 3) (i32.const 0) (i32.const 200) (i32.const 8)
                     (i32.const 0) (i64.const 2) (i64.const 0) (i32.const 0) (i32.const 128))))
