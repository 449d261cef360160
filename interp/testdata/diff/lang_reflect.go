// reflect on values of types declared in the program: kinds, fields,
// tags, methods.
package main

import (
	"fmt"
	"reflect"
)

type User struct {
	Name  string `json:"name" db:"user_name"`
	Age   int    `json:"age"`
	email string
}

func (u User) Greet() string { return "hi " + u.Name }

func main() {
	u := User{"ann", 30, "a@x"}
	t := reflect.TypeOf(u)
	fmt.Println(t.Name(), t.Kind(), t.NumField(), t.NumMethod())
	for i := range t.NumField() {
		f := t.Field(i)
		fmt.Println(f.Name, f.Type, f.Tag.Get("json"), f.Tag.Get("db"), f.IsExported())
	}
	v := reflect.ValueOf(&u).Elem()
	v.Field(1).SetInt(31)
	fmt.Println(u.Age, v.Field(0).String(), v.Kind())
	fmt.Println(reflect.ValueOf(u).MethodByName("Greet").Call(nil)[0])
	fmt.Println(reflect.DeepEqual([]int{1}, []int{1}), reflect.DeepEqual(map[string]int{"a": 1}, map[string]int{"a": 2}))
	fmt.Println(reflect.TypeOf([]string{}).Elem().Kind(), reflect.TypeOf(map[string]int{}).Key())
}
