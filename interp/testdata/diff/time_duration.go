// time.Duration: printing, arithmetic, parsing, rounding.
package main

import (
	"fmt"
	"time"
)

func main() {
	ds := []time.Duration{0, 1, 1500 * time.Microsecond, 2*time.Hour + 3*time.Minute + 4*time.Second, -time.Second, 36 * time.Hour}
	for _, d := range ds {
		fmt.Print(d, " ")
	}
	fmt.Println()
	d, err := time.ParseDuration("1h15m30.5s")
	fmt.Println(d, err, d.Seconds(), d.Minutes(), d.Milliseconds())
	_, err = time.ParseDuration("5 parsecs")
	fmt.Println(err)
	fmt.Println(d.Round(time.Minute), d.Truncate(time.Hour), d/3, d%time.Minute)
	fmt.Printf("%v %d %s %.1f\n", time.Second, time.Millisecond, 90*time.Second, (2 * time.Second).Seconds())
	fmt.Printf("%T\n", time.Second)
}
