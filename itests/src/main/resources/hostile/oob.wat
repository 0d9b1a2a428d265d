;; loads from an address far outside its memory (unsigned, not negative)
(module

  (memory (export "memory") 1)
  (data (i32.const 16) "oob\00")
  (data (i32.const 64) "oob\00")
  (func (export "name") (result i32) i32.const 16)
  (func (export "operator") (result i32) i32.const 64)
  (func (export "release_string") (param i32))
  (func (export "calc") (param $a i32) (param $b i32) (result i32)
    (i32.load (i32.const 0xFFFFFFF0)))
)
