;; name() returns 0xFFFFFFF0: an unsigned pointer far outside memory (not a negative number)
(module
  (memory (export "memory") 1)
  (data (i32.const 64) "?\00")
  (func (export "name") (result i32) i32.const 0xFFFFFFF0)
  (func (export "operator") (result i32) i32.const 64)
  (func (export "release_string") (param i32))
  (func (export "calc") (param i32 i32) (result i32) i32.const 0))
