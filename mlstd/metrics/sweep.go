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
//
// The examples are sorted once, all together, with their class alongside:
// a 0/1 byte when unweighted, the weight signed by the class (+w positive,
// -w negative; zero weights are dropped) when weighted. The walk is then
// one sequential pass.
type sweep struct {
	keys       []uint64  // sort keys of the scores, ascending; consumed from the end
	pos        []uint8   // unweighted: 1 for a positive, 0 for a negative
	w          []float64 // weighted: +w for a positive, -w for a negative; nil if unweighted
	i          int       // keys[:i] remain
	tp, fp     float64   // weight of positives and negatives consumed
	totP, totN float64   // total weight of positives and negatives
}

// next consumes every example with the largest remaining score and returns
// that score's key, or false when none remain.
func (s *sweep) next() (uint64, bool) {
	i := s.i
	if i == 0 {
		return 0, false
	}
	k := s.keys[i-1]
	if s.w == nil {
		n := 0
		for i > 0 && s.keys[i-1] == k {
			i--
			n += int(s.pos[i])
		}
		s.tp += float64(n)
		s.fp += float64(s.i - i - n)
		s.i = i
		return k, true
	}
	for i > 0 && s.keys[i-1] == k {
		i--
		w := s.w[i]
		// Adding +0 leaves a sum unchanged, so each running sum sees
		// exactly the weights of its class, in order.
		s.tp += max(w, 0)
		s.fp += max(-w, 0)
	}
	s.i = i
	return k, true
}

// distinct counts the distinct scores.
func (s *sweep) distinct() int {
	if len(s.keys) == 0 {
		return 0
	}
	d := 1
	for i := 1; i < len(s.keys); i++ {
		if s.keys[i] != s.keys[i-1] {
			d++
		}
	}
	return d
}

// reset rewinds s to the highest score.
func (s *sweep) reset() {
	s.i = len(s.keys)
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
	s := &sweep{keys: keys}
	var pos, posTmp []uint8
	var ws, wTmp []float64
	if weights == nil {
		pos = make([]uint8, 2*m)
		pos, posTmp = pos[:m:m], pos[m:]
	} else {
		ws = make([]float64, 2*m)
		ws, wTmp = ws[:m:m], ws[m:]
	}
	j := 0
	for i, x := range scores {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil, fmt.Errorf("%w: %s[%d] is %v", ErrNotFinite, what, i, x)
		}
		c, label := class(i)
		if c < 0 {
			return nil, fmt.Errorf("%w: label %d at index %d (want 0 or 1)", ErrLabel, label, i)
		}
		if weights == nil {
			keys[j] = sortKey(x)
			pos[j] = uint8(c)
			j++
			continue
		}
		w := weights[i]
		if w == 0 {
			continue
		}
		if c == 0 {
			w = -w
		}
		keys[j] = sortKey(x)
		ws[j] = w
		j++
	}
	if weights == nil {
		radixSort(keys, tmp, pos, posTmp)
		s.pos = pos
		for _, c := range pos {
			s.totP += float64(c)
		}
		s.totN = float64(m) - s.totP
	} else {
		radixSort(keys, tmp, ws, wTmp)
		s.w = ws
		// Sum in sweep order (descending) so that the totals are the last
		// values of the running sums, bit for bit, as in scikit-learn.
		for i := m - 1; i >= 0; i-- {
			s.totP += max(ws[i], 0)
			s.totN += max(-ws[i], 0)
		}
	}
	if math.IsInf(s.totP+s.totN, 0) {
		return nil, errOverflow
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
