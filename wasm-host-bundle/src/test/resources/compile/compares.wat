;; For HelperCallsTest: each unsigned 32-bit compare, alone and as a loop's exit, the unsigned 64-bit division
;; and remainder, and memory.copy.
(module
  (memory 1 1)

  (func (export "lt_u") (param i32 i32) (result i32) (i32.lt_u (local.get 0) (local.get 1)))
  (func (export "le_u") (param i32 i32) (result i32) (i32.le_u (local.get 0) (local.get 1)))
  (func (export "gt_u") (param i32 i32) (result i32) (i32.gt_u (local.get 0) (local.get 1)))
  (func (export "ge_u") (param i32 i32) (result i32) (i32.ge_u (local.get 0) (local.get 1)))

  (func (export "div_u64") (param i64 i64) (result i64) (i64.div_u (local.get 0) (local.get 1)))
  (func (export "rem_u64") (param i64 i64) (result i64) (i64.rem_u (local.get 0) (local.get 1)))

  ;; steps from $from until it is no longer below $to (unsigned), by $step: a loop exit on i32.ge_u,
  ;; with a second, signed compare on the same value (the shape C2 folds)
  (func (export "steps") (param $from i32) (param $to i32) (param $step i32) (result i32)
    (local $steps i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $from) (local.get $to)))
        (if (i32.lt_s (local.get $from) (i32.const 0))
          (then (local.set $steps (i32.add (local.get $steps) (i32.const 1000)))))
        (local.set $steps (i32.add (local.get $steps) (i32.const 1)))
        (local.set $from (i32.add (local.get $from) (local.get $step)))
        (br $next)))
    (local.get $steps))

  ;; memory.copy of $length bytes from $source to $destination, then the word at $destination
  (func (export "copy") (param $destination i32) (param $source i32) (param $length i32) (result i32)
    (i32.store (i32.const 0) (i32.const 0x04030201))
    (i32.store (i32.const 4) (i32.const 0x08070605))
    (memory.copy (local.get $destination) (local.get $source) (local.get $length))
    (i32.load (i32.and (local.get $destination) (i32.const 0xfffc)))))
