// The strings package: search, split, join, case, trim, replace.
package main

import (
	"fmt"
	"strings"
)

func main() {
	s := "  The quick brown fox  "
	fmt.Printf("%q\n", strings.TrimSpace(s))
	fmt.Printf("%q\n", strings.Fields(s))
	fmt.Printf("%q\n", strings.Split("a,b,,c", ","))
	fmt.Printf("%q\n", strings.SplitN("a,b,c,d", ",", 2))
	fmt.Printf("%q\n", strings.SplitAfter("a.b.c", "."))
	fmt.Println(strings.Join([]string{"x", "y", "z"}, "-"))
	fmt.Println(strings.ToUpper("héllo"), strings.ToLower("ÀB"), strings.ToTitle("go"))
	fmt.Println(strings.Contains(s, "quick"), strings.ContainsAny("abc", "xyzc"), strings.ContainsRune("abc", 'b'))
	fmt.Println(strings.Index("chicken", "ken"), strings.LastIndex("go gopher", "go"), strings.IndexByte("abc", 'c'), strings.IndexAny("golang", "ny"))
	fmt.Println(strings.HasPrefix("prefix", "pre"), strings.HasSuffix("suffix", "fix"), strings.Count("cheese", "e"), strings.Count("five", ""))
	fmt.Println(strings.Replace("oink oink oink", "k", "ky", 2), strings.ReplaceAll("oink oink", "oink", "moo"))
	fmt.Println(strings.Repeat("ab", 3), strings.Trim("xxhixx", "x"), strings.TrimLeft("aabc", "a"), strings.TrimPrefix("prefix", "pre"), strings.TrimSuffix("a.go", ".go"))
	fmt.Println(strings.EqualFold("Go", "GO"), strings.Compare("a", "b"), strings.Title("hello world"))
	before, after, found := strings.Cut("key=value=x", "=")
	fmt.Println(before, after, found)
	rest, ok := strings.CutPrefix("v1.2", "v")
	fmt.Println(rest, ok)
	r := strings.NewReplacer("<", "&lt;", ">", "&gt;")
	fmt.Println(r.Replace("<b>bold</b>"))
	fmt.Println(strings.Map(func(r rune) rune {
		if r == 'a' {
			return -1
		}
		return r + 1
	}, "banana"))
}
