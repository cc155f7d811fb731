package sarif_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/ginctxlint/ginctxlint/analyzer"
	"github.com/ginctxlint/ginctxlint/internal/sarif"
)

// The module uses only net/http: http.ResponseWriter is a pooled type, so
// the goroutine below is a ctxcopy finding without third-party modules.
const handler = `package web

import (
	"net/http"
	"time"
)

func Handle(w http.ResponseWriter, r *http.Request) {
	go func() {
		time.Sleep(time.Second)
		s := "ünï"; w.Write([]byte(s)) // columns count UTF-16 code units, not bytes
	}()
}

//ginctxlint:ignore ctxcopy nothing here any more
func Other() {}
`

func writeModule(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"go.mod":     "module example.com/web\n\ngo 1.25\n",
		"web/web.go": handler,
		// The test variant of web analyzes web.go again: one result each.
		"web/web_test.go": "package web\n\nimport \"testing\"\n\nfunc TestX(t *testing.T) {}\n",
	}
	for name, data := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func runMain(t *testing.T, dir string, args ...string) []byte {
	t.Helper()
	t.Chdir(dir)
	var stdout, stderr bytes.Buffer
	if code := sarif.Main(analyzer.New(), "v0.0.0-test", args, &stdout, &stderr); code != 0 {
		t.Fatalf("exit code %d, stderr:\n%s\nstdout:\n%s", code, stderr.String(), stdout.String())
	}
	return stdout.Bytes()
}

// TestOutput runs the command once (loading net/http from source takes
// seconds) and checks the log against the schema, then its content.
func TestOutput(t *testing.T) {
	schema, err := filepath.Abs("testdata/sarif-schema-2.1.0.json")
	if err != nil {
		t.Fatal(err)
	}
	// Only ctxcopy, so that rules added later do not change the counts.
	out := runMain(t, writeModule(t), "-sarif", "-disable=all", "-enable=ctxcopy", "./...")
	t.Run("schema", func(t *testing.T) { checkSchema(t, schema, out) })
	t.Run("content", func(t *testing.T) { checkContent(t, out) })
}

func checkSchema(t *testing.T, schema string, out []byte) {

	sch, err := jsonschema.NewCompiler().Compile(schema)
	if err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if err := sch.Validate(inst); err != nil {
		t.Fatalf("output does not validate against the SARIF 2.1.0 schema: %v\n%s", err, out)
	}
	// The validator must be able to fail: a level SARIF does not define.
	bad, _ := jsonschema.UnmarshalJSON(bytes.NewReader(bytes.Replace(out, []byte(`"level": "warning"`), []byte(`"level": "severe"`), 1)))
	if sch.Validate(bad) == nil {
		t.Error("a result with level \"severe\" validates: the schema check checks nothing")
	}
}

func checkContent(t *testing.T, out []byte) {
	var log sarif.Log
	if err := json.Unmarshal(out, &log); err != nil {
		t.Fatal(err)
	}
	run := log.Runs[0]
	rules := map[string]sarif.ReportingDescriptor{}
	for _, r := range run.Tool.Driver.Rules {
		rules[r.ID] = r
	}
	// Every rule of the registry is described, disabled ones included.
	for _, r := range analyzer.Rules() {
		if _, ok := rules[r.Name]; !ok {
			t.Errorf("rule %s has no SARIF reportingDescriptor", r.Name)
		}
	}
	if r := rules["ctxcopy"]; r.HelpURI != "https://github.com/ginctxlint/ginctxlint#ctxcopy" || r.ShortDescription == nil || r.ShortDescription.Text == "" || r.Help == nil || !strings.Contains(r.Help.Text, "WRONG") || r.Properties == nil || r.Properties.Since == "" {
		t.Errorf("ctxcopy rule metadata incomplete: %+v", r)
	}
	if len(run.Results) != 2 {
		t.Fatalf("got %d results, want 2 (ctxcopy, unused ignore):\n%s", len(run.Results), out)
	}
	res := run.Results[0]
	if res.RuleID != "ctxcopy" || run.Tool.Driver.Rules[res.RuleIndex].ID != "ctxcopy" || !strings.HasPrefix(res.Message.Text, "ctxcopy: ") {
		t.Errorf("result 0: got rule %q (index %d), message %q", res.RuleID, res.RuleIndex, res.Message.Text)
	}
	loc := res.Locations[0].PhysicalLocation
	if loc.ArtifactLocation.URI != "web/web.go" || loc.ArtifactLocation.URIBaseID != sarif.SrcRoot {
		t.Errorf("location %+v, want web/web.go relative to %s", loc.ArtifactLocation, sarif.SrcRoot)
	}
	if r := loc.Region; r.StartLine != 11 || r.StartColumn != 15 || r.EndColumn != 16 {
		t.Errorf("region %+v, want 11:15-16 (the w in w.Write)", loc.Region)
	}
	if len(res.RelatedLocations) == 0 || res.RelatedLocations[0].PhysicalLocation.Region.StartLine != 9 {
		t.Errorf("related locations %+v, want the go statement on line 9", res.RelatedLocations)
	}
	if base := run.OriginalURIBaseIDs[sarif.SrcRoot].URI; !strings.HasPrefix(base, "file:///") || !strings.HasSuffix(base, "/") {
		t.Errorf("%s = %q, want a file URI of the working directory", sarif.SrcRoot, base)
	}
	if res := run.Results[1]; res.RuleID != "ignore" || !strings.Contains(res.Message.Text, "unused ignore directive") {
		t.Errorf("result 1: got %s %q, want the unused directive", res.RuleID, res.Message.Text)
	}
}

func TestRequested(t *testing.T) {
	for args, want := range map[string]bool{
		"-sarif ./...":                 true,
		"--sarif=true ./...":           true,
		"-disable=goexit -sarif ./...": true,
		"./... -sarif":                 false, // a package pattern ends the flags
		"-json ./...":                  false,
		"-flags":                       false,
		"-V=full":                      false,
	} {
		if got := sarif.Requested(strings.Fields(args)); got != want {
			t.Errorf("Requested(%s) = %v, want %v", args, got, want)
		}
	}
}
