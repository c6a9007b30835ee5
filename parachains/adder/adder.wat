;; The adder test parachain's validation function, by hand, matching Polkadot's
;; parachain/test-parachains/adder (reference §9).
;;
;; head data  {number: u64, parent_hash: [u8; 32], post_state: [u8; 32]}   72 bytes, SCALE
;; block data {state: u64, add: u64}                                       16 bytes, SCALE
;; hash_state(s) = keccak256(s as u64 LE)
;;
;; validate_block decodes ValidationParams, decodes the parent head and the block data from
;; prefixes of their byte vectors (trailing bytes are ignored, as Rust's `decode` does), and
;; checks hash_state(block.state) == parent.post_state. The new head is
;; {parent.number + 1, keccak256(parent head bytes), hash_state(block.state + block.add)}
;; (u64 arithmetic wraps). Any failure panics the Rust way: log at error level under target
;; "runtime", then trap.
;;
;; Memory: data and the result buffer below __heap_base = 2048; the host writes the params
;; from __heap_base up and puts the keccak outputs after them.
(module
  (import "env" "ext_hashing_keccak_256_version_1" (func $keccak (param i64) (result i32)))
  (import "env" "ext_logging_log_version_1" (func $log (param i32 i64 i64)))

  (memory (export "memory") 1)
  (global (export "__heap_base") i32 (i32.const 2048))

  ;; the params decoding cursor and end
  (global $cur (mut i32) (i32.const 0))
  (global $end (mut i32) (i32.const 0))

  ;; 64: 8 bytes of scratch for hash_state's input
  ;; 1024: the 80-byte ValidationResult
  (data (i32.const 256) "runtime")
  (data (i32.const 272) "Invalid input data")
  (data (i32.const 304) "invalid parent head format.")
  (data (i32.const 336) "invalid block data format.")
  (data (i32.const 368) "execution failure")

  ;; ptr | len << 32
  (func $span (param $ptr i32) (param $len i32) (result i64)
    (i64.or
      (i64.extend_i32_u (local.get $ptr))
      (i64.shl (i64.extend_i32_u (local.get $len)) (i64.const 32))))

  ;; log(Error, "runtime", message), then trap
  (func $panic (param $msg i32) (param $len i32)
    (call $log
      (i32.const 1)
      (call $span (i32.const 256) (i32.const 7))
      (call $span (local.get $msg) (local.get $len)))
    unreachable)

  ;; the next n bytes of the params: their address; panics past the end
  (func $take (param $n i32) (result i32)
    (local $at i32)
    (local.set $at (global.get $cur))
    (if (i32.gt_u (local.get $n) (i32.sub (global.get $end) (global.get $cur)))
      (then (call $panic (i32.const 272) (i32.const 18))))
    (global.set $cur (i32.add (global.get $cur) (local.get $n)))
    (local.get $at))

  ;; a SCALE Compact<u32> length (single-byte, two-byte and four-byte modes)
  (func $compact (result i32)
    (local $b i32)
    (local.set $b (i32.load8_u (call $take (i32.const 1))))
    (block $four
      (block $two
        (block $one
          (br_table $one $two $four $four (i32.and (local.get $b) (i32.const 3))))
        (return (i32.shr_u (local.get $b) (i32.const 2))))
      (return
        (i32.shr_u
          (i32.or (local.get $b) (i32.shl (i32.load8_u (call $take (i32.const 1))) (i32.const 8)))
          (i32.const 2))))
    (if (i32.eq (i32.and (local.get $b) (i32.const 3)) (i32.const 3))
      (then (call $panic (i32.const 272) (i32.const 18))))
    (drop (call $take (i32.const 3)))
    (i32.shr_u (i32.load (i32.sub (global.get $cur) (i32.const 4))) (i32.const 2)))

  ;; whether the 32 bytes at a and b are equal
  (func $eq32 (param $a i32) (param $b i32) (result i32)
    (i32.and
      (i32.and
        (i64.eq (i64.load (local.get $a)) (i64.load (local.get $b)))
        (i64.eq (i64.load offset=8 (local.get $a)) (i64.load offset=8 (local.get $b))))
      (i32.and
        (i64.eq (i64.load offset=16 (local.get $a)) (i64.load offset=16 (local.get $b)))
        (i64.eq (i64.load offset=24 (local.get $a)) (i64.load offset=24 (local.get $b))))))

  ;; keccak256 of the u64 state, LE: the address of the 32-byte hash
  (func $hash_state (param $state i64) (result i32)
    (i64.store (i32.const 64) (local.get $state))
    (call $keccak (call $span (i32.const 64) (i32.const 8))))

  (func (export "validate_block") (param $params i32) (param $len i32) (result i64)
    (local $block i32) (local $block_len i32)
    (local $head i32) (local $head_len i32)
    (local $option i32) (local $parent_hash i32) (local $state i64)

    ;; ValidationParams {block_data, parent_head, max_code_size, max_head_data_size,
    ;;                   relay_chain_height, code_upgrade_allowed: Option<u32>}
    (global.set $cur (local.get $params))
    (global.set $end (i32.add (local.get $params) (local.get $len)))
    (local.set $block_len (call $compact))
    (local.set $block (call $take (local.get $block_len)))
    (local.set $head_len (call $compact))
    (local.set $head (call $take (local.get $head_len)))
    (drop (call $take (i32.const 12)))
    (local.set $option (i32.load8_u (call $take (i32.const 1))))
    (if (i32.eq (local.get $option) (i32.const 1))
      (then (drop (call $take (i32.const 4))))
      (else
        (if (i32.ne (local.get $option) (i32.const 0))
          (then (call $panic (i32.const 272) (i32.const 18))))))

    ;; the adder's own types
    (if (i32.lt_u (local.get $head_len) (i32.const 72))
      (then (call $panic (i32.const 304) (i32.const 27))))
    (if (i32.lt_u (local.get $block_len) (i32.const 16))
      (then (call $panic (i32.const 336) (i32.const 26))))

    ;; execute
    (local.set $parent_hash (call $keccak (call $span (local.get $head) (local.get $head_len))))
    (local.set $state (i64.load (local.get $block)))
    (if (i32.eqz (call $eq32 (call $hash_state (local.get $state)) (i32.add (local.get $head) (i32.const 40))))
      (then (call $panic (i32.const 368) (i32.const 17))))

    ;; ValidationResult {head_data: Vec<u8> (72 bytes), new_validation_code: None,
    ;;                   upward_messages: [], processed_downward_messages: 0}
    (i32.store16 (i32.const 1024) (i32.const 0x0121))
    (i64.store (i32.const 1026) (i64.add (i64.load (local.get $head)) (i64.const 1)))
    (memory.copy (i32.const 1034) (local.get $parent_hash) (i32.const 32))
    (memory.copy
      (i32.const 1066)
      (call $hash_state (i64.add (local.get $state) (i64.load offset=8 (local.get $block))))
      (i32.const 32))
    (i32.store16 (i32.const 1098) (i32.const 0))
    (i32.store (i32.const 1100) (i32.const 0))
    (call $span (i32.const 1024) (i32.const 80))))
