// Value-receiver methods returning modified copies, chained.
package main

import "fmt"

type Vec struct{ X, Y float64 }

func (v Vec) Add(o Vec) Vec       { return Vec{v.X + o.X, v.Y + o.Y} }
func (v Vec) Scale(f float64) Vec { return Vec{v.X * f, v.Y * f} }
func (v Vec) Dot(o Vec) float64   { return v.X*o.X + v.Y*o.Y }
func (v Vec) String() string      { return fmt.Sprintf("(%g, %g)", v.X, v.Y) }

func main() {
	a := Vec{1, 2}
	b := a.Add(Vec{3, 4}).Scale(0.5)
	fmt.Println(a, b, a.Dot(b))
	path := []Vec{{0, 0}, {1, 0}, {1, 1}}
	sum := Vec{}
	for _, p := range path {
		sum = sum.Add(p)
	}
	fmt.Println(sum, path)
	fmt.Printf("%v %s %+v\n", sum, sum, []Vec{sum})
}
