package models

import (
	"compress/gzip"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"

	"github.com/methodic-go/methodic/mlstd/data"
)

// FileFormat and FileVersion identify the model file format that Save
// writes and Load reads (see the package documentation). Version 2 added
// the heads of a ConvNet with several outputs; Load reads versions 1 and
// 2.
const (
	FileFormat  = "methodic-model"
	FileVersion = 2
)

type fileModel struct {
	Format   string          `json:"format"`
	Version  int             `json:"version"`
	Kind     string          `json:"kind"`
	Options  json.RawMessage `json:"options"`
	Features int             `json:"features"`
	Classes  []string        `json:"classes"`
	// Input is the shape of an input row, for the models that read
	// images or sequences (ConvNet, GRU).
	Input *fileInput `json:"input,omitempty"`
	// Heads are the further outputs of a ConvNet with Heads (version 2):
	// each target's name and classes, in the order of the options' Heads.
	Heads   []fileHead   `json:"heads,omitempty"`
	Tensors []fileTensor `json:"tensors"`
}

// fileHead is one head of a ConvNet in the file.
type fileHead struct {
	Name    string   `json:"name"`
	Classes []string `json:"classes"`
}

// fileInput is an inputShape in the file.
type fileInput struct {
	Channels int  `json:"channels"`
	Height   int  `json:"height"`
	Width    int  `json:"width"`
	Sequence bool `json:"sequence,omitempty"`
}

type fileTensor struct {
	Name  string `json:"name"`
	DType string `json:"dtype"`
	Shape []int  `json:"shape"`
	Data  string `json:"data"`
}

func f32Tensor(name string, shape []int, v []float32) fileTensor {
	b := make([]byte, 4*len(v))
	for i, x := range v {
		binary.LittleEndian.PutUint32(b[4*i:], math.Float32bits(x))
	}
	return fileTensor{Name: name, DType: "float32", Shape: shape, Data: base64.StdEncoding.EncodeToString(b)}
}

func f64Tensor(name string, shape []int, v []float64) fileTensor {
	b := make([]byte, 8*len(v))
	for i, x := range v {
		binary.LittleEndian.PutUint64(b[8*i:], math.Float64bits(x))
	}
	return fileTensor{Name: name, DType: "float64", Shape: shape, Data: base64.StdEncoding.EncodeToString(b)}
}

func (t fileTensor) size() int {
	n := 1
	for _, s := range t.Shape {
		n *= s
	}
	return n
}

func (t fileTensor) float32s() ([]float32, error) {
	b, err := base64.StdEncoding.DecodeString(t.Data)
	if err != nil || t.DType != "float32" || len(b) != 4*t.size() {
		return nil, fmt.Errorf("models: Load: tensor %q is not %v float32 values", t.Name, t.Shape)
	}
	out := make([]float32, t.size())
	for i := range out {
		out[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
	}
	return out, nil
}

func (t fileTensor) float64s() ([]float64, error) {
	b, err := base64.StdEncoding.DecodeString(t.Data)
	if err != nil || t.DType != "float64" || len(b) != 8*t.size() {
		return nil, fmt.Errorf("models: Load: tensor %q is not %v float64 values", t.Name, t.Shape)
	}
	out := make([]float64, t.size())
	for i := range out {
		out[i] = math.Float64frombits(binary.LittleEndian.Uint64(b[8*i:]))
	}
	return out, nil
}

// Save writes a fitted model (*MLP, *ConvNet, *GRU, *Logistic or *Dummy) to w in the
// documented format: a gzip stream of one JSON document.
func Save(w io.Writer, m Model) error {
	f := fileModel{Format: FileFormat, Version: FileVersion}
	var opts any
	switch m := m.(type) {
	case *MLP:
		if m.net == nil {
			return fmt.Errorf("models: Save: the MLP is not trained")
		}
		f.Kind, opts, f.Features, f.Classes = "mlp", m.Options, m.features, m.classes
		for _, b := range m.ParamLayout() {
			f.Tensors = append(f.Tensors, f32Tensor(fmt.Sprintf("%s/%s", b.Name, b.Kind), []int{b.Rows, b.Cols}, m.net.params[b.Offset:b.Offset+b.Size()]))
		}
		for i, l := range m.net.layers {
			if l.bn {
				name := layerName(i, len(m.net.layers))
				f.Tensors = append(f.Tensors, f32Tensor(name+"/running_mean", []int{1, l.out}, l.runMean), f32Tensor(name+"/running_var", []int{1, l.out}, l.runVar))
			}
		}
	case *ConvNet:
		if m.d.net == nil {
			return fmt.Errorf("models: Save: the ConvNet is not trained")
		}
		f.Kind, opts, f.Features, f.Classes = "convnet", m.Options, m.d.features, m.d.classes
		f.Input = &fileInput{Channels: m.shape.C, Height: m.shape.H, Width: m.shape.W, Sequence: m.shape.Seq}
		for _, h := range m.heads {
			f.Heads = append(f.Heads, fileHead{Name: h.Name, Classes: h.Classes})
		}
		f.Tensors = m.d.tensors()
	case *GRU:
		if m.d.net == nil {
			return fmt.Errorf("models: Save: the GRU is not trained")
		}
		f.Kind, opts, f.Features, f.Classes = "gru", m.Options, m.d.features, m.d.classes
		f.Input = &fileInput{Channels: m.shape.C, Height: m.shape.H, Width: m.shape.W, Sequence: m.shape.Seq}
		f.Tensors = m.d.tensors()
	case *Logistic:
		if m.coef == nil {
			return fmt.Errorf("models: Save: the Logistic is not fitted")
		}
		f.Kind, opts, f.Features, f.Classes = "logistic", m.Options, m.features, m.classes
		f.Tensors = append(f.Tensors, f64Tensor("coef", []int{m.k, m.features}, m.coef), f64Tensor("intercept", []int{1, m.k}, m.icpt))
	case *Dummy:
		if m.prior == nil {
			return fmt.Errorf("models: Save: the Dummy is not fitted")
		}
		f.Kind, opts, f.Features, f.Classes = "dummy", m.Options, m.features, m.classes
		f.Tensors = append(f.Tensors, f64Tensor("prior", []int{1, len(m.prior)}, m.prior))
	default:
		return fmt.Errorf("models: Save: cannot save a %T", m)
	}
	raw, err := json.Marshal(opts)
	if err != nil {
		return fmt.Errorf("models: Save: %w", err)
	}
	f.Options = raw
	zw := gzip.NewWriter(w)
	enc := json.NewEncoder(zw)
	if err := enc.Encode(f); err != nil {
		return fmt.Errorf("models: Save: %w", err)
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("models: Save: %w", err)
	}
	return nil
}

// input returns the file's input shape, checked against its features.
func (f *fileModel) input(kind string) (inputShape, error) {
	in := f.Input
	if in == nil || in.Channels <= 0 || in.Height <= 0 || in.Width <= 0 || in.Channels*in.Height*in.Width != f.Features {
		return inputShape{}, fmt.Errorf("models: Load: a %s needs an input shape of %d features, the file has %+v", kind, f.Features, in)
	}
	return inputShape{C: in.Channels, H: in.Height, W: in.Width, Seq: in.Sequence}, nil
}

// Load reads a model written by Save. It returns an error for a file of
// another format, a newer version, or inconsistent contents.
func Load(r io.Reader) (Model, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("models: Load: not a model file: %w", err)
	}
	var f fileModel
	if err := json.NewDecoder(zr).Decode(&f); err != nil {
		return nil, fmt.Errorf("models: Load: %w", err)
	}
	if f.Format != FileFormat {
		return nil, fmt.Errorf("models: Load: format %q is not %q", f.Format, FileFormat)
	}
	if f.Version < 1 || f.Version > FileVersion {
		return nil, fmt.Errorf("models: Load: file version %d, this build reads up to %d", f.Version, FileVersion)
	}
	if f.Features <= 0 || len(f.Classes) < 2 {
		return nil, fmt.Errorf("models: Load: %d features and %d classes", f.Features, len(f.Classes))
	}
	tensors := map[string]fileTensor{}
	for _, t := range f.Tensors {
		tensors[t.Name] = t
	}
	switch f.Kind {
	case "mlp":
		m := &MLP{}
		if err := json.Unmarshal(f.Options, &m.Options); err != nil {
			return nil, fmt.Errorf("models: Load: options: %w", err)
		}
		if err := m.Options.validate(); err != nil {
			return nil, fmt.Errorf("models: Load: %w", err)
		}
		m.features, m.classes = f.Features, f.Classes
		m.build()
		for _, b := range m.ParamLayout() {
			name := fmt.Sprintf("%s/%s", b.Name, b.Kind)
			v, err := tensors[name].float32s()
			if err != nil || len(v) != b.Size() {
				return nil, fmt.Errorf("models: Load: tensor %q missing or not %dx%d", name, b.Rows, b.Cols)
			}
			copy(m.net.params[b.Offset:], v)
		}
		for i, l := range m.net.layers {
			if l.bn {
				name := layerName(i, len(m.net.layers))
				mean, err1 := tensors[name+"/running_mean"].float32s()
				vr, err2 := tensors[name+"/running_var"].float32s()
				if err1 != nil || err2 != nil || len(mean) != l.out || len(vr) != l.out {
					return nil, fmt.Errorf("models: Load: running statistics of %s missing", name)
				}
				copy(l.runMean, mean)
				copy(l.runVar, vr)
			}
		}
		return m, nil
	case "convnet":
		m := NewConvNet(ConvNetOptions{})
		if err := json.Unmarshal(f.Options, &m.Options); err != nil {
			return nil, fmt.Errorf("models: Load: options: %w", err)
		}
		if err := m.Options.validate(); err != nil {
			return nil, fmt.Errorf("models: Load: %w", err)
		}
		shape, err := f.input("ConvNet")
		if err != nil {
			return nil, err
		}
		m.shape = shape
		if len(f.Heads) != len(m.Options.Heads) {
			return nil, fmt.Errorf("models: Load: the options name %d heads, the file has %d", len(m.Options.Heads), len(f.Heads))
		}
		for i, h := range f.Heads {
			if h.Name != m.Options.Heads[i] || len(h.Classes) < 2 {
				return nil, fmt.Errorf("models: Load: head %d is %q with %d classes, the options name %q", i+1, h.Name, len(h.Classes), m.Options.Heads[i])
			}
			m.heads = append(m.heads, data.Target{Name: h.Name, Classes: h.Classes})
		}
		net, err := buildConv[float32](m.Options, m.shape, outputSizes(f.Classes, m.heads))
		if err != nil {
			return nil, fmt.Errorf("models: Load: %w", err)
		}
		m.setup(f.Features, f.Classes)
		m.d.net = net
		if err := m.d.setTensors(tensors); err != nil {
			return nil, err
		}
		return m, nil
	case "gru":
		m := NewGRU(GRUOptions{})
		if err := json.Unmarshal(f.Options, &m.Options); err != nil {
			return nil, fmt.Errorf("models: Load: options: %w", err)
		}
		if err := m.Options.validate(); err != nil {
			return nil, fmt.Errorf("models: Load: %w", err)
		}
		shape, err := f.input("GRU")
		if err != nil {
			return nil, err
		}
		m.shape = shape
		m.setup(f.Features, f.Classes)
		m.d.net = buildGRU[float32](m.Options, m.shape, len(f.Classes))
		if err := m.d.setTensors(tensors); err != nil {
			return nil, err
		}
		return m, nil
	case "logistic":
		m := &Logistic{features: f.Features, classes: f.Classes}
		if err := json.Unmarshal(f.Options, &m.Options); err != nil {
			return nil, fmt.Errorf("models: Load: options: %w", err)
		}
		m.k = len(f.Classes)
		if m.k == 2 {
			m.k = 1
		}
		c, err := tensors["coef"].float64s()
		if err != nil || len(c) != m.k*m.features {
			return nil, fmt.Errorf("models: Load: coef missing or of the wrong size")
		}
		b, err := tensors["intercept"].float64s()
		if err != nil || len(b) != m.k {
			return nil, fmt.Errorf("models: Load: intercept missing or of the wrong size")
		}
		m.coef, m.icpt = c, b
		return m, nil
	case "dummy":
		m := &Dummy{features: f.Features, classes: f.Classes}
		if err := json.Unmarshal(f.Options, &m.Options); err != nil {
			return nil, fmt.Errorf("models: Load: options: %w", err)
		}
		p, err := tensors["prior"].float64s()
		if err != nil || len(p) != len(f.Classes) {
			return nil, fmt.Errorf("models: Load: prior missing or of the wrong size")
		}
		m.prior = p
		return m, nil
	}
	return nil, fmt.Errorf("models: Load: unknown model kind %q", f.Kind)
}

// SaveFile writes m to the file at path (through a temporary file and a
// rename, so that a failure leaves any previous file intact).
func SaveFile(path string, m Model) error {
	tmp, err := os.CreateTemp(dirOf(path), ".model-*")
	if err != nil {
		return fmt.Errorf("models: SaveFile: %w", err)
	}
	defer os.Remove(tmp.Name())
	if err := Save(tmp, m); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("models: SaveFile: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("models: SaveFile: %w", err)
	}
	return nil
}

// LoadFile reads a model from the file at path.
func LoadFile(path string) (Model, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("models: LoadFile: %w", err)
	}
	defer f.Close()
	return Load(f)
}

func dirOf(path string) string {
	for i := len(path) - 1; i >= 0; i-- {
		if os.IsPathSeparator(path[i]) {
			return path[:i+1]
		}
	}
	return "."
}
