// Float verbs, precision, width and special values.
package main

import (
	"fmt"
	"math"
)

func main() {
	for _, f := range []float64{0, 1, -2.5, 3.14159265, 1234567.891, 1e-9, 6.02e23} {
		fmt.Printf("%v|%f|%.2f|%e|%E|%g|%G|%8.3f|%-10.1f|%+.1e\n", f, f, f, f, f, f, f, f, f, f)
	}
	fmt.Println(math.Inf(1), math.Inf(-1), math.NaN(), math.Copysign(0, -1))
	fmt.Printf("%f %5.1f %v %x\n", math.Inf(1), math.NaN(), float32(1)/3, 1.5)
	fmt.Printf("%.0f %.0f %.0f %.0f\n", 0.5, 1.5, 2.5, -0.5)
	fmt.Printf("%6.2f%%\n", 99.5)
	fmt.Println(float32(16777216.0)+1, 1/3.0, 2/3.0, 100.0/3)
}
