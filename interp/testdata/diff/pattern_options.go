// Functional options and a builder with method chaining.
package main

import (
	"fmt"
	"strings"
	"time"
)

type Server struct {
	host    string
	port    int
	timeout time.Duration
	tags    []string
}

type Option func(*Server)

func WithPort(p int) Option              { return func(s *Server) { s.port = p } }
func WithTimeout(d time.Duration) Option { return func(s *Server) { s.timeout = d } }
func WithTag(t string) Option            { return func(s *Server) { s.tags = append(s.tags, t) } }

func NewServer(host string, opts ...Option) *Server {
	s := &Server{host: host, port: 80, timeout: time.Second}
	for _, o := range opts {
		o(s)
	}
	return s
}

type Query struct{ parts []string }

func (q *Query) Select(f ...string) *Query {
	q.parts = append(q.parts, "SELECT "+strings.Join(f, ", "))
	return q
}
func (q *Query) From(t string) *Query  { q.parts = append(q.parts, "FROM "+t); return q }
func (q *Query) Where(c string) *Query { q.parts = append(q.parts, "WHERE "+c); return q }
func (q *Query) String() string        { return strings.Join(q.parts, " ") }

func main() {
	s := NewServer("localhost", WithPort(8080), WithTag("a"), WithTimeout(3*time.Second), WithTag("b"))
	fmt.Printf("%+v\n", *s)
	fmt.Println(NewServer("x").port)
	q := new(Query).Select("id", "name").From("users").Where("age > 3")
	fmt.Println(q)
}
