package cellseq

import (
	"fmt"
	"slices"
	"strconv"
)

// The generic steps: generic functions and types whose type parameters
// are named like names of the cells (T, K, V, E, and the variables,
// constants, functions and types the other steps declare), defined
// types of the cells named T, K, V and E, their variables, and calls of
// the generics with them. They are drawn by a random stream of their own
// (seeded by the sequence's seed), between the other steps, so that the
// other steps of every seed are the ones they were before these kinds
// existed, each at its place in the sequence.

// genericRate is the chance that a generic step comes before a step of
// the other kinds.
const genericRate = 0.2

// genericSteps are the generic kinds.
var genericSteps []step

func init() {
	genericSteps = []step{
		{name: "declNamedType", weight: 3, gen: (*generator).declNamedType},
		{name: "declNamedVar", weight: 3, gen: (*generator).declNamedVar},
		{name: "declGeneric", weight: 4, gen: (*generator).declGeneric},
		{name: "callGeneric", weight: 4, output: true, gen: (*generator).callGeneric},
	}
}

// namedTypes are the defined types the generic steps declare, by name:
// the underlying type, how to write a value of it from an int, and how
// fmt prints that value.
var namedTypes = map[string]struct {
	under   string
	literal func(n int) string
	printed func(n int) string
}{
	"T": {"int", func(n int) string { return fmt.Sprintf("T(%d)", n) }, strconv.Itoa},
	"K": {"string", func(n int) string { return fmt.Sprintf("K(%q)", "k"+strconv.Itoa(n)) }, func(n int) string { return "k" + strconv.Itoa(n) }},
	"V": {"float64", func(n int) string { return fmt.Sprintf("V(%d.5)", n) }, func(n int) string { return strconv.Itoa(n) + ".5" }},
	"E": {"struct{ N int }", func(n int) string { return fmt.Sprintf("E{N: %d}", n) }, func(n int) string { return "{" + strconv.Itoa(n) + "}" }},
}

var namedOrder = []string{"T", "K", "V", "E"}

// generics are the generic declarations, by the name of their function:
// the code with type parameter names %[1]s and %[2]s, and a call for the
// values probe with what it prints. g4 calls g0.
var generics = []struct {
	name, code, probe, want string
	params                  int
}{
	{"g0", "func g0[%[1]s any](x %[1]s) %[1]s { return x }", "g0(7)", "7", 1},
	{"g1", "func g1[%[1]s comparable, %[2]s any](k %[1]s, v %[2]s) map[%[1]s]%[2]s { return map[%[1]s]%[2]s{k: v} }", `g1("a", 1)`, "map[a:1]", 2},
	{"g2", "func g2[%[1]s any](xs ...%[1]s) int { return len(xs) }", "g2(1, 2)", "2", 1},
	{"g3", "type Box[%[1]s any] struct{ V %[1]s }\n\nfunc (b Box[%[2]s]) Get() %[2]s { return b.V }\n\nfunc g3[%[2]s any](v %[2]s) %[2]s { return Box[%[2]s]{V: v}.Get() }", "g3(5)", "5", 2},
	{"g4", "func g4[%[1]s any](x %[1]s) %[1]s { return g0(x) }", "g4(6)", "6", 1},
}

// paramName draws a type parameter name: T, K, V, E, or a name the
// cells declare, other than those in taken.
func (g *generator) paramName(taken []string) string {
	cands := slices.Clone(namedOrder)
	for n, e := range g.m.ents {
		if e.kind != kGeneric && n != "Box" {
			cands = append(cands, n)
		}
	}
	slices.Sort(cands)
	cands = slices.DeleteFunc(cands, func(n string) bool { return slices.Contains(taken, n) })
	return cands[g.gx.IntN(len(cands))]
}

func (g *generator) declNamedType() (Cell, bool) {
	n := namedOrder[g.gx.IntN(len(namedOrder))]
	if e := g.m.ents[n]; e == nil {
		g.m.ents[n] = &entity{kind: kNamed, typ: n}
	}
	code := fmt.Sprintf("type %s %s", n, namedTypes[n].under)
	if g.gx.IntN(2) == 0 {
		c, _ := g.namedVar(n)
		code += "\n" + c
	}
	return ok(code), true
}

func (g *generator) declNamedVar() (Cell, bool) {
	n, found := g.pickX(g.m.names(kNamed))
	if !found {
		return Cell{}, false
	}
	code, _ := g.namedVar(n)
	return ok(code), true
}

// namedVar declares a variable of the named type t.
func (g *generator) namedVar(t string) (string, string) {
	n := "tv" + strconv.Itoa(1+g.gx.IntN(3))
	x := g.gx.IntN(20)
	nt := namedTypes[t]
	g.m.ents[n] = &entity{kind: kNamedVar, tname: t, val: nt.printed(x)}
	if g.gx.IntN(2) == 0 {
		return fmt.Sprintf("var %s %s = %s", n, t, nt.literal(x)), n
	}
	return fmt.Sprintf("%s := %s", n, nt.literal(x)), n
}

func (g *generator) declGeneric() (Cell, bool) {
	i := g.gx.IntN(len(generics))
	d := generics[i]
	if d.name == "g4" && g.m.ents["g0"] == nil {
		return Cell{}, false
	}
	p := g.paramName(nil)
	q := g.paramName([]string{p})
	if d.params == 1 {
		q = p
	}
	g.m.ents[d.name] = &entity{kind: kGeneric, k: i}
	return ok(fmt.Sprintf(d.code, p, q)), true
}

func (g *generator) callGeneric() (Cell, bool) {
	v, found := g.pickX(g.m.names(kNamedVar))
	if !found {
		return Cell{}, false
	}
	f, found := g.pickX(g.m.names(kGeneric))
	if !found {
		return Cell{}, false
	}
	e := g.m.ents[v]
	val := e.val.(string)
	var call, out string
	switch f {
	case "g1":
		call, out = fmt.Sprintf("g1(%s, 1)", v), "map["+val+":1]"
	case "g2":
		call, out = fmt.Sprintf("g2(%s, %s)", v, v), "2"
	default:
		call, out = fmt.Sprintf("%s(%s)", f, v), val
	}
	c := ok(fmt.Sprintf("fmt.Println(%s)", call))
	if f != "g1" && f != "g2" && g.gx.IntN(2) == 0 {
		// Keep the result: a variable of the named type.
		n := "tv" + strconv.Itoa(1+g.gx.IntN(3))
		g.m.ents[n] = &entity{kind: kNamedVar, tname: e.tname, val: val}
		c = ok(fmt.Sprintf("%s := %s\nfmt.Println(%s)", n, call, n))
	}
	c.Stdout = out + "\n"
	c.Uses = []string{v, f}
	return c, true
}

// pickX is pick with the generic steps' stream.
func (g *generator) pickX(names []string) (string, bool) {
	if len(names) == 0 {
		return "", false
	}
	return names[g.gx.IntN(len(names))], true
}

// genericProbe is the values probe's line of a generic entity: the
// expression and what it prints, "" when it has none.
func (m *model) genericProbe(n string, e *entity) (expr, val string) {
	switch e.kind {
	case kNamed:
		nt := namedTypes[n]
		return nt.literal(7), nt.printed(7)
	case kNamedVar:
		return n, e.val.(string)
	case kGeneric:
		d := generics[e.k]
		return d.probe, d.want
	}
	return "", ""
}
