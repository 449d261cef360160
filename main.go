// Command methodic is a Jupyter kernel for Go, with a standard library for
// the practical methodology of machine learning preloaded.
//
//	methodic kernel CONNECTION_FILE   run as a kernel (what kernel.json runs)
//	methodic install [flags]          install the kernelspec for Jupyter
//	methodic run NOTEBOOK [flags]     execute a notebook in process
//	methodic worker --study NAME --storage URL   run trials of a shared study
//	methodic key                      print (and create) the key that signs shared studies
//	methodic version                  print the version
//
// Each command takes -h.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"strings"
)

// version is set at link time (-ldflags "-X main.version=v1.2.3"); without
// it the module version or the VCS revision of the build is used.
var version = ""

const usage = `methodic is a Jupyter kernel for Go with a machine-learning
methodology library preloaded.

Usage:

	methodic kernel CONNECTION_FILE   run as a Jupyter kernel (kernel.json runs this)
	methodic install [flags]          install the kernelspec so Jupyter can start methodic
	methodic run NOTEBOOK [flags]     execute a notebook in process, without Jupyter
	methodic worker --study NAME --storage URL [--n-trials N]
	                                  run trials of a study shared from a notebook
	methodic key [--file PATH]        print the key that signs shared studies (created if missing)
	methodic version                  print the version

Run "methodic COMMAND -h" for a command's flags.
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run dispatches a command line and returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	cmd, rest := args[0], args[1:]
	var err error
	switch cmd {
	case "kernel":
		err = kernelCmd(rest, stderr)
	case "install":
		err = installCmd(rest, stdout, stderr)
	case "run":
		err = runCmd(rest, stdout, stderr)
	case "version":
		err = versionCmd(rest, stdout, stderr)
	case "worker":
		err = workerCmd(rest, stdout, stderr)
	case "key":
		err = keyCmd(rest, stdout, stderr)
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "methodic: unknown command %q\n\n%s", cmd, usage)
		return 2
	}
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, new(flagError)):
		// The flag package has said what is wrong, and shown the usage.
		return 2
	case errors.As(err, new(signalError)):
		var se signalError
		errors.As(err, &se)
		fmt.Fprintf(stderr, "methodic %s: %v\n", cmd, err)
		return se.exitCode()
	case errors.As(err, new(usageError)):
		fmt.Fprintf(stderr, "methodic %s: %v\n", cmd, err)
		return 2
	default:
		fmt.Fprintf(stderr, "methodic %s: %v\n", cmd, err)
		return 1
	}
}

// usageError is a mistake in the command line (exit status 2).
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// flagError is a flag that did not parse (exit status 2). The flag
// package has printed the problem and the usage already, so run prints
// nothing more.
type flagError struct{ err error }

func (e flagError) Error() string { return e.err.Error() }
func (e flagError) Unwrap() error { return e.err }

// parseFlags parses args with fs, turning a parse error into a flagError
// (-h stays flag.ErrHelp).
func parseFlags(fs *flag.FlagSet, args []string) error {
	err := fs.Parse(args)
	if err != nil && !errors.Is(err, flag.ErrHelp) {
		return flagError{err}
	}
	return err
}

// newFlags returns a flag set for a command whose usage text is synopsis
// followed by the flags.
func newFlags(name, synopsis string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: %s\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parseInterspersed parses flags that may come before and after the
// positional arguments ("run a.ipynb -o b.ipynb"), and returns the
// positional ones.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := parseFlags(fs, args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

func versionString() string {
	v := version
	bi, ok := debug.ReadBuildInfo()
	if v == "" && ok {
		v = bi.Main.Version
		if v == "" || v == "(devel)" {
			v = "devel"
			for _, s := range bi.Settings {
				if s.Key == "vcs.revision" && len(s.Value) >= 12 {
					v += "+" + s.Value[:12]
				}
			}
		}
	}
	return v
}

func versionCmd(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("version", "methodic version", stderr)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{"version takes no arguments"}
	}
	fmt.Fprintf(stdout, "methodic %s (%s, %s/%s)\n", versionString(), runtime.Version(), runtime.GOOS, runtime.GOARCH)
	return nil
}

// goVersion is the Go version that built the kernel, without the "go"
// prefix, as language_info wants it.
func goVersion() string {
	return strings.TrimPrefix(runtime.Version(), "go")
}
