package display

import (
	"reflect"
	"testing"
)

func labelsOf(min, max float64) []string {
	var out []string
	for _, t := range (LogTicks{}).Ticks(min, max) {
		if t.Label != "" {
			out = append(out, t.Label)
		}
	}
	return out
}

func TestLogTicks(t *testing.T) {
	for _, c := range []struct {
		min, max float64
		want     []string
	}{
		// Several decades: the powers of ten, exactly spelt.
		{1e-7, 1e-3, []string{"1e-7", "1e-6", "1e-5", "0.0001", "0.001"}},
		{1, 1e5, []string{"1", "10", "100", "1000", "10000", "100000"}},
		{1e5, 1e7, []string{"100000", "1e6", "1e7"}},
		// One power inside: 1, 2 and 5 times the powers.
		{0.003, 0.03, []string{"0.005", "0.01", "0.02"}},
		{0.003, 0.3, []string{"0.01", "0.1"}},
		// Less than a decade, no power inside.
		{0.002, 0.009, []string{"0.002", "0.005"}},
		// Too narrow for two labels: the ends.
		{0.0031, 0.0047, []string{"0.0031", "0.0047"}},
		{123456789, 123456799, []string{"1.23e8", "1.23e8"}},
	} {
		if got := labelsOf(c.min, c.max); !reflect.DeepEqual(got, c.want) {
			t.Errorf("labels on [%g, %g] = %q; want %q", c.min, c.max, got, c.want)
		}
	}
	for _, tk := range (LogTicks{}).Ticks(0.02, 0.7) {
		if tk.Value < 0.02 || tk.Value > 0.7 {
			t.Errorf("tick %g outside [0.02, 0.7]", tk.Value)
		}
	}
}
