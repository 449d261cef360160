// Untyped constants keep full precision until they are used.
package main

import (
	"fmt"
	"math"
)

const Big = 1 << 100
const Small = Big >> 98
const Third = 1.0 / 3
const Huge = 1e300 * 1e300 / 1e300

func main() {
	fmt.Println(Small, Third, Huge)
	fmt.Println(Big/(1<<90), float64(Big))
	var f32 float32 = Third
	fmt.Println(f32, Third*3 == 1)
	fmt.Println(math.MaxInt64, math.MinInt64, uint64(math.MaxUint64))
	fmt.Println(math.MaxFloat64, math.SmallestNonzeroFloat64, math.MaxInt8)
	const r = 'a' + 2
	fmt.Println(r, string(rune(r)))
	fmt.Printf("%T %T %T %T\n", Small, Third, r, 1+2i)
}
