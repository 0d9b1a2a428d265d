;; name() points at 1 MiB of 'a' with no NUL anywhere in it
(module
  (memory (export "memory") 16)
  (func (export "name") (result i32)
    (memory.fill (i32.const 0) (i32.const 97) (i32.const 1048576))
    i32.const 0)
  (func (export "operator") (result i32) i32.const 0)
  (func (export "release_string") (param i32))
  (func (export "calc") (param i32 i32) (result i32) i32.const 0))
