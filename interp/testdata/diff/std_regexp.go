// regexp: matching, finding, submatches, replacing, splitting.
package main

import (
	"fmt"
	"regexp"
	"strings"
)

func main() {
	re := regexp.MustCompile(`(\w+)@(\w+)\.com`)
	s := "alice@example.com, bob@test.com; nobody@org"
	fmt.Println(re.MatchString(s))
	fmt.Println(re.FindString(s))
	fmt.Println(re.FindAllString(s, -1))
	fmt.Printf("%q\n", re.FindStringSubmatch(s))
	fmt.Println(re.FindAllStringSubmatchIndex(s, -1))
	fmt.Println(re.ReplaceAllString(s, "$2:$1"))
	fmt.Println(re.ReplaceAllStringFunc(s, strings.ToUpper))
	fmt.Println(regexp.MustCompile(`\s*[,;]\s*`).Split(s, -1))
	named := regexp.MustCompile(`(?P<year>\d{4})-(?P<month>\d{2})`)
	m := named.FindStringSubmatch("date: 2024-03")
	for i, n := range named.SubexpNames() {
		if n != "" {
			fmt.Print(n, "=", m[i], " ")
		}
	}
	fmt.Println()
	_, err := regexp.Compile(`a(b`)
	fmt.Println(err)
	fmt.Println(regexp.QuoteMeta("1+1=2?"), re.NumSubexp(), re.String())
}
