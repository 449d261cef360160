// %T of values of many types.
package main

import (
	"errors"
	"fmt"
)

type Celsius float64

type Pair struct{ A, B int }

func main() {
	var e error = errors.New("x")
	var ip *int
	vals := []any{1, int8(1), uint(1), 1.5, float32(1), 1i, "s", 'r', byte(1), true, nil,
		[]int{}, [2]string{}, map[string][]int{}, ip, func(int) string { return "" },
		make(chan int), make(<-chan bool), struct{}{}, e, Pair{}, &Pair{}, []Pair{}, Celsius(3)}
	for _, v := range vals {
		fmt.Printf("%T\n", v)
	}
	fmt.Printf("%T %T\n", fmt.Println, errors.New)
}
