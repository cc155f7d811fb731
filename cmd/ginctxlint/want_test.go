package main_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"text/scanner"

	"github.com/ginctxlint/ginctxlint/internal/e2etest"
)

// checkWants checks the built command's -json output on (a copy of) the
// end-to-end module (the real gin) against the `// want` expectations in
// its sources: every diagnostic the binary prints is expected on its line,
// and every expectation is met. analysistest checks the same expectations
// in-process; this checks what a user's terminal and CI actually get.
// TestDrivers calls it with the output it has anyway: loading gin is most
// of the time of a run.
func checkWants(t *testing.T, dir string, diags []e2etest.JSONDiagnostic) {
	wants := parseWants(t, dir)
	if len(wants) == 0 {
		t.Fatal("no // want expectations in testdata/e2e")
	}
	for _, d := range diags {
		f := e2etest.FindingOf(dir, d.Posn, d.Message, false)
		key := fmt.Sprintf("%s:%d", f.File, f.Line)
		matched := false
		for i, w := range wants[key] {
			if w != nil && w.MatchString(d.Message) {
				wants[key][i] = nil // each expectation is met once
				matched = true
				break
			}
		}
		if !matched {
			t.Errorf("%s: unexpected diagnostic: %s", key, d.Message)
		}
	}
	var unmet []string
	for key, list := range wants {
		for _, w := range list {
			if w != nil {
				unmet = append(unmet, fmt.Sprintf("%s: no diagnostic matching %q", key, w))
			}
		}
	}
	sort.Strings(unmet)
	for _, u := range unmet {
		t.Error(u)
	}
}

// parseWants reads the diagnostic expectations of the module's Go files:
// `// want "re" `+"`re`"+`...`, as analysistest writes them (fact
// expectations, name:"re", are analysistest's business).
func parseWants(t *testing.T, dir string) map[string][]*regexp.Regexp {
	wants := map[string][]*regexp.Regexp{}
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		for i, line := range strings.Split(string(data), "\n") {
			_, text, ok := strings.Cut(line, "// want ")
			if !ok {
				continue
			}
			var sc scanner.Scanner
			sc.Init(strings.NewReader(text))
			sc.Mode = scanner.ScanIdents | scanner.ScanStrings | scanner.ScanRawStrings
			sc.Error = func(*scanner.Scanner, string) {}
			for tok := sc.Scan(); tok != scanner.EOF; tok = sc.Scan() {
				switch tok {
				case scanner.Ident: // name:"fact"
					sc.Scan()
					sc.Scan()
				case scanner.String, scanner.RawString:
					pattern, err := strconv.Unquote(sc.TokenText())
					if err != nil {
						return fmt.Errorf("%s:%d: %v", rel, i+1, err)
					}
					re, err := regexp.Compile(pattern)
					if err != nil {
						return fmt.Errorf("%s:%d: %v", rel, i+1, err)
					}
					key := fmt.Sprintf("%s:%d", filepath.ToSlash(rel), i+1)
					wants[key] = append(wants[key], re)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return wants
}
