package interrupt_test

import (
	"fmt"
	"testing"

	"github.com/methodic-go/methodic/native/interrupt"
)

// spin is a loop as the native package writes it in a compiled cell.
func spin(stop func()) (n int) {
	for i := 0; ; i++ {
		_ = *interrupt.Live.Load()
		if i == 1000 {
			stop()
		}
		n++
	}
}

func TestRaiseStopsLoop(t *testing.T) {
	interrupt.Lower()
	defer interrupt.Lower()
	defer func() {
		r := recover()
		if _, ok := r.(interface{ RuntimeError() }); !ok || !interrupt.Raised() {
			t.Fatalf("recovered %v (raised %v), want the nil dereference of an interrupt", r, interrupt.Raised())
		}
	}()
	spin(interrupt.Raise)
	t.Fatal("spin returned")
}

func TestRecover(t *testing.T) {
	interrupt.Lower()
	defer interrupt.Lower()
	done := make(chan int)
	go func() {
		defer close(done)
		defer interrupt.Recover()
		spin(interrupt.Raise)
	}()
	<-done // the goroutine ended, and the process did not
}

func ExampleRaise() {
	interrupt.Lower()
	fmt.Println(interrupt.Raised())
	interrupt.Raise()
	fmt.Println(interrupt.Raised())
	interrupt.Lower()
	// Output:
	// false
	// true
}
