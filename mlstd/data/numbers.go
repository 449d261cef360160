package data

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/mat"
)

// NumbersOptions configures NewNumbers. The zero value is a good default:
// numbers of one to three digits, each digit 14 pixels square.
type NumbersOptions struct {
	// MaxDigits is the most digits a number has: 0 means 3. Lengths
	// from 1 to MaxDigits are equally likely.
	MaxDigits int
	// Scale divides the side of the source's digit images: 0 means 2
	// (MNIST's 28x28 digits become 14x14), 1 keeps them.
	Scale int
	// Seed draws the lengths, the digits and their placement.
	Seed uint64
}

// Numbers are images of numbers written with the digits of an image data
// set, side by side: the multi-digit transcription task of section 11.6
// of Goodfellow, Bengio and Courville's Deep Learning (Street View house
// numbers), on data that ships. Each image holds one number of one to
// MaxDigits digits, cropped at the number's left edge (one or two pixels
// of margin) and one pixel apart, on a canvas wide enough for the longest
// number plus a margin; a digit is the source digit reduced Scale times
// (each pixel the mean of a Scale x Scale block).
//
// Numbers is a Dataset whose Y is the length class (class "1" for
// one-digit numbers, and so on): the labels of the length output of the
// book's model. Its Targets "digit 1" to "digit MaxDigits" label the
// other outputs (the digit at each position, -1 past the number's
// length), for a model with one output each (a ConvNet with Heads);
// Position gives each digit's output as a data set of its own.
type Numbers struct {
	*Dataset
	// Digits holds the digits of each number, most significant first.
	Digits [][]int
	// MaxDigits is the longest length.
	MaxDigits int
	// Cell is the width of a digit's slot in pixels (the digit and the
	// gap after it).
	Cell int
}

// NewNumbers composes n number images from the digit images of digits
// (rows that are square images, labels that are the digits 0 to 9, as
// MNIST's). It returns an error if digits has no rows, its rows are not
// square images, a label is not a digit, or Scale does not divide the
// images' side.
func NewNumbers(digits *Dataset, n int, o NumbersOptions) (*Numbers, error) {
	if o.MaxDigits == 0 {
		o.MaxDigits = 3
	}
	if o.Scale == 0 {
		o.Scale = 2
	}
	switch {
	case digits.Len() == 0:
		return nil, fmt.Errorf("data: numbers: no digit images")
	case !digits.IsImage() || digits.ImageHeight != digits.ImageWidth:
		return nil, fmt.Errorf("data: numbers: the rows of %s are not square images", digits.Name)
	case digits.ImageHeight%o.Scale != 0 || o.Scale < 1:
		return nil, fmt.Errorf("data: numbers: scale %d does not divide the %d-pixel side of the digits", o.Scale, digits.ImageHeight)
	case n < 1 || o.MaxDigits < 1:
		return nil, fmt.Errorf("data: numbers: %d numbers of at most %d digits", n, o.MaxDigits)
	}
	for i, y := range digits.Y {
		if c := digits.Classes[y]; len(c) != 1 || c[0] < '0' || c[0] > '9' {
			return nil, fmt.Errorf("data: numbers: row %d of %s is class %q, not a digit", i, digits.Name, c)
		}
	}
	src := digits.ImageHeight
	side := src / o.Scale
	cell := side + 1
	h, w := side+2, o.MaxDigits*cell+3
	r := NewRand(o.Seed)
	x := mat.NewDense(n, h*w, nil)
	nums := &Numbers{MaxDigits: o.MaxDigits, Cell: cell, Digits: make([][]int, n)}
	y := make([]int, n)
	for i := range n {
		length := 1 + r.IntN(o.MaxDigits)
		y[i] = length - 1
		left, top := 1+r.IntN(2), 1
		row := x.RawRowView(i)
		for k := range length {
			j := r.IntN(digits.Len())
			d, _ := strconv.Atoi(digits.Classes[digits.Y[j]])
			nums.Digits[i] = append(nums.Digits[i], d)
			img := digits.X.RawRowView(j)
			x0 := left + k*cell
			for yy := range side {
				for xx := range side {
					s := 0.0
					for a := range o.Scale {
						for b := range o.Scale {
							s += img[(o.Scale*yy+a)*src+o.Scale*xx+b]
						}
					}
					row[(top+yy)*w+x0+xx] = s / float64(o.Scale*o.Scale)
				}
			}
		}
	}
	classes := make([]string, o.MaxDigits)
	for k := range classes {
		classes[k] = strconv.Itoa(k + 1)
	}
	nums.Dataset = &Dataset{
		Name: fmt.Sprintf("numbers of %s", digits.Name), X: x, Y: y, Classes: classes,
		ImageHeight: h, ImageWidth: w,
	}
	for p := range o.MaxDigits {
		t := Target{Name: fmt.Sprintf("digit %d", p+1), Classes: digitClasses(), Y: make([]int, n)}
		for i, ds := range nums.Digits {
			t.Y[i] = -1
			if len(ds) > p {
				t.Y[i] = ds[p]
			}
		}
		nums.Targets = append(nums.Targets, t)
	}
	return nums, nil
}

// Length returns the images with the number of digits as the label (class
// "1" for one digit, ...): the data of the length output.
func (n *Numbers) Length() *Dataset { return n.Dataset.Named(n.Name + ", length") }

// Position returns the images of the numbers that have a digit at position
// p (0 is the most significant), labelled with that digit: the data of
// the p-th digit output. The book's model reads the digits of a number up
// to its length, so an output is trained on the numbers that have its
// digit.
func (n *Numbers) Position(p int) *Dataset {
	if p < 0 || p >= n.MaxDigits {
		panic(fmt.Sprintf("data: Numbers.Position: position %d outside [0, %d)", p, n.MaxDigits))
	}
	var rows []int
	for i, ds := range n.Digits {
		if len(ds) > p {
			rows = append(rows, i)
		}
	}
	out := n.Dataset.Subset(rows)
	out.Name = fmt.Sprintf("%s, digit %d", n.Name, p+1)
	out.Classes = digitClasses()
	for k, i := range rows {
		out.Y[k] = n.Digits[i][p]
	}
	return out
}

func digitClasses() []string {
	return []string{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}
}

// Number returns number i as it is written ("372").
func (n *Numbers) Number(i int) string {
	var b strings.Builder
	for _, d := range n.Digits[i] {
		b.WriteByte(byte('0' + d))
	}
	return b.String()
}

// WithImages returns a copy of n whose images are x (the same numbers,
// digits and labels, preprocessed): a pipeline's step that changes the
// pixels keeps the labels in step. It panics if x's shape differs from
// the images'.
func (n *Numbers) WithImages(x *mat.Dense) *Numbers {
	r, c := x.Dims()
	if r != n.Len() || c != n.NumFeatures() {
		panic(fmt.Sprintf("data: Numbers.WithImages: %dx%d images for %d numbers of %d pixels", r, c, n.Len(), n.NumFeatures()))
	}
	d := *n.Dataset
	d.X = x
	out := *n
	out.Dataset = &d
	return &out
}

// read is a digit string for a length and digits, "" for an impossible
// length.
func read(length int, digits []int) string {
	if length < 1 || length > len(digits) {
		return ""
	}
	var b strings.Builder
	for _, d := range digits[:length] {
		b.WriteByte(byte('0' + d))
	}
	return b.String()
}

// Transcribe reads each number from the outputs of the book's model: the
// probabilities of the length (one column per length, as Length's
// classes) and of each position's digit (one matrix per position, ten
// columns). The reading is the most probable length and, up to it, the
// most probable digit at each position; its confidence is the product of
// those probabilities, the model's probability of the whole reading, the
// score on which the system abstains. It panics if the matrices' shapes
// disagree.
func Transcribe(length *mat.Dense, positions []*mat.Dense) (readings []string, confidence []float64) {
	rows, k := length.Dims()
	if len(positions) < k {
		panic(fmt.Sprintf("data: Transcribe: %d lengths but %d position outputs", k, len(positions)))
	}
	for p, m := range positions {
		if r, c := m.Dims(); r != rows || c != 10 {
			panic(fmt.Sprintf("data: Transcribe: position %d's output is %dx%d, want %dx10", p, r, c, rows))
		}
	}
	readings, confidence = make([]string, rows), make([]float64, rows)
	digits := make([]int, len(positions))
	for i := range rows {
		l, conf := argmax(length.RawRowView(i))
		for p := range l + 1 {
			d, pd := argmax(positions[p].RawRowView(i))
			digits[p] = d
			conf *= pd
		}
		readings[i], confidence[i] = read(l+1, digits), conf
	}
	return readings, confidence
}

func argmax(xs []float64) (int, float64) {
	best, bv := 0, math.Inf(-1)
	for j, v := range xs {
		if v > bv {
			best, bv = j, v
		}
	}
	return best, bv
}
