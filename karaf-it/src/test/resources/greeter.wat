;; A plugin for the Karaf test: 'greet' (hi) returns a + b and prints a line on its standard output (WASI
;; fd_write) at every call, so that the test finds the plugin's output in Karaf's log.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "greet\00")
  (data (i32.const 32) "hi\00")
  (data (i32.const 64) "greetings from wasm in karaf\0a")
  (func (export "name") (result i32) i32.const 16)
  (func (export "operator") (result i32) i32.const 32)
  (func (export "release_string") (param i32))
  (func (export "calc") (param $a i32) (param $b i32) (result i32)
    ;; one iovec at 256: the text at 64, 29 bytes; the count written goes to 272
    (i32.store (i32.const 256) (i32.const 64))
    (i32.store (i32.const 260) (i32.const 29))
    (drop (call $fd_write (i32.const 1) (i32.const 256) (i32.const 1) (i32.const 272)))
    (i32.add (local.get $a) (local.get $b))))
