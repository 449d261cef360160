package interrupt_test

import (
	"fmt"
	"testing"

	"github.com/methodic-go/methodic/native/interrupt"
)

func TestCheck(t *testing.T) {
	interrupt.Lower()
	interrupt.Check() // must not panic
	interrupt.Raise()
	defer interrupt.Lower()
	defer func() {
		if r := recover(); r != interrupt.Interrupted {
			t.Fatalf("Check panicked with %v, want interrupt.Interrupted", r)
		}
	}()
	interrupt.Check()
	t.Fatal("Check returned with the flag raised")
}

func ExampleCheck() {
	interrupt.Lower()
	sum := 0
	for i := range 10 {
		interrupt.Check() // what the native package inserts in a compiled cell
		sum += i
	}
	fmt.Println(sum)
	// Output: 45
}
