package interp

import (
	"fmt"
	"go/token"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/methodic-go/methodic/interp/symbols"
)

// Completion is the answer to a completion request: the matches, and the
// span of the code (in Unicode code points) that a match replaces.
type Completion struct {
	Matches    []Match
	Start, End int
}

// Match is one completion. Kind is one of the kinds JupyterLab draws an
// icon for: "module" (a package), "function" (a function or method),
// "class" (a type), "instance" (a variable), "statement" (a constant),
// "property" (a struct field), "keyword". Signature is the Go signature
// or type, when there is one.
type Match struct {
	Text, Kind, Signature string
}

// complete is Complete without the recovery of boundary.go.
func (s *Session) complete(code string, cursor int) Completion {
	off := byteOffset(code, cursor)
	start := off
	for start > 0 {
		r, n := utf8.DecodeLastRuneInString(code[:start])
		if !isIdentRune(r) {
			break
		}
		start -= n
	}
	end := off
	for end < len(code) {
		r, n := utf8.DecodeRuneInString(code[end:])
		if !isIdentRune(r) {
			break
		}
		end += n
	}
	prefix := code[start:off]
	snap := s.snap.Load()
	var cands []Match
	if start > 0 && code[start-1] == '.' {
		recv := exprBefore(code[:start-1])
		cands = s.members(snap, code[:start], recv)
	} else {
		cands = s.names(snap, code[:start])
	}
	var out []Match
	seen := map[string]bool{}
	for _, c := range cands {
		if strings.HasPrefix(c.Text, prefix) && !seen[c.Text] && !hiddenName(c.Text) {
			seen[c.Text] = true
			out = append(out, c)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Text < out[j].Text })
	return Completion{Matches: out, Start: runeCount(code[:start]), End: runeCount(code[:end])}
}

func isIdentRune(r rune) bool { return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) }

func byteOffset(s string, runes int) int {
	off := 0
	for i := 0; i < runes && off < len(s); i++ {
		_, n := utf8.DecodeRuneInString(s[off:])
		off += n
	}
	return off
}

func runeCount(s string) int { return utf8.RuneCountInString(s) }

// exprBefore returns the identifier (or selector chain) that ends s.
func exprBefore(s string) string {
	i := len(s)
	for i > 0 {
		r, n := utf8.DecodeLastRuneInString(s[:i])
		if !isIdentRune(r) && r != '.' {
			break
		}
		i -= n
	}
	return s[i:]
}

var keywords = []string{"break", "case", "chan", "const", "continue", "default", "defer", "else",
	"fallthrough", "for", "func", "go", "goto", "if", "import", "interface", "map", "package",
	"range", "return", "select", "struct", "switch", "type", "var"}

var builtinFuncs = map[string]string{
	"append": "func append(slice []Type, elems ...Type) []Type", "cap": "func cap(v Type) int",
	"clear": "func clear[T ~[]Type | ~map[Type]Type1](t T)", "close": "func close(c chan<- Type)",
	"complex": "func complex(r, i FloatType) ComplexType", "copy": "func copy(dst, src []Type) int",
	"delete": "func delete(m map[Type]Type1, key Type)", "imag": "func imag(c ComplexType) FloatType",
	"len": "func len(v Type) int", "make": "func make(t Type, size ...IntegerType) Type",
	"max": "func max[T cmp.Ordered](x T, y ...T) T", "min": "func min[T cmp.Ordered](x T, y ...T) T",
	"new": "func new(Type) *Type", "panic": "func panic(v any)", "print": "func print(args ...Type)",
	"println": "func println(args ...Type)", "real": "func real(c ComplexType) FloatType",
	"recover": "func recover() any",
}

// names lists what a bare identifier can be: declarations and variables
// of the session, names declared earlier in the code, imported and
// preloaded packages, keywords and builtins.
func (s *Session) names(snap *snapshot, before string) []Match {
	var out []Match
	for _, k := range keywords {
		out = append(out, Match{Text: k, Kind: "keyword"})
	}
	for n, sig := range builtinFuncs {
		out = append(out, Match{Text: n, Kind: "function", Signature: sig})
	}
	for n := range universe {
		if _, ok := builtinFuncs[n]; !ok {
			out = append(out, Match{Text: n, Kind: "class"})
		}
	}
	out = append(out, Match{Text: "ctx", Kind: "instance", Signature: "context.Context"})
	if snap != nil {
		for _, v := range s.vars.all() {
			kind := "instance"
			if v.kind == "const" {
				kind = "statement"
			}
			out = append(out, Match{Text: v.name, Kind: kind, Signature: v.typeStr})
		}
		for _, e := range snap.decls {
			for _, n := range e.names {
				out = append(out, Match{Text: n, Kind: declKind(e.kind), Signature: firstLine(e.src)})
			}
		}
		for n, p := range snap.imports {
			out = append(out, Match{Text: n, Kind: "module", Signature: p})
		}
	}
	for n, p := range autoImports {
		out = append(out, Match{Text: n, Kind: "module", Signature: p})
	}
	for _, l := range localNames(before) {
		out = append(out, Match{Text: l, Kind: "instance"})
	}
	return out
}

func declKind(k string) string {
	switch k {
	case "func", "method":
		return "function"
	case "type":
		return "class"
	case "const":
		return "statement"
	}
	return "instance"
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return strings.TrimSuffix(strings.TrimSpace(s), "{")
}

var (
	reDefine = regexp.MustCompile(`(?m)([A-Za-z_]\w*(?:\s*,\s*[A-Za-z_]\w*)*)\s*:=`)
	reVar    = regexp.MustCompile(`(?m)\bvar\s+([A-Za-z_]\w*)`)
	reFunc   = regexp.MustCompile(`(?m)\bfunc\s+([A-Za-z_]\w*)`)
	reParam  = regexp.MustCompile(`\bfunc\s*[A-Za-z_]*\s*\(([^)]*)\)`)
)

// localNames finds names declared in code, without parsing it (it is
// being typed and rarely parses).
func localNames(code string) []string {
	var out []string
	for _, m := range reDefine.FindAllStringSubmatch(code, -1) {
		for _, n := range strings.Split(m[1], ",") {
			out = append(out, strings.TrimSpace(n))
		}
	}
	for _, re := range []*regexp.Regexp{reVar, reFunc} {
		for _, m := range re.FindAllStringSubmatch(code, -1) {
			out = append(out, m[1])
		}
	}
	for _, m := range reParam.FindAllStringSubmatch(code, -1) {
		for _, p := range strings.Split(m[1], ",") {
			if f := strings.Fields(p); len(f) > 0 && token.IsIdentifier(f[0]) {
				out = append(out, f[0])
			}
		}
	}
	return out
}

// members lists what can follow recv and a dot.
func (s *Session) members(snap *snapshot, before, recv string) []Match {
	if recv == "" {
		return nil
	}
	// A package?
	if p, ok := s.packagePath(snap, recv); ok {
		return packageMembers(p)
	}
	parts := strings.Split(recv, ".")
	t := s.typeOfName(snap, before, parts[0])
	for _, field := range parts[1:] {
		if t == nil {
			return nil
		}
		t = t.member(field)
	}
	if t == nil {
		return nil
	}
	return t.members(snap)
}

// packagePath resolves a package name used in a cell.
func (s *Session) packagePath(snap *snapshot, name string) (string, bool) {
	if snap != nil {
		if s.vars.has(name) {
			return "", false
		}
		if p, ok := snap.imports[name]; ok {
			return p, true
		}
	}
	p, ok := autoImports[name]
	return p, ok
}

// packageMembers lists the exported names of a package from its symbol
// table, with their kinds and Go types.
func packageMembers(importPath string) []Match {
	return append([]Match(nil), packageSymbols(importPath)...)
}

func packageSymbols(importPath string) []Match {
	key, ok := symbolKey(importPath)
	if !ok {
		return nil
	}
	t, _ := symbols.Load(key)
	pkg := packageName(importPath)
	var out []Match
	for n, v := range t {
		if strings.HasPrefix(n, "_") {
			continue
		}
		out = append(out, symbolMatch(pkg, n, v))
	}
	if doc := docsFor(importPath); doc != nil {
		for i, m := range out {
			if d, ok := doc.Members[m.Text]; ok && d.Sig != "" {
				out[i].Signature = d.Sig
			}
		}
	}
	return out
}

func symbolMatch(pkg, name string, v reflect.Value) Match {
	switch {
	case v.Kind() == reflect.Func && !v.CanAddr():
		return Match{Text: name, Kind: "function", Signature: "func " + name + strings.TrimPrefix(v.Type().String(), "func")}
	case v.Kind() == reflect.Pointer && !v.CanAddr() && v.IsNil():
		return Match{Text: name, Kind: "class", Signature: "type " + pkg + "." + name + " " + v.Type().Elem().Kind().String()}
	case v.CanAddr():
		return Match{Text: name, Kind: "instance", Signature: "var " + name + " " + v.Type().String()}
	}
	return Match{Text: name, Kind: "statement", Signature: fmt.Sprintf("const %s", name)}
}

// A typeInfo is a type known to completion: a compiled type (rtype) or a
// type of the cells (ytype).
type typeInfo struct {
	rt reflect.Type
	yt *ytype
}

// typeOfName finds the type of a variable: a global of the session, or a
// name the code before the cursor defines from a package function or a
// composite literal.
func (s *Session) typeOfName(snap *snapshot, before, name string) *typeInfo {
	// The code being typed wins over the session: it is newer.
	if t := localType(snap, before, name); t != nil {
		return t
	}
	if snap != nil {
		if v, ok := s.vars.get(name); ok && v.typ != nil {
			return fromYtype(v.typ)
		}
	}
	return nil
}

func fromYtype(t *ytype) *typeInfo {
	if t == nil {
		return nil
	}
	if t.Path == "main" || (t.Cat == ycPtr && t.Elem != nil && t.Elem.Path == "main") {
		return &typeInfo{yt: t}
	}
	if t.RType != nil {
		return &typeInfo{rt: t.RType}
	}
	if t.Cat == ycPtr && t.Elem != nil && t.Elem.RType != nil {
		return &typeInfo{rt: reflect.PointerTo(t.Elem.RType)}
	}
	return &typeInfo{yt: t}
}

var (
	reCallDef = regexp.MustCompile(`([A-Za-z_]\w*)(?:\s*,\s*[A-Za-z_]\w*)*\s*:?=\s*(&?)([A-Za-z_]\w*)\.([A-Za-z_]\w*)\s*([({])`)
	reLitDef  = regexp.MustCompile(`([A-Za-z_]\w*)\s*:?=\s*(&?)([A-Za-z_]\w*)\s*\{`)
	reVarDef  = regexp.MustCompile(`\bvar\s+([A-Za-z_]\w*)\s+(\*?)([A-Za-z_]\w*)\.([A-Za-z_]\w*)`)
)

// localType infers the type of name from its definition in code:
// x := pkg.F(...), x := pkg.T{...}, x := &pkg.T{...}, var x pkg.T,
// x := T{...} for a type of the cells.
func localType(snap *snapshot, code, name string) *typeInfo {
	var found *typeInfo
	for _, m := range reCallDef.FindAllStringSubmatch(code, -1) {
		if m[1] != name {
			continue
		}
		p, ok := autoImports[m[3]]
		if snap != nil {
			if ip, ok2 := snap.imports[m[3]]; ok2 {
				p, ok = ip, true
			}
		}
		if !ok {
			continue
		}
		key, ok := symbolKey(p)
		if !ok {
			continue
		}
		t, _ := symbols.Load(key)
		v, ok := t[m[4]]
		if !ok {
			continue
		}
		switch {
		case m[5] == "(" && v.Kind() == reflect.Func && v.Type().NumOut() > 0:
			found = &typeInfo{rt: v.Type().Out(0)}
		case m[5] == "{" && v.Kind() == reflect.Pointer && !v.CanAddr():
			rt := v.Type().Elem()
			if m[2] == "&" {
				rt = reflect.PointerTo(rt)
			}
			found = &typeInfo{rt: rt}
		}
	}
	for _, m := range reVarDef.FindAllStringSubmatch(code, -1) {
		if m[1] != name {
			continue
		}
		if p, ok := autoImports[m[3]]; ok {
			if key, ok := symbolKey(p); ok {
				t, _ := symbols.Load(key)
				if v, ok := t[m[4]]; ok && v.Kind() == reflect.Pointer && !v.CanAddr() {
					rt := v.Type().Elem()
					if m[2] == "*" {
						rt = reflect.PointerTo(rt)
					}
					found = &typeInfo{rt: rt}
				}
			}
		}
	}
	if snap != nil {
		for _, m := range reLitDef.FindAllStringSubmatch(code, -1) {
			if m[1] != name {
				continue
			}
			if e, ok := snap.decls[m[3]]; ok && e.kind == "type" {
				found = &typeInfo{yt: &ytype{Name: m[3], Path: "main", Str: "main." + m[3], Cat: ycStruct}}
			}
		}
	}
	return found
}

// member returns the type of field name of t.
func (t *typeInfo) member(name string) *typeInfo {
	if t.rt != nil {
		rt := t.rt
		if rt.Kind() == reflect.Pointer {
			rt = rt.Elem()
		}
		if rt.Kind() == reflect.Struct {
			if f, ok := rt.FieldByName(name); ok {
				return &typeInfo{rt: f.Type}
			}
		}
		return nil
	}
	yt := t.yt
	if yt.Cat == ycPtr && yt.Elem != nil {
		yt = yt.Elem
	}
	for _, f := range yt.Fields {
		if f.Name == name {
			return fromYtype(f.Type)
		}
	}
	return nil
}

// members lists the fields and methods of t.
func (t *typeInfo) members(snap *snapshot) []Match {
	var out []Match
	if t.rt != nil {
		rt := t.rt
		pt := rt
		if rt.Kind() != reflect.Pointer && rt.Kind() != reflect.Interface {
			pt = reflect.PointerTo(rt)
		}
		for i := 0; i < pt.NumMethod(); i++ {
			m := pt.Method(i)
			sig := m.Type.String()
			if pt.Kind() != reflect.Interface {
				sig = methodSig(m.Type)
			}
			out = append(out, Match{Text: m.Name, Kind: "function", Signature: "func " + m.Name + strings.TrimPrefix(sig, "func")})
		}
		st := rt
		if st.Kind() == reflect.Pointer {
			st = st.Elem()
		}
		if st.Kind() == reflect.Struct {
			for i := 0; i < st.NumField(); i++ {
				f := st.Field(i)
				if f.IsExported() {
					out = append(out, Match{Text: f.Name, Kind: "property", Signature: f.Name + " " + f.Type.String()})
				}
			}
		}
		return out
	}
	yt := t.yt
	if yt.Cat == ycPtr && yt.Elem != nil {
		yt = yt.Elem
	}
	for _, f := range yt.Fields {
		out = append(out, Match{Text: f.Name, Kind: "property", Signature: f.Name + " " + typeLabel(f.Type)})
	}
	if snap != nil && yt.Name != "" {
		for _, m := range snap.methods[yt.Name] {
			name := strings.SplitN(m.key, ".", 2)[1]
			out = append(out, Match{Text: name, Kind: "function", Signature: firstLine(m.src)})
		}
		if len(yt.Fields) == 0 {
			if e, ok := snap.decls[yt.Name]; ok {
				for _, f := range structFields(e.src) {
					out = append(out, Match{Text: f, Kind: "property"})
				}
			}
		}
	}
	return out
}

// methodSig prints a method type without its receiver.
func methodSig(t reflect.Type) string {
	var in, outs []string
	for i := 1; i < t.NumIn(); i++ {
		s := t.In(i).String()
		if t.IsVariadic() && i == t.NumIn()-1 {
			s = "..." + t.In(i).Elem().String()
		}
		in = append(in, s)
	}
	for i := 0; i < t.NumOut(); i++ {
		outs = append(outs, t.Out(i).String())
	}
	sig := "func(" + strings.Join(in, ", ") + ")"
	switch len(outs) {
	case 0:
	case 1:
		sig += " " + outs[0]
	default:
		sig += " (" + strings.Join(outs, ", ") + ")"
	}
	return sig
}

var reField = regexp.MustCompile(`(?m)^\s*([A-Za-z_]\w*(?:\s*,\s*[A-Za-z_]\w*)*)\s+[^\s]`)

// structFields reads the field names of a struct type declaration.
func structFields(src string) []string {
	i := strings.Index(src, "{")
	j := strings.LastIndex(src, "}")
	if i < 0 || j < i {
		return nil
	}
	var out []string
	for _, line := range strings.FieldsFunc(src[i+1:j], func(r rune) bool { return r == '\n' || r == ';' }) {
		if m := reField.FindStringSubmatch(line); m != nil {
			for _, n := range strings.Split(m[1], ",") {
				out = append(out, strings.TrimSpace(n))
			}
		}
	}
	return out
}
