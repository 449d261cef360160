//go:build amd64 && !purego

#include "textflag.h"

// tailMask: eight all-ones lanes then eight zero lanes; the eight lanes
// starting at tailMask+32-4r select the first r.
DATA ·tailMask+0(SB)/8, $0xffffffffffffffff
DATA ·tailMask+8(SB)/8, $0xffffffffffffffff
DATA ·tailMask+16(SB)/8, $0xffffffffffffffff
DATA ·tailMask+24(SB)/8, $0xffffffffffffffff
DATA ·tailMask+32(SB)/8, $0
DATA ·tailMask+40(SB)/8, $0
DATA ·tailMask+48(SB)/8, $0
DATA ·tailMask+56(SB)/8, $0
GLOBL ·tailMask(SB), RODATA|NOPTR, $64

// func cpuid(leaf, sub uint32) (eax, ebx, ecx, edx uint32)
TEXT ·cpuid(SB), NOSPLIT, $0-24
	MOVL leaf+0(FP), AX
	MOVL sub+4(FP), CX
	CPUID
	MOVL AX, eax+8(FP)
	MOVL BX, ebx+12(FP)
	MOVL CX, ecx+16(FP)
	MOVL DX, edx+20(FP)
	RET

// func xgetbv0() uint32
TEXT ·xgetbv0(SB), NOSPLIT, $0-4
	MOVL $0, CX
	XGETBV
	MOVL AX, ret+0(FP)
	RET

// func rowSparse32(c, vals []float32, offs []int32, b []float32, acc int)
//
// c[j] (+)= sum over q of vals[q] * b[offs[q] + j], one fused multiply-add
// per term. Where the row is at least 32 columns wide the terms are summed
// in increasing q into one accumulator per column; in its last 1 to 31
// columns, four accumulators take the terms q ≡ 0, 1, 2, 3 (mod 4) of the
// whole groups of four, the first also the remaining terms, and are added
// as (a0+a1)+(a2+a3) (breaking the chain of dependent additions that
// narrow rows, such as ten classes, would wait on). The order depends
// only on the column and the terms, never on which rows a call computes.
// offs holds element offsets of rows of b.
//
// Registers: DI c, CX len(c) in bytes, SI vals, R8 offs, R9 len(vals),
// DX b, R13 acc, R11 byte offset of the current columns, R12 b+R11,
// BX walks vals, R15 walks offs, AX counts, R14 a row offset.
TEXT ·rowSparse32(SB), NOSPLIT, $0-104
	MOVQ c_base+0(FP), DI
	MOVQ c_len+8(FP), CX
	SHLQ $2, CX
	MOVQ vals_base+24(FP), SI
	MOVQ vals_len+32(FP), R9
	MOVQ offs_base+48(FP), R8
	MOVQ b_base+72(FP), DX
	MOVQ acc+96(FP), R13
	XORQ R11, R11

chunk64:
	MOVQ CX, AX
	SUBQ R11, AX
	CMPQ AX, $256
	JLT  chunk32
	TESTQ R13, R13
	JZ   zero64
	VMOVUPS (DI)(R11*1), Y0
	VMOVUPS 32(DI)(R11*1), Y1
	VMOVUPS 64(DI)(R11*1), Y2
	VMOVUPS 96(DI)(R11*1), Y3
	VMOVUPS 128(DI)(R11*1), Y5
	VMOVUPS 160(DI)(R11*1), Y6
	VMOVUPS 192(DI)(R11*1), Y7
	VMOVUPS 224(DI)(R11*1), Y8
	JMP  start64
zero64:
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3
	VXORPS Y5, Y5, Y5
	VXORPS Y6, Y6, Y6
	VXORPS Y7, Y7, Y7
	VXORPS Y8, Y8, Y8
start64:
	MOVQ SI, BX
	MOVQ R8, R15
	LEAQ (DX)(R11*1), R12
	MOVQ R9, AX
loop64:
	TESTQ AX, AX
	JZ   store64
	MOVLQSX (R15), R14
	VBROADCASTSS (BX), Y4
	VFMADD231PS (R12)(R14*4), Y4, Y0
	VFMADD231PS 32(R12)(R14*4), Y4, Y1
	VFMADD231PS 64(R12)(R14*4), Y4, Y2
	VFMADD231PS 96(R12)(R14*4), Y4, Y3
	VFMADD231PS 128(R12)(R14*4), Y4, Y5
	VFMADD231PS 160(R12)(R14*4), Y4, Y6
	VFMADD231PS 192(R12)(R14*4), Y4, Y7
	VFMADD231PS 224(R12)(R14*4), Y4, Y8
	ADDQ $4, BX
	ADDQ $4, R15
	DECQ AX
	JMP  loop64
store64:
	VMOVUPS Y0, (DI)(R11*1)
	VMOVUPS Y1, 32(DI)(R11*1)
	VMOVUPS Y2, 64(DI)(R11*1)
	VMOVUPS Y3, 96(DI)(R11*1)
	VMOVUPS Y5, 128(DI)(R11*1)
	VMOVUPS Y6, 160(DI)(R11*1)
	VMOVUPS Y7, 192(DI)(R11*1)
	VMOVUPS Y8, 224(DI)(R11*1)
	ADDQ $256, R11
	JMP  chunk64

chunk32:
	MOVQ CX, AX
	SUBQ R11, AX
	CMPQ AX, $128
	JLT  chunk8
	TESTQ R13, R13
	JZ   zero32
	VMOVUPS (DI)(R11*1), Y0
	VMOVUPS 32(DI)(R11*1), Y1
	VMOVUPS 64(DI)(R11*1), Y2
	VMOVUPS 96(DI)(R11*1), Y3
	JMP  start32
zero32:
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3
start32:
	MOVQ SI, BX
	MOVQ R8, R15
	LEAQ (DX)(R11*1), R12
	MOVQ R9, AX
loop32:
	TESTQ AX, AX
	JZ   store32
	MOVLQSX (R15), R14
	VBROADCASTSS (BX), Y4
	VFMADD231PS (R12)(R14*4), Y4, Y0
	VFMADD231PS 32(R12)(R14*4), Y4, Y1
	VFMADD231PS 64(R12)(R14*4), Y4, Y2
	VFMADD231PS 96(R12)(R14*4), Y4, Y3
	ADDQ $4, BX
	ADDQ $4, R15
	DECQ AX
	JMP  loop32
store32:
	VMOVUPS Y0, (DI)(R11*1)
	VMOVUPS Y1, 32(DI)(R11*1)
	VMOVUPS Y2, 64(DI)(R11*1)
	VMOVUPS Y3, 96(DI)(R11*1)
	ADDQ $128, R11
	JMP  chunk32

chunk8:
	MOVQ CX, AX
	SUBQ R11, AX
	CMPQ AX, $32
	JLT  chunk1
	TESTQ R13, R13
	JZ   zero8
	VMOVUPS (DI)(R11*1), Y0
	JMP  start8
zero8:
	VXORPS Y0, Y0, Y0
start8:
	MOVQ SI, BX
	MOVQ R8, R15
	LEAQ (DX)(R11*1), R12
	MOVQ R9, AX
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3
quad8:
	CMPQ AX, $4
	JLT  loop8
	MOVLQSX (R15), R14
	VBROADCASTSS (BX), Y4
	VFMADD231PS (R12)(R14*4), Y4, Y0
	ADDQ $4, BX
	ADDQ $4, R15
	MOVLQSX (R15), R14
	VBROADCASTSS (BX), Y10
	VFMADD231PS (R12)(R14*4), Y10, Y1
	ADDQ $4, BX
	ADDQ $4, R15
	MOVLQSX (R15), R14
	VBROADCASTSS (BX), Y11
	VFMADD231PS (R12)(R14*4), Y11, Y2
	ADDQ $4, BX
	ADDQ $4, R15
	MOVLQSX (R15), R14
	VBROADCASTSS (BX), Y12
	VFMADD231PS (R12)(R14*4), Y12, Y3
	ADDQ $4, BX
	ADDQ $4, R15
	SUBQ $4, AX
	JMP  quad8
loop8:
	TESTQ AX, AX
	JZ   store8
	MOVLQSX (R15), R14
	VBROADCASTSS (BX), Y4
	VFMADD231PS (R12)(R14*4), Y4, Y0
	ADDQ $4, BX
	ADDQ $4, R15
	DECQ AX
	JMP  loop8
store8:
	VADDPS Y1, Y0, Y0
	VADDPS Y3, Y2, Y2
	VADDPS Y2, Y0, Y0
	VMOVUPS Y0, (DI)(R11*1)
	ADDQ $32, R11
	JMP  chunk8

chunk1:
	// 1 to 7 columns remain: one pass with masked loads and stores
	// (lanes past the row are neither read nor written).
	MOVQ CX, AX
	SUBQ R11, AX
	JLE  done
	SHRQ $2, AX
	LEAQ ·tailMask+32(SB), BX
	SHLQ $2, AX
	SUBQ AX, BX
	VMOVDQU (BX), Y9
	TESTQ R13, R13
	JZ   zero1
	VMASKMOVPS (DI)(R11*1), Y9, Y0
	JMP  start1
zero1:
	VXORPS Y0, Y0, Y0
start1:
	MOVQ SI, BX
	MOVQ R8, R15
	LEAQ (DX)(R11*1), R12
	MOVQ R9, AX
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3
quad1:
	CMPQ AX, $4
	JLT  loop1
	MOVLQSX (R15), R14
	VBROADCASTSS (BX), Y4
	VMASKMOVPS (R12)(R14*4), Y9, Y5
	VFMADD231PS Y5, Y4, Y0
	ADDQ $4, BX
	ADDQ $4, R15
	MOVLQSX (R15), R14
	VBROADCASTSS (BX), Y10
	VMASKMOVPS (R12)(R14*4), Y9, Y13
	VFMADD231PS Y13, Y10, Y1
	ADDQ $4, BX
	ADDQ $4, R15
	MOVLQSX (R15), R14
	VBROADCASTSS (BX), Y11
	VMASKMOVPS (R12)(R14*4), Y9, Y14
	VFMADD231PS Y14, Y11, Y2
	ADDQ $4, BX
	ADDQ $4, R15
	MOVLQSX (R15), R14
	VBROADCASTSS (BX), Y12
	VMASKMOVPS (R12)(R14*4), Y9, Y15
	VFMADD231PS Y15, Y12, Y3
	ADDQ $4, BX
	ADDQ $4, R15
	SUBQ $4, AX
	JMP  quad1
loop1:
	TESTQ AX, AX
	JZ   store1
	MOVLQSX (R15), R14
	VBROADCASTSS (BX), Y4
	VMASKMOVPS (R12)(R14*4), Y9, Y5
	VFMADD231PS Y5, Y4, Y0
	ADDQ $4, BX
	ADDQ $4, R15
	DECQ AX
	JMP  loop1
store1:
	VADDPS Y1, Y0, Y0
	VADDPS Y3, Y2, Y2
	VADDPS Y2, Y0, Y0
	VMASKMOVPS Y0, Y9, (DI)(R11*1)

done:
	VZEROUPPER
	RET

// func rowDense32(c, a []float32, astride, k int, b []float32, ldb int, acc int)
//
// c[j] (+)= sum over p < k of a[p*astride] * b[p*ldb + j], one fused
// multiply-add per term (zeros included: no branch), in the order that
// rowSparse32 describes.
//
// Registers: DI c, CX len(c) in bytes, SI a, R8 astride in bytes, R9 k,
// DX b, R10 ldb in bytes, R13 acc, R11 byte offset of the current
// columns, R12 walks b's rows at R11, BX walks a, AX counts.
TEXT ·rowDense32(SB), NOSPLIT, $0-104
	MOVQ c_base+0(FP), DI
	MOVQ c_len+8(FP), CX
	SHLQ $2, CX
	MOVQ a_base+24(FP), SI
	MOVQ astride+48(FP), R8
	SHLQ $2, R8
	MOVQ k+56(FP), R9
	MOVQ b_base+64(FP), DX
	MOVQ ldb+88(FP), R10
	SHLQ $2, R10
	MOVQ acc+96(FP), R13
	XORQ R11, R11

chunk64d:
	MOVQ CX, AX
	SUBQ R11, AX
	CMPQ AX, $256
	JLT  chunk32d
	TESTQ R13, R13
	JZ   zero64d
	VMOVUPS (DI)(R11*1), Y0
	VMOVUPS 32(DI)(R11*1), Y1
	VMOVUPS 64(DI)(R11*1), Y2
	VMOVUPS 96(DI)(R11*1), Y3
	VMOVUPS 128(DI)(R11*1), Y5
	VMOVUPS 160(DI)(R11*1), Y6
	VMOVUPS 192(DI)(R11*1), Y7
	VMOVUPS 224(DI)(R11*1), Y8
	JMP  start64d
zero64d:
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3
	VXORPS Y5, Y5, Y5
	VXORPS Y6, Y6, Y6
	VXORPS Y7, Y7, Y7
	VXORPS Y8, Y8, Y8
start64d:
	MOVQ SI, BX
	LEAQ (DX)(R11*1), R12
	MOVQ R9, AX
loop64d:
	TESTQ AX, AX
	JZ   store64d
	VBROADCASTSS (BX), Y4
	VFMADD231PS (R12), Y4, Y0
	VFMADD231PS 32(R12), Y4, Y1
	VFMADD231PS 64(R12), Y4, Y2
	VFMADD231PS 96(R12), Y4, Y3
	VFMADD231PS 128(R12), Y4, Y5
	VFMADD231PS 160(R12), Y4, Y6
	VFMADD231PS 192(R12), Y4, Y7
	VFMADD231PS 224(R12), Y4, Y8
	ADDQ R8, BX
	ADDQ R10, R12
	DECQ AX
	JMP  loop64d
store64d:
	VMOVUPS Y0, (DI)(R11*1)
	VMOVUPS Y1, 32(DI)(R11*1)
	VMOVUPS Y2, 64(DI)(R11*1)
	VMOVUPS Y3, 96(DI)(R11*1)
	VMOVUPS Y5, 128(DI)(R11*1)
	VMOVUPS Y6, 160(DI)(R11*1)
	VMOVUPS Y7, 192(DI)(R11*1)
	VMOVUPS Y8, 224(DI)(R11*1)
	ADDQ $256, R11
	JMP  chunk64d

chunk32d:
	MOVQ CX, AX
	SUBQ R11, AX
	CMPQ AX, $128
	JLT  chunk8d
	TESTQ R13, R13
	JZ   zero32d
	VMOVUPS (DI)(R11*1), Y0
	VMOVUPS 32(DI)(R11*1), Y1
	VMOVUPS 64(DI)(R11*1), Y2
	VMOVUPS 96(DI)(R11*1), Y3
	JMP  start32d
zero32d:
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3
start32d:
	MOVQ SI, BX
	LEAQ (DX)(R11*1), R12
	MOVQ R9, AX
loop32d:
	TESTQ AX, AX
	JZ   store32d
	VBROADCASTSS (BX), Y4
	VFMADD231PS (R12), Y4, Y0
	VFMADD231PS 32(R12), Y4, Y1
	VFMADD231PS 64(R12), Y4, Y2
	VFMADD231PS 96(R12), Y4, Y3
	ADDQ R8, BX
	ADDQ R10, R12
	DECQ AX
	JMP  loop32d
store32d:
	VMOVUPS Y0, (DI)(R11*1)
	VMOVUPS Y1, 32(DI)(R11*1)
	VMOVUPS Y2, 64(DI)(R11*1)
	VMOVUPS Y3, 96(DI)(R11*1)
	ADDQ $128, R11
	JMP  chunk32d

chunk8d:
	MOVQ CX, AX
	SUBQ R11, AX
	CMPQ AX, $32
	JLT  chunk1d
	TESTQ R13, R13
	JZ   zero8d
	VMOVUPS (DI)(R11*1), Y0
	JMP  start8d
zero8d:
	VXORPS Y0, Y0, Y0
start8d:
	MOVQ SI, BX
	LEAQ (DX)(R11*1), R12
	MOVQ R9, AX
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3
quad8d:
	CMPQ AX, $4
	JLT  loop8d
	VBROADCASTSS (BX), Y4
	VFMADD231PS (R12), Y4, Y0
	ADDQ R8, BX
	ADDQ R10, R12
	VBROADCASTSS (BX), Y10
	VFMADD231PS (R12), Y10, Y1
	ADDQ R8, BX
	ADDQ R10, R12
	VBROADCASTSS (BX), Y11
	VFMADD231PS (R12), Y11, Y2
	ADDQ R8, BX
	ADDQ R10, R12
	VBROADCASTSS (BX), Y12
	VFMADD231PS (R12), Y12, Y3
	ADDQ R8, BX
	ADDQ R10, R12
	SUBQ $4, AX
	JMP  quad8d
loop8d:
	TESTQ AX, AX
	JZ   store8d
	VBROADCASTSS (BX), Y4
	VFMADD231PS (R12), Y4, Y0
	ADDQ R8, BX
	ADDQ R10, R12
	DECQ AX
	JMP  loop8d
store8d:
	VADDPS Y1, Y0, Y0
	VADDPS Y3, Y2, Y2
	VADDPS Y2, Y0, Y0
	VMOVUPS Y0, (DI)(R11*1)
	ADDQ $32, R11
	JMP  chunk8d

chunk1d:
	// 1 to 7 columns remain: one pass with masked loads and stores
	// (lanes past the row are neither read nor written).
	MOVQ CX, AX
	SUBQ R11, AX
	JLE  doned
	SHRQ $2, AX
	LEAQ ·tailMask+32(SB), BX
	SHLQ $2, AX
	SUBQ AX, BX
	VMOVDQU (BX), Y9
	TESTQ R13, R13
	JZ   zero1d
	VMASKMOVPS (DI)(R11*1), Y9, Y0
	JMP  start1d
zero1d:
	VXORPS Y0, Y0, Y0
start1d:
	MOVQ SI, BX
	LEAQ (DX)(R11*1), R12
	MOVQ R9, AX
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3
quad1d:
	CMPQ AX, $4
	JLT  loop1d
	VBROADCASTSS (BX), Y4
	VMASKMOVPS (R12), Y9, Y5
	VFMADD231PS Y5, Y4, Y0
	ADDQ R8, BX
	ADDQ R10, R12
	VBROADCASTSS (BX), Y10
	VMASKMOVPS (R12), Y9, Y13
	VFMADD231PS Y13, Y10, Y1
	ADDQ R8, BX
	ADDQ R10, R12
	VBROADCASTSS (BX), Y11
	VMASKMOVPS (R12), Y9, Y14
	VFMADD231PS Y14, Y11, Y2
	ADDQ R8, BX
	ADDQ R10, R12
	VBROADCASTSS (BX), Y12
	VMASKMOVPS (R12), Y9, Y15
	VFMADD231PS Y15, Y12, Y3
	ADDQ R8, BX
	ADDQ R10, R12
	SUBQ $4, AX
	JMP  quad1d
loop1d:
	TESTQ AX, AX
	JZ   store1d
	VBROADCASTSS (BX), Y4
	VMASKMOVPS (R12), Y9, Y5
	VFMADD231PS Y5, Y4, Y0
	ADDQ R8, BX
	ADDQ R10, R12
	DECQ AX
	JMP  loop1d
store1d:
	VADDPS Y1, Y0, Y0
	VADDPS Y3, Y2, Y2
	VADDPS Y2, Y0, Y0
	VMASKMOVPS Y0, Y9, (DI)(R11*1)

doned:
	VZEROUPPER
	RET

// func adamAVX2(p, g, mo, ve []float32, lr, b1, b2, eps float32)
//
// Per element, in this order and rounding each step:
//   m = fma(m, b1, g*(1-b1)); v = fma(v, b2, (g*g)*(1-b2));
//   p = p - lr*(m/(sqrt(v)+eps))   (a fused negative multiply-add)
// The scalar tail runs the same operations, so results do not depend on
// where a slice starts or ends.
TEXT ·adamAVX2(SB), NOSPLIT, $0-112
	MOVQ p_base+0(FP), DI
	MOVQ p_len+8(FP), CX
	MOVQ g_base+24(FP), SI
	MOVQ mo_base+48(FP), R8
	MOVQ ve_base+72(FP), R9
	VBROADCASTSS lr+96(FP), Y10
	VBROADCASTSS b1+100(FP), Y11
	VBROADCASTSS b2+104(FP), Y12
	VBROADCASTSS eps+108(FP), Y13
	// Y14 = 1-b1, Y15 = 1-b2
	MOVL $0x3f800000, AX
	MOVL AX, X9
	VBROADCASTSS X9, Y9
	VSUBPS Y11, Y9, Y14
	VSUBPS Y12, Y9, Y15
	XORQ AX, AX
loop8:
	MOVQ CX, DX
	SUBQ AX, DX
	CMPQ DX, $8
	JLT  tail
	VMOVUPS (SI)(AX*4), Y0
	VMULPS Y14, Y0, Y1
	VMOVUPS (R8)(AX*4), Y2
	VFMADD213PS Y1, Y11, Y2
	VMOVUPS Y2, (R8)(AX*4)
	VMULPS Y0, Y0, Y3
	VMULPS Y15, Y3, Y3
	VMOVUPS (R9)(AX*4), Y4
	VFMADD213PS Y3, Y12, Y4
	VMOVUPS Y4, (R9)(AX*4)
	VSQRTPS Y4, Y5
	VADDPS Y13, Y5, Y5
	VDIVPS Y5, Y2, Y6
	VMOVUPS (DI)(AX*4), Y7
	VFNMADD231PS Y6, Y10, Y7
	VMOVUPS Y7, (DI)(AX*4)
	ADDQ $8, AX
	JMP  loop8
tail:
	CMPQ AX, CX
	JGE  adone
	VMOVSS (SI)(AX*4), X0
	VMULSS X14, X0, X1
	VMOVSS (R8)(AX*4), X2
	VFMADD213SS X1, X11, X2
	VMOVSS X2, (R8)(AX*4)
	VMULSS X0, X0, X3
	VMULSS X15, X3, X3
	VMOVSS (R9)(AX*4), X4
	VFMADD213SS X3, X12, X4
	VMOVSS X4, (R9)(AX*4)
	VSQRTSS X4, X4, X5
	VADDSS X13, X5, X5
	VDIVSS X5, X2, X6
	VMOVSS (DI)(AX*4), X7
	VFNMADD231SS X6, X10, X7
	VMOVSS X7, (DI)(AX*4)
	INCQ AX
	JMP  tail
adone:
	VZEROUPPER
	RET
