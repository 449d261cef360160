// Floating point: rounding, NaN comparisons, negative zero, division by
// zero at run time.
package main

import (
	"fmt"
	"math"
)

func main() {
	fmt.Println(0.1+0.2, 0.1+0.2 == 0.3, float32(0.1)+float32(0.2))
	zero := 0.0
	fmt.Println(1/zero, -1/zero, zero/zero)
	nan := math.NaN()
	fmt.Println(nan == nan, nan < 1, nan > 1, math.IsNaN(nan))
	negz := math.Copysign(0, -1)
	fmt.Println(negz, negz == 0, 1/negz)
	fmt.Println(math.Round(2.5), math.Round(-2.5), math.RoundToEven(2.5), math.Floor(-1.5), math.Ceil(1.2), math.Trunc(-1.7))
	fmt.Println(math.Sqrt(2), math.Pow(2, 10), math.Mod(7, 3), math.Abs(-3), math.Hypot(3, 4))
	fmt.Println(math.Log(math.E), math.Log2(8), math.Log10(0.001), math.Exp(0))
	fmt.Printf("%.4f %.4f %.4f\n", math.Sin(math.Pi/6), math.Cos(0), math.Atan2(1, 1))
	fmt.Println(math.Max(3, math.NaN()), math.Min(-0.0, 0), math.Inf(1) > math.MaxFloat64)
	var sum float64
	for i := 1; i <= 10; i++ {
		sum += 1 / float64(i)
	}
	fmt.Println(sum)
}
