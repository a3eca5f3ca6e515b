;; Candidate positions for the YARA no-match filter's literal search (see literal-index.ts), written
;; for exhunt. `prepare` writes a view of the text — ASCII case-folded, or the XOR of neighbouring
;; bytes — and `scan` tests, at each position of the view, the keys of 2, 3, 4 and 8 bytes that end
;; there against bit sets; a position where a key's bits are set is written out with the mask of the
;; key widths that hit. The JavaScript side then looks the keys up and compares the literals.
;;
;; Keys are little-endian: the 4 bytes ending at position i are `i32.load (view + i - 3)`, so the
;; scan keeps no state from one position to the next (a rolling key made the loop half as fast).
;;
;; The memory is imported. From a view's tables address $tab (written by the JavaScript side):
;;   +0       256 bytes: the folding table (byte -> folded byte)
;;   +256     2-byte keys: 65,536 bits, indexed by the key itself
;;   +8448    3-byte keys: 65,536 bits, bit (key * 0x9e3779b1) >>> 16
;;   +16640   4-byte keys: 524,288 bits, bits (key * 0x9e3779b1) >>> 13 and (key * 0x85ebca6b) >>> 13
;;   +82176   8-byte keys (hi: first 4 bytes, lo: last 4): 1,048,576 bits,
;;            bits ((hi * 0x85ebca6b) ^ (lo * 0x9e3779b1)) >>> 12 and ((hi * 0x9e3779b1) ^ (lo * 0xc2b2ae35)) >>> 12
;;   +213248  the last two bytes of every 2- and 3-byte key: 65,536 bits
;;   +221440  the last four bytes of every 4- and 8-byte key: 262,144 bits, bit (lo * 0x9e3779b1) >>> 14
;;   +254208  end
;; The last two sets are read first and the others only where they have a bit: at most positions
;; two reads, no more. The 4- and 8-byte sets have two bits per key (a Bloom filter): a text
;; repeats its word pairs so often that with one bit a few unlucky 8-byte stretches came through
;; at every occurrence.
;; Output: one i32 per candidate, position * 16 + width mask (1: 2 bytes, 2: 3, 4: 4, 8: 8), so
;; views must be shorter than 2^27 bytes. The view must have 8 readable bytes before it.
(module
  (import "env" "memory" (memory 1))
  ;; Where the next call should resume when the output filled up (else -1).
  (global $next (export "next") (mut i32) (i32.const -1))

  ;; Writes the view of text[0, $len) at $dst: folded bytes ($diff 0) or text[i] ^ text[i + 1]
  ;; ($diff 1; the last byte is then 0).
  (func (export "prepare") (param $tab i32) (param $text i32) (param $len i32) (param $dst i32) (param $diff i32)
    (local $i i32)
    (if (local.get $diff)
      (then
        (if (i32.eqz (local.get $len)) (then (return)))
        (block $done
          (loop $each
            (br_if $done (i32.ge_u (local.get $i) (i32.sub (local.get $len) (i32.const 1))))
            (i32.store8 (i32.add (local.get $dst) (local.get $i))
              (i32.xor
                (i32.load8_u (i32.add (local.get $text) (local.get $i)))
                (i32.load8_u offset=1 (i32.add (local.get $text) (local.get $i)))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $each)))
        (i32.store8 (i32.add (local.get $dst) (local.get $i)) (i32.const 0)))
      (else
        (block $done
          (loop $each
            (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
            (i32.store8 (i32.add (local.get $dst) (local.get $i))
              (i32.load8_u (i32.add (local.get $tab) (i32.load8_u (i32.add (local.get $text) (local.get $i))))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $each))))))

  ;; Scans positions [$from, $n) of the view at $view. Writes candidates at $out, at most $cap;
  ;; returns how many, with $next set to the position to resume from when the output filled up.
  ;; (Bit tests are written out: V8 does not inline calls between WebAssembly functions.)
  (func (export "scan")
    (param $tab i32) (param $view i32) (param $n i32) (param $from i32) (param $out i32) (param $cap i32)
    (result i32)
    (local $i i32) (local $h i32) (local $hi i32) (local $m i32) (local $b i32) (local $count i32)
    (global.set $next (i32.const -1))
    (local.set $i (local.get $from))
    (block $done
      (loop $each
        (br_if $done (i32.ge_s (local.get $i) (local.get $n)))
        (local.set $h (i32.load (i32.sub (i32.add (local.get $view) (local.get $i)) (i32.const 3))))
        (local.set $m (i32.const 0))
        ;; A 2- or 3-byte key ending with these two bytes?
        (local.set $b (i32.shr_u (local.get $h) (i32.const 16)))
        (if (i32.and
              (i32.load8_u offset=213248 (i32.add (local.get $tab) (i32.shr_u (local.get $b) (i32.const 3))))
              (i32.shl (i32.const 1) (i32.and (local.get $b) (i32.const 7))))
          (then
            (if (i32.and
                  (i32.load8_u offset=256 (i32.add (local.get $tab) (i32.shr_u (local.get $b) (i32.const 3))))
                  (i32.shl (i32.const 1) (i32.and (local.get $b) (i32.const 7))))
              (then (local.set $m (i32.const 1))))
            (local.set $b (i32.shr_u (i32.mul (i32.shr_u (local.get $h) (i32.const 8)) (i32.const 0x9e3779b1))
              (i32.const 16)))
            (if (i32.and
                  (i32.load8_u offset=8448 (i32.add (local.get $tab) (i32.shr_u (local.get $b) (i32.const 3))))
                  (i32.shl (i32.const 1) (i32.and (local.get $b) (i32.const 7))))
              (then (local.set $m (i32.or (local.get $m) (i32.const 2)))))))
        ;; A 4- or 8-byte key ending with these four bytes?
        (local.set $b (i32.shr_u (i32.mul (local.get $h) (i32.const 0x9e3779b1)) (i32.const 14)))
        (if (i32.and
              (i32.load8_u offset=221440 (i32.add (local.get $tab) (i32.shr_u (local.get $b) (i32.const 3))))
              (i32.shl (i32.const 1) (i32.and (local.get $b) (i32.const 7))))
          (then
            ;; 4 bytes: both bits.
            (local.set $b (i32.shr_u (i32.mul (local.get $h) (i32.const 0x9e3779b1)) (i32.const 13)))
            (if (i32.and
                  (i32.load8_u offset=16640 (i32.add (local.get $tab) (i32.shr_u (local.get $b) (i32.const 3))))
                  (i32.shl (i32.const 1) (i32.and (local.get $b) (i32.const 7))))
              (then
                (local.set $b (i32.shr_u (i32.mul (local.get $h) (i32.const 0x85ebca6b)) (i32.const 13)))
                (if (i32.and
                      (i32.load8_u offset=16640 (i32.add (local.get $tab) (i32.shr_u (local.get $b) (i32.const 3))))
                      (i32.shl (i32.const 1) (i32.and (local.get $b) (i32.const 7))))
                  (then (local.set $m (i32.or (local.get $m) (i32.const 4)))))))
            ;; 8 bytes: both bits.
            (local.set $hi (i32.load (i32.sub (i32.add (local.get $view) (local.get $i)) (i32.const 7))))
            (local.set $b (i32.shr_u
              (i32.xor (i32.mul (local.get $hi) (i32.const 0x85ebca6b)) (i32.mul (local.get $h) (i32.const 0x9e3779b1)))
              (i32.const 12)))
            (if (i32.and
                  (i32.load8_u offset=82176 (i32.add (local.get $tab) (i32.shr_u (local.get $b) (i32.const 3))))
                  (i32.shl (i32.const 1) (i32.and (local.get $b) (i32.const 7))))
              (then
                (local.set $b (i32.shr_u
                  (i32.xor (i32.mul (local.get $hi) (i32.const 0x9e3779b1)) (i32.mul (local.get $h) (i32.const 0xc2b2ae35)))
                  (i32.const 12)))
                (if (i32.and
                      (i32.load8_u offset=82176 (i32.add (local.get $tab) (i32.shr_u (local.get $b) (i32.const 3))))
                      (i32.shl (i32.const 1) (i32.and (local.get $b) (i32.const 7))))
                  (then (local.set $m (i32.or (local.get $m) (i32.const 8)))))))))
        (if (local.get $m)
          (then
            (i32.store (i32.add (local.get $out) (i32.shl (local.get $count) (i32.const 2)))
              (i32.or (i32.shl (local.get $i) (i32.const 4)) (local.get $m)))
            (local.set $count (i32.add (local.get $count) (i32.const 1)))
            (if (i32.ge_u (local.get $count) (local.get $cap))
              (then
                (global.set $next (i32.add (local.get $i) (i32.const 1)))
                (return (local.get $count))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $each)))
    (local.get $count))
)
