// Interfaces embedding interfaces, and satisfying them.
package main

import "fmt"

type Reader interface{ Read() string }
type Closer interface{ Close() error }
type ReadCloser interface {
	Reader
	Closer
}

type file struct {
	name   string
	closed bool
}

func (f *file) Read() string {
	if f.closed {
		return ""
	}
	return "data of " + f.name
}

func (f *file) Close() error {
	if f.closed {
		return fmt.Errorf("%s: already closed", f.name)
	}
	f.closed = true
	return nil
}

func use(rc ReadCloser) {
	fmt.Println(rc.Read())
	fmt.Println(rc.Close())
	fmt.Println(rc.Close())
	var r Reader = rc
	_, isCloser := r.(Closer)
	fmt.Println(r.Read() == "", isCloser)
}

func main() {
	use(&file{name: "f"})
}
