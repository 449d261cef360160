package display

import (
	"slices"
	"testing"

	"gonum.org/v1/plot"
)

// TestTicks: labels at multiples of 1, 2 or 5 times a power of ten, four
// to eight of them, never 2.5, 3 or 4 times one.
func TestTicks(t *testing.T) {
	for _, c := range []struct {
		min, max float64
		want     []string
	}{
		{0, 1, []string{"0", "0.2", "0.4", "0.6", "0.8", "1"}},
		{1, 27, []string{"5", "10", "15", "20", "25"}},
		{1, 300, []string{"50", "100", "150", "200", "250", "300"}},
		{0.0195, 0.9, []string{"0.2", "0.4", "0.6", "0.8"}},
		{1, 40, []string{"10", "20", "30", "40"}},
		{-0.35, 0.35, []string{"-0.3", "-0.2", "-0.1", "0", "0.1", "0.2", "0.3"}},
		{1e-4, 6e-4, []string{"0.0001", "0.0002", "0.0003", "0.0004", "0.0005", "0.0006"}},
	} {
		var got []string
		for _, tk := range (Ticks{}).Ticks(c.min, c.max) {
			if tk.Label != "" {
				got = append(got, tk.Label)
			}
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("[%g, %g]: labels %v, want %v", c.min, c.max, got, c.want)
		}
	}
}

// TestChartAutoLogY: a search's values where a few trials diverged (0.9
// beside 0.02) get a log axis; values within a decade keep a linear one.
func TestChartAutoLogY(t *testing.T) {
	for _, c := range []struct {
		ys  []float64
		log bool
	}{
		{[]float64{0.02, 0.03, 0.9, 0.025}, true},
		{[]float64{0.02, 0.03, 0.1, 0.025}, false},
		{[]float64{0, 0.03, 0.9}, false}, // a zero cannot go on a log axis
	} {
		ch := NewChart(ChartOptions{AutoLogY: true, Points: []string{"trials"}})
		for i, y := range c.ys {
			ch.Add("trials", float64(i), y)
		}
		_, isLog := ch.Plot().Y.Scale.(plot.LogScale)
		if isLog != c.log {
			t.Errorf("%v: log axis %v, want %v", c.ys, isLog, c.log)
		}
	}
}
