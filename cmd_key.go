package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"

	"github.com/methodic-go/methodic/mlstd/tune"
)

// keyCmd prints the key that signs the searches a notebook shares and
// that workers check (tune.Key): its ID and where it is. It creates the
// key file (mode 0600) when there is none, as the first Study.Share
// would, so that it can be copied to the worker machines before any
// search is shared. It never prints the secret itself.
func keyCmd(args []string, stdout, stderr io.Writer) error {
	flags := newFlags("key", "methodic key [--file PATH]", stderr)
	file := flags.String("file", "", "the key `FILE` (default: $"+tune.KeyEnv+" if set, else the default key file)")
	if err := flags.Parse(args); err != nil {
		return err
	}
	if flags.NArg() > 0 {
		return usageError{"key takes no arguments"}
	}
	var (
		k   *tune.Key
		err error
	)
	if *file == "" {
		k, err = tune.DefaultKey()
		if !errors.Is(err, tune.ErrNoKey) {
			return printKey(stdout, k, err)
		}
		if *file, err = tune.DefaultKeyPath(); err != nil {
			return err
		}
	}
	k, err = tune.CreateKey(*file)
	switch {
	case errors.Is(err, fs.ErrExist):
		k, err = tune.LoadKey(*file)
	case err == nil:
		fmt.Fprintf(stderr, "methodic key: created %s (mode 0600): copy it to each worker machine, or set %s there to its content\n", *file, tune.KeyEnv)
	}
	return printKey(stdout, k, err)
}

func printKey(w io.Writer, k *tune.Key, err error) error {
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(w, k)
	return err
}
