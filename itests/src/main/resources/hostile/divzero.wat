;; divides by its second operand: zero traps
(module

  (memory (export "memory") 1)
  (data (i32.const 16) "divzero\00")
  (data (i32.const 64) "div\00")
  (func (export "name") (result i32) i32.const 16)
  (func (export "operator") (result i32) i32.const 64)
  (func (export "release_string") (param i32))
  (func (export "calc") (param $a i32) (param $b i32) (result i32)
    (i32.div_u (local.get $a) (local.get $b)))
)
