// time.Parse and its errors; comparisons of parsed times.
package main

import (
	"fmt"
	"time"
)

func main() {
	t, err := time.Parse("2006-01-02", "2023-10-05")
	fmt.Println(t, err)
	t2, err := time.Parse(time.RFC3339, "2023-10-05T12:30:00+02:00")
	fmt.Println(t2.UTC(), err)
	_, err = time.Parse("2006-01-02", "2023-13-45")
	fmt.Println(err)
	t3, _ := time.ParseInLocation("Jan 2 2006 15:04", "Mar 7 2021 08:09", time.UTC)
	fmt.Println(t3, t3.Before(t), t.Sub(t3).Hours())
	days := t.Sub(t3) / (24 * time.Hour)
	fmt.Println(int(days))
	fmt.Println(time.March, time.Saturday, time.Month(13))
}
