package cellseq_test

import (
	"fmt"

	"github.com/methodic-go/methodic/internal/cellseq"
)

func ExampleGenerate() {
	seq := cellseq.Generate(cellseq.Config{Seed: 1, Steps: 2, Only: []string{"declVar"}})
	for _, c := range seq.Cells {
		fmt.Printf("-- %s, want %v\n%s\n", c.Kind, c.Want, c.Code)
	}
	// Output:
	// -- declVar, want OK
	// v2 := []int{}
	// -- probeUsable, want OK
	// fmt.Println("probe", 0)
	// -- probeValues, want OK
	// fmt.Println("values")
	// fmt.Println("v2", v2)
	// -- declVar, want OK
	// var v4 = true
	// -- probeUsable, want OK
	// fmt.Println("probe", 1)
	// -- probeValues, want OK
	// fmt.Println("values")
	// fmt.Println("v2", v2)
	// fmt.Println("v4", v4)
}
