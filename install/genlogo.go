//go:build ignore

// genlogo draws Methodic's logo at 32x32 and 64x64 pixels. Run it with
// `go generate ./install/` after changing the drawing.
package main

import (
	"fmt"
	"image"
	"image/color"
	"image/png"
	"log"
	"math"
	"os"
)

func main() {
	for _, n := range []int{32, 64} {
		f, err := os.Create(fmt.Sprintf("logo-%dx%d.png", n, n))
		if err != nil {
			log.Fatal(err)
		}
		if err := png.Encode(f, draw(n)); err != nil {
			log.Fatal(err)
		}
		if err := f.Close(); err != nil {
			log.Fatal(err)
		}
	}
}

// draw paints a rounded square in Go's blue holding a rising learning
// curve of white dots: a loss that falls, drawn as its mirror, rising
// accuracy.
func draw(n int) image.Image {
	img := image.NewNRGBA(image.Rect(0, 0, n, n))
	blue := color.NRGBA{0x00, 0x7d, 0x9c, 0xff}
	white := color.NRGBA{0xff, 0xff, 0xff, 0xff}
	s := float64(n)
	r := s * 0.2
	for y := 0; y < n; y++ {
		for x := 0; x < n; x++ {
			if inRounded(float64(x)+0.5, float64(y)+0.5, s, r) {
				img.Set(x, y, blue)
			}
		}
	}
	// A curve acc(t) = 1 - exp(-4t), drawn thick.
	w := s * 0.07
	for i := 0; i <= 400; i++ {
		t := float64(i) / 400
		cx := s*0.18 + t*s*0.64
		cy := s*0.82 - (1-math.Exp(-4*t))*s*0.64
		for y := int(cy - w); y <= int(cy+w); y++ {
			for x := int(cx - w); x <= int(cx+w); x++ {
				dx, dy := float64(x)+0.5-cx, float64(y)+0.5-cy
				if dx*dx+dy*dy <= w*w && x >= 0 && y >= 0 && x < n && y < n {
					img.Set(x, y, white)
				}
			}
		}
	}
	return img
}

func inRounded(x, y, s, r float64) bool {
	cx := math.Max(r, math.Min(s-r, x))
	cy := math.Max(r, math.Min(s-r, y))
	dx, dy := x-cx, y-cy
	return dx*dx+dy*dy <= r*r
}
