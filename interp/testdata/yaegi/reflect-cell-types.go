// reflect on a value of an interpreted struct type: no name, no methods,
// unexported fields exported under an X prefix.
package main

import (
	"fmt"
	"reflect"
)

type User struct {
	Name  string
	email string
}

func (u User) Greet() string { return "hi " + u.Name }

func main() {
	t := reflect.TypeOf(User{"ann", "a@x"})
	fmt.Println(t.Name(), t.NumMethod(), t.Field(1).Name, t.Field(1).IsExported())
	fmt.Println(reflect.ValueOf(User{"ann", "a@x"}).MethodByName("Greet").IsValid())
}

// Go prints:
// User 1 email false
// true

// yaegi v0.16.1 prints:
// 0 Xemail true
// false
