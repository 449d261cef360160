package kernel

import (
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestGlobMatch(t *testing.T) {
	for _, tc := range []struct {
		pattern, s string
		want       bool
	}{
		{"*", "", true},
		{"*", "anything\nat all", true},
		{"", "", true},
		{"", "x", false},
		{"abc", "abc", true},
		{"abc", "abcd", false},
		{"a*", "abc", true},
		{"*c", "abc", true},
		{"*b*", "abc", true},
		{"*x*", "abc", false},
		{"a?c", "abc", true},
		{"a?c", "ac", false},
		{"a?c", "aéc", true},
		{"é*", "été", true},
		{"x := *", "x := 1\nx", true},
		{"[abc]x", "bx", true},
		{"[abc]x", "dx", false},
		{"[a-c]*", "cat", true},
		{"[^a-c]*", "cat", false},
		{"[^a-c]*", "dog", true},
		{"[]]", "]", true},
		{"[a-]", "-", true},
		{"[é-ë]", "ê", true},
		{"a[b", "a[b", true},
		{"a[b", "axb", false},
		{"A*", "abc", false}, // case matters
		{"*a*a*a*a*b", strings.Repeat("a", 60), false},
		{"fmt.Println(*)", "fmt.Println(1)", true},
	} {
		if got := globMatch(tc.pattern, tc.s); got != tc.want {
			t.Errorf("globMatch(%q, %q) = %v, want %v", tc.pattern, tc.s, got, tc.want)
		}
	}
}

// globRegexp translates a glob without classes to a regexp.
func globRegexp(pattern string) *regexp.Regexp {
	var b strings.Builder
	b.WriteString(`^(?s:`)
	for _, r := range pattern {
		switch r {
		case '*':
			b.WriteString(`.*`)
		case '?':
			b.WriteString(`.`)
		default:
			b.WriteString(regexp.QuoteMeta(string(r)))
		}
	}
	b.WriteString(`)$`)
	return regexp.MustCompile(b.String())
}

// FuzzGlob checks globMatch against regexp for patterns of literals, '*'
// and '?', and that no pattern makes it panic.
func FuzzGlob(f *testing.F) {
	for _, s := range [][2]string{{"*", "x"}, {"a*b?c", "aXXbYc"}, {"[a-z]*", "go"}, {"*é?", "café!"}, {"**?*", ""}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, pattern, s string) {
		got := globMatch(pattern, s)
		if strings.Contains(pattern, "[") || !utf8.ValidString(pattern) || !utf8.ValidString(s) {
			return
		}
		if want := globRegexp(pattern).MatchString(s); got != want {
			t.Fatalf("globMatch(%q, %q) = %v, regexp says %v", pattern, s, got, want)
		}
	})
}
