package lsp

import (
	"go/token"

	"golang.org/x/tools/go/analysis"

	"github.com/ginctxlint/ginctxlint/internal/position"
)

// A finding is a diagnostic in editor terms: file, UTF-16 ranges, and its
// fixes as text edits against the document version that was analyzed.
type finding struct {
	file  string
	diag  Diagnostic
	fixes []fix
}

type fix struct {
	title string
	edits []fileEdits
}

type fileEdits struct {
	file    string
	version *int // nil: the file on disk
	edits   []TextEdit
}

// resolve converts diagnostics while the file set still holds the files
// they point into, reading the contents they were computed from in snap.
func resolve(fset *token.FileSet, diags []analysis.Diagnostic, snap *snapshot) []*finding {
	var out []*finding
	for _, d := range diags {
		file, rng, ok := rangeOf(fset, d.Pos, d.End, snap)
		if !ok {
			continue
		}
		f := &finding{file: file, diag: Diagnostic{
			Range:    rng,
			Severity: severityWarning,
			Code:     d.Category,
			Source:   "ginctxlint",
			Message:  d.Message,
		}}
		if d.URL != "" {
			f.diag.CodeDescription = &CodeDescription{Href: d.URL}
		}
		for _, rel := range d.Related {
			if rf, rr, ok := rangeOf(fset, rel.Pos, rel.End, snap); ok {
				f.diag.RelatedInformation = append(f.diag.RelatedInformation, DiagnosticRelatedInformation{
					Location: Location{URI: pathToURI(rf), Range: rr},
					Message:  rel.Message,
				})
			}
		}
		for _, sf := range d.SuggestedFixes {
			if fx, ok := resolveFix(fset, sf, snap); ok {
				f.fixes = append(f.fixes, fx)
			}
		}
		out = append(out, f)
	}
	return out
}

func resolveFix(fset *token.FileSet, sf analysis.SuggestedFix, snap *snapshot) (fix, bool) {
	fx := fix{title: sf.Message}
	byFile := map[string]int{}
	for _, e := range sf.TextEdits {
		file, rng, ok := rangeOf(fset, e.Pos, e.End, snap)
		if !ok {
			return fix{}, false // no fix rather than part of one
		}
		i, ok := byFile[file]
		if !ok {
			i = len(fx.edits)
			byFile[file] = i
			fx.edits = append(fx.edits, fileEdits{file: file, version: snap.version(file)})
		}
		fx.edits[i].edits = append(fx.edits[i].edits, TextEdit{Range: rng, NewText: string(e.NewText)})
	}
	return fx, len(fx.edits) > 0
}

// rangeOf converts [pos, end) to an LSP range in the content the file was
// parsed from.
func rangeOf(fset *token.FileSet, pos, end token.Pos, snap *snapshot) (string, Range, bool) {
	tf := fset.File(pos)
	if tf == nil {
		return "", Range{}, false
	}
	if !end.IsValid() {
		end = pos
	}
	start, stop := position.FileOffset(tf, pos), position.FileOffset(tf, end)
	if start < 0 || stop < start {
		return "", Range{}, false
	}
	content, err := snap.readFile(tf.Name())
	if err != nil {
		return "", Range{}, false
	}
	var r Range
	r.Start.Line, r.Start.Character = position.UTF16(content, start)
	r.End.Line, r.End.Character = position.UTF16(content, stop)
	return tf.Name(), r, true
}
