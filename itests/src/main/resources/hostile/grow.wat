;; grows its memory until memory.grow fails; returns the pages it reached
(module

  (memory (export "memory") 1)
  (data (i32.const 16) "grow\00")
  (data (i32.const 64) "grow\00")
  (func (export "name") (result i32) i32.const 16)
  (func (export "operator") (result i32) i32.const 64)
  (func (export "release_string") (param i32))
  (func (export "calc") (param $a i32) (param $b i32) (result i32)
    (block $full
      (loop $more
        (br_if $full (i32.eq (memory.grow (i32.const 1)) (i32.const -1)))
        (br $more)))
    memory.size)
)
