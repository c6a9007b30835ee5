;; The upgrader test parachain: a chain whose blocks can carry new validation code.
;;
;; head data  {number: u64, code_hash: [u8; 32]}   exactly 40 bytes, SCALE
;; block data Option<Vec<u8>>                       the new code, if any; every byte used
;;
;; validate_block returns the head {number + 1, code_hash} where code_hash is blake2_256 of the
;; new code when the block carries one (else the parent's), and ValidationResult.new_validation_code
;; = the new code. A block carrying code when the parameters' code_upgrade_allowed is None panics.
;; The result is built in memory from ext_allocator_malloc_version_1.
(module
  (import "env" "ext_hashing_blake2_256_version_1" (func $blake2_256 (param i64) (result i32)))
  (import "env" "ext_logging_log_version_1" (func $log (param i32 i64 i64)))
  (import "env" "ext_allocator_malloc_version_1" (func $malloc (param i32) (result i32)))

  (memory (export "memory") 1)
  (global (export "__heap_base") i32 (i32.const 1024))

  (global $cur (mut i32) (i32.const 0))
  (global $end (mut i32) (i32.const 0))

  (data (i32.const 256) "runtime")
  (data (i32.const 272) "Invalid input data")
  (data (i32.const 304) "invalid parent head format.")
  (data (i32.const 336) "invalid block data format.")
  (data (i32.const 368) "code upgrade not allowed")

  (func $span (param $ptr i32) (param $len i32) (result i64)
    (i64.or
      (i64.extend_i32_u (local.get $ptr))
      (i64.shl (i64.extend_i32_u (local.get $len)) (i64.const 32))))

  (func $panic (param $msg i32) (param $len i32)
    (call $log
      (i32.const 1)
      (call $span (i32.const 256) (i32.const 7))
      (call $span (local.get $msg) (local.get $len)))
    unreachable)

  ;; the next n bytes from the cursor; `failure` is the panic message (at 272 + 32 * failure)
  (func $take (param $n i32) (param $failure i32) (result i32)
    (local $at i32)
    (local.set $at (global.get $cur))
    (if (i32.gt_u (local.get $n) (i32.sub (global.get $end) (global.get $cur)))
      (then (call $panic
        (i32.add (i32.const 272) (i32.mul (local.get $failure) (i32.const 32)))
        (select (i32.const 18) (i32.const 26) (i32.eqz (local.get $failure))))))
    (global.set $cur (i32.add (global.get $cur) (local.get $n)))
    (local.get $at))

  ;; a SCALE Compact<u32> below 2^30
  (func $compact (param $failure i32) (result i32)
    (local $b i32)
    (local.set $b (i32.load8_u (call $take (i32.const 1) (local.get $failure))))
    (block $four
      (block $two
        (block $one
          (br_table $one $two $four $four (i32.and (local.get $b) (i32.const 3))))
        (return (i32.shr_u (local.get $b) (i32.const 2))))
      (return
        (i32.shr_u
          (i32.or (local.get $b)
                  (i32.shl (i32.load8_u (call $take (i32.const 1) (local.get $failure))) (i32.const 8)))
          (i32.const 2))))
    (if (i32.eq (i32.and (local.get $b) (i32.const 3)) (i32.const 3))
      (then (call $panic (i32.const 272) (i32.const 18))))
    (drop (call $take (i32.const 3) (local.get $failure)))
    (i32.shr_u (i32.load (i32.sub (global.get $cur) (i32.const 4))) (i32.const 2)))

  ;; write v as a SCALE compact at ptr; the address after it
  (func $write_compact (param $ptr i32) (param $v i32) (result i32)
    (if (i32.lt_u (local.get $v) (i32.const 64))
      (then
        (i32.store8 (local.get $ptr) (i32.shl (local.get $v) (i32.const 2)))
        (return (i32.add (local.get $ptr) (i32.const 1)))))
    (if (i32.lt_u (local.get $v) (i32.const 16384))
      (then
        (i32.store16 (local.get $ptr) (i32.or (i32.shl (local.get $v) (i32.const 2)) (i32.const 1)))
        (return (i32.add (local.get $ptr) (i32.const 2)))))
    (if (i32.lt_u (local.get $v) (i32.const 1073741824))
      (then
        (i32.store (local.get $ptr) (i32.or (i32.shl (local.get $v) (i32.const 2)) (i32.const 2)))
        (return (i32.add (local.get $ptr) (i32.const 4)))))
    (i32.store8 (local.get $ptr) (i32.const 3))
    (i32.store offset=1 (local.get $ptr) (local.get $v))
    (i32.add (local.get $ptr) (i32.const 5)))

  (func (export "validate_block") (param $params i32) (param $len i32) (result i64)
    (local $block i32) (local $block_len i32)
    (local $head i32) (local $head_len i32) (local $allowed i32)
    (local $code i32) (local $code_len i32) (local $has_code i32)
    (local $out i32) (local $at i32) (local $tag i32)

    ;; ValidationParams
    (global.set $cur (local.get $params))
    (global.set $end (i32.add (local.get $params) (local.get $len)))
    (local.set $block_len (call $compact (i32.const 0)))
    (local.set $block (call $take (local.get $block_len) (i32.const 0)))
    (local.set $head_len (call $compact (i32.const 0)))
    (local.set $head (call $take (local.get $head_len) (i32.const 0)))
    (drop (call $take (i32.const 12) (i32.const 0)))
    (local.set $allowed (i32.load8_u (call $take (i32.const 1) (i32.const 0))))
    (if (i32.eq (local.get $allowed) (i32.const 1))
      (then (drop (call $take (i32.const 4) (i32.const 0))))
      (else
        (if (i32.ne (local.get $allowed) (i32.const 0))
          (then (call $panic (i32.const 272) (i32.const 18))))))

    (if (i32.ne (local.get $head_len) (i32.const 40))
      (then (call $panic (i32.const 304) (i32.const 27))))

    ;; block data: Option<Vec<u8>>, every byte used
    (global.set $cur (local.get $block))
    (global.set $end (i32.add (local.get $block) (local.get $block_len)))
    (local.set $tag (i32.load8_u (call $take (i32.const 1) (i32.const 2))))
    (if (i32.eq (local.get $tag) (i32.const 1))
      (then
        (local.set $has_code (i32.const 1))
        (local.set $code_len (call $compact (i32.const 2)))
        (local.set $code (call $take (local.get $code_len) (i32.const 2))))
      (else
        (if (i32.ne (local.get $tag) (i32.const 0))
          (then (call $panic (i32.const 336) (i32.const 26))))))
    (if (i32.ne (global.get $cur) (global.get $end))
      (then (call $panic (i32.const 336) (i32.const 26))))
    (if (i32.and (local.get $has_code) (i32.eqz (local.get $allowed)))
      (then (call $panic (i32.const 368) (i32.const 24))))

    ;; ValidationResult {head_data (40 bytes), new_validation_code, [], 0}
    (local.set $out (call $malloc (i32.add (i32.const 52) (local.get $code_len))))
    (i32.store8 (local.get $out) (i32.const 160))
    (i64.store offset=1 (local.get $out) (i64.add (i64.load (local.get $head)) (i64.const 1)))
    (memory.copy
      (i32.add (local.get $out) (i32.const 9))
      (if (result i32) (local.get $has_code)
        (then (call $blake2_256 (call $span (local.get $code) (local.get $code_len))))
        (else (i32.add (local.get $head) (i32.const 8))))
      (i32.const 32))
    (i32.store8 offset=41 (local.get $out) (local.get $has_code))
    (local.set $at (i32.add (local.get $out) (i32.const 42)))
    (if (local.get $has_code)
      (then
        (local.set $at (call $write_compact (local.get $at) (local.get $code_len)))
        (memory.copy (local.get $at) (local.get $code) (local.get $code_len))
        (local.set $at (i32.add (local.get $at) (local.get $code_len)))))
    (i32.store8 (local.get $at) (i32.const 0))
    (i32.store offset=1 (local.get $at) (i32.const 0))
    (call $span (local.get $out) (i32.sub (i32.add (local.get $at) (i32.const 5)) (local.get $out)))))
