// Package position converts go/token positions, which count bytes, to the
// line/column units of editors and SARIF viewers, which count UTF-16 code
// units (LSP 3.17 default position encoding, SARIF's default columnKind).
package position

import (
	"go/token"
	"unicode/utf8"
)

// UTF16 returns the 0-based line and the 0-based UTF-16 column of the byte
// offset off in content. An offset past the end is clamped to the end.
func UTF16(content []byte, off int) (line, col int) {
	off = min(max(off, 0), len(content))
	start := 0
	for i := 0; i < off; i++ {
		if content[i] == '\n' {
			line++
			start = i + 1
		}
	}
	return line, UTF16Len(content[start:off])
}

// UTF16Len is the length of b in UTF-16 code units.
func UTF16Len(b []byte) int {
	n := 0
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		b = b[size:]
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// Offset returns the byte offset in content of the 0-based line and UTF-16
// column, clamped to the line (clients may send a column past its end).
func Offset(content []byte, line, col int) int {
	off := 0
	for ; line > 0 && off < len(content); off++ {
		if content[off] == '\n' {
			line--
		}
	}
	for col > 0 && off < len(content) && content[off] != '\n' {
		r, size := utf8.DecodeRune(content[off:])
		if r >= 0x10000 {
			col -= 2
		} else {
			col--
		}
		off += size
	}
	return off
}

// FileOffset is tf's offset of pos, or -1 if pos is not in tf.
func FileOffset(tf *token.File, pos token.Pos) int {
	if tf == nil || !pos.IsValid() || int(pos) < tf.Base() || int(pos) > tf.Base()+tf.Size() {
		return -1
	}
	return tf.Offset(pos)
}
