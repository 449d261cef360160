// Custom MarshalJSON and UnmarshalJSON methods, RawMessage, Number and
// the streaming Decoder and Encoder.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
)

type Level int

func (l Level) MarshalJSON() ([]byte, error) {
	return json.Marshal([]string{"low", "mid", "high"}[l])
}

func (l *Level) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	switch s {
	case "low":
		*l = 0
	case "mid":
		*l = 1
	default:
		*l = 2
	}
	return nil
}

type Event struct {
	Name  string          `json:"name"`
	Level Level           `json:"level"`
	Data  json.RawMessage `json:"data"`
}

func main() {
	b, _ := json.Marshal(Event{"e", 2, json.RawMessage(`{"x":1}`)})
	fmt.Println(string(b))
	var e Event
	err := json.Unmarshal([]byte(`{"name":"f","level":"mid","data":[1,2]}`), &e)
	fmt.Println(e.Name, e.Level, string(e.Data), err)
	dec := json.NewDecoder(strings.NewReader(`{"a":1} {"a":2.5} {"a":12345678901234567890}`))
	dec.UseNumber()
	for dec.More() {
		var m map[string]json.Number
		if err := dec.Decode(&m); err != nil {
			fmt.Println(err)
			break
		}
		fmt.Print(m["a"], " ")
	}
	fmt.Println()
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent(">", "\t")
	enc.Encode(map[string]int{"b": 1, "a": 2})
}
