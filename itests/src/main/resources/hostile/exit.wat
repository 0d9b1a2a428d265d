;; calls proc_exit(3) in the middle of a call
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "exit\00")
  (data (i32.const 64) "exit\00")
  (func (export "name") (result i32) i32.const 16)
  (func (export "operator") (result i32) i32.const 64)
  (func (export "release_string") (param i32))
  (func (export "calc") (param $a i32) (param $b i32) (result i32)
    (call $proc_exit (i32.const 3))
    i32.const 0)
)
