package notebooks

import (
	"fmt"
	"strings"
)

// goKernels are the kernelspec names of Go kernels, for notebooks whose
// kernelspec names no language.
var goKernels = map[string]bool{"methodic": true, "gophernotes": true, "gonb": true, "lgo": true, "go": true, "golang": true}

// Language returns the programming language the notebook's metadata
// says its cells are in, lower-cased: the kernelspec's language, else
// language_info's name, else "go" for the kernelspec of a known Go
// kernel (methodic, gophernotes, gonb, lgo) and the kernelspec's name
// for another. It returns "" when the metadata says nothing, as in a
// notebook written by hand.
func (nb *Notebook) Language() string {
	ks, _ := nb.Metadata["kernelspec"].(map[string]any)
	li, _ := nb.Metadata["language_info"].(map[string]any)
	if l, _ := ks["language"].(string); strings.TrimSpace(l) != "" {
		return strings.ToLower(strings.TrimSpace(l))
	}
	if l, _ := li["name"].(string); strings.TrimSpace(l) != "" {
		return strings.ToLower(strings.TrimSpace(l))
	}
	if n, _ := ks["name"].(string); strings.TrimSpace(n) != "" {
		n = strings.ToLower(strings.TrimSpace(n))
		if goKernels[n] {
			return "go"
		}
		return n
	}
	return ""
}

// LanguageError is the error Run returns for a notebook whose metadata
// names another language than Go.
type LanguageError struct {
	Language string // as Language returns it
	Kernel   string // the kernelspec's name, if any
}

func (e *LanguageError) Error() string {
	if e.Kernel != "" && e.Kernel != e.Language {
		return fmt.Sprintf("notebooks: the notebook is for %s (kernel %q), not Go", e.Language, e.Kernel)
	}
	return fmt.Sprintf("notebooks: the notebook is for %s, not Go", e.Language)
}

// CheckLanguage returns a *LanguageError when the notebook's metadata
// names a language other than Go; a notebook whose metadata names none
// passes.
func (nb *Notebook) CheckLanguage() error {
	l := nb.Language()
	if l == "" || l == "go" {
		return nil
	}
	ks, _ := nb.Metadata["kernelspec"].(map[string]any)
	name, _ := ks["name"].(string)
	return &LanguageError{Language: l, Kernel: name}
}

// makeGo sets the notebook's kernelspec and language_info to Methodic's,
// keeping any other metadata: a notebook of another language run as Go
// then says what ran it.
func (nb *Notebook) makeGo() {
	if nb.Metadata == nil {
		nb.Metadata = map[string]any{}
	}
	for k, v := range New().Metadata {
		nb.Metadata[k] = v
	}
}
