package fixes

import (
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/ginctxlint/ginctxlint/internal/stdlib"
)

// Import returns the name under which the package path can be used at pos,
// and the edit that imports it if pos's file does not yet. A file imports
// a path once: an import the file has is reused (ok is false if its name
// is shadowed at pos), and a new one takes the first of names that is
// declared nowhere in the file or the package, so that every fix in a
// file, wherever it is, adds the same import (identical edits, which the
// drivers merge) rather than "log" here and stdlog "log" there. Blank and
// dot imports do not count as imports of path.
func Import(pass *analysis.Pass, pos token.Pos, path string, names ...string) (local string, edits []analysis.TextEdit, ok bool) {
	file := File(pass, pos)
	if file == nil {
		return "", nil, false
	}
	info := pass.TypesInfo
	scope := pass.Pkg.Scope().Innermost(pos)
	for _, spec := range file.Imports {
		p, err := strconv.Unquote(spec.Path.Value)
		if err != nil || p != path {
			continue
		}
		if spec.Name != nil && (spec.Name.Name == "_" || spec.Name.Name == ".") {
			continue
		}
		var pn *types.PkgName
		if spec.Name != nil {
			pn, _ = info.Defs[spec.Name].(*types.PkgName)
		} else {
			pn, _ = info.Implicits[spec].(*types.PkgName)
		}
		if pn == nil {
			continue
		}
		if scope != nil {
			if _, obj := scope.LookupParent(pn.Name(), pos); obj != pn {
				return "", nil, false
			}
		}
		return pn.Name(), nil, true
	}
	name := ""
	for _, n := range names {
		if unusedInFile(pass, file, n) && Lookup(pass, n, pos) == nil {
			name = n
			break
		}
	}
	if name == "" {
		return "", nil, false
	}
	quoted := strconv.Quote(path)
	if name != lastElem(path) {
		quoted = name + " " + quoted
	}
	for _, decl := range file.Decls {
		gd, ok := decl.(*ast.GenDecl)
		if !ok || gd.Tok != token.IMPORT {
			continue
		}
		if gd.Lparen.IsValid() && len(gd.Specs) > 0 {
			// Keep goimports' grouping: the standard library first, the
			// rest in a group after it.
			firstStd := isStd(pass, gd.Specs[0].(*ast.ImportSpec))
			lastStd := isStd(pass, gd.Specs[len(gd.Specs)-1].(*ast.ImportSpec))
			std := stdlib.Is(pass, path)
			var edit analysis.TextEdit
			switch {
			case std && firstStd:
				edit = analysis.TextEdit{Pos: gd.Lparen + 1, End: gd.Lparen + 1, NewText: []byte("\n\t" + quoted)}
			case std:
				edit = analysis.TextEdit{Pos: gd.Lparen + 1, End: gd.Lparen + 1, NewText: []byte("\n\t" + quoted + "\n")}
			case lastStd:
				edit = analysis.TextEdit{Pos: gd.Rparen, End: gd.Rparen, NewText: []byte("\n\t" + quoted + "\n")}
			default:
				edit = analysis.TextEdit{Pos: gd.Rparen, End: gd.Rparen, NewText: []byte("\t" + quoted + "\n")}
			}
			return name, []analysis.TextEdit{edit}, true
		}
		return name, []analysis.TextEdit{{Pos: gd.Pos(), End: gd.Pos(), NewText: []byte("import " + quoted + "\n")}}, true
	}
	end := file.Name.End()
	return name, []analysis.TextEdit{{Pos: end, End: end, NewText: []byte("\n\nimport " + quoted)}}, true
}

// unusedInFile reports whether name is free for a new import of file: no
// import of the file has it, nothing in the file declares it (in any
// scope), and the package does not declare it at package level.
func unusedInFile(pass *analysis.Pass, file *ast.File, name string) bool {
	if pass.Pkg.Scope().Lookup(name) != nil {
		return false
	}
	for _, spec := range file.Imports {
		if spec.Name != nil && spec.Name.Name == name {
			return false
		}
		if p, err := strconv.Unquote(spec.Path.Value); err == nil && spec.Name == nil {
			if pn, ok := pass.TypesInfo.Implicits[spec].(*types.PkgName); ok && pn.Name() == name || lastElem(p) == name {
				return false
			}
		}
	}
	free := true
	ast.Inspect(file, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && id.Name == name && pass.TypesInfo.Defs[id] != nil {
			free = false
		}
		return free
	})
	return free
}

// File returns the file of the package that contains pos, or nil.
func File(pass *analysis.Pass, pos token.Pos) *ast.File {
	for _, f := range pass.Files {
		if f.FileStart <= pos && pos <= f.FileEnd {
			return f
		}
	}
	return nil
}

// LineIndent returns the indentation of the line pos is on.
func LineIndent(pass *analysis.Pass, pos token.Pos) string {
	tf := pass.Fset.File(pos)
	if tf == nil {
		return ""
	}
	line := Source(pass, tf.LineStart(tf.Line(pos)), pos)
	return line[:len(line)-len(strings.TrimLeft(line, " \t"))]
}

// FirstFree returns the first of names that resolves to nothing at pos,
// or "".
func FirstFree(pass *analysis.Pass, pos token.Pos, names ...string) string {
	for _, n := range names {
		if Lookup(pass, n, pos) == nil {
			return n
		}
	}
	return ""
}

func lastElem(path string) string {
	for i := len(path) - 1; i >= 0; i-- {
		if path[i] == '/' {
			return path[i+1:]
		}
	}
	return path
}

func isStd(pass *analysis.Pass, spec *ast.ImportSpec) bool {
	p, err := strconv.Unquote(spec.Path.Value)
	return err == nil && stdlib.Is(pass, p)
}
