package harness

import (
	"encoding/json"
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/idpsim/idpsim/simulator/castai"
)

const junitFeature = `Feature: JUnit reporting
  Background:
    Given the Okta app "Cast AI" provisions users and groups to Cast AI
    And these people in Okta:
      | name        | email                 | title         | mobile phone    |
      | Alice Jones | alice.jones@acme.test | Platform Lead | +1 415 555 0101 |

  Scenario: A user arrives
    When an Okta admin assigns "Alice" to the app
    Then Cast AI has the user "Alice"

  Scenario: No title in Cast AI
    When an Okta admin assigns "Alice" to the app
    Then Cast AI stores no title or phone number for "Alice"
    And Cast AI has the user "Alice"
`

// TestJUnitReportsFailures makes one scenario fail (castsim stores titles with
// the store-title defect) and reads the XML back as a CI system would: the
// failed scenario must be a failure naming its failing step and message, the
// passing one a plain testcase.
func TestJUnitReportsFailures(t *testing.T) {
	dir := t.TempDir()
	path, cucumber := filepath.Join(dir, "junit.xml"), filepath.Join(dir, "cucumber.json")
	cfg := Config{
		Output: io.Discard, NoColor: true, JUnitFile: path, CucumberFile: cucumber,
		Defects: []string{castai.DefectStoreTitle},
	}
	fsys := fstest.MapFS{"junit.feature": {Data: []byte(junitFeature)}}
	res, err := run(t.Context(), cfg, runOptions{features: fsys})
	if err != nil {
		t.Fatal(err)
	}
	if res.OK() {
		t.Fatal("the run passed; the store-title defect should fail one scenario")
	}
	checkCucumber(t, cucumber)
	doc := readJUnit(t, path)

	if doc.Tests != 2 || doc.Failures != 1 || len(doc.Suites) != 1 {
		t.Fatalf("testsuites: tests %d failures %d suites %d; want 2, 1, 1", doc.Tests, doc.Failures, len(doc.Suites))
	}
	suite := doc.Suites[0]
	if suite.Name != "JUnit reporting" || suite.Failures != 1 {
		t.Errorf("testsuite %q with %d failures; want %q with 1", suite.Name, suite.Failures, "JUnit reporting")
	}
	cases := map[string]junitCase{}
	for _, c := range suite.Cases {
		cases[c.Name] = c
	}
	if c := cases["A user arrives"]; c.Failure != nil || c.Skipped != nil {
		t.Errorf("the passing scenario is reported as %+v %+v", c.Failure, c.Skipped)
	}
	failed := cases["No title in Cast AI"]
	if failed.Failure == nil {
		t.Fatalf("the failing scenario has no <failure>: %+v", failed)
	}
	for _, want := range []string{
		`Then Cast AI stores no title or phone number for "Alice"`,
		"the Cast AI user Alice has title: Platform Lead",
	} {
		if !strings.Contains(failed.Failure.Message, want) {
			t.Errorf("failure message %q lacks %q", failed.Failure.Message, want)
		}
	}
	if !strings.Contains(failed.Failure.Text, "SCIM exchanges of this scenario") ||
		!strings.Contains(failed.Failure.Text, "POST /scim/v2/Users") {
		t.Errorf("failure text lacks the journal of SCIM exchanges:\n%s", failed.Failure.Text)
	}
}

// checkCucumber reads godog's Cucumber JSON of the same run: its failing
// step must be marked failed too.
func checkCucumber(t *testing.T, path string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var doc []struct {
		Elements []struct {
			Name  string `json:"name"`
			Steps []struct {
				Name   string `json:"name"`
				Result struct {
					Status string `json:"status"`
				} `json:"result"`
			} `json:"steps"`
		} `json:"elements"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatalf("parse cucumber json: %v", err)
	}
	statuses := map[string]string{}
	for _, f := range doc {
		for _, e := range f.Elements {
			for _, st := range e.Steps {
				statuses[e.Name+" / "+st.Name] = st.Result.Status
			}
		}
	}
	key := `No title in Cast AI / Cast AI stores no title or phone number for "Alice"`
	if statuses[key] != "failed" {
		t.Errorf("cucumber json marks %q as %q, want failed (all: %v)", key, statuses[key], statuses)
	}
}

func readJUnit(t *testing.T, path string) junitSuites {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var doc junitSuites
	if err := xml.Unmarshal(data, &doc); err != nil {
		t.Fatalf("parse junit: %v\n%s", err, data)
	}
	return doc
}
