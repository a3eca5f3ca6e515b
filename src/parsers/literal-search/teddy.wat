;; Multi-literal search over bytes with 128-bit SIMD, in the manner of the Teddy algorithm
;; (nibble lookup tables combined with AND over a 4-byte window, 8 buckets of literals), written
;; for exhunt from the published description of the technique. Built into teddy-wasm.ts by
;; `npm run wasm:build`; see teddy-search.ts for the tables' layout and how hits are used.
;;
;; The memory is imported: one per thread, shared by every searcher (literal set) of that thread,
;; so that the text region and its pages are shared too. Layout (written by the JavaScript side):
;;   128..143   scratch: the candidate bucket masks of the current 16-byte block
;;   144..151   bounds of the last line or word found by $line or $word: start, end (i32)
;; and per searcher, from its table address $tab:
;;   +0..127    nibble masks: window byte w (0..3): low-nibble table at w*32, high at w*32+16;
;;              bit b of a table entry = "some literal of bucket b allows this nibble here"
;;   +256..319  buckets: bucket b at 256+b*8: first literal index (i32), literal count (i32)
;;   +512..     literals, 32 bytes each: window offset k, length, data address, id, then the
;;              window's 4 bytes with bit 5 set in each (little-endian i32) and the mask of the
;;              window bytes that belong to the literal (0 for bytes past a short literal's end)
;;   data, text and output regions: addresses chosen by the caller
;;   programs:  clause programs (see $holds), written by the JavaScript side after the literals
;; Text must be followed by 32 readable bytes, zero: blocks read past its end.
(module
  (import "env" "memory" (memory 1))
  ;; Where the next call should start when the output filled up (else -1).
  (global $next (export "next") (mut i32) (i32.const 0))

  ;; 1 when literal (lower-case bytes at $data, $plen long) is at $s in the text, ASCII case folded.
  (func $verify (param $text i32) (param $len i32) (param $s i32) (param $plen i32) (param $data i32)
    (result i32)
    (local $j i32) (local $x i32)
    (if (i32.lt_s (local.get $s) (i32.const 0)) (then (return (i32.const 0))))
    (if (i32.gt_s (i32.add (local.get $s) (local.get $plen)) (local.get $len))
      (then (return (i32.const 0))))
    (local.set $text (i32.add (local.get $text) (local.get $s)))
    (block $fail
      (loop $cmp
        (if (i32.ge_u (local.get $j) (local.get $plen)) (then (return (i32.const 1))))
        (local.set $x (i32.load8_u (i32.add (local.get $text) (local.get $j))))
        (if (i32.lt_u (i32.sub (local.get $x) (i32.const 65)) (i32.const 26))
          (then (local.set $x (i32.or (local.get $x) (i32.const 32)))))
        (br_if $fail (i32.ne (local.get $x) (i32.load8_u (i32.add (local.get $data) (local.get $j)))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $cmp)))
    (i32.const 0))

  ;; Find the literals of the tables at $tab in text[$from, $len): writes one i32 key per hit at $out (start * 256 + literal
  ;; id; texts are shorter than 2^23 bytes), returns how many. Stops early, with $next set, when
  ;; fewer than $reserve keys of room are left (a block can produce at most 16 x literal-count
  ;; hits). Keys come in block order, not sorted by start.
  (func (export "scan")
    (param $tab i32) (param $text i32) (param $len i32) (param $from i32) (param $out i32) (param $cap i32)
    (param $reserve i32) (result i32)
    (local $p i32) (local $n i32) (local $m v128) (local $bits i32) (local $i i32) (local $q i32)
    (local $b i32) (local $bk i32) (local $e i32) (local $end i32) (local $ent i32) (local $s i32)
    (local $v v128) (local $nib v128) (local $lo v128) (local $hi v128) (local $stop i32)
    (local $lo0 v128) (local $hi0 v128) (local $lo1 v128) (local $hi1 v128)
    (local $lo2 v128) (local $hi2 v128) (local $lo3 v128) (local $hi3 v128)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $b0 v128) (local $b1 v128) (local $b2 v128)
    (local.set $nib (i8x16.splat (i32.const 15)))
    ;; The eight nibble tables live in registers for the whole scan, not reloaded per block.
    (local.set $lo0 (v128.load offset=0 (local.get $tab)))
    (local.set $hi0 (v128.load offset=16 (local.get $tab)))
    (local.set $lo1 (v128.load offset=32 (local.get $tab)))
    (local.set $hi1 (v128.load offset=48 (local.get $tab)))
    (local.set $lo2 (v128.load offset=64 (local.get $tab)))
    (local.set $hi2 (v128.load offset=80 (local.get $tab)))
    (local.set $lo3 (v128.load offset=96 (local.get $tab)))
    (local.set $hi3 (v128.load offset=112 (local.get $tab)))
    ;; Each block is loaded once: its bytes are looked up as window bytes 0..3 (a0..a3), and a
    ;; window ENDING at lane j of this block needs a3[j] and the a2, a1, a0 of the three bytes
    ;; before, which for the first lanes come from the previous block (kept in $a0..$a2, shifted in
    ;; by a byte shuffle). So block p reports the windows starting at p-3 .. p+12, and the scan
    ;; runs to len+2. Before the text nothing starts (zero); resuming at $from, the previous block
    ;; is looked up again.
    (if (i32.ge_u (local.get $from) (i32.const 16))
      (then
        (local.set $v (v128.load (i32.sub (i32.add (local.get $text) (local.get $from)) (i32.const 16))))
        (local.set $lo (v128.and (local.get $v) (local.get $nib)))
        (local.set $hi (i8x16.shr_u (local.get $v) (i32.const 4)))
        (local.set $a0 (v128.and (i8x16.swizzle (local.get $lo0) (local.get $lo)) (i8x16.swizzle (local.get $hi0) (local.get $hi))))
        (local.set $a1 (v128.and (i8x16.swizzle (local.get $lo1) (local.get $lo)) (i8x16.swizzle (local.get $hi1) (local.get $hi))))
        (local.set $a2 (v128.and (i8x16.swizzle (local.get $lo2) (local.get $lo)) (i8x16.swizzle (local.get $hi2) (local.get $hi))))))
    (local.set $p (local.get $from))
    (local.set $stop (i32.add (local.get $len) (i32.const 3)))
    (block $done
      (loop $blocks
        (br_if $done (i32.ge_u (local.get $p) (local.get $stop)))
        (local.set $v (v128.load (i32.add (local.get $text) (local.get $p))))
        (local.set $lo (v128.and (local.get $v) (local.get $nib)))
        (local.set $hi (i8x16.shr_u (local.get $v) (i32.const 4)))
        (local.set $b0 (v128.and (i8x16.swizzle (local.get $lo0) (local.get $lo)) (i8x16.swizzle (local.get $hi0) (local.get $hi))))
        (local.set $b1 (v128.and (i8x16.swizzle (local.get $lo1) (local.get $lo)) (i8x16.swizzle (local.get $hi1) (local.get $hi))))
        (local.set $b2 (v128.and (i8x16.swizzle (local.get $lo2) (local.get $lo)) (i8x16.swizzle (local.get $hi2) (local.get $hi))))
        ;; Candidate buckets of the windows ending at p .. p+15 (starting at p-3 .. p+12).
        (local.set $m (v128.and
          (v128.and (i8x16.swizzle (local.get $lo3) (local.get $lo)) (i8x16.swizzle (local.get $hi3) (local.get $hi)))
          (v128.and
            (i8x16.shuffle 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 (local.get $a2) (local.get $b2))
            (v128.and
              (i8x16.shuffle 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 (local.get $a1) (local.get $b1))
              (i8x16.shuffle 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 (local.get $a0) (local.get $b0))))))
        (local.set $a0 (local.get $b0))
        (local.set $a1 (local.get $b1))
        (local.set $a2 (local.get $b2))
        (if (v128.any_true (local.get $m))
          (then
            (if (i32.gt_u (i32.add (local.get $n) (local.get $reserve)) (local.get $cap))
              (then
                (global.set $next (local.get $p))
                (return (local.get $n))))
            (v128.store (i32.const 128) (local.get $m))
            (local.set $bits (i8x16.bitmask (i8x16.ne (local.get $m) (v128.const i32x4 0 0 0 0))))
            (loop $lanes
              (local.set $i (i32.ctz (local.get $bits)))
              ;; The window's first byte.
              (local.set $q (i32.sub (i32.add (local.get $p) (local.get $i)) (i32.const 3)))
              (local.set $b (i32.load8_u (i32.add (i32.const 128) (local.get $i))))
              (loop $buckets
                (local.set $bk (i32.add (local.get $tab) (i32.shl (i32.ctz (local.get $b)) (i32.const 3))))
                (local.set $e (i32.load offset=256 (local.get $bk)))
                (local.set $end (i32.add (local.get $e) (i32.load offset=260 (local.get $bk))))
                (block $pdone
                  (loop $lits
                    (br_if $pdone (i32.ge_u (local.get $e) (local.get $end)))
                    (local.set $ent (i32.add (i32.add (local.get $tab) (i32.const 512))
                      (i32.shl (local.get $e) (i32.const 5))))
                    (local.set $s (i32.sub (local.get $q) (i32.load (local.get $ent))))
                    ;; The nibbles of a bucket admit many windows; the window's own 4 bytes, with
                    ;; bit 5 set on both sides (case folded for letters, a harmless collision for
                    ;; a few other bytes), reject nearly all the rest before the byte compare.
                    (if (i32.eq
                          (i32.and
                            (i32.or (i32.load (i32.add (local.get $text) (local.get $q))) (i32.const 0x20202020))
                            (i32.load offset=20 (local.get $ent)))
                          (i32.load offset=16 (local.get $ent)))
                      (then
                        (if (call $verify (local.get $text) (local.get $len) (local.get $s)
                              (i32.load offset=4 (local.get $ent)) (i32.load offset=8 (local.get $ent)))
                          (then
                            ;; One sortable key per hit: start * 256 + literal id.
                            (i32.store (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 2)))
                              (i32.or (i32.shl (local.get $s) (i32.const 8)) (i32.load offset=12 (local.get $ent))))
                            (local.set $n (i32.add (local.get $n) (i32.const 1)))))))
                    (local.set $e (i32.add (local.get $e) (i32.const 1)))
                    (br $lits)))
                (local.set $b (i32.and (local.get $b) (i32.sub (local.get $b) (i32.const 1))))
                (br_if $buckets (local.get $b)))
              (local.set $bits (i32.and (local.get $bits) (i32.sub (local.get $bits) (i32.const 1))))
              (br_if $lanes (local.get $bits)))))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (br $blocks)))
    ;; Done: no resumption point.
    (global.set $next (i32.const -1))
    (local.get $n))

  ;; 1 when the lower-case literal at $lit ($len bytes, $len >= 1) is at $q, ASCII case folded
  ;; (byte 0 is known to match).
  (func $rest (param $q i32) (param $lit i32) (param $len i32) (result i32)
    (local $j i32) (local $x i32)
    (local.set $j (i32.const 1))
    (block $fail
      (loop $cmp
        (if (i32.ge_u (local.get $j) (local.get $len)) (then (return (i32.const 1))))
        (local.set $x (i32.load8_u (i32.add (local.get $q) (local.get $j))))
        (if (i32.lt_u (i32.sub (local.get $x) (i32.const 65)) (i32.const 26))
          (then (local.set $x (i32.or (local.get $x) (i32.const 32)))))
        (br_if $fail (i32.ne (local.get $x) (i32.load8_u (i32.add (local.get $lit) (local.get $j)))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $cmp)))
    (i32.const 0))

  ;; The leftmost address in [$from, $to) where the lower-case literal at $lit ($len >= 1 bytes)
  ;; starts and fits before $to, ASCII case folded; -1 if none. 16 first bytes are compared at a
  ;; time (a letter with bit 5 set on the text side), the rest only where the first byte matches.
  ;; Reads up to 15 bytes past $to (the text is followed by readable memory).
  (func $find (param $lit i32) (param $len i32) (param $from i32) (param $to i32) (result i32)
    (local $last i32) (local $c i32) (local $vc v128) (local $vm v128) (local $bits i32) (local $p i32)
    (local.set $last (i32.sub (local.get $to) (local.get $len)))
    (if (i32.gt_s (local.get $from) (local.get $last)) (then (return (i32.const -1))))
    (local.set $c (i32.load8_u (local.get $lit)))
    (local.set $vc (i8x16.splat (local.get $c)))
    (local.set $vm (i8x16.splat
      (select (i32.const 32) (i32.const 0) (i32.lt_u (i32.sub (local.get $c) (i32.const 97)) (i32.const 26)))))
    (local.set $p (local.get $from))
    (loop $blocks
      (local.set $bits (i8x16.bitmask (i8x16.eq
        (v128.or (v128.load (local.get $p)) (local.get $vm)) (local.get $vc))))
      ;; Lanes past the last possible start do not count.
      (if (i32.lt_u (i32.sub (local.get $last) (local.get $p)) (i32.const 15))
        (then (local.set $bits (i32.and (local.get $bits)
          (i32.sub (i32.shl (i32.const 2) (i32.sub (local.get $last) (local.get $p))) (i32.const 1))))))
      (block $none
        (loop $lanes
          (br_if $none (i32.eqz (local.get $bits)))
          (if (call $rest (i32.add (local.get $p) (i32.ctz (local.get $bits))) (local.get $lit) (local.get $len))
            (then (return (i32.add (local.get $p) (i32.ctz (local.get $bits))))))
          (local.set $bits (i32.and (local.get $bits) (i32.sub (local.get $bits) (i32.const 1))))
          (br $lanes)))
      (local.set $p (i32.add (local.get $p) (i32.const 16)))
      (br_if $blocks (i32.le_s (local.get $p) (local.get $last))))
    (i32.const -1))

  ;; 1 when the clause program at $prog holds in the bytes [$from, $to). Layout (i32 words):
  ;; clause count, then per clause: its size in bytes (to skip it) and its sequence count, then
  ;; per sequence: its literal count and per literal its address and length. A clause holds when
  ;; one of its sequences does, a sequence when its literals occur in this order (searched
  ;; leftmost-first, each after the previous one's end); the program when every clause holds.
  (func $holds (export "holds") (param $prog i32) (param $from i32) (param $to i32) (result i32)
    (local $nc i32) (local $ns i32) (local $nl i32) (local $c i32) (local $next i32) (local $at i32)
    (local $f i32) (local $ok i32)
    (local.set $nc (i32.load (local.get $prog)))
    (local.set $c (i32.add (local.get $prog) (i32.const 4)))
    (block $all
      (loop $clauses
        (br_if $all (i32.eqz (local.get $nc)))
        (local.set $next (i32.add (local.get $c) (i32.load (local.get $c))))
        (local.set $ns (i32.load offset=4 (local.get $c)))
        (local.set $c (i32.add (local.get $c) (i32.const 8)))
        (local.set $ok (i32.const 0))
        (block $held
          (loop $seqs
            (br_if $held (i32.eqz (local.get $ns)))
            (local.set $nl (i32.load (local.get $c)))
            (local.set $c (i32.add (local.get $c) (i32.const 4)))
            (local.set $f (local.get $from))
            (local.set $ok (i32.const 1))
            (block $seqdone
              (loop $lits
                (br_if $seqdone (i32.eqz (local.get $nl)))
                (if (local.get $ok)
                  (then
                    (local.set $at (call $find (i32.load (local.get $c)) (i32.load offset=4 (local.get $c))
                      (local.get $f) (local.get $to)))
                    (if (i32.lt_s (local.get $at) (i32.const 0))
                      (then (local.set $ok (i32.const 0)))
                      (else (local.set $f (i32.add (local.get $at) (i32.load offset=4 (local.get $c))))))))
                (local.set $c (i32.add (local.get $c) (i32.const 8)))
                (local.set $nl (i32.sub (local.get $nl) (i32.const 1)))
                (br $lits)))
            (br_if $held (local.get $ok))
            (local.set $ns (i32.sub (local.get $ns) (i32.const 1)))
            (br $seqs)))
        (if (i32.eqz (local.get $ok)) (then (return (i32.const 0))))
        (local.set $c (local.get $next))
        (local.set $nc (i32.sub (local.get $nc) (i32.const 1)))
        (br $clauses)))
    (i32.const 1))

  ;; The line around $at within [$lo, $hi): from after the last '\n' at or before $at (or $lo)
  ;; to the first '\n' at or after $at (or $hi), stored at 144 and 148. Returns its end. 16 bytes
  ;; at a time both ways; reads up to 16 bytes before $lo and 15 past $hi (readable, ignored).
  (func (export "line") (param $at i32) (param $lo i32) (param $hi i32) (result i32)
    (local $p i32) (local $bits i32) (local $nl v128)
    (local.set $nl (i8x16.splat (i32.const 10)))
    ;; Backwards: the block ending at $p (exclusive), from the one holding $at.
    (local.set $p (i32.add (local.get $at) (i32.const 1)))
    (block $found
      (loop $back
        (if (i32.le_u (local.get $p) (local.get $lo))
          (then (local.set $p (local.get $lo)) (br $found)))
        (local.set $bits (i8x16.bitmask (i8x16.eq
          (v128.load (i32.sub (local.get $p) (i32.const 16))) (local.get $nl))))
        (if (local.get $bits)
          (then
            ;; The highest '\n' lane h = 31 - clz is at p - 16 + h: the line starts after it
            ;; (unless that is before $lo).
            (local.set $p (i32.sub (i32.add (local.get $p) (i32.const 16)) (i32.clz (local.get $bits))))
            (if (i32.lt_u (local.get $p) (local.get $lo)) (then (local.set $p (local.get $lo))))
            (br $found)))
        (local.set $p (i32.sub (local.get $p) (i32.const 16)))
        (br $back)))
    (i32.store (i32.const 144) (local.get $p))
    (local.set $p (local.get $at))
    (block $found
      (loop $fwd
        (if (i32.ge_u (local.get $p) (local.get $hi))
          (then (local.set $p (local.get $hi)) (br $found)))
        (local.set $bits (i8x16.bitmask (i8x16.eq (v128.load (local.get $p)) (local.get $nl))))
        (if (local.get $bits)
          (then
            (local.set $p (i32.add (local.get $p) (i32.ctz (local.get $bits))))
            (if (i32.gt_u (local.get $p) (local.get $hi)) (then (local.set $p (local.get $hi))))
            (br $found)))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (br $fwd)))
    (i32.store (i32.const 148) (local.get $p))
    (local.get $p))

  ;; For a need judged by words (space-separated logs, see line-needs.ts): the word around $at within [$lo, $hi)
  ;; (ended by a space or '\n'), stored at 144 and 148; 1 when it is none of the blank words at
  ;; $blank (count, then address and length of each, lower-case, compared case folded) and the
  ;; program at $prog holds in it.
  (func (export "word") (param $prog i32) (param $blank i32) (param $at i32) (param $lo i32) (param $hi i32)
    (result i32)
    (local $ws i32) (local $we i32) (local $x i32) (local $n i32) (local $b i32) (local $len i32)
    (local.set $ws (local.get $at))
    (block $done
      (loop $back
        (br_if $done (i32.le_u (local.get $ws) (local.get $lo)))
        (local.set $x (i32.load8_u (i32.sub (local.get $ws) (i32.const 1))))
        (br_if $done (i32.or (i32.eq (local.get $x) (i32.const 32)) (i32.eq (local.get $x) (i32.const 10))))
        (local.set $ws (i32.sub (local.get $ws) (i32.const 1)))
        (br $back)))
    (local.set $we (local.get $at))
    (block $done
      (loop $fwd
        (br_if $done (i32.ge_u (local.get $we) (local.get $hi)))
        (local.set $x (i32.load8_u (local.get $we)))
        (br_if $done (i32.or (i32.eq (local.get $x) (i32.const 32)) (i32.eq (local.get $x) (i32.const 10))))
        (local.set $we (i32.add (local.get $we) (i32.const 1)))
        (br $fwd)))
    (i32.store (i32.const 144) (local.get $ws))
    (i32.store (i32.const 148) (local.get $we))
    (local.set $len (i32.sub (local.get $we) (local.get $ws)))
    (local.set $n (i32.load (local.get $blank)))
    (local.set $b (i32.add (local.get $blank) (i32.const 4)))
    (block $checked
      (loop $blanks
        (br_if $checked (i32.eqz (local.get $n)))
        (if (i32.and (i32.eq (i32.load offset=4 (local.get $b)) (local.get $len)) (i32.gt_u (local.get $len) (i32.const 0)))
          (then
            (local.set $x (i32.load8_u (local.get $ws)))
            (if (i32.lt_u (i32.sub (local.get $x) (i32.const 65)) (i32.const 26))
              (then (local.set $x (i32.or (local.get $x) (i32.const 32)))))
            (if (i32.eq (local.get $x) (i32.load8_u (i32.load (local.get $b))))
              (then
                (if (call $rest (local.get $ws) (i32.load (local.get $b)) (local.get $len))
                  (then (return (i32.const 0))))))))
        (local.set $b (i32.add (local.get $b) (i32.const 8)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $blanks)))
    (call $holds (local.get $prog) (local.get $ws) (local.get $we)))
)
