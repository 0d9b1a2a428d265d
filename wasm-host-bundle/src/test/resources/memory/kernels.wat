;; Memory-bound kernels for FlatMemoryBench: byte stores (a sieve), strided loads (a matrix product) and
;; scattered loads (random reads over 4 MiB). 64 pages, all of it used.
(module
  (memory 64 64)

  ;; primes below $n (at most 4 MiB), one byte a number
  (func (export "sieve") (param $n i32) (result i32)
    (local $i i32) (local $j i32) (local $count i32)
    (memory.fill (i32.const 0) (i32.const 0) (local.get $n))
    (local.set $i (i32.const 2))
    (block $done
      (loop $outer
        (br_if $done (i32.gt_u (i32.mul (local.get $i) (local.get $i)) (local.get $n)))
        (if (i32.eqz (i32.load8_u (local.get $i)))
          (then
            (local.set $j (i32.mul (local.get $i) (local.get $i)))
            (block $marked
              (loop $mark
                (br_if $marked (i32.ge_u (local.get $j) (local.get $n)))
                (i32.store8 (local.get $j) (i32.const 1))
                (local.set $j (i32.add (local.get $j) (local.get $i)))
                (br $mark)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $outer)))
    (local.set $i (i32.const 2))
    (block $counted
      (loop $count
        (br_if $counted (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $count (i32.add (local.get $count) (i32.eqz (i32.load8_u (local.get $i)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $count)))
    (local.get $count))

  ;; C = A x B for $n x $n i32 matrices at 0, n*n*4 and 2*n*n*4; answers the sum of C
  (func (export "matmul") (param $n i32) (result i32)
    (local $i i32) (local $j i32) (local $k i32) (local $acc i32) (local $b i32) (local $c i32) (local $sum i32)
    (local.set $b (i32.mul (i32.mul (local.get $n) (local.get $n)) (i32.const 4)))
    (local.set $c (i32.mul (local.get $b) (i32.const 2)))
    (local.set $i (i32.const 0))
    (loop $fi
      (local.set $j (i32.const 0))
      (loop $fj
        (i32.store (i32.shl (i32.add (i32.mul (local.get $i) (local.get $n)) (local.get $j)) (i32.const 2))
          (i32.add (local.get $i) (local.get $j)))
        (i32.store (i32.add (local.get $b)
            (i32.shl (i32.add (i32.mul (local.get $i) (local.get $n)) (local.get $j)) (i32.const 2)))
          (i32.sub (local.get $i) (local.get $j)))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br_if $fj (i32.lt_u (local.get $j) (local.get $n))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $fi (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.const 0))
    (loop $mi
      (local.set $j (i32.const 0))
      (loop $mj
        (local.set $acc (i32.const 0))
        (local.set $k (i32.const 0))
        (loop $mk
          (local.set $acc (i32.add (local.get $acc)
            (i32.mul
              (i32.load (i32.shl (i32.add (i32.mul (local.get $i) (local.get $n)) (local.get $k)) (i32.const 2)))
              (i32.load (i32.add (local.get $b)
                (i32.shl (i32.add (i32.mul (local.get $k) (local.get $n)) (local.get $j)) (i32.const 2)))))))
          (local.set $k (i32.add (local.get $k) (i32.const 1)))
          (br_if $mk (i32.lt_u (local.get $k) (local.get $n))))
        (i32.store (i32.add (local.get $c)
            (i32.shl (i32.add (i32.mul (local.get $i) (local.get $n)) (local.get $j)) (i32.const 2)))
          (local.get $acc))
        (local.set $sum (i32.add (local.get $sum) (local.get $acc)))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br_if $mj (i32.lt_u (local.get $j) (local.get $n))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $mi (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $sum))

  ;; $count reads and writes of i32 at pseudo-random aligned addresses in the 4 MiB (zeroed first); answers a sum
  (func (export "scatter") (param $count i32) (result i32)
    (local $x i32) (local $sum i32)
    (memory.fill (i32.const 0) (i32.const 0) (i32.const 0x400000))
    (local.set $x (i32.const 12345))
    (loop $next
      (local.set $x (i32.add (i32.mul (local.get $x) (i32.const 1103515245)) (i32.const 12345)))
      (local.set $sum (i32.add (local.get $sum)
        (i32.load (i32.and (local.get $x) (i32.const 0x3FFFFC)))))
      (i32.store (i32.and (i32.shr_u (local.get $x) (i32.const 8)) (i32.const 0x3FFFFC)) (local.get $x))
      (local.set $count (i32.sub (local.get $count) (i32.const 1)))
      (br_if $next (local.get $count)))
    (local.get $sum))
)
