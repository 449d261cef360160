// Printing structs that hold time values and durations.
package main

import (
	"fmt"
	"time"
)

type Job struct {
	Name    string
	Start   time.Time
	Timeout time.Duration
	Every   []time.Duration
}

func main() {
	j := Job{"backup", time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC), 90 * time.Second, []time.Duration{time.Hour, 30 * time.Minute}}
	fmt.Println(j)
	fmt.Printf("%+v\n", j)
	fmt.Printf("%v|%s|%d\n", j.Timeout, j.Timeout, j.Timeout)
	fmt.Println(map[string]time.Duration{"b": time.Millisecond, "a": 2 * time.Second})
	fmt.Println(j.Start.Month(), []time.Weekday{time.Monday, time.Sunday})
}
