package notebooks

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"sort"
	"strings"

	"github.com/methodic-go/methodic/internal/atomicfile"

	"github.com/methodic-go/methodic/interp"
)

// Notebook is a Jupyter notebook in nbformat 4.
type Notebook struct {
	Cells         []*Cell
	Metadata      map[string]any
	NBFormat      int
	NBFormatMinor int
}

// Cell types.
const (
	Code     = "code"
	Markdown = "markdown"
	Raw      = "raw"
)

// Cell is one cell. Outputs and ExecutionCount belong to code cells,
// Attachments to markdown and raw cells.
type Cell struct {
	ID             string
	Type           string
	Source         string
	Metadata       map[string]any
	Outputs        []*Output
	ExecutionCount *int
	Attachments    map[string]any
}

// Output kinds.
const (
	Stream        = "stream"
	DisplayData   = "display_data"
	ExecuteResult = "execute_result"
	Error         = "error"
)

// Output is one output of a code cell. Which fields are used depends on
// Type: Name and Text for a stream; Data and Metadata for display_data
// and execute_result (which also has ExecutionCount); Ename, Evalue and
// Traceback for an error.
//
// Data holds text as a single string; binary images as base64 strings;
// JSON types (application/json and */*+json) as decoded values.
type Output struct {
	Type           string
	Name           string
	Text           string
	Data           map[string]any
	Metadata       map[string]any
	ExecutionCount *int
	Ename          string
	Evalue         string
	Traceback      []string
}

// New returns an empty notebook for the Methodic kernel, at nbformat 4.5.
func New() *Notebook {
	return &Notebook{
		NBFormat:      4,
		NBFormatMinor: 5,
		Metadata: map[string]any{
			"kernelspec": map[string]any{
				"name":         "methodic",
				"display_name": "Go (Methodic)",
				"language":     "go",
			},
			"language_info": interp.Lang().Metadata(),
		},
	}
}

// AddCell appends a cell of the given type and source and returns it. A
// code cell starts with no outputs and no execution count.
func (nb *Notebook) AddCell(typ, source string) *Cell {
	c := &Cell{Type: typ, Source: source, Metadata: map[string]any{}}
	if nb.NBFormat == 4 && nb.NBFormatMinor >= 5 {
		c.ID = newID()
	}
	nb.Cells = append(nb.Cells, c)
	return c
}

// The JSON shapes of the file format.
type (
	fileNotebook struct {
		Cells         []json.RawMessage `json:"cells"`
		Metadata      map[string]any    `json:"metadata"`
		NBFormat      int               `json:"nbformat"`
		NBFormatMinor int               `json:"nbformat_minor"`
	}
	fileCell struct {
		ID             *string            `json:"id,omitempty"`
		CellType       string             `json:"cell_type"`
		Metadata       map[string]any     `json:"metadata"`
		Source         multiline          `json:"source"`
		Outputs        *[]json.RawMessage `json:"outputs,omitempty"`
		ExecutionCount *json.RawMessage   `json:"execution_count,omitempty"`
		Attachments    map[string]any     `json:"attachments,omitempty"`
	}
	fileOutput struct {
		OutputType     string           `json:"output_type"`
		Name           string           `json:"name,omitempty"`
		Text           *multiline       `json:"text,omitempty"`
		Data           map[string]any   `json:"data,omitempty"`
		Metadata       *map[string]any  `json:"metadata,omitempty"`
		ExecutionCount *json.RawMessage `json:"execution_count,omitempty"`
		Ename          string           `json:"ename,omitempty"`
		Evalue         *string          `json:"evalue,omitempty"`
		Traceback      []string         `json:"traceback,omitempty"`
	}
)

// multiline is nbformat's multiline_string: a string, or a list of
// strings that are concatenated.
type multiline string

func (m *multiline) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		*m = multiline(s)
		return nil
	}
	var parts []string
	if err := json.Unmarshal(b, &parts); err != nil {
		return errors.New("expected a string or a list of strings")
	}
	*m = multiline(strings.Join(parts, ""))
	return nil
}

func (m multiline) MarshalJSON() ([]byte, error) { return json.Marshal(splitLines(string(m))) }

// splitLines splits s after each newline, as nbformat stores text.
func splitLines(s string) []string {
	lines := []string{}
	for s != "" {
		i := strings.IndexByte(s, '\n')
		if i < 0 {
			lines = append(lines, s)
			break
		}
		lines = append(lines, s[:i+1])
		s = s[i+1:]
	}
	return lines
}

// isJSONMIME reports whether data of this MIME type is stored as JSON
// rather than text.
func isJSONMIME(mime string) bool {
	return mime == "application/json" || strings.HasSuffix(mime, "+json")
}

// Read decodes and validates a notebook. Errors name the cell and field
// that are wrong.
func Read(r io.Reader) (*Notebook, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("notebooks: reading: %w", err)
	}
	return Decode(b)
}

// ReadFile reads a notebook file.
func ReadFile(path string) (*Notebook, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("notebooks: %w", err)
	}
	nb, err := Decode(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return nb, nil
}

// Decode decodes and validates a notebook from its JSON.
func Decode(b []byte) (*Notebook, error) {
	var f fileNotebook
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, fmt.Errorf("notebooks: not a notebook: %w", err)
	}
	if f.NBFormat != 4 {
		return nil, fmt.Errorf("notebooks: nbformat %d is not supported (only nbformat 4)", f.NBFormat)
	}
	nb := &Notebook{Metadata: f.Metadata, NBFormat: f.NBFormat, NBFormatMinor: f.NBFormatMinor}
	if nb.Metadata == nil {
		return nil, errors.New("notebooks: the notebook has no metadata")
	}
	if f.Cells == nil {
		return nil, errors.New("notebooks: the notebook has no cells list")
	}
	for i, raw := range f.Cells {
		c, err := decodeCell(raw)
		if err != nil {
			return nil, fmt.Errorf("notebooks: cell %d: %w", i+1, err)
		}
		nb.Cells = append(nb.Cells, c)
	}
	if err := nb.Validate(); err != nil {
		return nil, err
	}
	return nb, nil
}

func decodeCell(raw json.RawMessage) (*Cell, error) {
	var fc fileCell
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&fc); err != nil {
		return nil, err
	}
	c := &Cell{Type: fc.CellType, Source: string(fc.Source), Metadata: fc.Metadata, Attachments: fc.Attachments}
	if fc.ID != nil {
		c.ID = *fc.ID
	}
	if fc.Metadata == nil {
		return nil, errors.New("missing metadata")
	}
	if !has(raw, "execution_count") {
		fc.ExecutionCount = nil
	} else if fc.ExecutionCount == nil {
		null := json.RawMessage("null")
		fc.ExecutionCount = &null
	}
	count, err := decodeCount(fc.ExecutionCount)
	if err != nil {
		return nil, fmt.Errorf("execution_count: %w", err)
	}
	c.ExecutionCount = count
	switch c.Type {
	case Code:
		if fc.Outputs == nil {
			return nil, errors.New("a code cell needs an outputs list")
		}
		if fc.ExecutionCount == nil {
			return nil, errors.New("a code cell needs an execution_count (null when not run)")
		}
		for j, raw := range *fc.Outputs {
			o, err := decodeOutput(raw)
			if err != nil {
				return nil, fmt.Errorf("output %d: %w", j+1, err)
			}
			c.Outputs = append(c.Outputs, o)
		}
	case Markdown, Raw:
		if fc.Outputs != nil || fc.ExecutionCount != nil {
			return nil, fmt.Errorf("a %s cell has outputs or an execution_count", c.Type)
		}
	default:
		return nil, fmt.Errorf("unknown cell_type %q", c.Type)
	}
	return c, nil
}

func decodeCount(raw *json.RawMessage) (*int, error) {
	if raw == nil || string(*raw) == "null" {
		return nil, nil
	}
	var n int
	if err := json.Unmarshal(*raw, &n); err != nil || n < 0 {
		return nil, fmt.Errorf("want a non-negative integer or null, got %s", *raw)
	}
	return &n, nil
}

// has reports whether the JSON object raw has the key, even with a null
// value (which encoding/json cannot tell from a missing key).
func has(raw json.RawMessage, key string) bool {
	var m map[string]json.RawMessage
	if json.Unmarshal(raw, &m) != nil {
		return false
	}
	_, ok := m[key]
	return ok
}

func decodeOutput(raw json.RawMessage) (*Output, error) {
	var fo fileOutput
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&fo); err != nil {
		return nil, err
	}
	if fo.OutputType == ExecuteResult && fo.ExecutionCount == nil && has(raw, "execution_count") {
		null := json.RawMessage("null")
		fo.ExecutionCount = &null
	}
	o := &Output{Type: fo.OutputType, Name: fo.Name, Ename: fo.Ename, Traceback: fo.Traceback}
	switch o.Type {
	case Stream:
		if fo.Text == nil || (o.Name != "stdout" && o.Name != "stderr") {
			return nil, errors.New("a stream needs name stdout or stderr and text")
		}
		o.Text = string(*fo.Text)
	case DisplayData, ExecuteResult:
		if fo.Data == nil || fo.Metadata == nil {
			return nil, fmt.Errorf("%s needs data and metadata", o.Type)
		}
		o.Metadata = *fo.Metadata
		o.Data = map[string]any{}
		for mime, v := range fo.Data {
			if isJSONMIME(mime) {
				o.Data[mime] = v
				continue
			}
			s, err := joinText(v)
			if err != nil {
				return nil, fmt.Errorf("data %s: %w", mime, err)
			}
			o.Data[mime] = s
		}
		if o.Type == ExecuteResult {
			if fo.ExecutionCount == nil {
				return nil, errors.New("execute_result needs an execution_count")
			}
			n, err := decodeCount(fo.ExecutionCount)
			if err != nil {
				return nil, fmt.Errorf("execution_count: %w", err)
			}
			o.ExecutionCount = n
		}
	case Error:
		if fo.Evalue == nil || fo.Traceback == nil {
			return nil, errors.New("an error needs ename, evalue and traceback")
		}
		o.Evalue = *fo.Evalue
	default:
		return nil, fmt.Errorf("unknown output_type %q", o.Type)
	}
	return o, nil
}

func joinText(v any) (string, error) {
	switch t := v.(type) {
	case string:
		return t, nil
	case []any:
		var sb strings.Builder
		for _, p := range t {
			s, ok := p.(string)
			if !ok {
				return "", errors.New("want a string or a list of strings")
			}
			sb.WriteString(s)
		}
		return sb.String(), nil
	}
	return "", errors.New("want a string or a list of strings")
}

var idPattern = regexp.MustCompile(`^[a-zA-Z0-9_-]{1,64}$`)

// Validate checks what the nbformat 4 schema requires of the notebook's
// structure: known cell and output types, cell ids (nbformat 4.5 and
// later) that are well formed and unique, stream names.
func (nb *Notebook) Validate() error {
	if nb.NBFormat != 4 {
		return fmt.Errorf("notebooks: nbformat %d is not supported", nb.NBFormat)
	}
	seen := map[string]int{}
	for i, c := range nb.Cells {
		where := fmt.Sprintf("notebooks: cell %d", i+1)
		switch c.Type {
		case Code, Markdown, Raw:
		default:
			return fmt.Errorf("%s: unknown cell type %q", where, c.Type)
		}
		if nb.NBFormatMinor >= 5 {
			if !idPattern.MatchString(c.ID) {
				return fmt.Errorf("%s: cell id %q is not 1-64 letters, digits, '-' or '_'", where, c.ID)
			}
			if j, dup := seen[c.ID]; dup {
				return fmt.Errorf("%s: cell id %q is also the id of cell %d", where, c.ID, j)
			}
			seen[c.ID] = i + 1
		}
		if c.Type != Code && (len(c.Outputs) > 0 || c.ExecutionCount != nil) {
			return fmt.Errorf("%s: a %s cell cannot have outputs", where, c.Type)
		}
		for j, o := range c.Outputs {
			switch o.Type {
			case Stream:
				if o.Name != "stdout" && o.Name != "stderr" {
					return fmt.Errorf("%s, output %d: stream name %q", where, j+1, o.Name)
				}
			case DisplayData, ExecuteResult, Error:
			default:
				return fmt.Errorf("%s, output %d: unknown output type %q", where, j+1, o.Type)
			}
		}
	}
	return nil
}

// Encode returns the notebook as nbformat JSON, indented with one space
// and keys sorted, the way Jupyter writes notebooks, so that saved
// notebooks diff well.
func (nb *Notebook) Encode() ([]byte, error) {
	if nb.NBFormat == 4 && nb.NBFormatMinor >= 5 {
		nb.fillIDs()
	}
	if err := nb.Validate(); err != nil {
		return nil, err
	}
	f := fileNotebook{Metadata: nb.Metadata, NBFormat: nb.NBFormat, NBFormatMinor: nb.NBFormatMinor, Cells: []json.RawMessage{}}
	if f.Metadata == nil {
		f.Metadata = map[string]any{}
	}
	for _, c := range nb.Cells {
		fc, err := encodeCell(c, nb.NBFormatMinor >= 5)
		if err != nil {
			return nil, fmt.Errorf("notebooks: encoding: %w", err)
		}
		b, err := json.Marshal(fc)
		if err != nil {
			return nil, fmt.Errorf("notebooks: encoding: %w", err)
		}
		f.Cells = append(f.Cells, b)
	}
	b, err := json.Marshal(f)
	if err != nil {
		return nil, fmt.Errorf("notebooks: encoding: %w", err)
	}
	// Re-encode through a generic value to sort keys and indent.
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func encodeCell(c *Cell, withID bool) (fileCell, error) {
	fc := fileCell{CellType: c.Type, Metadata: c.Metadata, Source: multiline(c.Source), Attachments: c.Attachments}
	if fc.Metadata == nil {
		fc.Metadata = map[string]any{}
	}
	if withID {
		id := c.ID
		fc.ID = &id
	}
	if c.Type == Code {
		outs := []json.RawMessage{}
		for _, o := range c.Outputs {
			b, err := json.Marshal(encodeOutput(o))
			if err != nil {
				return fc, err
			}
			outs = append(outs, b)
		}
		fc.Outputs = &outs
		fc.ExecutionCount = encodeCount(c.ExecutionCount)
	}
	return fc, nil
}

func encodeCount(n *int) *json.RawMessage {
	raw := json.RawMessage("null")
	if n != nil {
		raw = json.RawMessage(fmt.Sprint(*n))
	}
	return &raw
}

func encodeOutput(o *Output) fileOutput {
	fo := fileOutput{OutputType: o.Type}
	switch o.Type {
	case Stream:
		fo.Name = o.Name
		t := multiline(o.Text)
		fo.Text = &t
	case DisplayData, ExecuteResult:
		fo.Data = map[string]any{}
		for mime, v := range o.Data {
			if s, ok := v.(string); ok && !isJSONMIME(mime) {
				fo.Data[mime] = splitLines(s)
				continue
			}
			fo.Data[mime] = v
		}
		md := o.Metadata
		if md == nil {
			md = map[string]any{}
		}
		fo.Metadata = &md
		if o.Type == ExecuteResult {
			fo.ExecutionCount = encodeCount(o.ExecutionCount)
		}
	case Error:
		fo.Ename = o.Ename
		ev := o.Evalue
		fo.Evalue = &ev
		fo.Traceback = o.Traceback
		if fo.Traceback == nil {
			fo.Traceback = []string{}
		}
	}
	return fo
}

func (nb *Notebook) fillIDs() {
	for _, c := range nb.Cells {
		if c.ID == "" {
			c.ID = newID()
		}
	}
}

func newID() string {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("notebooks: no randomness: " + err.Error())
	}
	return hex.EncodeToString(b[:])
}

// WriteFile writes the notebook to path through a temporary file in the
// same directory and a rename, so that an interrupted write never leaves
// a truncated notebook. An existing file keeps its permissions; a
// read-only one is not replaced; a symbolic link is written through (the
// file it names is replaced, the link stays).
func (nb *Notebook) WriteFile(path string) error {
	b, err := nb.Encode()
	if err != nil {
		return err
	}
	if err := atomicfile.Write(path, b, 0o644); err != nil {
		return fmt.Errorf("notebooks: %w", err)
	}
	return nil
}

// MIMETypes returns the MIME types of a cell's rich outputs and the kinds
// of its other outputs ("stream:stdout", "error"), sorted and without
// repeats: a summary of what a cell shows.
func (c *Cell) MIMETypes() []string {
	set := map[string]bool{}
	for _, o := range c.Outputs {
		switch o.Type {
		case Stream:
			set["stream:"+o.Name] = true
		case Error:
			set["error"] = true
		default:
			for m := range o.Data {
				set[m] = true
			}
		}
	}
	out := make([]string, 0, len(set))
	for m := range set {
		out = append(out, m)
	}
	sort.Strings(out)
	return out
}
