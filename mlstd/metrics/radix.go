package metrics

import (
	"math"
	"math/bits"
)

// Scores are sorted as uint64 keys whose unsigned order is the order of the
// float64 values: flip every bit of a negative number, only the sign bit of
// a positive one. Negative zero is folded into zero first so that the two
// compare equal, as they do for floats.

// sortKey returns the key of a finite x.
func sortKey(x float64) uint64 {
	if x == 0 {
		x = 0
	}
	b := math.Float64bits(x)
	if b>>63 != 0 {
		return ^b
	}
	return b | 1<<63
}

// keyValue is the inverse of sortKey.
func keyValue(k uint64) float64 {
	if k>>63 != 0 {
		return math.Float64frombits(k &^ (1 << 63))
	}
	return math.Float64frombits(^k)
}

// radixSort sorts k into ascending order, stably, moving the payload p
// (when not nil) with it. kTmp and pTmp are scratch space of the same
// lengths.
//
// It is a most-significant-digit radix sort on the bits in which the keys
// differ (scores that share their sign and leading exponent bits, such as
// probabilities, skip those): one counting pass and one stable scatter
// into about n/4 buckets (at most 4096), then each bucket, small and in cache, sorted by
// insertion or, when large, by the same method on the following bits.
// Stability matters for weighted sums, which must add up in the same order
// as scikit-learn's.
func radixSort[P uint8 | float64](k, kTmp []uint64, p, pTmp []P) {
	n := len(k)
	if n <= insertionMax {
		insertionSort(k, p)
		return
	}
	diff := uint64(0)
	for _, x := range k {
		diff |= x ^ k[0]
	}
	if diff == 0 {
		return // all equal
	}
	top := 64 - bits.LeadingZeros64(diff) // bits [0, top) differ
	digit := min(max(bits.Len(uint(n))-2, 4), maxDigitBits, top)
	shift := uint(top - digit)
	mask := uint64(1)<<digit - 1
	// Bucket offsets live on the stack (64 KiB at most): a sort of 10^6
	// keys makes thousands of these calls.
	var start, next []int
	if digit <= 8 {
		var s [1<<8 + 1]int
		var t [1 << 8]int
		start, next = s[:1<<digit+1], t[:1<<digit]
	} else {
		var s [1<<maxDigitBits + 1]int
		var t [1 << maxDigitBits]int
		start, next = s[:1<<digit+1], t[:1<<digit]
	}
	for _, x := range k {
		start[(x>>shift)&mask+1]++
	}
	for d := 1; d < len(start); d++ {
		start[d] += start[d-1]
	}
	copy(next, start)
	if p == nil {
		for _, x := range k {
			d := (x >> shift) & mask
			kTmp[next[d]] = x
			next[d]++
		}
	} else {
		p = p[:len(k)]
		for i, x := range k {
			d := (x >> shift) & mask
			j := next[d]
			kTmp[j] = x
			pTmp[j] = p[i]
			next[d] = j + 1
		}
	}
	for d := range 1 << digit {
		lo, hi := start[d], start[d+1]
		switch {
		case hi-lo == 0:
			continue
		case p == nil:
			radixSort[P](kTmp[lo:hi], k[lo:hi], nil, nil)
		default:
			radixSort(kTmp[lo:hi], k[lo:hi], pTmp[lo:hi], p[lo:hi])
		}
	}
	copy(k, kTmp)
	if p != nil {
		copy(p, pTmp)
	}
}

const (
	insertionMax = 48 // buckets this small are sorted by insertion
	maxDigitBits = 12 // at most 4096 buckets: counts and write streams stay in cache
)

// insertionSort sorts short slices stably.
func insertionSort[P uint8 | float64](k []uint64, p []P) {
	for i := 1; i < len(k); i++ {
		x := k[i]
		j := i
		if p == nil {
			for ; j > 0 && k[j-1] > x; j-- {
				k[j] = k[j-1]
			}
			k[j] = x
			continue
		}
		px := p[i]
		for ; j > 0 && k[j-1] > x; j-- {
			k[j] = k[j-1]
			p[j] = p[j-1]
		}
		k[j], p[j] = x, px
	}
}
