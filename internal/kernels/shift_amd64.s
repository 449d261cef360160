//go:build amd64 && !purego

#include "textflag.h"

// func shiftDot8AVX2(dst, a []float32, offs []int32, b []float32)
//
// dst[t] += Σ_j a[j]·b[offs[t]+j] for len(dst) a multiple of 8, eight taps
// at a time. Each tap has one accumulator of eight lanes: lane l takes
// the terms j ≡ l (mod 8) in increasing j (the last len(a) mod 8 terms
// through masked loads), by fused multiply-adds; the lanes are then added
// as ((l0+l1)+(l2+l3))+((l4+l5)+(l6+l7)) and the sum added to dst[t]. The
// order depends only on len(a), never on the taps a call is given. The
// caller has checked that every b[offs[t]+j] exists.
//
// Registers: DI dst, CX taps left, SI a + 4·n8 (n8 = len(a) rounded down
// to 8), R8 offs, DX the tail's length in bytes, R9 the byte index j - 4·n8
// (negative, up to 0), AX BX R10-R15 the eight taps' b + 4·(offs[t]+n8),
// Y9 the tail mask, Y0-Y7 the accumulators, Y8 a's eight values.
TEXT ·shiftDot8AVX2(SB), NOSPLIT, $0-96
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ a_base+24(FP), SI
	MOVQ a_len+32(FP), DX
	MOVQ offs_base+48(FP), R8
	MOVQ DX, R9
	ANDQ $-8, R9
	SHLQ $2, R9
	ADDQ R9, SI
	ANDQ $7, DX
	SHLQ $2, DX
	LEAQ ·tailMask+32(SB), AX
	SUBQ DX, AX
	VMOVUPS (AX), Y9

group:
	TESTQ CX, CX
	JZ   done
	MOVQ a_len+32(FP), R9
	ANDQ $-8, R9
	SHLQ $2, R9
	ADDQ b_base+72(FP), R9
	MOVLQSX 0(R8), AX
	LEAQ (R9)(AX*4), AX
	MOVLQSX 4(R8), BX
	LEAQ (R9)(BX*4), BX
	MOVLQSX 8(R8), R10
	LEAQ (R9)(R10*4), R10
	MOVLQSX 12(R8), R11
	LEAQ (R9)(R11*4), R11
	MOVLQSX 16(R8), R12
	LEAQ (R9)(R12*4), R12
	MOVLQSX 20(R8), R13
	LEAQ (R9)(R13*4), R13
	MOVLQSX 24(R8), R14
	LEAQ (R9)(R14*4), R14
	MOVLQSX 28(R8), R15
	LEAQ (R9)(R15*4), R15
	MOVQ a_len+32(FP), R9
	ANDQ $-8, R9
	SHLQ $2, R9
	NEGQ R9
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3
	VXORPS Y4, Y4, Y4
	VXORPS Y5, Y5, Y5
	VXORPS Y6, Y6, Y6
	VXORPS Y7, Y7, Y7
	TESTQ R9, R9
	JZ   tail

loop:
	VMOVUPS (SI)(R9*1), Y8
	VFMADD231PS (AX)(R9*1), Y8, Y0
	VFMADD231PS (BX)(R9*1), Y8, Y1
	VFMADD231PS (R10)(R9*1), Y8, Y2
	VFMADD231PS (R11)(R9*1), Y8, Y3
	VFMADD231PS (R12)(R9*1), Y8, Y4
	VFMADD231PS (R13)(R9*1), Y8, Y5
	VFMADD231PS (R14)(R9*1), Y8, Y6
	VFMADD231PS (R15)(R9*1), Y8, Y7
	ADDQ $32, R9
	JNZ  loop

tail:
	TESTQ DX, DX
	JZ   reduce
	VMASKMOVPS (SI), Y9, Y8
	VMASKMOVPS (AX), Y9, Y10
	VFMADD231PS Y10, Y8, Y0
	VMASKMOVPS (BX), Y9, Y10
	VFMADD231PS Y10, Y8, Y1
	VMASKMOVPS (R10), Y9, Y10
	VFMADD231PS Y10, Y8, Y2
	VMASKMOVPS (R11), Y9, Y10
	VFMADD231PS Y10, Y8, Y3
	VMASKMOVPS (R12), Y9, Y10
	VFMADD231PS Y10, Y8, Y4
	VMASKMOVPS (R13), Y9, Y10
	VFMADD231PS Y10, Y8, Y5
	VMASKMOVPS (R14), Y9, Y10
	VFMADD231PS Y10, Y8, Y6
	VMASKMOVPS (R15), Y9, Y10
	VFMADD231PS Y10, Y8, Y7

reduce:
	VHADDPS Y1, Y0, Y0
	VHADDPS Y3, Y2, Y2
	VHADDPS Y5, Y4, Y4
	VHADDPS Y7, Y6, Y6
	VHADDPS Y2, Y0, Y0
	VHADDPS Y6, Y4, Y4
	VPERM2F128 $0x20, Y4, Y0, Y1
	VPERM2F128 $0x31, Y4, Y0, Y2
	VADDPS Y2, Y1, Y1
	VADDPS (DI), Y1, Y1
	VMOVUPS Y1, (DI)
	ADDQ $32, DI
	ADDQ $32, R8
	SUBQ $8, CX
	JMP  group

done:
	VZEROUPPER
	RET

// func shiftSum3AVX2(c []float32, ldc int, w []float32, ldw int, offs []int32, b []float32, n int, acc int)
//
// Three rows at once: for r < 3 and j < n, c[r·ldc+j] (+)= Σ_t
// w[r·ldw+t]·b[offs[t]+j], summed in increasing t into one accumulator
// per output, by fused multiply-adds. The three rows share each tap's
// loads of b: 32 columns at a time take 4 loads and 3 broadcasts for 12
// multiply-adds (the one-row kernel takes 9 loads for 8). The last
// columns go 8 at a time, then 1 to 7 with masked loads and stores. The
// caller has checked the bounds.
//
// Registers: DI c, R8 ldc in bytes, SI AX BX the three rows of w, R10
// offs, R11 taps, DX b, CX n in bytes, R12 the current columns' byte
// offset, R13 the tap, R14 an address, R15 b + R12, R9 scratch; Y0-Y11
// accumulators (row r, column block k in Y(4r+k)), Y12-Y14 the weights,
// Y15 b's values.
TEXT ·shiftSum3AVX2(SB), NOSPLIT, $0-128
	MOVQ c_base+0(FP), DI
	MOVQ ldc+24(FP), R8
	SHLQ $2, R8
	MOVQ w_base+32(FP), SI
	MOVQ ldw+56(FP), R9
	LEAQ (SI)(R9*4), AX
	LEAQ (AX)(R9*4), BX
	MOVQ offs_base+64(FP), R10
	MOVQ offs_len+72(FP), R11
	MOVQ b_base+88(FP), DX
	MOVQ n+112(FP), CX
	SHLQ $2, CX
	XORQ R12, R12

s3chunk32:
	MOVQ CX, R9
	SUBQ R12, R9
	CMPQ R9, $128
	JLT  s3chunk8
	MOVQ acc+120(FP), R9
	TESTQ R9, R9
	JZ   s3zero32
	LEAQ (DI)(R12*1), R9
	VMOVUPS (R9), Y0
	VMOVUPS 32(R9), Y1
	VMOVUPS 64(R9), Y2
	VMOVUPS 96(R9), Y3
	ADDQ R8, R9
	VMOVUPS (R9), Y4
	VMOVUPS 32(R9), Y5
	VMOVUPS 64(R9), Y6
	VMOVUPS 96(R9), Y7
	ADDQ R8, R9
	VMOVUPS (R9), Y8
	VMOVUPS 32(R9), Y9
	VMOVUPS 64(R9), Y10
	VMOVUPS 96(R9), Y11
	JMP  s3start32
s3zero32:
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3
	VXORPS Y4, Y4, Y4
	VXORPS Y5, Y5, Y5
	VXORPS Y6, Y6, Y6
	VXORPS Y7, Y7, Y7
	VXORPS Y8, Y8, Y8
	VXORPS Y9, Y9, Y9
	VXORPS Y10, Y10, Y10
	VXORPS Y11, Y11, Y11
s3start32:
	LEAQ (DX)(R12*1), R15
	XORQ R13, R13
s3loop32:
	CMPQ R13, R11
	JGE  s3store32
	MOVLQSX (R10)(R13*4), R14
	LEAQ (R15)(R14*4), R14
	VBROADCASTSS (SI)(R13*4), Y12
	VBROADCASTSS (AX)(R13*4), Y13
	VBROADCASTSS (BX)(R13*4), Y14
	VMOVUPS (R14), Y15
	VFMADD231PS Y15, Y12, Y0
	VFMADD231PS Y15, Y13, Y4
	VFMADD231PS Y15, Y14, Y8
	VMOVUPS 32(R14), Y15
	VFMADD231PS Y15, Y12, Y1
	VFMADD231PS Y15, Y13, Y5
	VFMADD231PS Y15, Y14, Y9
	VMOVUPS 64(R14), Y15
	VFMADD231PS Y15, Y12, Y2
	VFMADD231PS Y15, Y13, Y6
	VFMADD231PS Y15, Y14, Y10
	VMOVUPS 96(R14), Y15
	VFMADD231PS Y15, Y12, Y3
	VFMADD231PS Y15, Y13, Y7
	VFMADD231PS Y15, Y14, Y11
	INCQ R13
	JMP  s3loop32
s3store32:
	LEAQ (DI)(R12*1), R9
	VMOVUPS Y0, (R9)
	VMOVUPS Y1, 32(R9)
	VMOVUPS Y2, 64(R9)
	VMOVUPS Y3, 96(R9)
	ADDQ R8, R9
	VMOVUPS Y4, (R9)
	VMOVUPS Y5, 32(R9)
	VMOVUPS Y6, 64(R9)
	VMOVUPS Y7, 96(R9)
	ADDQ R8, R9
	VMOVUPS Y8, (R9)
	VMOVUPS Y9, 32(R9)
	VMOVUPS Y10, 64(R9)
	VMOVUPS Y11, 96(R9)
	ADDQ $128, R12
	JMP  s3chunk32

s3chunk8:
	// 8 columns at a time
	MOVQ CX, R9
	SUBQ R12, R9
	CMPQ R9, $32
	JLT  s3tail
	MOVQ acc+120(FP), R9
	TESTQ R9, R9
	JZ   s3zero8
	LEAQ (DI)(R12*1), R9
	VMOVUPS (R9), Y0
	ADDQ R8, R9
	VMOVUPS (R9), Y4
	ADDQ R8, R9
	VMOVUPS (R9), Y8
	JMP  s3start8
s3zero8:
	VXORPS Y0, Y0, Y0
	VXORPS Y4, Y4, Y4
	VXORPS Y8, Y8, Y8
s3start8:
	LEAQ (DX)(R12*1), R15
	XORQ R13, R13
s3loop8:
	CMPQ R13, R11
	JGE  s3store8
	MOVLQSX (R10)(R13*4), R14
	LEAQ (R15)(R14*4), R14
	VBROADCASTSS (SI)(R13*4), Y12
	VBROADCASTSS (AX)(R13*4), Y13
	VBROADCASTSS (BX)(R13*4), Y14
	VMOVUPS (R14), Y15
	VFMADD231PS Y15, Y12, Y0
	VFMADD231PS Y15, Y13, Y4
	VFMADD231PS Y15, Y14, Y8
	INCQ R13
	JMP  s3loop8
s3store8:
	LEAQ (DI)(R12*1), R9
	VMOVUPS Y0, (R9)
	ADDQ R8, R9
	VMOVUPS Y4, (R9)
	ADDQ R8, R9
	VMOVUPS Y8, (R9)
	ADDQ $32, R12
	JMP  s3chunk8

s3tail:
	// 1 to 7 columns: masked loads and stores (Y11 the mask)
	TESTQ R9, R9
	JLE  s3done
	LEAQ ·tailMask+32(SB), R14
	SUBQ R9, R14
	VMOVDQU (R14), Y11
	MOVQ acc+120(FP), R9
	TESTQ R9, R9
	JZ   s3zerot
	LEAQ (DI)(R12*1), R9
	VMASKMOVPS (R9), Y11, Y0
	ADDQ R8, R9
	VMASKMOVPS (R9), Y11, Y4
	ADDQ R8, R9
	VMASKMOVPS (R9), Y11, Y8
	JMP  s3startt
s3zerot:
	VXORPS Y0, Y0, Y0
	VXORPS Y4, Y4, Y4
	VXORPS Y8, Y8, Y8
s3startt:
	LEAQ (DX)(R12*1), R15
	XORQ R13, R13
s3loopt:
	CMPQ R13, R11
	JGE  s3storet
	MOVLQSX (R10)(R13*4), R14
	LEAQ (R15)(R14*4), R14
	VBROADCASTSS (SI)(R13*4), Y12
	VBROADCASTSS (AX)(R13*4), Y13
	VBROADCASTSS (BX)(R13*4), Y14
	VMASKMOVPS (R14), Y11, Y15
	VFMADD231PS Y15, Y12, Y0
	VFMADD231PS Y15, Y13, Y4
	VFMADD231PS Y15, Y14, Y8
	INCQ R13
	JMP  s3loopt
s3storet:
	LEAQ (DI)(R12*1), R9
	VMASKMOVPS Y0, Y11, (R9)
	ADDQ R8, R9
	VMASKMOVPS Y4, Y11, (R9)
	ADDQ R8, R9
	VMASKMOVPS Y8, Y11, (R9)

s3done:
	VZEROUPPER
	RET

// func shiftDot3AVX2(dst []float32, ldd int, a []float32, lda int, n int, offs []int32, b []float32)
//
// shiftDot8AVX2 for three rows of a at once, four taps at a time:
// dst[r·ldd+t] += Σ_j a[r·lda+j]·b[offs[t]+j] for r < 3 and t < len(offs)
// (a multiple of 4). Each (row, tap) has one accumulator of eight lanes,
// summed exactly as shiftDot8AVX2 sums a tap, so that a row's sums have
// the same bits whichever kernel computes them. The three rows share each
// tap's loads of b: 7 loads for 12 multiply-adds. The last n mod 8 terms
// load a with a mask and b without: b must hold 7 more values past every
// offs[t]+n (their products with the masked zeros are zeros).
//
// Registers: DI dst, R8 ldd in bytes, SI the end of a's first row's whole
// groups of 8, R9 lda in bytes, R10 offs, CX taps left, AX BX R11 R12 the
// four taps' ends in b, R13 the byte index (negative, up to 0), R14 R15
// scratch, DX the tail's length in bytes; Y0-Y11 accumulators (row r, tap
// k in Y(4r+k)), Y12-Y14 a's rows, Y15 b's values (and the tail's mask).
TEXT ·shiftDot3AVX2(SB), NOSPLIT, $0-120
	MOVQ dst_base+0(FP), DI
	MOVQ ldd+24(FP), R8
	SHLQ $2, R8
	MOVQ lda+56(FP), R9
	SHLQ $2, R9
	MOVQ offs_base+72(FP), R10
	MOVQ offs_len+80(FP), CX
	MOVQ n+64(FP), DX
	MOVQ DX, R14
	ANDQ $-8, R14
	SHLQ $2, R14
	MOVQ a_base+32(FP), SI
	ADDQ R14, SI
	ANDQ $7, DX
	SHLQ $2, DX

d3group:
	TESTQ CX, CX
	JZ   d3done
	MOVQ n+64(FP), R15
	ANDQ $-8, R15
	SHLQ $2, R15
	ADDQ b_base+96(FP), R15
	MOVLQSX 0(R10), AX
	LEAQ (R15)(AX*4), AX
	MOVLQSX 4(R10), BX
	LEAQ (R15)(BX*4), BX
	MOVLQSX 8(R10), R11
	LEAQ (R15)(R11*4), R11
	MOVLQSX 12(R10), R12
	LEAQ (R15)(R12*4), R12
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3
	VXORPS Y4, Y4, Y4
	VXORPS Y5, Y5, Y5
	VXORPS Y6, Y6, Y6
	VXORPS Y7, Y7, Y7
	VXORPS Y8, Y8, Y8
	VXORPS Y9, Y9, Y9
	VXORPS Y10, Y10, Y10
	VXORPS Y11, Y11, Y11
	MOVQ n+64(FP), R13
	ANDQ $-8, R13
	SHLQ $2, R13
	NEGQ R13
	JZ   d3tail
	LEAQ (SI)(R9*1), R14
	LEAQ (R14)(R9*1), R15

d3loop:
	VMOVUPS (SI)(R13*1), Y12
	VMOVUPS (R14)(R13*1), Y13
	VMOVUPS (R15)(R13*1), Y14
	VMOVUPS (AX)(R13*1), Y15
	VFMADD231PS Y15, Y12, Y0
	VFMADD231PS Y15, Y13, Y4
	VFMADD231PS Y15, Y14, Y8
	VMOVUPS (BX)(R13*1), Y15
	VFMADD231PS Y15, Y12, Y1
	VFMADD231PS Y15, Y13, Y5
	VFMADD231PS Y15, Y14, Y9
	VMOVUPS (R11)(R13*1), Y15
	VFMADD231PS Y15, Y12, Y2
	VFMADD231PS Y15, Y13, Y6
	VFMADD231PS Y15, Y14, Y10
	VMOVUPS (R12)(R13*1), Y15
	VFMADD231PS Y15, Y12, Y3
	VFMADD231PS Y15, Y13, Y7
	VFMADD231PS Y15, Y14, Y11
	ADDQ $32, R13
	JNZ  d3loop

d3tail:
	TESTQ DX, DX
	JZ   d3reduce
	LEAQ ·tailMask+32(SB), R14
	SUBQ DX, R14
	VMOVDQU (R14), Y15
	LEAQ (SI)(R9*1), R14
	LEAQ (R14)(R9*1), R15
	VMASKMOVPS (SI), Y15, Y12
	VMASKMOVPS (R14), Y15, Y13
	VMASKMOVPS (R15), Y15, Y14
	VMOVUPS (AX), Y15
	VFMADD231PS Y15, Y12, Y0
	VFMADD231PS Y15, Y13, Y4
	VFMADD231PS Y15, Y14, Y8
	VMOVUPS (BX), Y15
	VFMADD231PS Y15, Y12, Y1
	VFMADD231PS Y15, Y13, Y5
	VFMADD231PS Y15, Y14, Y9
	VMOVUPS (R11), Y15
	VFMADD231PS Y15, Y12, Y2
	VFMADD231PS Y15, Y13, Y6
	VFMADD231PS Y15, Y14, Y10
	VMOVUPS (R12), Y15
	VFMADD231PS Y15, Y12, Y3
	VFMADD231PS Y15, Y13, Y7
	VFMADD231PS Y15, Y14, Y11

d3reduce:
	// each row: four taps' lanes, ((l0+l1)+(l2+l3))+((l4+l5)+(l6+l7))
	VHADDPS Y1, Y0, Y0
	VHADDPS Y3, Y2, Y2
	VHADDPS Y2, Y0, Y0
	VEXTRACTF128 $1, Y0, X1
	VADDPS X1, X0, X0
	VADDPS (DI), X0, X0
	VMOVUPS X0, (DI)
	LEAQ (DI)(R8*1), R14
	VHADDPS Y5, Y4, Y4
	VHADDPS Y7, Y6, Y6
	VHADDPS Y6, Y4, Y4
	VEXTRACTF128 $1, Y4, X5
	VADDPS X5, X4, X4
	VADDPS (R14), X4, X4
	VMOVUPS X4, (R14)
	ADDQ R8, R14
	VHADDPS Y9, Y8, Y8
	VHADDPS Y11, Y10, Y10
	VHADDPS Y10, Y8, Y8
	VEXTRACTF128 $1, Y8, X9
	VADDPS X9, X8, X8
	VADDPS (R14), X8, X8
	VMOVUPS X8, (R14)
	ADDQ $16, DI
	ADDQ $16, R10
	SUBQ $4, CX
	JMP  d3group

d3done:
	VZEROUPPER
	RET
