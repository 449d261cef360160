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
