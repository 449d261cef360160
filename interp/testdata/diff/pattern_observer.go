// An event bus: handlers registered as closures, called in order.
package main

import (
	"fmt"
	"sort"
	"strings"
)

type Bus struct {
	handlers map[string][]func(string)
}

func (b *Bus) On(topic string, h func(string)) {
	if b.handlers == nil {
		b.handlers = map[string][]func(string){}
	}
	b.handlers[topic] = append(b.handlers[topic], h)
}

func (b *Bus) Emit(topic, msg string) int {
	for _, h := range b.handlers[topic] {
		h(msg)
	}
	return len(b.handlers[topic])
}

func main() {
	var bus Bus
	var log []string
	for _, name := range []string{"a", "b"} {
		bus.On("greet", func(m string) { log = append(log, name+" got "+m) })
	}
	count := map[string]int{}
	bus.On("count", func(m string) { count[m]++ })
	fmt.Println(bus.Emit("greet", "hi"), bus.Emit("none", "x"))
	for _, w := range strings.Fields("x y x z x") {
		bus.Emit("count", w)
	}
	fmt.Println(log)
	keys := make([]string, 0)
	for k := range count {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Print(k, count[k], " ")
	}
	fmt.Println()
}
