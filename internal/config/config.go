// Package config reads a team's settings from .ginctxlint.yml, for every
// route the project owns: the command (text, -json, -fix, -sarif), go vet
// -vettool and the language server. The file holds the same keys as the
// golangci-lint plugin's settings (plugin.Settings), so one block can be
// copied between them:
//
//	disable: [timeafter]
//	launchers: ["github.com/acme/async.Go"]
//	rules:
//	  - name: gorecover
//	    options:
//	      recoverers: ["github.com/acme/safe.Go"]
//
// Each setting is applied through the analyzer's flag of the same name
// (enable, disable, launchers, context-types; a rule's option is its
// -<rule>.<option> flag), so it is checked as the flag is, and a new rule
// or option needs no change here. Flags on the command line are parsed
// afterwards and win: a value replaces the file's, a list (launchers, a
// rule's list option) adds to it, and a rule the command line enables is
// not disabled by the file.
package config

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"gopkg.in/yaml.v3"

	"github.com/ginctxlint/ginctxlint/internal/rule"
)

// FileName is the name of the configuration file.
const FileName = ".ginctxlint.yml"

// A File is a parsed configuration file.
type File struct {
	Path string // as found: absolute
	// Data is the file's content (go vet's tool ID hashes it).
	Data []byte
	root *yaml.Node // the top-level mapping, or nil for an empty file
}

// Find returns the configuration file that applies in dir: the first
// FileName in dir or a parent directory, up to the module root (the
// directory holding go.mod); "" if there is none.
func Find(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for {
		path := filepath.Join(dir, FileName)
		if _, err := os.Stat(path); err == nil {
			return path, nil
		}
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return "", nil // the module root
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", nil
		}
		dir = parent
	}
}

// Load finds the configuration file that applies in dir and parses it; it
// returns nil and no error if there is none. A file that is not YAML, or
// not a mapping of the known keys with values of the right shape, is an
// error naming the file and line.
func Load(dir string) (*File, error) {
	path, err := Find(dir)
	if path == "" || err != nil {
		return nil, err
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(path, data)
}

// Parse parses data, the content of the configuration file at path.
func Parse(path string, data []byte) (*File, error) {
	f := &File{Path: path, Data: data}
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return f, nil // empty: nothing set
		}
		return nil, fmt.Errorf("%s: %v", f.name(), strings.TrimPrefix(err.Error(), "yaml: "))
	}
	if len(doc.Content) == 0 {
		return f, nil
	}
	root := doc.Content[0]
	if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
		return f, nil
	}
	if root.Kind != yaml.MappingNode {
		return nil, f.errorf(root, "want a mapping of settings (%s)", strings.Join(topKeys(), ", "))
	}
	f.root = root
	// Check the shape now, so that every route fails alike before
	// loading anything; values are checked as they are applied.
	if err := f.walk(visitor{}); err != nil {
		return nil, err
	}
	return f, nil
}

// name is the file's path relative to the working directory when it is
// below it, for messages.
func (f *File) name() string {
	if wd, err := os.Getwd(); err == nil {
		if rel, err := filepath.Rel(wd, f.Path); err == nil && !strings.HasPrefix(rel, "..") {
			return rel
		}
	}
	return f.Path
}

func (f *File) errorf(n *yaml.Node, format string, args ...any) error {
	return fmt.Errorf("%s:%d: %s", f.name(), n.Line, fmt.Sprintf(format, args...))
}

// topKeys are the top-level settings, each the analyzer's flag of the
// same name, and rules.
func topKeys() []string { return []string{"enable", "disable", "launchers", "context-types", "rules"} }

// Apply sets a's flags from the file (a is a fresh analyzer from
// analyzer.New). args are the command-line arguments that will be parsed
// into a afterwards: a rule they enable (-enable=x) is not disabled by the
// file, since the command line wins. An invalid value is an error naming
// the file and line.
func (f *File) Apply(a *analysis.Analyzer, args []string) error {
	if f == nil || f.root == nil {
		return nil
	}
	enabled := flagValues(args, "enable")
	cfg := rule.ConfigOf(a)
	return f.walk(visitor{
		rule: func(n *yaml.Node, name string) error {
			if cfg != nil && !slices.Contains(cfg.RuleNames(), name) {
				known := slices.Sorted(slices.Values(cfg.RuleNames()))
				return f.errorf(n, "rules: unknown rule %q (rules: %s)", name, strings.Join(known, ", "))
			}
			return nil
		},
		set: func(n *yaml.Node, name string, values []string) error {
			if name == "disable" {
				values = slices.DeleteFunc(values, func(r string) bool { return slices.Contains(enabled, r) })
			}
			if len(values) == 0 {
				return nil // an empty list or a null sets nothing
			}
			fl := lookup(&a.Flags, name)
			if fl == nil {
				r, opt, _ := strings.Cut(name, ".")
				var known []string
				a.Flags.VisitAll(func(f *flag.Flag) {
					if o, ok := strings.CutPrefix(f.Name, r+"."); ok {
						known = append(known, o)
					}
				})
				if len(known) == 0 {
					return f.errorf(n, "rules: %s has no options", r)
				}
				return f.errorf(n, "rules: unknown option %q of %s (options: %s)", opt, r, strings.Join(known, ", "))
			}
			if err := fl.Value.Set(strings.Join(values, ",")); err != nil {
				return f.errorf(n, "invalid value %q for %s: %v", strings.Join(values, ","), name, err)
			}
			return nil
		},
	})
}

// A visitor is what walk calls: rule for each rule named under rules, set
// for each setting with the flag it sets and its values (one for a
// scalar, each element of a list). A nil function is not called.
type visitor struct {
	rule func(n *yaml.Node, name string) error
	set  func(n *yaml.Node, flag string, values []string) error
}

// walk checks the file's shape and calls v's functions.
func (f *File) walk(v visitor) error {
	if v.rule == nil {
		v.rule = func(*yaml.Node, string) error { return nil }
	}
	if v.set == nil {
		v.set = func(*yaml.Node, string, []string) error { return nil }
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(f.root.Content); i += 2 {
		k, val := f.root.Content[i], f.root.Content[i+1]
		if seen[k.Value] {
			return f.errorf(k, "%s is set twice", k.Value)
		}
		seen[k.Value] = true
		switch k.Value {
		case "enable", "disable", "launchers", "context-types":
			values, err := f.list(val, k.Value)
			if err != nil {
				return err
			}
			if err := v.set(val, k.Value, values); err != nil {
				return err
			}
		case "rules":
			if err := f.rules(val, v); err != nil {
				return err
			}
		default:
			return f.errorf(k, "unknown key %q (keys: %s)", k.Value, strings.Join(topKeys(), ", "))
		}
	}
	return nil
}

// rules walks the list of rules[].{name, options}.
func (f *File) rules(n *yaml.Node, vis visitor) error {
	if n.Kind != yaml.SequenceNode {
		return f.errorf(n, "rules: want a list of {name: <rule>, options: {...}}")
	}
	seen := map[string]bool{}
	for _, item := range n.Content {
		if item.Kind != yaml.MappingNode {
			return f.errorf(item, "rules: want {name: <rule>, options: {...}}")
		}
		var name, options *yaml.Node
		for i := 0; i+1 < len(item.Content); i += 2 {
			k, v := item.Content[i], item.Content[i+1]
			switch k.Value {
			case "name":
				name = v
			case "options":
				options = v
			default:
				return f.errorf(k, "rules: unknown key %q (keys: name, options)", k.Value)
			}
		}
		if name == nil || name.Kind != yaml.ScalarNode || name.Value == "" {
			return f.errorf(item, "rules: missing name")
		}
		if seen[name.Value] {
			return f.errorf(name, "rules: rule %q listed twice", name.Value)
		}
		seen[name.Value] = true
		if err := vis.rule(name, name.Value); err != nil {
			return err
		}
		if options == nil || options.Kind == yaml.ScalarNode && options.Tag == "!!null" {
			continue
		}
		if options.Kind != yaml.MappingNode {
			return f.errorf(options, "rules: options of %s: want a mapping of option to value", name.Value)
		}
		for i := 0; i+1 < len(options.Content); i += 2 {
			k, v := options.Content[i], options.Content[i+1]
			values, err := f.list(v, name.Value+"."+k.Value)
			if err != nil {
				return err
			}
			if err := vis.set(k, name.Value+"."+k.Value, values); err != nil {
				return err
			}
		}
	}
	return nil
}

// list returns the values of a scalar or a list of scalars.
func (f *File) list(n *yaml.Node, key string) ([]string, error) {
	switch n.Kind {
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return nil, nil
		}
		return []string{n.Value}, nil
	case yaml.SequenceNode:
		var out []string
		for _, x := range n.Content {
			if x.Kind != yaml.ScalarNode {
				return nil, f.errorf(x, "%s: want a value or a list of values", key)
			}
			out = append(out, x.Value)
		}
		return out, nil
	}
	return nil, f.errorf(n, "%s: want a value or a list of values", key)
}

// lookup finds the flag of a setting: its name, or, for a rule's option,
// the option spelled in another case (golangci-lint lower-cases keys, so
// the plugin accepts "maxdepth" for maxDepth, and so does the file).
func lookup(fs *flag.FlagSet, name string) *flag.Flag {
	if f := fs.Lookup(name); f != nil {
		return f
	}
	var found *flag.Flag
	fs.VisitAll(func(f *flag.Flag) {
		if found == nil && strings.EqualFold(f.Name, name) {
			found = f
		}
	})
	return found
}

// flagValues returns the values args give a list flag (-name=a,b or
// -name a,b), before the first package pattern.
func flagValues(args []string, name string) []string {
	var out []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" || !strings.HasPrefix(a, "-") {
			break
		}
		n, v, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if n != name {
			continue
		}
		if !hasValue && i+1 < len(args) {
			i++
			v = args[i]
		}
		out = append(out, strings.Split(v, ",")...)
	}
	return out
}
