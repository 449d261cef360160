// String methods are used wherever a value is printed: alone, in slices,
// maps and structs, through pointers.
package main

import "fmt"

type Color int

func (c Color) String() string {
	switch c {
	case 0:
		return "red"
	case 1:
		return "green"
	}
	return fmt.Sprintf("Color(%d)", int(c))
}

type Temp struct{ Deg float64 }

func (t *Temp) String() string { return fmt.Sprintf("%.1f°", t.Deg) }

type Box struct {
	C Color
	T *Temp
}

func main() {
	fmt.Println(Color(0), Color(1), Color(7))
	fmt.Println([]Color{1, 0}, map[Color]int{1: 10, 0: 20})
	fmt.Printf("%v %s %d %q %x\n", Color(1), Color(0), Color(1), Color(0), Color(1))
	t := Temp{21.5}
	fmt.Println(&t, t)
	fmt.Printf("%v %+v\n", Box{1, &t}, Box{C: 0, T: &Temp{-3}})
	s := fmt.Sprint(Color(1), Color(2))
	fmt.Println(s, len(s))
}
