// Package fixutil builds the pieces of suggested fixes that several rules
// need: a package name that is safe to use at a position, with the import
// that makes it so, and names that do not collide.
package fixutil

import (
	"go/ast"
	"go/token"
	"go/types"
	"strconv"

	"golang.org/x/tools/go/analysis"
)

// Import returns the name under which the package path can be used at pos
// in file, and the edit that imports it if the file does not yet. ok is
// false when no name is safe: the file imports path under a name that is
// shadowed at pos, or the wanted name already means something else there.
// Blank and dot imports do not count as imports of path.
func Import(info *types.Info, pkg *types.Package, file *ast.File, pos token.Pos, path, name string) (local string, edits []analysis.TextEdit, ok bool) {
	scope := Scope(pkg, pos)
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
	if !Free(pkg, pos, name) {
		return "", nil, false
	}
	// Every file scope of the package must be free of the name too: an
	// import is file-scoped, but a package-level name is not.
	for _, spec := range file.Imports {
		if spec.Name != nil && spec.Name.Name == name {
			return "", nil, false
		}
		if p, err := strconv.Unquote(spec.Path.Value); err == nil && spec.Name == nil && lastElem(p) == name {
			return "", nil, false
		}
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
			firstStd := isStd(gd.Specs[0].(*ast.ImportSpec))
			lastStd := isStd(gd.Specs[len(gd.Specs)-1].(*ast.ImportSpec))
			var edit analysis.TextEdit
			switch {
			case stdPath(path) && firstStd:
				edit = analysis.TextEdit{Pos: gd.Lparen + 1, End: gd.Lparen + 1, NewText: []byte("\n\t" + quoted)}
			case stdPath(path):
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

// Scope returns the innermost scope of pkg around pos, or nil.
func Scope(pkg *types.Package, pos token.Pos) *types.Scope {
	if pkg == nil {
		return nil
	}
	return pkg.Scope().Innermost(pos)
}

// Free reports whether name is unused at pos: declaring it there, or in a
// new block at pos, hides nothing.
func Free(pkg *types.Package, pos token.Pos, name string) bool {
	scope := Scope(pkg, pos)
	if scope == nil {
		return false
	}
	_, obj := scope.LookupParent(name, pos)
	return obj == nil
}

// FreeName returns the first of names that is free at pos, or "".
func FreeName(pkg *types.Package, pos token.Pos, names ...string) string {
	for _, n := range names {
		if Free(pkg, pos, n) {
			return n
		}
	}
	return ""
}

// LookupAt returns the object name denotes at pos, or nil.
func LookupAt(pkg *types.Package, pos token.Pos, name string) types.Object {
	scope := Scope(pkg, pos)
	if scope == nil {
		return nil
	}
	_, obj := scope.LookupParent(name, pos)
	return obj
}

// Resolves reports whether name, used at pos, denotes the package path.
func Resolves(pkg *types.Package, pos token.Pos, name, path string) bool {
	scope := Scope(pkg, pos)
	if scope == nil {
		return false
	}
	_, obj := scope.LookupParent(name, pos)
	pn, ok := obj.(*types.PkgName)
	return ok && pn.Imported().Path() == path
}

// File returns the file of files that contains pos.
func File(files []*ast.File, pos token.Pos) *ast.File {
	for _, f := range files {
		if f.FileStart <= pos && pos <= f.FileEnd {
			return f
		}
	}
	return nil
}

// Indent returns the indentation of the line pos is on, in file's source.
func Indent(fset *token.FileSet, src []byte, pos token.Pos) string {
	tf := fset.File(pos)
	if tf == nil || src == nil {
		return ""
	}
	start := tf.Offset(tf.LineStart(tf.Line(pos)))
	end := start
	for end < len(src) && (src[end] == ' ' || src[end] == '\t') {
		end++
	}
	return string(src[start:end])
}

func lastElem(path string) string {
	for i := len(path) - 1; i >= 0; i-- {
		if path[i] == '/' {
			return path[i+1:]
		}
	}
	return path
}

func isStd(spec *ast.ImportSpec) bool {
	p, err := strconv.Unquote(spec.Path.Value)
	return err == nil && stdPath(p)
}

// stdPath reports whether path looks like a standard-library package: no
// dot in its first element.
func stdPath(path string) bool {
	for i := 0; i < len(path) && path[i] != '/'; i++ {
		if path[i] == '.' {
			return false
		}
	}
	return true
}
