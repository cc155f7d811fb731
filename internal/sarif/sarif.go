// Package sarif writes ginctxlint findings as SARIF 2.1.0, the format
// GitHub code scanning and other CI dashboards ingest.
//
// Only the part of the schema those viewers use is modelled: the tool and
// its rules (ID, title, documentation, help URI), and results with a
// location, related locations and fixes. Locations are relative to the
// directory the command ran in (uriBaseId %SRCROOT%), so that the log does
// not depend on where the checkout lives; columns are UTF-16 code units,
// SARIF's default columnKind.
package sarif

import (
	"fmt"
	"go/token"
	"net/url"
	"path/filepath"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/ginctxlint/ginctxlint/internal/position"
	"github.com/ginctxlint/ginctxlint/internal/rule"
)

// Version and Schema identify the format written.
const (
	Version = "2.1.0"
	Schema  = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
	// SrcRoot is the uriBaseId of every relative location.
	SrcRoot = "%SRCROOT%"
)

// Log is a SARIF log with one run.
type Log struct {
	Schema  string `json:"$schema"`
	Version string `json:"version"`
	Runs    []*Run `json:"runs"`
}

type Run struct {
	Tool               Tool                        `json:"tool"`
	OriginalURIBaseIDs map[string]ArtifactLocation `json:"originalUriBaseIds,omitempty"`
	Results            []*Result                   `json:"results"`
	Invocations        []*Invocation               `json:"invocations,omitempty"`
	ColumnKind         string                      `json:"columnKind"`
}

type Tool struct {
	Driver Driver `json:"driver"`
}

type Driver struct {
	Name           string                `json:"name"`
	Version        string                `json:"version,omitempty"`
	InformationURI string                `json:"informationUri,omitempty"`
	Rules          []ReportingDescriptor `json:"rules"`
}

type ReportingDescriptor struct {
	ID                   string                  `json:"id"`
	Name                 string                  `json:"name,omitempty"`
	ShortDescription     *Message                `json:"shortDescription,omitempty"`
	FullDescription      *Message                `json:"fullDescription,omitempty"`
	Help                 *Message                `json:"help,omitempty"`
	HelpURI              string                  `json:"helpUri,omitempty"`
	DefaultConfiguration *ReportingConfiguration `json:"defaultConfiguration,omitempty"`
	Properties           *RuleProperties         `json:"properties,omitempty"`
}

// RuleProperties is a rule's property bag: SARIF's place for metadata it
// has no field for.
type RuleProperties struct {
	// Since is the ginctxlint release the rule first shipped in.
	Since string `json:"since,omitempty"`
}

type ReportingConfiguration struct {
	Enabled bool   `json:"enabled"`
	Level   string `json:"level"`
}

type Message struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type Result struct {
	RuleID           string      `json:"ruleId"`
	RuleIndex        int         `json:"ruleIndex"`
	Level            string      `json:"level"`
	Message          Message     `json:"message"`
	Locations        []*Location `json:"locations"`
	RelatedLocations []*Location `json:"relatedLocations,omitempty"`
	Fixes            []*Fix      `json:"fixes,omitempty"`
}

type Location struct {
	ID               *int              `json:"id,omitempty"`
	PhysicalLocation *PhysicalLocation `json:"physicalLocation,omitempty"`
	Message          *Message          `json:"message,omitempty"`
}

type PhysicalLocation struct {
	ArtifactLocation ArtifactLocation `json:"artifactLocation"`
	Region           *Region          `json:"region,omitempty"`
}

type ArtifactLocation struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

// Region uses line/column for display and byte offsets for replacements
// (fixes must be exact whatever the viewer's column arithmetic).
type Region struct {
	StartLine   int  `json:"startLine,omitempty"`
	StartColumn int  `json:"startColumn,omitempty"`
	EndLine     int  `json:"endLine,omitempty"`
	EndColumn   int  `json:"endColumn,omitempty"`
	ByteOffset  *int `json:"byteOffset,omitempty"`
	ByteLength  *int `json:"byteLength,omitempty"`
}

type Fix struct {
	Description     Message          `json:"description"`
	ArtifactChanges []ArtifactChange `json:"artifactChanges"`
}

type ArtifactChange struct {
	ArtifactLocation ArtifactLocation `json:"artifactLocation"`
	Replacements     []Replacement    `json:"replacements"`
}

type Replacement struct {
	DeletedRegion   Region           `json:"deletedRegion"`
	InsertedContent *ArtifactContent `json:"insertedContent,omitempty"`
}

type ArtifactContent struct {
	Text string `json:"text"`
}

type Invocation struct {
	ExecutionSuccessful        bool            `json:"executionSuccessful"`
	ToolExecutionNotifications []*Notification `json:"toolExecutionNotifications,omitempty"`
}

type Notification struct {
	Level     string      `json:"level"`
	Message   Message     `json:"message"`
	Locations []*Location `json:"locations,omitempty"`
}

// A Builder accumulates the results of one run.
type Builder struct {
	run     *Run
	base    string // absolute directory locations are relative to
	index   map[string]int
	content func(filename string) ([]byte, error)
	seen    map[string]bool
}

// NewBuilder returns a builder for a run of the named tool over rules.
// Locations under base are written relative to it; content reads a file
// (to count columns in UTF-16 code units).
func NewBuilder(name, version string, rules []*rule.Rule, base string, content func(string) ([]byte, error)) *Builder {
	b := &Builder{
		base:    base,
		index:   map[string]int{},
		content: content,
		seen:    map[string]bool{},
	}
	d := Driver{Name: name, Version: version, InformationURI: strings.TrimSuffix(rule.DocURL, "#")}
	for _, r := range rules {
		d.Rules = append(d.Rules, ReportingDescriptor{
			ID:                   r.Name,
			Name:                 r.Name,
			ShortDescription:     &Message{Text: r.Title},
			FullDescription:      &Message{Text: firstParagraph(r.Doc)},
			Help:                 &Message{Text: r.Doc},
			HelpURI:              rule.DocURL + r.Name,
			DefaultConfiguration: &ReportingConfiguration{Enabled: r.Default, Level: "warning"},
			Properties:           &RuleProperties{Since: r.Since},
		})
	}
	// The directives' own diagnostics (unused, malformed) are results too,
	// and every result needs a rule.
	d.Rules = append(d.Rules, ReportingDescriptor{
		ID:                   rule.IgnoreCategory,
		Name:                 rule.IgnoreCategory,
		ShortDescription:     &Message{Text: "//ginctxlint:ignore directive that is malformed, names an unknown rule, or suppresses nothing"},
		HelpURI:              rule.DocURL + "suppressing-findings",
		DefaultConfiguration: &ReportingConfiguration{Enabled: true, Level: "warning"},
	})
	for i, r := range d.Rules {
		b.index[r.ID] = i
	}
	b.run = &Run{
		Tool:       Tool{Driver: d},
		Results:    []*Result{},
		ColumnKind: "utf16CodeUnits",
	}
	if base != "" {
		b.run.OriginalURIBaseIDs = map[string]ArtifactLocation{SrcRoot: {URI: fileURI(base) + "/"}}
	}
	return b
}

func firstParagraph(doc string) string {
	p, _, _ := strings.Cut(strings.TrimSpace(doc), "\n\n")
	return strings.Join(strings.Fields(p), " ")
}

// Add adds d, a diagnostic of the analyzer, as a result. Duplicates (the
// same finding in a package and in its test variant) are added once.
func (b *Builder) Add(fset *token.FileSet, d analysis.Diagnostic) {
	ruleID := d.Category
	idx, ok := b.index[ruleID]
	if !ok {
		// Not one of ours (a category a future rule forgot to set):
		// keep the result, under a rule made for it.
		idx = len(b.run.Tool.Driver.Rules)
		b.run.Tool.Driver.Rules = append(b.run.Tool.Driver.Rules, ReportingDescriptor{ID: ruleID})
		b.index[ruleID] = idx
	}
	key := fmt.Sprintf("%s\x00%s\x00%s", fset.Position(d.Pos), ruleID, d.Message)
	if b.seen[key] {
		return
	}
	b.seen[key] = true
	res := &Result{
		RuleID:    ruleID,
		RuleIndex: idx,
		Level:     "warning",
		Message:   Message{Text: d.Message},
		Locations: []*Location{{PhysicalLocation: b.physical(fset, d.Pos, d.End)}},
	}
	for i, rel := range d.Related {
		id := i + 1
		res.RelatedLocations = append(res.RelatedLocations, &Location{
			ID:               &id,
			PhysicalLocation: b.physical(fset, rel.Pos, rel.End),
			Message:          &Message{Text: rel.Message},
		})
	}
	for _, sf := range d.SuggestedFixes {
		if fix := b.fix(fset, sf); fix != nil {
			res.Fixes = append(res.Fixes, fix)
		}
	}
	b.run.Results = append(b.run.Results, res)
}

// AddError records a failure (a package that did not type-check, a rule
// error) as a tool execution notification: the run is then not successful.
func (b *Builder) AddError(msg string) {
	if len(b.run.Invocations) == 0 {
		b.run.Invocations = []*Invocation{{ExecutionSuccessful: true}}
	}
	inv := b.run.Invocations[0]
	inv.ExecutionSuccessful = false
	inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, &Notification{Level: "error", Message: Message{Text: msg}})
}

// Log returns the log, results sorted by location for stable output.
func (b *Builder) Log() *Log {
	if len(b.run.Invocations) == 0 {
		b.run.Invocations = []*Invocation{{ExecutionSuccessful: true}}
	}
	sort.SliceStable(b.run.Results, func(i, j int) bool {
		pi, pj := b.run.Results[i].Locations[0].PhysicalLocation, b.run.Results[j].Locations[0].PhysicalLocation
		if pi.ArtifactLocation.URI != pj.ArtifactLocation.URI {
			return pi.ArtifactLocation.URI < pj.ArtifactLocation.URI
		}
		ri, rj := pi.Region, pj.Region
		if ri == nil || rj == nil {
			return rj != nil
		}
		if ri.StartLine != rj.StartLine {
			return ri.StartLine < rj.StartLine
		}
		return ri.StartColumn < rj.StartColumn
	})
	return &Log{Schema: Schema, Version: Version, Runs: []*Run{b.run}}
}

func (b *Builder) artifact(filename string) ArtifactLocation {
	if b.base != "" {
		if rel, err := filepath.Rel(b.base, filename); err == nil && filepath.IsLocal(rel) {
			return ArtifactLocation{URI: (&url.URL{Path: filepath.ToSlash(rel)}).EscapedPath(), URIBaseID: SrcRoot}
		}
	}
	return ArtifactLocation{URI: fileURI(filename)}
}

func fileURI(path string) string {
	path = filepath.ToSlash(path)
	if !strings.HasPrefix(path, "/") {
		path = "/" + path // C:/x on Windows
	}
	return (&url.URL{Scheme: "file", Path: path}).String()
}

func (b *Builder) physical(fset *token.FileSet, pos, end token.Pos) *PhysicalLocation {
	tf := fset.File(pos)
	if tf == nil {
		return nil
	}
	if !end.IsValid() {
		end = pos
	}
	// Unadjusted positions: a //line directive names a file that the
	// viewer does not have.
	start := fset.PositionFor(pos, false)
	stop := fset.PositionFor(end, false)
	loc := &PhysicalLocation{ArtifactLocation: b.artifact(start.Filename)}
	r := &Region{StartLine: start.Line, StartColumn: start.Column, EndLine: stop.Line, EndColumn: stop.Column}
	if content, err := b.content(start.Filename); err == nil {
		l, c := position.UTF16(content, start.Offset)
		r.StartLine, r.StartColumn = l+1, c+1
		l, c = position.UTF16(content, stop.Offset)
		r.EndLine, r.EndColumn = l+1, c+1
	}
	loc.Region = r
	return loc
}

func (b *Builder) fix(fset *token.FileSet, sf analysis.SuggestedFix) *Fix {
	byFile := map[string]*ArtifactChange{}
	var order []string
	for _, e := range sf.TextEdits {
		tf := fset.File(e.Pos)
		if tf == nil {
			return nil
		}
		end := e.End
		if !end.IsValid() {
			end = e.Pos
		}
		off, stop := position.FileOffset(tf, e.Pos), position.FileOffset(tf, end)
		if off < 0 || stop < off {
			return nil // an edit we cannot place exactly: no fix rather than a wrong one
		}
		name := tf.Name()
		ch := byFile[name]
		if ch == nil {
			ch = &ArtifactChange{ArtifactLocation: b.artifact(name)}
			byFile[name] = ch
			order = append(order, name)
		}
		length := stop - off
		ch.Replacements = append(ch.Replacements, Replacement{
			DeletedRegion:   Region{ByteOffset: &off, ByteLength: &length},
			InsertedContent: &ArtifactContent{Text: string(e.NewText)},
		})
	}
	if len(order) == 0 {
		return nil
	}
	fix := &Fix{Description: Message{Text: sf.Message}}
	for _, name := range order {
		fix.ArtifactChanges = append(fix.ArtifactChanges, *byFile[name])
	}
	return fix
}
