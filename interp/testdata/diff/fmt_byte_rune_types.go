// byte and rune are uint8 and int32.
package main

import "fmt"

func main() {
	var b byte = 'A'
	var r rune = 'é'
	fmt.Println(b, r, string(b), string(r))
	fmt.Printf("%T %T %v %c %c\n", b, r, []byte{b}, b, r)
	fmt.Printf("%T %T\n", []byte("x"), []rune("x"))
	fmt.Printf("%v %s %q\n", []rune("hé"), string([]rune{104, 233}), []rune("ab"))
	x := 'a' + 1
	fmt.Printf("%T %v %c\n", x, x, x)
}
