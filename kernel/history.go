package kernel

import (
	"unicode/utf8"
)

// historyEntry is one cell executed with store_history.
type historyEntry struct {
	line   int // the execution count
	input  string
	output *string // text/plain of the result, nil if there was none
}

// addHistory records a cell. It is called on the execution goroutine.
func (k *Kernel) addHistory(count int, code string, result MIMEData) {
	e := historyEntry{line: count, input: code}
	if s, ok := result.Data["text/plain"].(string); ok {
		e.output = &s
	}
	k.mu.Lock()
	k.history = append(k.history, e)
	k.mu.Unlock()
}

type historyRequest struct {
	Output         bool   `json:"output"`
	Raw            bool   `json:"raw"`
	HistAccessType string `json:"hist_access_type"`
	Session        *int   `json:"session"`
	Start          *int   `json:"start"`
	Stop           *int   `json:"stop"`
	N              *int   `json:"n"`
	Pattern        string `json:"pattern"`
	Unique         bool   `json:"unique"`
}

// defaultTail is how many entries a tail request without n returns, as in
// IPython's HistoryAccessor.get_tail.
const defaultTail = 10

// selectHistory answers a history request from the recorded entries. The
// kernel keeps one session, numbered session; raw and translated input
// are the same.
func selectHistory(all []historyEntry, session int, req historyRequest) ([]historyEntry, error) {
	switch req.HistAccessType {
	case "tail":
		n := defaultTail
		if req.N != nil {
			n = *req.N
		}
		if n < 0 {
			n = 0
		}
		if n > len(all) {
			n = len(all)
		}
		return all[len(all)-n:], nil
	case "range", "":
		s := 0
		if req.Session != nil {
			s = *req.Session
		}
		// 0 is the current session and negative numbers count back from
		// it; this kernel has no earlier sessions.
		if s != 0 && s != session {
			return nil, nil
		}
		start := 1
		if req.Start != nil {
			start = *req.Start
		}
		var out []historyEntry
		for _, e := range all {
			if e.line >= start && (req.Stop == nil || e.line < *req.Stop) {
				out = append(out, e)
			}
		}
		return out, nil
	case "search":
		pattern := req.Pattern
		if pattern == "" {
			pattern = "*"
		}
		var out []historyEntry
		for _, e := range all {
			if globMatch(pattern, e.input) {
				out = append(out, e)
			}
		}
		if req.Unique {
			// Keep the latest occurrence of each input.
			seen := make(map[string]bool, len(out))
			keep := out[:0:0]
			for i := len(out) - 1; i >= 0; i-- {
				if !seen[out[i].input] {
					seen[out[i].input] = true
					keep = append(keep, out[i])
				}
			}
			for i, j := 0, len(keep)-1; i < j; i, j = i+1, j-1 {
				keep[i], keep[j] = keep[j], keep[i]
			}
			out = keep
		}
		if req.N != nil && *req.N >= 0 && *req.N < len(out) {
			out = out[len(out)-*req.N:]
		}
		return out, nil
	default:
		return nil, errUnknownAccess(req.HistAccessType)
	}
}

type errUnknownAccess string

func (e errUnknownAccess) Error() string {
	return "kernel: unknown hist_access_type " + string(e)
}

// historyItems shapes entries as history_reply wants them:
// [session, line, input] or, with output, [session, line, [input, output]].
func historyItems(es []historyEntry, session int, output bool) []any {
	items := make([]any, 0, len(es))
	for _, e := range es {
		if output {
			var o any // null when the cell had no result
			if e.output != nil {
				o = *e.output
			}
			items = append(items, []any{session, e.line, []any{e.input, o}})
		} else {
			items = append(items, []any{session, e.line, e.input})
		}
	}
	return items
}

// globMatch reports whether s matches the glob pattern as SQLite's GLOB
// (which IPython's history search uses) does: the whole string must match,
// case matters, '*' matches any run of characters including newlines, '?'
// one character, and [abc], [a-z], [^a-z] a character class.
func globMatch(pattern, s string) bool {
	// Iterative matching with one backtrack point for the last '*'.
	var starP, starS = -1, -1
	p, i := 0, 0
	for i < len(s) {
		if p < len(pattern) {
			switch pattern[p] {
			case '*':
				starP, starS = p, i
				p++
				continue
			case '?':
				_, w := utf8.DecodeRuneInString(s[i:])
				p++
				i += w
				continue
			case '[':
				r, w := utf8.DecodeRuneInString(s[i:])
				if ok, next := matchClass(pattern, p, r); next > 0 {
					if ok {
						p = next
						i += w
						continue
					}
				} else if s[i] == '[' { // an unclosed '[' is a literal
					p++
					i++
					continue
				}
			default:
				_, pw := utf8.DecodeRuneInString(pattern[p:])
				if i+pw <= len(s) && s[i:i+pw] == pattern[p:p+pw] {
					p += pw
					i += pw
					continue
				}
			}
		}
		if starP < 0 {
			return false
		}
		// Let the last '*' swallow one more character and retry.
		_, w := utf8.DecodeRuneInString(s[starS:])
		starS += w
		p, i = starP+1, starS
	}
	for p < len(pattern) && pattern[p] == '*' {
		p++
	}
	return p == len(pattern)
}

// matchClass matches r against the class starting at pattern[p] == '['.
// It returns whether r is in the class and the index after the closing
// ']', or next == 0 if the class is not closed.
func matchClass(pattern string, p int, r rune) (ok bool, next int) {
	i := p + 1
	negate := false
	if i < len(pattern) && pattern[i] == '^' {
		negate = true
		i++
	}
	first := true
	for i < len(pattern) {
		if pattern[i] == ']' && !first {
			return ok != negate, i + 1
		}
		first = false
		lo, w := utf8.DecodeRuneInString(pattern[i:])
		i += w
		hi := lo
		if i+1 < len(pattern) && pattern[i] == '-' && pattern[i+1] != ']' {
			hi, w = utf8.DecodeRuneInString(pattern[i+1:])
			i += 1 + w
		}
		if lo <= r && r <= hi {
			ok = true
		}
	}
	return false, 0
}
