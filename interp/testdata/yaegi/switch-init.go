// A switch with an init statement and a tag takes the default clause.
package main

import "fmt"

func main() {
	switch s := "go"; s + "lang" {
	case "golang":
		fmt.Println("matched", s)
	default:
		fmt.Println("default")
	}
}

// Go prints:
// matched go

// yaegi v0.16.1 prints:
// default
