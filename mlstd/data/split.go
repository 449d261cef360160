package data

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
)

// SplitOptions sets how TrainValTest and TrainTest split a data set. The
// zero value holds out 20% for test and 20% for validation, stratified by
// class, with seed 0.
type SplitOptions struct {
	// Test and Val are the fractions of all rows held out for testing and
	// validation; 0 means 0.2. TrainTest ignores Val.
	Test, Val float64
	// Seed seeds the shuffle; equal seeds give equal splits.
	Seed uint64
	// NoStratify splits without keeping the class proportions.
	NoStratify bool
}

// Split holds the three parts of a data set. Val is nil after TrainTest.
type Split struct {
	Train, Val, Test *Dataset
}

func (o SplitOptions) fractions() (test, val float64) {
	test, val = o.Test, o.Val
	if test == 0 {
		test = 0.2
	}
	if val == 0 {
		val = 0.2
	}
	return test, val
}

// TrainValTest splits d into training, validation and test parts, keeping
// the proportions of the classes in each part (unless o.NoStratify) and
// shuffling each part with o.Seed. It returns an error when d is invalid,
// the fractions are outside (0, 1) or add up to 1 or more, or a part would
// be empty.
func TrainValTest(d *Dataset, o SplitOptions) (*Split, error) {
	test, val := o.fractions()
	return split(d, test, val, true, o)
}

// TrainTest splits d into training and test parts as TrainValTest does,
// holding out o.Test (0 means 0.2) for testing.
func TrainTest(d *Dataset, o SplitOptions) (*Split, error) {
	test, _ := o.fractions()
	return split(d, test, 0, false, o)
}

func split(d *Dataset, test, val float64, withVal bool, o SplitOptions) (*Split, error) {
	if err := d.Validate(); err != nil {
		return nil, err
	}
	if test <= 0 || test >= 1 || val < 0 || val >= 1 || test+val >= 1 {
		return nil, fmt.Errorf("data: split %s: fractions test=%v val=%v must be in (0, 1) and add up to less than 1", d.Name, test, val)
	}
	r := NewRand(o.Seed)
	n := d.Len()
	groups := [][]int{seq(n)}
	if !o.NoStratify {
		groups = byClass(d.Y, d.NumClasses())
	}
	for _, g := range groups {
		shuffle(g, r)
	}
	nTest := int(math.Round(test * float64(n)))
	nVal := int(math.Round(val * float64(n)))
	testCounts := allocate(groups, nTest, nil)
	var valCounts []int
	if withVal {
		valCounts = allocate(groups, nVal, testCounts)
	}
	var tr, va, te []int
	for gi, g := range groups {
		k := testCounts[gi]
		te = append(te, g[:k]...)
		if withVal {
			va = append(va, g[k:k+valCounts[gi]]...)
			k += valCounts[gi]
		}
		tr = append(tr, g[k:]...)
	}
	parts := []struct {
		name string
		idx  []int
		use  bool
	}{{"train", tr, true}, {"validation", va, withVal}, {"test", te, true}}
	for _, p := range parts {
		if p.use && len(p.idx) == 0 {
			return nil, fmt.Errorf("data: split %s: the %s part would be empty (%d rows, test=%v val=%v)", d.Name, p.name, n, test, val)
		}
	}
	shuffle(tr, r)
	shuffle(va, r)
	shuffle(te, r)
	s := &Split{Train: d.Subset(tr).Named(d.Name + "/train"), Test: d.Subset(te).Named(d.Name + "/test")}
	if withVal {
		s.Val = d.Subset(va).Named(d.Name + "/val")
	}
	return s, nil
}

// allocate divides total rows among groups in proportion to their sizes
// (less what taken already took from each), by largest remainder with ties
// to the lower group index, so that the counts add up to total exactly.
func allocate(groups [][]int, total int, taken []int) []int {
	avail := make([]int, len(groups))
	sum := 0
	for i, g := range groups {
		avail[i] = len(g)
		if taken != nil {
			avail[i] -= taken[i]
		}
		sum += avail[i]
	}
	counts := make([]int, len(groups))
	if sum == 0 {
		return counts
	}
	total = min(total, sum)
	type rem struct {
		i int
		f float64
	}
	var rems []rem
	got := 0
	for i, a := range avail {
		exact := float64(total) * float64(a) / float64(sum)
		counts[i] = int(math.Floor(exact))
		got += counts[i]
		rems = append(rems, rem{i, exact - float64(counts[i])})
	}
	slices.SortStableFunc(rems, func(a, b rem) int {
		switch {
		case a.f > b.f:
			return -1
		case a.f < b.f:
			return 1
		}
		return 0
	})
	for k := 0; got < total; k = (k + 1) % len(rems) {
		if counts[rems[k].i] < avail[rems[k].i] {
			counts[rems[k].i]++
			got++
		}
	}
	return counts
}

func seq(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = i
	}
	return s
}

func byClass(y []int, k int) [][]int {
	groups := make([][]int, k)
	for i, c := range y {
		groups[c] = append(groups[c], i)
	}
	return groups
}

func shuffle(s []int, r *rand.Rand) {
	r.Shuffle(len(s), func(i, j int) { s[i], s[j] = s[j], s[i] })
}

// Fold is one fold of a cross-validation: the row indices to train on and
// those to validate on.
type Fold struct {
	Train, Val []int
}

// KFold splits the rows 0..n-1, shuffled with seed, into k folds of sizes
// differing by at most one; fold i validates on the i-th part and trains on
// the rest. It returns an error if k < 2 or k > n.
func KFold(n, k int, seed uint64) ([]Fold, error) {
	if k < 2 || k > n {
		return nil, fmt.Errorf("data: KFold: k = %d, want 2 <= k <= n = %d", k, n)
	}
	idx := seq(n)
	shuffle(idx, NewRand(seed))
	parts := make([][]int, k)
	for i, v := range idx {
		parts[i%k] = append(parts[i%k], v)
	}
	return folds(parts), nil
}

// StratifiedKFold splits rows into k folds that keep the class proportions
// of labels y: each class's rows, shuffled with seed, are dealt to the
// folds in turn, continuing where the previous class stopped so that fold
// sizes differ by at most one. It returns an error if k < 2, a label is
// negative, or some class has fewer than k rows (that fold would miss it).
func StratifiedKFold(y []int, k int, seed uint64) ([]Fold, error) {
	if k < 2 || k > len(y) {
		return nil, fmt.Errorf("data: StratifiedKFold: k = %d, want 2 <= k <= n = %d", k, len(y))
	}
	nc := 0
	for i, c := range y {
		if c < 0 {
			return nil, fmt.Errorf("data: StratifiedKFold: label %d of row %d is negative", c, i)
		}
		nc = max(nc, c+1)
	}
	groups := byClass(y, nc)
	r := NewRand(seed)
	parts := make([][]int, k)
	next := 0
	for c, g := range groups {
		if len(g) > 0 && len(g) < k {
			return nil, fmt.Errorf("data: StratifiedKFold: class %d has %d rows, fewer than k = %d folds", c, len(g), k)
		}
		shuffle(g, r)
		for _, v := range g {
			parts[next] = append(parts[next], v)
			next = (next + 1) % k
		}
	}
	for _, p := range parts {
		slices.Sort(p)
	}
	return folds(parts), nil
}

func folds(parts [][]int) []Fold {
	out := make([]Fold, len(parts))
	for i := range parts {
		out[i].Val = append([]int(nil), parts[i]...)
		for j, p := range parts {
			if j != i {
				out[i].Train = append(out[i].Train, p...)
			}
		}
		slices.Sort(out[i].Train)
	}
	return out
}

// Folds returns k stratified folds of d's rows as data sets, each pair
// named d.Name+"/fold i/train" and ".../val".
func (d *Dataset) Folds(k int, seed uint64) (train, val []*Dataset, err error) {
	if err := d.Validate(); err != nil {
		return nil, nil, err
	}
	fs, err := StratifiedKFold(d.Y, k, seed)
	if err != nil {
		return nil, nil, err
	}
	for i, f := range fs {
		train = append(train, d.Subset(f.Train).Named(fmt.Sprintf("%s/fold %d/train", d.Name, i)))
		val = append(val, d.Subset(f.Val).Named(fmt.Sprintf("%s/fold %d/val", d.Name, i)))
	}
	return train, val, nil
}

// Subsample returns n rows of d drawn without replacement, stratified by
// class (proportions kept, by largest remainder) and in a seeded random
// order, for learning curves. Subsamples of growing n with one seed are
// nested: each holds the rows of the smaller ones when the proportions
// allow. It returns an error if n is not in [1, d.Len()].
func Subsample(d *Dataset, n int, seed uint64) (*Dataset, error) {
	if err := d.Validate(); err != nil {
		return nil, err
	}
	if n < 1 || n > d.Len() {
		return nil, fmt.Errorf("data: Subsample %s: n = %d, want 1 <= n <= %d", d.Name, n, d.Len())
	}
	r := NewRand(seed)
	groups := byClass(d.Y, d.NumClasses())
	for _, g := range groups {
		shuffle(g, r)
	}
	counts := allocate(groups, n, nil)
	var idx []int
	for gi, g := range groups {
		idx = append(idx, g[:counts[gi]]...)
	}
	slices.Sort(idx)
	shuffle(idx, NewRand(seed+1))
	return d.Subset(idx).Named(fmt.Sprintf("%s[%d]", d.Name, n)), nil
}
