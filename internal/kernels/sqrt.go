package kernels

import "math"

func sqrt[T Float](v T) T {
	switch any(v).(type) {
	case float32:
		return T(float32(math.Sqrt(float64(v))))
	}
	return T(math.Sqrt(float64(v)))
}
