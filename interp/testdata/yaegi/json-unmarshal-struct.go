// encoding/json names the struct holding a field of the wrong type in
// json.Unmarshal's error by the runtime type's name, which a struct type
// of the interpreted program (made by reflect.StructOf) lacks.
package main

import (
	"encoding/json"
	"fmt"
)

type Item struct {
	ID int `json:"id"`
}

func main() {
	var it Item
	fmt.Println(json.Unmarshal([]byte(`{"id": "one"}`), &it))
}

// Go prints:
// json: cannot unmarshal string into Go struct field Item.id of type int

// yaegi v0.16.1 prints:
// json: cannot unmarshal string into Go struct field .id of type int
