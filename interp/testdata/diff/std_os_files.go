// Files in a temporary directory: write, append, read, stat, errors.
package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

func main() {
	dir, err := os.MkdirTemp("", "diffsuite-")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	p := filepath.Join(dir, "notes.txt")
	fmt.Println(os.WriteFile(p, []byte("line 1\n"), 0o644))
	f, _ := os.OpenFile(p, os.O_APPEND|os.O_WRONLY, 0)
	fmt.Fprintln(f, "line 2")
	f.Close()
	b, err := os.ReadFile(p)
	fmt.Printf("%q %v\n", b, err)
	st, _ := os.Stat(p)
	fmt.Println(st.Name(), st.Size(), st.IsDir(), st.Mode().Perm())
	_, err = os.ReadFile(filepath.Join(dir, "missing"))
	fmt.Println(errors.Is(err, fs.ErrNotExist), errors.Is(err, os.ErrNotExist))
	var pe *fs.PathError
	fmt.Println(errors.As(err, &pe), pe.Op, filepath.Base(pe.Path), pe.Err)
	os.Mkdir(filepath.Join(dir, "sub"), 0o755)
	os.WriteFile(filepath.Join(dir, "sub", "a.go"), nil, 0o644)
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		fmt.Print(e.Name(), e.IsDir(), " ")
	}
	fmt.Println()
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		rel, _ := filepath.Rel(dir, path)
		fmt.Print(rel, " ")
		return nil
	})
	fmt.Println()
}
