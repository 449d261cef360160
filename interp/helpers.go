package interp

import (
	"encoding/base64"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"log"
	"reflect"

	"github.com/methodic-go/methodic/display"
)

func base64Std(b []byte) string { return base64.StdEncoding.EncodeToString(b) }

// copyBundle returns a copy of b, so that a cell changing a bundle it
// returned does not change what was published.
func copyBundle(b display.Bundle) display.Bundle {
	var out display.Bundle
	for k, v := range b.Data {
		out = out.Set(k, v)
	}
	for k, v := range b.Metadata {
		out = out.SetMeta(k, v)
	}
	return out
}

// mapTypes tells yaegi which interfaces to look for on values of types
// declared in cells when they are passed as `any` to these compiled
// functions, so that fmt prints them through their String method.
func mapTypes() map[reflect.Value][]reflect.Type {
	stringer := []reflect.Type{
		reflect.TypeOf((*fmt.Formatter)(nil)).Elem(),
		reflect.TypeOf((*fmt.Stringer)(nil)).Elem(),
	}
	m := map[reflect.Value][]reflect.Type{}
	for _, f := range []any{fmt.Errorf, fmt.Fprint, fmt.Fprintf, fmt.Fprintln, fmt.Print, fmt.Printf,
		fmt.Println, fmt.Sprint, fmt.Sprintf, fmt.Sprintln, fmt.Append, fmt.Appendf, fmt.Appendln,
		log.Print, log.Printf, log.Println, log.Panic, log.Panicf, log.Panicln, log.Fatal, log.Fatalf, log.Fatalln} {
		m[reflect.ValueOf(f)] = stringer
	}
	scanner := []reflect.Type{reflect.TypeOf((*fmt.Scanner)(nil)).Elem()}
	for _, f := range []any{fmt.Scan, fmt.Scanf, fmt.Scanln, fmt.Fscan, fmt.Fscanf, fmt.Fscanln, fmt.Sscan, fmt.Sscanf, fmt.Sscanln} {
		m[reflect.ValueOf(f)] = scanner
	}
	m[reflect.ValueOf(json.Marshal)] = []reflect.Type{reflect.TypeOf((*json.Marshaler)(nil)).Elem()}
	m[reflect.ValueOf(json.Unmarshal)] = []reflect.Type{reflect.TypeOf((*json.Unmarshaler)(nil)).Elem()}
	m[reflect.ValueOf(xml.Marshal)] = []reflect.Type{reflect.TypeOf((*xml.Marshaler)(nil)).Elem()}
	return m
}
