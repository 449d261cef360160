package display

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"image"
	"image/png"
)

// ImageOptions sets how an image renders. The zero value shows the image
// at its own size.
type ImageOptions struct {
	// Width is the width in CSS pixels at which the image shows; the
	// height follows the aspect ratio. Zero means the image's own width.
	Width int
}

// Image renders img as a PNG. A Width in the options is sent as metadata,
// so a 28x28 digit can show at 112 pixels.
func Image(img image.Image, o ImageOptions) Bundle {
	data, err := encodePNG(img)
	if err != nil {
		return Error(fmt.Errorf("display: image: %w", err))
	}
	var b Bundle
	b = b.Set(MIMEPNG, base64.StdEncoding.EncodeToString(data))
	r := img.Bounds()
	if o.Width > 0 && r.Dx() > 0 {
		b = b.SetMeta(MIMEPNG, map[string]any{
			"width":  o.Width,
			"height": (o.Width*r.Dy() + r.Dx()/2) / r.Dx(),
		})
	}
	return b.Set(MIMEText, fmt.Sprintf("<image %dx%d>", r.Dx(), r.Dy()))
}

func encodePNG(img image.Image) ([]byte, error) {
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&buf, img); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func base64Encode(data []byte) string { return base64.StdEncoding.EncodeToString(data) }
