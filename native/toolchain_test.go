package native_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/methodic-go/methodic/native"
)

// fakeGo puts on PATH a go command that reports version v, and hides the
// GOROOT the kernel was built with.
func fakeGo(t *testing.T, v string) {
	dir := t.TempDir()
	script := "#!/bin/sh\necho " + v + "\n"
	if err := os.WriteFile(filepath.Join(dir, "go"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("GOROOT", filepath.Join(dir, "no-goroot"))
	t.Setenv("PATH", dir)
}

func TestToolchainMismatch(t *testing.T) {
	k, err := native.ReadKernel()
	if err != nil {
		t.Skip(err)
	}
	fakeGo(t, "go1.20.1")
	_, err = native.FindToolchain(context.Background(), k)
	var te *native.ToolchainError
	if !errors.As(err, &te) {
		t.Fatalf("err = %v, want a ToolchainError", err)
	}
	if !strings.Contains(te.Problem, k.GoVersion) || !strings.Contains(te.Problem, "go1.20.1") || !strings.Contains(te.Fix, "rebuild the kernel") {
		t.Errorf("the error does not name both versions and the fix: %v", te)
	}
	// A Compiler says the same, and so does every Compile after it.
	c := native.New(native.Options{})
	defer c.Close()
	if _, err := c.Compile(context.Background(), "func f() {}", 1, 1); !errors.As(err, &te) {
		t.Errorf("Compile: %v, want a ToolchainError", err)
	}
}

func TestToolchainMissing(t *testing.T) {
	k, err := native.ReadKernel()
	if err != nil {
		t.Skip(err)
	}
	t.Setenv("GOROOT", filepath.Join(t.TempDir(), "none"))
	t.Setenv("PATH", t.TempDir())
	_, err = native.FindToolchain(context.Background(), k)
	var te *native.ToolchainError
	if !errors.As(err, &te) || !strings.Contains(te.Problem, "no Go toolchain") || !strings.Contains(te.Fix, "install Go") {
		t.Fatalf("err = %v", err)
	}
}

func ExampleReady() {
	if _, err := native.Ready(context.Background()); err != nil {
		// A *native.ToolchainError says what is missing and how to fix it.
		return
	}
	// Cells can be compiled here.
}
