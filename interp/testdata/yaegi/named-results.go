// A named result keeps the value the previous call left in it: the
// second call's bare return gives back 2.
package main

import "fmt"

func one(s string) (n int) {
	if s == "" {
		return
	}
	n = len(s)
	return
}

func main() {
	for _, s := range []string{"42", ""} {
		fmt.Println(one(s))
	}
}

// Go prints:
// 2
// 0

// yaegi v0.16.1 prints:
// 2
// 2
