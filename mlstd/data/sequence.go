package data

import (
	"fmt"

	"gonum.org/v1/gonum/mat"
)

// FlipFlop returns n sequences of the 3-bit flip-flop task (Sussillo and
// Barak, 2013, after the memory tasks of Hochreiter and Schmidhuber,
// 1997): three input lines, each step of which is 0 or a pulse of +1 or
// -1; the class is the state of three memory bits, each set by the sign
// of the last pulse on its line. A row is steps steps of three values
// (Steps is set), and its class is named by the bits, "000" to "111"
// (1 where the last pulse was positive).
//
// Each line carries a pulse with probability 0.1 at each step, plus one at
// a step drawn uniformly, so that every bit is set: the last pulse can be
// anywhere, and most lines carry several, of which only the last counts.
// A model must remember, not just detect: a recurrent network does it
// with its state, a network that sees all steps at once must learn which
// pulse came last from every position (the book's rule: a recurrent net
// for sequences). Equal seeds give equal rows.
func FlipFlop(n, steps int, seed uint64) *Dataset {
	if n <= 0 || steps <= 0 {
		panic(fmt.Sprintf("data: FlipFlop: n = %d, steps = %d, want at least 1", n, steps))
	}
	const lines, p = 3, 0.1
	d := &Dataset{Name: "flipflop", X: mat.NewDense(n, steps*lines, nil), Y: make([]int, n), Steps: steps}
	for c := 0; c < 1<<lines; c++ {
		d.Classes = append(d.Classes, fmt.Sprintf("%0*b", lines, c))
	}
	for t := 0; t < steps; t++ {
		for b := 0; b < lines; b++ {
			d.Features = append(d.Features, fmt.Sprintf("t%d/line%d", t, b))
		}
	}
	r := NewRand(seed)
	for i := 0; i < n; i++ {
		row := d.X.RawRowView(i)
		state := 0
		for b := 0; b < lines; b++ {
			sure := r.IntN(steps)
			last := 0.0
			for t := 0; t < steps; t++ {
				if t != sure && r.Float64() >= p {
					continue
				}
				v := 1.0
				if r.IntN(2) == 1 {
					v = -1
				}
				row[t*lines+b], last = v, v
			}
			if last > 0 {
				// class names read line 0 first, as the leftmost bit
				state |= 1 << (lines - 1 - b)
			}
		}
		d.Y[i] = state
	}
	return d
}
