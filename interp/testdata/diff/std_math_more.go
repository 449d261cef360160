// math/bits, math/big and math/rand/v2 with a fixed seed.
package main

import (
	"fmt"
	"math/big"
	"math/bits"
	"math/rand/v2"
)

func main() {
	fmt.Println(bits.OnesCount(255), bits.LeadingZeros64(1), bits.TrailingZeros(8), bits.Len(1023), bits.Reverse8(1))
	hi, lo := bits.Mul64(1<<63, 4)
	fmt.Println(hi, lo)
	f := new(big.Int).MulRange(1, 30)
	fmt.Println(f, f.BitLen())
	a, _ := new(big.Int).SetString("123456789012345678901234567890", 10)
	b := big.NewInt(987654321)
	q, m := new(big.Int).DivMod(a, b, new(big.Int))
	fmt.Println(q, m, a.Cmp(b))
	r := big.NewRat(3, 4)
	r.Add(r, big.NewRat(1, 6))
	fmt.Println(r, r.FloatString(5))
	rng := rand.New(rand.NewPCG(1, 2))
	fmt.Println(rng.IntN(100), rng.IntN(100), rng.Float64() < 1, rng.Perm(5))
}
