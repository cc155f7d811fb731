#!/usr/bin/env bash
# run.sh: run ginctxlint on the field applications listed in apps.tsv,
# one at a time.
#
#   docs/field/run.sh OUTDIR [NAME...]
#
# Each application's repository must be fetched to
# $MIRROR/<owner>+<name>/repo (a bare git directory); its commit is
# materialised into $CORPUS/<name> (replaced if present), the prep
# command of apps.tsv runs in the module dir, then go mod download, then
# ginctxlint -json with $FLAGS; the JSON goes to OUTDIR/<name>.json and
# the command's stderr to OUTDIR/<name>.err. A repository with a go.work
# at its root (kept by the prep) is analysed in workspace mode.
#
# Environment: APPS (the list; default apps.tsv beside this script),
# GINCTXLINT (the binary; default ginctxlint on PATH),
# FLAGS (default: -disable=all -enable=shutdown), MIRROR (default
# /work/.mirror), CORPUS (default /work/corpus).
set -eu
out=${1:?usage: run.sh OUTDIR [NAME...]}
shift
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out"
out=$(cd "$out" && pwd)
bin=${GINCTXLINT:-$(command -v ginctxlint)}
flags=${FLAGS:--disable=all -enable=shutdown}
mirror=${MIRROR:-/work/.mirror}
corpus=${CORPUS:-/work/corpus}
apps=${APPS:-$here/apps.tsv}
grep -v '^#' "$apps" | while IFS='	' read -r name repo commit moddir prep; do
	if [ $# -gt 0 ]; then
		want=no
		for n in "$@"; do [ "$n" = "$name" ] && want=yes; done
		[ $want = yes ] || continue
	fi
	git_dir="$mirror/$(echo "$repo" | tr / +)/repo"
	dir="$corpus/$name"
	echo "== $name ($repo@$commit)" >&2
	rm -rf "$dir"
	mkdir -p "$dir"
	# A snapshot may lack its largest blobs (data files): leave them out
	# rather than cut the archive short.
	# Paths unquoted (core.quotePath=false) and read whole (a name may
	# hold spaces or non-ASCII letters).
	tree=$(git -c core.quotePath=false --git-dir="$git_dir" ls-tree -r "$commit")
	missing=$(printf '%s\n' "$tree" | awk '{print $3}' |
		git --git-dir="$git_dir" cat-file --batch-check='%(objectname) %(objecttype)' | awk '$2 == "missing" {print $1}')
	excludes=()
	# (every path of a missing object: one blob may stand at several; one
	# pass over the tree, not one per object and line)
	if [ -n "$missing" ]; then
		while IFS= read -r path; do
			excludes+=(":(exclude,literal)$path")
		done < <(printf '%s\n' "$tree" | awk -F'\t' -v missing="$(echo $missing)" '
			BEGIN { n = split(missing, m, " "); for (i = 1; i <= n; i++) gone[m[i]] = 1 }
			{ split($1, meta, " "); if (meta[3] in gone) print substr($0, length($1) + 2) }')
	fi
	git --git-dir="$git_dir" archive "$commit" -- . "${excludes[@]}" | tar -x -C "$dir"
	cd "$dir/$moddir"
	[ "$prep" = "-" ] || sh -c "$prep"
	# A vendored module builds from its vendor directory (some of its
	# versions may be gone from the proxy).
	mod=-mod=mod
	[ -d vendor ] && mod=-mod=vendor
	if [ -f "$dir/go.work" ] && [ $mod != -mod=vendor ]; then
		# A repository built as a workspace (a go.work at its root that
		# the prep keeps) is analysed as one, as its developers build it:
		# the other modules of the workspace are the user's code, with
		# facts. Each module's requirements are downloaded on its own
		# (the proxy download refuses workspace mode), and the linter
		# runs in workspace mode, which takes no -mod=mod.
		for m in $(GOTOOLCHAIN=local go list -m -f '{{.Dir}}' 2>/dev/null); do
			(cd "$m" && GOWORK=off GOFLAGS=-mod=mod GOTOOLCHAIN=local go mod download >/dev/null 2>&1) || echo "$name: go mod download failed in $m" >&2
		done
		GOTOOLCHAIN=local "$bin" -json $flags ./... >"$out/$name.json" 2>"$out/$name.err" || true
	else
		[ $mod = -mod=vendor ] || GOFLAGS=$mod GOTOOLCHAIN=local go mod download >/dev/null 2>&1 || echo "$name: go mod download failed" >&2
		# ginctxlint exits non-zero when it reports: not a failure of the run.
		GOFLAGS=$mod GOTOOLCHAIN=local GOWORK=off "$bin" -json $flags ./... >"$out/$name.json" 2>"$out/$name.err" || true
	fi
	cd - >/dev/null
done
