package metrics

import "math"

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

const (
	radixBits    = 11
	radixBuckets = 1 << radixBits
	radixPasses  = (64 + radixBits - 1) / radixBits
)

// radixSort sorts k into ascending order, stably, moving w (when not nil)
// with it. kTmp and wTmp are scratch of the same lengths. The sorted data
// ends either in the input slices or in the scratch ones; the returned
// slices are whichever holds it.
func radixSort(k, kTmp []uint64, w, wTmp []float64) ([]uint64, []float64) {
	n := len(k)
	if n < 64 {
		insertionSort(k, w)
		return k, w
	}
	var hist [radixPasses][radixBuckets]int
	for _, x := range k {
		for p := range radixPasses {
			hist[p][(x>>(p*radixBits))&(radixBuckets-1)]++
		}
	}
	for p := range radixPasses {
		h := &hist[p]
		shift := uint(p * radixBits)
		if h[(k[0]>>shift)&(radixBuckets-1)] == n {
			continue // every key has the same digit: the pass would not move anything
		}
		sum := 0
		for b, c := range h {
			h[b] = sum
			sum += c
		}
		if w == nil {
			for _, x := range k {
				d := (x >> shift) & (radixBuckets - 1)
				kTmp[h[d]] = x
				h[d]++
			}
		} else {
			for i, x := range k {
				d := (x >> shift) & (radixBuckets - 1)
				kTmp[h[d]] = x
				wTmp[h[d]] = w[i]
				h[d]++
			}
			w, wTmp = wTmp, w
		}
		k, kTmp = kTmp, k
	}
	return k, w
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
