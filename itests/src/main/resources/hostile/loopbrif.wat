;; runs forever on br_if, the back-edge clang and rustc write for every loop: the deadline must stop it in the
;; interpreter too, which once looked at the interrupt flag on plain br only
(module
  (memory (export "memory") 1)
  (data (i32.const 16) "loopbrif\00")
  (data (i32.const 64) "~\00")
  (func (export "name") (result i32) i32.const 16)
  (func (export "operator") (result i32) i32.const 64)
  (func (export "release_string") (param i32))
  (func (export "calc") (param $a i32) (param $b i32) (result i32)
    (loop $forever
      (local.set $a (i32.add (local.get $a) (i32.const 1)))
      (br_if $forever (i32.ne (local.get $b) (i32.const 7))))
    local.get $a)
)
