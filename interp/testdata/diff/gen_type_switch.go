// A type switch on a type parameter's value inside a generic function.
package main

import "fmt"

func Describe[T any](v T) string {
	switch x := any(v).(type) {
	case int:
		return fmt.Sprintf("int %d", x)
	case string:
		return fmt.Sprintf("string %q", x)
	case []T:
		return "slice of T"
	default:
		return fmt.Sprintf("other %T", x)
	}
}

func ZeroOf[T any]() string {
	var z T
	return fmt.Sprintf("%T(%v)", z, z)
}

func main() {
	fmt.Println(Describe(3), Describe("s"), Describe(2.5), Describe([]int{}))
	fmt.Println(ZeroOf[int](), ZeroOf[string](), ZeroOf[*int](), ZeroOf[[]bool]())
}
