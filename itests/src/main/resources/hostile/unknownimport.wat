;; imports env.system, which no host provides
(module
  (import "env" "system" (func $system (param i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "shell\00")
  (func (export "name") (result i32) i32.const 16)
  (func (export "operator") (result i32) i32.const 16)
  (func (export "release_string") (param i32))
  (func (export "calc") (param i32 i32) (result i32) (call $system (i32.const 16))))
