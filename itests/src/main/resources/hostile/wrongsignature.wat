;; calc takes 64-bit integers
(module
  (memory (export "memory") 1)
  (data (i32.const 16) "wide\00")
  (func (export "name") (result i32) i32.const 16)
  (func (export "operator") (result i32) i32.const 16)
  (func (export "release_string") (param i32))
  (func (export "calc") (param i64 i64) (result i64) i64.const 0))
