;; no calc export
(module
  (memory (export "memory") 1)
  (data (i32.const 16) "nocalc\00")
  (func (export "name") (result i32) i32.const 16)
  (func (export "operator") (result i32) i32.const 16)
  (func (export "release_string") (param i32)))
