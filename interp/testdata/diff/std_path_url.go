// path, path/filepath (pure functions) and net/url.
package main

import (
	"fmt"
	"net/url"
	"path"
	"path/filepath"
)

func main() {
	fmt.Println(path.Join("a", "b/../c", "/d"), path.Base("/x/y.txt"), path.Ext("f.tar.gz"), path.Dir("/x/y/z"), path.Clean("a//b/./c/.."))
	fmt.Println(filepath.Join("dir", "sub", "file.go"), filepath.Base("dir/f.go"), filepath.Ext("x.json"))
	m, _ := filepath.Match("*.go", "main.go")
	fmt.Println(m, path.IsAbs("/a"))
	dir, file := filepath.Split("/usr/local/bin/go")
	fmt.Println(dir, file)
	u, err := url.Parse("https://user:pw@example.com:8080/p/a t?q=1&q=2&x=y%20z#frag")
	fmt.Println(err, u.Scheme, u.Host, u.Hostname(), u.Port(), u.Path, u.RawQuery, u.Fragment, u.User.Username())
	q := u.Query()
	fmt.Println(q["q"], q.Get("x"), q.Get("none"))
	v := url.Values{}
	v.Set("name", "a b")
	v.Add("tag", "x&y")
	v.Add("tag", "z")
	fmt.Println(v.Encode(), url.QueryEscape("a/b c"), url.PathEscape("a/b c"))
	fmt.Println(u.String())
	_, err = url.Parse("http://[::1")
	fmt.Println(err)
}
