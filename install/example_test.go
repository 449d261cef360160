package install_test

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/methodic-go/methodic/install"
)

func ExampleInstall() {
	prefix, _ := os.MkdirTemp("", "methodic")
	defer os.RemoveAll(prefix)
	dir, err := install.Install(install.Options{Scope: install.Prefix, Prefix: prefix, Exe: "/usr/local/bin/methodic"})
	if err != nil {
		fmt.Println(err)
		return
	}
	rel, _ := filepath.Rel(prefix, dir)
	fmt.Println(rel)
	// Output: share/jupyter/kernels/methodic
}

func ExampleNewSpec() {
	s := install.NewSpec("/usr/local/bin/methodic")
	fmt.Println(s.Argv, s.DisplayName, s.InterruptMode)
	// Output: [/usr/local/bin/methodic kernel {connection_file}] Go (Methodic) message
}
