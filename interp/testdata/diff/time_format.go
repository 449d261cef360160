// time: formatting a fixed instant with layouts, durations, arithmetic.
package main

import (
	"fmt"
	"time"
)

func main() {
	t := time.Date(2024, time.February, 29, 13, 4, 5, 123456789, time.UTC)
	fmt.Println(t)
	fmt.Println(t.Format(time.RFC3339), t.Format(time.RFC3339Nano), t.Format(time.Kitchen))
	fmt.Println(t.Format("2006-01-02 15:04:05.000"), t.Format("Mon Jan _2 03:04PM"), t.Format(time.DateOnly))
	fmt.Println(t.Year(), t.Month(), t.Day(), t.Weekday(), t.YearDay(), t.Hour(), t.Nanosecond())
	u := t.AddDate(0, 1, 1).Add(90 * time.Minute)
	fmt.Println(u, u.Sub(t), u.After(t), t.Equal(t.UTC()))
	fmt.Println(t.Truncate(time.Hour).Format(time.TimeOnly), t.Round(time.Second).Format(time.StampMilli))
	fmt.Println(t.Unix(), t.UnixMilli(), time.Unix(0, 0).UTC())
	loc := time.FixedZone("X", -5*3600)
	fmt.Println(t.In(loc), t.In(loc).Format(time.RFC1123Z))
	var zero time.Time
	fmt.Println(zero.IsZero(), zero)
}
