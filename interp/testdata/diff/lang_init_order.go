// Package variables initialised from functions, in order, and an init
// function.
package main

import "fmt"

var trace []string

func note(s string, v int) int {
	trace = append(trace, s)
	return v
}

var a = note("a", 1)
var b = note("b", a+1)

func init() {
	trace = append(trace, "init")
	b *= 10
}

func main() {
	fmt.Println(a, b, trace)
}
