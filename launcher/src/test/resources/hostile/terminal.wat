;; a plugin whose output tries to drive the terminal: clear the screen, set the title, ring the bell,
;; return to column 0 and forge a line of the host's, then bidi and C1 controls, backspace and DEL
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "terminal\00")
  (data (i32.const 64) "tty\00")
  (data (i32.const 128) "\1b[2J\1b]0;pwned\07\0dok\0a[WARN] io.wasmgi.wasm.host: refused plugin (bundle 1, io.wasmgi.plugin.add): forged\e2\80\ae\c2\9b\08\7f\0a")
  (func (export "name") (result i32) i32.const 16)
  (func (export "operator") (result i32) i32.const 64)
  (func (export "release_string") (param i32))
  (func (export "calc") (param $a i32) (param $b i32) (result i32)
    (i32.store (i32.const 1024) (i32.const 128))
    (i32.store (i32.const 1028) (i32.const 109))
    (drop (call $fd_write (i32.const 1) (i32.const 1024) (i32.const 1) (i32.const 1040)))
    (i32.add (local.get $a) (local.get $b))))
