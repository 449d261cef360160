// A recursive-descent calculator for + - * / and parentheses.
package main

import (
	"fmt"
	"strconv"
	"unicode"
)

type parser struct {
	s   string
	pos int
}

func (p *parser) peek() byte {
	for p.pos < len(p.s) && p.s[p.pos] == ' ' {
		p.pos++
	}
	if p.pos < len(p.s) {
		return p.s[p.pos]
	}
	return 0
}

func (p *parser) expr() float64 {
	v := p.term()
	for {
		switch p.peek() {
		case '+':
			p.pos++
			v += p.term()
		case '-':
			p.pos++
			v -= p.term()
		default:
			return v
		}
	}
}

func (p *parser) term() float64 {
	v := p.factor()
	for {
		switch p.peek() {
		case '*':
			p.pos++
			v *= p.factor()
		case '/':
			p.pos++
			v /= p.factor()
		default:
			return v
		}
	}
}

func (p *parser) factor() float64 {
	if p.peek() == '(' {
		p.pos++
		v := p.expr()
		p.peek()
		p.pos++
		return v
	}
	if p.peek() == '-' {
		p.pos++
		return -p.factor()
	}
	start := p.pos
	for p.pos < len(p.s) && (unicode.IsDigit(rune(p.s[p.pos])) || p.s[p.pos] == '.') {
		p.pos++
	}
	v, err := strconv.ParseFloat(p.s[start:p.pos], 64)
	if err != nil {
		panic(fmt.Sprintf("bad number at %d", start))
	}
	return v
}

func eval(s string) (v float64, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("eval %q: %v", s, r)
		}
	}()
	p := &parser{s: s}
	return p.expr(), nil
}

func main() {
	for _, s := range []string{"1 + 2 * 3", "(1 + 2) * 3", "10 / 4 - -1", "2 * (3 + (4 - 1)) / 3", "1 + x"} {
		v, err := eval(s)
		fmt.Println(s, "=", v, err)
	}
}
