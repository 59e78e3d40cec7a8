#!/bin/sh
# check-symtab.sh NM FIRST.ELF FINAL.ELF — fails if any text symbol moved between the first
# link (empty symbol table) and the final one, which would make the embedded table wrong.
set -eu
nm=$1
text() { "$nm" -n --defined-only "$1" | awk '$2 ~ /^[tTwW]$/ && $3 !~ /^(\.L|\$)/'; }
if ! text "$2" > "$3.syms-first" || ! text "$3" > "$3.syms-final" ||
   ! cmp -s "$3.syms-first" "$3.syms-final"; then
	echo "check-symtab: text symbols moved between the two kernel links:" >&2
	diff "$3.syms-first" "$3.syms-final" | head -20 >&2
	exit 1
fi
rm -f "$3.syms-first" "$3.syms-final"
