// Complex numbers: arithmetic, builtins and printing.
package main

import (
	"fmt"
	"math/cmplx"
)

func main() {
	a := complex(1, 2)
	b := 3 - 4i
	fmt.Println(a, b, a+b, a*b, a/b)
	fmt.Println(real(a), imag(b), cmplx.Abs(b), cmplx.Conj(a))
	fmt.Printf("%v %.2f %e %T %T\n", a, a*b, b, a, complex64(a))
	fmt.Printf("%+.1f\n", cmplx.Sqrt(-4))
	fmt.Println(a == complex(1, 2), complex64(1.5i))
}
