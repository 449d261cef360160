package native_test

import "reflect"

type reflectValue = reflect.Value

// reflectNew makes a struct of type t with its float fields set to xs.
func reflectNew(t reflect.Type, xs ...float64) reflect.Value {
	v := reflect.New(t).Elem()
	for i, x := range xs {
		v.Field(i).SetFloat(x)
	}
	return v
}
