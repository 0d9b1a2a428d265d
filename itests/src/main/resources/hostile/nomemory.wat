;; right functions, but no exported memory
(module
  (memory 1)
  (data (i32.const 16) "nomem\00")
  (func (export "name") (result i32) i32.const 16)
  (func (export "operator") (result i32) i32.const 16)
  (func (export "release_string") (param i32))
  (func (export "calc") (param i32 i32) (result i32) i32.const 0))
