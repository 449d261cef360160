package metrics

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestSortKeyOrder(t *testing.T) {
	xs := []float64{math.Inf(-1), -math.MaxFloat64, -1, -math.SmallestNonzeroFloat64, 0, math.SmallestNonzeroFloat64, 0.5, 1, math.MaxFloat64, math.Inf(1)}
	for i := 1; i < len(xs); i++ {
		if sortKey(xs[i-1]) >= sortKey(xs[i]) {
			t.Errorf("key(%v) >= key(%v)", xs[i-1], xs[i])
		}
	}
	for _, x := range xs {
		if keyValue(sortKey(x)) != x {
			t.Errorf("keyValue(sortKey(%v)) = %v", x, keyValue(sortKey(x)))
		}
	}
	if sortKey(math.Copysign(0, -1)) != sortKey(0) {
		t.Error("-0 and +0 have different keys")
	}
}

// TestRadixSortStable checks the radix sort against the standard library's
// stable sort on sizes that take each of its paths (insertion, LSD only,
// MSD then LSD, recursive MSD) and on key distributions with few or many
// ties and wide or narrow ranges.
func TestRadixSortStable(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	dists := map[string]func() float64{
		"uniform":    r.Float64,
		"ties":       func() float64 { return float64(r.IntN(50)) / 10 },
		"one value":  func() float64 { return 0.25 },
		"normal":     r.NormFloat64,
		"wide range": func() float64 { return math.Ldexp(r.Float64()-0.5, r.IntN(2000)-1000) },
		"two values": func() float64 { return float64(r.IntN(2)) },
	}
	for _, n := range []int{0, 1, 5, insertionMax, insertionMax + 1, 1000, 1 << 16, 100_000, 300_000} {
		for name, f := range dists {
			if n > 100_000 && name != "uniform" && name != "ties" {
				continue
			}
			type pair struct {
				k uint64
				w float64
			}
			ps := make([]pair, n)
			k := make([]uint64, n)
			w := make([]float64, n)
			for i := range ps {
				ps[i] = pair{sortKey(f()), float64(i)} // weight = original position
				k[i], w[i] = ps[i].k, ps[i].w
			}
			slices.SortStableFunc(ps, func(a, b pair) int { return cmp.Compare(a.k, b.k) })
			radixSort(k, make([]uint64, n), w, make([]float64, n))
			for i := range ps {
				if k[i] != ps[i].k || w[i] != ps[i].w {
					t.Fatalf("%s n=%d: at %d got (%x, %v), want (%x, %v)", name, n, i, k[i], w[i], ps[i].k, ps[i].w)
				}
			}
			// Without a payload the keys come out the same.
			k2 := make([]uint64, n)
			for i := range k2 {
				k2[i] = sortKey(f())
			}
			want := slices.Clone(k2)
			slices.Sort(want)
			radixSort[float64](k2, make([]uint64, n), nil, nil)
			if !slices.Equal(k2, want) {
				t.Fatalf("%s n=%d: keys without payload not sorted", name, n)
			}
		}
	}
}

// bruteCurve computes, by definition, the cumulative weights of positives
// and negatives scoring at least each distinct score (descending).
func bruteCurve(y []int, s, w []float64) (thr, tp, fp []float64) {
	idx := make([]int, 0, len(y))
	for i := range y {
		if w == nil || w[i] != 0 {
			idx = append(idx, i)
		}
	}
	slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(s[b], s[a]) })
	var p, n float64
	for j, i := range idx {
		wi := 1.0
		if w != nil {
			wi = w[i]
		}
		if y[i] == 1 {
			p += wi
		} else {
			n += wi
		}
		if j+1 == len(idx) || s[idx[j+1]] != s[i] {
			thr, tp, fp = append(thr, s[i]), append(tp, p), append(fp, n)
		}
	}
	return thr, tp, fp
}

// TestPRLarge checks curves on inputs large enough for every path of the
// sort against a direct computation.
func TestPRLarge(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{20_000, 200_000} {
		for _, weighted := range []bool{false, true} {
			y := make([]int, n)
			s := make([]float64, n)
			var w []float64
			if weighted {
				w = make([]float64, n)
			}
			for i := range n {
				if r.Float64() < 0.2 {
					y[i] = 1
				}
				s[i] = r.Float64() + 0.3*float64(y[i])
				if i%3 == 0 {
					s[i] = math.Round(s[i]*100) / 100 // ties
				}
				if w != nil {
					w[i] = float64(r.IntN(4)) // some zeros
				}
			}
			pr, err := PR(y, s, w)
			if err != nil {
				t.Fatal(err)
			}
			thr, tp, fp := bruteCurve(y, s, w)
			d := len(thr)
			if len(pr.Thresholds) != d {
				t.Fatalf("n=%d weighted=%v: %d thresholds, want %d", n, weighted, len(pr.Thresholds), d)
			}
			P := tp[d-1]
			ap := 0.0
			for k := range d {
				i := d - 1 - k
				prec := tp[k] / (tp[k] + fp[k])
				if pr.Thresholds[i] != thr[k] || !near(pr.Precision[i], prec) || !near(pr.Recall[i], tp[k]/P) {
					t.Fatalf("n=%d weighted=%v: point %d = (%v, %v, %v), want (%v, %v, %v)", n, weighted, i,
						pr.Thresholds[i], pr.Precision[i], pr.Recall[i], thr[k], prec, tp[k]/P)
				}
				prevR := 0.0
				if k > 0 {
					prevR = tp[k-1] / P
				}
				ap += (tp[k]/P - prevR) * prec
			}
			if math.Abs(pr.AP-ap) > 1e-9 {
				t.Errorf("n=%d weighted=%v: AP %v, want %v", n, weighted, pr.AP, ap)
			}
		}
	}
}
