package interp

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/methodic-go/methodic/display"
)

// recorder is an Output that keeps everything a cell sends.
type recorder struct {
	mu       sync.Mutex
	stdout   strings.Builder
	stderr   strings.Builder
	displays []display.Bundle
	clears   int
	inputs   []string // answers to give, in order; Input fails when empty
	prompts  int
}

func (r *recorder) Stream(name, text string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if name == "stdout" {
		r.stdout.WriteString(text)
	} else {
		r.stderr.WriteString(text)
	}
}

func (r *recorder) Display(b display.Bundle, id string, update bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.displays = append(r.displays, b)
}

func (r *recorder) Clear(wait bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.clears++
}

var errNoStdin = errors.New("input not allowed")

func (r *recorder) Input(prompt string, password bool) (string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.prompts++
	if len(r.inputs) == 0 {
		return "", errNoStdin
	}
	s := r.inputs[0]
	r.inputs = r.inputs[1:]
	return s, nil
}

var ansi = regexp.MustCompile("\x1b\\[[0-9;]*m")

func stripANSI(s string) string { return ansi.ReplaceAllString(s, "") }

// scriptCell is one cell of a script and what it must produce.
type scriptCell struct {
	line     int
	code     string
	expect   map[string]string // section name -> text
	sections []string
}

// parseScript reads a cell script: "-- cell --" starts a cell, and
// "-- stdout --", "-- stderr --", "-- result --", "-- error --",
// "-- display --" and "-- input --" sections after it say what the cell
// must produce (see testdata/README.md). Lines before the first cell are
// comments.
func parseScript(t *testing.T, data string) []*scriptCell {
	var cells []*scriptCell
	var cur *scriptCell
	section := ""
	var buf []string
	flush := func() {
		if cur == nil {
			return
		}
		text := strings.Join(buf, "\n")
		if section == "cell" {
			cur.code = text
		} else if section != "" {
			cur.expect[section] = strings.TrimRight(text, "\n")
			cur.sections = append(cur.sections, section)
		}
		buf = nil
	}
	for i, l := range strings.Split(data, "\n") {
		if strings.HasPrefix(l, "-- ") && strings.HasSuffix(l, " --") && len(l) > 6 {
			flush()
			section = strings.TrimSpace(l[3 : len(l)-3])
			if section == "cell" {
				cur = &scriptCell{line: i + 1, expect: map[string]string{}}
				cells = append(cells, cur)
			}
			continue
		}
		if cur != nil {
			buf = append(buf, l)
		}
	}
	flush()
	return cells
}

func TestScripts(t *testing.T) {
	files, err := filepath.Glob("testdata/*.cells")
	if err != nil || len(files) == 0 {
		t.Fatalf("no scripts: %v", err)
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".cells")
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			runScript(t, f, string(data))
		})
	}
}

func runScript(t *testing.T, file, data string) {
	s, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, c := range parseScript(t, data) {
		rec := &recorder{}
		if in, ok := c.expect["input"]; ok {
			rec.inputs = strings.Split(in, "\n")
		}
		res := s.Execute(context.Background(), c.code, rec, ExecOptions{})
		check := func(section, got string) {
			want, ok := c.expect[section]
			got = strings.TrimRight(stripANSI(got), "\n")
			if !ok {
				if got != "" {
					t.Errorf("%s:%d: unexpected %s:\n%s", file, c.line, section, got)
				}
				return
			}
			if section == "stderr" || section == "error" {
				for _, w := range strings.Split(want, "\n") {
					if !strings.Contains(got, w) {
						t.Errorf("%s:%d: %s lacks %q; got:\n%s", file, c.line, section, w, got)
					}
				}
				return
			}
			if got != want {
				t.Errorf("%s:%d: %s:\ngot:\n%s\nwant:\n%s", file, c.line, section, got, want)
			}
		}
		check("stdout", rec.stdout.String())
		check("stderr", rec.stderr.String())
		result := ""
		if res.Value != nil {
			result = res.Value.Text()
			for _, m := range []string{display.MIMEHTML, display.MIMESVG, display.MIMEMarkdown, display.MIMELaTeX} {
				if v, ok := res.Value.Data[m]; ok {
					result += "\n" + m + ": " + v.(string)
				}
			}
		}
		check("result", result)
		errText := ""
		if res.Err != nil {
			errText = res.Err.Name + "\n" + res.Err.Value + "\n" + strings.Join(res.Err.Traceback, "\n")
		}
		check("error", errText)
		var disp []string
		for _, b := range rec.displays {
			for _, m := range []string{display.MIMEHTML, display.MIMEText} {
				if v, ok := b.Data[m]; ok {
					disp = append(disp, m+": "+v.(string))
				}
			}
		}
		check("display", strings.Join(disp, "\n"))
	}
}
