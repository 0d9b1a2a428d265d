;; call_indirect for IndirectCallsTest: a table filled by element segments and by table.set of a declared
;; ref.func, functions of the table's type that no table can hold (one of them exported), a slot of another type,
;; null slots and slots past the end.
(module
  (type $binary (func (param i32 i32) (result i32)))
  (type $unary (func (param i32) (result i32)))
  (table $slots 8 funcref)
  (elem (i32.const 0) $add $sub)
  (elem (i32.const 3) $negate)
  (elem declare func $mul)
  (func $add (type $binary) (i32.add (local.get 0) (local.get 1)))
  (func $sub (type $binary) (i32.sub (local.get 0) (local.get 1)))
  (func $mul (type $binary) (i32.mul (local.get 0) (local.get 1)))
  ;; of the table's type, in no table: their cases go
  (func $div (type $binary) (i32.div_s (local.get 0) (local.get 1)))
  (func $rem (export "rem") (type $binary) (i32.rem_s (local.get 0) (local.get 1)))
  (func $negate (type $unary) (i32.sub (i32.const 0) (local.get 0)))
  (func (export "install_mul")
    (table.set $slots (i32.const 2) (ref.func $mul)))
  (func (export "apply") (param $slot i32) (param $a i32) (param $b i32) (result i32)
    (call_indirect $slots (type $binary) (local.get $a) (local.get $b) (local.get $slot)))
  ;; keeps $div from being dropped as dead code by a toolchain; never in a table
  (func (export "divide") (param i32 i32) (result i32) (call $div (local.get 0) (local.get 1))))
