package data

import (
	"bytes"
	"compress/gzip"
	"embed"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"sync"

	"gonum.org/v1/gonum/mat"
)

//go:embed shipped/*.csv.gz
var shipped embed.FS

// Digits returns the 1,797 8x8 images of handwritten digits of the UCI
// "Optical Recognition of Handwritten Digits" data set, as scikit-learn
// ships them: 64 features per row, each the count (0-16) of set pixels in
// a 4x4 block of the original 32x32 bitmap, and classes "0" to "9".
func Digits() *Dataset {
	d := loadShipped("digits")
	return d
}

// Iris returns Fisher's iris data: 150 flowers, 4 measurements in cm, 3
// species.
func Iris() *Dataset { return loadShipped("iris") }

// BreastCancer returns the Breast Cancer Wisconsin (Diagnostic) data: 569
// tumours, 30 features computed from images of a fine needle aspirate,
// classes "malignant" (0) and "benign" (1) as scikit-learn numbers them.
func BreastCancer() *Dataset { return loadShipped("breast_cancer") }

var (
	shippedMu    sync.Mutex
	shippedCache = map[string]*Dataset{}
)

// loadShipped parses an embedded file once and returns a deep copy of it, so
// that a caller who modifies what they got cannot affect the next caller.
func loadShipped(name string) *Dataset {
	shippedMu.Lock()
	d, ok := shippedCache[name]
	if !ok {
		var err error
		d, err = parseShipped(name)
		if err != nil {
			shippedMu.Unlock()
			panic(err) // the embedded files are part of the build
		}
		shippedCache[name] = d
	}
	shippedMu.Unlock()
	out := d.withRows(len(d.Y))
	copy(out.Y, d.Y)
	out.X = mat.DenseCopyOf(d.X)
	return out
}

func parseShipped(name string) (*Dataset, error) {
	raw, err := shipped.ReadFile("shipped/" + name + ".csv.gz")
	if err != nil {
		return nil, fmt.Errorf("data: %s: %w", name, err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("data: %s: %w", name, err)
	}
	r := csv.NewReader(zr)
	r.FieldsPerRecord = -1
	var rows [][]string
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("data: %s: %w", name, err)
		}
		rows = append(rows, rec)
	}
	d := &Dataset{Name: name}
	switch name {
	case "digits":
		d.ImageHeight, d.ImageWidth = 8, 8
		for c := 0; c < 10; c++ {
			d.Classes = append(d.Classes, strconv.Itoa(c))
		}
		for i := 0; i < 8; i++ {
			for j := 0; j < 8; j++ {
				d.Features = append(d.Features, fmt.Sprintf("pixel_%d_%d", i, j))
			}
		}
	case "iris":
		d.Classes = rows[0][2:]
		d.Features = []string{"sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)"}
		rows = rows[1:]
	case "breast_cancer":
		d.Classes = rows[0][2:]
		for _, prefix := range []string{"mean", "", "worst"} {
			for _, f := range []string{"radius", "texture", "perimeter", "area", "smoothness", "compactness", "concavity", "concave points", "symmetry", "fractal dimension"} {
				switch prefix {
				case "":
					d.Features = append(d.Features, f+" error")
				default:
					d.Features = append(d.Features, prefix+" "+f)
				}
			}
		}
		rows = rows[1:]
	}
	nf := len(rows[0]) - 1
	d.X = mat.NewDense(len(rows), nf, nil)
	d.Y = make([]int, len(rows))
	for i, rec := range rows {
		if len(rec) != nf+1 {
			return nil, fmt.Errorf("data: %s: row %d has %d fields, want %d", name, i, len(rec), nf+1)
		}
		for j := 0; j < nf; j++ {
			v, err := strconv.ParseFloat(rec[j], 64)
			if err != nil {
				return nil, fmt.Errorf("data: %s: row %d: %w", name, i, err)
			}
			d.X.Set(i, j, v)
		}
		y, err := strconv.ParseFloat(rec[nf], 64)
		if err != nil {
			return nil, fmt.Errorf("data: %s: row %d label: %w", name, i, err)
		}
		d.Y[i] = int(y)
	}
	if err := d.Validate(); err != nil {
		return nil, err
	}
	return d, nil
}
