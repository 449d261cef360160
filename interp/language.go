package interp

import (
	"go/version"
	"runtime"
	"strings"
)

// Language is what Jupyter's language_info says of the cells' language.
// The kernel's kernel_info_reply and the notebooks that `methodic run`
// writes both take it from Lang, so that a notebook saved by one is not
// marked modified when the other opens it: the classic Notebook marks a
// notebook modified when its language_info differs in any field from the
// kernel's.
type Language struct {
	Name           string // "go"
	Version        string // the Go language version, "1.26"
	Mimetype       string // "text/x-go"
	FileExtension  string // ".go"
	PygmentsLexer  string // "go"
	CodemirrorMode string // "go"
}

// Lang returns the language of the cells. Its Version is the language
// version of the Go that built the program ("1.26" for go1.26.8), the
// version a go.mod names, so that notebooks do not change with every
// patch release of the toolchain.
func Lang() Language {
	v := strings.TrimPrefix(version.Lang(runtime.Version()), "go")
	if v == "" {
		v = runtime.Version() // a development toolchain
	}
	return Language{
		Name:           "go",
		Version:        v,
		Mimetype:       "text/x-go",
		FileExtension:  ".go",
		PygmentsLexer:  "go",
		CodemirrorMode: "go",
	}
}

// Metadata returns l as a notebook's metadata.language_info, with the
// keys kernel_info_reply uses.
func (l Language) Metadata() map[string]any {
	return map[string]any{
		"name":            l.Name,
		"version":         l.Version,
		"mimetype":        l.Mimetype,
		"file_extension":  l.FileExtension,
		"pygments_lexer":  l.PygmentsLexer,
		"codemirror_mode": l.CodemirrorMode,
	}
}
