// Variables of compiled packages read in functions compiled before they
// change: comparisons with a constant on either side, arithmetic, :=, =,
// return, a condition of a loop; each sees the variable's current value.
package main

import (
	"fmt"
	"runtime"
	"time"
)

const limit = 1000

func rateSet() bool { return runtime.MemProfileRate != 0 }

func rateOver() bool { return runtime.MemProfileRate > limit }

func rateBoth() (bool, bool) { return 0 == runtime.MemProfileRate, runtime.MemProfileRate == 0 }

func rateNext() int { return runtime.MemProfileRate + 1 }

func rateNeg() int { return -runtime.MemProfileRate }

func rateCopies() int {
	r := runtime.MemProfileRate
	var s int
	s = runtime.MemProfileRate
	var t = runtime.MemProfileRate
	return r + s + t
}

func rateList() []int { return []int{runtime.MemProfileRate, runtime.MemProfileRate * 2} }

func halve() int {
	n := 0
	for runtime.MemProfileRate > 1 {
		runtime.MemProfileRate /= 2
		n++
	}
	return n
}

func utc() bool { return time.Local == time.UTC }

func main() {
	old := runtime.MemProfileRate
	for _, r := range []int{0, 512, 4096} {
		runtime.MemProfileRate = r
		set, over := rateSet(), rateOver()
		z1, z2 := rateBoth()
		fmt.Println(r, set, over, z1, z2, rateNext(), rateNeg(), rateCopies(), rateList())
	}
	fmt.Println(halve(), runtime.MemProfileRate)
	runtime.MemProfileRate = old
	loc := time.Local
	fmt.Println(utc())
	time.Local = time.UTC
	fmt.Println(utc())
	time.Local = loc
	fmt.Println(utc())
}
