;; calls fd_write on stdout again and again, forever, each time with a million iovecs of 1 MiB: on main, one
;; such call ran for minutes inside Chicory; the call's deadline must stop it
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 256)
  (data (i32.const 16) "wasiwrite\00")
  (data (i32.const 64) "wwrite\00")
  (func (export "name") (result i32) i32.const 16)
  (func (export "operator") (result i32) i32.const 64)
  (func (export "release_string") (param i32))
  (func (export "calc") (param $a i32) (param $b i32) (result i32)
    (local $i i32)
    (loop $setup
      (i32.store (i32.add (i32.const 0x1000) (i32.mul (local.get $i) (i32.const 8))) (i32.const 0x10000))
      (i32.store (i32.add (i32.const 0x1004) (i32.mul (local.get $i) (i32.const 8))) (i32.const 0x100000))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $setup (i32.lt_u (local.get $i) (i32.const 1024))))
    (loop $forever
      (drop (call $fd_write (i32.const 1) (i32.const 0x1000) (i32.const 1000000) (i32.const 0x100)))
      (drop (call $fd_write (i32.const 1) (i32.const 0x1000) (i32.const 1024) (i32.const 0x100)))
      (br $forever))
    i32.const 0))
