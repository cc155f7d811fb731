#!/bin/sh
# build.sh OUT — build golangci-lint $GCL_VERSION with the ginctxlint module
# plugin into OUT, from the module proxy alone.
#
# `golangci-lint custom` does the same but clones golangci-lint with git; this
# generates the wrapper module it would generate (golangci-lint's own
# cmd/golangci-lint/main.go, which only calls the public commands.Execute,
# plus a blank import of our plugin, with a replace to this checkout) next to
# OUT, and builds it.
#
# Two caches keep reruns cheap. OUT.key records a hash of everything the
# binary depends on (versions, our non-test sources, go.mod/go.sum); when it
# matches, nothing runs. When it does not, Go's build cache still holds
# golangci-lint and its ~300 dependencies, so only our packages recompile
# and the binary relinks: seconds instead of minutes.
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
		cat plugin/gcl/build.sh go.mod go.sum
		find . -name '*.go' -not -name '*_test.go' -not -path '*/testdata/*' \
			-not -path './bin/*' -not -path './.git/*' | LC_ALL=C sort | xargs cat
	} | sha256sum | cut -c1-32
)
if [ -x "$out" ] && [ "$(cat "$out.key" 2>/dev/null)" = "$key" ]; then
	echo "$out is up to date (golangci-lint $GCL_VERSION + ginctxlint)"
	exit 0
fi

gcl=$($GO mod download -json "github.com/golangci/golangci-lint/v2@$GCL_VERSION" |
	sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
[ -n "$gcl" ] || { echo "build.sh: cannot download golangci-lint $GCL_VERSION" >&2; exit 1; }

rm -rf "$work"
mkdir -p "$work"
cp "$gcl/cmd/golangci-lint/main.go" "$work/main.go"
chmod u+w "$work/main.go"
cat >"$work/plugins.go" <<GO
package main

import _ "github.com/ginctxlint/ginctxlint/plugin"
GO
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
# golangci-lint salts its analysis cache with the version string (unless
# it is "(devel)"), so the version carries the hash of our sources, as
# `golangci-lint custom` does: otherwise a changed plugin would be served
# the issues cached for the old one. main.date must be set too, or main.go
# replaces the version with the module's, "(devel)".
version=${GCL_VERSION#v}-custom-gcl-ginctxlint-$(echo "$key" | cut -c1-12)
$GO build -ldflags "-X main.version=$version -X main.date=$(date -u +%Y-%m-%dT%H:%M:%SZ)" -o "$out.tmp" .
mv "$out.tmp" "$out"
echo "$key" >"$out.key"
echo "built $out (golangci-lint $GCL_VERSION + ginctxlint)"
