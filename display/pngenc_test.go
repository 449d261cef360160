package display

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math/rand/v2"
	"testing"
)

func TestEncodeOpaquePNGRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	// An offset sub-image checks that rows are read from the right place.
	full := image.NewRGBA(image.Rect(0, 0, 40, 30))
	for i := range full.Pix {
		full.Pix[i] = uint8(rng.IntN(256))
	}
	for i := 3; i < len(full.Pix); i += 4 {
		full.Pix[i] = 255
	}
	img := full.SubImage(image.Rect(5, 7, 37, 29)).(*image.RGBA)
	data, ok := encodeOpaquePNG(img)
	if !ok {
		t.Fatal("opaque image refused")
	}
	got, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if got.Bounds().Dx() != 32 || got.Bounds().Dy() != 22 {
		t.Fatalf("size %v", got.Bounds())
	}
	for y := range 22 {
		for x := range 32 {
			want := img.RGBAAt(5+x, 7+y)
			r, g, b, a := got.At(x, y).RGBA()
			if uint8(r>>8) != want.R || uint8(g>>8) != want.G || uint8(b>>8) != want.B || a != 0xffff {
				t.Fatalf("pixel (%d,%d) = %v %v %v %v, want %v", x, y, r>>8, g>>8, b>>8, a>>8, want)
			}
		}
	}
	img.Set(6, 8, color.RGBA{1, 2, 3, 4})
	if _, ok := encodeOpaquePNG(img); ok {
		t.Error("a transparent pixel was accepted")
	}
}
