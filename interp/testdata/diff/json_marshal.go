// encoding/json: Marshal with tags, omitempty, unexported fields,
// nested values, MarshalIndent.
package main

import (
	"encoding/json"
	"fmt"
)

type Address struct {
	City string `json:"city"`
	Zip  string `json:"zip,omitempty"`
}

type User struct {
	Name     string         `json:"name"`
	Age      int            `json:"age"`
	Email    string         `json:"email,omitempty"`
	Tags     []string       `json:"tags"`
	Addr     *Address       `json:"address,omitempty"`
	Meta     map[string]any `json:"meta,omitempty"`
	password string
	Skip     bool `json:"-"`
	Scores   map[string]float64
}

func main() {
	u := User{Name: "Ann", Age: 30, Addr: &Address{City: "Oslo"}, password: "x", Skip: true,
		Meta: map[string]any{"b": 1, "a": []int{1, 2}}, Scores: map[string]float64{"z": 1.5, "m": 2}}
	b, err := json.Marshal(u)
	fmt.Println(string(b), err)
	b, _ = json.MarshalIndent(User{Name: "Bo", Tags: []string{}}, "", "  ")
	fmt.Println(string(b))
	b, _ = json.Marshal([]any{1, 2.5, "s", nil, true, map[string]int{"k": 1}, "<&>"})
	fmt.Println(string(b))
	_, err = json.Marshal(map[string]any{"f": func() {}})
	fmt.Println(err)
}
