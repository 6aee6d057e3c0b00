package harness

import (
	"bufio"
	"bytes"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/cucumber/godog"

	"github.com/idpsim/idpsim/features"
	"github.com/idpsim/idpsim/harness/scimspec"
)

// TestFeatures runs every feature against the embedded target, each scenario
// a subtest (go test -v shows TestFeatures/<scenario>).
func TestFeatures(t *testing.T) {
	res, err := run(t.Context(), Config{Output: io.Discard, NoColor: true}, runOptions{testingT: t})
	if err != nil {
		t.Fatal(err)
	}
	if !res.OK() || res.Count(StatusSkipped) > 0 {
		var buf bytes.Buffer
		res.WriteSummary(&buf)
		t.Fatalf("the suite is not green against the embedded target:\n%s", buf.String())
	}
	if n := len(res.Scenarios); n < 40 {
		t.Errorf("ran %d scenarios, want every scenario of the features (at least 40)", n)
	}
}

// TestSCIMCheckListIsTheFeatureTable keeps the one list in one place: the
// Examples of 12_scim_protocol.feature name exactly the checks of scimspec,
// in the same order.
func TestSCIMCheckListIsTheFeatureTable(t *testing.T) {
	data, err := features.Files.ReadFile("12_scim_protocol.feature")
	if err != nil {
		t.Fatal(err)
	}
	var inFeature []string
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if !strings.HasPrefix(line, "|") {
			continue
		}
		cell := strings.TrimSpace(strings.Trim(line, "|"))
		if cell != "check" {
			inFeature = append(inFeature, cell)
		}
	}
	var inList []string
	for _, c := range scimspec.Checks() {
		inList = append(inList, c.Name)
	}
	if !slices.Equal(inFeature, inList) {
		t.Errorf("feature table and scimspec.Checks differ:\nfeature: %q\nchecks:  %q", inFeature, inList)
	}
}

// TestEveryOutcomeHasAScenario checks that each of the guide's outcomes (1–12
// of the harness issue) has its feature file with at least one scenario.
func TestEveryOutcomeHasAScenario(t *testing.T) {
	contents, titles, err := loadFeatures(nil)
	if err != nil {
		t.Fatal(err)
	}
	for outcome := 1; outcome <= 12; outcome++ {
		prefix := []byte{byte('0' + outcome/10), byte('0' + outcome%10), '_'}
		i := slices.IndexFunc(contents, func(f godog.Feature) bool { return strings.HasPrefix(f.Name, string(prefix)) })
		if i < 0 {
			t.Errorf("outcome %d: no feature file %s*.feature", outcome, prefix)
			continue
		}
		f := contents[i]
		if !bytes.Contains(f.Contents, []byte("Scenario")) || titles[f.Name] == "" {
			t.Errorf("outcome %d: %s has no title or no scenario", outcome, f.Name)
		}
	}
}
