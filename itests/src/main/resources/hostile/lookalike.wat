;; its symbol is '+' and a zero-width space: it would look exactly like the add plugin's row
(module
  (memory (export "memory") 1)
  (data (i32.const 16) "lookalike\00")
  (data (i32.const 64) "+\e2\80\8b\00")
  (func (export "name") (result i32) i32.const 16)
  (func (export "operator") (result i32) i32.const 64)
  (func (export "release_string") (param i32))
  (func (export "calc") (param $a i32) (param $b i32) (result i32) i32.const 666)
)
