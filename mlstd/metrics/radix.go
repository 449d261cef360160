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

// radixSort sorts k into ascending order, stably, moving w (when not nil)
// with it. kTmp and wTmp are scratch space of the same lengths.
//
// It is a most-significant-digit radix sort down to buckets that fit in
// the processor's cache, which a least-significant-digit radix sort then
// finishes. Only the bits in which the keys differ are sorted on, so
// scores that share their sign and leading exponent bits (probabilities,
// say) cost fewer passes. Stability matters for weighted sums, which must
// add up in the same order as scikit-learn's.
func radixSort(k, kTmp []uint64, w, wTmp []float64) {
	n := len(k)
	if n < 64 {
		insertionSort(k, w)
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
	if n <= lsdMax || top <= 16 {
		lsdSort(k, kTmp, w, wTmp, top)
		return
	}
	// One MSD pass on the highest msdBits differing bits into kTmp, then
	// each bucket sorted (in kTmp, with k as scratch) and copied back.
	shift := uint(max(top-msdBits, 0))
	var count [1 << msdBits]int
	for _, x := range k {
		count[(x>>shift)&(1<<msdBits-1)]++
	}
	var start [1<<msdBits + 1]int
	for d, c := range count {
		start[d+1] = start[d] + c
	}
	next := start
	if w == nil {
		for _, x := range k {
			d := (x >> shift) & (1<<msdBits - 1)
			kTmp[next[d]] = x
			next[d]++
		}
	} else {
		for i, x := range k {
			d := (x >> shift) & (1<<msdBits - 1)
			kTmp[next[d]] = x
			wTmp[next[d]] = w[i]
			next[d]++
		}
	}
	for d := range count {
		lo, hi := start[d], start[d+1]
		if hi-lo == 0 {
			continue
		}
		if w == nil {
			radixSort(kTmp[lo:hi], k[lo:hi], nil, nil)
		} else {
			radixSort(kTmp[lo:hi], k[lo:hi], wTmp[lo:hi], w[lo:hi])
			copy(w[lo:hi], wTmp[lo:hi])
		}
		copy(k[lo:hi], kTmp[lo:hi])
	}
}

const (
	msdBits = 11
	lsdBits = 8
	lsdMax  = 1 << 13 // keys sorted by LSD passes alone: 64 KiB, in cache
)

// lsdSort sorts k stably on bits [0, top) by passes of lsdBits, leaving the
// result in k.
func lsdSort(k, kTmp []uint64, w, wTmp []float64, top int) {
	passes := (top + lsdBits - 1) / lsdBits
	var hist [64 / lsdBits][1 << lsdBits]int
	for _, x := range k {
		for p := range passes {
			hist[p][(x>>(p*lsdBits))&(1<<lsdBits-1)]++
		}
	}
	src, dst := k, kTmp
	wsrc, wdst := w, wTmp
	for p := range passes {
		h := &hist[p]
		shift := uint(p * lsdBits)
		if h[(src[0]>>shift)&(1<<lsdBits-1)] == len(k) {
			continue // the same digit everywhere: nothing would move
		}
		sum := 0
		for d, c := range h {
			h[d] = sum
			sum += c
		}
		if w == nil {
			for _, x := range src {
				d := (x >> shift) & (1<<lsdBits - 1)
				dst[h[d]] = x
				h[d]++
			}
		} else {
			for i, x := range src {
				d := (x >> shift) & (1<<lsdBits - 1)
				dst[h[d]] = x
				wdst[h[d]] = wsrc[i]
				h[d]++
			}
			wsrc, wdst = wdst, wsrc
		}
		src, dst = dst, src
	}
	if &src[0] != &k[0] {
		copy(k, src)
		if w != nil {
			copy(w, wsrc)
		}
	}
}

// insertionSort sorts short slices stably.
func insertionSort(k []uint64, w []float64) {
	for i := 1; i < len(k); i++ {
		x := k[i]
		j := i
		if w == nil {
			for ; j > 0 && k[j-1] > x; j-- {
				k[j] = k[j-1]
			}
			k[j] = x
			continue
		}
		wx := w[i]
		for ; j > 0 && k[j-1] > x; j-- {
			k[j] = k[j-1]
			w[j] = w[j-1]
		}
		k[j], w[j] = x, wx
	}
}
