package harness

import (
	"bytes"
	"encoding/xml"
	"strings"
	"testing"
	"time"
)

// TestWriteJUnitShapes pins how each scenario status is written, from a
// result built by hand.
func TestWriteJUnitShapes(t *testing.T) {
	res := &Result{Duration: 3 * time.Second, Scenarios: []ScenarioResult{
		{
			Feature: "Alpha", File: "a.feature", Name: "passes", Status: StatusPassed,
			Duration: time.Second, Steps: []StepResult{{Text: "Given x", Status: "passed"}},
		},
		{
			Feature: "Alpha", File: "a.feature", Name: "fails", Status: StatusFailed, Duration: time.Second,
			Steps: []StepResult{
				{Text: "Given x", Status: "passed"},
				{Text: `Then "y" & <z>`, Status: "failed", Error: "boom\nSCIM exchanges: none"},
				{Text: "And w", Status: "skipped"},
			},
		},
		{
			Feature: "Beta", File: "b.feature", Name: "skips", Status: StatusSkipped, Reason: "needs the console",
			Steps: []StepResult{{Text: "Given x", Status: "skipped"}},
		},
	}}
	var buf bytes.Buffer
	if err := res.WriteJUnit(&buf); err != nil {
		t.Fatal(err)
	}
	var doc junitSuites
	if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("parse: %v\n%s", err, buf.String())
	}

	tests := []struct {
		name string
		got  any
		want any
	}{
		{"tests", doc.Tests, 3},
		{"failures", doc.Failures, 1},
		{"skipped", doc.Skipped, 1},
		{"suites", len(doc.Suites), 2},
		{"alpha cases", len(doc.Suites[0].Cases), 2},
		{"alpha time", doc.Suites[0].Time, "2.000"},
		{"passing case has no failure", doc.Suites[0].Cases[0].Failure == nil, true},
		{"failure message", doc.Suites[0].Cases[1].Failure.Message, `Then "y" & <z>: boom`},
		{"failure text keeps the journal", strings.Contains(doc.Suites[0].Cases[1].Failure.Text,
			"SCIM exchanges: none"), true},
		{"skip reason", doc.Suites[1].Cases[0].Skipped.Message, "needs the console"},
		{"classname is the feature", doc.Suites[1].Cases[0].Classname, "Beta"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %v, want %v", tt.name, tt.got, tt.want)
		}
	}
}

func TestResultOK(t *testing.T) {
	tests := []struct {
		name     string
		statuses []string
		want     bool
	}{
		{"all passed", []string{StatusPassed, StatusPassed}, true},
		{"one failed", []string{StatusPassed, StatusFailed}, false},
		{"passed and skipped", []string{StatusPassed, StatusSkipped}, true},
		{"nothing ran", []string{StatusSkipped}, false},
		{"empty", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var r Result
			for _, s := range tt.statuses {
				r.Scenarios = append(r.Scenarios, ScenarioResult{Status: s})
			}
			if got := r.OK(); got != tt.want {
				t.Errorf("OK() = %v, want %v", got, tt.want)
			}
		})
	}
}
