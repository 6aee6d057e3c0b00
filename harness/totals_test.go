package harness

import (
	"bytes"
	"testing"
)

// TestTotalsFilter feeds godog-shaped output through the filter, whole and
// a byte at a time (as the progress dots arrive), and checks that only
// godog's totals and the empty lines before them are gone.
func TestTotalsFilter(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{
			name: "progress, passing",
			in:   "..... 5\n\n\n3 scenarios (3 passed)\n5 steps (5 passed)\n12.5ms\n",
			want: "..... 5\n",
		},
		{
			name: "progress, failed steps",
			in: "..F-- 5\n\n\n--- Failed steps:\n\n  Scenario: x # a.feature:3\n" +
				"      Error: boom\n\n\n2 scenarios (1 passed, 1 failed)\n5 steps (2 passed, " +
				"1 failed, 2 skipped)\n1.2s\n",
			want: "..F-- 5\n\n\n--- Failed steps:\n\n  Scenario: x # a.feature:3\n" +
				"      Error: boom\n",
		},
		{
			name: "nothing ran",
			in:   "\nNo scenarios\nNo steps\n0s\n",
			want: "",
		},
		{
			name: "the seed goes: the summary names it",
			in:   "... 3\n\n1 scenarios (1 passed)\n3 steps (3 passed)\n1ms\n\nRandomized with seed: 7\n",
			want: "... 3\n",
		},
		{
			name: "a coloured seed goes too",
			in:   "... 3\n\nRandomized with seed: \x1b[33m42\x1b[0m\n",
			want: "... 3\n",
		},
		{
			name: "a line that only starts like the seed stays",
			in:   "Randomized with seed: none\nRandomized\n",
			want: "Randomized with seed: none\nRandomized\n",
		},
		{
			name: "body lines like totals stay",
			in: "12 users\n3 scenarios ran\nNo steps here\n\n" +
				"  1 scenarios (1 passed)\n1 scenarios (1 passed)\nnot a duration\n",
			want: "12 users\n3 scenarios ran\nNo steps here\n\n  1 scenarios (1 passed)\nnot a duration\n",
		},
		{
			name: "coloured totals go too",
			in: "\x1b[32m.\x1b[0m 1\n\n1 scenarios (\x1b[32m1 passed\x1b[0m)\n" +
				"1 steps (\x1b[32m1 passed\x1b[0m)\n2ms\n",
			want: "\x1b[32m.\x1b[0m 1\n",
		},
		{
			name: "an unfinished last line is kept",
			in:   "... 3\n12",
			want: "... 3\n12",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := filterTotals(t, []byte(tt.in), len(tt.in)); got != tt.want {
				t.Errorf("whole:\ngot  %q\nwant %q", got, tt.want)
			}
			if got := filterTotals(t, []byte(tt.in), 1); got != tt.want {
				t.Errorf("a byte at a time:\ngot  %q\nwant %q", got, tt.want)
			}
		})
	}
}

// TestTotalsFilterStreamsDots checks that progress dots are written at once,
// not held until the end of their row.
func TestTotalsFilterStreamsDots(t *testing.T) {
	var buf bytes.Buffer
	f := &totalsFilter{out: &buf}
	for i, chunk := range []string{".", ".", "F", "-"} {
		if _, err := f.Write([]byte(chunk)); err != nil {
			t.Fatal(err)
		}
		if buf.Len() != i+1 {
			t.Fatalf("after %d marks %q is written", i+1, buf.String())
		}
	}
}

func filterTotals(t *testing.T, in []byte, chunk int) string {
	t.Helper()
	var buf bytes.Buffer
	f := &totalsFilter{out: &buf}
	for len(in) > 0 {
		n := min(chunk, len(in))
		if w, err := f.Write(in[:n]); err != nil || w != n {
			t.Fatalf("write %q: %d, %v", in[:n], w, err)
		}
		in = in[n:]
	}
	f.flush()
	return buf.String()
}
