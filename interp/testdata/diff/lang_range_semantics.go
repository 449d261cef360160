// range evaluates its operand once; a slice grown inside the loop does
// not lengthen it; range over a pointer to an array.
package main

import "fmt"

func main() {
	s := []int{1, 2, 3}
	for i, v := range s {
		if i == 0 {
			s = append(s, 4)
			s[1] = 20
		}
		fmt.Print(v, " ")
	}
	fmt.Println(len(s))
	a := [3]int{1, 2, 3}
	for i := range &a {
		a[i] *= 10
	}
	fmt.Println(a)
	for i, c := range "héj" {
		fmt.Print(i, string(c), " ")
	}
	fmt.Println()
	str := "abc"
	for i := range len(str) {
		fmt.Print(str[i], " ")
	}
	fmt.Println()
	var nilMap map[string]int
	for k := range nilMap {
		fmt.Println("never", k)
	}
	fmt.Println("nil map ranged")
}
