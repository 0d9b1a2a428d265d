;; recurses without end: the call stack must run out, not the container
(module

  (memory (export "memory") 1)
  (data (i32.const 16) "recurse\00")
  (data (i32.const 64) "rec\00")
  (func (export "name") (result i32) i32.const 16)
  (func (export "operator") (result i32) i32.const 64)
  (func (export "release_string") (param i32))
  (func (export "calc") (param $a i32) (param $b i32) (result i32)
    local.get $a
    local.get $b
    call $deeper)
  (func $deeper (param i32 i32) (result i32)
    local.get 0
    local.get 1
    call $deeper))
