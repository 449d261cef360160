package models

import (
	"context"
	"strings"
	"testing"

	"github.com/methodic-go/methodic/mlstd/data"
)

func TestClassProba(t *testing.T) {
	d := data.Iris()
	m := NewLogistic(LogisticOptions{})
	if _, err := m.Fit(context.Background(), d, nil); err != nil {
		t.Fatal(err)
	}
	p := m.PredictProba(d.X)
	for class := range 3 {
		s := ClassProba(m, d.X, class)
		if len(s) != d.Len() {
			t.Fatalf("class %d: %d scores for %d rows", class, len(s), d.Len())
		}
		for i, v := range s {
			if v != p.At(i, class) {
				t.Fatalf("class %d row %d: %v, PredictProba has %v", class, i, v, p.At(i, class))
			}
		}
	}
	defer func() {
		if r, _ := recover().(string); !strings.Contains(r, "class 3 is not one of the model's 3 classes") {
			t.Errorf("ClassProba(3) of a 3-class model: panic %q", r)
		}
	}()
	ClassProba(m, d.X, 3)
}
