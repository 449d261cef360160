// A recovered panic can be re-raised; deferred calls of outer frames
// still run; nested recovers.
package main

import "fmt"

func inner() {
	defer fmt.Println("inner deferred")
	panic("first")
}

func middle() {
	defer func() {
		r := recover()
		fmt.Println("middle recovered", r)
		panic(fmt.Sprint("again: ", r))
	}()
	inner()
}

func outer() (res string) {
	defer func() {
		res = fmt.Sprint("outer got ", recover())
	}()
	middle()
	return "unreached"
}

func main() {
	fmt.Println(outer())
	func() {
		defer func() { fmt.Println("second recover", recover()) }()
		defer func() {
			defer func() { fmt.Println("nested", recover()) }()
			panic("in defer")
		}()
		panic("original")
	}()
}
