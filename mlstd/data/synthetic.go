package data

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
)

// NewRand returns the generator this package uses for a seed: PCG seeded
// with (seed, a fixed odd constant). Equal seeds give equal streams on
// every platform.
func NewRand(seed uint64) *rand.Rand {
	return rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
}

func synthetic(name string, n, d int, classes ...string) *Dataset {
	if n <= 0 {
		panic(fmt.Sprintf("data: %s: n = %d, want at least 1", name, n))
	}
	ds := &Dataset{Name: name, X: mat.NewDense(n, d, nil), Y: make([]int, n), Classes: classes}
	for j := 0; j < d; j++ {
		ds.Features = append(ds.Features, fmt.Sprintf("x%d", j))
	}
	return ds
}

// Moons returns n points of two interleaving half circles in the plane,
// half of each class (the first gets the odd one), with Gaussian noise of
// standard deviation noise added to both coordinates. Rows alternate
// between the classes in a seeded random order.
func Moons(n int, noise float64, seed uint64) *Dataset {
	d := synthetic("moons", n, 2, "upper", "lower")
	r := NewRand(seed)
	n0 := (n + 1) / 2
	for i := 0; i < n; i++ {
		var x, y float64
		if i < n0 {
			t := math.Pi * float64(i) / math.Max(1, float64(n0-1))
			x, y = math.Cos(t), math.Sin(t)
		} else {
			t := math.Pi * float64(i-n0) / math.Max(1, float64(n-n0-1))
			x, y = 1-math.Cos(t), 0.5-math.Sin(t)
			d.Y[i] = 1
		}
		d.X.Set(i, 0, x+noise*r.NormFloat64())
		d.X.Set(i, 1, y+noise*r.NormFloat64())
	}
	return shuffled(d, r)
}

// Circles returns n points on two concentric circles, the outer of radius
// 1 (class 0) and the inner of radius factor (class 1; 0 means 0.5), with
// Gaussian noise.
func Circles(n int, noise, factor float64, seed uint64) *Dataset {
	if factor == 0 {
		factor = 0.5
	}
	if factor <= 0 || factor >= 1 {
		panic(fmt.Sprintf("data: Circles: factor %v outside (0, 1)", factor))
	}
	d := synthetic("circles", n, 2, "outer", "inner")
	r := NewRand(seed)
	n0 := (n + 1) / 2
	for i := 0; i < n; i++ {
		rad, k, m := 1.0, i, n0
		if i >= n0 {
			rad, k, m = factor, i-n0, n-n0
			d.Y[i] = 1
		}
		t := 2 * math.Pi * float64(k) / float64(m)
		d.X.Set(i, 0, rad*math.Cos(t)+noise*r.NormFloat64())
		d.X.Set(i, 1, rad*math.Sin(t)+noise*r.NormFloat64())
	}
	return shuffled(d, r)
}

// Blobs returns n points in features dimensions drawn from centers
// isotropic Gaussian clusters of standard deviation std (0 means 1), one
// class per cluster, with centers uniform in [-10, 10] per coordinate.
// Zero centers or features mean 3 and 2.
func Blobs(n, centers, features int, std float64, seed uint64) *Dataset {
	if centers == 0 {
		centers = 3
	}
	if features == 0 {
		features = 2
	}
	if std == 0 {
		std = 1
	}
	var names []string
	for c := 0; c < centers; c++ {
		names = append(names, fmt.Sprintf("blob %d", c))
	}
	d := synthetic("blobs", n, features, names...)
	r := NewRand(seed)
	mu := make([]float64, centers*features)
	for i := range mu {
		mu[i] = -10 + 20*r.Float64()
	}
	for i := 0; i < n; i++ {
		c := i * centers / n
		d.Y[i] = c
		for j := 0; j < features; j++ {
			d.X.Set(i, j, mu[c*features+j]+std*r.NormFloat64())
		}
	}
	return shuffled(d, r)
}

// Spirals returns n points on classes interleaved spiral arms (0 means 2),
// each turning 1.5 times around the origin, with Gaussian noise.
func Spirals(n, classes int, noise float64, seed uint64) *Dataset {
	if classes == 0 {
		classes = 2
	}
	var names []string
	for c := 0; c < classes; c++ {
		names = append(names, fmt.Sprintf("arm %d", c))
	}
	d := synthetic("spirals", n, 2, names...)
	r := NewRand(seed)
	for i := 0; i < n; i++ {
		c := i * classes / n
		first := (c*n + classes - 1) / classes
		last := ((c+1)*n + classes - 1) / classes
		t := float64(i-first) / math.Max(1, float64(last-first-1)) // 0..1 along the arm
		rad := 0.1 + t
		ang := 3*math.Pi*t + 2*math.Pi*float64(c)/float64(classes)
		d.Y[i] = c
		d.X.Set(i, 0, rad*math.Cos(ang)+noise*r.NormFloat64())
		d.X.Set(i, 1, rad*math.Sin(ang)+noise*r.NormFloat64())
	}
	return shuffled(d, r)
}

// XOR returns n points uniform in [-1, 1]², labelled 1 where exactly one
// coordinate is positive, with Gaussian noise added after labelling.
func XOR(n int, noise float64, seed uint64) *Dataset {
	d := synthetic("xor", n, 2, "same sign", "opposite sign")
	r := NewRand(seed)
	for i := 0; i < n; i++ {
		x, y := 2*r.Float64()-1, 2*r.Float64()-1
		if (x > 0) != (y > 0) {
			d.Y[i] = 1
		}
		d.X.Set(i, 0, x+noise*r.NormFloat64())
		d.X.Set(i, 1, y+noise*r.NormFloat64())
	}
	return d
}

// Imbalanced returns a binary problem for precision-recall lessons: n
// points in features dimensions (0 means 2), a fraction positive (0 means
// 0.05) of them of class "positive" (1). Negatives are standard normal
// around the origin; positives have unit variance around a centre on the
// diagonal at distance sep (0 means 2) from it. Exactly round(positive*n)
// rows are positive, at least one.
func Imbalanced(n, features int, positive, sep float64, seed uint64) *Dataset {
	if features == 0 {
		features = 2
	}
	if positive == 0 {
		positive = 0.05
	}
	if sep == 0 {
		sep = 2
	}
	if positive <= 0 || positive >= 1 {
		panic(fmt.Sprintf("data: Imbalanced: positive fraction %v outside (0, 1)", positive))
	}
	d := synthetic("imbalanced", n, features, "negative", "positive")
	r := NewRand(seed)
	np := int(math.Round(positive * float64(n)))
	if np < 1 {
		np = 1
	}
	shift := sep / math.Sqrt(float64(features))
	for i := 0; i < n; i++ {
		pos := i < np
		for j := 0; j < features; j++ {
			v := r.NormFloat64()
			if pos {
				v += shift
			}
			d.X.Set(i, j, v)
		}
		if pos {
			d.Y[i] = 1
		}
	}
	return shuffled(d, r)
}

// shuffled permutes the rows of d in place with r and returns d.
func shuffled(d *Dataset, r *rand.Rand) *Dataset {
	n := d.Len()
	_, c := d.X.Dims()
	tmp := make([]float64, c)
	for i := n - 1; i > 0; i-- {
		j := r.IntN(i + 1)
		if i == j {
			continue
		}
		ri, rj := d.X.RawRowView(i), d.X.RawRowView(j)
		copy(tmp, ri)
		copy(ri, rj)
		copy(rj, tmp)
		d.Y[i], d.Y[j] = d.Y[j], d.Y[i]
	}
	return d
}
