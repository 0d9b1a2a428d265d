;; calc(n, _) opens path n in its granted directory (WASI fd 3), following links, and returns the errno:
;; 0 note.txt, 1 escape/passwd, 2 passwd, 3 rel/secret.txt, 4 ../outside/secret.txt (read only);
;; 5 out/created.txt (created, for writing)
(module
  (import "wasi_snapshot_preview1" "path_open" (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "symlink\00")
  (data (i32.const 64) "esc\00")
  (data (i32.const 128) "\08\00\00\00\0d\00\00\00\06\00\00\00\0e\00\00\00\15\00\00\00\0f\00\00\00")
  (data (i32.const 256) "note.txt")
  (data (i32.const 320) "escape/passwd")
  (data (i32.const 384) "passwd")
  (data (i32.const 448) "rel/secret.txt")
  (data (i32.const 512) "../outside/secret.txt")
  (data (i32.const 576) "out/created.txt")
  (func (export "name") (result i32) i32.const 16)
  (func (export "operator") (result i32) i32.const 64)
  (func (export "release_string") (param i32))
  (func (export "calc") (param $n i32) (param $b i32) (result i32)
    (local $write i32)
    (local.set $write (i32.eq (local.get $n) (i32.const 5)))
    (call $path_open (i32.const 3) (i32.const 1)
      (i32.add (i32.const 256) (i32.mul (local.get $n) (i32.const 64)))
      (i32.load (i32.add (i32.const 128) (i32.mul (local.get $n) (i32.const 4))))
      (select (i32.const 9) (i32.const 0) (local.get $write))       ;; CREAT | TRUNC to write
      (select (i64.const 64) (i64.const 2) (local.get $write))      ;; FD_WRITE or FD_READ
      (i64.const 0) (i32.const 0) (i32.const 8))))
