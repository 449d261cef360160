// text/template: fields, range, if, functions, nested templates.
package main

import (
	"os"
	"strings"
	"text/template"
)

type Order struct {
	Customer string
	Items    []Line
	Paid     bool
}

type Line struct {
	Name string
	Qty  int
	Cost float64
}

func (l Line) Total() float64 { return float64(l.Qty) * l.Cost }

const tmpl = `Order for {{.Customer | upper}}:
{{range $i, $l := .Items}}{{$i}}. {{$l.Name}} x{{$l.Qty}} = {{printf "%.2f" $l.Total}}
{{else}}nothing
{{end}}{{if .Paid}}paid{{else}}due{{end}}
{{template "footer" len .Items}}`

func main() {
	t := template.Must(template.New("order").Funcs(template.FuncMap{"upper": strings.ToUpper}).Parse(tmpl))
	template.Must(t.New("footer").Parse(`{{.}} lines{{"\n"}}`))
	o := Order{"ann", []Line{{"pen", 2, 1.5}, {"ink", 1, 4}}, false}
	if err := t.Execute(os.Stdout, o); err != nil {
		panic(err)
	}
	t.Execute(os.Stdout, Order{Customer: "bo", Paid: true})
}
