package models

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/methodic-go/methodic/display"
	"github.com/methodic-go/methodic/mlstd/data"
)

type recorder struct {
	mu      sync.Mutex
	shown   []display.Bundle
	updates int
}

func (r *recorder) Display(b display.Bundle, id string, update bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if update {
		r.updates++
	} else {
		r.shown = append(r.shown, b)
	}
}

func (r *recorder) Clear(bool) {}

// TestFitDrawsLiveCurves: in a notebook (a publisher is active) Fit shows a
// loss chart and an accuracy chart and updates them in place; Quiet shows
// nothing.
func TestFitDrawsLiveCurves(t *testing.T) {
	d := data.Blobs(200, 3, 4, 1, 1)
	sp, err := data.TrainTest(d, data.SplitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	rec := &recorder{}
	prev := display.SetPublisher(rec)
	defer display.SetPublisher(prev)
	if _, err := NewMLP(MLPOptions{Hidden: []int{8}, Epochs: 5}).Fit(context.Background(), sp.Train, sp.Test); err != nil {
		t.Fatal(err)
	}
	if len(rec.shown) != 2 || rec.updates < 2 {
		t.Fatalf("%d outputs shown, %d updates; want 2 charts updated", len(rec.shown), rec.updates)
	}
	if !strings.Contains(rec.shown[0].Text(), "Loss") || !strings.Contains(rec.shown[1].Text(), "Accuracy") {
		t.Errorf("charts: %q, %q", rec.shown[0].Text(), rec.shown[1].Text())
	}
	n := len(rec.shown)
	if _, err := NewMLP(MLPOptions{Hidden: []int{8}, Epochs: 2, Quiet: true}).Fit(context.Background(), sp.Train, sp.Test); err != nil {
		t.Fatal(err)
	}
	if len(rec.shown) != n {
		t.Error("a Quiet fit showed output")
	}
}
