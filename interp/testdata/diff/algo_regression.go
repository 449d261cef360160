// Least-squares line fit and gradient descent on the same data.
package main

import "fmt"

func main() {
	xs := []float64{1, 2, 3, 4, 5, 6}
	ys := []float64{2.1, 3.9, 6.2, 8.1, 9.8, 12.2}
	n := float64(len(xs))
	var sx, sy, sxx, sxy float64
	for i := range xs {
		sx += xs[i]
		sy += ys[i]
		sxx += xs[i] * xs[i]
		sxy += xs[i] * ys[i]
	}
	slope := (n*sxy - sx*sy) / (n*sxx - sx*sx)
	icept := (sy - slope*sx) / n
	fmt.Printf("closed form: y = %.4f x + %.4f\n", slope, icept)
	w, b := 0.0, 0.0
	lr := 0.02
	for epoch := range 2000 {
		var gw, gb float64
		for i := range xs {
			e := w*xs[i] + b - ys[i]
			gw += 2 * e * xs[i] / n
			gb += 2 * e / n
		}
		w -= lr * gw
		b -= lr * gb
		if epoch%500 == 0 {
			fmt.Printf("epoch %4d w=%.4f b=%.4f\n", epoch, w, b)
		}
	}
	fmt.Printf("descent: y = %.4f x + %.4f\n", w, b)
}
