# cases.sh — one result line per case for the board tests (sourced): case_line, then
# cases_done at the end, which prints the summary and fails if any case did.
n=0 failed=0

case_line() { # case_line OK NAME: "ok N NAME" when OK is 0, "not ok N NAME" otherwise
	n=$((n + 1))
	if [ "$1" = 0 ]; then echo "ok $n $2"; else echo "not ok $n $2"; failed=$((failed + 1)); fi
}

cases_done() { # cases_done TEST
	echo "$1: $n cases, $failed failed"
	[ $failed = 0 ]
}
