;; Loops for BackEdgeChecksTest: each kind of backward branch Chicory compiles (br, br_if, br_table), nested
;; loops, loops that never end, a loop that calls and one that reads no memory.
(module
  (memory 1 1)

  ;; sum of i * i for i < $n, each term stored and loaded back (br_if back-edge)
  (func (export "squares") (param $n i32) (result i64)
    (local $i i32) (local $sum i64)
    (block $done
      (br_if $done (i32.eqz (local.get $n)))
      (loop $next
        (i32.store (i32.and (i32.shl (local.get $i) (i32.const 2)) (i32.const 0xfffc))
          (i32.mul (local.get $i) (local.get $i)))
        (local.set $sum (i64.add (local.get $sum)
          (i64.extend_i32_u (i32.load (i32.and (i32.shl (local.get $i) (i32.const 2)) (i32.const 0xfffc))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $next (i32.lt_u (local.get $i) (local.get $n)))))
    (local.get $sum))

  ;; sum of (i xor j xor the byte at j) over i, j < $n (two nested loops, br back-edges)
  (func (export "nested") (param $n i32) (result i64)
    (local $i i32) (local $j i32) (local $sum i64)
    (block $outer_done
      (loop $outer
        (br_if $outer_done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $j (i32.const 0))
        (block $inner_done
          (loop $inner
            (br_if $inner_done (i32.ge_u (local.get $j) (local.get $n)))
            (local.set $sum (i64.add (local.get $sum) (i64.extend_i32_u
              (i32.xor (i32.xor (local.get $i) (local.get $j)) (i32.load8_u (i32.and (local.get $j) (i32.const 0xff)))))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $inner)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $outer)))
    (local.get $sum))

  ;; counts down from $n through a br_table whose first target is the loop
  (func (export "table") (param $n i32) (result i32)
    (local $steps i32)
    (block $done
      (loop $again
        (local.set $steps (i32.add (local.get $steps) (i32.const 1)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br_table $again $done (i32.eqz (local.get $n)))))
    (local.get $steps))

  (func (export "spin_br") (loop $forever (drop (i32.load (i32.const 0))) (br $forever)))

  (func (export "spin_br_if") (param $x i32)
    (loop $forever
      (local.set $x (i32.add (local.get $x) (i32.load (i32.const 0)) (i32.const 1)))
      (br_if $forever (i32.ne (local.get $x) (i32.const 0)))
      (local.set $x (i32.const 1))
      (br $forever)))

  ;; sum of squares through a call in the loop: the call's own check stays, so the back-edge is left as it is
  (func $square (param $x i32) (result i32) (i32.mul (local.get $x) (local.get $x)))
  (func (export "calls") (param $n i32) (result i32)
    (local $i i32) (local $sum i32)
    (loop $next
      (local.set $sum (i32.add (local.get $sum) (call $square (local.get $i))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $next (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $sum))

  ;; Collatz steps of $n, registers only: nothing to hoist, so the back-edge is left as it is
  (func (export "registers") (param $n i64) (result i32)
    (local $steps i32)
    (block $done
      (loop $next
        (br_if $done (i64.le_u (local.get $n) (i64.const 1)))
        (local.set $n (select (i64.add (i64.mul (local.get $n) (i64.const 3)) (i64.const 1))
                              (i64.shr_u (local.get $n) (i64.const 1))
                              (i32.wrap_i64 (i64.and (local.get $n) (i64.const 1)))))
        (local.set $steps (i32.add (local.get $steps) (i32.const 1)))
        (br $next)))
    (local.get $steps))
)
