;; calc(a, n): grows its table by n entries and returns the new size (or -1 where table.grow fails);
;; calc(0, _) traps, so that the next call gets a fresh instance. A fresh instance must start with one entry.
(module
  (memory (export "memory") 1)
  (table $t 1 funcref)
  (data (i32.const 16) "tablegrow\00")
  (data (i32.const 64) "tg\00")
  (func (export "name") (result i32) i32.const 16)
  (func (export "operator") (result i32) i32.const 64)
  (func (export "release_string") (param i32))
  (func (export "calc") (param $a i32) (param $n i32) (result i32)
    (if (i32.eqz (local.get $a)) (then unreachable))
    (if (i32.eq (table.grow $t (ref.null func) (local.get $n)) (i32.const -1))
      (then (return (i32.const -1))))
    table.size $t)
)
