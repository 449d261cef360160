// strconv: parsing and formatting numbers, booleans and quoted strings,
// and its errors.
package main

import (
	"errors"
	"fmt"
	"strconv"
)

func main() {
	n, err := strconv.Atoi("123")
	fmt.Println(n, err)
	_, err = strconv.Atoi("12a")
	fmt.Println(err)
	var ne *strconv.NumError
	fmt.Println(errors.As(err, &ne), ne.Func, ne.Num, ne.Err == strconv.ErrSyntax)
	_, err = strconv.ParseInt("99999999999999999999", 10, 64)
	fmt.Println(err, errors.Is(err, strconv.ErrRange))
	i, _ := strconv.ParseInt("-ff", 16, 32)
	u, _ := strconv.ParseUint("0b101", 0, 8)
	fmt.Println(i, u)
	f, _ := strconv.ParseFloat("3.25e2", 64)
	b, _ := strconv.ParseBool("TRUE")
	fmt.Println(f, b)
	fmt.Println(strconv.Itoa(-45), strconv.FormatInt(255, 2), strconv.FormatInt(-255, 16), strconv.FormatUint(7, 36))
	fmt.Println(strconv.FormatFloat(3.14159, 'f', 2, 64), strconv.FormatFloat(1e21, 'g', -1, 64), strconv.FormatFloat(0.000012, 'e', 3, 64))
	fmt.Println(strconv.Quote("hi\n\"there\""), strconv.QuoteRune('☺'), strconv.QuoteToASCII("é"))
	s, err := strconv.Unquote(`"a\tb"`)
	fmt.Printf("%q %v\n", s, err)
	_, err = strconv.Unquote("noquotes")
	fmt.Println(err)
	buf := strconv.AppendInt([]byte("n="), 42, 10)
	buf = strconv.AppendQuote(buf, "q")
	fmt.Println(string(buf), strconv.FormatBool(false))
}
