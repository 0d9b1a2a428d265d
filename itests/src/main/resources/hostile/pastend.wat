;; operator() returns 65536: one past the last byte of its one page of memory
(module
  (memory (export "memory") 1)
  (data (i32.const 16) "pastend\00")
  (func (export "name") (result i32) i32.const 16)
  (func (export "operator") (result i32) i32.const 65536)
  (func (export "release_string") (param i32))
  (func (export "calc") (param i32 i32) (result i32) i32.const 0))
