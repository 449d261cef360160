package conninfo_test

import (
	"fmt"

	"github.com/methodic-go/methodic/internal/conninfo"
)

func ExampleHasPassword() {
	fmt.Println(conninfo.HasPassword("postgres://tuner:s3cret@db.example.com/studies"))
	fmt.Println(conninfo.HasPassword("postgres://tuner@db.example.com/studies"))
	// Output:
	// true
	// false
}
