// A typed enum with a String method and a lookup table.
package main

import "fmt"

type Level uint8

const (
	Debug Level = iota + 1
	Info
	Warn
	Error
)

var levelNames = map[Level]string{Debug: "DEBUG", Info: "INFO", Warn: "WARN", Error: "ERROR"}

func (l Level) String() string {
	if s, ok := levelNames[l]; ok {
		return s
	}
	return fmt.Sprintf("Level(%d)", uint8(l))
}

func main() {
	for l := Debug; l <= Error+1; l++ {
		fmt.Print(l, " ")
	}
	fmt.Println()
	fmt.Println(Warn > Info, Warn-Info, Level(0))
}
