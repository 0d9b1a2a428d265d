;; runs forever on br_table back to the loop
(module
  (memory (export "memory") 1)
  (data (i32.const 16) "loopbrtable\00")
  (data (i32.const 64) "@\00")
  (func (export "name") (result i32) i32.const 16)
  (func (export "operator") (result i32) i32.const 64)
  (func (export "release_string") (param i32))
  (func (export "calc") (param $a i32) (param $b i32) (result i32)
    (block $out
      (loop $forever
        (br_table $forever $forever $out (local.get $b))))
    i32.const 0)
)
