package data

import (
	"fmt"
	"strconv"

	"gonum.org/v1/gonum/mat"
)

// FromRows makes a Dataset of your own examples: rows[i] holds the
// features of example i and labels[i] its class, an index into classes.
// Without class names the classes are "0", "1", ... up to the largest
// label. The rows are copied.
//
// It returns an error, naming the row, when there are no rows, rows differ
// in length, there is not one label per row, a feature is NaN or infinite,
// or a label is negative or has no class name.
func FromRows(name string, rows [][]float64, labels []int, classes ...string) (*Dataset, error) {
	if name == "" {
		name = "dataset"
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("data: %s: no rows", name)
	}
	if len(labels) != len(rows) {
		return nil, fmt.Errorf("data: %s: %d rows but %d labels", name, len(rows), len(labels))
	}
	c := len(rows[0])
	if c == 0 {
		return nil, fmt.Errorf("data: %s: row 0 has no features", name)
	}
	x := mat.NewDense(len(rows), c, nil)
	for i, r := range rows {
		if len(r) != c {
			return nil, fmt.Errorf("data: %s: row %d has %d features, row 0 has %d", name, i, len(r), c)
		}
		x.SetRow(i, r)
	}
	if classes == nil {
		k := 0
		for _, y := range labels {
			k = max(k, y+1)
		}
		for i := range k {
			classes = append(classes, strconv.Itoa(i))
		}
	}
	d := &Dataset{Name: name, X: x, Y: append([]int(nil), labels...), Classes: append([]string(nil), classes...)}
	if err := d.Validate(); err != nil {
		return nil, err
	}
	return d, nil
}
