// Package nogo exposes ginctxlint to Bazel's rules_go nogo, which links
// every package listed in a nogo target's deps into one binary and runs
// the package-level variable named Analyzer of each (see docs/scaling.md):
//
//	nogo(
//	    name = "nogo",
//	    deps = ["@com_github_ginctxlint_ginctxlint//nogo"],
//	    config = ":nogo_config.json",
//	    visibility = ["//visibility:public"],
//	)
//
// The configuration's key is the analyzer's name, "ginctxlint"; its
// analyzer_flags are the command's flags without the dash ("disable":
// "goexit", "gorecover.strict": "true").
//
// Analyzer is the one package-level variable of ginctxlint, because nogo
// requires it; everything else builds analyzers with analyzer.New.
package nogo

import "github.com/ginctxlint/ginctxlint/analyzer"

// Analyzer runs every default ginctxlint rule.
var Analyzer = analyzer.New()
