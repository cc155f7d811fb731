#!/bin/sh
# build.sh OUT — build golangci-lint $GCL_VERSION with the ginctxlint module
# plugin into OUT, from the module proxy alone.
#
# `golangci-lint custom` clones golangci-lint with git. This builds the
# wrapper module that docs/golangci-lint.md tells users to write instead:
# main.go.txt (a main that calls golangci-lint's public commands.Execute and
# blank-imports our plugin) and a go.mod that requires golangci-lint, with a
# replace to this checkout. It is generated next to OUT.
#
# Two caches keep reruns cheap. OUT.key records a hash of everything the
# binary depends on (versions, the files of ours that the plugin compiles
# and embeds, go.mod/go.sum); when it matches, nothing runs. When it does
# not, Go's build cache still holds golangci-lint and its ~300 dependencies,
# so only our packages recompile and the binary relinks: seconds instead of
# minutes.
set -eu

GO=${GO:-go}
GCL_VERSION=${GCL_VERSION:-v2.15.0}
root=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:?usage: build.sh OUT}
mkdir -p "$(dirname "$out")"
out=$(cd "$(dirname "$out")" && pwd)/$(basename "$out")
work=$out.module
export GOWORK=off GOFLAGS=-buildvcs=false

key=$(
	cd "$root"
	{
		echo "$GCL_VERSION"
		$GO version
		$GO env GOOS GOARCH CGO_ENABLED
		cat plugin/gcl/build.sh plugin/gcl/main.go.txt go.mod go.sum
		# Every file of ours compiled into the plugin, embedded ones too.
		$GO list -deps -f '{{if and .Module (eq .Module.Path "github.com/ginctxlint/ginctxlint")}}{{$d := .Dir}}{{range .GoFiles}}{{$d}}/{{.}}
{{end}}{{range .EmbedFiles}}{{$d}}/{{.}}
{{end}}{{end}}' ./plugin | LC_ALL=C sort | xargs cat
	} | sha256sum | cut -c1-32
)
if [ -x "$out" ] && [ "$(cat "$out.key" 2>/dev/null)" = "$key" ]; then
	echo "$out is up to date (golangci-lint $GCL_VERSION + ginctxlint)"
	exit 0
fi

rm -rf "$work"
mkdir -p "$work"
cp "$root/plugin/gcl/main.go.txt" "$work/main.go"
cat >"$work/go.mod" <<MOD
module ginctxlint.invalid/golangci-lint

go 1.26.0

require (
	github.com/golangci/golangci-lint/v2 $GCL_VERSION
	github.com/ginctxlint/ginctxlint v0.0.0
)

replace github.com/ginctxlint/ginctxlint => $root
MOD

cd "$work"
$GO mod tidy
# No -X main.version: main.go derives the version from the build info, and
# with our module replaced by a directory that is "(devel)", which makes
# golangci-lint salt its cache with the executable's hash: a changed plugin
# is never served issues cached for the old one.
$GO build -o "$out.tmp" .
mv "$out.tmp" "$out"
echo "$key" >"$out.key"
echo "built $out (golangci-lint $GCL_VERSION + ginctxlint)"
