;; a reactor whose _initialize takes a parameter: the host could never call it
(module
  (memory (export "memory") 1)
  (data (i32.const 16) "initparams\00")
  (data (i32.const 64) "ip\00")
  (func (export "_initialize") (param i32))
  (func (export "name") (result i32) i32.const 16)
  (func (export "operator") (result i32) i32.const 64)
  (func (export "release_string") (param i32))
  (func (export "calc") (param $a i32) (param $b i32) (result i32) i32.const 0)
)
