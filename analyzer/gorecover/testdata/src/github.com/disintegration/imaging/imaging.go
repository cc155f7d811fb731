// Package imaging is a stub of github.com/disintegration/imaging: Open
// and Decode run image.Decode on the file or reader.
package imaging

import (
	"image"
	"io"
	"os"
)

type DecodeOption func()

func Decode(r io.Reader, opts ...DecodeOption) (image.Image, error) {
	img, _, err := image.Decode(r)
	return img, err
}

func Open(name string, opts ...DecodeOption) (image.Image, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return Decode(f, opts...)
}

func Resize(img image.Image, w, h int) image.Image { return img }
