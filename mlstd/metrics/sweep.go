package metrics

import (
	"fmt"
	"math"
)

// A sweep walks the distinct scores of a binary problem from the highest
// down, accumulating the (weighted) positives and negatives that score at
// least as high. It reproduces scikit-learn's _binary_clf_curve: ties form
// one threshold, and weights are added in the same order (descending score,
// ties in reverse input order), so even weighted sums agree to the bit.
type sweep struct {
	pos, neg   []uint64  // keys, ascending; consumed from the end
	posW, negW []float64 // weights aligned with pos and neg; nil if unweighted
	i, j       int       // pos[:i] and neg[:j] remain
	tp, fp     float64   // weight of positives and negatives consumed
	totP, totN float64   // total weight of positives and negatives
}

// next consumes every example with the largest remaining score and returns
// that score's key, or false when none remain.
func (s *sweep) next() (uint64, bool) {
	var k uint64
	switch {
	case s.i > 0 && s.j > 0:
		k = max(s.pos[s.i-1], s.neg[s.j-1])
	case s.i > 0:
		k = s.pos[s.i-1]
	case s.j > 0:
		k = s.neg[s.j-1]
	default:
		return 0, false
	}
	if s.posW == nil {
		i := s.i
		for i > 0 && s.pos[i-1] == k {
			i--
		}
		s.tp += float64(s.i - i)
		s.i = i
		j := s.j
		for j > 0 && s.neg[j-1] == k {
			j--
		}
		s.fp += float64(s.j - j)
		s.j = j
		return k, true
	}
	for s.i > 0 && s.pos[s.i-1] == k {
		s.i--
		s.tp += s.posW[s.i]
	}
	for s.j > 0 && s.neg[s.j-1] == k {
		s.j--
		s.fp += s.negW[s.j]
	}
	return k, true
}

// distinct counts the distinct scores left in s without consuming them.
func (s *sweep) distinct() int {
	c := *s
	c.posW, c.negW = nil, nil
	d := 0
	for {
		if _, ok := c.next(); !ok {
			return d
		}
		d++
	}
}

// reset rewinds s to the highest score.
func (s *sweep) reset() {
	s.i, s.j = len(s.pos), len(s.neg)
	s.tp, s.fp = 0, 0
}

// newSweep validates the examples and sorts them. class(i) reports whether
// example i is positive (1), negative (0) or has an invalid label (-1, with
// the label for the message). Examples of weight zero are dropped, as
// scikit-learn does.
func newSweep(n int, class func(i int) (int, int), scores, weights []float64, what string) (*sweep, error) {
	if len(scores) != n {
		panic("metrics: length mismatch between labels and " + what)
	}
	if weights != nil && len(weights) != n {
		panic("metrics: length mismatch between labels and weights")
	}
	m := n
	if weights != nil {
		m = 0
		for i, w := range weights {
			if err := checkWeight(i, w); err != nil {
				return nil, err
			}
			if w != 0 {
				m++
			}
		}
	}
	if m == 0 {
		return nil, ErrEmpty
	}
	keys := make([]uint64, 2*m)
	keys, tmp := keys[:m:m], keys[m:]
	var ws, wtmp []float64
	if weights != nil {
		ws = make([]float64, 2*m)
		ws, wtmp = ws[:m:m], ws[m:]
	}
	// Positives fill keys from the front, negatives from the back (and are
	// reversed afterwards to restore input order).
	p, q := 0, m
	for i, x := range scores {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil, fmt.Errorf("%w: %s[%d] is %v", ErrNotFinite, what, i, x)
		}
		c, label := class(i)
		if c < 0 {
			return nil, fmt.Errorf("%w: label %d at index %d (want 0 or 1)", ErrLabel, label, i)
		}
		var w float64
		if weights != nil {
			w = weights[i]
			if w == 0 {
				continue
			}
		}
		switch c {
		case 1:
			keys[p] = sortKey(x)
			if ws != nil {
				ws[p] = w
			}
			p++
		default:
			q--
			keys[q] = sortKey(x)
			if ws != nil {
				ws[q] = w
			}
		}
	}
	reverse(keys[p:], nil)
	if ws != nil {
		reverse(nil, ws[p:])
	}
	s := &sweep{}
	s.pos, s.neg = keys[:p], keys[p:]
	if ws == nil {
		radixSort(s.pos, tmp[:p], nil, nil)
		radixSort(s.neg, tmp[p:], nil, nil)
		s.totP, s.totN = float64(p), float64(m-p)
	} else {
		s.posW, s.negW = ws[:p], ws[p:]
		radixSort(s.pos, tmp[:p], s.posW, wtmp[:p])
		radixSort(s.neg, tmp[p:], s.negW, wtmp[p:])
		// Sum in sweep order (descending) so that the totals are the last
		// values of the running sums, bit for bit, as in scikit-learn.
		for i := len(s.posW) - 1; i >= 0; i-- {
			s.totP += s.posW[i]
		}
		for i := len(s.negW) - 1; i >= 0; i-- {
			s.totN += s.negW[i]
		}
	}
	s.reset()
	return s, nil
}

// binarySweep is newSweep for labels 0 and 1 and scores.
func binarySweep(yTrue []int, scores, weights []float64) (*sweep, error) {
	return newSweep(len(yTrue), func(i int) (int, int) {
		switch y := yTrue[i]; y {
		case 0, 1:
			return y, y
		default:
			return -1, y
		}
	}, scores, weights, "scores")
}

func reverse(k []uint64, w []float64) {
	for i, j := 0, len(k)-1; i < j; i, j = i+1, j-1 {
		k[i], k[j] = k[j], k[i]
	}
	for i, j := 0, len(w)-1; i < j; i, j = i+1, j-1 {
		w[i], w[j] = w[j], w[i]
	}
}

// checkWeight rejects a weight that is negative, NaN or infinite.
func checkWeight(i int, w float64) error {
	switch {
	case math.IsNaN(w) || math.IsInf(w, 0):
		return fmt.Errorf("%w: weights[%d] is %v", ErrNotFinite, i, w)
	case w < 0:
		return fmt.Errorf("%w: weights[%d] is %v", ErrWeight, i, w)
	}
	return nil
}
