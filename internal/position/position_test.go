package position

import "testing"

func TestUTF16(t *testing.T) {
	// é is 2 bytes and 1 UTF-16 unit; 𝄞 is 4 bytes and 2 units.
	content := []byte("aé𝄞b\nx𝄞y\n")
	for _, tc := range []struct{ off, line, col int }{
		{0, 0, 0},
		{1, 0, 1},  // before é
		{3, 0, 2},  // before 𝄞
		{7, 0, 4},  // before b
		{9, 1, 0},  // x
		{14, 1, 3}, // y
		{99, 2, 0}, // past the end: clamped
	} {
		line, col := UTF16(content, tc.off)
		if line != tc.line || col != tc.col {
			t.Errorf("UTF16(%d) = %d:%d, want %d:%d", tc.off, line, col, tc.line, tc.col)
		}
		if tc.off <= len(content) {
			if off := Offset(content, tc.line, tc.col); off != tc.off {
				t.Errorf("Offset(%d:%d) = %d, want %d", tc.line, tc.col, off, tc.off)
			}
		}
	}
	if off := Offset(content, 1, 99); off != 14+1 {
		t.Errorf("Offset past the end of a line = %d, want the newline at 15", off)
	}
}
