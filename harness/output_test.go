package harness

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/idpsim/idpsim/simulator/castai"
)

const outputFeature = `Feature: Console output
  Background:
    Given the Okta app "Cast AI" provisions users and groups to Cast AI
    And these people in Okta:
      | name        | email                 | title         | mobile phone    |
      | Alice Jones | alice.jones@acme.test | Platform Lead | +1 415 555 0101 |

  Scenario: A user arrives
    When an Okta admin assigns "Alice" to the app
    Then Cast AI has the user "Alice"

  Scenario: An admin action follows a failed outcome
    When an Okta admin assigns "Alice" to the app
    Then Cast AI stores no title or phone number for "Alice"
    When an Okta admin deactivates "Alice"
    Then Cast AI shows "Alice" as inactive
`

// TestOutputAgreesWithResult runs a feature against castsim with the
// store-title defect: one scenario passes, one fails at a Then that an admin
// action follows. godog's part of the output must tell the same story as the
// Result: one F and one "Error:" per failed scenario, never "Error: <nil>"
// (the steps after the failure are skipped, not failed), and only the
// harness's totals.
func TestOutputAgreesWithResult(t *testing.T) {
	var out bytes.Buffer
	cfg := Config{Output: &out, NoColor: true, Defects: []string{castai.DefectStoreTitle}}
	fsys := fstest.MapFS{"output.feature": {Data: []byte(outputFeature)}}
	res, err := run(t.Context(), cfg, runOptions{features: fsys})
	if err != nil {
		t.Fatal(err)
	}
	if res.Count(StatusPassed) != 1 || res.Count(StatusFailed) != 1 {
		res.WriteSummary(&out)
		t.Fatalf("want one passed and one failed scenario:\n%s", out.String())
	}
	checkOutput(t, &out, res)
}

var (
	progressRow  = regexp.MustCompile(`(?m)^[.F\-UPA]+ *\d+$`)
	godogTotals  = regexp.MustCompile(`(?m)^(\d+ (scenarios|steps) \(|No scenarios|No steps)`)
	harnessTotal = regexp.MustCompile(`(?m)^conformance: (\d+) scenarios: (\d+) passed, ` +
		`(\d+) failed, (\d+) skipped in `)
)

// checkOutput writes res's summary after godog's progress output in out and
// checks that they agree: every failed scenario has one F among the progress
// marks and one "Error:" with a message, and the only totals are the
// harness's, equal to the Result's counts.
func checkOutput(t *testing.T, out *bytes.Buffer, res *Result) {
	t.Helper()
	res.WriteSummary(out)
	text := out.String()
	failed := res.Count(StatusFailed)

	marks := strings.Join(progressRow.FindAllString(text, -1), "")
	if n := strings.Count(marks, "F"); n != failed {
		t.Errorf("%d F marks in godog's progress, want one per failed scenario (%d)", n, failed)
	}
	if n := strings.Count(text, "Error:"); n != failed {
		t.Errorf("%d \"Error:\" lines, want one per failed scenario (%d)", n, failed)
	}
	if strings.Contains(text, "Error: <nil>") {
		t.Error(`the output shows "Error: <nil>"`)
	}
	if m := godogTotals.FindString(text); m != "" {
		t.Errorf("godog's own totals are printed (%q); only the harness's should be", m)
	}
	m := harnessTotal.FindAllStringSubmatch(text, -1)
	want := []string{
		fmt.Sprint(len(res.Scenarios)), fmt.Sprint(res.Count(StatusPassed)),
		fmt.Sprint(failed), fmt.Sprint(res.Count(StatusSkipped)),
	}
	if len(m) != 1 || !slices.Equal(m[0][1:], want) {
		t.Errorf("harness totals %q, want one line with %q", m, want)
	}
	if t.Failed() {
		t.Logf("output:\n%s", text)
	}
}

// TestRandomSeedIsPrinted shuffles with a seed the harness picks and checks
// that the summary names it and that a second run with that seed runs the
// scenarios in the same order (one in 720 for six scenarios by chance).
func TestRandomSeedIsPrinted(t *testing.T) {
	var feature strings.Builder
	feature.WriteString(strings.Split(outputFeature, "  Scenario:")[0])
	for i := range 6 {
		fmt.Fprintf(&feature, "  Scenario: Arrival %d\n", i+1)
		feature.WriteString("    When an Okta admin assigns \"Alice\" to the app\n")
		feature.WriteString("    Then Cast AI has the user \"Alice\"\n\n")
	}
	fsys := fstest.MapFS{"shuffle.feature": {Data: []byte(feature.String())}}
	runOrder := func(seed int64) (*Result, []string) {
		t.Helper()
		var out bytes.Buffer
		cfg := Config{Output: &out, NoColor: true, Random: seed, Format: "pretty", Concurrency: 1}
		res, err := run(t.Context(), cfg, runOptions{features: fsys})
		if err != nil {
			t.Fatal(err)
		}
		if res.Count(StatusPassed) != 6 {
			t.Fatalf("want 6 passed scenarios:\n%s", out.String())
		}
		res.WriteSummary(&out)
		line := fmt.Sprintf("scenarios shuffled with seed %d (--random %d repeats the order)",
			res.Seed, res.Seed)
		if !strings.Contains(out.String(), line) {
			t.Errorf("summary lacks %q:\n%s", line, out.String())
		}
		if strings.Contains(out.String(), "Randomized with seed") {
			t.Errorf("godog's seed line repeats the summary's:\n%s", out.String())
		}
		return res, arrivalOrder.FindAllString(out.String(), -1)
	}
	first, order := runOrder(-1)
	if first.Seed <= 0 {
		t.Fatalf("seed %d, want a positive seed picked by the harness", first.Seed)
	}
	if len(order) != 6 {
		t.Fatalf("found %q in the pretty output, want six scenario titles", order)
	}
	again, reorder := runOrder(first.Seed)
	if again.Seed != first.Seed || !slices.Equal(reorder, order) {
		t.Errorf("seed %d ran %q, then seed %d ran %q", first.Seed, order, again.Seed, reorder)
	}
}

var arrivalOrder = regexp.MustCompile(`Arrival \d`)
