;; the base of the patched modules of the hostile suite (HostileLimitsIT makes its memory shared, adds a second
;; memory, or turns its load into an atomic one: Chicory's wat2wasm has no flags for those proposals)
(module
  (memory (export "memory") 1 1)
  (data (i32.const 16) "patched\00")
  (data (i32.const 64) "pt\00")
  (func (export "name") (result i32) i32.const 16)
  (func (export "operator") (result i32) i32.const 64)
  (func (export "release_string") (param i32))
  (func (export "calc") (param $a i32) (param $b i32) (result i32)
    (i32.load (i32.const 0))
    nop)
)
