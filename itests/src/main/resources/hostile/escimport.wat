;; imports a function whose name holds escape sequences and a line break: quoted in the refusal, it must stay inert
(module
  (import "env" "\1b[2J\1b]0;pwned\07\0a[WARN] io.wasmgi.wasm.host: forged" (func $evil (param i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "evil\00")
  (func (export "name") (result i32) i32.const 16)
  (func (export "operator") (result i32) i32.const 16)
  (func (export "release_string") (param i32))
  (func (export "calc") (param i32 i32) (result i32) (call $evil (i32.const 16))))
