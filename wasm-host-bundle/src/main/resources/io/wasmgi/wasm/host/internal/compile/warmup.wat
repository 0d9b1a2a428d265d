;; Run once by the host when it starts (WarmUp), so that the first plugin does not pay for loading Chicory's
;; parser, interpreter and compiler: the plugin ABI and a little of what plugins use (memory, loops, calls, a
;; table, 64-bit code).
;; warmup.wasm is this file assembled by wat2wasm; WarmUpTest checks that they agree.
(module
  (memory (export "memory") 1)
  (data (i32.const 65280) "warmup\00")
  (data (i32.const 65296) "~\00")
  (func (export "name") (result i32) i32.const 65280)
  (func (export "operator") (result i32) i32.const 65296)
  (func (export "release_string") (param i32))
  (global $calls (mut i32) (i32.const 0))
  (table 2 funcref)
  (elem (i32.const 0) $square $twice)
  (type $unary (func (param i32) (result i32)))
  (func $square (param $x i32) (result i32) (i32.mul (local.get $x) (local.get $x)))
  (func $twice (param $x i32) (result i32) (i32.shl (local.get $x) (i32.const 1)))
  (func (export "calc") (param $a i32) (param $b i32) (result i32)
    (local $i i32) (local $sum i64)
    (global.set $calls (i32.add (global.get $calls) (i32.const 1)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $b)))
        (i32.store8 (i32.and (local.get $i) (i32.const 0xffff)) (local.get $i))
        (local.set $sum (i64.add (local.get $sum)
          (i64.extend_i32_u (call_indirect (type $unary)
            (i32.load8_u (i32.and (local.get $i) (i32.const 0xffff)))
            (i32.and (local.get $i) (i32.const 1))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (i32.add (local.get $a) (i32.wrap_i64 (i64.rotl (local.get $sum) (i64.const 7))))))
