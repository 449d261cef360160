package main

import (
	"context"
	"fmt"
	"io"

	"github.com/methodic-go/methodic/install"
)

func installCmd(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("install", "methodic install [--user | --sys-prefix | --prefix DIR] [--uninstall]", stderr)
	user := fs.Bool("user", false, "install for the current user (the default): $JUPYTER_DATA_DIR or the user's Jupyter data directory")
	sysPrefix := fs.Bool("sys-prefix", false, "install into sys.prefix of the Python that runs jupyter (for virtualenvs)")
	prefix := fs.String("prefix", "", "install into `DIR`/share/jupyter/kernels")
	uninstall := fs.Bool("uninstall", false, "remove the kernelspec instead")
	warm := fs.Bool("warm", false, "also compile a probe %%compile cell, which builds the kernel's packages for plugins once")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("unexpected argument %q", fs.Arg(0))}
	}
	var o install.Options
	n := 0
	if *user {
		n++
	}
	if *sysPrefix {
		o.Scope = install.SysPrefix
		n++
	}
	if *prefix != "" {
		o.Scope, o.Prefix = install.Prefix, *prefix
		n++
	}
	if n > 1 {
		return usageError{"--user, --sys-prefix and --prefix exclude each other"}
	}
	if *uninstall {
		dir, err := install.Uninstall(o)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "removed the methodic kernelspec from %s\n", dir)
		return nil
	}
	dir, err := install.Install(o)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "installed the methodic kernelspec in %s\n", dir)
	checkCompiled(context.Background(), stdout, *warm)
	return nil
}
