// A deferred method call reads its receiver when it runs.
package main

import "fmt"

type file struct{ name string }

func (f file) Close() { fmt.Println("close", f.name) }

func main() {
	for _, name := range []string{"v1", "v2"} {
		f := file{name}
		defer f.Close()
	}
}

// Go prints:
// close v2
// close v1

// yaegi v0.16.1 prints:
// close v2
// close v2
