// encoding/json: Unmarshal into structs, maps and any; errors.
package main

import (
	"encoding/json"
	"fmt"
)

type Item struct {
	ID    int      `json:"id"`
	Name  string   `json:"name"`
	Price float64  `json:"price"`
	Tags  []string `json:"tags"`
}

func main() {
	data := `[{"id":1,"name":"pen","price":1.5,"tags":["a"]},{"id":2,"name":"ink","extra":true}]`
	var items []Item
	err := json.Unmarshal([]byte(data), &items)
	fmt.Printf("%+v %v\n", items, err)
	var anyv any
	json.Unmarshal([]byte(`{"n": 1, "f": 2.5, "s": "x", "a": [1, "b"], "o": {"k": null}}`), &anyv)
	m := anyv.(map[string]any)
	fmt.Println(m)
	fmt.Printf("%T %T %T\n", m["n"], m["a"], m["o"])
	var it Item
	err = json.Unmarshal([]byte(`{"id": "one"}`), &it)
	fmt.Println(err)
	err = json.Unmarshal([]byte(`{bad json`), &it)
	fmt.Println(err)
	var nums map[string]int
	json.Unmarshal([]byte(`{"b":2,"a":1}`), &nums)
	fmt.Println(nums)
}
