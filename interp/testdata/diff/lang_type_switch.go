// Type switches: several types per case, nil, interfaces, default.
package main

import (
	"errors"
	"fmt"
)

type Shape interface{ Area() float64 }

type Sq struct{ S float64 }

func (s Sq) Area() float64 { return s.S * s.S }

func describe(v any) string {
	switch x := v.(type) {
	case nil:
		return "nil"
	case int, int64:
		return fmt.Sprintf("integer %v (%T)", x, x)
	case string:
		return "string of " + fmt.Sprint(len(x))
	case error:
		return "error " + x.Error()
	case Shape:
		return fmt.Sprintf("shape with area %.1f", x.Area())
	case []int:
		return fmt.Sprint("slice ", len(x))
	case func() int:
		return fmt.Sprint("func giving ", x())
	default:
		return fmt.Sprintf("other %T", x)
	}
}

func main() {
	for _, v := range []any{nil, 1, int64(2), "abc", errors.New("e"), Sq{3}, []int{1}, func() int { return 4 }, 2.5, map[int]int{}} {
		fmt.Println(describe(v))
	}
}
