//go:build amd64 && !purego

#include "textflag.h"

// poolIota2: 0, 2, ..., 14, the offsets of eight 2x2 windows' first
// elements in a row.
DATA ·poolIota2+0(SB)/4, $0
DATA ·poolIota2+4(SB)/4, $2
DATA ·poolIota2+8(SB)/4, $4
DATA ·poolIota2+12(SB)/4, $6
DATA ·poolIota2+16(SB)/4, $8
DATA ·poolIota2+20(SB)/4, $10
DATA ·poolIota2+24(SB)/4, $12
DATA ·poolIota2+28(SB)/4, $14
GLOBL ·poolIota2(SB), RODATA|NOPTR, $32

// func maxPool2AVX2(dst []float32, arg []int32, p []float32, rows, cols, wp int)
//
// For y < rows and x < cols: the largest of p[2y·wp+2x + (0, 1, wp, wp+1)],
// compared in that order with "greater than" (so the first of equal
// values wins), into dst[y·cols+x], and its index into arg. Eight windows
// at a time: the even and odd elements of two rows are split by shuffles
// (which put the windows in the order 0 1 4 5 2 3 6 7, undone at the end),
// the maximum and its code (0-3) are kept by compare and blend. A row's
// last 1 to 7 windows use masked loads and stores. The caller has checked
// the bounds.
//
// Registers: DI dst row, SI arg row, R12 and R13 the two rows of p, R8
// rows left, R9 cols, R10 wp, R11 x, BX 2y·wp, AX CX DX scratch; Y15 the
// offsets 0, 2, ..., 14, Y14 wp, Y13 1, Y12 2, Y11 3 (int32 lanes).
TEXT ·maxPool2AVX2(SB), NOSPLIT, $0-96
	MOVQ dst_base+0(FP), DI
	MOVQ arg_base+24(FP), SI
	MOVQ p_base+48(FP), R12
	MOVQ rows+72(FP), R8
	MOVQ cols+80(FP), R9
	MOVQ wp+88(FP), R10
	VMOVDQU ·poolIota2(SB), Y15
	VMOVQ R10, X14
	VPBROADCASTD X14, Y14
	MOVQ $1, AX
	VMOVQ AX, X13
	VPBROADCASTD X13, Y13
	MOVQ $2, AX
	VMOVQ AX, X12
	VPBROADCASTD X12, Y12
	MOVQ $3, AX
	VMOVQ AX, X11
	VPBROADCASTD X11, Y11
	XORQ BX, BX

row:
	TESTQ R8, R8
	JZ   done
	LEAQ (R12)(R10*4), R13
	XORQ R11, R11

chunk:
	MOVQ R9, CX
	SUBQ R11, CX
	JLE  nextrow
	LEAQ (R11*8), AX
	CMPQ CX, $8
	JLT  partial
	VMOVUPS (R12)(AX*1), Y0
	VMOVUPS 32(R12)(AX*1), Y1
	VMOVUPS (R13)(AX*1), Y4
	VMOVUPS 32(R13)(AX*1), Y5
	JMP  compute

partial:
	// 2r elements of each row: min(2r, 8) in the first vector, the rest
	// in the second
	LEAQ (CX)(CX*1), DX
	MOVQ DX, CX
	CMPQ DX, $8
	JLE  lomask
	MOVQ $8, DX
lomask:
	SUBQ DX, CX
	SHLQ $2, DX
	LEAQ ·tailMask+32(SB), R14
	SUBQ DX, R14
	VMOVDQU (R14), Y9
	SHLQ $2, CX
	LEAQ ·tailMask+32(SB), R14
	SUBQ CX, R14
	VMOVDQU (R14), Y10
	VMASKMOVPS (R12)(AX*1), Y9, Y0
	VMASKMOVPS 32(R12)(AX*1), Y10, Y1
	VMASKMOVPS (R13)(AX*1), Y9, Y4
	VMASKMOVPS 32(R13)(AX*1), Y10, Y5

compute:
	VSHUFPS $0x88, Y1, Y0, Y2
	VSHUFPS $0xDD, Y1, Y0, Y3
	VSHUFPS $0x88, Y5, Y4, Y6
	VSHUFPS $0xDD, Y5, Y4, Y7
	VPXOR Y8, Y8, Y8
	VCMPPS $0x1e, Y2, Y3, Y9
	VBLENDVPS Y9, Y3, Y2, Y2
	VBLENDVPS Y9, Y13, Y8, Y8
	VCMPPS $0x1e, Y2, Y6, Y9
	VBLENDVPS Y9, Y6, Y2, Y2
	VBLENDVPS Y9, Y12, Y8, Y8
	VCMPPS $0x1e, Y2, Y7, Y9
	VBLENDVPS Y9, Y7, Y2, Y2
	VBLENDVPS Y9, Y11, Y8, Y8
	VPERMPD $0xD8, Y2, Y2
	VPERMQ $0xD8, Y8, Y8
	// arg = 2y·wp + 2x + (0, 2, ..., 14) + (code&1) + (code>>1)·wp
	VPAND Y13, Y8, Y9
	VPSRLD $1, Y8, Y8
	VPMULLD Y14, Y8, Y8
	VPADDD Y9, Y8, Y8
	VPADDD Y15, Y8, Y8
	LEAQ (BX)(R11*2), DX
	VMOVQ DX, X10
	VPBROADCASTD X10, Y10
	VPADDD Y10, Y8, Y8
	MOVQ R9, CX
	SUBQ R11, CX
	CMPQ CX, $8
	JLT  storepartial
	VMOVUPS Y2, (DI)(R11*4)
	VMOVDQU Y8, (SI)(R11*4)
	ADDQ $8, R11
	JMP  chunk

storepartial:
	SHLQ $2, CX
	LEAQ ·tailMask+32(SB), R14
	SUBQ CX, R14
	VMOVDQU (R14), Y9
	VMASKMOVPS Y2, Y9, (DI)(R11*4)
	VMASKMOVPS Y8, Y9, (SI)(R11*4)

nextrow:
	LEAQ (DI)(R9*4), DI
	LEAQ (SI)(R9*4), SI
	LEAQ (R13)(R10*4), R12
	LEAQ (BX)(R10*2), BX
	DECQ R8
	JMP  row

done:
	VZEROUPPER
	RET

// func unpoolMax2AVX2(d, g []float32, arg []int32, rows, cols, wp int)
//
// The gradient of maxPool2AVX2: every element of every window of d is
// written, g[y·cols+x] where the window's maximum was (arg) and 0 at its
// other three elements. Eight windows at a time: the four elements' values
// are selected by comparing arg with their indices, then interleaved
// back into the two rows. Masked loads and stores for a row's last 1 to 7
// windows. The caller has checked the bounds.
//
// Registers: R12 and R13 the two rows of d, SI g's row, DI arg's row, R8
// rows left, R9 cols, R10 wp, R11 x, BX 2y·wp, AX CX DX R14 scratch; Y15
// the offsets 0, 2, ..., 14, Y14 wp, Y13 1, Y12 wp+1, Y11 0.
TEXT ·unpoolMax2AVX2(SB), NOSPLIT, $0-96
	MOVQ d_base+0(FP), R12
	MOVQ g_base+24(FP), SI
	MOVQ arg_base+48(FP), DI
	MOVQ rows+72(FP), R8
	MOVQ cols+80(FP), R9
	MOVQ wp+88(FP), R10
	VMOVDQU ·poolIota2(SB), Y15
	VMOVQ R10, X14
	VPBROADCASTD X14, Y14
	MOVQ $1, AX
	VMOVQ AX, X13
	VPBROADCASTD X13, Y13
	LEAQ 1(R10), AX
	VMOVQ AX, X12
	VPBROADCASTD X12, Y12
	VPXOR Y11, Y11, Y11
	XORQ BX, BX

urow:
	TESTQ R8, R8
	JZ   udone
	LEAQ (R12)(R10*4), R13
	XORQ R11, R11

uchunk:
	MOVQ R9, CX
	SUBQ R11, CX
	JLE  unextrow
	CMPQ CX, $8
	JLT  upartialload
	VMOVUPS (SI)(R11*4), Y0
	VMOVDQU (DI)(R11*4), Y1
	JMP  ucompute

upartialload:
	SHLQ $2, CX
	LEAQ ·tailMask+32(SB), R14
	SUBQ CX, R14
	VMOVDQU (R14), Y9
	VMASKMOVPS (SI)(R11*4), Y9, Y0
	VMASKMOVPS (DI)(R11*4), Y9, Y1

ucompute:
	LEAQ (BX)(R11*2), DX
	VMOVQ DX, X10
	VPBROADCASTD X10, Y10
	VPSUBD Y10, Y1, Y1
	VPSUBD Y15, Y1, Y1
	VPCMPEQD Y11, Y1, Y2
	VPCMPEQD Y13, Y1, Y3
	VPCMPEQD Y14, Y1, Y4
	VPCMPEQD Y12, Y1, Y5
	VANDPS Y0, Y2, Y2
	VANDPS Y0, Y3, Y3
	VANDPS Y0, Y4, Y4
	VANDPS Y0, Y5, Y5
	VUNPCKLPS Y3, Y2, Y6
	VUNPCKHPS Y3, Y2, Y7
	VPERM2F128 $0x20, Y7, Y6, Y8
	VPERM2F128 $0x31, Y7, Y6, Y9
	VUNPCKLPS Y5, Y4, Y6
	VUNPCKHPS Y5, Y4, Y7
	VPERM2F128 $0x20, Y7, Y6, Y3
	VPERM2F128 $0x31, Y7, Y6, Y5
	LEAQ (R11*8), AX
	MOVQ R9, CX
	SUBQ R11, CX
	CMPQ CX, $8
	JLT  upartialstore
	VMOVUPS Y8, (R12)(AX*1)
	VMOVUPS Y9, 32(R12)(AX*1)
	VMOVUPS Y3, (R13)(AX*1)
	VMOVUPS Y5, 32(R13)(AX*1)
	ADDQ $8, R11
	JMP  uchunk

upartialstore:
	LEAQ (CX)(CX*1), DX
	MOVQ DX, CX
	CMPQ DX, $8
	JLE  ulomask
	MOVQ $8, DX
ulomask:
	SUBQ DX, CX
	SHLQ $2, DX
	LEAQ ·tailMask+32(SB), R14
	SUBQ DX, R14
	VMOVDQU (R14), Y6
	SHLQ $2, CX
	LEAQ ·tailMask+32(SB), R14
	SUBQ CX, R14
	VMOVDQU (R14), Y7
	VMASKMOVPS Y8, Y6, (R12)(AX*1)
	VMASKMOVPS Y9, Y7, 32(R12)(AX*1)
	VMASKMOVPS Y3, Y6, (R13)(AX*1)
	VMASKMOVPS Y5, Y7, 32(R13)(AX*1)

unextrow:
	LEAQ (SI)(R9*4), SI
	LEAQ (DI)(R9*4), DI
	LEAQ (R13)(R10*4), R12
	LEAQ (BX)(R10*2), BX
	DECQ R8
	JMP  urow

udone:
	VZEROUPPER
	RET

// func maxPool2ReLUAVX2(dst []float32, arg []int32, p []float32, rows, cols, wp int, bias float32, out []float32, ostride int)
//
// maxPool2AVX2 with the bias and the ReLU fused: dst[y·cols+x] is the
// window's maximum plus bias, and out[y·ostride+x] its ReLU (the maximum
// of it and +0). Registers as in maxPool2AVX2, plus DX the row of out, R15
// ostride in bytes, Y10 reused for the bias and the ReLU.
TEXT ·maxPool2ReLUAVX2(SB), NOSPLIT, $0-136
	MOVQ dst_base+0(FP), DI
	MOVQ arg_base+24(FP), SI
	MOVQ p_base+48(FP), R12
	MOVQ rows+72(FP), R8
	MOVQ cols+80(FP), R9
	MOVQ wp+88(FP), R10
	MOVQ out_base+104(FP), DX
	MOVQ ostride+128(FP), R15
	SHLQ $2, R15
	VMOVDQU ·poolIota2(SB), Y15
	VMOVQ R10, X14
	VPBROADCASTD X14, Y14
	MOVQ $1, AX
	VMOVQ AX, X13
	VPBROADCASTD X13, Y13
	MOVQ $2, AX
	VMOVQ AX, X12
	VPBROADCASTD X12, Y12
	MOVQ $3, AX
	VMOVQ AX, X11
	VPBROADCASTD X11, Y11
	XORQ BX, BX

rrow:
	TESTQ R8, R8
	JZ   rdone
	LEAQ (R12)(R10*4), R13
	XORQ R11, R11

rchunk:
	MOVQ R9, CX
	SUBQ R11, CX
	JLE  rnextrow
	LEAQ (R11*8), AX
	CMPQ CX, $8
	JLT  rpartial
	VMOVUPS (R12)(AX*1), Y0
	VMOVUPS 32(R12)(AX*1), Y1
	VMOVUPS (R13)(AX*1), Y4
	VMOVUPS 32(R13)(AX*1), Y5
	JMP  rcompute

rpartial:
	LEAQ (CX)(CX*1), CX
	MOVQ CX, R14
	CMPQ R14, $8
	JLE  rlomask
	MOVQ $8, R14
rlomask:
	SUBQ R14, CX
	SHLQ $2, R14
	NEGQ R14
	LEAQ ·tailMask+32(SB), AX
	ADDQ AX, R14
	VMOVDQU (R14), Y9
	SHLQ $2, CX
	NEGQ CX
	ADDQ AX, CX
	VMOVDQU (CX), Y10
	LEAQ (R11*8), AX
	VMASKMOVPS (R12)(AX*1), Y9, Y0
	VMASKMOVPS 32(R12)(AX*1), Y10, Y1
	VMASKMOVPS (R13)(AX*1), Y9, Y4
	VMASKMOVPS 32(R13)(AX*1), Y10, Y5

rcompute:
	VSHUFPS $0x88, Y1, Y0, Y2
	VSHUFPS $0xDD, Y1, Y0, Y3
	VSHUFPS $0x88, Y5, Y4, Y6
	VSHUFPS $0xDD, Y5, Y4, Y7
	VPXOR Y8, Y8, Y8
	VCMPPS $0x1e, Y2, Y3, Y9
	VBLENDVPS Y9, Y3, Y2, Y2
	VBLENDVPS Y9, Y13, Y8, Y8
	VCMPPS $0x1e, Y2, Y6, Y9
	VBLENDVPS Y9, Y6, Y2, Y2
	VBLENDVPS Y9, Y12, Y8, Y8
	VCMPPS $0x1e, Y2, Y7, Y9
	VBLENDVPS Y9, Y7, Y2, Y2
	VBLENDVPS Y9, Y11, Y8, Y8
	VPERMPD $0xD8, Y2, Y2
	VPERMQ $0xD8, Y8, Y8
	VPAND Y13, Y8, Y9
	VPSRLD $1, Y8, Y8
	VPMULLD Y14, Y8, Y8
	VPADDD Y9, Y8, Y8
	VPADDD Y15, Y8, Y8
	LEAQ (BX)(R11*2), CX
	VMOVQ CX, X10
	VPBROADCASTD X10, Y10
	VPADDD Y10, Y8, Y8
	VBROADCASTSS bias+96(FP), Y10
	VADDPS Y10, Y2, Y2
	VXORPS Y10, Y10, Y10
	VMAXPS Y10, Y2, Y3
	MOVQ R9, CX
	SUBQ R11, CX
	CMPQ CX, $8
	JLT  rstorepartial
	VMOVUPS Y2, (DI)(R11*4)
	VMOVDQU Y8, (SI)(R11*4)
	VMOVUPS Y3, (DX)(R11*4)
	ADDQ $8, R11
	JMP  rchunk

rstorepartial:
	SHLQ $2, CX
	LEAQ ·tailMask+32(SB), R14
	SUBQ CX, R14
	VMOVDQU (R14), Y9
	VMASKMOVPS Y2, Y9, (DI)(R11*4)
	VMASKMOVPS Y8, Y9, (SI)(R11*4)
	VMASKMOVPS Y3, Y9, (DX)(R11*4)

rnextrow:
	LEAQ (DI)(R9*4), DI
	LEAQ (SI)(R9*4), SI
	ADDQ R15, DX
	LEAQ (R13)(R10*4), R12
	LEAQ (BX)(R10*2), BX
	DECQ R8
	JMP  rrow

rdone:
	VZEROUPPER
	RET

// func unpoolMax2ReLUAVX2(d, dout []float32, dstride int, pooled []float32, arg []int32, rows, cols, wp int) float32
//
// unpoolMax2AVX2 with the ReLU's gradient fused: the gradient of window
// (y, x) is dout[y·dstride+x] where pooled[y·cols+x] > 0, 0 elsewhere. It
// returns the sum of those gradients: eight lanes, each summing its
// windows in order, added as ((l0+l4)+(l2+l6))+((l1+l5)+(l3+l7)).
// Registers as in unpoolMax2AVX2 (SI is pooled's row), plus R15 dout's
// row, DX dstride in bytes, Y10 the lanes' sums, Y9 the window base.
TEXT ·unpoolMax2ReLUAVX2(SB), NOSPLIT, $0-132
	MOVQ d_base+0(FP), R12
	MOVQ dout_base+24(FP), R15
	MOVQ dstride+48(FP), DX
	SHLQ $2, DX
	MOVQ pooled_base+56(FP), SI
	MOVQ arg_base+80(FP), DI
	MOVQ rows+104(FP), R8
	MOVQ cols+112(FP), R9
	MOVQ wp+120(FP), R10
	VMOVDQU ·poolIota2(SB), Y15
	VMOVQ R10, X14
	VPBROADCASTD X14, Y14
	MOVQ $1, AX
	VMOVQ AX, X13
	VPBROADCASTD X13, Y13
	LEAQ 1(R10), AX
	VMOVQ AX, X12
	VPBROADCASTD X12, Y12
	VPXOR Y11, Y11, Y11
	VXORPS Y10, Y10, Y10
	XORQ BX, BX

grow:
	TESTQ R8, R8
	JZ   gdone
	LEAQ (R12)(R10*4), R13
	XORQ R11, R11

gchunk:
	MOVQ R9, CX
	SUBQ R11, CX
	JLE  gnextrow
	CMPQ CX, $8
	JLT  gpartialload
	VMOVUPS (R15)(R11*4), Y0
	VMOVUPS (SI)(R11*4), Y6
	VMOVDQU (DI)(R11*4), Y1
	JMP  gcompute

gpartialload:
	SHLQ $2, CX
	LEAQ ·tailMask+32(SB), R14
	SUBQ CX, R14
	VMOVDQU (R14), Y9
	VMASKMOVPS (R15)(R11*4), Y9, Y0
	VMASKMOVPS (SI)(R11*4), Y9, Y6
	VMASKMOVPS (DI)(R11*4), Y9, Y1

gcompute:
	// g = dout where pooled > 0 (masked lanes load 0 and stay 0)
	VCMPPS $0x1e, Y11, Y6, Y6
	VANDPS Y6, Y0, Y0
	VADDPS Y0, Y10, Y10
	LEAQ (BX)(R11*2), AX
	VMOVQ AX, X9
	VPBROADCASTD X9, Y9
	VPSUBD Y9, Y1, Y1
	VPSUBD Y15, Y1, Y1
	VPCMPEQD Y11, Y1, Y2
	VPCMPEQD Y13, Y1, Y3
	VPCMPEQD Y14, Y1, Y4
	VPCMPEQD Y12, Y1, Y5
	VANDPS Y0, Y2, Y2
	VANDPS Y0, Y3, Y3
	VANDPS Y0, Y4, Y4
	VANDPS Y0, Y5, Y5
	VUNPCKLPS Y3, Y2, Y6
	VUNPCKHPS Y3, Y2, Y7
	VPERM2F128 $0x20, Y7, Y6, Y8
	VPERM2F128 $0x31, Y7, Y6, Y9
	VUNPCKLPS Y5, Y4, Y6
	VUNPCKHPS Y5, Y4, Y7
	VPERM2F128 $0x20, Y7, Y6, Y3
	VPERM2F128 $0x31, Y7, Y6, Y5
	LEAQ (R11*8), AX
	MOVQ R9, CX
	SUBQ R11, CX
	CMPQ CX, $8
	JLT  gpartialstore
	VMOVUPS Y8, (R12)(AX*1)
	VMOVUPS Y9, 32(R12)(AX*1)
	VMOVUPS Y3, (R13)(AX*1)
	VMOVUPS Y5, 32(R13)(AX*1)
	ADDQ $8, R11
	JMP  gchunk

gpartialstore:
	LEAQ (CX)(CX*1), CX
	MOVQ CX, R14
	CMPQ R14, $8
	JLE  glomask
	MOVQ $8, R14
glomask:
	SUBQ R14, CX
	SHLQ $2, R14
	NEGQ R14
	LEAQ ·tailMask+32(SB), AX
	ADDQ AX, R14
	VMOVDQU (R14), Y6
	SHLQ $2, CX
	NEGQ CX
	ADDQ AX, CX
	VMOVDQU (CX), Y7
	LEAQ (R11*8), AX
	VMASKMOVPS Y8, Y6, (R12)(AX*1)
	VMASKMOVPS Y9, Y7, 32(R12)(AX*1)
	VMASKMOVPS Y3, Y6, (R13)(AX*1)
	VMASKMOVPS Y5, Y7, 32(R13)(AX*1)

gnextrow:
	ADDQ DX, R15
	LEAQ (SI)(R9*4), SI
	LEAQ (DI)(R9*4), DI
	LEAQ (R13)(R10*4), R12
	LEAQ (BX)(R10*2), BX
	DECQ R8
	JMP  grow

gdone:
	// the lanes' sums, in a fixed order
	VEXTRACTF128 $1, Y10, X0
	VADDPS X0, X10, X0
	VPERMILPS $0x4E, X0, X1
	VADDPS X1, X0, X0
	VPERMILPS $0xB1, X0, X1
	VADDPS X1, X0, X0
	VMOVSS X0, ret+128(FP)
	VZEROUPPER
	RET
