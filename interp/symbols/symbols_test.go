package symbols

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestFresh fails when the committed tables no longer match the packages
// they must cover: a new mlstd package, or a standard library of another
// Go version. Run go generate ./interp/... to fix it.
func TestFresh(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	cmd := exec.Command("go", "run", "../../internal/cmd/gensymbols", "-check")
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("interp/symbols is stale (run go generate ./interp/...): %v", err)
	}
	want, err := os.ReadFile("packages.txt")
	if err != nil {
		t.Fatal(err)
	}
	keys := map[string]bool{}
	for _, k := range Keys() {
		keys[k[:strings.LastIndex(k, "/")]] = true
	}
	lines := strings.Split(strings.TrimSpace(string(want)), "\n")
	for _, l := range lines {
		p := strings.Fields(l)[0]
		if !keys[p] {
			t.Errorf("packages.txt lists %s but no table registers it", p)
		}
	}
	if len(keys) != len(lines) {
		t.Errorf("%d tables for %d packages in packages.txt", len(keys), len(lines))
	}
	// Every package has its export data.
	zr, err := zip.NewReader(bytes.NewReader(Types()), int64(len(Types())))
	if err != nil {
		t.Fatal(err)
	}
	inZip := map[string]bool{}
	for _, f := range zr.File {
		if f.Name == "packages.txt" {
			// The list the export data was written for.
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			list, err := io.ReadAll(rc)
			rc.Close()
			if err != nil || string(list) != string(want) {
				t.Errorf("types.zip was written for another packages.txt (run go generate ./interp/...)")
			}
			continue
		}
		inZip[f.Name] = true
	}
	for _, l := range lines {
		if p := strings.Fields(l)[0]; !inZip[p] {
			t.Errorf("types.zip has no export data for %s", p)
		}
	}
	if len(inZip) != len(lines) {
		t.Errorf("types.zip holds %d packages, packages.txt lists %d", len(inZip), len(lines))
	}
}

func TestLoad(t *testing.T) {
	tab, ok := Load("fmt/fmt")
	if !ok || !tab["Println"].IsValid() {
		t.Fatal("fmt.Println missing")
	}
	if _, ok := Load("no/such"); ok {
		t.Fatal("unknown key loaded")
	}
	if len(Docs()) == 0 {
		t.Fatal("no docs")
	}
}
